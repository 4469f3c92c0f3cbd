/* image_diff.h — what changed between two stored images, kind by kind. */
#ifndef KSURF_DIFF_IMAGE_DIFF_H
#define KSURF_DIFF_IMAGE_DIFF_H
#include <stddef.h>

#include "diff/type_diff.h"
#include "store/store.h"
#include "surface/kinds.h"
#include "util/arena.h"

/* The kinds `ksurf diff` compares, in its order (their names:
 * dep_kind_names). */
extern const enum dep_kind image_diff_kinds[];
#define IMAGE_DIFF_KINDS 9

struct changed_item {
	const char *name;
	diff_changes changes;
};

struct renamed_item {
	const char *old, *new;
};

struct kind_diff {
	const char *kind;
	size_t n_old, n_new;
	VEC(const char *) added, removed; /* by name; without the renamed pairs' */
	VEC(struct changed_item) changed;
	VEC(struct renamed_item) renamed; /* by old name (image_diff_opts.renames) */
	size_t issues[ISSUE__COUNT]; /* changes per issue */
};

/* What `ksurf diff` asks beyond the plain diff. */
struct image_diff_opts {
	/* fnmatch(3) patterns: only the names matching one count (the counts
	 * n_old and n_new too; a renamed pair when either name matches) */
	char *const *names;
	size_t n_names;
	/* func, kfunc: a removed name and an added one by the rename rule
	 * (diff/rename.h) are one renamed pair, in neither added nor removed */
	bool renames;
};

/* Whether NAME passes O's name patterns (every name when O has none). */
bool image_diff_name_match(const struct image_diff_opts *o, const char *name);

/* One dependency of an image: its name and what identifies its content. */
struct image_item {
	const char *name;
	uint64_t id1, id2; /* type ids: the type; a tracepoint's struct and func */
	const char *text;  /* config value */
	/* a function's group: collision and inline class (enum ks_collision,
	 * ks_inline_type), -1 when it has none (a prototype only) */
	int8_t collision, inline_type;
	bool transformed;
};
typedef VEC(struct image_item) image_item_vec;

/* The dependencies of KIND (one of image_diff_kinds) in image ID, sorted by
 * name (strings in AR); an LSM hook's type is security_NAME (else
 * bpf_lsm_NAME), a tracepoint's trace_event_raw_CLASS and
 * trace_event_raw_event_CLASS; a function is every name with a function
 * group or a BTF prototype (or both).  -1 after an error line. */
int image_diff_items(struct ks_store *st, int64_t id, const char *kind, struct arena *ar,
		     image_item_vec *out);

/* Diff KIND between images A and B (strings in AR).  -1 after an error line. */
int image_diff_kind(struct ks_store *st, int64_t a, int64_t b, const char *kind, struct arena *ar,
		    struct kind_diff *out);
/* The same with OPTS (NULL: none, the plain diff above). */
int image_diff_kind_opts(struct ks_store *st, int64_t a, int64_t b, const char *kind,
			 const struct image_diff_opts *opts, struct arena *ar, struct kind_diff *out);
void kind_diff_free(struct kind_diff *d);

/* The changes between the stored types A_ID and B_ID (none when equal or one
 * is 0); -1 after an error line. */
int image_diff_types(struct ks_store *st, uint64_t a_id, uint64_t b_id, struct arena *ar,
		     diff_changes *out);

/* The system calls of image ID as diff, list and the site count them: the
 * distinct names of its table, the placeholder filling unused slots
 * (sys_ni_syscall) left out; -1 after an error line. */
long long image_syscall_count(struct ks_store *st, int64_t id);

#endif
