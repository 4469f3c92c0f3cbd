/* site_html.h — the pieces of the site's pages: escaping, the page frame,
 * report-page Markdown as HTML, file names, and writing a file only when its
 * bytes change. */
#ifndef KSURF_SITE_SITE_HTML_H
#define KSURF_SITE_SITE_HTML_H
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* S with & < > " escaped. */
void html_esc(struct strbuf *sb, const char *s);

/* A dependency's file name: NAME with every byte outside [A-Za-z0-9_.-] as
 * "_XX" (hex), then ".html"; the search script computes the same. */
void site_file_name(struct strbuf *sb, const char *name);

/* The page frame: doctype, head (title, style sheet at ROOT), header with the
 * navigation and a search box; site_page_end closes it. ROOT is "" or "../". */
void site_page_begin(struct strbuf *sb, const char *root, const char *title);
void site_page_end(struct strbuf *sb);

/* The Markdown of a report page (headings, fenced code, **Label:** lines and
 * the HTML it holds) as HTML. */
void site_md_to_html(struct strbuf *sb, const char *md, size_t len);

/* Write DATA to DIR/REL (directories made) unless the file already holds
 * exactly those bytes: 1 written, 0 unchanged, -1 after an error line. */
int site_write_file(const char *dir, const char *rel, const char *data, size_t len);

#endif
