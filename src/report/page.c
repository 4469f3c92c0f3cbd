#include "report/page.h"
#include "report/page_internal.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/dep_anon.h"
#include "report/group_settings.h"
#include "report/groups.h"
#include "store/store.h"
#include "types/type_layout.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/vec.h"
#include "util/xalloc.h"

const struct dep *page_dep(const struct page *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ids[i].id == id && p->imgs[i].loaded)
			return &p->imgs[i].dep;
	return NULL;
}

/* The image a group's J-th member is compared with; NULL for none. */
const struct group_image *page_compared_with(const struct report_group *g, size_t j)
{
	const struct group_image *o = g->against_baseline ? &g->baseline : j ? &g->images[j - 1] : NULL;
	return o && o->id != g->images[j].id ? o : NULL;
}

/* Whether any image G's pairs touch (for Arch and Flavor the baseline too) has
 * what Differences compare: otherwise the group is left out of Differences. */
bool page_group_comparable(const struct page *p, const struct report_group *g)
{
	const struct dep *base = g->against_baseline ? page_dep(p, g->baseline.id) : NULL;
	if (base && base->comparable)
		return true;
	for (size_t j = 0; j < g->n; j++) {
		const struct dep *d = page_dep(p, g->images[j].id);
		if (d && d->comparable)
			return true;
	}
	return false;
}

/* The changes of group G's J-th pair; false when there is nothing to compare. */
bool page_pair_changes(const struct page *p, const struct report_group *g, size_t j, diff_changes *ch)
{
	const struct group_image *oi = page_compared_with(g, j);
	const struct dep *od = oi ? page_dep(p, oi->id) : NULL, *nd = page_dep(p, g->images[j].id);
	if (!od || !nd || !od->comparable || !nd->comparable)
		return false;
	dep_diff(p->kind, od, nd, ch);
	return true;
}

/* The members of group G its Status lists (Arch/Flavor leave the baseline out). */
bool page_listed(const struct report_group *g, size_t j)
{
	return !(g->against_baseline && g->images[j].id == g->baseline.id);
}

/* HTML-escaped text: the same bytes as given for every real kernel name. */
static void esc(const struct page *p, const char *s)
{
	fput_html(p->out, s);
}

/* The published page, byte for byte the examples' layout. */
static void print_md(const struct page *p)
{
	char issues[256];
	fprintf(p->out, "# %s: <code>", dep_titles[p->kind]);
	esc(p, p->name);
	fputs("</code>\n\n## Status\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			if (!page_listed(gr, j))
				continue;
			const struct dep *d = page_dep(p, gr->images[j].id);
			fputs(!d || !d->present ? "<li>\nIn <code>" : "<li>\n<details>\n<summary>In <code>",
			      p->out);
			esc(p, gr->images[j].label);
			fputs("</code>: ", p->out);
			esc(p, dep_issue_text(d, issues, sizeof(issues)));
			if (!d || !d->present) {
				fputs("\n</li>\n", p->out);
				continue;
			}
			fputs("</summary>\n\n", p->out);
			fputs(d->body, p->out);
			fputs("</details>\n</li>\n", p->out);
		}
		fputs("</ul>\n", p->out);
	}
	fputs("\n## Differences\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		if (!page_group_comparable(p, gr))
			continue;
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!page_pair_changes(p, gr, j, &ch))
				continue;
			const char *a = page_compared_with(gr, j)->label, *b = gr->images[j].label;
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
				fprintf(p->out, "<li>\n<b>%s. </b>\n", ks_issue_name(c->issue));
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

static void print_json(const struct page *p)
{
	struct json_writer w;
	jw_init(&w, p->out);
	jw_obj_open(&w);
	jw_kv_str(&w, "kind", dep_kind_names[p->kind]);
	jw_kv_str(&w, "name", p->name);
	jw_kv_str(&w, "baseline", p->ids[p->base].name);
	jw_key(&w, "groups");
	jw_arr_open(&w);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		jw_obj_open(&w);
		jw_kv_str(&w, "group", gr->title);
		jw_key(&w, "images");
		jw_arr_open(&w);
		for (size_t j = 0; j < gr->n; j++) {
			if (!page_listed(gr, j))
				continue;
			const struct dep *d = page_dep(p, gr->images[j].id);
			jw_obj_open(&w);
			jw_kv_str(&w, "label", gr->images[j].label);
			jw_kv_str(&w, "image", gr->images[j].name);
			jw_kv_bool(&w, "present", d && d->present);
			jw_key(&w, "issues");
			jw_arr_open(&w);
			for (int k = 0; d && d->present && k < d->n_issues; k++)
				jw_str(&w, ks_issue_name(d->issues[k]));
			jw_arr_close(&w);
			jw_obj_close(&w);
		}
		jw_arr_close(&w);
		jw_key(&w, "differences");
		if (!page_group_comparable(p, gr)) {
			jw_null(&w);
			jw_obj_close(&w);
			continue;
		}
		jw_arr_open(&w);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!page_pair_changes(p, gr, j, &ch))
				continue;
			jw_obj_open(&w);
			jw_kv_str(&w, "old", page_compared_with(gr, j)->label);
			jw_kv_str(&w, "new", gr->images[j].label);
			jw_key(&w, "changes");
			jw_arr_open(&w);
			for (size_t k = 0; k < ch.n; k++) {
				jw_obj_open(&w);
				jw_kv_str(&w, "issue", ks_issue_name(ch.v[k].issue));
				jw_kv_str(&w, "old", ch.v[k].old_text);
				jw_kv_str(&w, "new", ch.v[k].new_text);
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

/* One image's BTF, as layouts use it. */
struct page_btf {
	bool tried;
	struct btf *btf; /* NULL: none */
	struct layout_btf_index ix;
};

uint32_t page_layout_btf(const struct page *p, int64_t id, bool is_union, const char *name,
			 const struct btf **btf)
{
	struct page_ctx *ctx = p->ctx;
	size_t i = 0;
	while (i < ctx->il.v.n && ctx->il.v.v[i].id != id)
		i++;
	if (i == ctx->il.v.n || !name)
		return 0;
	if (!ctx->btf)
		ctx->btf = xcalloc(ctx->il.v.n, sizeof(*ctx->btf));
	struct page_btf *b = &ctx->btf[i];
	if (!b->tried) {
		bool failed;
		b->tried = true;
		b->btf = dep_btf_load(ctx->st, id, &failed);
		if (b->btf)
			type_layout_btf_index(&b->ix, b->btf);
	}
	*btf = b->btf;
	return b->btf ? type_layout_btf_lookup(&b->ix, is_union, name) : 0;
}

void page_ctx_close(struct page_ctx *ctx)
{
	for (size_t i = 0; ctx->btf && i < ctx->il.v.n; i++) {
		if (ctx->btf[i].btf)
			type_layout_btf_index_free(&ctx->btf[i].ix);
		btf__free(ctx->btf[i].btf);
	}
	free(ctx->btf);
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
	p.links = ctx->links;
	p.ctx = ctx;
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
	if (format == PAGE_MD)
		print_md(&p);
	else if (format == PAGE_HTML)
		page_html_print(&p);
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
