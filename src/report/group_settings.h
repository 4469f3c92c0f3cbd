/* group_settings.h — which groups a page or index shows, around which
 * baseline, with which LTS series (SPEC §8): given on the command line, else
 * remembered in the dataset (meta "baseline", "lts"), else the defaults. */
#ifndef KSURF_REPORT_GROUP_SETTINGS_H
#define KSURF_REPORT_GROUP_SETTINGS_H
#include <stddef.h>

#include "report/groups.h"

struct ks_store;

struct group_settings {
	int mask;             /* 1 << GROUP_* */
	const char *baseline; /* an image name; NULL: remembered, else the default */
	const char *lts;      /* "X.Y,..."; NULL: remembered, else lts_default */
};

struct group_choice {
	long baseline;      /* index into the images; see group_settings_resolve */
	char baseline_name[512];
	char lts[512];
};

/*
 * The baseline among IDS (N images) and the LTS series for S.  0; -1 after an
 * error line (CMD: a baseline not in the dataset); -2 when nothing names a
 * baseline and the dataset has no default one (out->baseline is then -1).
 */
int group_settings_resolve(struct ks_store *st, const char *cmd, const struct group_settings *s,
			   const struct image_ident *ids, size_t n, struct group_choice *out);

/* Remember the baseline and LTS series S gives for later pages; 0 or -1. */
int group_settings_remember(struct ks_store *st, const struct group_settings *s);

#endif
