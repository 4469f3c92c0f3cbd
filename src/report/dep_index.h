/* dep_index.h — the index of one kind: a row per dependency found in the
 * images of the report groups, and per group the marks its images carry.
 *
 * Marks (surface/issues.h): Absent ∅, Changed Δ (from the first change
 * between consecutive images on; against the baseline for Arch and Flavor),
 * Selective Inline S, Full Inline F, Duplicate D, Collision C,
 * Transformation T.  `ksurf index` prints it; the
 * site's index pages are made of it.
 */
#ifndef KSURF_REPORT_DEP_INDEX_H
#define KSURF_REPORT_DEP_INDEX_H
#include <stddef.h>

#include "report/group_settings.h"
#include "surface/issues.h"
#include "util/arena.h"
#include "util/vec.h"

struct ks_store;

/* The marks' bits, in the order they print. */
enum { MARK_ABSENT, MARK_CHANGED, MARK_SEL, MARK_FULL, MARK_DUP, MARK_COLL, MARK_TRANS, MARK__COUNT };
/* Mark M's issue and its symbol ("∅", "Δ", "S", ...). */
extern const enum ks_issue dep_index_mark_issue[MARK__COUNT];
const char *dep_index_mark_sym(int m);

struct dep_index_row {
	const char *name;
	unsigned cell[GROUP__COUNT]; /* per group of the choice: 1 << MARK_* */
	/* per image of each group, group after group in the choice's order and
	 * each group's images[] order: that image's marks (cell[g] is their
	 * union; 0 for an Arch or Flavor group's baseline, compared with none) */
	const unsigned *img;
};

struct dep_index {
	VEC(struct dep_index_row) rows; /* sorted by name */
	struct arena strings;
	unsigned *img; /* the rows' img arrays, one allocation */
};

/* The index of KIND (func, struct, union, enum, tracepoint, lsm, kfunc,
 * syscall) over the groups of CHOICE among the images IDS.  0; -1 after an
 * error line.  Free with dep_index_free (also after an error). */
int dep_index_build(struct ks_store *st, const struct image_ident *ids, const struct group_choice *choice,
		    const char *kind, struct dep_index *out);
void dep_index_free(struct dep_index *x);

/* CELL's marks as text in the marks' order ("∅", "ΔS"; "" for none) into BUF (64 bytes do). */
const char *dep_index_marks(unsigned cell, char *buf, size_t len);

#endif
