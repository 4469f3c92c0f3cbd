#include "site/site_links.h"

#include <stdlib.h>
#include <string.h>

#include "report/groups.h"
#include "site/site_html.h"

static int cmp_row(const void *key, const void *row)
{
	return strcmp(key, ((const struct dep_index_row *)row)->name);
}

static bool dep_cb(void *arg, struct strbuf *sb, enum dep_kind from_kind, const char *from_name,
		   enum dep_kind kind, const char *name)
{
	const struct site_links *l = arg;
	const struct dep_index *x = kind < DEP__COUNT ? l->idx[kind] : NULL;
	if (!x || !x->rows.n || !bsearch(name, x->rows.v, x->rows.n, sizeof(x->rows.v[0]), cmp_row))
		return false;
	sb_add(sb, site_dep_root(dep_kind_names[from_kind], from_name));
	site_dep_path(sb, dep_kind_names[kind], name);
	return true;
}

static bool source_cb(void *arg, struct strbuf *sb, const struct image_ident *image,
		      const char *path, unsigned long line)
{
	(void)arg;
	return site_source_url(sb, image->version, path, line);
}

void site_links_init(struct site_links *l)
{
	l->pl.arg = l;
	l->pl.dep = dep_cb;
	l->pl.source = source_cb;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0 && n < 8;
}

/* The upstream tag of VERSION into SB ("v6.1.192"); false for "latest". */
static bool upstream_tag(struct strbuf *sb, const char *version)
{
	if (!version)
		return false;
	const char *rcp = version_rc(version);
	size_t n = strlen(version), rc = rcp ? (size_t)(rcp - version) : n;
	if (rc < n && !digits(version + rc + 3, n - rc - 3))
		return false;
	/* X.Y or X.Y.Z before it */
	size_t parts[3], len[3], k = 0, at = 0;
	while (k < 3) {
		size_t e = at;
		while (e < rc && version[e] != '.')
			e++;
		if (!digits(version + at, e - at))
			return false;
		parts[k] = at;
		len[k++] = e - at;
		if (e == rc)
			break;
		at = e + 1;
	}
	if (k < 2 || (k == 3 && parts[2] + len[2] != rc))
		return false;
	bool zero = k == 3 && len[2] == 1 && version[parts[2]] == '0';
	sb_addf(sb, "v%.*s.%.*s", (int)len[0], version + parts[0], (int)len[1], version + parts[1]);
	if (k == 3 && !zero)
		sb_addf(sb, ".%.*s", (int)len[2], version + parts[2]);
	if (rc < n)
		sb_addf(sb, "-rc%s", version + rc + 3);
	return true;
}

bool site_source_url(struct strbuf *sb, const char *version, const char *path, unsigned long line)
{
	if (!path || !*path || *path == '/' || !strcmp(path, "None"))
		return false;
	for (const char *p = path; *p; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			  strchr("_.,+/-", *p);
		if (!ok)
			return false;
		if (*p == '.' && p[1] == '.' && (p == path || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return false;
	}
	sb_add(sb, "https://elixir.bootlin.com/linux/");
	struct strbuf tag = { 0 };
	sb_add(sb, upstream_tag(&tag, version) ? tag.p : "latest");
	sb_free(&tag);
	sb_addf(sb, "/source/%s", path);
	if (line)
		sb_addf(sb, "#L%lu", line);
	return true;
}

const char site_page_css[] =
	"p.summary { font-size: 1.1em; background: #f3f6fa; border-left: 4px solid #5b7db1; "
	"padding: 0.4em 0.8em; }\n"
	"ul.status > li { margin: 2px 0; }\n"
	"ul.status > li:target { background: #fff6cc; }\n"
	".image { color: #57606a; font-size: 0.92em; }\n"
	".status.absent { color: #b3261e; font-weight: 600; }\n"
	".status.issues { color: #8a5a00; font-weight: 600; }\n"
	".status.present { color: #1a7f37; font-weight: 600; }\n"
	"a.anchor { color: #aab; text-decoration: none; margin-left: 0.3em; }\n"
	"a.anchor:hover { color: #333; }\n"
	"pre a { color: #0550ae; }\n"
	".anon { color: #6e40c9; }\n";
