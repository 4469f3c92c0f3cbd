/* type_diff.h — changes between two versions of a type.
 *
 * function (LSM hook, kfunc): Param added / removed (by name), Param
 * reordered (a common parameter's index differs), Param type changed, Return
 * type changed; struct/union: Field added / removed / type changed (offsets
 * alone are no change); enum: Value added / removed / changed.  Types compare
 * as normalized objects (key order aside).  Each change carries its rendered
 * old and new text, as the report pages print them; its issue and name are
 * the vocabulary's (surface/issues.h).
 */
#ifndef KSURF_DIFF_TYPE_DIFF_H
#define KSURF_DIFF_TYPE_DIFF_H
#include <stdbool.h>

#include "surface/issues.h"
#include "util/json_parse.h"
#include "util/vec.h"

struct diff_change {
	int issue;      /* enum ks_issue: a change (surface/issues.h) */
	char *old_text; /* malloc'd; NULL where the change has one side */
	char *new_text;
};

typedef VEC(struct diff_change) diff_changes;

/* Append the changes from OLD to NEW (FUNC, STRUCT/UNION or ENUM/ENUM64 objects). */
void diff_func(const struct jv *old, const struct jv *new, diff_changes *out);
void diff_struct(const struct jv *old, const struct jv *new, diff_changes *out);
void diff_enum(const struct jv *old, const struct jv *new, diff_changes *out);
/* By the objects' kind; false for kinds without a diff. */
bool diff_types(const struct jv *old, const struct jv *new, diff_changes *out);

/* Normalized objects equal, whatever their keys' order. */
bool jv_equal(const struct jv *a, const struct jv *b);

void diff_changes_free(diff_changes *c);

#endif
