/* site.h — the dataset as a static website.
 *
 *   index.html          the images, the statistics tables, the figures
 *   KIND/index.html     per kind (func, struct, union, enum, tracepoint, lsm,
 *                       kfunc, syscall) its letters, and
 *   KIND/letter-L.html  the names whose first letter past their leading
 *                       underscores is L (letter-L-2.html, ... past
 *                       SITE_INDEX_PAGE of them; letter-other.html): a row
 *                       per dependency, per group the marks its images carry
 *                       naming those images, a filter for marked rows, the
 *                       legend
 *   KIND/SH/NAME.html   the report page of each dependency (report/page_html.c:
 *                       a summary line, Status items folding open on click,
 *                       links to types, callers and source lines; page.css)
 *                       in its shard directory SH (site_dep_path: none over
 *                       SITE_DIR_MAX)
 *   programs/...        with checked programs: a page per object, its
 *                       dependency x image matrix coloured by consequence
 *   figures/NAME.svg    inline shares, suffixes, changes per version pair
 *   search.html         client-side search over every dependency name
 *                       (search-index.js, search.js; works from file://),
 *                       members, enum values and config options
 *                       (search/KIND-L.js, loaded on demand: site_search.h)
 * Every page's footer names the ksurf version and the dataset's date.  A file
 * is written only when its bytes change; two runs give the same bytes.
 */
#ifndef KSURF_SITE_SITE_H
#define KSURF_SITE_SITE_H
#include <stdbool.h>
#include <stddef.h>

#include "report/group_settings.h"

#define SITE_INDEX_PAGE 1000

struct site_opts {
	const char *dir;     /* output directory */
	const char *db_path; /* the dataset (each worker opens its own connection) */
	const char *const *checks; /* files to check (programs pages) */
	size_t n_checks;
	struct group_settings gs; /* groups of the report pages and indexes */
	int threads;
	bool progress;
};

struct site_counts {
	size_t files, written, unchanged, removed, dep_pages;
	size_t dirs, max_dir_entries; /* the site's directories, the most entries one holds */
	unsigned long long bytes;
};

/* Build the site.  0; -1 after an error line. */
int site_build(const struct site_opts *o, struct site_counts *out);

#endif
