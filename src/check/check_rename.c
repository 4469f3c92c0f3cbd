#include "check/check_rename.h"

#include <stdio.h>
#include <string.h>

#include "diff/type_diff.h"
#include "store/store.h"
#include "surface/surface.h"
#include "util/arena.h"
#include "util/vec.h"

struct near_ctx {
	const char *want;
	VEC(const char *) names;
	struct arena *a;
};

static int near_cb(const char *name, void *arg)
{
	struct near_ctx *n = arg;
	size_t wl = strlen(n->want);
	const char *hit = strstr(name, n->want);
	/* mempool_alloc -> mempool_alloc_noprof, __mempool_alloc, do_mempool_alloc */
	if (hit && strcmp(name, n->want) && strlen(name) <= wl + 12 && n->names.n < 32)
		vec_push(&n->names, arena_strdup(n->a, name));
	return 0;
}

static bool same_params(const struct jv *a, const struct jv *b)
{
	const struct jv *pa = jv_get(jv_get(a, "type"), "params"), *pb = jv_get(jv_get(b, "type"), "params");
	if (!pa || !pb || pa->type != JV_ARR || pb->type != JV_ARR || pa->n != pb->n)
		return false;
	for (size_t i = 0; i < pa->n; i++)
		if (!jv_equal(jv_get(&pa->items[i], "type"), jv_get(&pb->items[i], "type")))
			return false;
	return jv_equal(jv_get(jv_get(a, "type"), "ret_type"), jv_get(jv_get(b, "type"), "ret_type"));
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

size_t check_renames(struct ks_store *st, int64_t id, const char *name, const struct jv *proto,
		     size_t max, void (*cb)(const char *renamed, void *arg), void *arg)
{
	if (!proto)
		return 0;
	struct arena a = { 0 };
	struct near_ctx n = { name, { 0 }, &a };
	/* NAME_..., and __NAME, _NAME, do_NAME (by the index, not a scan) */
	static const char *const before[] = { "", "__", "_", "do_" };
	for (size_t k = 0; k < sizeof(before) / sizeof(before[0]); k++) {
		char pre[512];
		snprintf(pre, sizeof(pre), "%s%s", before[k], name);
		ks_store_each_name(st, id, "FUNC", pre, near_cb, &n);
	}
	size_t shown = 0;
	for (size_t i = 0; i < n.names.n && shown < max; i++) {
		struct ks_surface s = { 0 };
		struct jv t;
		const struct jv *tv = func_type(st, id, n.names.v[i], &s, &t);
		/* a name alone says nothing (ptrace -> ptrace_access_vm): only
		 * a function taking and returning the same is offered */
		if (tv && same_params(tv, proto)) {
			cb(n.names.v[i], arg);
			shown++;
		}
		surface_free(&s);
	}
	vec_free(&n.names);
	arena_free(&a);
	return shown;
}
