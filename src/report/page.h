/* page.h — the report page of one dependency across the dataset's images.
 *
 * Status per group (each image's marks and body), then Differences per group
 * (consecutive images, or each against the baseline), as:
 *   md    the published page, byte for byte the examples' layout (every name
 *         and label HTML-escaped, which changes no real kernel's name)
 *   html  the same page as the site's HTML: headings as elements, the Status
 *         bodies converted with every text node escaped
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

enum page_format { PAGE_MD, PAGE_TEXT, PAGE_JSON, PAGE_HTML };

#define PAGE_NO_GROUPS 1

/*
 * Print the page of KIND NAME for the groups GS names (report/group_settings.h).
 * 0 when printed (the baseline and series GS gives then remembered, and the
 * images in no group named on stderr); -1 after an error line (also when no
 * image of the page has NAME: a misspelt name prints no page, and when a given
 * or remembered baseline forms no group); PAGE_NO_GROUPS (nothing printed)
 * when GS gives no baseline and the dataset has no default one or no group
 * around it.
 */
int page_show(struct ks_store *st, enum dep_kind kind, const char *name,
	      const struct group_settings *gs, enum page_format format);

/* The images and groups pages are rendered for, resolved once for many pages
 * (the site renders every dependency's page with one). */
struct page_ctx {
	struct ks_store *st;
	const char *cmd; /* for errors */
	struct image_idents il;
	struct group_choice choice;
	bool resolved;
	bool *needed; /* per image of il: in a group, or the baseline */
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
