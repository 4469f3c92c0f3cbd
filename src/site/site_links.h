/* site_links.h — the links of the site's dependency pages (report/page.h's
 * page_links): a dependency's page where the site has one, a source line on
 * elixir.bootlin.com, and the style sheet of those pages. */
#ifndef KSURF_SITE_SITE_LINKS_H
#define KSURF_SITE_SITE_LINKS_H
#include <stdbool.h>

#include "report/dep.h"
#include "report/dep_index.h"
#include "report/page.h"
#include "util/strbuf.h"

struct site_links {
	struct page_links pl;
	/* per kind the names with a page (sorted by name, as dep_index builds
	 * them); NULL: the kind has no pages */
	const struct dep_index *idx[DEP__COUNT];
};

/* PL's functions over the pages of IDX (set by the caller): a dependency's
 * href is site_dep_root of the page linking, then site_dep_path of the target. */
void site_links_init(struct site_links *l);

/*
 * The elixir.bootlin.com URL of line LINE (0: the whole file) of PATH in the
 * upstream release of kernel version VERSION: "6.1.192" -> v6.1.192, "6.1.0"
 * or "6.1" -> v6.1, "6.13-rc5" or "6.13~rc5" (Debian's) -> v6.13-rc5, and any
 * other version (a vendor's string, none) -> latest, the newest release.
 * False (nothing added) when PATH is no plain relative path of the source
 * tree (absolute, "..", bytes outside [A-Za-z0-9_.,+/-]).
 */
bool site_source_url(struct strbuf *sb, const char *version, const char *path, unsigned long line);

/* The style sheet of the dependency pages (page.css at the site's root). */
extern const char site_page_css[];

#endif
