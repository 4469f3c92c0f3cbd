#include "surface/issues.h"

#include "surface/surface.h"

static const char *const names[ISSUE__COUNT] = {
	[ISSUE_PARAM_ADDED] = "Param added",
	[ISSUE_PARAM_REMOVED] = "Param removed",
	[ISSUE_PARAM_REORDERED] = "Param reordered",
	[ISSUE_PARAM_TYPE] = "Param type changed",
	[ISSUE_RETURN_TYPE] = "Return type changed",
	[ISSUE_FIELD_ADDED] = "Field added",
	[ISSUE_FIELD_REMOVED] = "Field removed",
	[ISSUE_FIELD_TYPE] = "Field type changed",
	[ISSUE_VALUE_ADDED] = "Value added",
	[ISSUE_VALUE_REMOVED] = "Value removed",
	[ISSUE_VALUE_CHANGED] = "Value changed",
	[ISSUE_EVENT_CHANGED] = "Event changed",
	[ISSUE_FUNC_CHANGED] = "Func changed",
	[ISSUE_CONFIG_CHANGED] = "Config changed",
	[ISSUE_DUPLICATE] = "Duplicate",
	[ISSUE_COLLISION] = "Collision",
	[ISSUE_FULL_INLINE] = "Full Inline",
	[ISSUE_SELECTIVE_INLINE] = "Selective Inline",
	[ISSUE_TRANSFORMATION] = "Transformation",
	[ISSUE_ABSENT] = "Absent",
	[ISSUE_NO_MATCH] = "No match",
	[ISSUE_NO_BTF] = "No BTF",
	[ISSUE_FEWER_MATCHES] = "Matches fewer functions",
	[ISSUE_INCOMPATIBLE] = "Incompatible",
	[ISSUE_ANONYMOUS_TYPE] = "Anonymous type",
	[ISSUE_NOT_UNIQUE] = "Not unique",
	[ISSUE_NOTRACE] = "Notrace",
	[ISSUE_TOO_MANY_ARGS] = "Too many args",
	[ISSUE_MISSING_ARG] = "Missing arg",
	[ISSUE_OTHER_ARCH] = "Other architecture",
	[ISSUE_NO_CONFIG] = "No config stored",
	[ISSUE_CHANGED] = "Changed",
};

static const char *const marks[ISSUE__COUNT] = {
	[ISSUE_PARAM_ADDED] = "Δ",
	[ISSUE_PARAM_REMOVED] = "Δ",
	[ISSUE_PARAM_REORDERED] = "Δ",
	[ISSUE_PARAM_TYPE] = "Δ",
	[ISSUE_RETURN_TYPE] = "Δ",
	[ISSUE_FIELD_ADDED] = "Δ",
	[ISSUE_FIELD_REMOVED] = "Δ",
	[ISSUE_FIELD_TYPE] = "Δ",
	[ISSUE_VALUE_ADDED] = "Δ",
	[ISSUE_VALUE_REMOVED] = "Δ",
	[ISSUE_VALUE_CHANGED] = "Δ",
	[ISSUE_EVENT_CHANGED] = "Δ",
	[ISSUE_FUNC_CHANGED] = "Δ",
	[ISSUE_CONFIG_CHANGED] = "Δ",
	[ISSUE_DUPLICATE] = "D",
	[ISSUE_COLLISION] = "C",
	[ISSUE_FULL_INLINE] = "F",
	[ISSUE_SELECTIVE_INLINE] = "S",
	[ISSUE_TRANSFORMATION] = "T",
	[ISSUE_ABSENT] = "∅",
	[ISSUE_NO_MATCH] = "∅",
	[ISSUE_NO_BTF] = "B",
	[ISSUE_FEWER_MATCHES] = "<",
	[ISSUE_INCOMPATIBLE] = "I",
	[ISSUE_ANONYMOUS_TYPE] = "A",
	[ISSUE_NOT_UNIQUE] = "U",
	[ISSUE_NOTRACE] = "N",
	[ISSUE_TOO_MANY_ARGS] = "R",
	[ISSUE_MISSING_ARG] = "M",
	[ISSUE_OTHER_ARCH] = "",
	[ISSUE_NO_CONFIG] = "",
	[ISSUE_CHANGED] = "Δ",
};

const char *ks_issue_name(int issue)
{
	return issue >= 0 && issue < ISSUE__COUNT ? names[issue] : "?";
}

const char *ks_issue_mark(int issue)
{
	return issue >= 0 && issue < ISSUE__COUNT ? marks[issue] : "";
}

bool ks_issue_is_change(int issue)
{
	return (issue >= ISSUE_PARAM_ADDED && issue <= ISSUE_CONFIG_CHANGED) || issue == ISSUE_CHANGED;
}

int ks_group_issues(int collision, int inline_type, bool transformed, enum ks_issue out[3])
{
	int n = 0;
	if (collision == KS_COLL_STATIC_DUP)
		out[n++] = ISSUE_DUPLICATE;
	else if (collision == KS_COLL_STATIC_STATIC || collision == KS_COLL_STATIC_GLOBAL)
		out[n++] = ISSUE_COLLISION;
	if (inline_type == KS_INLINE_FULL)
		out[n++] = ISSUE_FULL_INLINE;
	else if (inline_type == KS_INLINE_SELECTIVE)
		out[n++] = ISSUE_SELECTIVE_INLINE;
	if (transformed)
		out[n++] = ISSUE_TRANSFORMATION;
	return n;
}
