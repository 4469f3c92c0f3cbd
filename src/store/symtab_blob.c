#include "store/symtab_blob.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "store/blob.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/xalloc.h"

int symtab_blob_encode(const struct ks_surface *s, unsigned char **out, size_t *out_len,
		       size_t *raw_len)
{
	struct blob_writer names = { 0 }, body = { 0 };
	struct hindex ix = { 0 };
	VEC(const char *) secs = { 0 };
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		uint64_t h = hash_str(sym->section);
		uint32_t sec = UINT32_MAX;
		for (uint32_t *p = hindex_first(&ix, h); p; p = hindex_next(&ix, h, p))
			if (!strcmp(secs.v[*p], sym->section)) {
				sec = *p;
				break;
			}
		if (sec == UINT32_MAX) {
			sec = (uint32_t)secs.n;
			hindex_insert(&ix, h, sec);
			vec_push(&secs, sym->section);
		}
		blob_put_str(&body, sym->name);
		blob_put_varint(&body, sec);
		blob_put_u8(&body, sym->type);
		blob_put_u8(&body, sym->bind);
		blob_put_u8(&body, sym->visibility);
		blob_put_u64(&body, sym->value);
		blob_put_varint(&body, sym->size);
	}
	blob_put_varint(&names, secs.n);
	for (size_t i = 0; i < secs.n; i++)
		blob_put_str(&names, secs.v[i]);
	blob_put_varint(&names, s->symbols.n);
	blob_put_bytes(&names, body.buf, body.len);
	blob_writer_free(&body);
	hindex_free(&ix);
	vec_free(&secs);

	if (names.len > SYMTAB_BLOB_MAX) {
		ks_error("symbol table: %zu MB encoded, over the %u MB ksurf stores", names.len >> 20,
			 SYMTAB_BLOB_MAX >> 20);
		blob_writer_free(&names);
		*out = NULL;
		return -1;
	}
	uLongf clen = compressBound(names.len);
	*out = xmalloc(clen);
	int rc = compress2(*out, &clen, names.buf, names.len, 1);
	*raw_len = names.len;
	blob_writer_free(&names);
	if (rc != Z_OK) {
		free(*out);
		*out = NULL;
		ks_error("symbol table: compression failed (zlib error %d)", rc);
		return -1;
	}
	*out_len = clen;
	return 0;
}

int symtab_blob_decode(const void *blob, size_t len, size_t raw_len, struct ks_surface *s,
		       const char *what)
{
	/* zlib cannot expand more than about 1032:1. */
	if (raw_len / 1032 > len + 64 || raw_len > SYMTAB_BLOB_MAX) {
		ks_error("%s: symbol table blob claims %zu bytes", what, raw_len);
		return -1;
	}
	/* Decoded in the arena: the symbol names point into it. */
	unsigned char *keep = arena_alloc(&s->strings, raw_len ? raw_len : 1);
	uLongf rlen = raw_len;
	if (uncompress(keep, &rlen, blob, len) != Z_OK || rlen != raw_len) {
		ks_error("%s: symbol table blob is damaged", what);
		return -1;
	}
	struct blob_reader r;
	blob_reader_init(&r, keep, raw_len);
	uint64_t nsec = blob_get_varint(&r);
	if (nsec > raw_len) {
		ks_error("%s: symbol table blob is damaged", what);
		return -1;
	}
	const char **secs = xcalloc(nsec ? nsec : 1, sizeof(char *));
	for (uint64_t i = 0; i < nsec; i++)
		secs[i] = blob_get_str(&r);
	uint64_t n = blob_get_varint(&r);
	if (n > raw_len)
		r.bad = true;
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		struct ks_symbol sym = { 0 };
		sym.name = blob_get_str(&r);
		uint64_t sec = blob_get_varint(&r);
		sym.type = blob_get_u8(&r);
		sym.bind = blob_get_u8(&r);
		sym.visibility = blob_get_u8(&r);
		sym.value = blob_get_u64(&r);
		sym.size = blob_get_varint(&r);
		if (sec >= nsec)
			r.bad = true;
		else
			sym.section = secs[sec];
		if (!r.bad)
			vec_push(&s->symbols, sym);
	}
	free(secs);
	if (r.bad || !blob_at_end(&r)) {
		ks_error("%s: symbol table blob is damaged", what);
		return -1;
	}
	return 0;
}
