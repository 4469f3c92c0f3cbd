#include "util/json_writer.h"

#include <inttypes.h>

void jw_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* Separator before a value (or key) at the current level. */
static void sep(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		fputs(", ", w->out);
	w->first[w->depth] = false;
}

static void open(struct json_writer *w, char c)
{
	sep(w);
	fputc(c, w->out);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void close(struct json_writer *w, char c)
{
	fputc(c, w->out);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj_open(struct json_writer *w) { open(w, '{'); }
void jw_obj_close(struct json_writer *w) { close(w, '}'); }
void jw_arr_open(struct json_writer *w) { open(w, '['); }
void jw_arr_close(struct json_writer *w) { close(w, ']'); }

void jw_key(struct json_writer *w, const char *key)
{
	sep(w);
	json_write_string(w->out, key);
	fputs(": ", w->out);
	w->after_key = true;
}

/* Decode one UTF-8 sequence; invalid bytes decode as U+FFFD, one byte each. */
static uint32_t utf8_next(const unsigned char **ps)
{
	const unsigned char *s = *ps;
	uint32_t c = s[0];
	int len = 0;
	if (c < 0x80) {
		*ps = s + 1;
		return c;
	} else if ((c & 0xe0) == 0xc0) {
		len = 1;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		len = 2;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		len = 3;
		c &= 0x07;
	} else {
		*ps = s + 1;
		return 0xfffd;
	}
	for (int i = 1; i <= len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*ps = s + 1;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*ps = s + len + 1;
	return c;
}

void json_write_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	fputc('"', out);
	while (*s) {
		uint32_t c = utf8_next(&s);
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (c < 0x20 || (c >= 0x7f && c < 0x10000)) {
				if (c == 0x7f)
					fputc(0x7f, out);
				else
					fprintf(out, "\\u%04x", c);
			} else if (c >= 0x10000) {
				c -= 0x10000;
				fprintf(out, "\\u%04x\\u%04x", 0xd800 + (c >> 10),
					0xdc00 + (c & 0x3ff));
			} else {
				fputc((int)c, out);
			}
		}
	}
	fputc('"', out);
}

void jw_str(struct json_writer *w, const char *s)
{
	sep(w);
	if (s)
		json_write_string(w->out, s);
	else
		fputs("null", w->out);
}

void jw_u64(struct json_writer *w, uint64_t v)
{
	sep(w);
	fprintf(w->out, "%" PRIu64, v);
}

void jw_i64(struct json_writer *w, int64_t v)
{
	sep(w);
	fprintf(w->out, "%" PRId64, v);
}

void jw_bool(struct json_writer *w, bool v)
{
	sep(w);
	fputs(v ? "true" : "false", w->out);
}

void jw_null(struct json_writer *w)
{
	sep(w);
	fputs("null", w->out);
}
