/* stats.h — the study's tables computed on a dataset.
 *
 * Every table is data: a title, column names, and rows of cells (text or
 * numbers), printed by stats_print.c as text, Markdown, CSV or JSON and by
 * the site as HTML.  The tables (docs/stats.md says what each counts):
 *
 *   versions     per consecutive pair of the Regular and LTS groups, per kind
 *                (func, struct, tracepoint): old and new counts, added,
 *                removed, changed, each also as a share of the old count
 *   issues       the changes of those pairs by issue (Param added, ...)
 *   revisions    per consecutive pair of the Revision group (ABI revisions
 *                of the baseline's series), every kind: counts, added,
 *                removed, changed
 *   configs      each Arch and Flavor image against the baseline: config
 *                options, functions, structs, tracepoints, system calls added,
 *                removed, changed
 *   collisions   per image its function groups by collision class
 *   inline       per image its groups not, fully and selectively inlined, and
 *                their shares
 *   suffixes     per image, with its compiler, the function symbols by
 *                compiler suffix (isra, constprop, part, cold, two or more)
 *   programs     with checked programs: per program its dependencies, those
 *                with an issue in some image, and its verdicts over the images
 *   program-issues  per dependency kind and issue, the programs and unique
 *                dependencies with it in at least one image
 */
#ifndef KSURF_STATS_STATS_H
#define KSURF_STATS_STATS_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report/group_settings.h"
#include "util/arena.h"
#include "util/vec.h"

struct ks_store;
struct check_run;

struct stats_cell {
	const char *text; /* NULL: a number */
	double num;
	bool is_share; /* a number that is a percentage */
};

struct stats_table {
	const char *id, *title;
	const char *note; /* one sentence on what it counts */
	VEC(const char *) columns;
	VEC(struct stats_cell) cells; /* row-major */
};

struct stats {
	VEC(struct stats_table) tables;
	const char *baseline; /* the groups' baseline, NULL when none forms */
	struct arena strings;
	const char *only; /* the one table computed, NULL: all */
};

/* The ids of the tables, in their order ("programs" and "program-issues" need
 * checked programs); NULL-terminated. */
extern const char *const stats_table_ids[];

/*
 * The tables of ST's images around the baseline GS gives (else the
 * set by `ksurf config`, else the default one); RUN (NULL for none) adds the program
 * tables; ONLY (NULL for all) computes that table alone, skipping the work
 * of the others.  Progress on stderr when PROGRESS.  0; -1 after an error
 * line.  Free with stats_free (also after an error).
 */
int stats_compute(struct ks_store *st, const struct group_settings *gs, const struct check_run *run,
		  const char *only, bool progress, struct stats *out);
void stats_free(struct stats *s);

/* The table of id ID, NULL when S has none. */
const struct stats_table *stats_table(const struct stats *s, const char *id);
size_t stats_rows(const struct stats_table *t);

enum stats_format { STATS_TEXT, STATS_MD, STATS_CSV, STATS_JSON };
void stats_print(const struct stats *s, enum stats_format f, FILE *out);
/* A cell as text ("12", "3.4 %" for a share, when WITH_UNIT). */
const char *stats_cell_text(const struct stats_cell *c, bool with_unit, char *buf, size_t len);

#endif
