/* check_types.c — an image's stored types, parsed once per run. */
#include "check/check_internal.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/hash.h"
#include "util/xalloc.h"

struct stored_type {
	size_t img;
	int kind;
	char *name;
	bool found;
	struct ks_surface s; /* holds the JSON text and the parsed values */
	struct jv v;
};

const struct jv *check_type(struct check_run *run, size_t img, int kind, const char *name)
{
	struct check_type_cache *c = check_type_cache(run);
	uint64_t h = hash_mix(hash_str(name), (uint64_t)img * 16 + (uint64_t)kind);
	for (uint32_t *p = hindex_first(&c->ix, h); p; p = hindex_next(&c->ix, h, p)) {
		struct stored_type *t = c->types.v[*p];
		if (t->img == img && t->kind == kind && !strcmp(t->name, name))
			return t->found ? &t->v : NULL;
	}
	struct stored_type *t = xcalloc(1, sizeof(*t));
	t->img = img;
	t->kind = kind;
	t->name = xstrdup(name);
	char err[64];
	if (ks_store_load_types(run->st, run->images.v[img].id, kind, name, &t->s) == 0 &&
	    t->s.types.n) {
		const struct ks_type *k = &t->s.types.v[0];
		t->found = json_parse(k->json, k->json_len, &t->s.type_text, &t->v, err, sizeof(err)) == 0;
	}
	hindex_insert(&c->ix, h, (uint32_t)c->types.n);
	vec_push(&c->types, t);
	return t->found ? &t->v : NULL;
}

void check_type_cache_free(struct check_type_cache *c)
{
	for (size_t i = 0; i < c->types.n; i++) {
		struct stored_type *t = c->types.v[i];
		surface_free(&t->s);
		free(t->name);
		free(t);
	}
	vec_free(&c->types);
	hindex_free(&c->ix);
}
