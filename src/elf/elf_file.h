/* elf_file.h — an ELF image opened for reading: one private mapping, bounds-checked access. */
#ifndef KSURF_ELF_ELF_FILE_H
#define KSURF_ELF_ELF_FILE_H
#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hindex;

struct ks_elf {
	const char *path; /* as errors name it (a package's member: PKG:MEMBER) */
	const char *file; /* the file on disk, for tools run on it (pahole); NULL: none */
	unsigned char *map;
	size_t size;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	Elf_Scn *symtab; /* NULL when the image has none */
	bool has_dwarf;  /* a non-empty .debug_info */
	bool has_btf;
	/* RELATIVE relocations of .rela.dyn: address -> addend (loaded on first use) */
	bool relocs_loaded;
	struct hindex *relocs;
	uint64_t *reloc_addrs, *reloc_addends;
};

/* Open PATH; on failure print one error line naming it and return -1. */
int ks_elf_open(const char *path, struct ks_elf *ef);
/* Open the ELF file FD (not closed), named PATH in errors, at FILE on disk. */
int ks_elf_open_fd(int fd, const char *path, const char *file, struct ks_elf *ef);
/* Open an image already in memory: MAP (SIZE bytes, from mmap) is EF's from
 * now on, unmapped by ks_elf_close; EF->file stays NULL. */
int ks_elf_open_memory(void *map, size_t size, const char *path, struct ks_elf *ef);
void ks_elf_close(struct ks_elf *ef);

/* Map the named sections' pages now, in one call each (NULL-terminated list). */
void ks_elf_prefault(struct ks_elf *ef, const char *const *names);

/* Another libelf handle over the same mapping (one per thread). */
Elf *ks_elf_clone(struct ks_elf *ef);

Elf_Scn *ks_elf_section(struct ks_elf *ef, const char *name, GElf_Shdr *shdr);
const char *ks_elf_section_name(struct ks_elf *ef, size_t index);

/*
 * Bytes at virtual address ADDR (LEN of them) inside an allocated section
 * with file contents; NULL when out of any section or past its end.
 */
const unsigned char *ks_elf_vaddr_bytes(struct ks_elf *ef, uint64_t addr, size_t len,
					size_t *avail);

/* Pointer size of the image (8 or 4), from the ELF class. */
unsigned ks_elf_ptr_size(const struct ks_elf *ef);

/*
 * An unsigned integer of SIZE bytes (1, 2, 4 or 8) at virtual address ADDR, in
 * the image's byte order; false when ADDR is outside every allocated section.
 * For a pointer (SIZE == pointer size) a RELATIVE relocation of .rela.dyn at
 * ADDR gives the value instead (arm64, s390: such pointers are 0 in the bytes).
 */
bool ks_elf_read_uint(struct ks_elf *ef, uint64_t addr, unsigned size, uint64_t *out);
/* The NUL-terminated string at ADDR; NULL when outside a section or unterminated. */
const char *ks_elf_read_cstr(struct ks_elf *ef, uint64_t addr);

/* Architecture name (Debian style) for the ELF header, or NULL (elf/arch.c). */
const char *ks_elf_arch(struct ks_elf *ef);

#endif
