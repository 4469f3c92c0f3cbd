#include "site/site_svg.h"

#include <stdio.h>
#include <string.h>

#include "site/site_html.h"

static const char *const palette[] = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
				       "#59a14f", "#edc948", "#b07aa1", "#9c755f" };

#define CHAR_W 7.5 /* px a character at 12 px, generously */

/* The width of TEXT in characters (UTF-8 continuation bytes not counted). */
static double text_w(const char *text, double char_w)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return (double)n * char_w;
}

/* Bar B's value text: its total, or each value (the series' initials). */
static void value_text(char *buf, size_t len, const struct svg_chart *c, size_t b)
{
	const double *v = c->values + b * c->n_series;
	const char *unit = c->unit ? c->unit : "";
	size_t n = 0;
	buf[0] = 0;
	if (!c->each) {
		double t = 0;
		for (size_t s = 0; s < c->n_series; s++)
			t += v[s];
		snprintf(buf, len, "%.0f%s", t, unit);
		return;
	}
	for (size_t s = 0; s < c->n_series && n < len; s++)
		n += (size_t)snprintf(buf + n, len - n, "%s%.1f%s", s ? " / " : "", v[s], unit);
}

void svg_stacked_bars(struct strbuf *sb, const struct svg_chart *c)
{
	const double bar_w = 420, bar_h = 18, gap = 6, top = 40, sec_h = 22;
	double max = 0, label_w = 60, value_w = 0, sec_w = 0;
	char val[256];
	for (size_t b = 0; b < c->n_bars; b++) {
		double t = 0;
		for (size_t s = 0; s < c->n_series; s++)
			t += c->values[b * c->n_series + s];
		if (t > max)
			max = t;
		if (text_w(c->labels[b], CHAR_W) + 16 > label_w)
			label_w = text_w(c->labels[b], CHAR_W) + 16;
		value_text(val, sizeof(val), c, b);
		if (text_w(val, CHAR_W) + 8 > value_w)
			value_w = text_w(val, CHAR_W) + 8;
		if (c->sections && c->sections[b] && text_w(c->sections[b], CHAR_W) + 20 > sec_w)
			sec_w = text_w(c->sections[b], CHAR_W) + 20;
	}
	if (c->shares || max <= 0)
		max = c->shares ? 100 : 1;
	double legend_w = 10;
	for (size_t s = 0; s < c->n_series; s++)
		legend_w += 30 + text_w(c->series[s], CHAR_W);
	double w = label_w + bar_w + value_w + 10;
	if (sec_w > w)
		w = sec_w;
	if (legend_w > w)
		w = legend_w;
	if (text_w(c->title, CHAR_W * 14 / 12) + 20 > w)
		w = text_w(c->title, CHAR_W * 14 / 12) + 20;
	double h = top;
	for (size_t b = 0; b < c->n_bars; b++)
		h += (c->sections && c->sections[b] ? sec_h : 0) + bar_h + gap;
	h += 40;
	sb_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		    "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
		w, h, w, h);
	sb_add_html(sb, c->title);
	sb_add(sb, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
		   "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">");
	sb_add_html(sb, c->title);
	sb_add(sb, "</text>\n");
	double y = top;
	for (size_t b = 0; b < c->n_bars; b++) {
		if (c->sections && c->sections[b]) {
			sb_addf(sb, "<text x=\"10\" y=\"%.1f\" font-weight=\"bold\">", y + 15);
			sb_add_html(sb, c->sections[b]);
			sb_add(sb, "</text>\n");
			y += sec_h;
		}
		double x = label_w;
		sb_addf(sb, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", label_w - 8, y + 13);
		sb_add_html(sb, c->labels[b]);
		sb_add(sb, "</text>\n");
		for (size_t s = 0; s < c->n_series; s++) {
			double v = c->values[b * c->n_series + s], bw = v / max * bar_w;
			if (bw <= 0)
				continue;
			sb_addf(sb, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\">"
				    "<title>", x, y, bw, bar_h, palette[s % 8]);
			sb_add_html(sb, c->labels[b]);
			sb_addf(sb, ": %s %.*f%s</title></rect>\n", c->series[s],
				c->shares || c->each ? 1 : 0, v, c->unit ? c->unit : "");
			x += bw;
		}
		value_text(val, sizeof(val), c, b);
		sb_addf(sb, "<text x=\"%.2f\" y=\"%.1f\">", label_w + bar_w + 6, y + 13);
		sb_add_html(sb, val);
		sb_add(sb, "</text>\n");
		y += bar_h + gap;
	}
	double ly = h - 18, lx = 10;
	for (size_t s = 0; s < c->n_series; s++) {
		sb_addf(sb, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			    "<text x=\"%.0f\" y=\"%.0f\">", lx, ly - 10, palette[s % 8], lx + 16, ly);
		sb_add_html(sb, c->series[s]);
		sb_add(sb, "</text>\n");
		lx += 30 + text_w(c->series[s], CHAR_W);
	}
	sb_add(sb, "</svg>\n");
}
