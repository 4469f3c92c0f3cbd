/* type_diff.h — changes between two versions of a type.
 *
 * function (LSM hook, kfunc): Param added / removed (by name), Param
 * reordered (a common parameter's index differs), Param type changed, Return
 * type changed; struct/union: Field added / removed / type changed (offsets
 * alone are no change); enum: Value added / removed / changed.  Types compare
 * as normalized objects (key order aside).  Each change carries its rendered
 * old and new text, as the report pages print them.
 */
#ifndef KSURF_DIFF_TYPE_DIFF_H
#define KSURF_DIFF_TYPE_DIFF_H
#include <stdbool.h>

#include "util/json_parse.h"
#include "util/vec.h"

enum diff_issue {
	DIFF_PARAM_ADDED,
	DIFF_PARAM_REMOVED,
	DIFF_PARAM_REORDERED,
	DIFF_PARAM_TYPE,
	DIFF_RETURN_TYPE,
	DIFF_FIELD_ADDED,
	DIFF_FIELD_REMOVED,
	DIFF_FIELD_TYPE,
	DIFF_VALUE_ADDED,
	DIFF_VALUE_REMOVED,
	DIFF_VALUE_CHANGED,
	DIFF_EVENT_CHANGED,
	DIFF_FUNC_CHANGED,
	DIFF_CONFIG_CHANGED,
	/* a function's status gained an issue (its group's classes) */
	DIFF_BECAME_DUPLICATE,
	DIFF_BECAME_COLLISION,
	DIFF_BECAME_FULL_INLINE,
	DIFF_BECAME_SELECTIVE_INLINE,
	DIFF_BECAME_TRANSFORMED,
	DIFF__COUNT
};

/* "Param added", ... as the report pages write them. */
const char *diff_issue_str(int issue);

struct diff_change {
	int issue;      /* enum diff_issue */
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
