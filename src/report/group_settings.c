#include "report/group_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"

static int collect_ident(const struct ks_image_row *row, void *arg)
{
	struct image_idents *l = arg;
	struct arena *a = &l->strings;
	struct image_ident im = { row->id, arena_strdup(a, row->info.name),
				  arena_strdup(a, row->info.version), arena_strdup(a, row->info.abi),
				  arena_strdup(a, row->info.flavor), arena_strdup(a, row->info.arch),
				  row->info.compiler ? arena_strdup(a, row->info.compiler) : NULL,
				  row->info.release ? arena_strdup(a, row->info.release) : NULL,
				  row->info.banner ? arena_strdup(a, row->info.banner) : NULL };
	vec_push(&l->v, im);
	return 0;
}

int image_idents_load(struct ks_store *st, struct image_idents *out)
{
	memset(out, 0, sizeof(*out));
	return ks_store_list_images(st, collect_ident, out);
}

void image_idents_free(struct image_idents *l)
{
	vec_free(&l->v);
	arena_free(&l->strings);
}

int group_settings_resolve(struct ks_store *st, const char *cmd, const struct group_settings *s,
			   const struct image_ident *ids, size_t n, struct group_choice *out)
{
	memset(out, 0, sizeof(*out));
	out->baseline = -1;
	if (s->lts)
		snprintf(out->lts, sizeof(out->lts), "%s", s->lts);
	else if (ks_store_get_meta(st, "lts", out->lts, sizeof(out->lts)) != 1 ||
		 !lts_list_valid(out->lts))
		snprintf(out->lts, sizeof(out->lts), "%s", lts_default);
	const char *name = s->baseline;
	out->source = BASELINE_GIVEN;
	if (!name && ks_store_get_meta(st, "baseline", out->baseline_name,
				       sizeof(out->baseline_name)) == 1) {
		name = out->baseline_name;
		out->source = BASELINE_CONFIGURED;
	}
	if (name) {
		char canon[512], what[128];
		snprintf(what, sizeof(what), "%s: %s baseline", cmd,
			 out->source == BASELINE_CONFIGURED ? "the configured" : "the");
		int64_t id = ks_store_find_image(st, what, name, canon, sizeof(canon));
		if (id <= 0)
			return -1;
		for (size_t i = 0; i < n && out->baseline < 0; i++)
			if (ids[i].id == id)
				out->baseline = (long)i;
		if (out->baseline < 0) {
			ks_error("%s: the baseline %s is not among the images", cmd, canon);
			return -1;
		}
	} else {
		out->source = BASELINE_DEFAULT;
		out->baseline = groups_default_baseline(ids, n);
		if (out->baseline < 0)
			return -2;
	}
	snprintf(out->baseline_name, sizeof(out->baseline_name), "%s", ids[out->baseline].name);
	out->ng = groups_build(ids, n, (size_t)out->baseline, s->mask, out->lts, &out->groups);
	if (out->ng == 0)
		group_choice_free(out);	/* no group: nothing for the caller to free */
	if (out->ng == 0 && out->source != BASELINE_DEFAULT) {
		ks_error("%s: the baseline %s forms no group with the other images (none shares its "
			 "arch and flavor, or its version)%s; see --per-image", cmd, out->baseline_name,
			 out->source == BASELINE_CONFIGURED
				 ? " (set by `ksurf config baseline`; `ksurf config --unset baseline` "
				   "drops it)" : "");
		return -1;
	}
	return out->ng ? 0 : -2;
}

void group_choice_free(struct group_choice *c)
{
	groups_free(c->groups, c->ng);
	c->groups = NULL;
	c->ng = 0;
}

bool group_choice_has(const struct group_choice *c, const struct image_ident *ids, int64_t id)
{
	if (c->baseline >= 0 && ids[c->baseline].id == id)
		return true;
	for (size_t g = 0; g < c->ng; g++)
		for (size_t j = 0; j < c->groups[g].n; j++)
			if (c->groups[g].images[j].id == id)
				return true;
	return false;
}

void group_choice_note_ungrouped(const struct group_choice *c, const char *cmd,
				 const struct image_ident *ids, size_t n)
{
	char list[1024] = "";
	size_t at = 0, count = 0;
	for (size_t i = 0; i < n; i++) {
		if (group_choice_has(c, ids, ids[i].id))
			continue;
		if (count++ < 8 && at < sizeof(list))
			at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s", at ? ", " : "",
					       ids[i].name);
	}
	if (count)
		fprintf(stderr, "ksurf: %s: %zu image%s in no group around %s: %s%s (see --per-image)\n",
			cmd, count, count == 1 ? "" : "s", c->baseline_name, list,
			count > 8 ? ", ..." : "");
}
