/*
 * The .debug_line file-table reader (src/dwarf/line_files.c).
 *
 * Without arguments: hand-assembled headers (DWARF 4 and 5, both byte
 * orders, 64-bit DWARF) and malformed ones.  With ELF files as arguments
 * (tests/test_unit.py passes a gcc-built fixture, tests/real/run.sh a real
 * vmlinux): every unit's table must give the paths libdw's dwarf_filesrc gives,
 * one test per file.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "dwarf/line_files.h"
#include "util/vec.h"

static void check(int ok, const char *what)
{
	tap_ok(ok, "line_files: %s", what);
}

/* tests/real/run.sh counts PASS/FAIL lines: the verdict on a file is printed
 * that way too (a line a TAP reader passes over). */
__attribute__((format(printf, 2, 3))) static void verdict(int ok, const char *fmt, ...)
{
	char what[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	tap_ok(ok, "line_files: %s", what);
	printf("%s: line_files: %s\n", ok ? "PASS" : "FAIL", what);
	fflush(stdout);
}

/* A header under construction. */
struct hb {
	unsigned char b[512];
	size_t n;
	int be;
};

static void put(struct hb *h, uint64_t v, int size)
{
	for (int i = 0; i < size; i++)
		h->b[h->n + (h->be ? size - 1 - i : i)] = (unsigned char)(v >> (8 * i));
	h->n += (size_t)size;
}

static void puts_(struct hb *h, const char *s)
{
	memcpy(h->b + h->n, s, strlen(s) + 1);
	h->n += strlen(s) + 1;
}

/* unit_length and header_length patched after the body (32-bit DWARF). */
static void finish(struct hb *h, size_t hdr_len_at, size_t hdr_start)
{
	size_t total = h->n - 4;
	size_t hdr = h->n - hdr_start;
	struct hb t = { .be = h->be };
	put(&t, total, 4);
	memcpy(h->b, t.b, 4);
	t.n = 0;
	put(&t, hdr, 4);
	memcpy(h->b + hdr_len_at, t.b, 4);
}

static void v4_header(struct hb *h, int be, unsigned bad_dir)
{
	memset(h, 0, sizeof(*h));
	h->be = be;
	put(h, 0, 4);  /* unit_length */
	put(h, 4, 2);  /* version */
	size_t hl = h->n;
	put(h, 0, 4);  /* header_length */
	size_t hs = h->n;
	put(h, 1, 1);  /* min_inst_length */
	put(h, 1, 1);  /* max_ops */
	put(h, 1, 1);  /* default_is_stmt */
	put(h, 0xfb, 1); /* line_base */
	put(h, 14, 1); /* line_range */
	put(h, 13, 1); /* opcode_base */
	for (int i = 0; i < 12; i++)
		put(h, 0, 1);
	puts_(h, "include/linux");
	puts_(h, "/usr/include");
	put(h, 0, 1);
	puts_(h, "mm/alpha.c");
	put(h, 0, 1); put(h, 0, 1); put(h, 0, 1);
	puts_(h, "fixture.h");
	put(h, bad_dir ? bad_dir : 1, 1); put(h, 0, 1); put(h, 0, 1);
	puts_(h, "/abs/stddef.h");
	put(h, 2, 1); put(h, 0, 1); put(h, 0, 1);
	put(h, 0, 1);
	finish(h, hl, hs);
}

static void v5_header(struct hb *h, const unsigned char **line_str, size_t *line_str_len)
{
	static const char ls[] = "/src/linux\0mm\0alpha.c\0";
	*line_str = (const unsigned char *)ls;
	*line_str_len = sizeof(ls);
	memset(h, 0, sizeof(*h));
	put(h, 0, 4);
	put(h, 5, 2);
	put(h, 8, 1); /* address_size */
	put(h, 0, 1); /* seg_sel_size */
	size_t hl = h->n;
	put(h, 0, 4);
	size_t hs = h->n;
	put(h, 1, 1); put(h, 1, 1); put(h, 1, 1); put(h, 0xfb, 1); put(h, 14, 1);
	put(h, 13, 1);
	for (int i = 0; i < 12; i++)
		put(h, 0, 1);
	put(h, 1, 1); /* directory formats: path line_strp */
	put(h, DW_LNCT_path, 1); put(h, DW_FORM_line_strp, 1);
	put(h, 2, 1); /* two directories */
	put(h, 0, 4);  /* "/src/linux" */
	put(h, 11, 4); /* "mm" */
	put(h, 3, 1); /* file formats: path string, dir udata, md5 data16 */
	put(h, DW_LNCT_path, 1); put(h, DW_FORM_string, 1);
	put(h, DW_LNCT_directory_index, 1); put(h, DW_FORM_udata, 1);
	put(h, DW_LNCT_MD5, 1); put(h, DW_FORM_data16, 1);
	put(h, 2, 1); /* two files */
	puts_(h, "mm/alpha.c"); put(h, 0, 1);
	for (int i = 0; i < 16; i++)
		put(h, 0xaa, 1);
	puts_(h, "gfp.h"); put(h, 1, 1);
	for (int i = 0; i < 16; i++)
		put(h, 0xbb, 1);
	finish(h, hl, hs);
}

static const char *path_of(const line_file_vec *v, size_t i, char *buf)
{
	return i < v->n ? line_file_path(&v->v[i], buf, 4096) : NULL;
}

static void synthetic(void)
{
	struct hb h;
	line_file_vec v = { 0 };
	char buf[4096];
	for (int be = 0; be <= 1; be++) {
		v4_header(&h, be, 0);
		struct line_sections ls = { .line = h.b, .line_len = h.n, .big_endian = be };
		check(line_files_read(&ls, 0, "/build/linux", &v) == 0 && v.n == 4,
		      be ? "DWARF 4 big-endian: 3 files after the ??? slot" : "DWARF 4: 3 files after the ??? slot");
		CHECK_STR(path_of(&v, 1, buf), "/build/linux/mm/alpha.c");
		CHECK_STR(path_of(&v, 2, buf), "include/linux/fixture.h");
		CHECK_STR(path_of(&v, 3, buf), "/abs/stddef.h");
		check(line_files_read(&ls, 0, NULL, &v) == 0, "DWARF 4 without comp_dir");
		CHECK_STR(path_of(&v, 1, buf), "mm/alpha.c");
	}
	v4_header(&h, 0, 9);
	struct line_sections ls = { .line = h.b, .line_len = h.n };
	check(line_files_read(&ls, 0, "/b", &v) < 0, "directory index out of range is rejected");
	v4_header(&h, 0, 0);
	int accepted = 0;
	for (size_t cut = 0; cut < h.n; cut++) {
		ls.line_len = cut;
		accepted += line_files_read(&ls, 0, "/b", &v) == 0;
	}
	check(accepted == 0, "every truncation of a DWARF 4 header is rejected");
	ls.line_len = h.n;
	check(line_files_read(&ls, h.n + 5, "/b", &v) < 0, "offset past the section is rejected");
	h.b[h.n - 1] = 'x'; /* the final terminator of the file table is gone */
	h.b[h.n - 2] = 'x';
	check(line_files_read(&ls, 0, "/b", &v) < 0, "unterminated file table is rejected");

	const unsigned char *lstr;
	size_t lstr_len;
	v5_header(&h, &lstr, &lstr_len);
	struct line_sections l5 = { .line = h.b, .line_len = h.n, .line_str = lstr,
				    .line_str_len = lstr_len };
	check(line_files_read(&l5, 0, "/ignored", &v) == 0 && v.n == 2, "DWARF 5: two files");
	CHECK_STR(path_of(&v, 0, buf), "/src/linux/mm/alpha.c");
	CHECK_STR(path_of(&v, 1, buf), "mm/gfp.h");
	l5.line_str_len = 5; /* "mm" now lies outside .debug_line_str */
	check(line_files_read(&l5, 0, NULL, &v) < 0, "string offset past .debug_line_str is rejected");
	vec_free(&v);
}

/* Every unit of PATH: our table against dwarf_getsrcfiles/dwarf_filesrc. */
static void compare_with_libdw(const char *path)
{
	int fd = open(path, O_RDONLY);
	Elf *elf = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	Dwarf *dw = elf ? dwarf_begin_elf(elf, DWARF_C_READ, NULL) : NULL;
	if (!dw) {
		verdict(0, "cannot read DWARF of %s", path);
		return;
	}
	struct line_sections ls = { 0 };
	GElf_Ehdr eh;
	gelf_getehdr(elf, &eh);
	ls.big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	size_t shstrndx;
	elf_getshdrstrndx(elf, &shstrndx);
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		Elf_Data *d = elf_rawdata(scn, NULL);
		if (!name || !d)
			continue;
		if (!strcmp(name, ".debug_line")) {
			ls.line = d->d_buf;
			ls.line_len = d->d_size;
		} else if (!strcmp(name, ".debug_line_str")) {
			ls.line_str = d->d_buf;
			ls.line_str_len = d->d_size;
		} else if (!strcmp(name, ".debug_str")) {
			ls.str = d->d_buf;
			ls.str_len = d->d_size;
		}
	}
	size_t units = 0, files = 0, bad = 0;
	line_file_vec v = { 0 };
	char buf[4096];
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	while (dwarf_get_units(dw, cu, &cu, NULL, NULL, &cudie, NULL) == 0) {
		Dwarf_Attribute a;
		Dwarf_Word off;
		if (!dwarf_attr(&cudie, DW_AT_stmt_list, &a) || dwarf_formudata(&a, &off) != 0)
			continue;
		const char *comp_dir = dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &a));
		Dwarf_Files *df;
		size_t n;
		if (dwarf_getsrcfiles(&cudie, &df, &n) != 0)
			continue;
		units++;
		if (line_files_read(&ls, off, comp_dir, &v) < 0 || v.n != n) {
			if (bad++ < 3)
				tap_diag("%s unit %#llx: %zu files, libdw %zu", path,
					 (unsigned long long)dwarf_dieoffset(&cudie), v.n, n);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			const char *want = dwarf_filesrc(df, i, NULL, NULL);
			const char *got = line_file_path(&v.v[i], buf, sizeof(buf));
			files++;
			if (!want || !got || strcmp(want, got)) {
				if (bad++ < 3)
					tap_diag("%s file %zu: \"%s\", libdw \"%s\"", path, i,
						 got ? got : "(null)", want ? want : "(null)");
			}
		}
	}
	verdict(bad == 0 && units > 0, "%s: %zu units, %zu files as libdw has them (%zu differ)", path,
		units, files, bad);
	vec_free(&v);
	dwarf_end(dw);
	elf_end(elf);
	close(fd);
}

int main(int argc, char **argv)
{
	elf_version(EV_CURRENT);
	tap_plan(argc == 1 ? 20 : argc - 1);
	if (argc == 1)
		synthetic();
	for (int i = 1; i < argc; i++)
		compare_with_libdw(argv[i]);
	return tap_done();
}
