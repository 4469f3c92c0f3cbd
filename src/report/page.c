#include "report/page.h"
#include "report/page_internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/group_settings.h"
#include "report/groups.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/vec.h"
#include "util/xalloc.h"

static const struct dep *dep_of(const struct page *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ids[i].id == id && p->imgs[i].loaded)
			return &p->imgs[i].dep;
	return NULL;
}

/* The image a group's J-th member is compared with; NULL for none. */
static const struct group_image *compared_with(const struct report_group *g, size_t j)
{
	const struct group_image *o = g->against_baseline ? &g->baseline : j ? &g->images[j - 1] : NULL;
	return o && o->id != g->images[j].id ? o : NULL;
}

/* Whether any image G's pairs touch (for Arch and Flavor the baseline too) has
 * what Differences compare: otherwise the group is left out of Differences. */
static bool group_comparable(const struct page *p, const struct report_group *g)
{
	const struct dep *base = g->against_baseline ? dep_of(p, g->baseline.id) : NULL;
	if (base && base->comparable)
		return true;
	for (size_t j = 0; j < g->n; j++) {
		const struct dep *d = dep_of(p, g->images[j].id);
		if (d && d->comparable)
			return true;
	}
	return false;
}

/* The changes of group G's J-th pair; false when there is nothing to compare. */
static bool pair_changes(const struct page *p, const struct report_group *g, size_t j,
			 diff_changes *ch)
{
	const struct group_image *oi = compared_with(g, j);
	const struct dep *od = oi ? dep_of(p, oi->id) : NULL, *nd = dep_of(p, g->images[j].id);
	if (!od || !nd || !od->comparable || !nd->comparable)
		return false;
	dep_diff(p->kind, od, nd, ch);
	return true;
}

/* The members of group G its Status lists (Arch/Flavor leave the baseline out). */
static bool listed(const struct report_group *g, size_t j)
{
	return !(g->against_baseline && g->images[j].id == g->baseline.id);
}

/* HTML-escaped text: the same bytes as given for every real kernel name. */
static void esc(const struct page *p, const char *s)
{
	fput_html(p->out, s);
}

/*
 * A Status body (Markdown of a restricted form: fenced code blocks, "**Label:**
 * text" lines, text lines) as HTML, every text node escaped: no line of it is
 * taken as markup, whatever the names in it hold.
 */
static void body_html(FILE *out, const char *md)
{
	bool code = false;
	struct strbuf sb = { 0 };
	for (const char *l = md; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n >= 3 && !strncmp(l, "```", 3)) {
			if (code)
				sb_add(&sb, "</code></pre>\n");
			else if (n > 3) {
				sb_add(&sb, "<pre><code class=\"language-");
				sb_add_html_n(&sb, l + 3, n - 3);
				sb_add(&sb, "\">");
			} else
				sb_add(&sb, "<pre><code>");
			code = !code;
		} else if (code) {
			sb_add_html_n(&sb, l, n);
			sb_add(&sb, "\n");
		} else if (n) {
			const char *end = n > 4 && !strncmp(l, "**", 2) ? memmem(l + 2, n - 2, "**", 2) : NULL;
			sb_add(&sb, "<p>");
			if (end) {
				sb_add(&sb, "<b>");
				sb_add_html_n(&sb, l + 2, (size_t)(end - l - 2));
				sb_add(&sb, "</b>");
				sb_add_html_n(&sb, end + 2, n - (size_t)(end + 2 - l));
			} else
				sb_add_html_n(&sb, l, n);
			sb_add(&sb, "</p>\n");
		}
		l += n + (nl != NULL);
	}
	if (code)
		sb_add(&sb, "</code></pre>\n");
	fputs(sb_str(&sb), out);
	sb_free(&sb);
}

/* The published page (md), or the same page as HTML for the site (html): the
 * headings as elements and the Status bodies converted, every text escaped. */
static void print_md(const struct page *p, bool html)
{
	char issues[256];
	fprintf(p->out, html ? "<h1>%s: <code>" : "# %s: <code>", dep_titles[p->kind]);
	esc(p, p->name);
	fputs(html ? "</code></h1>\n<h2>Status</h2>\n" : "</code>\n\n## Status\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			if (!listed(gr, j))
				continue;
			const struct dep *d = dep_of(p, gr->images[j].id);
			fputs(!d || !d->present ? "<li>\nIn <code>" : "<li>\n<details>\n<summary>In <code>",
			      p->out);
			esc(p, gr->images[j].label);
			if (!d || !d->present) {
				fputs("</code>: Absent ⚠️\n</li>\n", p->out);
				continue;
			}
			fputs("</code>: ", p->out);
			esc(p, dep_issue_text(d, issues, sizeof(issues)));
			fputs("</summary>\n\n", p->out);
			if (html)
				body_html(p->out, d->body);
			else
				fputs(d->body, p->out);
			fputs("</details>\n</li>\n", p->out);
		}
		fputs("</ul>\n", p->out);
	}
	fputs(html ? "<h2>Differences</h2>\n" : "\n## Differences\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		if (!group_comparable(p, gr))
			continue;
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!pair_changes(p, gr, j, &ch))
				continue;
			const char *a = compared_with(gr, j)->label, *b = gr->images[j].label;
			fputs(ch.n ? "<li>\n<details>\n<summary>Changed between <code>"
				   : "<li>\nNo changes between <code>", p->out);
			esc(p, a);
			fputs("</code> and <code>", p->out);
			esc(p, b);
			if (!ch.n) {
				fputs("</code> ✅\n</li>\n", p->out);
				continue;
			}
			fputs("</code> ⚠️</summary>\n<ul>\n", p->out);
			for (size_t k = 0; k < ch.n; k++) {
				const struct diff_change *c = &ch.v[k];
				fprintf(p->out, "<li>\n<b>%s. </b>\n", diff_issue_str(c->issue));
				if (c->old_text) {
					fputs("<code>", p->out);
					esc(p, c->old_text);
					fputs("</code>", p->out);
				}
				if (c->old_text && c->new_text) {
					fputs(" ➡️ <code>", p->out);
					esc(p, c->new_text);
					fputs("</code>", p->out);
				}
				fputs(c->old_text ? "\n</li>\n" : "</li>\n", p->out);
			}
			fputs("</ul>\n</details>\n</li>\n", p->out);
			diff_changes_free(&ch);
		}
		fputs("</ul>\n", p->out);
	}
}

/* The helpers, for page_text.c. */
const struct dep *page_dep(const struct page *p, int64_t id)
{
	return dep_of(p, id);
}

const struct group_image *page_compared_with(const struct report_group *g, size_t j)
{
	return compared_with(g, j);
}

bool page_group_comparable(const struct page *p, const struct report_group *g)
{
	return group_comparable(p, g);
}

bool page_pair_changes(const struct page *p, const struct report_group *g, size_t j,
		       diff_changes *ch)
{
	return pair_changes(p, g, j, ch);
}

bool page_listed(const struct report_group *g, size_t j)
{
	return listed(g, j);
}

static void print_json(const struct page *p)
{
	struct json_writer w;
	jw_init(&w, p->out);
	jw_obj_open(&w);
	jw_key(&w, "kind");
	jw_str(&w, dep_kind_names[p->kind]);
	jw_key(&w, "name");
	jw_str(&w, p->name);
	jw_key(&w, "baseline");
	jw_str(&w, p->ids[p->base].name);
	jw_key(&w, "groups");
	jw_arr_open(&w);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		jw_obj_open(&w);
		jw_key(&w, "group");
		jw_str(&w, gr->title);
		jw_key(&w, "images");
		jw_arr_open(&w);
		for (size_t j = 0; j < gr->n; j++) {
			if (!listed(gr, j))
				continue;
			const struct dep *d = dep_of(p, gr->images[j].id);
			jw_obj_open(&w);
			jw_key(&w, "label");
			jw_str(&w, gr->images[j].label);
			jw_key(&w, "image");
			jw_str(&w, gr->images[j].name);
			jw_key(&w, "present");
			jw_bool(&w, d && d->present);
			jw_key(&w, "issues");
			jw_arr_open(&w);
			for (int k = 0; d && d->present && k < d->n_issues; k++)
				jw_str(&w, d->issues[k]);
			jw_arr_close(&w);
			jw_obj_close(&w);
		}
		jw_arr_close(&w);
		jw_key(&w, "differences");
		if (!group_comparable(p, gr)) {
			jw_null(&w);
			jw_obj_close(&w);
			continue;
		}
		jw_arr_open(&w);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!pair_changes(p, gr, j, &ch))
				continue;
			jw_obj_open(&w);
			jw_key(&w, "old");
			jw_str(&w, compared_with(gr, j)->label);
			jw_key(&w, "new");
			jw_str(&w, gr->images[j].label);
			jw_key(&w, "changes");
			jw_arr_open(&w);
			for (size_t k = 0; k < ch.n; k++) {
				jw_obj_open(&w);
				jw_key(&w, "issue");
				jw_str(&w, diff_issue_str(ch.v[k].issue));
				jw_key(&w, "old");
				jw_str(&w, ch.v[k].old_text);
				jw_key(&w, "new");
				jw_str(&w, ch.v[k].new_text);
				jw_obj_close(&w);
			}
			jw_arr_close(&w);
			jw_obj_close(&w);
			diff_changes_free(&ch);
		}
		jw_arr_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_key(&w, "ungrouped"); /* images in no group (shown with --per-image) */
	jw_arr_open(&w);
	for (size_t i = 0; i < p->n; i++)
		if (!group_choice_has(&p->choice, p->ids, p->ids[i].id))
			jw_str(&w, p->ids[i].name);
	jw_arr_close(&w);
	jw_obj_close(&w);
	fputc('\n', p->out);
}

int page_ctx_open(struct ks_store *st, const char *cmd, const struct group_settings *gs,
		  struct page_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->st = st;
	ctx->cmd = cmd;
	if (image_idents_load(st, &ctx->il) < 0)
		return -1;
	int r = group_settings_resolve(st, cmd, gs, ctx->il.v.v, ctx->il.v.n, &ctx->choice);
	if (r < 0)
		return r == -2 ? PAGE_NO_GROUPS : -1;
	ctx->resolved = true;
	/* the images a page needs: the baseline's and the groups' */
	ctx->needed = xcalloc(ctx->il.v.n ? ctx->il.v.n : 1, sizeof(*ctx->needed));
	for (size_t i = 0; i < ctx->il.v.n; i++) {
		bool needed = i == (size_t)ctx->choice.baseline;
		for (size_t g = 0; g < ctx->choice.ng && !needed; g++)
			for (size_t j = 0; j < ctx->choice.groups[g].n && !needed; j++)
				needed = ctx->choice.groups[g].images[j].id == ctx->il.v.v[i].id;
		ctx->needed[i] = needed;
	}
	return 0;
}

void page_ctx_close(struct page_ctx *ctx)
{
	if (ctx->resolved)
		group_choice_free(&ctx->choice);
	free(ctx->needed);
	image_idents_free(&ctx->il);
	memset(ctx, 0, sizeof(*ctx));
}

int page_render(struct page_ctx *ctx, enum dep_kind kind, const char *name, enum page_format format,
		FILE *out)
{
	struct page p = { .out = out, .st = ctx->st, .kind = kind, .name = name };
	int ret = 0;
	p.ids = ctx->il.v.v;
	p.n = ctx->il.v.n;
	p.imgs = xcalloc(p.n ? p.n : 1, sizeof(*p.imgs));
	p.choice = ctx->choice;
	p.base = p.choice.baseline;
	p.groups = p.choice.groups;
	p.ng = p.choice.ng;
	/* every image the page needs, loaded once */
	for (size_t i = 0; i < p.n; i++) {
		if (!ctx->needed[i])
			continue;
		p.imgs[i].loaded = true;
		if (dep_load(ctx->st, p.ids[i].id, kind, name, &p.imgs[i].dep) < 0) {
			ret = -1;
			goto out;
		}
	}
	size_t loaded = 0, present = 0;
	for (size_t i = 0; i < p.n; i++) {
		loaded += p.imgs[i].loaded;
		present += p.imgs[i].loaded && p.imgs[i].dep.present;
	}
	if (!present) {
		int64_t near[2] = { p.ids[p.base].id, p.n > 1 ? p.ids[p.base ? 0 : 1].id : 0 };
		char hint[512];
		ks_error("%s: %s %s is in none of the %zu images of the page%s", ctx->cmd,
			 dep_kind_names[kind], name, loaded,
			 dep_suggest(ctx->st, near, p.n > 1 ? 2 : 1, kind, name, hint, sizeof(hint)));
		ret = -1;
		goto out;
	}
	if (format == PAGE_MD || format == PAGE_HTML)
		print_md(&p, format == PAGE_HTML);
	else if (format == PAGE_TEXT)
		page_print_text(&p);
	else
		print_json(&p);
out:
	for (size_t i = 0; i < p.n; i++)
		if (p.imgs[i].loaded)
			dep_free(&p.imgs[i].dep);
	free(p.imgs);
	return ret;
}

int page_show(struct ks_store *st, enum dep_kind kind, const char *name,
	      const struct group_settings *gs, enum page_format format)
{
	struct page_ctx ctx;
	int ret = page_ctx_open(st, "show", gs, &ctx);
	if (ret == 0)
		ret = page_render(&ctx, kind, name, format, stdout);
	if (ret == 0 && format != PAGE_JSON)
		group_choice_note_ungrouped(&ctx.choice, "show", ctx.il.v.v, ctx.il.v.n);
	page_ctx_close(&ctx);
	return ret;
}
