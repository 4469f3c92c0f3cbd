#include "report/index_print.h"

#include <fnmatch.h>
#include <string.h>

#include "util/color.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/text_table.h"

int index_view_load(struct ks_store *st, const char *cmd, const char *kind, const char *glob,
		    const struct group_settings *gs, struct index_view *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	if (image_idents_load(st, &v->il) < 0)
		return -1;
	const struct image_ident *ids = v->il.v.v;
	if (v->il.v.n == 0) {
		ks_error("%s: the dataset has no images (add one with `ksurf add`)", cmd);
		return -1;
	}
	int rr = group_settings_resolve(st, cmd, gs, ids, v->il.v.n, &v->choice);
	if (rr < 0) {
		if (rr == -2)
			ks_error("%s: no groups: pass --baseline IMAGE (the default, an amd64 generic "
				 "image, %s)", cmd, v->choice.baseline < 0 ? "is not in the dataset"
									  : "forms no group");
		return -1;
	}
	if (dep_index_build(st, ids, &v->choice, kind, &v->x) < 0)
		return -1;
	size_t matching = 0;
	for (size_t r = 0; r < v->x.rows.n; r++) {
		struct dep_index_row *row = &v->x.rows.v[r];
		row->name = !glob || !fnmatch(glob, row->name, 0) ? row->name : NULL;
		matching += row->name != NULL;
	}
	if (glob && !matching) {
		ks_error("%s: no %s matches %s in the images of the groups around %s", cmd, kind, glob,
			 ids[v->choice.baseline].name);
		return -1;
	}
	return 0;
}

static void print_head(const struct index_view *v, enum index_format format, FILE *out,
		       struct text_table *table)
{
	const struct report_group *groups = v->choice.groups;
	size_t ng = v->choice.ng;
	if (format == INDEX_JSON) {
		fprintf(out, "{\"kind\": ");
		json_write_string(out, v->kind);
		fprintf(out, ", \"baseline\": ");
		json_write_string(out, v->il.v.v[v->choice.baseline].name);
		fprintf(out, ", \"groups\": [");
		for (size_t k = 0; k < ng; k++) {
			fprintf(out, k ? ", " : "");
			json_write_string(out, groups[k].title);
		}
		fprintf(out, "], \"rows\": ");
	} else if (format == INDEX_TEXT) {
		text_table_add(table, "%s%s%s", color(COLOR_BOLD), v->kind, color(COLOR_RESET));
		for (size_t k = 0; k < ng; k++)
			text_table_add(table, "%s%s%s", color(COLOR_BOLD), groups[k].title,
				       color(COLOR_RESET));
	} else if (format == INDEX_MD) {
		fprintf(out, "| %s |", v->kind);
		for (size_t k = 0; k < ng; k++) {
			fputc(' ', out);
			fput_html(out, groups[k].title);
			fputs(" |", out);
		}
		fprintf(out, "\n|---|");
		for (size_t k = 0; k < ng; k++)
			fprintf(out, "---|");
		fputc('\n', out);
	}
}

static void print_row_json(const struct index_view *v, const struct dep_index_row *row, FILE *out)
{
	struct json_writer w;
	jw_init(&w, out);
	jw_obj_open(&w);
	jw_key(&w, "name");
	jw_str(&w, row->name);
	for (size_t k = 0; k < v->choice.ng; k++) {
		jw_key(&w, v->choice.groups[k].title);
		jw_arr_open(&w);
		for (int m = 0; m < MARK__COUNT; m++)
			if (row->cell[k] & (1u << m))
				jw_str(&w, dep_index_mark_sym(m));
		jw_arr_close(&w);
	}
	jw_obj_close(&w);
}

static void print_row(const struct index_view *v, const struct dep_index_row *row,
		      enum index_format format, FILE *out, struct text_table *table)
{
	if (format == INDEX_MD) {
		fputs("| ", out);
		fput_html(out, row->name);
		fputs(" |", out);
	} else {
		struct strbuf vis = { 0 };
		sb_add_visible(&vis, row->name, strlen(row->name), false);
		text_table_add(table, "%s", sb_str(&vis));
		sb_free(&vis);
	}
	for (size_t k = 0; k < v->choice.ng; k++) {
		char buf[64];
		dep_index_marks(row->cell[k], buf, sizeof(buf));
		if (format == INDEX_MD)
			fprintf(out, " %s |", buf);
		else
			text_table_add(table, "%s", buf);
	}
	if (format == INDEX_MD)
		fputc('\n', out);
}

void index_view_print(const struct index_view *v, const char *cmd, enum index_format format,
		      FILE *out)
{
	bool json = format == INDEX_JSON || format == INDEX_JSONL;
	struct jw_records recs;
	struct text_table table;
	text_table_init(&table, v->choice.ng + 1, NULL);
	print_head(v, format, out, &table);
	if (json)
		jw_records_begin(&recs, out, format == INDEX_JSONL);
	for (size_t r = 0; r < v->x.rows.n; r++) {
		const struct dep_index_row *row = &v->x.rows.v[r];
		if (!row->name)
			continue;
		if (json) {
			jw_records_next(&recs);
			print_row_json(v, row, out);
		} else
			print_row(v, row, format, out, &table);
	}
	if (format == INDEX_TEXT)
		text_table_print(&table, out);
	text_table_free(&table);
	if (json) {
		jw_records_end(&recs);
		if (format == INDEX_JSON)
			fprintf(out, "}\n");
	} else
		group_choice_note_ungrouped(&v->choice, cmd, v->il.v.v, v->il.v.n);
}

void index_view_free(struct index_view *v)
{
	dep_index_free(&v->x);
	group_choice_free(&v->choice);
	image_idents_free(&v->il);
}
