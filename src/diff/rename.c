#include "diff/rename.h"

#include <stdio.h>
#include <string.h>

#include "diff/type_diff.h"
#include "store/store.h"
#include "surface/surface.h"
#include "util/arena.h"
#include "util/vec.h"

const char *const rename_prefixes[] = { "", "__", "_", "do_", NULL };

bool rename_close_name(const char *want, const char *name)
{
	size_t wl = strlen(want), nl = strlen(name);
	if (nl > wl + RENAME_MAX_EXTRA || !strcmp(name, want))
		return false;
	for (const char *const *p = rename_prefixes; *p; p++) {
		size_t pl = strlen(*p);
		if (!strncmp(name, *p, pl) && !strncmp(name + pl, want, wl))
			return true;
	}
	return false;
}

bool rename_same_prototype(const struct jv *a, const struct jv *b)
{
	const struct jv *ta = jv_get(a, "type"), *tb = jv_get(b, "type");
	const struct jv *pa = jv_get(ta, "params"), *pb = jv_get(tb, "params");
	if (!pa || !pb || pa->type != JV_ARR || pb->type != JV_ARR || pa->n != pb->n)
		return false;
	for (size_t i = 0; i < pa->n; i++)
		if (!jv_equal(jv_get(&pa->items[i], "type"), jv_get(&pb->items[i], "type")))
			return false;
	return jv_equal(jv_get(ta, "ret_type"), jv_get(tb, "ret_type"));
}

struct near_ctx {
	const char *want;
	VEC(const char *) names;
	struct arena *a;
};

static int near_cb(const char *name, void *arg)
{
	struct near_ctx *n = arg;
	if (rename_close_name(n->want, name) && n->names.n < 32)
		vec_push(&n->names, arena_strdup(n->a, name));
	return 0;
}

/* FUNC NAME of image ID parsed into *OUT (its text in S), NULL when none. */
static const struct jv *func_type(struct ks_store *st, int64_t id, const char *name,
				  struct ks_surface *s, struct jv *out)
{
	size_t before = s->types.n;
	char err[64];
	if (ks_store_load_types(st, id, KS_TYPE_FUNC, name, s) < 0 || s->types.n == before)
		return NULL;
	const struct ks_type *t = &s->types.v[before];
	return json_parse(t->json, t->json_len, &s->type_text, out, err, sizeof(err)) == 0 ? out : NULL;
}

size_t rename_find(struct ks_store *st, int64_t id, const char *name, const struct jv *proto,
		   size_t max, void (*cb)(const char *renamed, void *arg), void *arg)
{
	if (!proto)
		return 0;
	struct arena a = { 0 };
	struct near_ctx n = { name, { 0 }, &a };
	for (const char *const *before = rename_prefixes; *before; before++) {
		char pre[512];
		snprintf(pre, sizeof(pre), "%s%s", *before, name);
		ks_store_each_name(st, id, "FUNC", pre, near_cb, &n);
	}
	size_t shown = 0;
	for (size_t i = 0; i < n.names.n && shown < max; i++) {
		struct ks_surface s = { 0 };
		struct jv t;
		const struct jv *tv = func_type(st, id, n.names.v[i], &s, &t);
		if (tv && rename_same_prototype(tv, proto)) {
			cb(n.names.v[i], arg);
			shown++;
		}
		surface_free(&s);
	}
	vec_free(&n.names);
	arena_free(&a);
	return shown;
}
