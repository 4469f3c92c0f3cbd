#include "site/site_svg.h"

#include <string.h>

#include "site/site_html.h"

static const char *const palette[] = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
				       "#59a14f", "#edc948", "#b07aa1", "#9c755f" };

void svg_stacked_bars(struct strbuf *sb, const struct svg_chart *c)
{
	const double label_w = 230, bar_w = 520, bar_h = 18, gap = 6, top = 40;
	double max = 0;
	for (size_t b = 0; b < c->n_bars; b++) {
		double t = 0;
		for (size_t s = 0; s < c->n_series; s++)
			t += c->values[b * c->n_series + s];
		if (t > max)
			max = t;
	}
	if (c->shares || max <= 0)
		max = c->shares ? 100 : 1;
	double h = top + (double)c->n_bars * (bar_h + gap) + 40;
	sb_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		    "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
		label_w + bar_w + 90, h, label_w + bar_w + 90, h);
	sb_add_html(sb, c->title);
	sb_add(sb, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
		   "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">");
	sb_add_html(sb, c->title);
	sb_add(sb, "</text>\n");
	for (size_t b = 0; b < c->n_bars; b++) {
		double y = top + (double)b * (bar_h + gap), x = label_w, total = 0;
		sb_addf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", label_w - 8, y + 13);
		sb_add_html(sb, c->labels[b]);
		sb_add(sb, "</text>\n");
		for (size_t s = 0; s < c->n_series; s++) {
			double v = c->values[b * c->n_series + s], w = v / max * bar_w;
			total += v;
			if (w <= 0)
				continue;
			sb_addf(sb, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\">"
				    "<title>", x, y, w, bar_h, palette[s % 8]);
			sb_add_html(sb, c->labels[b]);
			sb_addf(sb, ": %s %.*f%s</title></rect>\n", c->series[s], c->shares ? 1 : 0, v,
				c->shares ? " %" : "");
			x += w;
		}
		if (!c->shares)
			sb_addf(sb, "<text x=\"%.2f\" y=\"%.1f\">%.0f</text>\n", x + 4, y + 13, total);
	}
	double ly = h - 18, lx = 10;
	for (size_t s = 0; s < c->n_series; s++) {
		sb_addf(sb, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			    "<text x=\"%.0f\" y=\"%.0f\">", lx, ly - 10, palette[s % 8], lx + 16, ly);
		sb_add_html(sb, c->series[s]);
		sb_add(sb, "</text>\n");
		lx += 30 + 7.0 * (double)strlen(c->series[s]);
	}
	sb_add(sb, "</svg>\n");
}
