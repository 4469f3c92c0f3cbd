#include "diff/image_diff.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_text.h"
#include "decode/syscalls.h"
#include "diff/rename.h"
#include "surface/hook_names.h"
#include "util/error.h"
#include "util/json_parse.h"
#include "util/xalloc.h"

const enum dep_kind image_diff_kinds[IMAGE_DIFF_KINDS] = {
	DEP_FUNC, DEP_STRUCT, DEP_UNION, DEP_ENUM, DEP_TRACEPOINT, DEP_LSM, DEP_KFUNC, DEP_SYSCALL,
	DEP_CONFIG,
};

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct image_item *)x)->name, ((const struct image_item *)y)->name);
}

static uint64_t ref_id(const struct ks_type_ref *refs, size_t n, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(refs[mid].name, name);
		if (c == 0)
			return refs[mid].id;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int kind_of(const char *kind)
{
	return !strcmp(kind, "func") ? KS_TYPE_FUNC : !strcmp(kind, "struct") ? KS_TYPE_STRUCT
	     : !strcmp(kind, "union") ? KS_TYPE_UNION : !strcmp(kind, "enum") ? KS_TYPE_ENUM : -1;
}

struct group_merge {
	image_item_vec *items; /* the prototypes, by name */
	size_t next;           /* the first item not before the group's name */
	image_item_vec extra;  /* groups without a prototype */
	struct arena *ar;
};

static int group_cb(const char *name, int collision, int inline_type, bool transformed, void *arg)
{
	struct group_merge *m = arg;
	while (m->next < m->items->n && strcmp(m->items->v[m->next].name, name) < 0)
		m->next++;
	struct image_item *it = m->next < m->items->n && !strcmp(m->items->v[m->next].name, name)
					? &m->items->v[m->next] : NULL;
	if (!it) {
		struct image_item x = { arena_strdup(m->ar, name), 0, 0, NULL, -1, -1, false };
		vec_push(&m->extra, x);
		it = &m->extra.v[m->extra.n - 1];
	}
	it->collision = (int8_t)collision;
	it->inline_type = (int8_t)inline_type;
	it->transformed = transformed;
	return 0;
}

/* Function groups into OUT (the image's FUNC prototypes, by name), by name. */
static int add_groups(struct ks_store *st, int64_t id, struct arena *ar, image_item_vec *out)
{
	struct group_merge m = { .items = out, .ar = ar };
	int r = ks_store_group_classes(st, id, group_cb, &m);
	size_t extra = m.extra.n;
	for (size_t i = 0; i < extra; i++)
		vec_push(out, m.extra.v[i]);
	vec_free(&m.extra);
	if (extra && r == 0)
		qsort(out->v, out->n, sizeof(out->v[0]), by_name);
	return r;
}

int image_diff_items(struct ks_store *st, int64_t id, const char *kind, struct arena *ar,
		     image_item_vec *out)
{
	int tk = kind_of(kind);
	struct ks_type_ref *refs = NULL, *srefs = NULL;
	size_t n = 0, ns = 0;
	int ret = 0;
	if (tk >= 0) {
		if (ks_store_type_refs(st, id, tk, ar, &refs, &n) < 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct image_item it = { refs[i].name, refs[i].id, 0, NULL, -1, -1, false };
			vec_push(out, it);
		}
		free(refs);
		return tk == KS_TYPE_FUNC ? add_groups(st, id, ar, out) : 0;
	}
	struct ks_surface s = { 0 };
	if (!strcmp(kind, "syscall")) {
		ret = ks_store_load_syscalls(st, id, &s);
		/* names once each; ni_syscall fills slots, it is no system call */
		for (size_t i = 0; ret == 0 && i < s.syscalls.n; i++)
			if (s.syscalls.v[i] && !syscall_placeholder(s.syscalls.v[i])) {
				struct image_item it = { arena_strdup(ar, s.syscalls.v[i]), 0, 0, NULL,
							 -1, -1, false };
				vec_push(out, it);
			}
	} else if (!strcmp(kind, "config")) {
		ret = ks_store_load_config(st, id, &s);
		struct config_entry e;
		for (const char *p = ret == 0 ? s.config : NULL; config_next(&p, &e);) {
			if (e.not_set)
				continue;
			struct image_item it = { arena_strndup(ar, e.name, e.name_len), 0, 0,
					   arena_strndup(ar, e.value, e.value_len), -1, -1, false };
			vec_push(out, it);
		}
	} else {
		/* tracepoints, LSM hooks, kfuncs: names, then their types' ids */
		ret = ks_store_load_hooks(st, id, NULL, &s);
		if (ret == 0)
			ret = ks_store_type_refs(st, id, KS_TYPE_FUNC, ar, &refs, &n);
		if (ret == 0 && !strcmp(kind, "tracepoint"))
			ret = ks_store_type_refs(st, id, KS_TYPE_STRUCT, ar, &srefs, &ns);
		char buf[600];
		if (ret == 0 && !strcmp(kind, "tracepoint")) {
			for (size_t i = 0; i < s.tracepoints.n; i++) {
				const struct ks_tracepoint *tp = &s.tracepoints.v[i];
				struct image_item it = { arena_strdup(ar, tp->event_name), 0, 0, NULL,
							 -1, -1, false };
				it.id1 = ref_id(srefs, ns, hook_name(buf, sizeof(buf), HOOK_TP_STRUCT, tp->class_name));
				it.id2 = ref_id(refs, n, hook_name(buf, sizeof(buf), HOOK_TP_FUNC, tp->class_name));
				vec_push(out, it);
			}
		} else if (ret == 0) {
			bool lsm = !strcmp(kind, "lsm");
			const struct ks_item *v = lsm ? s.lsm_hooks.v : s.kfuncs.v;
			size_t nv = lsm ? s.lsm_hooks.n : s.kfuncs.n;
			for (size_t i = 0; i < nv; i++) {
				struct image_item it = { arena_strdup(ar, v[i].name), 0, 0, NULL,
							 -1, -1, false };
				if (lsm)
					hook_name(buf, sizeof(buf), HOOK_LSM_FUNC, v[i].name);
				it.id1 = ref_id(refs, n, lsm ? buf : v[i].name);
				if (!it.id1 && lsm)
					it.id1 = ref_id(refs, n, hook_name(buf, sizeof(buf), HOOK_LSM_BPF, v[i].name));
				vec_push(out, it);
			}
		}
		free(refs);
		free(srefs);
	}
	surface_free(&s);
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), by_name);
	if (!strcmp(kind, "syscall") && out->n) {
		size_t k = 1;
		for (size_t i = 1; i < out->n; i++)
			if (strcmp(out->v[i].name, out->v[k - 1].name))
				out->v[k++] = out->v[i];
		out->n = k;
	}
	return ret;
}

int image_diff_types(struct ks_store *st, uint64_t a_id, uint64_t b_id, struct arena *ar,
		    diff_changes *out)
{
	if (a_id == b_id || !a_id || !b_id)
		return 0;
	size_t la, lb;
	const char *ja = ks_store_type_json(st, a_id, ar, &la);
	const char *jb = ja ? ks_store_type_json(st, b_id, ar, &lb) : NULL;
	if (!ja || !jb)
		return -1;
	struct jv va, vb;
	char err[128];
	if (json_parse(ja, la, ar, &va, err, sizeof(err)) < 0 ||
	    json_parse(jb, lb, ar, &vb, err, sizeof(err)) < 0) {
		ks_error("%s: a stored type is damaged: %s", st->path, err);
		return -1;
	}
	diff_types(&va, &vb, out);
	return 0;
}

/* The issues a function's group gained from A to B, each a change: the old and
 * new class. */
static void status_changes(const struct image_item *a, const struct image_item *b,
			   diff_changes *out)
{
	if (a->collision < 0 || b->collision < 0)
		return;
	bool dup_a = a->collision == KS_COLL_STATIC_DUP, dup_b = b->collision == KS_COLL_STATIC_DUP;
	bool coll_a = a->collision == KS_COLL_STATIC_STATIC || a->collision == KS_COLL_STATIC_GLOBAL;
	bool coll_b = b->collision == KS_COLL_STATIC_STATIC || b->collision == KS_COLL_STATIC_GLOBAL;
	if ((dup_b && !dup_a) || (coll_b && !coll_a)) {
		struct diff_change c = { dup_b ? ISSUE_DUPLICATE : ISSUE_COLLISION,
					 xstrdup(ks_collision_str(a->collision)),
					 xstrdup(ks_collision_str(b->collision)) };
		vec_push(out, c);
	}
	if (b->inline_type != a->inline_type && b->inline_type != KS_INLINE_NO) {
		struct diff_change c = { b->inline_type == KS_INLINE_FULL ? ISSUE_FULL_INLINE
									  : ISSUE_SELECTIVE_INLINE,
					 xstrdup(ks_inline_type_str(a->inline_type)),
					 xstrdup(ks_inline_type_str(b->inline_type)) };
		vec_push(out, c);
	}
	if (b->transformed && !a->transformed) {
		struct diff_change c = { ISSUE_TRANSFORMATION, xstrdup("False"), xstrdup("True") };
		vec_push(out, c);
	}
}

static int diff_item(struct ks_store *st, const char *kind, const struct image_item *a,
		     const struct image_item *b, struct arena *ar, diff_changes *out)
{
	if (!strcmp(kind, "syscall"))
		return 0;
	if (!strcmp(kind, "config")) {
		if (strcmp(a->text, b->text)) {
			struct diff_change c = { ISSUE_CONFIG_CHANGED, xstrdup(a->text), xstrdup(b->text) };
			vec_push(out, c);
		}
		return 0;
	}
	if (!strcmp(kind, "func")) {
		int r = image_diff_types(st, a->id1, b->id1, ar, out);
		status_changes(a, b, out);
		return r;
	}
	if (strcmp(kind, "tracepoint"))
		return image_diff_types(st, a->id1, b->id1, ar, out);
	/* a tracepoint: its event struct's changes, then its function's */
	for (int k = 0; k < 2; k++) {
		diff_changes sub = { 0 };
		if (image_diff_types(st, k ? a->id2 : a->id1, k ? b->id2 : b->id1, ar, &sub) < 0) {
			diff_changes_free(&sub);
			return -1;
		}
		if (sub.n) {
			struct diff_change head = { k ? ISSUE_FUNC_CHANGED : ISSUE_EVENT_CHANGED, NULL, NULL };
			vec_push(out, head);
			for (size_t i = 0; i < sub.n; i++)
				vec_push(out, sub.v[i]);
		}
		vec_free(&sub); /* the texts moved to OUT */
	}
	return 0;
}

bool image_diff_name_match(const struct image_diff_opts *o, const char *name)
{
	if (!o || !o->n_names)
		return true;
	for (size_t i = 0; i < o->n_names; i++)
		if (fnmatch(o->names[i], name, 0) == 0)
			return true;
	return false;
}

/* The FUNC type ID parsed (in AR); NULL when there is none or it is damaged. */
static const struct jv *func_type(struct ks_store *st, uint64_t id, struct arena *ar)
{
	size_t len;
	const char *text = id ? ks_store_type_json(st, id, ar, &len) : NULL;
	struct jv *v = text ? arena_alloc(ar, sizeof(*v)) : NULL;
	char err[64];
	return v && json_parse(text, len, ar, v, err, sizeof(err)) == 0 ? v : NULL;
}

typedef VEC(size_t) index_vec;

/* The first of the names ITEMS[AT[...]] (sorted) not before KEY. */
static size_t lower_bound(const image_item_vec *items, const index_vec *at, const char *key)
{
	size_t lo = 0, hi = at->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(items->v[at->v[mid]].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct rename_pair {
	size_t r, a;  /* indexes into REM and ADD */
	size_t extra; /* the bytes the new name has more */
};

typedef VEC(struct rename_pair) pair_vec;

static int by_extra(const void *x, const void *y)
{
	const struct rename_pair *p = x, *q = y;
	if (p->extra != q->extra)
		return p->extra < q->extra ? -1 : 1;
	return p->r != q->r ? (p->r < q->r ? -1 : 1) : p->a < q->a ? -1 : p->a > q->a;
}

/* The added functions (IB[ADD]) the removed one R may be renamed to. */
static void rename_candidates(struct ks_store *st, const struct image_item *r, size_t ri,
			      const image_item_vec *ib, const index_vec *add, struct arena *ar,
			      pair_vec *out)
{
	const struct jv *rt = NULL;
	bool tried = false;
	for (const char *const *pre = rename_prefixes; *pre && r->id1; pre++) {
		char key[600];
		snprintf(key, sizeof(key), "%s%s", *pre, r->name);
		size_t kl = strlen(key);
		for (size_t j = lower_bound(ib, add, key); j < add->n; j++) {
			const struct image_item *c = &ib->v[add->v[j]];
			if (strncmp(c->name, key, kl))
				break;
			if (!c->id1 || !rename_close_name(r->name, c->name))
				continue;
			if (!tried) {
				rt = func_type(st, r->id1, ar);
				tried = true;
			}
			const struct jv *ct = rt ? func_type(st, c->id1, ar) : NULL;
			if (ct && rename_same_prototype(rt, ct)) {
				struct rename_pair p = { ri, j, strlen(c->name) - strlen(r->name) };
				vec_push(out, p);
			}
		}
	}
}

/* Pair removed functions (IA[REM]) with added ones (IB[ADD]) by the rename
 * rule, the closest names first (vmalloc -> vmalloc_noprof, not
 * vmalloc_32_noprof): TAKEN_R[i] and TAKEN_A[j] are set for each pair, pushed
 * onto OUT by old name. */
static void find_renames(struct ks_store *st, const image_item_vec *ia, const index_vec *rem,
			 const image_item_vec *ib, const index_vec *add, bool *taken_r,
			 bool *taken_a, struct arena *ar, struct kind_diff *out)
{
	pair_vec pairs = { 0 };
	for (size_t i = 0; i < rem->n; i++)
		rename_candidates(st, &ia->v[rem->v[i]], i, ib, add, ar, &pairs);
	if (pairs.n)
		qsort(pairs.v, pairs.n, sizeof(pairs.v[0]), by_extra);
	size_t chosen = 0;
	for (size_t k = 0; k < pairs.n; k++) {
		struct rename_pair p = pairs.v[k];
		if (taken_r[p.r] || taken_a[p.a])
			continue;
		taken_r[p.r] = taken_a[p.a] = true;
		p.extra = 0;
		pairs.v[chosen++] = p;
	}
	/* by old name (REM is sorted) */
	pairs.n = chosen;
	if (pairs.n)
		qsort(pairs.v, pairs.n, sizeof(pairs.v[0]), by_extra);
	for (size_t k = 0; k < pairs.n; k++) {
		struct renamed_item ri = { ia->v[rem->v[pairs.v[k].r]].name,
					   ib->v[add->v[pairs.v[k].a]].name };
		vec_push(&out->renamed, ri);
	}
	vec_free(&pairs);
}

int image_diff_kind_opts(struct ks_store *st, int64_t a, int64_t b, const char *kind,
			 const struct image_diff_opts *opts, struct arena *ar, struct kind_diff *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	image_item_vec ia = { 0 }, ib = { 0 };
	index_vec rem = { 0 }, add = { 0 };
	int ret = -1;
	if (image_diff_items(st, a, kind, ar, &ia) < 0 || image_diff_items(st, b, kind, ar, &ib) < 0)
		goto done;
	for (size_t i = 0; i < ia.n; i++)
		out->n_old += image_diff_name_match(opts, ia.v[i].name);
	for (size_t j = 0; j < ib.n; j++)
		out->n_new += image_diff_name_match(opts, ib.v[j].name);
	size_t i = 0, j = 0;
	ret = 0;
	while ((i < ia.n || j < ib.n) && ret == 0) {
		int c = i == ia.n ? 1 : j == ib.n ? -1 : strcmp(ia.v[i].name, ib.v[j].name);
		if (c < 0) {
			vec_push(&rem, i);
			i++;
		} else if (c > 0) {
			vec_push(&add, j);
			j++;
		} else {
			diff_changes ch = { 0 };
			if (image_diff_name_match(opts, ia.v[i].name))
				ret = diff_item(st, kind, &ia.v[i], &ib.v[j], ar, &ch);
			if (ch.n) {
				for (size_t k = 0; k < ch.n; k++)
					out->issues[ch.v[k].issue]++;
				struct changed_item ci = { ia.v[i].name, ch };
				vec_push(&out->changed, ci);
			} else {
				diff_changes_free(&ch);
			}
			i++;
			j++;
		}
	}
	bool *taken_r = xcalloc(rem.n + 1, sizeof(bool)), *taken_a = xcalloc(add.n + 1, sizeof(bool));
	if (ret == 0 && opts && opts->renames && (!strcmp(kind, "func") || !strcmp(kind, "kfunc")))
		find_renames(st, &ia, &rem, &ib, &add, taken_r, taken_a, ar, out);
	/* with name patterns, a pair either of whose names matches */
	size_t kept = 0;
	for (size_t k = 0; k < out->renamed.n; k++)
		if (image_diff_name_match(opts, out->renamed.v[k].old) ||
		    image_diff_name_match(opts, out->renamed.v[k].new))
			out->renamed.v[kept++] = out->renamed.v[k];
	out->renamed.n = kept;
	for (size_t k = 0; k < rem.n; k++)
		if (!taken_r[k] && image_diff_name_match(opts, ia.v[rem.v[k]].name))
			vec_push(&out->removed, ia.v[rem.v[k]].name);
	for (size_t k = 0; k < add.n; k++)
		if (!taken_a[k] && image_diff_name_match(opts, ib.v[add.v[k]].name))
			vec_push(&out->added, ib.v[add.v[k]].name);
	free(taken_r);
	free(taken_a);
done:
	vec_free(&rem);
	vec_free(&add);
	vec_free(&ia);
	vec_free(&ib);
	return ret;
}

int image_diff_kind(struct ks_store *st, int64_t a, int64_t b, const char *kind, struct arena *ar,
		    struct kind_diff *out)
{
	return image_diff_kind_opts(st, a, b, kind, NULL, ar, out);
}

void kind_diff_free(struct kind_diff *d)
{
	vec_free(&d->added);
	vec_free(&d->removed);
	for (size_t i = 0; i < d->changed.n; i++)
		diff_changes_free(&d->changed.v[i].changes);
	vec_free(&d->changed);
	vec_free(&d->renamed);
}

long long image_syscall_count(struct ks_store *st, int64_t id)
{
	struct arena a = { 0 };
	image_item_vec items = { 0 };
	long long n = image_diff_items(st, id, "syscall", &a, &items) < 0 ? -1 : (long long)items.n;
	vec_free(&items);
	arena_free(&a);
	return n;
}
