#include "store/string_table.h"

#include "store/store_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

uint64_t string_id(const char *text)
{
	return hash_content(text, strlen(text));
}

uint64_t string_id_n(const char *text, size_t len)
{
	return hash_content(text, len);
}

/* Record TEXT[0..LEN) under ID unless present; PH: pointer hash, 0 for none. */
static uint64_t add_known(struct string_set *set, const char *text, size_t len, uint64_t id,
			  uint64_t ph)
{
	for (uint32_t *p = hindex_first(&set->ix, id); p; p = hindex_next(&set->ix, id, p))
		if (set->v.v[*p].id == id) {
			const struct string_ref *r = &set->v.v[*p];
			if (r->len != len || memcmp(r->text, text, len))
				set->collision = true;
			return id;
		}
	hindex_insert(&set->ix, id, (uint32_t)set->v.n);
	if (ph)
		hindex_insert(&set->by_ptr, ph, (uint32_t)set->v.n);
	struct string_ref ref = { id, text, len };
	vec_push(&set->v, ref);
	return id;
}

uint64_t string_set_add(struct string_set *set, const char *text)
{
	if (!text)
		return 0;
	/* The surface shares one pointer among repeats (callers): try it first. */
	uint64_t ph = hash_mix((uint64_t)(uintptr_t)text, 0x5e7);
	for (uint32_t *p = hindex_first(&set->by_ptr, ph); p; p = hindex_next(&set->by_ptr, ph, p))
		if (set->v.v[*p].text == text && text[set->v.v[*p].len] == '\0')
			return set->v.v[*p].id;
	size_t len = strlen(text);
	return add_known(set, text, len, string_id_n(text, len), ph);
}

uint64_t string_set_add_n(struct string_set *set, const char *text, size_t len)
{
	return add_known(set, text, len, string_id_n(text, len), 0);
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct string_ref *)a)->id, y = ((const struct string_ref *)b)->id;
	return x < y ? -1 : x > y;
}

int string_set_store(struct string_set *set, struct sqlite3 *db, const char *path)
{
	if (set->collision) {
		ks_error("%s: two strings of this image have the same id; cannot store it", path);
		return -1;
	}
	/* In id order, the B-tree is walked front to back. */
	if (set->v.n)
		qsort(set->v.v, set->v.n, sizeof(set->v.v[0]), by_id);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO strings VALUES(?,?)", -1, &q, NULL) !=
	    SQLITE_OK) {
		ks_error("%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	int ret = 0;
	for (size_t i = 0; i < set->v.n; i++) {
		sqlite3_bind_int64(q, 1, (int64_t)set->v.v[i].id);
		sqlite3_bind_text(q, 2, set->v.v[i].text, (int)set->v.v[i].len, SQLITE_STATIC);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE) {
			ks_error("%s: write failed: %s", path, sqlite3_errmsg(db));
			ret = -1;
			break;
		}
	}
	sqlite3_finalize(q);
	/* the set's order changed: the indexes are stale */
	hindex_clear(&set->ix);
	hindex_clear(&set->by_ptr);
	return ret;
}

void string_set_free(struct string_set *set)
{
	hindex_free(&set->ix);
	hindex_free(&set->by_ptr);
	vec_free(&set->v);
	set->collision = false;
}

void string_resolver_init(struct string_resolver *r, struct ks_store *st, struct arena *strings)
{
	memset(r, 0, sizeof(*r));
	r->st = st;
	r->strings = strings;
}

const char *string_resolve(struct string_resolver *r, uint64_t id)
{
	if (id == 0)
		return NULL;
	for (uint32_t *p = hindex_first(&r->ix, id); p; p = hindex_next(&r->ix, id, p))
		if (r->v.v[*p].id == id)
			return r->v.v[*p].text;
	if (!r->q && store_prep_cached(r->st, "SELECT text FROM strings WHERE id=?", &r->q) < 0)
		return NULL;
	sqlite3_bind_int64(r->q, 1, (int64_t)id);
	const char *text = NULL;
	if (sqlite3_step(r->q) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(r->q, 0);
		if (t)
			text = arena_strdup(r->strings, (const char *)t);
	}
	sqlite3_reset(r->q);
	if (text) {
		hindex_insert(&r->ix, id, (uint32_t)r->v.n);
		struct string_ref ref = { id, text, strlen(text) };
		vec_push(&r->v, ref);
	}
	return text;
}

void string_resolver_free(struct string_resolver *r)
{
	if (r->q)
		store_unprep(r->st, r->q);
	hindex_free(&r->ix);
	vec_free(&r->v);
	r->q = NULL;
}
