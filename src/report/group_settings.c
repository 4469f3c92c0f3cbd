#include "report/group_settings.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"

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
	if (!name && ks_store_get_meta(st, "baseline", out->baseline_name,
				       sizeof(out->baseline_name)) == 1)
		name = out->baseline_name;
	if (name) {
		for (size_t i = 0; i < n && out->baseline < 0; i++)
			if (!strcmp(ids[i].name, name))
				out->baseline = (long)i;
		if (out->baseline < 0) {
			ks_error("%s: no image named %s in the dataset (the baseline)", cmd, name);
			return -1;
		}
	} else {
		out->baseline = groups_default_baseline(ids, n);
		if (out->baseline < 0)
			return -2;
	}
	snprintf(out->baseline_name, sizeof(out->baseline_name), "%s", ids[out->baseline].name);
	return 0;
}

int group_settings_remember(struct ks_store *st, const struct group_settings *s)
{
	if (s->baseline && ks_store_set_meta(st, "baseline", s->baseline) < 0)
		return -1;
	if (s->lts && ks_store_set_meta(st, "lts", s->lts) < 0)
		return -1;
	return 0;
}
