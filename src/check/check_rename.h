/* check_rename.h — what a function absent from an image may have become there.
 *
 * A function of a close name (NAME_..., __NAME, _NAME or do_NAME, at most 12
 * bytes longer: mempool_alloc -> mempool_alloc_noprof) that takes and returns
 * the same types as NAME's prototype where an image has it.  A close name
 * alone says nothing (ptrace -> ptrace_access_vm): only a function of the
 * same prototype counts.  `ksurf check` offers these as alternatives, the
 * site's report pages name them as renames.
 */
#ifndef KSURF_CHECK_CHECK_RENAME_H
#define KSURF_CHECK_CHECK_RENAME_H
#include <stddef.h>
#include <stdint.h>

#include "util/json_parse.h"

struct ks_store;

/*
 * Up to MAX functions of image ID that NAME (absent there) may have become,
 * given PROTO (NAME's FUNC type in another image; NULL: none known, then
 * none are found), each passed to CB (names in the image's index order, the
 * NAME_... ones first).  Their number.
 */
size_t check_renames(struct ks_store *st, int64_t id, const char *name, const struct jv *proto,
		     size_t max, void (*cb)(const char *renamed, void *arg), void *arg);

#endif
