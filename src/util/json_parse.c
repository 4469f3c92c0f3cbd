#include "util/json_parse.h"

#include <stdio.h>
#include <string.h>

#include "util/vec.h"

struct parser {
	const char *start, *p, *end;
	struct arena *a;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct parser *ps, const char *msg)
{
	if (!ps->failed)
		snprintf(ps->err, ps->errlen, "%s at byte %zu", msg, (size_t)(ps->p - ps->start));
	ps->failed = true;
}

static void ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool lit(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return false;
	ps->p += n;
	return true;
}

static int hex4(struct parser *ps, uint32_t *out)
{
	if (ps->end - ps->p < 4)
		return -1;
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		char c = ps->p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	ps->p += 4;
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	} else if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	} else if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* A string literal (after its opening quote). */
static const char *string(struct parser *ps)
{
	/* The decoded text is never longer than the literal. */
	const char *close = ps->p;
	while (close < ps->end && *close != '"')
		close += *close == '\\' && close + 1 < ps->end ? 2 : 1;
	if (close >= ps->end) {
		fail(ps, "unterminated string");
		return NULL;
	}
	char *out = arena_alloc(ps->a, (size_t)(close - ps->p) + 1), *o = out;
	while (ps->p < close) {
		unsigned char c = (unsigned char)*ps->p++;
		if (c < 0x20) {
			fail(ps, "control character in a string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		char e = *ps->p++;
		switch (e) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			uint32_t u, lo;
			if (hex4(ps, &u) < 0) {
				fail(ps, "bad \\u escape");
				return NULL;
			}
			if (u >= 0xd800 && u < 0xdc00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
			    ps->p[1] == 'u') {
				ps->p += 2;
				if (hex4(ps, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff) {
					fail(ps, "bad surrogate pair");
					return NULL;
				}
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (u == 0) {
				fail(ps, "NUL in a string");
				return NULL;
			}
			if (u >= 0xd800 && u <= 0xdfff) { /* no UTF-8 encodes it */
				fail(ps, "a lone surrogate \\u escape");
				return NULL;
			}
			/* \uXXXX takes 6 bytes, its UTF-8 at most 4 */
			o += put_utf8(o, u);
			break;
		}
		default:
			fail(ps, "bad escape");
			return NULL;
		}
	}
	ps->p = close + 1;
	*o = '\0';
	return out;
}

static void value(struct parser *ps, struct jv *v, int depth);

static void number(struct parser *ps, struct jv *v)
{
	v->type = JV_INT;
	if (ps->p < ps->end && *ps->p == '-') {
		v->neg = true;
		ps->p++;
	}
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
		fail(ps, "bad number");
		return;
	}
	if (*ps->p == '0' && ps->p + 1 < ps->end && ps->p[1] >= '0' && ps->p[1] <= '9') {
		fail(ps, "leading zero");
		return;
	}
	uint64_t m = 0;
	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
		unsigned d = (unsigned)(*ps->p++ - '0');
		if (m > (UINT64_MAX - d) / 10) {
			fail(ps, "integer out of range");
			return;
		}
		m = m * 10 + d;
	}
	if (ps->p < ps->end && (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')) {
		fail(ps, "not an integer");
		return;
	}
	v->mag = m;
	if (v->neg && m == 0)
		v->neg = false;
}

static void container(struct parser *ps, struct jv *v, bool obj, int depth)
{
	VEC(struct jv) items = { 0 };
	VEC(const char *) keys = { 0 };
	char close = obj ? '}' : ']';
	ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
	} else {
		for (;;) {
			ws(ps);
			if (obj) {
				if (ps->p >= ps->end || *ps->p != '"') {
					fail(ps, "expected a key");
					break;
				}
				ps->p++;
				const char *k = string(ps);
				if (!k)
					break;
				ws(ps);
				if (ps->p >= ps->end || *ps->p != ':') {
					fail(ps, "expected ':'");
					break;
				}
				ps->p++;
				vec_push(&keys, k);
			}
			struct jv item = { 0 };
			value(ps, &item, depth + 1);
			if (ps->failed)
				break;
			vec_push(&items, item);
			ws(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				ps->p++;
				continue;
			}
			if (ps->p < ps->end && *ps->p == close) {
				ps->p++;
				break;
			}
			fail(ps, obj ? "expected ',' or '}'" : "expected ',' or ']'");
			break;
		}
	}
	v->type = obj ? JV_OBJ : JV_ARR;
	v->n = items.n;
	if (!ps->failed && items.n) {
		v->items = arena_alloc(ps->a, items.n * sizeof(struct jv));
		memcpy(v->items, items.v, items.n * sizeof(struct jv));
		if (obj) {
			v->keys = arena_alloc(ps->a, keys.n * sizeof(char *));
			memcpy(v->keys, keys.v, keys.n * sizeof(char *));
		}
	}
	vec_free(&items);
	vec_free(&keys);
}

static void value(struct parser *ps, struct jv *v, int depth)
{
	memset(v, 0, sizeof(*v));
	if (depth > JSON_MAX_DEPTH) {
		fail(ps, "nested too deeply");
		return;
	}
	ws(ps);
	if (ps->p >= ps->end) {
		fail(ps, "unexpected end");
		return;
	}
	char c = *ps->p;
	if (c == '{' || c == '[') {
		ps->p++;
		container(ps, v, c == '{', depth);
	} else if (c == '"') {
		ps->p++;
		v->type = JV_STR;
		v->s = string(ps);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		number(ps, v);
	} else if (lit(ps, "true")) {
		v->type = JV_BOOL;
		v->b = true;
	} else if (lit(ps, "false")) {
		v->type = JV_BOOL;
	} else if (lit(ps, "null")) {
		v->type = JV_NULL;
	} else {
		fail(ps, "unexpected character");
	}
}

int json_parse(const char *text, size_t len, struct arena *a, struct jv *out, char *err,
	       size_t errlen)
{
	struct parser ps = { text, text, text + len, a, err, errlen, false };
	value(&ps, out, 0);
	ws(&ps);
	if (!ps.failed && ps.p != ps.end)
		fail(&ps, "trailing characters");
	return ps.failed ? -1 : 0;
}

const struct jv *jv_get(const struct jv *v, const char *key)
{
	if (!v || v->type != JV_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const char *jv_str(const struct jv *v, const char *key)
{
	const struct jv *m = jv_get(v, key);
	return m && m->type == JV_STR ? m->s : NULL;
}

bool jv_i64(const struct jv *v, const char *key, int64_t *out)
{
	const struct jv *m = jv_get(v, key);
	if (!m || m->type != JV_INT)
		return false;
	if (m->neg) {
		if (m->mag > (uint64_t)INT64_MAX + 1)
			return false;
		*out = m->mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m->mag;
	} else {
		if (m->mag > (uint64_t)INT64_MAX)
			return false;
		*out = (int64_t)m->mag;
	}
	return true;
}

bool jv_u64(const struct jv *v, const char *key, uint64_t *out)
{
	const struct jv *m = jv_get(v, key);
	if (!m || m->type != JV_INT || m->neg)
		return false;
	*out = m->mag;
	return true;
}
