/* text_table.h — columns of text aligned by display width (∅ and Δ are one
 * column, not two bytes; colour escapes none), for the text views of `list`,
 * `index`, `stats` and `check`. */
#ifndef KSURF_UTIL_TEXT_TABLE_H
#define KSURF_UTIL_TEXT_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"
#include "util/vec.h"

/* A line of its own between rows: printed before the cell at BEFORE. */
struct text_table_line {
	size_t before;
	char *text; /* its own line breaks included */
};

struct text_table {
	size_t ncols;
	const bool *right; /* per column: right-aligned (numbers); NULL: all left */
	VEC(char *) cells; /* row-major, ncols per row */
	VEC(struct text_table_line) lines;
};

/* The columns of a table (RIGHT may be NULL); rows are added with text_table_add. */
void text_table_init(struct text_table *t, size_t ncols, const bool *right);
/* One cell, in row order (a row is NCOLS cells); printf-style. */
void text_table_add(struct text_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* TEXT (one or more lines, each ending with a line break; no trailing
 * blanks) printed as it is before the next row added, or after the last
 * row; it takes no part in the column widths. */
void text_table_line(struct text_table *t, const char *text);
/* The columns the widest row takes (the lines not counted). */
size_t text_table_width(const struct text_table *t);
/* Print every row, columns separated by two spaces (one before a right-aligned
 * column), no blank at a line's end, then free the cells. */
void text_table_print(struct text_table *t, FILE *out);

/* Free the cells unprinted. */
void text_table_free(struct text_table *t);

/* Columns S takes on a terminal: UTF-8 code points (none of ksurf's marks is
 * wide), ANSI escape sequences (ESC [ ... letter) none. */
size_t text_width(const char *s);

/* TEXT broken at blanks into lines of at most WIDTH columns where its words
 * allow, each starting with INDENT (FIRST for the first line) and ending with
 * a line break, appended to SB. */
void text_wrap(struct strbuf *sb, const char *first, const char *indent, const char *text,
	       size_t width);
/* The same, broken only after a comma or semicolon: for a legend, each of
 * whose items ("S selective inline") stays on one line. */
void text_wrap_items(struct strbuf *sb, const char *first, const char *indent, const char *text,
		     size_t width);

#endif
