/* page.h — the report page of one dependency across the dataset's images.
 *
 * Status per group (each image's marks and body), then Differences per group
 * (consecutive images, or each against the baseline), as:
 *   md    the published page, byte for byte the examples' layout (every name
 *         and label HTML-escaped, which changes no real kernel's name)
 *   html  the site's page (page_html.c): a summary line ("present 5.10–6.1;
 *         renamed mempool_alloc_noprof in 6.12"), Status items each with an
 *         id (the image's label), its full image name and its status as
 *         words (present, absent, changed; the marks' emoji hidden from
 *         screen readers), bodies converted with every text node escaped,
 *         types, callers and source lines linked (page_links), a struct's
 *         or union's members with their offsets and holes (type_layout.h)
 *   text  a compact view (page_text.c): a line per image with its marks and
 *         facts (prototype, location, callers, offset, size), the changes
 *         of each pair, no HTML
 *   json  {"kind", "name", "baseline", "groups": [{"group", "images": [{"label",
 *         "image", "present", "issues": [...]}], "differences": [{"old", "new",
 *         "changes": [{"issue", "old", "new"}]}]}]} (differences only between
 *         images that both have what is compared; a group none of whose images
 *         has it has "differences": null, the page leaves its block out)
 */
#ifndef KSURF_REPORT_PAGE_H
#define KSURF_REPORT_PAGE_H
#include "report/dep.h"
#include <stdio.h>

#include "report/group_settings.h"

struct ks_store;
struct image_ident;
struct strbuf;

enum page_format { PAGE_MD, PAGE_TEXT, PAGE_JSON, PAGE_HTML };

#define PAGE_NO_GROUPS 1

/*
 * Print the page of KIND NAME for the groups GS names (report/group_settings.h).
 * 0 when printed (the images in no group named on stderr); -1 after an
 * error line (also when no image of the page has NAME: a misspelt name prints
 * no page, and when a given or configured baseline forms no group);
 * PAGE_NO_GROUPS (nothing printed)
 * when GS gives no baseline and the dataset has no default one or no group
 * around it.
 */
int page_show(struct ks_store *st, enum dep_kind kind, const char *name,
	      const struct group_settings *gs, enum page_format format);

/*
 * What a page's HTML links to.  Each function adds to SB the href of its
 * target as seen from the page of FROM_KIND FROM_NAME and returns true, or
 * returns false (SB as it was) when there is nothing to link to:
 *   dep     the page of KIND NAME
 *   source  line LINE (0: the whole file) of source file PATH in IMAGE's
 *           kernel version
 */
struct page_links {
	void *arg;
	bool (*dep)(void *arg, struct strbuf *sb, enum dep_kind from_kind, const char *from_name,
		    enum dep_kind kind, const char *name);
	bool (*source)(void *arg, struct strbuf *sb, const struct image_ident *image,
		       const char *path, unsigned long line);
};

/* The images and groups pages are rendered for, resolved once for many pages
 * (the site renders every dependency's page with one). */
struct page_ctx {
	struct ks_store *st;
	const char *cmd; /* for errors */
	struct image_idents il;
	struct group_choice choice;
	bool resolved;
	bool *needed; /* per image of il: in a group, or the baseline */
	const struct page_links *links; /* the HTML's links; NULL: none (set after page_ctx_open) */
	struct page_btf *btf; /* per image of il: its stored BTF for layouts, parsed
			       * once, when a page first asks (page_layout_btf) */
};

/* 0; -1 after an error line; PAGE_NO_GROUPS as page_show.  Close with page_ctx_close (always). */
int page_ctx_open(struct ks_store *st, const char *cmd, const struct group_settings *gs,
		  struct page_ctx *ctx);
void page_ctx_close(struct page_ctx *ctx);

/* Print the page of KIND NAME in FORMAT to OUT.  0; -1 after an error line
 * (also when no image of the page has NAME). */
int page_render(struct page_ctx *ctx, enum dep_kind kind, const char *name, enum page_format format,
		FILE *out);

struct strbuf;
/* One image's item of the text page: "  IMAGE  MARKS[  FACTS]" (IMAGE padded
 * to WIDTH columns) and the lines of facts under it, the prototype only when
 * not LAST (the one printed above, then kept in LAST; start it empty).  D
 * NULL or absent: "Absent".  Names in visible form; coloured per util/color.h. */
void page_text_item(FILE *out, enum dep_kind kind, const char *image, size_t width,
		    const struct dep *d, struct strbuf *last);

#endif
