/* stats_print.c — the stats tables as text, Markdown, CSV and JSON. */
#include <stdio.h>
#include <string.h>

#include "stats/stats.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
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

/* What the text of a table fits in. */
#define TEXT_WIDTH 100

/* Leading columns of text in every row (names, groups, kinds). */
static size_t leading_text(const struct stats_table *t)
{
	size_t nc = t->columns.n, k = 0;
	while (k < nc && t->cells.v[k].text)
		k++;
	return k;
}

/* Whether row R's first K cells repeat row R-1's. */
static bool same_head(const struct stats_table *t, size_t r, size_t k)
{
	size_t nc = t->columns.n;
	for (size_t c = 0; c < k; c++)
		if (!r || strcmp(t->cells.v[r * nc + c].text, t->cells.v[(r - 1) * nc + c].text))
			return false;
	return true;
}

/* The table's rows as text: the first FOLD columns as a heading line where they
 * change, the columns of OUT (a mask) as a line under each row; the width the
 * widest row takes with INDENT before it, the table into *TT when not NULL
 * (RIGHT, 64 of them, its alignments: it keeps a pointer). */
static size_t layout(const struct stats_table *t, size_t fold, const bool *out_col, const char *indent,
		     struct text_table *tt, bool *right)
{
	size_t nc = t->columns.n, rows = stats_rows(t);
	size_t ncol = 0;
	for (size_t c = fold; c < nc && c < 64; c++)
		if (!out_col[c])
			right[ncol++] = !t->cells.v[c].text;
	struct text_table local;
	if (!tt)
		tt = &local;
	text_table_init(tt, ncol, right);
	bool first = true;
	for (size_t c = fold; c < nc; c++)
		if (!out_col[c]) {
			text_table_add(tt, "%s%s", first ? indent : "", t->columns.v[c]);
			first = false;
		}
	char buf[64];
	for (size_t r = 0; r < rows; r++) {
		const struct stats_cell *row = &t->cells.v[r * nc];
		if (fold && !same_head(t, r, fold)) {
			struct strbuf h = { 0 };
			sb_add(&h, "  ");
			for (size_t c = 0; c < fold; c++) {
				const char *name = t->columns.v[c];
				bool pair = !strcmp(name, "new") && c && !strcmp(t->columns.v[c - 1], "old");
				sb_add(&h, !c ? "" : pair ? " → " : ", ");
				if (strcmp(name, "group") && !pair && !(!strcmp(name, "old") && c + 1 < fold &&
									!strcmp(t->columns.v[c + 1], "new")))
					sb_addf(&h, "%s ", name);
				sb_add(&h, row[c].text);
			}
			sb_add(&h, "\n");
			text_table_line(tt, sb_str(&h));
			sb_free(&h);
		}
		first = true;
		for (size_t c = fold; c < nc; c++)
			if (!out_col[c]) {
				text_table_add(tt, "%s%s", first ? indent : "",
					       stats_cell_text(&row[c], false, buf, sizeof(buf)));
				first = false;
			}
		for (size_t c = fold; c < nc; c++) {
			if (!out_col[c] || !*row[c].text)
				continue;
			struct strbuf l = { 0 }, lead = { 0 }, more = { 0 };
			sb_addf(&lead, "%s  %s: ", indent, t->columns.v[c]);
			sb_addf(&more, "%s    ", indent);
			text_wrap(&l, sb_str(&lead), sb_str(&more), row[c].text, TEXT_WIDTH);
			text_table_line(tt, sb_str(&l));
			sb_free(&l);
			sb_free(&lead);
			sb_free(&more);
		}
	}
	size_t w = text_table_width(tt);
	if (tt == &local)
		text_table_free(tt);
	return w;
}

/*
 * A table as text in TEXT_WIDTH columns where its names allow: the note as a
 * legend under the title; when the rows are wider, the leading text columns
 * that repeat (group, old, new) fold into a heading line over their rows, and
 * then the widest text columns still too wide (a compiler, what changed) go
 * on a line of their own under each row.
 */
static void print_text(const struct stats_table *t, FILE *out)
{
	size_t nc = t->columns.n, rows = stats_rows(t);
	struct strbuf note = { 0 };
	text_wrap(&note, "  ", "  ", t->note, TEXT_WIDTH);
	fprintf(out, "%s\n%s", t->title, sb_str(&note));
	sb_free(&note);
	if (!rows || nc > 64) {
		fprintf(out, "  (no rows: the dataset has no such images)\n");
		return;
	}
	bool out_col[64] = { false }, right[64];
	size_t lead = leading_text(t), fold = 0;
	const char *indent = "  ";
	while (layout(t, fold, out_col, indent, NULL, right) > TEXT_WIDTH && fold + 1 < lead) {
		size_t distinct = 0;
		for (size_t r = 0; r < rows; r++)
			distinct += !same_head(t, r, fold + 1);
		if (distinct == rows)
			break; /* every row its own heading: no gain */
		fold++;
		/* an old image is not shown apart from its new one */
		if (fold + 1 < lead && !strcmp(t->columns.v[fold - 1], "old") &&
		    !strcmp(t->columns.v[fold], "new"))
			fold++;
		indent = "    ";
	}
	while (layout(t, fold, out_col, indent, NULL, right) > TEXT_WIDTH) {
		/* the widest text column but the first shown goes under its row */
		size_t widest = nc, best = 0;
		for (size_t c = fold + 1; c < nc; c++) {
			if (out_col[c] || !t->cells.v[c].text)
				continue;
			size_t w = 0;
			for (size_t r = 0; r < rows; r++) {
				size_t cw = text_width(t->cells.v[r * nc + c].text);
				w = cw > w ? cw : w;
			}
			if (w > best) {
				best = w;
				widest = c;
			}
		}
		if (widest == nc)
			break;
		out_col[widest] = true;
	}
	struct text_table tt;
	layout(t, fold, out_col, indent, &tt, right);
	text_table_print(&tt, out);
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
	jw_kv_str(&w, "baseline", s->baseline);
	jw_key(&w, "tables");
	jw_arr_open(&w);
	for (size_t i = 0; i < s->tables.n; i++) {
		const struct stats_table *t = &s->tables.v[i];
		size_t nc = t->columns.n;
		jw_obj_open(&w);
		jw_kv_str(&w, "id", t->id);
		jw_kv_str(&w, "title", t->title);
		jw_kv_str(&w, "note", t->note);
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
