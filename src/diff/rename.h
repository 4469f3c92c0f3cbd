/* rename.h — when a function that went away is taken as renamed to another.
 *
 * Kernels rename functions while keeping what they take and return
 * (mempool_alloc -> mempool_alloc_noprof, foo -> __foo, bar -> do_bar): a name
 * is a close name of WANT when it is WANT after one of rename_prefixes, with
 * at most RENAME_MAX_EXTRA bytes more in all, and is not WANT itself; a close
 * name is the rename when the two functions have the same prototype: the
 * same parameter types in the same order and the same return type (parameter
 * names aside).  A name alone says nothing (ptrace -> ptrace_access_vm).
 * `ksurf check` offers such a function instead of an absent one, `ksurf
 * diff` shows such a pair as one rename, the site's pages name it.
 */
#ifndef KSURF_DIFF_RENAME_H
#define KSURF_DIFF_RENAME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/json_parse.h"

struct ks_store;

/* "", "__", "_", "do_"; NULL-terminated. */
extern const char *const rename_prefixes[];
#define RENAME_MAX_EXTRA 12

/* Whether NAME is a close name of WANT. */
bool rename_close_name(const char *want, const char *name);

/* Whether the FUNC types A and B (BTF JSON objects) have the same prototype. */
bool rename_same_prototype(const struct jv *a, const struct jv *b);

/*
 * Up to MAX functions of image ID that NAME (absent there) may have become:
 * close names of NAME (found by the name index, not a scan) of the same
 * prototype as PROTO (NAME's FUNC type in another image; NULL: none known,
 * then none are found), each passed to CB, the NAME_... ones first.  Their
 * number.  What `ksurf check` offers and the site's pages call a rename.
 */
size_t rename_find(struct ks_store *st, int64_t id, const char *name, const struct jv *proto,
		   size_t max, void (*cb)(const char *renamed, void *arg), void *arg);

#endif
