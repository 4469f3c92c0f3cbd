#include "diff/diff_print.h"

#include <stdlib.h>
#include <string.h>

#include "util/color.h"
#include "util/json_writer.h"
#include "util/text_esc.h"
#include "util/xalloc.h"

bool kind_diff_any(const struct kind_diff *d)
{
	return d->added.n || d->removed.n || d->renamed.n || d->changed.n;
}

/* "KIND: OLD -> NEW, N added, ..." */
static void counts(FILE *out, const struct kind_diff *d)
{
	fprintf(out, "%s: %zu -> %zu, %zu added, %zu removed", d->kind, d->n_old, d->n_new,
		d->added.n, d->removed.n);
	if (d->renamed.n)
		fprintf(out, ", %zu renamed", d->renamed.n);
	fprintf(out, ", %zu changed", d->changed.n);
}

/* One name line of the text: SIGIL NAME in COLOUR. */
static void name_line(FILE *out, const char *colour, const char *sigil, const char *name,
		      const char *new_name)
{
	fprintf(out, "%s%s ", color(colour), sigil);
	fput_visible(out, name);
	if (new_name) {
		fputs(" -> ", out);
		fput_visible(out, new_name);
	}
	fprintf(out, "%s\n", color(COLOR_RESET));
}

void diff_change_print(FILE *out, const struct diff_change *c)
{
	fprintf(out, "%s.", ks_issue_name(c->issue));
	if (c->old_text) {
		fputc(' ', out);
		fput_visible(out, c->old_text);
	}
	if (c->old_text && c->new_text) {
		fputs(" -> ", out);
		fput_visible(out, c->new_text);
	}
}

void diff_print_text(FILE *out, const struct kind_diff *d)
{
	fputs(color(COLOR_BOLD), out);
	counts(out, d);
	fprintf(out, "%s\n", color(COLOR_RESET));
	for (int i = 0; i < ISSUE__COUNT; i++)
		if (d->issues[i])
			fprintf(out, "  %s: %zu\n", ks_issue_name(i), d->issues[i]);
	for (size_t i = 0; i < d->added.n; i++)
		name_line(out, COLOR_GREEN, "+", d->added.v[i], NULL);
	for (size_t i = 0; i < d->removed.n; i++)
		name_line(out, COLOR_RED, "-", d->removed.v[i], NULL);
	for (size_t i = 0; i < d->renamed.n; i++)
		name_line(out, COLOR_CYAN, ">", d->renamed.v[i].old, d->renamed.v[i].new);
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct changed_item *c = &d->changed.v[i];
		name_line(out, COLOR_YELLOW, "~", c->name, NULL);
		for (size_t k = 0; k < c->changes.n; k++) {
			fputs("    ", out);
			diff_change_print(out, &c->changes.v[k]);
			fputc('\n', out);
		}
	}
	fputc('\n', out);
}

void diff_print_md_head(FILE *out, const char *a, const char *b)
{
	fputs("# Differences between ", out);
	fput_code(out, true, a);
	fputs(" and ", out);
	fput_code(out, true, b);
	fputs("\n\n", out);
}

void diff_print_md(FILE *out, const struct kind_diff *d)
{
	fprintf(out, "## %s\n\n", d->kind);
	counts(out, d);
	fputc('\n', out);
	for (int i = 0; i < ISSUE__COUNT; i++)
		if (d->issues[i])
			fprintf(out, "- %s: %zu\n", ks_issue_name(i), d->issues[i]);
	fputc('\n', out);
	for (size_t i = 0; i < d->added.n; i++) {
		fputs("- added ", out);
		fput_code(out, true, d->added.v[i]);
		fputc('\n', out);
	}
	for (size_t i = 0; i < d->removed.n; i++) {
		fputs("- removed ", out);
		fput_code(out, true, d->removed.v[i]);
		fputc('\n', out);
	}
	for (size_t i = 0; i < d->renamed.n; i++) {
		fputs("- renamed ", out);
		fput_code(out, true, d->renamed.v[i].old);
		fputs(" ➡️ ", out);
		fput_code(out, true, d->renamed.v[i].new);
		fputc('\n', out);
	}
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct changed_item *c = &d->changed.v[i];
		fputs("- changed ", out);
		fput_code(out, true, c->name);
		fputc('\n', out);
		for (size_t k = 0; k < c->changes.n; k++) {
			const struct diff_change *ch = &c->changes.v[k];
			fprintf(out, "  - <b>%s. </b>", ks_issue_name(ch->issue));
			if (ch->old_text)
				fput_code(out, true, ch->old_text);
			if (ch->old_text && ch->new_text) {
				fputs(" ➡️ ", out);
				fput_code(out, true, ch->new_text);
			}
			fputc('\n', out);
		}
	}
	fputc('\n', out);
}

static int by_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* NAMES and the renamed pairs' old (NEW_SIDE false) or new names, sorted. */
static void name_array(struct json_writer *w, const char *const *names, size_t n,
		       const struct kind_diff *d, bool new_side)
{
	size_t total = n + d->renamed.n;
	const char **all = xcalloc(total + 1, sizeof(*all));
	if (n)
		memcpy(all, names, n * sizeof(*all));
	for (size_t i = 0; i < d->renamed.n; i++)
		all[n + i] = new_side ? d->renamed.v[i].new : d->renamed.v[i].old;
	if (d->renamed.n)
		qsort(all, total, sizeof(*all), by_str);
	jw_arr_open(w);
	for (size_t i = 0; i < total; i++)
		jw_str(w, all[i]);
	jw_arr_close(w);
	free(all);
}

void diff_print_json(FILE *out, const struct kind_diff *d)
{
	struct json_writer w;
	jw_init(&w, out);
	jw_obj_open(&w);
	jw_kv_str(&w, "kind", d->kind);
	jw_kv_u64(&w, "old", d->n_old);
	jw_kv_u64(&w, "new", d->n_new);
	jw_key(&w, "issues");
	jw_obj_open(&w);
	for (int i = 0; i < ISSUE__COUNT; i++)
		if (d->issues[i])
			jw_kv_u64(&w, ks_issue_name(i), d->issues[i]);
	jw_obj_close(&w);
	jw_key(&w, "added");
	name_array(&w, d->added.v, d->added.n, d, true);
	jw_key(&w, "removed");
	name_array(&w, d->removed.v, d->removed.n, d, false);
	jw_key(&w, "renamed");
	jw_arr_open(&w);
	for (size_t i = 0; i < d->renamed.n; i++) {
		jw_obj_open(&w);
		jw_kv_str(&w, "old", d->renamed.v[i].old);
		jw_kv_str(&w, "new", d->renamed.v[i].new);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_key(&w, "changed");
	jw_arr_open(&w);
	for (size_t i = 0; i < d->changed.n; i++) {
		const struct changed_item *c = &d->changed.v[i];
		jw_obj_open(&w);
		jw_kv_str(&w, "name", c->name);
		jw_key(&w, "changes");
		jw_arr_open(&w);
		for (size_t k = 0; k < c->changes.n; k++) {
			jw_obj_open(&w);
			jw_kv_str(&w, "issue", ks_issue_name(c->changes.v[k].issue));
			jw_kv_str(&w, "old", c->changes.v[k].old_text);
			jw_kv_str(&w, "new", c->changes.v[k].new_text);
			jw_obj_close(&w);
		}
		jw_arr_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_obj_close(&w);
}

static const bool stat_right[] = { false, true, true, true, true, true, true };

void diff_stat_init(struct diff_stat *s)
{
	memset(s, 0, sizeof(*s));
	text_table_init(&s->table, 7, stat_right);
	const char *const head[] = { "kind", "old", "new", "added", "removed", "renamed", "changed" };
	for (size_t i = 0; i < 7; i++)
		text_table_add(&s->table, "%s", head[i]);
}

void diff_stat_add(struct diff_stat *s, const struct kind_diff *d)
{
	text_table_add(&s->table, "%s", d->kind);
	text_table_add(&s->table, "%zu", d->n_old);
	text_table_add(&s->table, "%zu", d->n_new);
	text_table_add(&s->table, "%s+%zu%s", color(COLOR_GREEN), d->added.n, color(COLOR_RESET));
	text_table_add(&s->table, "%s-%zu%s", color(COLOR_RED), d->removed.n, color(COLOR_RESET));
	text_table_add(&s->table, "%zu", d->renamed.n);
	text_table_add(&s->table, "%s~%zu%s", color(COLOR_YELLOW), d->changed.n, color(COLOR_RESET));
	/* "  KIND: ISSUE N, ISSUE N, ..." wrapped before 80 columns */
	size_t col = 0;
	for (int i = 0; i < ISSUE__COUNT; i++) {
		if (!d->issues[i])
			continue;
		char item[96];
		int l = snprintf(item, sizeof(item), "%s %zu", ks_issue_name(i), d->issues[i]);
		if (!col) {
			sb_addf(&s->issues, "  %s: ", d->kind);
			col = 4 + strlen(d->kind);
		} else if (col + 2 + (size_t)l > 78) {
			sb_add(&s->issues, ",\n    ");
			col = 4;
		} else {
			sb_add(&s->issues, ", ");
			col += 2;
		}
		sb_add(&s->issues, item);
		col += (size_t)l;
	}
	if (col)
		sb_add(&s->issues, "\n");
}

void diff_stat_print(struct diff_stat *s, FILE *out)
{
	text_table_print(&s->table, out);
	if (s->issues.len)
		fprintf(out, "changes per issue:\n%s", sb_str(&s->issues));
}

void diff_stat_free(struct diff_stat *s)
{
	text_table_free(&s->table);
	sb_free(&s->issues);
}
