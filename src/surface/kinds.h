/* kinds.h — the kinds of dependency, the one table of their names.
 *
 * A dependency is a function, struct, union, enum, system call, tracepoint,
 * LSM hook, kfunc, struct field (STRUCT::FIELD) or config option.  Each
 * kind has the word the command line takes (dep_kind_names: "func"), the
 * title a page gives one of it (dep_titles: "Function") and the title of a
 * list of them (dep_plurals: "Functions").  Every other table of kinds is a
 * list of these enum values.
 */
#ifndef KSURF_SURFACE_KINDS_H
#define KSURF_SURFACE_KINDS_H

enum dep_kind {
	DEP_FUNC, DEP_STRUCT, DEP_UNION, DEP_ENUM, DEP_SYSCALL, DEP_TRACEPOINT, DEP_LSM, DEP_KFUNC,
	DEP_FIELD, DEP_CONFIG, DEP__COUNT
};

extern const char *const dep_kind_names[DEP__COUNT];
extern const char *const dep_titles[DEP__COUNT];
extern const char *const dep_plurals[DEP__COUNT];

/* The kind WORD names (dep_kind_names); -1 for another word. */
int dep_kind_parse(const char *word);

#endif
