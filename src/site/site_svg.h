/* site_svg.h — horizontal stacked bar charts as standalone SVG (no script). */
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
};

void svg_stacked_bars(struct strbuf *sb, const struct svg_chart *c);

#endif
