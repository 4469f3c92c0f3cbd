#include "site/site_search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/image_diff.h"
#include "report/dep_anon.h"
#include "site/site_html.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json_parse.h"
#include "util/vec.h"
#include "util/xalloc.h"

enum cat { CAT_MEMBER, CAT_ENUMVAL, CAT_CONFIG, CAT__COUNT };
static const char *const cat_names[CAT__COUNT] = { "member", "enumval", "config" };

struct entry {
	const char *a, *b; /* member, owner; value, enum; option, NULL */
	int u;             /* a member's owner: 0 struct, 1 union */
	const char **vals; /* an option's value per image, NULL where unset */
	char letter;
};

struct collect {
	struct arena strings;
	VEC(struct entry) v[CAT__COUNT];
	struct hindex seen[CAT__COUNT];
	struct hindex types; /* type ids already read */
	VEC(uint64_t) type_ids;
	size_t n_images;
};

/* The entry (A, B, U) of CAT: its index, added when new. */
static size_t add(struct collect *c, enum cat k, const char *a, const char *b, int u)
{
	uint64_t h = hash_mix(hash_mix(hash_str(a), k == CAT_CONFIG ? 0 : hash_str(b)), (uint64_t)u);
	for (uint32_t *p = hindex_first(&c->seen[k], h); p; p = hindex_next(&c->seen[k], h, p)) {
		const struct entry *e = &c->v[k].v[*p];
		if (!strcmp(e->a, a) && (k == CAT_CONFIG || (!strcmp(e->b, b) && e->u == u)))
			return *p;
	}
	struct entry e = { arena_strdup(&c->strings, a), b ? arena_strdup(&c->strings, b) : NULL, u,
			   NULL, site_letter(a) };
	hindex_insert(&c->seen[k], h, (uint32_t)c->v[k].n);
	vec_push(&c->v[k], e);
	return c->v[k].n - 1;
}

/* Whether type ID was read before (and now is). */
static bool type_seen(struct collect *c, uint64_t id)
{
	for (uint32_t *p = hindex_first(&c->types, id); p; p = hindex_next(&c->types, id, p))
		if (c->type_ids.v[*p] == id)
			return true;
	hindex_insert(&c->types, id, (uint32_t)c->type_ids.n);
	vec_push(&c->type_ids, id);
	return false;
}

/* The members of struct or union type T named OWNER, an anonymous member's
 * own members as OWNER's. */
static void members(struct collect *c, const struct jv *t, const char *owner, int u, int depth)
{
	const struct jv *m = jv_get(t, "members");
	for (size_t i = 0; m && m->type == JV_ARR && i < m->n; i++) {
		const char *name = jv_str(&m->items[i], "name");
		const struct jv *mt = jv_get(&m->items[i], "type");
		if (name && *name && strcmp(name, "(anon)"))
			add(c, CAT_MEMBER, name, owner, u);
		else if (mt && depth < 8)
			members(c, mt, owner, u, depth + 1);
	}
}

/* The values of enum type JSON (LEN bytes) named NAME. */
static int enum_values_of(struct collect *c, const char *json, size_t len, const char *name)
{
	struct arena ja = { 0 };
	struct jv v;
	char err[128];
	if (json_parse(json, len, &ja, &v, err, sizeof(err)) == 0) {
		const struct jv *vals = jv_get(&v, "values");
		for (size_t j = 0; vals && vals->type == JV_ARR && j < vals->n; j++) {
			const char *vn = jv_str(&vals->items[j], "name");
			if (vn && *vn)
				add(c, CAT_ENUMVAL, vn, name, 0);
		}
	}
	arena_free(&ja);
	return 0;
}

/* Image ID's anonymous enums apart (report/dep_anon.h): their values lead to
 * their own pages; *APART set when the image has them (its BTF is stored). */
static int anon_enums_of(struct collect *c, struct ks_store *st, int64_t id, bool *apart)
{
	struct dep_anon_enums all;
	if (dep_anon_enums(st, id, &all) < 0)
		return -1;
	*apart = all.have_btf;
	for (size_t i = 0; i < all.n; i++)
		if (!type_seen(c, all.v[i].hash))
			enum_values_of(c, all.v[i].json, all.v[i].len, all.v[i].name);
	return 0;
}

static int types_of(struct collect *c, struct ks_store *st, int64_t id, const char *kind)
{
	struct arena a = { 0 };
	image_item_vec items = { 0 };
	int ret = image_diff_items(st, id, kind, &a, &items);
	bool en = !strcmp(kind, "enum"), apart = false;
	if (ret == 0 && en)
		ret = anon_enums_of(c, st, id, &apart);
	for (size_t i = 0; ret == 0 && i < items.n; i++) {
		/* the merged "(anon)": its values are the enums' apart */
		if (apart && !strcmp(items.v[i].name, "(anon)"))
			continue;
		if (type_seen(c, items.v[i].id1))
			continue;
		struct arena ja = { 0 };
		size_t len = 0;
		const char *json = ks_store_type_json(st, items.v[i].id1, &ja, &len);
		struct jv v;
		char err[128];
		if (!json)
			ret = -1;
		else if (json_parse(json, len, &ja, &v, err, sizeof(err)) == 0) {
			const struct jv *vals = en ? jv_get(&v, "values") : NULL;
			for (size_t j = 0; vals && vals->type == JV_ARR && j < vals->n; j++) {
				const char *name = jv_str(&vals->items[j], "name");
				if (name && *name)
					add(c, CAT_ENUMVAL, name, items.v[i].name, 0);
			}
			if (!en)
				members(c, &v, items.v[i].name, !strcmp(kind, "union"), 0);
		}
		arena_free(&ja);
	}
	vec_free(&items);
	arena_free(&a);
	return ret;
}

static int configs_of(struct collect *c, struct ks_store *st, int64_t id, size_t img)
{
	struct arena a = { 0 };
	image_item_vec items = { 0 };
	int ret = image_diff_items(st, id, "config", &a, &items);
	for (size_t i = 0; ret == 0 && i < items.n; i++) {
		size_t k = add(c, CAT_CONFIG, items.v[i].name + strlen("CONFIG_"), NULL, 0);
		struct entry *e = &c->v[CAT_CONFIG].v[k];
		if (!e->vals) {
			e->vals = arena_alloc(&c->strings, c->n_images * sizeof(char *));
			memset(e->vals, 0, c->n_images * sizeof(char *));
		}
		if (!e->vals[img]) /* never NULL: "" for an empty value */
			e->vals[img] = arena_strdup(&c->strings, items.v[i].text ? items.v[i].text : "");
	}
	vec_free(&items);
	arena_free(&a);
	return ret;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	if (a->letter != b->letter)
		return (unsigned char)a->letter - (unsigned char)b->letter;
	int r = strcasecmp(a->a, b->a);
	if (!r)
		r = strcmp(a->a, b->a);
	if (!r && a->b && b->b)
		r = strcmp(a->b, b->b);
	return r ? r : a->u - b->u;
}

/* A page's file name when search.js cannot compute it, else NULL (into F). */
static const char *given_file(struct strbuf *f, const char *name)
{
	sb_reset(f);
	bool hashed = site_file_name(f, name);
	return hashed || site_has_non_ascii(name) ? f->p : NULL;
}

/* An option's values per image as an array, "" where unset. */
static void config_values(struct strbuf *sb, const struct entry *e, size_t n)
{
	sb_add(sb, "[");
	for (size_t m = 0; m < n; m++) {
		sb_add(sb, m ? "," : "");
		sb_add_js_str(sb, e->vals && e->vals[m] ? e->vals[m] : "");
	}
	sb_add(sb, "]");
}

/* Whether V[I] is a value of the merged "(anon)" (of an image without BTF)
 * that an anonymous enum apart holds too, V[0..N) sorted: it is left out. */
static bool merged_twice(const struct entry *v, size_t n, size_t i)
{
	if (strcmp(v[i].b, "(anon)"))
		return false;
	for (size_t j = i; j-- > 0 && !strcmp(v[j].a, v[i].a);)
		if (!strncmp(v[j].b, "(anon ", 6))
			return true;
	for (size_t j = i + 1; j < n && !strcmp(v[j].a, v[i].a); j++)
		if (!strncmp(v[j].b, "(anon ", 6))
			return true;
	return false;
}

static int write_files(struct collect *c, const char *const *names, site_emit_fn emit, void *arg)
{
	struct strbuf sb = { 0 }, f = { 0 };
	int ret = 0;
	for (int k = 0; k < CAT__COUNT && ret == 0; k++) {
		struct entry *v = c->v[k].v;
		size_t n = c->v[k].n;
		if (n)
			qsort(v, n, sizeof(*v), cmp_entry);
		for (size_t i = 0; i < n && ret == 0;) {
			char l = v[i].letter;
			sb_reset(&sb);
			sb_addf(&sb, "KSURF_MORE(\"%s-%c\", [", cat_names[k], l);
			bool first = true;
			for (; i < n && v[i].letter == l; i++) {
				if (k == CAT_ENUMVAL && merged_twice(v, n, i))
					continue;
				sb_add(&sb, first ? "\n[" : ",\n[");
				first = false;
				sb_add_js_str(&sb, v[i].a);
				sb_add(&sb, ",");
				if (k == CAT_CONFIG)
					config_values(&sb, &v[i], c->n_images);
				else
					sb_add_js_str(&sb, v[i].b);
				if (k == CAT_MEMBER)
					sb_addf(&sb, ",%d", v[i].u);
				const char *file = k == CAT_CONFIG ? NULL : given_file(&f, v[i].b);
				if (file) {
					sb_add(&sb, ",");
					sb_add_js_str(&sb, file);
				}
				sb_add(&sb, "]");
			}
			sb_add(&sb, "]");
			if (k == CAT_CONFIG) {
				sb_add(&sb, ", [");
				for (size_t m = 0; m < c->n_images; m++) {
					sb_add(&sb, m ? "," : "");
					sb_add_js_str(&sb, names[m]);
				}
				sb_add(&sb, "]");
			}
			sb_add(&sb, ");\n");
			char rel[64];
			snprintf(rel, sizeof(rel), "search/%s-%c.js", cat_names[k], l);
			ret = emit(rel, &sb, arg);
		}
	}
	sb_free(&sb);
	sb_free(&f);
	return ret;
}

int site_search_files(struct ks_store *st, const int64_t *ids, const char *const *names, size_t n,
		      site_emit_fn emit, void *arg)
{
	struct collect c = { .n_images = n };
	int ret = 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = types_of(&c, st, ids[i], "struct");
		if (ret == 0)
			ret = types_of(&c, st, ids[i], "union");
		if (ret == 0)
			ret = types_of(&c, st, ids[i], "enum");
		if (ret == 0)
			ret = configs_of(&c, st, ids[i], i);
	}
	if (ret == 0)
		ret = write_files(&c, names, emit, arg);
	for (int k = 0; k < CAT__COUNT; k++) {
		vec_free(&c.v[k]);
		hindex_free(&c.seen[k]);
	}
	hindex_free(&c.types);
	vec_free(&c.type_ids);
	arena_free(&c.strings);
	return ret;
}
