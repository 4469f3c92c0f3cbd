/* count_entries VMLINUX — an independent count of the function entries ksurf
 * should find: walking every non-Rust compile unit through compile units,
 * lexical blocks, subprograms and inlined subroutines, each named subprogram
 * DIE that is not an out-of-line copy (no DW_AT_abstract_origin) is one
 * function; external ones count once per name, static ones once per (name,
 * unit name as written).  Names starting __compiletime_assert_ are left out.
 * Prints "ENTRIES EXTERNAL STATIC".  Uses libdw directly, nothing of ksurf's. */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *keys; /* tsearch tree of "e NAME" / "s UNIT NAME" strings */
static size_t n_external, n_static;

static void note(const char *unit, Dwarf_Die *die)
{
	const char *name = dwarf_diename(die);
	if (!name || !strncmp(name, "__compiletime_assert_", 21))
		return;
	Dwarf_Attribute a;
	bool ext = false;
	if (dwarf_attr(die, DW_AT_external, &a))
		dwarf_formflag(&a, &ext);
	size_t len = strlen(name) + strlen(unit) + 4;
	char *k = malloc(len);
	if (ext)
		snprintf(k, len, "e %s", name);
	else
		snprintf(k, len, "s %s %s", unit, name);
	char **found = tsearch(k, &keys, (int (*)(const void *, const void *))strcmp);
	if (*found != k) {
		free(k);
		return;
	}
	if (ext)
		n_external++;
	else
		n_static++;
}

static void walk(const char *unit, Dwarf_Die *parent, int depth)
{
	Dwarf_Die c;
	if (depth > 256 || dwarf_child(parent, &c) != 0)
		return;
	do {
		int tag = dwarf_tag(&c);
		if (tag == DW_TAG_subprogram && !dwarf_hasattr(&c, DW_AT_abstract_origin))
			note(unit, &c);
		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
		    tag == DW_TAG_lexical_block)
			walk(unit, &c, depth + 1);
	} while (dwarf_siblingof(&c, &c) == 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: count_entries VMLINUX\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	Dwarf *dw = fd < 0 ? NULL : dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		fprintf(stderr, "count_entries: %s: %s\n", argv[1], dwarf_errmsg(-1));
		return 2;
	}
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_tag(&cu) == DW_TAG_compile_unit &&
		    dwarf_srclang(&cu) != 0x1c /* Rust */) {
			const char *unit = dwarf_diename(&cu);
			walk(unit ? unit : "", &cu, 0);
		}
		off = next;
	}
	printf("%zu %zu %zu\n", n_external + n_static, n_external, n_static);
	dwarf_end(dw);
	close(fd);
	return 0;
}
