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
 * Where a dependency's page lives, from the site's root: "KIND/FILE.html"
 * (FILE from site_file_name); the one place that decides it.  KIND is
 * dep_kind_names[kind].  True when the file name was hashed.
 * site_dep_root gives the way from that page back to the root ("../").
 */
bool site_dep_path(struct strbuf *sb, const char *kind, const char *name);
const char *site_dep_root(const char *kind, const char *name);

/* The page frame: doctype, head (title, style sheet at ROOT), header with the
 * navigation and a search box; site_page_end closes it. ROOT is "" or "../". */
void site_page_begin(struct strbuf *sb, const char *root, const char *title);
void site_page_end(struct strbuf *sb);

/* Write DATA to DIR/REL (directories made) unless the file already holds
 * exactly those bytes: 1 written, 0 unchanged, -1 after an error line. */
int site_write_file(const char *dir, const char *rel, const char *data, size_t len);

#endif
