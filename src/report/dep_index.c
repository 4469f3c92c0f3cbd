#include "report/dep_index.h"

#include <stdlib.h>
#include <string.h>

#include "diff/image_diff.h"
#include "report/dep_anon.h"
#include "report/groups.h"
#include "store/store.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json_parse.h"
#include "util/xalloc.h"

const enum ks_issue dep_index_mark_issue[MARK__COUNT] = {
	ISSUE_ABSENT, ISSUE_CHANGED,   ISSUE_SELECTIVE_INLINE, ISSUE_FULL_INLINE,
	ISSUE_DUPLICATE, ISSUE_COLLISION, ISSUE_TRANSFORMATION,
};

const char *dep_index_mark_sym(int m)
{
	return m >= 0 && m < MARK__COUNT ? ks_issue_mark(dep_index_mark_issue[m]) : "";
}

struct slot {
	bool present;
	unsigned marks;
	uint64_t id1, id2;
	const struct dep_anon_enum *anon; /* an anonymous enum's: compared by its text */
};

struct row {
	const char *name;
	struct slot *slots; /* per used image */
};

struct loader {
	struct arena *strings;
	struct hindex ix;
	VEC(struct row) rows;
	size_t n_used;
	size_t cur; /* the image being loaded */
};

static struct slot *slot_of(struct loader *x, const char *name)
{
	uint64_t h = hash_str(name);
	for (uint32_t *p = hindex_first(&x->ix, h); p; p = hindex_next(&x->ix, h, p))
		if (!strcmp(x->rows.v[*p].name, name))
			return &x->rows.v[*p].slots[x->cur];
	struct row r = { arena_strdup(x->strings, name), xcalloc(x->n_used, sizeof(struct slot)) };
	hindex_insert(&x->ix, h, (uint32_t)x->rows.n);
	vec_push(&x->rows, r);
	return &r.slots[x->cur];
}

static int group_cb(const char *name, int collision, int inline_type, bool transformed, void *arg)
{
	struct slot *sl = slot_of(arg, name);
	sl->present = true;
	enum ks_issue is[3];
	int n = ks_group_issues(collision, inline_type, transformed, is);
	for (int i = 0; i < n; i++)
		for (int m = 0; m < MARK__COUNT; m++)
			if (dep_index_mark_issue[m] == is[i])
				sl->marks |= 1u << m;
	return 0;
}

/* Image ID's anonymous enums, each its own row (report/dep_anon.h); a
 * stored enum of the same name keeps the row. */
static int load_anon_enums(struct ks_store *st, int64_t id, struct loader *x)
{
	struct dep_anon_enums all;
	if (dep_anon_enums(st, id, &all) < 0)
		return -1;
	for (size_t i = 0; i < all.n; i++) {
		struct slot *sl = slot_of(x, all.v[i].name);
		if (sl->present)
			continue;
		sl->present = true;
		sl->id1 = all.v[i].hash;
		sl->anon = &all.v[i];
	}
	return 0;
}

/* Image ID's dependencies of KIND into column X->cur. */
static int load_image(struct ks_store *st, int64_t id, const char *kind, struct loader *x)
{
	struct arena a = { 0 };
	image_item_vec items = { 0 };
	int ret = image_diff_items(st, id, kind, &a, &items);
	for (size_t i = 0; ret == 0 && i < items.n; i++) {
		struct slot *sl = slot_of(x, items.v[i].name);
		sl->present = true;
		sl->id1 = items.v[i].id1;
		sl->id2 = items.v[i].id2;
	}
	if (ret == 0 && !strcmp(kind, "func"))
		ret = ks_store_group_classes(st, id, group_cb, x);
	if (ret == 0 && !strcmp(kind, "enum"))
		ret = load_anon_enums(st, id, x);
	vec_free(&items);
	arena_free(&a);
	return ret;
}

/* Whether anonymous enums A and B differ as their pages' Differences see them. */
static int anon_changed(const struct dep_anon_enum *a, const struct dep_anon_enum *b)
{
	struct arena ar = { 0 };
	struct jv ja, jb;
	char err[128];
	int any = -1;
	if (json_parse(a->json, a->len, &ar, &ja, err, sizeof(err)) == 0 &&
	    json_parse(b->json, b->len, &ar, &jb, err, sizeof(err)) == 0) {
		diff_changes ch = { 0 };
		diff_types(&ja, &jb, &ch);
		any = ch.n > 0;
		diff_changes_free(&ch);
	} else {
		ks_error("anonymous enum %s: %s", a->name, err);
	}
	arena_free(&ar);
	return any;
}

static int changed(struct ks_store *st, const struct slot *a, const struct slot *b)
{
	if (a->id1 == b->id1 && a->id2 == b->id2)
		return 0;
	if (a->anon || b->anon) /* one a stored enum of that name: changed */
		return a->anon && b->anon ? anon_changed(a->anon, b->anon) : 1;
	struct arena ar = { 0 };
	diff_changes ch = { 0 };
	int r = image_diff_types(st, a->id1, b->id1, &ar, &ch);
	if (r == 0)
		r = image_diff_types(st, a->id2, b->id2, &ar, &ch);
	int any = r < 0 ? -1 : ch.n > 0;
	diff_changes_free(&ch);
	arena_free(&ar);
	return any;
}

static int by_row_name(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

/* Row ROW's marks per group into CELL. */
static int row_cells(struct ks_store *st, const struct group_choice *choice, const int64_t *used,
		     size_t n_used, const struct row *row, unsigned *cell, unsigned *img)
{
	for (size_t k = 0; k < choice->ng; k++) {
		const struct report_group *gr = &choice->groups[k];
		long bu = -1;
		for (size_t u = 0; u < n_used; u++)
			if (used[u] == gr->baseline.id)
				bu = (long)u;
		const struct slot *prev = NULL;
		bool seen_change = false;
		for (size_t j = 0; j < gr->n; j++) {
			size_t u = 0;
			while (used[u] != gr->images[j].id)
				u++;
			const struct slot *sl = &row->slots[u];
			unsigned *im = img++;
			if (gr->against_baseline && gr->images[j].id == gr->baseline.id)
				continue;
			unsigned m = sl->present ? sl->marks : 1u << MARK_ABSENT;
			const struct slot *ref = gr->against_baseline ? &row->slots[bu] : prev;
			if (sl->present && ref && ref->present) {
				int ch = changed(st, ref, sl);
				if (ch < 0)
					return -1;
				if (ch)
					seen_change = true;
				if (ch && gr->against_baseline)
					m |= 1u << MARK_CHANGED;
			}
			if (!gr->against_baseline && seen_change && sl->present)
				m |= 1u << MARK_CHANGED;
			cell[k] |= m;
			*im = m;
			if (sl->present)
				prev = sl;
			if (gr->against_baseline)
				seen_change = false;
		}
	}
	return 0;
}

int dep_index_build(struct ks_store *st, const struct image_ident *ids, const struct group_choice *choice,
		    const char *kind, struct dep_index *out)
{
	memset(out, 0, sizeof(*out));
	/* the images in use: a column per image, the baseline first */
	VEC(int64_t) used = { 0 };
	vec_push(&used, ids[choice->baseline].id);
	for (size_t k = 0; k < choice->ng; k++)
		for (size_t j = 0; j < choice->groups[k].n; j++) {
			bool seen = false;
			for (size_t u = 0; u < used.n && !seen; u++)
				seen = used.v[u] == choice->groups[k].images[j].id;
			if (!seen)
				vec_push(&used, choice->groups[k].images[j].id);
		}
	struct loader x = { .strings = &out->strings, .n_used = used.n };
	int ret = 0;
	for (size_t u = 0; u < used.n && ret == 0; u++) {
		x.cur = u;
		ret = load_image(st, used.v[u], kind, &x);
	}
	if (x.rows.n)
		qsort(x.rows.v, x.rows.n, sizeof(x.rows.v[0]), by_row_name);
	size_t stride = 0;
	for (size_t k = 0; k < choice->ng; k++)
		stride += choice->groups[k].n;
	out->img = xcalloc(x.rows.n * stride + 1, sizeof(unsigned));
	for (size_t r = 0; r < x.rows.n && ret == 0; r++) {
		struct dep_index_row ir = { .name = x.rows.v[r].name, .img = out->img + r * stride };
		ret = row_cells(st, choice, used.v, used.n, &x.rows.v[r], ir.cell, out->img + r * stride);
		vec_push(&out->rows, ir);
	}
	for (size_t r = 0; r < x.rows.n; r++)
		free(x.rows.v[r].slots);
	vec_free(&x.rows);
	hindex_free(&x.ix);
	vec_free(&used);
	return ret;
}

void dep_index_free(struct dep_index *x)
{
	vec_free(&x->rows);
	arena_free(&x->strings);
	free(x->img);
	x->img = NULL;
}

const char *dep_index_marks(unsigned cell, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	for (int m = 0; m < MARK__COUNT; m++)
		if (cell & (1u << m)) {
			const char *sym = dep_index_mark_sym(m);
			size_t l = strlen(sym);
			if (n + l + 1 > len)
				break;
			memcpy(buf + n, sym, l + 1);
			n += l;
		}
	return buf;
}
