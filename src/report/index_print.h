/* index_print.h — the index of a kind (report/dep_index.h) as `ksurf index`
 * and `ksurf show KIND GLOB` print it: a text table in columns, the published
 * markdown table, one JSON document {"kind", "baseline", "groups": [TITLE,
 * ...], "rows": [{"name", TITLE: [MARK, ...]}]} or one row object a line.
 */
#ifndef KSURF_REPORT_INDEX_PRINT_H
#define KSURF_REPORT_INDEX_PRINT_H
#include <stdio.h>

#include "report/dep_index.h"
#include "report/group_settings.h"

struct ks_store;

enum index_format { INDEX_TEXT, INDEX_MD, INDEX_JSON, INDEX_JSONL };

/* An index loaded for printing: its images, groups and rows. */
struct index_view {
	const char *kind;
	struct image_idents il;
	struct group_choice choice;
	struct dep_index x;
};

/* The index of KIND over the groups GS names among the dataset's images, its
 * rows those whose name matches GLOB (fnmatch; NULL: every row) into *V.  0;
 * -1 after an error line naming CMD (no image, no group, no row matching
 * GLOB).  Free with index_view_free, also after an error. */
int index_view_load(struct ks_store *st, const char *cmd, const char *kind, const char *glob,
		    const struct group_settings *gs, struct index_view *v);

/* V to OUT in FORMAT; text and md then name the images in no group on
 * stderr (report/group_settings.h), naming CMD.  The text table's heads bold
 * (util/color.h). */
void index_view_print(const struct index_view *v, const char *cmd, enum index_format format,
		      FILE *out);

void index_view_free(struct index_view *v);

#endif
