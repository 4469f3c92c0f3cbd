#include "report/groups.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/words.h"
#include "util/xalloc.h"

static const char *const titles[GROUP__COUNT] = { "Regular", "LTS", "Revision", "Arch", "Flavor",
						  "Toolchain" };
static const char *const keys[GROUP__COUNT] = { "regular", "lts", "revision", "arch", "flavor",
						"toolchain" };
const char lts_default[] = "4.4,4.9,4.14,4.19,5.4,5.10,5.15,6.1,6.6,6.12";

bool lts_list_valid(const char *list)
{
	const char *w;
	size_t l;
	bool any = false;
	for (const char *p = list; words_next(&p, &w, &l); any = true) {
		size_t major = strspn(w, "0123456789");
		if (!major || major >= l || w[major] != '.' ||
		    major + 1 + strspn(w + major + 1, "0123456789") != l || major + 1 == l)
			return false;
	}
	return any && list[strlen(list) - 1] != ',';
}

/* Whether MM ("5.10") is one of the series of LIST. */
static bool in_list(const char *list, const char *mm)
{
	const char *w;
	size_t l;
	for (const char *p = list; words_next(&p, &w, &l);)
		if (l == strlen(mm) && !strncmp(w, mm, l))
			return true;
	return false;
}

int groups_parse(const char *list)
{
	int mask = 0;
	const char *w;
	size_t l;
	for (const char *p = list; words_next(&p, &w, &l);) {
		int k = words_index(w, l, keys, GROUP__COUNT);
		if (k < 0)
			return -1;
		mask |= 1 << k;
	}
	return mask;
}

const char *version_rc(const char *version)
{
	for (const char *p = version; *p; p++)
		if ((*p == '-' || *p == '~') && !strncmp(p + 1, "rc", 2))
			return p;
	return NULL;
}

/* Compare dotted versions numerically ("4.10" after "4.9", "7.3" as "7.3.0"),
 * a release candidate before its release ("7.3-rc7" and "7.3~rc7" before "7.3"
 * and "7.3.0"), what else follows the numbers as text. */
static int version_cmp(const char *a, const char *b)
{
	for (;;) {
		bool da = isdigit((unsigned char)*a), db = isdigit((unsigned char)*b);
		if (!da && !db)
			break;
		char *ea = (char *)a, *eb = (char *)b;
		long x = da ? strtol(a, &ea, 10) : 0, y = db ? strtol(b, &eb, 10) : 0;
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' && isdigit((unsigned char)ea[1]) ? ea + 1 : ea;
		b = *eb == '.' && isdigit((unsigned char)eb[1]) ? eb + 1 : eb;
	}
	bool ra = version_rc(a) == a, rb = version_rc(b) == b;
	if (ra != rb)
		return ra ? -1 : 1;
	if (ra) {
		long x = strtol(a + 3, NULL, 10), y = strtol(b + 3, NULL, 10);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return strcmp(a, b);
}

static long abi_num(const char *abi)
{
	return abi && *abi ? strtol(abi, NULL, 10) : -1;
}

const char *version_series(const char *version, char *buf, size_t len)
{
	size_t n = strspn(version, "0123456789");
	if (n && version[n] == '.' && isdigit((unsigned char)version[n + 1]))
		n += 1 + strspn(version + n + 1, "0123456789");
	if (!n) /* not a number: a series of its own */
		n = strlen(version);
	snprintf(buf, len, "%.*s", (int)n, version);
	return buf;
}

/* The default flavor of an arch without a generic image (Arch group). */
static const char *default_flavor(const char *arch)
{
	static const char *const table[][2] = {
		{ "i386", "686-pae" }, { "armhf", "armmp" }, { "armel", "marvell" },
		{ "mips64el", "5kc-malta" }, { "mipsel", "4kc-malta" },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(arch, table[i][0]))
			return table[i][1];
	return "";
}

/* How well image IM fills its Arch slot: the baseline's flavor, else generic,
 * else the arch's default flavor, else any (lower is better). */
static int arch_rank(const struct image_ident *im, const struct image_ident *b)
{
	return !strcmp(im->flavor, b->flavor) ? 0 : !strcmp(im->flavor, "generic") ? 1
	     : !strcmp(im->flavor, default_flavor(im->arch)) ? 2 : 3;
}

/* Whether image X should fill a slot rather than image Y (neither the baseline). */
static bool preferred(int kind, const struct image_ident *x, const struct image_ident *y,
		      const struct image_ident *b)
{
	if (kind == GROUP_ARCH) {
		int rx = arch_rank(x, b), ry = arch_rank(y, b);
		if (rx != ry)
			return rx < ry;
		if (strcmp(x->flavor, y->flavor))
			return strcmp(x->flavor, y->flavor) < 0;
	}
	/* the baseline's ABI, else the lowest ABI, else the lowest version */
	bool xa = !strcmp(x->abi, b->abi), ya = !strcmp(y->abi, b->abi);
	if (xa != ya)
		return xa;
	long p = abi_num(x->abi), q = abi_num(y->abi);
	if (p != q)
		return p < q;
	/* a release before a release candidate of its series (experimental's 7.3-rc7) */
	bool xr = version_rc(x->version), yr = version_rc(y->version);
	if (xr != yr)
		return yr;
	return version_cmp(x->version, y->version) < 0;
}

/* Whether versions A and B are of one X.Y series. */
static bool same_series(const char *a, const char *b)
{
	char x[32], y[32];
	return !strcmp(version_series(a, x, sizeof(x)), version_series(b, y, sizeof(y)));
}

/* Whether image X is a later release than Y: its version, then its ABI. */
static bool newer(const struct image_ident *x, const struct image_ident *y)
{
	int c = version_cmp(x->version, y->version);
	return c ? c > 0 : abi_num(x->abi) > abi_num(y->abi);
}

struct cand {
	size_t i;
	char key[64]; /* the slot: series, revision, arch or flavor */
};

/* How cand_cmp orders one group's candidates (passed through qsort_r: groups
 * are built on several threads at once, by the site's page workers). */
struct cand_order {
	const struct image_ident *images;
	int kind;
};

static int cand_cmp(const void *x, const void *y, void *arg)
{
	const struct cand *a = x, *b = y;
	const struct cand_order *o = arg;
	const struct image_ident *p = &o->images[a->i], *q = &o->images[b->i];
	if (o->kind == GROUP_REGULAR || o->kind == GROUP_LTS)
		return version_cmp(a->key, b->key);
	if (o->kind == GROUP_REVISION) {
		int c = version_cmp(p->version, q->version);
		if (c)
			return c;
		long m = abi_num(p->abi), n = abi_num(q->abi);
		return m < n ? -1 : m > n;
	}
	return strcmp(a->key, b->key);
}

/* The build IM's name carries after its version ("deb12" of 6.12.117+deb12-
 * generic-amd64) with its GCC's major version ("deb12 gcc-12"), into KEY;
 * false when the name carries none. */
static bool build_of(const struct image_ident *im, char *key, size_t len)
{
	const char *plus = strchr(im->name, '+');
	if (!plus || !plus[1])
		return false;
	size_t n = strcspn(plus + 1, "-");
	const char *gcc = im->compiler ? strstr(im->compiler, "GCC: (") : NULL;
	const char *v = gcc ? strchr(gcc, ')') : NULL;
	int major = v ? atoi(v + 1) : 0;
	if (major > 0)
		snprintf(key, len, "%.*s gcc-%d", (int)n, plus + 1, major);
	else
		snprintf(key, len, "%.*s", (int)n, plus + 1);
	return n > 0;
}

/* Image IM's slot in group KIND around B (into KEY), false when it has none. */
static bool slot_of(int kind, const struct image_ident *im, const struct image_ident *b,
		    const char *lts, char *key, size_t len)
{
	char mm[32], mmb[32];
	version_series(im->version, mm, sizeof(mm));
	version_series(b->version, mmb, sizeof(mmb));
	bool same_arch = !strcmp(im->arch, b->arch), same_flavor = !strcmp(im->flavor, b->flavor);
	switch (kind) {
	case GROUP_LTS:
		if (!in_list(lts, mm))
			return false;
		/* fall through */
	case GROUP_REGULAR:
		snprintf(key, len, "%s", mm);
		return same_arch && same_flavor;
	case GROUP_REVISION:
		snprintf(key, len, "%s", *im->abi ? im->abi : im->version);
		return same_arch && same_flavor && !strcmp(mm, mmb);
	case GROUP_ARCH:
		snprintf(key, len, "%s", im->arch);
		return !same_arch && !strcmp(im->version, b->version);
	case GROUP_FLAVOR:
		snprintf(key, len, "%s", im->flavor);
		return same_arch && !same_flavor && !strcmp(im->version, b->version);
	case GROUP_TOOLCHAIN:
		return same_arch && same_flavor && !strcmp(im->version, b->version) &&
		       build_of(im, key, len);
	}
	return false;
}

size_t groups_build(const struct image_ident *images, size_t n, size_t baseline, int mask,
		    const char *lts, struct report_group **out)
{
	if (!lts)
		lts = lts_default;
	const struct image_ident *b = &images[baseline];
	struct report_group *groups = xcalloc(GROUP__COUNT, sizeof(*groups));
	size_t ng = 0;
	for (int k = 0; k < GROUP__COUNT; k++) {
		if (!(mask & (1 << k)))
			continue;
		struct cand *c = xmalloc((n ? n : 1) * sizeof(*c));
		size_t nc = 0;
		char bkey[64]; /* the baseline's label in this group */
		slot_of(k, b, b, lts, bkey, sizeof(bkey));
		for (size_t i = 0; i < n; i++) {
			char key[64];
			if (i == baseline && (k == GROUP_ARCH || k == GROUP_FLAVOR))
				continue; /* compared with, not listed */
			if (!slot_of(k, &images[i], b, lts, key, sizeof(key)))
				continue;
			/* one image per slot: the baseline, else the preferred one */
			size_t j = 0;
			while (j < nc && strcmp(c[j].key, key))
				j++;
			if (j == nc) {
				c[nc].i = i;
				snprintf(c[nc++].key, sizeof(c[0].key), "%s", key);
			} else if (c[j].i != baseline &&
				   (i == baseline || preferred(k, &images[i], &images[c[j].i], b))) {
				c[j].i = i;
			}
		}
		struct cand_order order = { images, k };
		qsort_r(c, nc, sizeof(*c), cand_cmp, &order);
		struct report_group *g = &groups[ng];
		g->kind = (enum group_kind)k;
		g->title = titles[k];
		g->against_baseline = k == GROUP_ARCH || k == GROUP_FLAVOR;
		g->images = xcalloc(nc ? nc : 1, sizeof(*g->images));
		size_t others = 0;
		for (size_t j = 0; j < nc; j++) {
			const struct image_ident *im = &images[c[j].i];
			g->images[g->n++] = (struct group_image){ im->id, im->name, xstrdup(c[j].key) };
			others += c[j].i != baseline;
		}
		g->baseline = (struct group_image){ b->id, b->name, xstrdup(bkey) };
		free(c);
		if (others == 0) { /* nothing but the baseline: left out */
			for (size_t j = 0; j < g->n; j++)
				free((char *)g->images[j].label);
			free(g->images);
			free((char *)g->baseline.label);
			memset(g, 0, sizeof(*g));
			continue;
		}
		ng++;
	}
	*out = groups;
	return ng;
}

void groups_free(struct report_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < g[i].n; j++)
			free((char *)g[i].images[j].label);
		free(g[i].images);
		free((char *)g[i].baseline.label);
	}
	free(g);
}

long groups_default_baseline(const struct image_ident *images, size_t n)
{
	/* the amd64 generic images' series, the middle one (the lower of two) */
	const char **series = xmalloc((n ? n : 1) * sizeof(*series));
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(images[i].arch, "amd64") || strcmp(images[i].flavor, "generic"))
			continue;
		size_t j = 0;
		while (j < ns && !same_series(series[j], images[i].version))
			j++;
		if (j == ns)
			series[ns++] = images[i].version;
	}
	for (size_t i = 1; i < ns; i++)
		for (size_t j = i; j > 0 && version_cmp(series[j - 1], series[j]) > 0; j--) {
			const char *t = series[j];
			series[j] = series[j - 1];
			series[j - 1] = t;
		}
	const char *mid = ns ? series[(ns - 1) / 2] : NULL;
	/* of that series, the image with the most other arches at its version,
	 * then the newest */
	long best = -1;
	size_t best_arches = 0;
	for (size_t i = 0; mid && i < n; i++) {
		const struct image_ident *im = &images[i];
		if (strcmp(im->arch, "amd64") || strcmp(im->flavor, "generic") ||
		    !same_series(im->version, mid))
			continue;
		size_t arches = 0;
		for (size_t j = 0; j < n; j++)
			arches += strcmp(images[j].arch, im->arch) && !strcmp(images[j].version, im->version);
		if (best < 0 || arches > best_arches ||
		    (arches == best_arches && newer(im, &images[best]))) {
			best = (long)i;
			best_arches = arches;
		}
	}
	free(series);
	return best;
}
