#include "store/blob.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static unsigned char *room(struct blob_writer *w, size_t n)
{
	if (w->cap - w->len < n) {
		size_t cap = w->cap ? w->cap : 256;
		while (cap - w->len < n)
			cap *= 2;
		w->buf = xrealloc(w->buf, cap);
		w->cap = cap;
	}
	unsigned char *p = w->buf + w->len;
	w->len += n;
	return p;
}

void blob_put_u8(struct blob_writer *w, uint8_t v)
{
	*room(w, 1) = v;
}

void blob_put_u64(struct blob_writer *w, uint64_t v)
{
	unsigned char *p = room(w, 8);
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

void blob_put_varint(struct blob_writer *w, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		tmp[n++] = b | (v ? 0x80 : 0);
	} while (v);
	memcpy(room(w, n), tmp, n);
}

void blob_put_bytes(struct blob_writer *w, const void *p, size_t n)
{
	if (n)
		memcpy(room(w, n), p, n);
}

void blob_put_str(struct blob_writer *w, const char *s)
{
	blob_put_bytes(w, s, strlen(s) + 1);
}

void blob_writer_free(struct blob_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

uint8_t blob_get_u8(struct blob_reader *r)
{
	if (r->bad || r->end - r->p < 1) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

uint64_t blob_get_u64(struct blob_reader *r)
{
	if (r->bad || r->end - r->p < 8) {
		r->bad = true;
		return 0;
	}
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	return v;
}

uint64_t blob_get_varint(struct blob_reader *r)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->bad || r->p >= r->end)
			break;
		unsigned char b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

const char *blob_get_str(struct blob_reader *r)
{
	if (r->bad || r->p >= r->end) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *nul = memchr(r->p, '\0', (size_t)(r->end - r->p));
	if (!nul) {
		r->bad = true;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p = nul + 1;
	return s;
}
