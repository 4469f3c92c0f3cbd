#include "diff/type_diff.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "types/type_render.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

bool jv_equal(const struct jv *a, const struct jv *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case JV_NULL: return true;
	case JV_BOOL: return a->b == b->b;
	case JV_INT: return a->neg == b->neg && a->mag == b->mag;
	case JV_STR: return !strcmp(a->s, b->s);
	case JV_ARR:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i++)
			if (!jv_equal(&a->items[i], &b->items[i]))
				return false;
		return true;
	case JV_OBJ:
		if (a->n != b->n)
			return false;
		for (size_t i = 0; i < a->n; i++)
			if (!jv_equal(&a->items[i], jv_get(b, a->keys[i])))
				return false;
		return true;
	}
	return false;
}

static char *decl_text(const struct jv *type, const char *name)
{
	struct strbuf sb = { 0 };
	render_decl(&sb, type, name);
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

static char *type_text(const struct jv *type)
{
	struct strbuf sb = { 0 };
	render_type(&sb, type);
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

static void add(diff_changes *out, int issue, char *old_text, char *new_text)
{
	struct diff_change c = { issue, old_text, new_text };
	vec_push(out, c);
}

/* The items of LIST (an array of objects with "name") as a name -> index table:
 * the last of a repeated name wins its first position, as a Python dict does. */
struct named {
	const struct jv *list;
	const char **names;
	size_t *index; /* index in list of the item kept for names[i] */
	size_t n;
};

static void named_build(struct named *nm, const struct jv *list)
{
	memset(nm, 0, sizeof(*nm));
	nm->list = list;
	size_t n = list && list->type == JV_ARR ? list->n : 0;
	nm->names = xmalloc((n ? n : 1) * sizeof(char *));
	nm->index = xmalloc((n ? n : 1) * sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		const char *name = jv_str(&list->items[i], "name");
		if (!name)
			name = "";
		size_t k = 0;
		while (k < nm->n && strcmp(nm->names[k], name))
			k++;
		if (k == nm->n) {
			nm->names[nm->n++] = name;
		}
		nm->index[k] = i;
	}
}

static long named_find(const struct named *nm, const char *name)
{
	for (size_t k = 0; k < nm->n; k++)
		if (!strcmp(nm->names[k], name))
			return (long)k;
	return -1;
}

static const struct jv *named_item(const struct named *nm, size_t k)
{
	return &nm->list->items[nm->index[k]];
}

static void named_free(struct named *nm)
{
	free(nm->names);
	free(nm->index);
}

static char *name_list(const struct named *nm)
{
	struct strbuf sb = { 0 };
	for (size_t k = 0; k < nm->n; k++)
		sb_addf(&sb, "%s%s", k ? ", " : "", nm->names[k]);
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

/* Added, removed and type-changed items of two name tables (ISSUE_ADDED + 0, 1, 2). */
static void diff_named(const struct named *o, const struct named *n, int first_issue,
		       diff_changes *out, bool with_reorder)
{
	for (size_t k = 0; k < n->n; k++)
		if (named_find(o, n->names[k]) < 0)
			add(out, first_issue,
			    decl_text(jv_get(named_item(n, k), "type"), n->names[k]), NULL);
	for (size_t k = 0; k < o->n; k++)
		if (named_find(n, o->names[k]) < 0)
			add(out, first_issue + 1,
			    decl_text(jv_get(named_item(o, k), "type"), o->names[k]), NULL);
	if (with_reorder) {
		/* a common name at another index among all the names */
		bool moved = false;
		for (size_t k = 0; k < o->n; k++) {
			long j = named_find(n, o->names[k]);
			if (j >= 0 && (size_t)j != k)
				moved = true;
		}
		if (moved)
			add(out, ISSUE_PARAM_REORDERED, name_list(o), name_list(n));
	}
	int type_issue = with_reorder ? ISSUE_PARAM_TYPE : first_issue + 2;
	for (size_t k = 0; k < o->n; k++) {
		long j = named_find(n, o->names[k]);
		if (j < 0)
			continue;
		const struct jv *ot = jv_get(named_item(o, k), "type");
		const struct jv *nt = jv_get(named_item(n, (size_t)j), "type");
		if (!jv_equal(ot, nt))
			add(out, type_issue, decl_text(ot, o->names[k]), decl_text(nt, o->names[k]));
	}
}

void diff_func(const struct jv *old, const struct jv *new, diff_changes *out)
{
	const struct jv *op = jv_get(old, "type"), *np = jv_get(new, "type");
	struct named o, n;
	named_build(&o, jv_get(op, "params"));
	named_build(&n, jv_get(np, "params"));
	diff_named(&o, &n, ISSUE_PARAM_ADDED, out, true);
	named_free(&o);
	named_free(&n);
	const struct jv *ort = jv_get(op, "ret_type"), *nrt = jv_get(np, "ret_type");
	if (!jv_equal(ort, nrt))
		add(out, ISSUE_RETURN_TYPE, type_text(ort), type_text(nrt));
}

void diff_struct(const struct jv *old, const struct jv *new, diff_changes *out)
{
	struct named o, n;
	named_build(&o, jv_get(old, "members"));
	named_build(&n, jv_get(new, "members"));
	diff_named(&o, &n, ISSUE_FIELD_ADDED, out, false);
	named_free(&o);
	named_free(&n);
}

static char *value_text(const struct jv *v, const char *name)
{
	struct strbuf sb = { 0 };
	int64_t i;
	uint64_t u;
	if (jv_i64(v, "val", &i))
		sb_addf(&sb, "%s = %" PRId64, name, i);
	else if (jv_u64(v, "val", &u))
		sb_addf(&sb, "%s = %" PRIu64, name, u);
	else
		sb_add(&sb, name);
	char *s = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return s;
}

void diff_enum(const struct jv *old, const struct jv *new, diff_changes *out)
{
	struct named o, n;
	named_build(&o, jv_get(old, "values"));
	named_build(&n, jv_get(new, "values"));
	for (size_t k = 0; k < n.n; k++)
		if (named_find(&o, n.names[k]) < 0)
			add(out, ISSUE_VALUE_ADDED, value_text(named_item(&n, k), n.names[k]), NULL);
	for (size_t k = 0; k < o.n; k++)
		if (named_find(&n, o.names[k]) < 0)
			add(out, ISSUE_VALUE_REMOVED, value_text(named_item(&o, k), o.names[k]), NULL);
	for (size_t k = 0; k < o.n; k++) {
		long j = named_find(&n, o.names[k]);
		if (j >= 0 && !jv_equal(jv_get(named_item(&o, k), "val"),
					jv_get(named_item(&n, (size_t)j), "val")))
			add(out, ISSUE_VALUE_CHANGED, value_text(named_item(&o, k), o.names[k]),
			    value_text(named_item(&n, (size_t)j), o.names[k]));
	}
	named_free(&o);
	named_free(&n);
}

bool diff_types(const struct jv *old, const struct jv *new, diff_changes *out)
{
	const char *k = jv_str(old, "kind");
	if (!k)
		return false;
	if (!strcmp(k, "FUNC"))
		diff_func(old, new, out);
	else if (!strcmp(k, "STRUCT") || !strcmp(k, "UNION"))
		diff_struct(old, new, out);
	else if (!strcmp(k, "ENUM") || !strcmp(k, "ENUM64"))
		diff_enum(old, new, out);
	else
		return false;
	return true;
}

void diff_changes_free(diff_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].old_text);
		free(c->v[i].new_text);
	}
	vec_free(c);
}
