/* group_settings.h — which groups a page or index shows, around which
 * baseline, with which LTS series: given on the command line (for that
 * command only), else set in the dataset by `ksurf config` (meta "baseline",
 * "lts"), else the defaults.  Nothing here writes the dataset. */
#ifndef KSURF_REPORT_GROUP_SETTINGS_H
#define KSURF_REPORT_GROUP_SETTINGS_H
#include <stdbool.h>
#include <stddef.h>

#include "report/groups.h"
#include "util/arena.h"
#include "util/vec.h"

struct ks_store;

struct group_settings {
	int mask;             /* 1 << GROUP_* */
	const char *baseline; /* an image name (or alias); NULL: `ksurf config`'s, else the default */
	const char *lts;      /* "X.Y,..."; NULL: `ksurf config`'s, else lts_default */
};

/* The identities of the dataset's images, in insertion order. */
struct image_idents {
	VEC(struct image_ident) v;
	struct arena strings;
};
/* Load them into OUT (free with image_idents_free); -1 after an error line. */
int image_idents_load(struct ks_store *st, struct image_idents *out);
void image_idents_free(struct image_idents *l);

enum baseline_source { BASELINE_GIVEN, BASELINE_CONFIGURED, BASELINE_DEFAULT };

struct group_choice {
	long baseline;      /* index into the images */
	enum baseline_source source;
	char baseline_name[512];
	char lts[512];
	struct report_group *groups; /* groups_build's, for the mask */
	size_t ng;
};

/*
 * The baseline among IDS (N images), the LTS series and the groups of S's
 * mask around that baseline, into OUT (free with group_choice_free).  0; -1
 * after an error line naming CMD (a baseline not in the dataset, or given or
 * configured and forming no group); -2 when nothing names a baseline and the
 * dataset's default one has no group, or there is none (nothing printed).
 */
int group_settings_resolve(struct ks_store *st, const char *cmd, const struct group_settings *s,
			   const struct image_ident *ids, size_t n, struct group_choice *out);
void group_choice_free(struct group_choice *c);

/* Whether image ID is the baseline or in one of C's groups. */
bool group_choice_has(const struct group_choice *c, const struct image_ident *ids, int64_t id);

/* One line on stderr naming CMD and the images of IDS in no group of C, if any. */
void group_choice_note_ungrouped(const struct group_choice *c, const char *cmd,
				 const struct image_ident *ids, size_t n);

#endif
