/* string_table.h — the dataset's shared `strings` table.
 *
 * Every string a blob refers to (locations, unit paths, callers, symbol
 * names) is stored once for all images under a 63-bit id computed from its
 * text, so blobs hold 8-byte ids and a string repeated in a thousand images
 * costs one row.  The id function is part of the file format: never change it.
 */
#ifndef KSURF_STORE_STRING_TABLE_H
#define KSURF_STORE_STRING_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/hash.h"
#include "util/vec.h"

struct sqlite3;
struct ks_store;

/* The id of TEXT (never 0; 0 stands for "no string"); _n: of its first LEN bytes. */
uint64_t string_id(const char *text);
uint64_t string_id_n(const char *text, size_t len);

/* Strings one image refers to, collected while encoding its blobs. */
struct string_set {
	struct hindex ix;     /* by id */
	struct hindex by_ptr; /* by text pointer, for repeats of one pointer */
	VEC(struct string_ref { uint64_t id; const char *text; size_t len; }) v;
	bool collision; /* two texts of this image share an id */
};

/* Record TEXT (NULL allowed) and return its id. */
uint64_t string_set_add(struct string_set *set, const char *text);
/* Record the first LEN bytes of TEXT and return their id. */
uint64_t string_set_add_n(struct string_set *set, const char *text, size_t len);
/* Insert the set's strings missing from the table.  -1 after an error line. */
int string_set_store(struct string_set *set, struct sqlite3 *db, const char *path);
void string_set_free(struct string_set *set);

/* Reading: ids back to text, cached. */
struct string_resolver {
	struct ks_store *st;
	struct sqlite3_stmt *q;
	struct hindex ix;
	VEC(struct string_ref) v;
	struct arena *strings; /* where resolved text is copied */
};

void string_resolver_init(struct string_resolver *r, struct ks_store *st, struct arena *strings);
/* The text of ID, NULL when the id is unknown (or 0). */
const char *string_resolve(struct string_resolver *r, uint64_t id);
void string_resolver_free(struct string_resolver *r);

#endif
