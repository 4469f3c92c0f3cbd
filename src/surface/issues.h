/* issues.h — the one vocabulary of issues: what a dependency has in an image
 * and what changed between two images, each with its published name and its
 * index mark.  Code compares the enum; the names are for output only, and
 * are what the report pages, `ksurf export` and the JSON documents print.
 *
 *   changes      Param added ... Config changed: between two versions of a
 *                type, a hook or a config option (diff/type_diff.h); mark Δ
 *   classes      Duplicate D, Collision C, Full Inline F, Selective Inline S,
 *                Transformation T: a function group's (surface/surface.h), in
 *                its Status and, as a change, a status gaining one
 *   missing      Absent ∅; No match ∅ (a pattern matching no function)
 *   check's own  No BTF B, Matches fewer functions <, Incompatible I,
 *                Anonymous type A, Not unique U, Notrace N, Too many args R,
 *                Missing arg M;
 *                Other architecture and No config stored, no mark
 *   Changed Δ    any change, as the index marks it
 *
 * The changes come first, in the order reports list them per issue.
 */
#ifndef KSURF_SURFACE_ISSUES_H
#define KSURF_SURFACE_ISSUES_H
#include <stdbool.h>

enum ks_issue {
	ISSUE_PARAM_ADDED,
	ISSUE_PARAM_REMOVED,
	ISSUE_PARAM_REORDERED,
	ISSUE_PARAM_TYPE,
	ISSUE_RETURN_TYPE,
	ISSUE_FIELD_ADDED,
	ISSUE_FIELD_REMOVED,
	ISSUE_FIELD_TYPE,
	ISSUE_VALUE_ADDED,
	ISSUE_VALUE_REMOVED,
	ISSUE_VALUE_CHANGED,
	ISSUE_EVENT_CHANGED,
	ISSUE_FUNC_CHANGED,
	ISSUE_CONFIG_CHANGED,
	ISSUE_DUPLICATE,
	ISSUE_COLLISION,
	ISSUE_FULL_INLINE,
	ISSUE_SELECTIVE_INLINE,
	ISSUE_TRANSFORMATION,
	ISSUE_ABSENT,
	ISSUE_NO_MATCH,
	ISSUE_NO_BTF,
	ISSUE_FEWER_MATCHES,
	ISSUE_INCOMPATIBLE,
	ISSUE_ANONYMOUS_TYPE,
	ISSUE_NOT_UNIQUE,
	ISSUE_NOTRACE,
	ISSUE_TOO_MANY_ARGS,
	ISSUE_MISSING_ARG,
	ISSUE_OTHER_ARCH,
	ISSUE_NO_CONFIG,
	ISSUE_CHANGED,
	ISSUE__COUNT
};

/* "Param added", ..., "Full Inline", ... as published; "?" out of range. */
const char *ks_issue_name(int issue);

/* "Δ", "F", "∅", ...; "" for an issue without a mark, or out of range. */
const char *ks_issue_mark(int issue);

/* Whether ISSUE is a change (Param added ... Config changed, Changed): marked Δ. */
bool ks_issue_is_change(int issue);

/* A function group's classes as its issues, in order (Duplicate or
 * Collision, Full Inline or Selective Inline, Transformation) into OUT;
 * their number.  COLLISION and INLINE_TYPE are KS_COLL_* and KS_INLINE_*. */
int ks_group_issues(int collision, int inline_type, bool transformed, enum ks_issue out[3]);

#endif
