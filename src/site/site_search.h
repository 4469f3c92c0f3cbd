/* site_search.h — the search data beyond the dependencies' names: members of
 * structs and unions, enum values and config options, in files per kind and
 * letter that search.js loads on demand.
 *
 *   search/member-L.js   KSURF_MORE("member-L", [[MEMBER, OWNER, U, FILE?], ...])
 *                        MEMBER of struct (U 0) or union (U 1) OWNER, nested
 *                        anonymous members included
 *   search/enumval-L.js  KSURF_MORE("enumval-L", [[VALUE, ENUM, FILE?], ...])
 *   search/config-L.js   KSURF_MORE("config-L", [[OPTION, [V1, V2, ...]], ...], IMAGES)
 *                        OPTION without its CONFIG_, its value per image of
 *                        IMAGES ("" when unset)
 * L is site_letter of MEMBER, VALUE or OPTION ('_' for anything past
 * [a-z0-9]); FILE is OWNER's or ENUM's page file name when search.js cannot
 * compute it (hashed, bytes past ASCII).  Rows are unique, sorted by name.
 */
#ifndef KSURF_SITE_SITE_SEARCH_H
#define KSURF_SITE_SITE_SEARCH_H
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct ks_store;

/* Called with each file's path from the site's root and its bytes; 0 or -1
 * (which stops). */
typedef int (*site_emit_fn)(const char *rel, const struct strbuf *data, void *arg);

/* The files above for the images IDS (their NAMES, N of them); 0, or -1
 * after an error line (or EMIT's -1). */
int site_search_files(struct ks_store *st, const int64_t *ids, const char *const *names, size_t n,
		      site_emit_fn emit, void *arg);

#endif
