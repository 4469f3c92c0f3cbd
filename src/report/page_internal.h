/* page_internal.h — a page being rendered, for the renderers of report/:
 * page.c (md, json), page_html.c (the site's HTML) and page_text.c (text):
 * the page and the questions every rendering asks of it.  Not for other
 * modules. */
#ifndef KSURF_REPORT_PAGE_INTERNAL_H
#define KSURF_REPORT_PAGE_INTERNAL_H
#include <stdbool.h>
#include <stdio.h>

#include "report/dep.h"
#include "report/group_settings.h"
#include "report/groups.h"
#include "report/page.h"

/* What the page needs of image ids[i]. */
struct page_image {
	struct dep dep;
	bool loaded;
};

struct page {
	FILE *out;
	struct ks_store *st;
	enum dep_kind kind;
	const char *name;
	struct page_image *imgs; /* per image of ids */
	size_t n;
	struct image_ident *ids; /* the context's */
	long base;
	struct group_choice choice;
	struct report_group *groups; /* the choice's */
	size_t ng;
	const struct page_links *links; /* the context's */
	struct page_ctx *ctx;
};

struct btf;
/* The struct (IS_UNION: union) NAME in image ID's stored BTF, as `show
 * --layout` finds it: its type id, and the BTF in *BTF (the context's, parsed
 * once per image); 0 when the dataset holds no BTF of the image (or an
 * unreadable one) or the BTF no such type. */
uint32_t page_layout_btf(const struct page *p, int64_t id, bool is_union, const char *name,
			 const struct btf **btf);

/* Image ID's dependency when the page loaded it, else NULL. */
const struct dep *page_dep(const struct page *p, int64_t id);
/* The image a group's J-th member is compared with; NULL for none. */
const struct group_image *page_compared_with(const struct report_group *g, size_t j);
/* Whether any image G's pairs touch (for Arch and Flavor the baseline too) has
 * what Differences compare: otherwise the group is left out of Differences. */
bool page_group_comparable(const struct page *p, const struct report_group *g);
/* The changes of group G's J-th pair; false when there is nothing to compare. */
bool page_pair_changes(const struct page *p, const struct report_group *g, size_t j,
		       diff_changes *ch);
/* Whether Status lists G's J-th member (Arch and Flavor leave the baseline out). */
bool page_listed(const struct report_group *g, size_t j);

/* The page as the site's HTML (page_html.c). */
void page_html_print(const struct page *p);
/* The text page (page_text.c). */
void page_print_text(const struct page *p);

#endif
