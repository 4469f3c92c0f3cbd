/* text_esc.h — untrusted text made safe for where it is printed.
 *
 * Names come from images, datasets and eBPF objects ksurf did not make: they
 * may hold terminal controls (ESC [2J, OSC titles) or HTML.  Visible form: a
 * C0 control or DEL as \xNN, a C1 control (U+0080-U+009F) as \u00NN; every
 * other byte as it is. */
#ifndef KSURF_UTIL_TEXT_ESC_H
#define KSURF_UTIL_TEXT_ESC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

/* N bytes of S in visible form; a newline and a tab stay when KEEP_LINES. */
void sb_add_visible(struct strbuf *sb, const char *s, size_t n, bool keep_lines);

/* S in visible form, for text output (no newline or tab either). */
void fput_visible(FILE *f, const char *s);

/* S as HTML text or a quoted attribute value: & < > " ' as entities, controls
 * in visible form. */
void sb_add_html(struct strbuf *sb, const char *s);
void sb_add_html_n(struct strbuf *sb, const char *s, size_t n);
void fput_html(FILE *f, const char *s);

/* <code>S</code> with S escaped when MD, else S as it is. */
void fput_code(FILE *f, bool md, const char *s);

/*
 * Route stdout through a filter that lets through text, newlines, tabs and
 * the colour sequences ksurf itself writes on a terminal (ESC [ digits m), and
 * writes every other control in visible form: no name in a dataset can move
 * the cursor, clear the screen or set a terminal's title.  Once, first thing
 * in main.  stdout_guard_flush: fflush of the filter and of the real stdout,
 * 0 or -1 with errno (a full disk).
 */
void stdout_guard(void);
int stdout_guard_flush(void);
/* The descriptor the filter writes to (a copy of the first stdout), -1 when
 * stdout is not filtered: a pager (util/pager.h) takes it over. */
int stdout_guard_fd(void);

#endif
