/* Report groups around a baseline: slots, the image chosen for each, labels. */
#include <pthread.h>
#include <stdlib.h>

#include "report/groups.h"
#include "tap.h"

#define IMG(id, name, version, abi, flavor, arch) { id, name, version, abi, flavor, arch, NULL }

static const struct image_ident images[] = {
	IMG(1, "6.1.0-50-generic-amd64", "6.1.176", "50", "generic", "amd64"),
	IMG(2, "6.1.0-57-generic-amd64", "6.1.192", "57", "generic", "amd64"),
	IMG(3, "6.1.0-56-generic-amd64", "6.1.192", "56", "generic", "amd64"),
	IMG(4, "6.12.41-generic-amd64", "6.12.41", "", "generic", "amd64"),
	IMG(5, "6.12.43-generic-amd64", "6.12.43", "", "generic", "amd64"),
	IMG(6, "6.1.0-50-686-i386", "6.1.176", "50", "686", "i386"),
	IMG(7, "6.1.0-50-686-pae-i386", "6.1.176", "50", "686-pae", "i386"),
	IMG(8, "6.1.0-50-octeon-mips64el", "6.1.176", "50", "octeon", "mips64el"),
	IMG(9, "6.1.0-50-armmp-lpae-armhf", "6.1.176", "50", "armmp-lpae", "armhf"),
	IMG(10, "6.1.0-50-armmp-armhf", "6.1.176", "50", "armmp", "armhf"),
	IMG(11, "6.1.0-50-generic-arm64", "6.1.176", "50", "generic", "arm64"),
	IMG(12, "6.1.0-50-cloud-arm64", "6.1.176", "50", "cloud", "arm64"),
	IMG(13, "6.1.0-50-cloud-amd64", "6.1.176", "50", "cloud", "amd64"),
	IMG(14, "6.1.0-50-rt-amd64", "6.1.176", "50", "rt", "amd64"),
	IMG(15, "6.1.0-57-cloud-amd64", "6.1.192", "57", "cloud", "amd64"),
};
#define N (sizeof(images) / sizeof(images[0]))

/* "label=name,label=name" of group KIND around image BASE (index) of IMS (N
 * of them), "-" when left out. */
static const char *group_of(const struct image_ident *ims, size_t n, int kind, size_t base)
{
	static char buf[1024];
	struct report_group *g;
	size_t ng = groups_build(ims, n, base, 1 << kind, NULL, &g);
	size_t at = 0;
	buf[0] = '-';
	buf[1] = 0;
	for (size_t j = 0; ng && j < g[0].n; j++)
		at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s=%s", j ? "," : "",
				       g[0].images[j].label, g[0].images[j].name);
	groups_free(g, ng);
	return buf;
}

static const char *group(int kind, size_t base)
{
	return group_of(images, N, kind, base);
}

/* The site's page workers build groups on several threads at once: each
 * thread's groups must be those one thread alone builds (the candidates' sort
 * once kept its order in globals, and a page lost an image now and then). */
struct racer {
	int kind;
	size_t base;
	char want[1024];
	int wrong;
};

static void group_text(int kind, size_t base, char *buf, size_t len)
{
	struct report_group *g;
	size_t ng = groups_build(images, N, base, 1 << kind, NULL, &g);
	size_t at = 0;
	buf[0] = 0;
	for (size_t j = 0; ng && j < g[0].n && at < len; j++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", j ? "," : "", g[0].images[j].name);
	groups_free(g, ng);
}

static void *race(void *arg)
{
	struct racer *r = arg;
	char got[1024];
	for (int i = 0; i < 20000; i++) {
		group_text(r->kind, r->base, got, sizeof(got));
		r->wrong += strcmp(got, r->want) != 0;
	}
	return NULL;
}

static const char *groups_on_threads(void)
{
	struct racer r[2] = { { GROUP_REVISION, 0, "", 0 }, { GROUP_ARCH, 12, "", 0 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		group_text(r[i].kind, r[i].base, r[i].want, sizeof(r[i].want));
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, race, &r[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	static char buf[64];
	snprintf(buf, sizeof(buf), "%d wrong of 40000", r[0].wrong + r[1].wrong);
	return buf;
}

/* Toolchain: one release, arch and flavor as two toolchains built it. */
static const struct image_ident builds[] = {
	{ 1, "6.12.117+deb13-generic-amd64", "6.12.117", "", "generic", "amd64",
	  "GCC: (Debian 14.2.0-19) 14.2.0" },
	{ 2, "6.12.117+deb12-generic-amd64", "6.12.117", "", "generic", "amd64",
	  "GCC: (Debian 12.2.0-14+deb12u1) 12.2.0" },
	{ 3, "6.12.117+deb12-cloud-amd64", "6.12.117", "", "cloud", "amd64",
	  "GCC: (Debian 12.2.0-14+deb12u1) 12.2.0" },
	{ 4, "6.12.118+deb12-generic-amd64", "6.12.118", "", "generic", "amd64",
	  "GCC: (Debian 12.2.0-14+deb12u1) 12.2.0" },
	{ 5, "6.1.0-57-generic-amd64", "6.1.192", "57", "generic", "amd64", NULL },
};

/* experimental's release candidate beside releases of its series */
static const struct image_ident rcs[] = {
	IMG(1, "7.3-generic-amd64", "7.3-rc7", "", "generic", "amd64"),
	IMG(2, "7.3.4+deb13-generic-amd64", "7.3.4", "", "generic", "amd64"),
	IMG(3, "7.3-rc2-generic-amd64", "7.3-rc2", "", "generic", "amd64"),
	IMG(4, "7.2.13+deb14-generic-amd64", "7.2.13", "", "generic", "amd64"),
	IMG(5, "7.3.0-generic-amd64", "7.3.0", "", "generic", "amd64"),
};

static const char *toolchain(size_t base, size_t n)
{
	return group_of(builds, n, GROUP_TOOLCHAIN, base);
}

int main(void)
{
	tap_plan(24);
	/* versions: X.Y of a release candidate; rc2, rc7, then the release */
	char buf[32];
	CHECK_STR(version_series("7.3-rc7", buf, sizeof(buf)), "7.3");
	CHECK_STR(version_series("6.1.192", buf, sizeof(buf)), "6.1");
	CHECK_STR(version_series("5.6~rc3", buf, sizeof(buf)), "5.6");
	CHECK_STR(version_series("fixture", buf, sizeof(buf)), "fixture");
	CHECK_STR(group_of(rcs, 5, GROUP_REVISION, 0),
		  "7.3-rc2=7.3-rc2-generic-amd64,7.3-rc7=7.3-generic-amd64,"
		  "7.3.0=7.3.0-generic-amd64,7.3.4=7.3.4+deb13-generic-amd64");
	/* Regular: a release fills the series' slot, not a release candidate */
	CHECK_STR(group_of(rcs, 5, GROUP_REGULAR, 3), "7.2=7.2.13+deb14-generic-amd64,7.3=7.3.0-generic-amd64");
	/* ... a release candidate where the series has nothing else */
	CHECK_STR(group_of(rcs + 2, 2, GROUP_REGULAR, 1), "7.2=7.2.13+deb14-generic-amd64,7.3=7.3-rc2-generic-amd64");
	/* Toolchain: the baseline's release, arch and flavor by build, oldest first */
	CHECK_STR(toolchain(0, 5), "deb12 gcc-12=6.12.117+deb12-generic-amd64,"
				   "deb13 gcc-14=6.12.117+deb13-generic-amd64");
	CHECK_STR(toolchain(1, 5), "deb12 gcc-12=6.12.117+deb12-generic-amd64,"
				   "deb13 gcc-14=6.12.117+deb13-generic-amd64");
	/* ... none for a release one toolchain built, nor without a +BUILD name */
	CHECK_STR(toolchain(3, 5), "-");
	CHECK_STR(toolchain(2, 5), "-");
	CHECK_STR(toolchain(4, 5), "-");
	CHECK_STR(groups_on_threads(), "0 wrong of 40000");
	/* Arch: per other arch its generic image, else the default flavor, else any. */
	CHECK_STR(group(GROUP_ARCH, 0), "arm64=6.1.0-50-generic-arm64,armhf=6.1.0-50-armmp-armhf,"
					"i386=6.1.0-50-686-pae-i386,mips64el=6.1.0-50-octeon-mips64el");
	/* ... of the baseline's version only: none at 6.1.192 */
	CHECK_STR(group(GROUP_ARCH, 1), "-");
	/* ... a cloud baseline takes cloud where the arch has it */
	CHECK_STR(group(GROUP_ARCH, 12), "arm64=6.1.0-50-cloud-arm64,armhf=6.1.0-50-armmp-armhf,"
					 "i386=6.1.0-50-686-pae-i386,mips64el=6.1.0-50-octeon-mips64el");
	/* Flavor: the baseline's version and arch. */
	CHECK_STR(group(GROUP_FLAVOR, 0), "cloud=6.1.0-50-cloud-amd64,rt=6.1.0-50-rt-amd64");
	CHECK_STR(group(GROUP_FLAVOR, 6), "686=6.1.0-50-686-i386");
	/* Revision: every ABI (or version, where releases have none) of the series. */
	CHECK_STR(group(GROUP_REVISION, 0), "50=6.1.0-50-generic-amd64,56=6.1.0-56-generic-amd64,"
					    "57=6.1.0-57-generic-amd64");
	CHECK_STR(group(GROUP_REVISION, 3), "6.12.41=6.12.41-generic-amd64,6.12.43=6.12.43-generic-amd64");
	/* Regular: one image per series, the baseline's, else the first release. */
	CHECK_STR(group(GROUP_REGULAR, 1), "6.1=6.1.0-57-generic-amd64,6.12=6.12.41-generic-amd64");
	CHECK_STR(group(GROUP_REGULAR, 0), "6.1=6.1.0-50-generic-amd64,6.12=6.12.41-generic-amd64");
	/* The default baseline: amd64 generic of the middle series, the image with
	 * the most other arches at its version. */
	long b = groups_default_baseline(images, N);
	CHECK_STR(b >= 0 ? images[b].name : "(none)", "6.1.0-50-generic-amd64");
	/* ... the newest where none has other arches */
	b = groups_default_baseline(images, 5);
	CHECK_STR(b >= 0 ? images[b].name : "(none)", "6.1.0-57-generic-amd64");
	return tap_done();
}
