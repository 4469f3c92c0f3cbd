/* show_items.c — a dependency's Status items image by image, for `ksurf show
 * --image/--per-image` (show_items.h). */
#include "report/show_items.h"

#include "report/page.h"
#include "surface/issues.h"
#include "surface/kinds.h"
#include "types/type_layout.h"
#include "util/text_esc.h"

static bool is_json(const struct show_items *s)
{
	return s->format == SHOW_JSON || s->format == SHOW_JSONL;
}

void show_items_begin(struct show_items *s)
{
	s->records = s->format == SHOW_JSONL || (s->format == SHOW_JSON && !s->one_image);
	if (s->records)
		jw_records_begin(&s->recs, s->out, s->format == SHOW_JSONL);
}

void show_items_end(struct show_items *s)
{
	if (s->records)
		jw_records_end(&s->recs);
	sb_free(&s->last);
}

/* A JSON writer for one image's object. */
static void json_start(struct show_items *s, struct json_writer *w)
{
	if (s->records)
		jw_records_next(&s->recs);
	jw_init(w, s->out);
}

static void json_done(struct show_items *s)
{
	if (!s->records)
		fputc('\n', s->out);
}

void show_items_config(struct show_items *s, const char *image, const struct config_item *it,
		       bool first)
{
	if (is_json(s)) {
		struct json_writer w;
		json_start(s, &w);
		config_item_json(&w, image, it);
		json_done(s);
	} else
		config_item_print(s->out, s->format == SHOW_MD, s->name, image, it, first);
}

void show_items_layout(struct show_items *s, struct ks_store *st, int64_t id, const char *image,
		       const struct dep *d, bool first)
{
	FILE *out = s->out;
	struct layout l;
	if (dep_layout(st, id, d, &l) < 0) {
		if (!is_json(s)) {
			fputs(first ? "In " : "\nIn ", out);
			fput_code(out, s->format == SHOW_MD, image);
			fprintf(out, ": %s\n", ks_issue_name(ISSUE_ABSENT));
		}
		return;
	}
	if (is_json(s)) {
		struct json_writer w;
		json_start(s, &w);
		dep_layout_json(&w, image, d, &l);
		json_done(s);
	} else if (s->format == SHOW_TEXT) {
		if (!s->one_image) /* --image: the layout alone, as pahole prints it */
			fprintf(out, "%s%s:\n", first ? "" : "\n", image);
		if (dep_layout_print(st, id, d, &l, out) < 0)
			s->failed = true;
	} else {
		fputs(first ? "In " : "\nIn ", out);
		fput_code(out, true, image);
		fputs(":\n\n```c\n", out);
		if (dep_layout_print(st, id, d, &l, out) < 0)
			s->failed = true;
		fputs("```\n", out);
	}
	type_layout_free(&l);
}

void show_items_dep(struct show_items *s, const char *image, const struct dep *d, bool first)
{
	FILE *out = s->out;
	if (is_json(s)) {
		struct json_writer w;
		json_start(s, &w);
		dep_write_json(&w, s->kind, image, d);
		json_done(s);
	} else if (s->format == SHOW_TEXT) {
		if (first) {
			fprintf(out, "%s ", dep_titles[s->kind]);
			fput_visible(out, s->name);
			fputc('\n', out);
			sb_reset(&s->last);
		}
		page_text_item(out, s->kind, image, 28, d, &s->last);
	} else {
		char issues[256];
		if (!first)
			fputc('\n', out);
		fputs("In ", out);
		fput_code(out, true, image);
		fprintf(out, ": %s\n", dep_issue_text(d, issues, sizeof(issues)));
		if (d->present)
			fprintf(out, "\n%s", d->body);
	}
}
