#include "util/hash.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* FNV-1a over bytes, finished with a 64-bit avalanche mix. */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return hash_mix(h, n);
}

uint64_t hash_str(const char *s)
{
	return hash_bytes(s, strlen(s), 0);
}

uint64_t hash_mix(uint64_t a, uint64_t b)
{
	uint64_t h = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t mix_word(uint64_t k)
{
	k *= 0x87c37b91114253d5ULL;
	k = rotl64(k, 31);
	return k * 0x4cf5ad432745937fULL;
}

/*
 * hash_content: 64-bit words read little-endian whatever the host, each mixed into the
 * state; the tail as one zero-padded word; a 64-bit finalizer; the top bit
 * dropped so ids are positive SQLite integers.
 */
uint64_t hash_content(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x6b737572665f7331ULL ^ (len * 0x9e3779b97f4a7c15ULL);
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t k = 0;
		for (int b = 0; b < 8; b++)
			k |= (uint64_t)p[i + b] << (8 * b);
		h ^= mix_word(k);
		h = rotl64(h, 27) * 5 + 0x52dce729;
	}
	uint64_t k = 0;
	for (int b = 0; i + (size_t)b < len; b++)
		k |= (uint64_t)p[i + b] << (8 * b);
	h ^= mix_word(k) ^ len;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	h &= INT64_MAX;
	return h ? h : 1;
}

static uint64_t fix(uint64_t h)
{
	return h ? h : 1;
}

static void grow(struct hindex *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 64;
	uint64_t *hashes = xcalloc(cap, sizeof(*hashes));
	uint32_t *vals = xmalloc(cap * sizeof(*vals));
	for (size_t i = 0; i < ix->cap; i++) {
		if (!ix->hashes[i])
			continue;
		size_t j = ix->hashes[i] & (cap - 1);
		while (hashes[j])
			j = (j + 1) & (cap - 1);
		hashes[j] = ix->hashes[i];
		vals[j] = ix->vals[i];
	}
	free(ix->hashes);
	free(ix->vals);
	ix->hashes = hashes;
	ix->vals = vals;
	ix->cap = cap;
}

static uint32_t *scan(struct hindex *ix, uint64_t h, size_t i)
{
	for (;; i = (i + 1) & (ix->cap - 1)) {
		if (!ix->hashes[i])
			return NULL;
		if (ix->hashes[i] == h)
			return &ix->vals[i];
	}
}

uint32_t *hindex_first(struct hindex *ix, uint64_t h)
{
	if (!ix->cap)
		return NULL;
	h = fix(h);
	return scan(ix, h, h & (ix->cap - 1));
}

uint32_t *hindex_next(struct hindex *ix, uint64_t h, uint32_t *prev)
{
	size_t i = (size_t)(prev - ix->vals);
	return scan(ix, fix(h), (i + 1) & (ix->cap - 1));
}

void hindex_insert(struct hindex *ix, uint64_t h, uint32_t val)
{
	if ((ix->n + 1) * 4 > ix->cap * 3)
		grow(ix);
	h = fix(h);
	size_t i = h & (ix->cap - 1);
	while (ix->hashes[i])
		i = (i + 1) & (ix->cap - 1);
	ix->hashes[i] = h;
	ix->vals[i] = val;
	ix->n++;
}

void hindex_clear(struct hindex *ix)
{
	if (ix->cap)
		memset(ix->hashes, 0, ix->cap * sizeof(*ix->hashes));
	ix->n = 0;
}

void hindex_free(struct hindex *ix)
{
	free(ix->hashes);
	free(ix->vals);
	memset(ix, 0, sizeof(*ix));
}
