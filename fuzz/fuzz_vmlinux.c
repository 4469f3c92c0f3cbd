/* fuzz_vmlinux.c — libFuzzer target: a vmlinux from its bytes (src/elf: the
 * mapped ELF, section table, .symtab, identity from linux_banner and
 * .comment; src/dwarf: the function walk, line headers, path normalization;
 * src/decode: the system call table, tracepoints; function groups).  Types
 * are left out (they come from libbpf or pahole, fuzzed in fuzz_btf).  Seeds:
 * the gcc-built fixture images. */
#include <stdlib.h>

#include "elf/elf_file.h"
#include "image/image.h"
#include "surface/surface.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{

	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *m = fuzz_mapping(data, size);
	if (!m)
		return 0;
	struct ks_elf ef;
	if (ks_elf_open_memory(m, size, "fuzz", &ef) < 0)
		return 0; /* closed (and unmapped) on failure */
	struct ks_surface s;
	memset(&s, 0, sizeof(s));
	struct image_opts o = { .name = "fuzz", .jobs = 1, .no_types = true };
	image_read_vmlinux(&ef, &o, &s);
	surface_free(&s);
	ks_elf_close(&ef);
	return 0;
}
