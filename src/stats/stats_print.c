/* stats_print.c — the stats tables as text, Markdown, CSV and JSON. */
#include <stdio.h>
#include <string.h>

#include "stats/stats.h"
#include "util/json_writer.h"
#include "util/text_table.h"

const char *stats_cell_text(const struct stats_cell *c, bool with_unit, char *buf, size_t len)
{
	if (c->text)
		return c->text;
	if (c->is_share)
		snprintf(buf, len, with_unit ? "%.1f %%" : "%.1f", c->num);
	else
		snprintf(buf, len, "%.0f", c->num);
	return buf;
}

static void print_text(const struct stats_table *t, FILE *out)
{
	size_t nc = t->columns.n;
	bool right[64];
	for (size_t c = 0; c < nc && c < 64; c++)
		right[c] = stats_rows(t) && !t->cells.v[c].text;
	struct text_table tt;
	text_table_init(&tt, nc, right);
	for (size_t c = 0; c < nc; c++)
		text_table_add(&tt, "%s%s", c ? "" : "  ", t->columns.v[c]);
	char buf[64];
	for (size_t i = 0; i < t->cells.n; i++)
		text_table_add(&tt, "%s%s", i % nc ? "" : "  ",
			       stats_cell_text(&t->cells.v[i], false, buf, sizeof(buf)));
	fprintf(out, "%s\n", t->title);
	if (stats_rows(t))
		text_table_print(&tt, out);
	else {
		text_table_free(&tt);
		fprintf(out, "  (no rows: the dataset has no such images)\n");
	}
}

static void print_md(const struct stats_table *t, FILE *out)
{
	size_t nc = t->columns.n;
	fprintf(out, "## %s\n\n%s\n\n|", t->title, t->note);
	for (size_t c = 0; c < nc; c++)
		fprintf(out, " %s |", t->columns.v[c]);
	fprintf(out, "\n|");
	for (size_t c = 0; c < nc; c++)
		fprintf(out, "%s|", stats_rows(t) && !t->cells.v[c].text ? "---:" : "---");
	fputc('\n', out);
	char buf[64];
	for (size_t i = 0; i < t->cells.n; i++)
		fprintf(out, "%s %s |%s", i % nc ? "" : "|",
			stats_cell_text(&t->cells.v[i], false, buf, sizeof(buf)),
			i % nc == nc - 1 ? "\n" : "");
	if (!stats_rows(t))
		fprintf(out, "\n(no rows: the dataset has no such images)\n");
}

static void csv_field(const char *s, FILE *out)
{
	if (!strpbrk(s, ",\"\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void print_csv(const struct stats_table *t, FILE *out)
{
	size_t nc = t->columns.n;
	for (size_t c = 0; c < nc; c++) {
		fputs(c ? "," : "", out);
		csv_field(t->columns.v[c], out);
	}
	fputc('\n', out);
	char buf[64];
	for (size_t i = 0; i < t->cells.n; i++) {
		fputs(i % nc ? "," : "", out);
		csv_field(stats_cell_text(&t->cells.v[i], false, buf, sizeof(buf)), out);
		if (i % nc == nc - 1)
			fputc('\n', out);
	}
}

static void print_json(const struct stats *s, FILE *out)
{
	struct json_writer w;
	jw_init(&w, out);
	jw_obj_open(&w);
	jw_key(&w, "baseline");
	jw_str(&w, s->baseline);
	jw_key(&w, "tables");
	jw_arr_open(&w);
	for (size_t i = 0; i < s->tables.n; i++) {
		const struct stats_table *t = &s->tables.v[i];
		size_t nc = t->columns.n;
		jw_obj_open(&w);
		jw_key(&w, "id");
		jw_str(&w, t->id);
		jw_key(&w, "title");
		jw_str(&w, t->title);
		jw_key(&w, "note");
		jw_str(&w, t->note);
		jw_key(&w, "columns");
		jw_arr_open(&w);
		for (size_t c = 0; c < nc; c++)
			jw_str(&w, t->columns.v[c]);
		jw_arr_close(&w);
		jw_key(&w, "rows");
		jw_arr_open(&w);
		for (size_t k = 0; k < t->cells.n; k++) {
			const struct stats_cell *c = &t->cells.v[k];
			if (k % nc == 0)
				jw_arr_open(&w);
			if (c->text)
				jw_str(&w, c->text);
			else {
				char buf[64];
				int len = snprintf(buf, sizeof(buf), c->is_share ? "%.2f" : "%.0f", c->num);
				jw_raw(&w, buf, (size_t)len);
			}
			if (k % nc == nc - 1)
				jw_arr_close(&w);
		}
		jw_arr_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_obj_close(&w);
	fputc('\n', out);
}

void stats_print(const struct stats *s, enum stats_format f, FILE *out)
{
	if (f == STATS_JSON) {
		print_json(s, out);
		return;
	}
	if (f == STATS_MD)
		fprintf(out, "# Statistics\n\nBaseline: %s\n\n", s->baseline ? s->baseline : "none");
	for (size_t i = 0; i < s->tables.n; i++) {
		if (i)
			fputc('\n', out);
		if (f == STATS_TEXT)
			print_text(&s->tables.v[i], out);
		else if (f == STATS_MD)
			print_md(&s->tables.v[i], out);
		else
			print_csv(&s->tables.v[i], out);
	}
}
