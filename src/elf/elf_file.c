#include "elf/elf_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/input_file.h"
#include "util/hash.h"
#include "util/xalloc.h"

static int open_mapped(struct ks_elf *ef);

int ks_elf_open(const char *path, struct ks_elf *ef)
{
	int fd = input_open(path);
	if (fd < 0)
		return -1;
	int rc = ks_elf_open_fd(fd, path, path, ef);
	close(fd);
	return rc;
}

int ks_elf_open_fd(int fd, const char *path, const char *file, struct ks_elf *ef)
{
	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->file = file;
	elf_version(EV_CURRENT);
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ks_error("%s: not a regular file", path);
		return -1;
	}
	if (st.st_size < EI_NIDENT) {
		ks_error("%s: not an ELF file (too short)", path);
		return -1;
	}
	ef->size = (size_t)st.st_size;
	/* Private and writable so that libelf may convert in place; never written back. */
	ef->map = mmap(NULL, ef->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (ef->map == MAP_FAILED) {
		ef->map = NULL;
		ks_error("%s: cannot map: %s", path, strerror(errno));
		return -1;
	}
	return open_mapped(ef);
}

int ks_elf_open_memory(void *map, size_t size, const char *path, struct ks_elf *ef)
{
	memset(ef, 0, sizeof(*ef));
	ef->path = path;
	ef->map = map;
	ef->size = size;
	elf_version(EV_CURRENT);
	if (size < EI_NIDENT) {
		ks_error("%s: not an ELF file (too short)", path);
		ks_elf_close(ef);
		return -1;
	}
	return open_mapped(ef);
}

/* Check and index the mapped image EF->map; closes EF on failure. */
static int open_mapped(struct ks_elf *ef)
{
	const char *path = ef->path;
	if (memcmp(ef->map, ELFMAG, SELFMAG) != 0) {
		ks_error("%s: not an ELF file", path);
		goto fail;
	}
	ef->elf = ks_elf_clone(ef);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF || !gelf_getehdr(ef->elf, &ef->ehdr)) {
		ks_error("%s: malformed ELF: %s", path, elf_errmsg(-1));
		goto fail;
	}
	size_t shnum = 0;
	if (elf_getshdrnum(ef->elf, &shnum) < 0 || ef->ehdr.e_shoff > ef->size ||
	    (uint64_t)shnum * ef->ehdr.e_shentsize > ef->size - ef->ehdr.e_shoff) {
		ks_error("%s: truncated: section headers end past the end of the file", path);
		goto fail;
	}
	if (elf_getshdrstrndx(ef->elf, &ef->shstrndx) < 0) {
		ks_error("%s: malformed ELF section headers: %s", path, elf_errmsg(-1));
		goto fail;
	}
	/* Section names come from there: a bad index would make every lookup
	 * miss, and the image look like one without DWARF or symbols. */
	GElf_Shdr strsh;
	Elf_Scn *strscn = elf_getscn(ef->elf, ef->shstrndx);
	if (ef->shstrndx == SHN_UNDEF || ef->shstrndx >= shnum || !strscn || !gelf_getshdr(strscn, &strsh) ||
	    strsh.sh_type != SHT_STRTAB) {
		ks_error("%s: malformed ELF header: e_shstrndx %zu is not a string table among its %zu "
			 "sections", path, ef->shstrndx, shnum);
		goto fail;
	}
	/* Every section with contents must lie inside the file (truncation). */
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh)) {
			ks_error("%s: malformed section header: %s", path, elf_errmsg(-1));
			goto fail;
		}
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > ef->size || sh.sh_size > ef->size - sh.sh_offset)) {
			char num[32];
			const char *sn = ks_elf_section_name(ef, elf_ndxscn(scn));
			snprintf(num, sizeof(num), "number %zu", elf_ndxscn(scn));
			ks_error("%s: truncated: section %s ends past the end of the file", path,
				 *sn ? sn : num);
			goto fail;
		}
		const char *name = ks_elf_section_name(ef, elf_ndxscn(scn));
		/* libdw hands out strings of these sections without checking that
		 * they end: the last one must, or a reader runs off the section */
		if ((!strcmp(name, ".debug_str") || !strcmp(name, ".debug_line_str")) &&
		    sh.sh_type != SHT_NOBITS && !(sh.sh_flags & SHF_COMPRESSED) && sh.sh_size > 0 &&
		    ef->map[sh.sh_offset + sh.sh_size - 1] != 0) {
			ks_error("%s: malformed DWARF: section %s does not end with a NUL (its last string is cut)",
				 path, name);
			goto fail;
		}
		if (sh.sh_type == SHT_SYMTAB)
			ef->symtab = scn;
		else if (!strcmp(name, ".debug_info") && sh.sh_size > 0)
			ef->has_dwarf = true;
		else if (!strcmp(name, ".BTF") && sh.sh_size > 0)
			ef->has_btf = true;
	}
	return 0;
fail:
	ks_elf_close(ef);
	return -1;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif

void ks_elf_prefault(struct ks_elf *ef, const char *const *names)
{
	long page = sysconf(_SC_PAGESIZE);
	for (const char *const *n = names; *n; n++) {
		GElf_Shdr sh;
		if (!ks_elf_section(ef, *n, &sh) || sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
			continue;
		uintptr_t start = ((uintptr_t)ef->map + sh.sh_offset) & ~(uintptr_t)(page - 1);
		uintptr_t end = (uintptr_t)ef->map + sh.sh_offset + sh.sh_size;
		/* One call maps the whole range instead of a page fault per page. */
		if (madvise((void *)start, end - start, MADV_POPULATE_READ) < 0)
			madvise((void *)start, end - start, MADV_WILLNEED);
	}
}

void ks_elf_close(struct ks_elf *ef)
{
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->map)
		munmap(ef->map, ef->size);
	ef->elf = NULL;
	ef->map = NULL;
	if (ef->relocs) {
		hindex_free(ef->relocs);
		free(ef->relocs);
	}
	free(ef->reloc_addrs);
	free(ef->reloc_addends);
	ef->relocs = NULL;
	ef->reloc_addrs = ef->reloc_addends = NULL;
	ef->relocs_loaded = false;
}

Elf *ks_elf_clone(struct ks_elf *ef)
{
	return elf_memory((char *)ef->map, ef->size);
}

const char *ks_elf_section_name(struct ks_elf *ef, size_t index)
{
	Elf_Scn *scn = elf_getscn(ef->elf, index);
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh))
		return "";
	const char *name = elf_strptr(ef->elf, ef->shstrndx, sh.sh_name);
	return name ? name : "";
}

Elf_Scn *ks_elf_section(struct ks_elf *ef, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			continue;
		const char *n = elf_strptr(ef->elf, ef->shstrndx, sh.sh_name);
		if (n && !strcmp(n, name)) {
			if (shdr)
				*shdr = sh;
			return scn;
		}
	}
	return NULL;
}

const unsigned char *ks_elf_vaddr_bytes(struct ks_elf *ef, uint64_t addr, size_t len,
					size_t *avail)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    sh.sh_type == SHT_NOBITS)
			continue;
		if (addr < sh.sh_addr || addr - sh.sh_addr >= sh.sh_size)
			continue;
		uint64_t off = addr - sh.sh_addr;
		if (sh.sh_size - off < len)
			return NULL;
		if (avail)
			*avail = (size_t)(sh.sh_size - off);
		return ef->map + sh.sh_offset + off;
	}
	return NULL;
}

unsigned ks_elf_ptr_size(const struct ks_elf *ef)
{
	return ef->ehdr.e_ident[EI_CLASS] == ELFCLASS64 ? 8 : 4;
}

/* R_*_RELATIVE of the architectures whose kernels keep pointers there. */
static bool is_relative(unsigned machine, uint64_t type)
{
	switch (machine) {
	case EM_AARCH64: return type == 1027; /* R_AARCH64_RELATIVE */
	case EM_S390: return type == 12;      /* R_390_RELATIVE */
	case EM_X86_64: return type == 8;     /* R_X86_64_RELATIVE */
	case EM_PPC64: return type == 22;     /* R_PPC64_RELATIVE */
	case EM_RISCV: return type == 3;      /* R_RISCV_RELATIVE */
	default: return false;
	}
}

static void load_relocs(struct ks_elf *ef)
{
	ef->relocs_loaded = true;
	GElf_Shdr sh;
	Elf_Scn *scn = ks_elf_section(ef, ".rela.dyn", &sh);
	Elf_Data *d = scn && sh.sh_type == SHT_RELA ? elf_getdata(scn, NULL) : NULL;
	if (!d || !sh.sh_entsize)
		return;
	size_t n = sh.sh_size / sh.sh_entsize;
	ef->relocs = xcalloc(1, sizeof(*ef->relocs));
	ef->reloc_addrs = xmalloc((n ? n : 1) * sizeof(uint64_t));
	ef->reloc_addends = xmalloc((n ? n : 1) * sizeof(uint64_t));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		if (!gelf_getrela(d, (int)i, &r))
			break;
		uint64_t type = ks_elf_ptr_size(ef) == 8 ? GELF_R_TYPE(r.r_info) : ELF32_R_TYPE(r.r_info);
		if (!is_relative(ef->ehdr.e_machine, type))
			continue;
		ef->reloc_addrs[k] = r.r_offset;
		ef->reloc_addends[k] = (uint64_t)r.r_addend;
		hindex_insert(ef->relocs, hash_mix(r.r_offset, 0x4e), (uint32_t)k);
		k++;
	}
}

bool ks_elf_read_uint(struct ks_elf *ef, uint64_t addr, unsigned size, uint64_t *out)
{
	if (size == ks_elf_ptr_size(ef)) {
		if (!ef->relocs_loaded)
			load_relocs(ef);
		if (ef->relocs) {
			uint64_t h = hash_mix(addr, 0x4e);
			for (uint32_t *p = hindex_first(ef->relocs, h); p; p = hindex_next(ef->relocs, h, p))
				if (ef->reloc_addrs[*p] == addr) {
					*out = ef->reloc_addends[*p];
					return true;
				}
		}
	}
	const unsigned char *p = ks_elf_vaddr_bytes(ef, addr, size, NULL);
	if (!p || size == 0 || size > 8)
		return false;
	bool be = ef->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[be ? size - 1 - i : i] << (8 * i);
	*out = v;
	return true;
}

const char *ks_elf_read_cstr(struct ks_elf *ef, uint64_t addr)
{
	size_t avail = 0;
	const unsigned char *p = ks_elf_vaddr_bytes(ef, addr, 1, &avail);
	if (!p || !memchr(p, '\0', avail))
		return NULL;
	return (const char *)p;
}
