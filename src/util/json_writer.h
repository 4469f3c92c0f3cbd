/* json_writer.h — streaming JSON output in the published dataset's style.
 *
 * Separators are ", " and ": " and non-ASCII text is written as \uXXXX, so a
 * line written here is byte-identical to Python's json.dumps() of the same
 * value, which is what the published dataset files contain.
 */
#ifndef KSURF_UTIL_JSON_WRITER_H
#define KSURF_UTIL_JSON_WRITER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/strbuf.h"

#define JW_MAX_DEPTH 64

struct json_writer {
	FILE *out;          /* NULL: writing to buf */
	struct strbuf *buf;
	int depth;
	bool first[JW_MAX_DEPTH];
	bool after_key;
};

void jw_init(struct json_writer *w, FILE *out);
/* Write into BUF, appending. */
void jw_init_buf(struct json_writer *w, struct strbuf *buf);
void jw_obj_open(struct json_writer *w);
void jw_obj_close(struct json_writer *w);
void jw_arr_open(struct json_writer *w);
void jw_arr_close(struct json_writer *w);
void jw_key(struct json_writer *w, const char *key);
void jw_str(struct json_writer *w, const char *s); /* NULL writes null */
void jw_u64(struct json_writer *w, uint64_t v);
void jw_i64(struct json_writer *w, int64_t v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);
/* A value already in JSON (TEXT[0..LEN), e.g. a stored type), as it is. */
void jw_raw(struct json_writer *w, const char *text, size_t len);

/*
 * KEY: VALUE members of the open object, each jw_key(W, KEY) then one scalar
 * value, written exactly as that pair of calls would write it.
 */
void jw_kv_str(struct json_writer *w, const char *key, const char *s); /* NULL: null */
void jw_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void jw_kv_i64(struct json_writer *w, const char *key, int64_t v);
void jw_kv_bool(struct json_writer *w, const char *key, bool v);
/* V, or null when V is negative (the house's "not known", e.g. -1). */
void jw_kv_nonneg(struct json_writer *w, const char *key, int64_t v);
/* V as a string "0x" and lowercase hex digits, no padding (an address). */
void jw_kv_hex(struct json_writer *w, const char *key, uint64_t v);
struct jv;
/* A parsed value (util/json_parse.h), keys in their order. */
void jw_value(struct json_writer *w, const struct jv *v);

/*
 * Records of a command's output: with LINES one JSON value per line (JSON
 * Lines, --format jsonl), else one document, an array of them (--format json).
 * jw_records_next before each record, jw_records_end after the last.
 */
struct jw_records {
	FILE *out;
	bool lines;
	size_t n;
};
void jw_records_begin(struct jw_records *r, FILE *out, bool lines);
void jw_records_next(struct jw_records *r);
void jw_records_end(struct jw_records *r);

/* Write s as a JSON string literal (with quotes). */
void json_write_string(FILE *out, const char *s);

#endif
