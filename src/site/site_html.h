/* site_html.h — the pieces of the site's pages: escaping, the page frame,
 * file names, and writing a file only when its bytes change. */
#ifndef KSURF_SITE_SITE_HTML_H
#define KSURF_SITE_SITE_HTML_H
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"
#include "util/text_esc.h"


/*
 * A dependency's file name, one per name (no two names share one) and a plain
 * C identifier's own (vfs_read.html): every byte outside [A-Za-z0-9_] (and a
 * '.' past the first) as "-XX" (hex, upper case), which no identifier holds;
 * "index" (the kind's index page) as "-69ndex", the empty name as "-"; a result over SITE_NAME_MAX
 * bytes cut at SITE_NAME_KEEP and ended by "--" and 16 hex digits of the
 * name's hash ("--" is no escape).  Then ".html".  True when hashed: the
 * search script cannot compute that one and is given it.
 */
#define SITE_NAME_MAX 200
#define SITE_NAME_KEEP 160
bool site_file_name(struct strbuf *sb, const char *name);

/*
 * Where a dependency's page lives, from the site's root:
 * "KIND/SHARD/FILE.html" (FILE from site_file_name, SHARD from site_shard);
 * the one place that decides it.  KIND is dep_kind_names[kind].  True when
 * the file name was hashed.  site_dep_root gives the way from that page back
 * to the root ("../../").
 */
bool site_dep_path(struct strbuf *sb, const char *kind, const char *name);
const char *site_dep_root(const char *kind, const char *name);

/*
 * The directory of file name FILE (LEN bytes, without ".html") inside its
 * kind's: its first two bytes past its leading underscores, upper case
 * folded to lower, any byte outside [a-z0-9] (an escape's '-', a '.') as
 * '_', '_' past its end: "sc" for __SCT__tp_func_x, "vf" for vfs_read, "__"
 * for "_".  Two characters, so no directory is "." or "..": 522 directories
 * for 112,357 functions of eight Debian images, the largest ("sc") 5,080
 * pages, under SITE_DIR_MAX.  search.js computes the same (site_assets.c).
 */
#define SITE_DIR_MAX 10000
void site_shard(const char *file, size_t len, char out[3]);

/* The index letter of NAME: its first byte past its leading underscores,
 * upper case folded to lower: 'a'-'z', '0'-'9', else '_' (anything else). */
char site_letter(const char *name);

/* The footer's stamp for every page from now on: the ksurf version and the
 * dataset's date DATASET_DATE ("2026-12-06"; its newest image's addition),
 * nothing time-dependent besides, so an unchanged dataset gives the same
 * bytes.  Call before any page is made (not thread-safe). */
void site_page_stamp(const char *dataset_date);

/* NAME as a JavaScript string literal (quotes, backslashes, controls and '<'
 * escaped: safe inside a script file and a <script> element). */
void sb_add_js_str(struct strbuf *sb, const char *name);

/* Whether NAME has a byte past ASCII: the browser reads a script as UTF-8
 * (an invalid byte becomes U+FFFD), so search.js is given its file name. */
bool site_has_non_ascii(const char *name);

/* The page frame: doctype, head (title, style sheet at ROOT), header with the
 * navigation and a search box; site_page_end closes it. ROOT is "" or "../". */
void site_page_begin(struct strbuf *sb, const char *root, const char *title);
void site_page_end(struct strbuf *sb);

/* Write DATA to DIR/REL (directories made) unless the file already holds
 * exactly those bytes: 1 written, 0 unchanged, -1 after an error line. */
int site_write_file(const char *dir, const char *rel, const char *data, size_t len);

#endif
