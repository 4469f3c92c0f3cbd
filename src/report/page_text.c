/* page_text.c — the report page as text for a terminal or a pipe: the same
 * facts as the published page (marks, prototype or declaration, location,
 * callers, a field's offset, the changes), compact, no HTML, every name in
 * visible form (util/text_esc.h), coloured per util/color.h.
 *
 *   Function NAME (baseline IMAGE)
 *
 *   Status
 *   GROUP
 *     LABEL  MARKS[  FACTS]           a line per image; a func's (lsm's, ...)
 *            PROTOTYPE;               prototype when not the one above it,
 *            at LOCATION              then its instances and callers
 *            called by A, B, C (+N more)
 *
 *   Differences
 *   GROUP
 *     A -> B  no changes | ISSUE. OLD -> NEW (a line per change, the
 *             first SHOWN_CHANGES, then the rest's number per issue)
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff_print.h"
#include "report/page_internal.h"
#include "types/type_render.h"
#include "util/color.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/text_table.h"

#define SHOWN_CALLERS 5
#define SHOWN_INSTANCES 4
#define SHOWN_CHANGES 10 /* of a pair; then their number per issue */

/* S in visible form. */
static void put(FILE *out, const char *s)
{
	fput_visible(out, s);
}

/* WIDTH columns of indentation. */
static void indent(FILE *out, size_t width)
{
	fprintf(out, "%*s", (int)width, "");
}

/* "CALLER" of "UNIT:CALLER". */
static const char *caller_name(const char *s)
{
	const char *c = strrchr(s, ':');
	return c ? c + 1 : s;
}

/* "TITLE A, B, C (+N more)": the distinct callers' names, in their order. */
static void callers_line(FILE *out, size_t ind, const char *title, const char **callers,
			 uint32_t n)
{
	if (!n)
		return;
	const char **seen = calloc(n, sizeof(*seen));
	size_t distinct = 0;
	for (uint32_t i = 0; i < n; i++) {
		const char *c = caller_name(callers[i]);
		bool dup = false;
		for (size_t k = 0; k < distinct && !dup; k++)
			dup = !strcmp(seen[k], c);
		if (!dup && seen)
			seen[distinct++] = c;
	}
	indent(out, ind);
	fprintf(out, "%s ", title);
	for (size_t k = 0; k < distinct && k < SHOWN_CALLERS; k++) {
		fputs(k ? ", " : "", out);
		put(out, seen[k]);
	}
	if (distinct > SHOWN_CALLERS)
		fprintf(out, " (+%zu more)", distinct - SHOWN_CALLERS);
	fputc('\n', out);
	free(seen);
}

/* A function group's instances, callers and compiler copies. */
static void group_lines(FILE *out, size_t ind, const struct dep *d)
{
	const struct ks_func_group *g = d->group;
	const struct ks_surface *s = &d->s;
	if (!g)
		return;
	if (!g->n_entries) {
		indent(out, ind);
		fputs("no instance in DWARF (classes from the symbols)\n", out);
	}
	for (uint32_t i = 0; i < g->n_entries && i < SHOWN_INSTANCES; i++) {
		const struct ks_func_entry *e = &s->entries.v[g->first_entry + i];
		indent(out, ind);
		fputs("at ", out);
		put(out, e->loc ? e->loc : e->file ? e->file : "an unknown place");
		if (e->addr)
			fprintf(out, " (%" PRIx64 ")", e->addr);
		fputs(ks_inline_actual(e->inline_status) ? ", inlined\n" : "\n", out);
		callers_line(out, ind + 2, "called by", e->direct_callers, e->n_direct_callers);
		callers_line(out, ind + 2, "inlined into", e->inline_callers, e->n_inline_callers);
	}
	if (g->n_entries > SHOWN_INSTANCES) {
		indent(out, ind);
		fprintf(out, "(+%u more instances)\n", g->n_entries - SHOWN_INSTANCES);
	}
	/* the symbols when not just the name: compiler copies, .cold parts */
	bool other = false;
	for (uint32_t i = 0; i < g->n_symbols && !other; i++)
		other = strcmp(s->symbols.v[s->group_symbols.v[g->first_symbol + i]].name, g->name);
	if (!other)
		return;
	indent(out, ind);
	fputs("symbols ", out);
	for (uint32_t i = 0; i < g->n_symbols; i++) {
		fputs(i ? ", " : "", out);
		put(out, s->symbols.v[s->group_symbols.v[g->first_symbol + i]].name);
	}
	fputc('\n', out);
}

/* The one-line declaration of a function type T ("" when it renders otherwise). */
static void one_line(struct strbuf *sb, const struct jv *t)
{
	sb_reset(sb);
	if (render_definition(sb, t) < 0 || strchr(sb_str(sb), '\n'))
		sb_reset(sb);
}

/* What follows the marks on an image's own line: a type's size and members,
 * a field's offset and declaration, a system call's number. */
static void facts_inline(FILE *out, enum dep_kind kind, const struct dep *d)
{
	uint64_t v;
	const struct jv *m;
	struct strbuf sb = { 0 };
	switch (kind) {
	case DEP_STRUCT:
	case DEP_UNION:
		m = jv_get(&d->a, "members");
		if (jv_u64(&d->a, "size", &v))
			fprintf(out, "  size %" PRIu64, v);
		fprintf(out, ", %zu members", m && m->type == JV_ARR ? m->n : 0);
		break;
	case DEP_ENUM:
		m = jv_get(&d->a, "values");
		fprintf(out, "  %zu values", m && m->type == JV_ARR ? m->n : 0);
		break;
	case DEP_FIELD:
		if (jv_u64(&d->b, "bits_offset", &v))
			fprintf(out, "  offset %" PRIu64 " %s", v % 8 ? v : v / 8, v % 8 ? "bits" : "bytes");
		render_decl(&sb, &d->a, jv_str(&d->b, "name"));
		if (jv_u64(&d->b, "bitfield_size", &v))
			sb_addf(&sb, ":%" PRIu64, v);
		fputs("  ", out);
		put(out, sb_str(&sb));
		fputc(';', out);
		break;
	case DEP_SYSCALL:
		if (d->nr >= 0)
			fprintf(out, "  number %ld", d->nr);
		break;
	default:
		break;
	}
	sb_free(&sb);
}

/* The lines under an image's: the prototype (when not LAST, the one shown
 * above it; then kept in LAST), a tracepoint's event struct, a function's group. */
static void facts_below(FILE *out, enum dep_kind kind, const struct dep *d, size_t ind,
			struct strbuf *last)
{
	struct strbuf sb = { 0 };
	const struct jv *proto = kind == DEP_TRACEPOINT ? &d->b : &d->a;
	bool has_proto = kind == DEP_FUNC ? d->comparable
			 : kind == DEP_LSM || kind == DEP_KFUNC || kind == DEP_TRACEPOINT;
	if (has_proto) {
		one_line(&sb, proto);
		if (sb.len && strcmp(sb_str(&sb), sb_str(last))) {
			indent(out, ind);
			put(out, sb_str(&sb));
			fputc('\n', out);
			sb_reset(last);
			sb_add(last, sb_str(&sb));
		}
	}
	if (kind == DEP_TRACEPOINT) {
		const struct jv *m = jv_get(&d->a, "members");
		indent(out, ind);
		fputs("event struct ", out);
		put(out, jv_str(&d->a, "name") ? jv_str(&d->a, "name") : "?");
		fprintf(out, ", %zu fields\n", m && m->type == JV_ARR ? m->n : 0);
	}
	if (kind == DEP_FUNC)
		group_lines(out, ind, d);
	sb_free(&sb);
}

/* The widest label of the page's images, for the columns. */
static size_t label_width(const struct page *p)
{
	size_t w = 0;
	for (size_t g = 0; g < p->ng; g++)
		for (size_t j = 0; j < p->groups[g].n; j++) {
			struct strbuf sb = { 0 };
			const char *l = p->groups[g].images[j].label;
			sb_add_visible(&sb, l, strlen(l), false);
			size_t lw = text_width(sb_str(&sb));
			sb_free(&sb);
			if (lw > w)
				w = lw;
		}
	return w;
}

/* LABEL padded to WIDTH columns. */
static void label(FILE *out, const char *l, size_t width)
{
	struct strbuf sb = { 0 };
	sb_add_visible(&sb, l, strlen(l), false);
	fputs(sb_str(&sb), out);
	size_t w = text_width(sb_str(&sb));
	indent(out, width > w ? width - w : 0);
	sb_free(&sb);
}

static void heading(FILE *out, const char *title)
{
	fprintf(out, "%s", color(COLOR_BOLD));
	put(out, title);
	fprintf(out, "%s\n", color(COLOR_RESET));
}

void page_text_item(FILE *out, enum dep_kind kind, const char *image, size_t width,
		    const struct dep *d, struct strbuf *last)
{
	char issues[256];
	fputs("  ", out);
	label(out, image, width);
	fprintf(out, "  %s%s%s", color(dep_colour(d)), dep_issue_text(d, issues, sizeof(issues)),
		color(COLOR_RESET));
	if (d && d->present)
		facts_inline(out, kind, d);
	fputc('\n', out);
	if (d && d->present)
		facts_below(out, kind, d, 4 + width, last);
}

static void status(const struct page *p, size_t lw)
{
	FILE *out = p->out;
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		struct strbuf last = { 0 };
		heading(out, gr->title);
		for (size_t j = 0; j < gr->n; j++) {
			if (!page_listed(gr, j))
				continue;
			page_text_item(out, p->kind, gr->images[j].label, lw, page_dep(p, gr->images[j].id),
				       &last);
		}
		sb_free(&last);
	}
}

/* "A -> B" of G's J-th pair, in visible form. */
static void pair_label(struct strbuf *sb, const struct report_group *g, size_t j)
{
	const char *a = page_compared_with(g, j)->label, *b = g->images[j].label;
	sb_add_visible(sb, a, strlen(a), false);
	sb_add(sb, " -> ");
	sb_add_visible(sb, b, strlen(b), false);
}

/* The widest "A -> B" of the page's pairs. */
static size_t pair_width(const struct page *p)
{
	size_t w = 0;
	for (size_t g = 0; g < p->ng; g++)
		for (size_t j = 0; j < p->groups[g].n; j++) {
			if (!page_compared_with(&p->groups[g], j))
				continue;
			struct strbuf sb = { 0 };
			pair_label(&sb, &p->groups[g], j);
			if (text_width(sb_str(&sb)) > w)
				w = text_width(sb_str(&sb));
			sb_free(&sb);
		}
	return w;
}

/* Past SHOWN_CHANGES changes of a pair: their number per issue. */
static void more_changes(FILE *out, const diff_changes *ch)
{
	size_t per[ISSUE__COUNT] = { 0 };
	for (size_t k = SHOWN_CHANGES; k < ch->n; k++)
		per[ch->v[k].issue]++;
	fprintf(out, "(+%zu more:", ch->n - SHOWN_CHANGES);
	bool first = true;
	for (int i = 0; i < ISSUE__COUNT; i++)
		if (per[i]) {
			fprintf(out, "%s %s %zu", first ? "" : ",", ks_issue_name(i), per[i]);
			first = false;
		}
	fputs("; all with --format md)\n", out);
}

static void differences(const struct page *p)
{
	FILE *out = p->out;
	size_t pw = pair_width(p);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		if (!page_group_comparable(p, gr))
			continue;
		heading(out, gr->title);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!page_pair_changes(p, gr, j, &ch))
				continue;
			struct strbuf pair = { 0 };
			pair_label(&pair, gr, j);
			size_t w = text_width(sb_str(&pair));
			fprintf(out, "  %s", sb_str(&pair));
			indent(out, pw - w + 2);
			if (!ch.n)
				fprintf(out, "%sno changes%s\n", color(COLOR_GREEN), color(COLOR_RESET));
			for (size_t k = 0; k < ch.n && k <= SHOWN_CHANGES; k++) {
				if (k)
					indent(out, 4 + pw);
				if (k == SHOWN_CHANGES && ch.n > SHOWN_CHANGES + 1) {
					more_changes(out, &ch);
					break;
				}
				fputs(color(COLOR_YELLOW), out);
				diff_change_print(out, &ch.v[k]);
				fprintf(out, "%s\n", color(COLOR_RESET));
			}
			sb_free(&pair);
			diff_changes_free(&ch);
		}
	}
}

void page_print_text(const struct page *p)
{
	FILE *out = p->out;
	fprintf(out, "%s%s ", color(COLOR_BOLD), dep_titles[p->kind]);
	put(out, p->name);
	fprintf(out, "%s (baseline ", color(COLOR_RESET));
	put(out, p->ids[p->base].name);
	fputs(")\n\nStatus\n", out);
	status(p, label_width(p));
	bool any = false;
	for (size_t g = 0; g < p->ng && !any; g++)
		any = page_group_comparable(p, &p->groups[g]);
	if (!any)
		return;
	fputs("\nDifferences\n", out);
	differences(p);
}
