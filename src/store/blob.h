/* blob.h — the byte encodings ksurf keeps inside dataset BLOB columns.
 *
 * A writer appends little-endian fixed-width integers, LEB128 varints and
 * NUL-terminated strings to a growable buffer; a reader takes them back with
 * every read bounds-checked: a short or malformed blob sets `bad` and yields
 * zeros, so a damaged dataset gives an error, never an out-of-bounds read.
 */
#ifndef KSURF_STORE_BLOB_H
#define KSURF_STORE_BLOB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blob_writer {
	unsigned char *buf;
	size_t len, cap;
};

void blob_put_u8(struct blob_writer *w, uint8_t v);
void blob_put_u64(struct blob_writer *w, uint64_t v);
void blob_put_varint(struct blob_writer *w, uint64_t v);
void blob_put_str(struct blob_writer *w, const char *s); /* with its NUL */
void blob_put_bytes(struct blob_writer *w, const void *p, size_t n);
void blob_writer_free(struct blob_writer *w);

struct blob_reader {
	const unsigned char *p, *end;
	bool bad;
};

static inline void blob_reader_init(struct blob_reader *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
	r->bad = p == NULL && n != 0;
}

static inline bool blob_at_end(const struct blob_reader *r)
{
	return r->p >= r->end;
}

uint8_t blob_get_u8(struct blob_reader *r);
uint64_t blob_get_u64(struct blob_reader *r);
uint64_t blob_get_varint(struct blob_reader *r);
/* A NUL-terminated string inside the blob (pointer into it), NULL if none. */
const char *blob_get_str(struct blob_reader *r);

#endif
