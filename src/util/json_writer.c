#include "util/json_writer.h"

#include <inttypes.h>
#include <string.h>

#include "util/json_parse.h"

void jw_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->buf = NULL;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

void jw_init_buf(struct json_writer *w, struct strbuf *buf)
{
	jw_init(w, NULL);
	w->buf = buf;
}

static void emit(struct json_writer *w, const char *s, size_t n)
{
	if (w->out)
		fwrite(s, 1, n, w->out);
	else
		sb_addn(w->buf, s, n);
}

static void emits(struct json_writer *w, const char *s)
{
	emit(w, s, strlen(s));
}

static void emitc(struct json_writer *w, char c)
{
	emit(w, &c, 1);
}

static void write_string(struct json_writer *w, const char *str);

/* Separator before a value (or key) at the current level. */
static void sep(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		emit(w, ", ", 2);
	w->first[w->depth] = false;
}

static void open(struct json_writer *w, char c)
{
	sep(w);
	emitc(w, c);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void close(struct json_writer *w, char c)
{
	emitc(w, c);
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
	write_string(w, key);
	emit(w, ": ", 2);
	w->after_key = true;
}

/* Decode one UTF-8 sequence; invalid bytes decode as U+FFFD, one byte each:
 * bad continuations, overlong forms (C0 80 for NUL), surrogates, code points
 * past U+10FFFF — so that what is written is always text `import` takes. */
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
	static const uint32_t least[] = { 0, 0x80, 0x800, 0x10000 };
	if (c < least[len] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) {
		*ps = s + 1;
		return 0xfffd;
	}
	*ps = s + len + 1;
	return c;
}

static void write_string(struct json_writer *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	char tmp[16];
	emitc(w, '"');
	while (*s) {
		/* runs of plain ASCII in one go */
		const unsigned char *run = s;
		while (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\')
			s++;
		if (s > run)
			emit(w, (const char *)run, (size_t)(s - run));
		if (!*s)
			break;
		uint32_t c = utf8_next(&s);
		switch (c) {
		case '"': emit(w, "\\\"", 2); break;
		case '\\': emit(w, "\\\\", 2); break;
		case '\n': emit(w, "\\n", 2); break;
		case '\r': emit(w, "\\r", 2); break;
		case '\t': emit(w, "\\t", 2); break;
		case '\b': emit(w, "\\b", 2); break;
		case '\f': emit(w, "\\f", 2); break;
		default:
			if (c == 0x7f) {
				emitc(w, 0x7f);
			} else if (c < 0x10000) {
				snprintf(tmp, sizeof(tmp), "\\u%04x", c);
				emits(w, tmp);
			} else {
				c -= 0x10000;
				snprintf(tmp, sizeof(tmp), "\\u%04x\\u%04x", 0xd800 + (c >> 10),
					 0xdc00 + (c & 0x3ff));
				emits(w, tmp);
			}
		}
	}
	emitc(w, '"');
}

void json_write_string(FILE *out, const char *str)
{
	struct json_writer w;
	jw_init(&w, out);
	write_string(&w, str);
}

void jw_str(struct json_writer *w, const char *s)
{
	sep(w);
	if (s)
		write_string(w, s);
	else
		emit(w, "null", 4);
}

void jw_u64(struct json_writer *w, uint64_t v)
{
	char tmp[24];
	sep(w);
	emit(w, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%" PRIu64, v));
}

void jw_i64(struct json_writer *w, int64_t v)
{
	char tmp[24];
	sep(w);
	emit(w, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%" PRId64, v));
}

void jw_bool(struct json_writer *w, bool v)
{
	sep(w);
	emits(w, v ? "true" : "false");
}

void jw_null(struct json_writer *w)
{
	sep(w);
	emit(w, "null", 4);
}

void jw_raw(struct json_writer *w, const char *text, size_t len)
{
	sep(w);
	emit(w, text, len);
}

void jw_kv_str(struct json_writer *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_u64(w, v);
}

void jw_kv_i64(struct json_writer *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_i64(w, v);
}

void jw_kv_bool(struct json_writer *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_kv_nonneg(struct json_writer *w, const char *key, int64_t v)
{
	jw_key(w, key);
	if (v >= 0)
		jw_i64(w, v);
	else
		jw_null(w);
}

void jw_kv_hex(struct json_writer *w, const char *key, uint64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof(tmp), "0x%" PRIx64, v);
	jw_kv_str(w, key, tmp);
}

void jw_value(struct json_writer *w, const struct jv *v)
{
	switch (v->type) {
	case JV_NULL:
		jw_null(w);
		break;
	case JV_BOOL:
		jw_bool(w, v->b);
		break;
	case JV_INT:
		if (v->neg)
			jw_i64(w, v->mag > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v->mag);
		else
			jw_u64(w, v->mag);
		break;
	case JV_STR:
		jw_str(w, v->s);
		break;
	case JV_ARR:
		jw_arr_open(w);
		for (size_t i = 0; i < v->n; i++)
			jw_value(w, &v->items[i]);
		jw_arr_close(w);
		break;
	case JV_OBJ:
		jw_obj_open(w);
		for (size_t i = 0; i < v->n; i++) {
			jw_key(w, v->keys[i]);
			jw_value(w, &v->items[i]);
		}
		jw_obj_close(w);
		break;
	}
}

void jw_records_begin(struct jw_records *r, FILE *out, bool lines)
{
	r->out = out;
	r->lines = lines;
	r->n = 0;
	if (!lines)
		fputc('[', out);
}

void jw_records_next(struct jw_records *r)
{
	if (r->lines) {
		if (r->n)
			fputc('\n', r->out);
	} else {
		fputs(r->n ? ",\n" : "\n", r->out);
	}
	r->n++;
}

void jw_records_end(struct jw_records *r)
{
	if (!r->lines)
		fputs(r->n ? "\n]" : "]", r->out);
	if (!r->lines || r->n)
		fputc('\n', r->out);
}
