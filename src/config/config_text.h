/* config_text.h — a kernel .config as text: from a file, gzip-compressed or not. */
#ifndef KSURF_CONFIG_CONFIG_TEXT_H
#define KSURF_CONFIG_CONFIG_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* The largest config read or stored (the biggest real one is under 400 KB). */
#define CONFIG_TEXT_MAX (64u << 20)

/* The whole text of PATH (/proc/config.gz is gzip) in *OUT (malloc'd, NUL-
 * terminated).  It must look like a kernel config.  -1 after an error line. */
int config_text_read(const char *path, char **out, size_t *len);

/* The config in gzip data [DATA, DATA+LEN) (IKCONFIG), named WHAT in errors. */
int config_text_from_gzip(const void *data, size_t len, const char *what, char **out,
			  size_t *out_len);

/* An entry of a config text: a "CONFIG_X=VALUE" line, or a "# CONFIG_X is
 * not set" line (NOT_SET, VALUE empty).  Pointers into the text. */
struct config_entry {
	const char *name, *value;
	size_t name_len, value_len;
	bool not_set;
};

/* The entry at or after *CURSOR (start at the text), *CURSOR moved past it;
 * false when none is left.  Other lines are skipped.  The one reader of the
 * config line format. */
bool config_next(const char **cursor, struct config_entry *e);

/* Entries of a config text (config_next's). */
size_t config_count_entries(const char *text);

/*
 * The value of NAME (CONFIG_X) in TEXT into BUF: 1 set (the text after '='),
 * 0 "is not set" or absent (*NOT_SET tells which).
 */
int config_lookup(const char *text, const char *name, char *buf, size_t len, bool *not_set);

#endif
