/* groups.h — images in report groups relative to a baseline (SPEC §8).
 *
 *   Regular   one image per kernel version with the baseline's arch and
 *             flavor, by version; consecutive pairs compared; label X.Y
 *   LTS       the Regular images of long-term series; label X.Y
 *   Revision  the baseline's version, arch and flavor with every ABI number,
 *             by ABI; consecutive pairs; label the ABI
 *   Arch      the baseline's version and flavor on other architectures, each
 *             compared with the baseline; label the arch
 *   Flavor    the baseline's version and arch with other flavors, each
 *             compared with the baseline; label the flavor
 * Of several candidates for one slot the baseline wins, else the lowest ABI.
 */
#ifndef KSURF_REPORT_GROUPS_H
#define KSURF_REPORT_GROUPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "surface/surface.h"

enum group_kind { GROUP_REGULAR, GROUP_LTS, GROUP_REVISION, GROUP_ARCH, GROUP_FLAVOR, GROUP__COUNT };

struct group_image {
	int64_t id;
	const char *name, *label;
};

struct report_group {
	enum group_kind kind;
	const char *title; /* "Regular", ... */
	/* the images listed under Status (Arch/Flavor: without the baseline) */
	struct group_image *images;
	size_t n;
	bool against_baseline; /* Arch, Flavor: each compared with the baseline */
	struct group_image baseline; /* labelled in this group's terms */
};

struct image_ident {
	int64_t id;
	const char *name, *version, *abi, *flavor, *arch;
};

/* "regular,arch,flavor" -> a mask of 1 << GROUP_*; -1 for an unknown name. */
int groups_parse(const char *list);

/* The long-term series the LTS group takes by default: "4.4,4.9,...". */
extern const char lts_default[];

/* Whether LIST is a comma-separated list of X.Y series. */
bool lts_list_valid(const char *list);

/*
 * The groups of MASK for IMAGES (N of them) around BASELINE (an index into
 * IMAGES), in the order Regular, LTS, Revision, Arch, Flavor, the LTS group
 * taking the series of LTS (a valid list; NULL: lts_default); a group with no
 * image but the baseline is left out.  *OUT malloc'd (free with groups_free).
 */
size_t groups_build(const struct image_ident *images, size_t n, size_t baseline, int mask,
		    const char *lts, struct report_group **out);
void groups_free(struct report_group *g, size_t n);

/* The default baseline: the amd64 generic image of the middle version; -1 when none. */
long groups_default_baseline(const struct image_ident *images, size_t n);

#endif
