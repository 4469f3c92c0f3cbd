#include "report/groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/words.h"
#include "util/xalloc.h"

static const char *const titles[GROUP__COUNT] = { "Regular", "LTS", "Revision", "Arch", "Flavor" };
static const char *const keys[GROUP__COUNT] = { "regular", "lts", "revision", "arch", "flavor" };
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

/* Compare dotted versions numerically ("4.10" after "4.9"). */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
		if (ea == a && eb == b && (*a || *b))
			return strcmp(a, b);
		if (!*ea && !*eb)
			break;
	}
	return 0;
}

static long abi_num(const char *abi)
{
	return abi && *abi ? strtol(abi, NULL, 10) : -1;
}

/* "5.4.0" -> "5.4" (in BUF). */
static const char *major_minor(const char *version, char *buf, size_t len)
{
	const char *dot = strchr(version, '.');
	const char *dot2 = dot ? strchr(dot + 1, '.') : NULL;
	size_t n = dot2 ? (size_t)(dot2 - version) : strlen(version);
	snprintf(buf, len, "%.*s", (int)n, version);
	return buf;
}

struct cand {
	size_t i;
	const char *key; /* the slot: version, arch, flavor or ABI */
};

static const struct image_ident *sort_images;
static int sort_kind;

static int cand_cmp(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;
	if (sort_kind == GROUP_REGULAR || sort_kind == GROUP_LTS)
		return version_cmp(sort_images[a->i].version, sort_images[b->i].version);
	if (sort_kind == GROUP_REVISION) {
		long p = abi_num(sort_images[a->i].abi), q = abi_num(sort_images[b->i].abi);
		return p < q ? -1 : p > q;
	}
	return strcmp(a->key, b->key);
}

size_t groups_build(const struct image_ident *images, size_t n, size_t baseline, int mask,
		    const char *lts, struct report_group **out)
{
	if (!lts)
		lts = lts_default;
	const struct image_ident *b = &images[baseline];
	struct report_group *groups = xcalloc(GROUP__COUNT, sizeof(*groups));
	size_t ng = 0;
	char mm[32], mmb[32];
	major_minor(b->version, mmb, sizeof(mmb));
	for (int k = 0; k < GROUP__COUNT; k++) {
		if (!(mask & (1 << k)))
			continue;
		struct cand *c = xmalloc((n ? n : 1) * sizeof(*c));
		size_t nc = 0;
		for (size_t i = 0; i < n; i++) {
			const struct image_ident *im = &images[i];
			const char *key = NULL;
			switch (k) {
			case GROUP_REGULAR:
			case GROUP_LTS:
				if (!strcmp(im->arch, b->arch) && !strcmp(im->flavor, b->flavor))
					key = im->version;
				if (key && k == GROUP_LTS &&
				    !in_list(lts, major_minor(im->version, mm, sizeof(mm))))
					key = NULL;
				break;
			case GROUP_REVISION:
				if (!strcmp(im->version, b->version) && !strcmp(im->arch, b->arch) &&
				    !strcmp(im->flavor, b->flavor))
					key = im->abi;
				break;
			case GROUP_ARCH:
				if (!strcmp(im->version, b->version) && !strcmp(im->flavor, b->flavor) &&
				    strcmp(im->arch, b->arch))
					key = im->arch;
				break;
			case GROUP_FLAVOR:
				if (!strcmp(im->version, b->version) && !strcmp(im->arch, b->arch) &&
				    strcmp(im->flavor, b->flavor))
					key = im->flavor;
				break;
			}
			if (!key)
				continue;
			/* one image per slot: the baseline, else the lowest ABI */
			size_t j = 0;
			while (j < nc && strcmp(c[j].key, key))
				j++;
			if (j == nc) {
				c[nc++] = (struct cand){ i, key };
			} else if (c[j].i != baseline &&
				   (i == baseline || abi_num(im->abi) < abi_num(images[c[j].i].abi))) {
				c[j].i = i;
			}
		}
		sort_images = images;
		sort_kind = k;
		qsort(c, nc, sizeof(*c), cand_cmp);
		struct report_group *g = &groups[ng];
		g->kind = (enum group_kind)k;
		g->title = titles[k];
		g->against_baseline = k == GROUP_ARCH || k == GROUP_FLAVOR;
		g->images = xcalloc(nc ? nc : 1, sizeof(*g->images));
		size_t others = 0;
		for (size_t j = 0; j < nc; j++) {
			const struct image_ident *im = &images[c[j].i];
			const char *label = k == GROUP_ARCH ? im->arch : k == GROUP_FLAVOR ? im->flavor
					  : k == GROUP_REVISION ? im->abi : NULL;
			char *l = label ? xstrdup(label) : xstrdup(major_minor(im->version, mm, sizeof(mm)));
			g->images[g->n++] = (struct group_image){ im->id, im->name, l };
			others += c[j].i != baseline;
		}
		g->baseline = (struct group_image){ b->id, b->name,
						    xstrdup(k == GROUP_ARCH ? b->arch
							    : k == GROUP_FLAVOR ? b->flavor
							    : k == GROUP_REVISION ? b->abi : mmb) };
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
	long *c = xmalloc((n ? n : 1) * sizeof(long));
	size_t nc = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(images[i].arch, "amd64") && !strcmp(images[i].flavor, "generic"))
			c[nc++] = (long)i;
	/* sort by version, take the middle */
	for (size_t i = 1; i < nc; i++)
		for (size_t j = i; j > 0 && version_cmp(images[c[j - 1]].version, images[c[j]].version) > 0; j--) {
			long t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	long r = nc ? c[(nc - 1) / 2] : -1;
	free(c);
	return r;
}
