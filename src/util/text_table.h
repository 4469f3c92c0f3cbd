/* text_table.h — columns of text aligned by display width (∅ and Δ are one
 * column, not two bytes), for the text views of `list` and `index`. */
#ifndef KSURF_UTIL_TEXT_TABLE_H
#define KSURF_UTIL_TEXT_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/vec.h"

struct text_table {
	size_t ncols;
	const bool *right; /* per column: right-aligned (numbers); NULL: all left */
	VEC(char *) cells; /* row-major, ncols per row */
};

/* The columns of a table (RIGHT may be NULL); rows are added with text_table_add. */
void text_table_init(struct text_table *t, size_t ncols, const bool *right);
/* One cell, in row order (a row is NCOLS cells); printf-style. */
void text_table_add(struct text_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print every row, columns separated by two spaces (one before a right-aligned
 * column), then free the cells. */
void text_table_print(struct text_table *t, FILE *out);

/* Free the cells unprinted. */
void text_table_free(struct text_table *t);

/* Columns S takes on a terminal: UTF-8 code points (none of ksurf's marks is
 * wide), colour sequences (ESC [ ... m) none. */
size_t text_width(const char *s);

#endif
