/* line_files.h — the file-name table of a unit's .debug_line header.
 *
 * libdw 0.188's dwarf_getsrcfiles decodes the whole line-number program (every
 * row of every unit) to return the file names, which costs ksurf a third of its
 * DWARF walk; ksurf needs only the header.  This reader parses the header's
 * directory and file tables (DWARF 2-5, either byte order, 32- and 64-bit
 * DWARF) and gives the paths dwarf_filesrc would give, so results are the
 * same; on anything it does not support it fails and the caller uses libdw.
 */
#ifndef KSURF_DWARF_LINE_FILES_H
#define KSURF_DWARF_LINE_FILES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/vec.h"

struct line_sections {
	const unsigned char *line, *line_str, *str;
	size_t line_len, line_str_len, str_len;
	bool big_endian;
};

/* One file-table slot: the path is NAME when absolute or DIR is NULL, else DIR/NAME. */
struct line_file {
	const char *dir;
	const char *name;
};

typedef VEC(struct line_file) line_file_vec;

/*
 * Read the file table of the line program at OFFSET into OUT (cleared first),
 * indexed as DW_AT_decl_file values are.  COMP_DIR is the unit's DW_AT_comp_dir
 * (directory 0 before DWARF 5).  Returns 0, or -1 for a malformed or
 * unsupported header.  Strings point into the sections.
 */
int line_files_read(const struct line_sections *secs, uint64_t offset, const char *comp_dir,
		    line_file_vec *out);

/* The path of F into BUF (size N); returns BUF, or NULL when it does not fit. */
const char *line_file_path(const struct line_file *f, char *buf, size_t n);

#endif
