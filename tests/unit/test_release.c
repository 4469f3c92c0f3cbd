/* Image identity from the release string (SPEC §2). */
#include "elf/identity.h"
#include "tap.h"

static void split(const char *release, const char *base, const char *abi, const char *flavor)
{
	struct arena a = { 0 };
	const char *b, *n, *f;
	ks_parse_release(&a, release, &b, &n, &f);
	CHECK_STR(b, base);
	CHECK_STR(n, abi);
	CHECK_STR(f, flavor);
	arena_free(&a);
}

/* The version ks_identify_release reads off BANNER. */
static void version(const char *banner, const char *want)
{
	struct ks_surface s = { 0 };
	ks_identify_release(&s, banner, NULL, "amd64", NULL);
	CHECK_STR(s.info.version, want);
	arena_free(&s.strings);
}

int main(void)
{
	tap_plan(27 * 3 + 4); /* 27 releases, 3 parts each; 4 banners */
	/* Debian's banner carries the upstream version, a release candidate's too */
	version("Linux version 6.1.0-50-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP "
		"PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-07-02)", "6.1.176");
	version("Linux version 7.3-amd64 (debian-kernel@lists.debian.org) (gcc-16) #1 SMP "
		"PREEMPT_DYNAMIC Debian 7.3~rc7-1~exp1 (2026-10-16)", "7.3-rc7");
	version("Linux version 7.3.4+deb13-amd64 (debian-kernel@lists.debian.org) #1 SMP "
		"PREEMPT_DYNAMIC Debian 7.3.4-1~bpo13+1 (2026-11-15)", "7.3.4");
	/* ... else the release's */
	version("Linux version 5.4.0-26-generic (buildd@lgw01-amd64-039) #30-Ubuntu SMP", "5.4.0");
	split("6.1.0-56-cloud-amd64", "6.1.0", "56", "cloud");
	split("6.1.0-56-amd64", "6.1.0", "56", "generic");
	split("6.1.0-56-rt-amd64", "6.1.0", "56", "rt");
	split("5.4.0-26-generic", "5.4.0", "26", "generic");
	split("5.15.0-1004-aws", "5.15.0", "1004", "aws");
	split("6.12.48+deb12-amd64", "6.12.48+deb12", "", "generic");
	split("7.2.13+deb14-amd64", "7.2.13+deb14", "", "generic");
	split("6.12.115+deb13.1-rt-amd64", "6.12.115+deb13.1", "", "rt");
	split("7.3-cloud-amd64", "7.3", "", "cloud");
	split("6.12.48+deb12-cloud-arm64", "6.12.48+deb12", "", "cloud");
	/* Debian: the arch-only suffix is generic; every other suffix is its own flavor. */
	split("6.1.0-50-686", "6.1.0", "50", "686");
	split("6.1.0-50-686-pae", "6.1.0", "50", "686-pae");
	split("6.1.0-50-rt-686-pae", "6.1.0", "50", "rt-686-pae");
	split("6.1.0-50-armmp", "6.1.0", "50", "armmp");
	split("6.1.0-50-armmp-lpae", "6.1.0", "50", "armmp-lpae");
	split("6.1.0-50-rt-armmp", "6.1.0", "50", "rt-armmp");
	split("6.1.0-50-octeon", "6.1.0", "50", "octeon");
	split("6.1.0-50-loongson-3", "6.1.0", "50", "loongson-3");
	split("6.1.0-50-5kc-malta", "6.1.0", "50", "5kc-malta");
	split("6.1.0-50-mips64r2el", "6.1.0", "50", "mips64r2el");
	split("6.1.0-50-marvell", "6.1.0", "50", "marvell");
	split("6.1.0-50-powerpc64le", "6.1.0", "50", "generic");
	split("6.1.0-50-s390x", "6.1.0", "50", "generic");
	split("6.1.0-57-rt-arm64", "6.1.0", "57", "rt");
	split("6.12.41+deb12-arm64-16k", "6.12.41+deb12", "", "arm64-16k");
	split("6.12.41+deb12-powerpc64le-64k", "6.12.41+deb12", "", "powerpc64le-64k");
	/* not a release (a raw BTF file named vmlinux): no flavor */
	split("vmlinux", "", "", "");
	return tap_done();
}
