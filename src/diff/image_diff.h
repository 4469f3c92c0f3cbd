/* image_diff.h — what changed between two stored images, kind by kind (SPEC §7). */
#ifndef KSURF_DIFF_IMAGE_DIFF_H
#define KSURF_DIFF_IMAGE_DIFF_H
#include <stddef.h>

#include "diff/type_diff.h"
#include "store/store.h"
#include "util/arena.h"

/* The kinds `ksurf diff` compares, in its order. */
extern const char *const image_diff_kinds[];
#define IMAGE_DIFF_KINDS 9

struct changed_item {
	const char *name;
	diff_changes changes;
};

struct kind_diff {
	const char *kind;
	size_t n_old, n_new;
	VEC(const char *) added, removed;
	VEC(struct changed_item) changed;
	size_t issues[DIFF__COUNT]; /* changes per issue */
};

/* Diff KIND between images A and B (strings in AR).  -1 after an error line. */
int image_diff_kind(struct ks_store *st, int64_t a, int64_t b, const char *kind, struct arena *ar,
		    struct kind_diff *out);
void kind_diff_free(struct kind_diff *d);

/* The changes between the stored types A_ID and B_ID (none when equal or one
 * is 0); -1 after an error line. */
int image_diff_types(struct ks_store *st, uint64_t a_id, uint64_t b_id, struct arena *ar,
		     diff_changes *out);

#endif
