/* site_svg.h — horizontal stacked bar charts as standalone SVG (no script):
 * every label and value is a <text> element, so the chart reads without
 * JavaScript and its words can be found and selected. */
#ifndef KSURF_SITE_SITE_SVG_H
#define KSURF_SITE_SITE_SVG_H
#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct svg_chart {
	const char *title;
	const char *const *series; /* segment names, N_SERIES of them */
	size_t n_series;
	const char *const *labels; /* bar labels, N_BARS */
	size_t n_bars;
	const double *values; /* n_bars x n_series */
	bool shares;          /* values are percents: every bar spans 0-100 */
	bool each;            /* after a bar its values one by one, not their total */
	const char *unit;     /* after each value shown ("%"), or NULL */
	const char *const *sections; /* per bar a heading line above it, or NULL; may be NULL */
};

/*
 * The chart into SB.  The label column and the whole width follow the
 * longest label, heading and value text (an estimate of 7.5 px a character
 * at 12 px, wider than the average glyph), so no text passes the viewBox.
 */
void svg_stacked_bars(struct strbuf *sb, const struct svg_chart *c);

#endif
