/* hash.h — string hashing and an open-addressing index table.
 *
 * struct hindex maps a 64-bit hash to candidate slots holding uint32 values
 * (indexes into the caller's own array); the caller compares keys itself:
 *
 *	for (uint32_t *slot = hindex_first(&ix, h); slot; slot = hindex_next(&ix, h, slot))
 *		if (equal(items[*slot], key)) return *slot;
 *	hindex_insert(&ix, h, new_index);
 */
#ifndef KSURF_UTIL_HASH_H
#define KSURF_UTIL_HASH_H
#include <stddef.h>
#include <stdint.h>

uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
uint64_t hash_str(const char *s);
uint64_t hash_mix(uint64_t a, uint64_t b);

/*
 * The 63-bit id under which the dataset stores content (strings, group
 * contents, types): never 0, never negative as an SQLite integer.  Part of the
 * file format: it must never change (tests/unit/test_blob.c pins a value).
 */
uint64_t hash_content(const void *data, size_t len);

struct hindex {
	uint64_t *hashes; /* 0 = empty slot (hashes are forced non-zero) */
	uint32_t *vals;
	size_t cap, n;
};

uint32_t *hindex_first(struct hindex *ix, uint64_t h);
uint32_t *hindex_next(struct hindex *ix, uint64_t h, uint32_t *prev);
void hindex_insert(struct hindex *ix, uint64_t h, uint32_t val);
void hindex_clear(struct hindex *ix);
void hindex_free(struct hindex *ix);

#endif
