/* show_items.h — `ksurf show --image/--per-image`: a dependency's state image
 * by image, one Status item each.  Text: a "Kind NAME" head, then a line per
 * image (page_text_item); md: "In <code>IMAGE</code>: MARKS" and the body;
 * json: one object per image, an array of them without --image, a line each
 * in jsonl.  --layout prints pahole's layout per image instead (dep.h).
 */
#ifndef KSURF_REPORT_SHOW_ITEMS_H
#define KSURF_REPORT_SHOW_ITEMS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report/config_report.h"
#include "report/dep.h"
#include "util/json_writer.h"
#include "util/strbuf.h"

struct ks_store;

enum show_format { SHOW_TEXT, SHOW_MD, SHOW_JSON, SHOW_JSONL };

struct show_items {
	FILE *out;
	enum show_format format;
	enum dep_kind kind;
	const char *name;
	bool one_image;       /* --image: text layouts without the image's name */
	bool records;         /* json of every image (an array), or jsonl */
	struct jw_records recs;
	struct strbuf last;   /* text: the prototype shown last */
	bool failed;          /* a layout could not be read (reported) */
};

/* Before the first item and after the last. */
void show_items_begin(struct show_items *s);
void show_items_end(struct show_items *s);

/* D (kind S->kind) in IMAGE; FIRST for the first image shown. */
void show_items_dep(struct show_items *s, const char *image, const struct dep *d, bool first);
/* Config option S->name in IMAGE. */
void show_items_config(struct show_items *s, const char *image, const struct config_item *it,
		       bool first);
/* The layout of struct or union D in image ID, named IMAGE ("absent" where
 * it is not there). */
void show_items_layout(struct show_items *s, struct ks_store *st, int64_t id, const char *image,
		       const struct dep *d, bool first);

#endif
