/* diff_print.h — `ksurf diff` output: a kind's diff as text, md or JSON, and
 * the --stat summary.
 *
 * text (names in visible form, util/text_esc.h; coloured per util/color.h,
 * the same text without):
 *   KIND: OLD -> NEW, N added, N removed[, N renamed], N changed
 *     ISSUE: N                       per issue with changes
 *   + NAME                           added
 *   - NAME                           removed
 *   > OLD -> NEW                     renamed: same prototype (diff/rename.h)
 *   ~ NAME                           changed, then its changes:
 *       ISSUE. OLD -> NEW
 * md: the same as "## KIND" sections, names in <code>, changes as
 * "<b>ISSUE. </b>"; json: one object per kind (see `ksurf diff --help`),
 * "added" and "removed" holding the renamed pairs' names too.
 */
#ifndef KSURF_DIFF_DIFF_PRINT_H
#define KSURF_DIFF_DIFF_PRINT_H
#include <stdbool.h>
#include <stdio.h>

#include "diff/image_diff.h"
#include "util/strbuf.h"
#include "util/text_table.h"

void diff_print_text(FILE *out, const struct kind_diff *d);
/* One change as text, without a line break: "Param added. int x", with
 * " -> NEW" when it has both sides; names escaped (fput_visible). */
void diff_change_print(FILE *out, const struct diff_change *c);
/* "# Differences between <code>A</code> and <code>B</code>", then per kind diff_print_md. */
void diff_print_md_head(FILE *out, const char *a, const char *b);
void diff_print_md(FILE *out, const struct kind_diff *d);
void diff_print_json(FILE *out, const struct kind_diff *d);

/* --stat: a row of counts per kind, then a line of issue counts per kind
 * with changes; a screen at most. */
struct diff_stat {
	struct text_table table;
	struct strbuf issues;
};
void diff_stat_init(struct diff_stat *s);
void diff_stat_add(struct diff_stat *s, const struct kind_diff *d);
/* Print (then free) the summary. */
void diff_stat_print(struct diff_stat *s, FILE *out);
void diff_stat_free(struct diff_stat *s);

/* Whether D holds any difference: a name added, removed, renamed or changed. */
bool kind_diff_any(const struct kind_diff *d);

#endif
