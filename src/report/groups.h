/* groups.h — images in report groups relative to a baseline.
 *
 *   Regular   one image per X.Y series with the baseline's arch and flavor,
 *             by version; consecutive pairs compared; label X.Y
 *   LTS       the Regular images of long-term series; label X.Y
 *   Revision  the baseline's series, arch and flavor with every ABI number
 *             (or version, for releases without one), by version and ABI;
 *             consecutive pairs; label the ABI (or version)
 *   Arch      the baseline's exact version on other architectures, each
 *             compared with the baseline; per arch the baseline's flavor, else
 *             generic, else the arch's default flavor (i386 686-pae, armhf
 *             armmp, armel marvell, mips64el 5kc-malta), else any; label the arch
 *   Flavor    the baseline's version and arch with other flavors, each
 *             compared with the baseline; label the flavor
 *   Toolchain the baseline's version, arch and flavor as each toolchain
 *             built it (Debian's +debNN builds of one upstream release:
 *             bookworm's GCC 12 and trixie's GCC 14 for 6.12.117); by build,
 *             consecutive pairs; label the build and its GCC ("deb12 gcc-12").
 *             Images without a +BUILD in their name take no part.
 * Of several candidates for one slot the baseline wins, else the one of the
 * baseline's ABI, else the lowest ABI, else a release before a release
 * candidate (experimental's 7.3-rc7), else the lowest version.  Versions
 * compare numerically, a release candidate before its release.
 */
#ifndef KSURF_REPORT_GROUPS_H
#define KSURF_REPORT_GROUPS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "surface/surface.h"

enum group_kind {
	GROUP_REGULAR, GROUP_LTS, GROUP_REVISION, GROUP_ARCH, GROUP_FLAVOR, GROUP_TOOLCHAIN,
	GROUP__COUNT
};

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
	const char *compiler; /* the .comment's GCC: ..., or NULL */
	const char *release;  /* as uname -r says it ("6.1.0-57-amd64"), or NULL */
	const char *banner;   /* its linux_banner ("Linux version ..."), or NULL */
};

/* Where VERSION's release-candidate suffix starts ("-rc7" of "7.3-rc7", "~rc3"
 * of a Debian package's "5.6~rc3"), NULL for a release. */
const char *version_rc(const char *version);

/* The X.Y series of VERSION into BUF ("6.1.192" and "7.3-rc7": "6.1", "7.3"; a
 * version that is no number, whole). */
const char *version_series(const char *version, char *buf, size_t len);

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

/* The default baseline: of the amd64 generic images of the middle X.Y series, the one
 * with the most other arches at its version, then the newest; -1 when none. */
long groups_default_baseline(const struct image_ident *images, size_t n);

#endif
