#include "dwarf/path_norm.h"

#include <stdbool.h>
#include <string.h>

#define MAX_PARTS 256

struct part {
	const char *s;
	size_t n;
};

/* Split P into components, applying "." and ".." lexically. */
static size_t split(const char *p, struct part *parts, size_t nparts, bool absolute)
{
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *start = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - start);
		if (n == 1 && start[0] == '.')
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			if (nparts > 0 && !(parts[nparts - 1].n == 2 &&
					    !memcmp(parts[nparts - 1].s, "..", 2))) {
				nparts--;
				continue;
			}
			if (absolute)
				continue; /* "/.." is "/" */
		}
		if (nparts < MAX_PARTS)
			parts[nparts++] = (struct part){ start, n };
	}
	return nparts;
}

static bool part_is(const struct part *p, const char *s)
{
	return p->n == strlen(s) && !memcmp(p->s, s, p->n);
}

static bool part_starts(const struct part *p, const char *s)
{
	size_t n = strlen(s);
	return p->n >= n && !memcmp(p->s, s, n);
}

/* Index of the first component to keep. */
static size_t strip_prefix(const struct part *parts, size_t n, bool absolute,
			   const struct part *cd, size_t ncd, bool cd_absolute)
{
	size_t start = 0;

	if (absolute) {
		/* Under the compilation directory (upstream in-tree builds). */
		if (cd_absolute && ncd > 0 && ncd < n) {
			size_t i = 0;
			while (i < ncd && parts[i].n == cd[i].n &&
			       !memcmp(parts[i].s, cd[i].s, cd[i].n))
				i++;
			if (i == ncd)
				start = ncd;
		}
		/* Distribution source roots: .../linux-X.Y.Z/ (last one wins). */
		if (start == 0)
			for (size_t i = 0; i + 1 < n; i++)
				if (part_starts(&parts[i], "linux-"))
					start = i + 1;
		if (start == 0)
			return 0; /* outside the kernel tree: keep it absolute */
	}
	/* Debian's build directories, every one of them: an rt unit is named
	 * debian/build/build_amd64_rt_amd64/debian/build/source_rt/fs/x.c. */
	while (start + 3 < n && part_is(&parts[start], "debian") &&
	       part_is(&parts[start + 1], "build"))
		start += 3;
	return start;
}

size_t ks_path_normalize(char *out, size_t outsz, const char *dir, const char *name,
			 const char *comp_dir)
{
	struct part parts[MAX_PARTS], cd[MAX_PARTS];
	size_t n = 0, ncd = 0;
	bool absolute;

	if (!name)
		name = "";
	if (name[0] != '/' && dir && dir[0]) {
		absolute = dir[0] == '/';
		n = split(dir, parts, 0, absolute);
		n = split(name, parts, n, absolute);
	} else {
		absolute = name[0] == '/';
		n = split(name, parts, 0, absolute);
	}
	bool cd_absolute = comp_dir && comp_dir[0] == '/';
	if (cd_absolute)
		ncd = split(comp_dir, cd, 0, true);

	size_t start = strip_prefix(parts, n, absolute, cd, ncd, cd_absolute);
	bool keep_root = absolute && start == 0;

	size_t len = 0;
	if (outsz == 0)
		return 0;
	if (keep_root && len + 1 < outsz)
		out[len++] = '/';
	for (size_t i = start; i < n; i++) {
		if (i > start && len + 1 < outsz)
			out[len++] = '/';
		size_t k = parts[i].n;
		if (len + k >= outsz)
			k = outsz - 1 - len;
		memcpy(out + len, parts[i].s, k);
		len += k;
	}
	out[len] = '\0';
	return len;
}
