#include "site/site.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "report/dep.h"
#include "report/dep_index.h"
#include "report/page.h"
#include "site/site_assets.h"
#include "site/site_html.h"
#include "site/site_links.h"
#include "site/site_svg.h"
#include "stats/stats.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"
#include "util/vec.h"
#include "util/whole_file.h"
#include "util/xalloc.h"

/* The kinds with an index and pages, in the navigation's order. */
static const enum dep_kind site_kinds[] = { DEP_FUNC, DEP_STRUCT, DEP_UNION, DEP_ENUM,
					    DEP_TRACEPOINT, DEP_LSM, DEP_KFUNC, DEP_SYSCALL };
#define N_SITE_KINDS (sizeof(site_kinds) / sizeof(site_kinds[0]))
static const char *const kind_titles[] = { [DEP_FUNC] = "Functions", [DEP_STRUCT] = "Structs",
	[DEP_UNION] = "Unions", [DEP_ENUM] = "Enums", [DEP_TRACEPOINT] = "Tracepoints",
	[DEP_LSM] = "LSM hooks", [DEP_KFUNC] = "Kfuncs", [DEP_SYSCALL] = "System calls" };

struct site {
	const struct site_opts *o;
	struct site_counts *c;
	struct ks_store st;
	struct image_idents il;
	struct group_choice gc;
	struct dep_index idx[N_SITE_KINDS];
	struct stats stats;
	struct check_run run;
	bool have_run;
	VEC(char *) written; /* every file's path in the site, this run */
	pthread_mutex_t lock; /* the counts and written, from the page workers */
};

static int put(struct site *s, const char *rel, const struct strbuf *sb)
{
	int r = site_write_file(s->o->dir, rel, sb->p ? sb->p : "", sb->len);
	if (r < 0)
		return -1;
	pthread_mutex_lock(&s->lock);
	vec_push(&s->written, xstrdup(rel));
	s->c->files++;
	s->c->bytes += sb->len;
	if (r)
		s->c->written++;
	else
		s->c->unchanged++;
	pthread_mutex_unlock(&s->lock);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A site rebuilt into its directory holds no page of a dependency no longer in
 * the dataset: in each directory of pages, an .html file this run did not
 * write is removed, and so are the temporary files of a run that died.
 */
static void remove_stale(struct site *s)
{
	qsort(s->written.v, s->written.n, sizeof(char *), cmp_str);
	char dir[4200];
	struct strbuf rel = { 0 };
	for (size_t k = 0; k <= N_SITE_KINDS; k++) {
		const char *sub = k < N_SITE_KINDS ? dep_kind_names[site_kinds[k]] : "programs";
		snprintf(dir, sizeof(dir), "%s/%s", s->o->dir, sub);
		whole_sweep(dir);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n < 5 || strcmp(e->d_name + n - 5, ".html"))
				continue;
			sb_reset(&rel);
			sb_addf(&rel, "%s/%s", sub, e->d_name);
			const char *key = rel.p;
			if (!bsearch(&key, s->written.v, s->written.n, sizeof(char *), cmp_str) &&
			    unlinkat(dirfd(d), e->d_name, 0) == 0)
				s->c->removed++;
		}
		if (d)
			closedir(d);
	}
	snprintf(dir, sizeof(dir), "%s/figures", s->o->dir);
	whole_sweep(dir);
	whole_sweep(s->o->dir);
	sb_free(&rel);
}

/* --- the report page of every dependency, on several threads --- */

struct worker {
	struct site *s;
	int id, n;
	atomic_size_t *done;
	size_t total;
	int ret;
};

static void *page_worker(void *arg)
{
	struct worker *w = arg;
	struct site *s = w->s;
	struct ks_store st;
	struct page_ctx ctx;
	if (ks_store_open(&st, s->o->db_path, false) < 0) {
		w->ret = -1;
		return NULL;
	}
	if (ks_store_read_begin(&st) < 0 || page_ctx_open(&st, "site", &s->o->gs, &ctx) != 0) {
		page_ctx_close(&ctx);
		ks_store_close(&st);
		w->ret = -1;
		return NULL;
	}
	/* links to the pages of the site's kinds, and to source lines */
	struct site_links links = { 0 };
	site_links_init(&links);
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		links.idx[site_kinds[k]] = &s->idx[k];
	ctx.links = &links.pl;
	struct strbuf md_rel = { 0 }, html = { 0 };
	size_t seq = 0;
	for (size_t k = 0; k < N_SITE_KINDS && w->ret == 0; k++) {
		const struct dep_index *x = &s->idx[k];
		const char *kn = dep_kind_names[site_kinds[k]];
		for (size_t r = 0; r < x->rows.n && w->ret == 0; r++, seq++) {
			if ((int)(seq % (size_t)w->n) != w->id)
				continue;
			const char *name = x->rows.v[r].name;
			char *md = NULL;
			size_t md_len = 0;
			FILE *f = open_memstream(&md, &md_len);
			int pr = f ? page_render(&ctx, site_kinds[k], name, PAGE_HTML, f) : -1;
			if (f)
				fclose(f);
			if (pr < 0) {
				free(md);
				w->ret = -1;
				break;
			}
			sb_reset(&html);
			char title[600];
			snprintf(title, sizeof(title), "%s %s", dep_titles[site_kinds[k]], name);
			const char *root = site_dep_root(kn, name);
			site_page_begin(&html, root, title);
			sb_addf(&html, "<link rel=\"stylesheet\" href=\"%spage.css\">\n", root);
			sb_addn(&html, md, md_len);
			site_page_end(&html);
			free(md);
			sb_reset(&md_rel);
			site_dep_path(&md_rel, kn, name);
			if (put(s, md_rel.p, &html) < 0)
				w->ret = -1;
			size_t d = atomic_fetch_add(w->done, 1) + 1;
			if (s->o->progress && w->id == 0 && d % 256 == 0)
				progress_update("dependency pages", d, w->total);
		}
	}
	sb_free(&md_rel);
	sb_free(&html);
	page_ctx_close(&ctx);
	ks_store_read_end(&st);
	ks_store_close(&st);
	return NULL;
}

static int dep_pages(struct site *s)
{
	struct strbuf css = { 0 };
	sb_add(&css, site_page_css);
	int r = put(s, "page.css", &css);
	sb_free(&css);
	if (r < 0)
		return -1;
	size_t total = 0;
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		total += s->idx[k].rows.n;
	int n = s->o->threads > 0 ? s->o->threads : 1;
	if (n > 16)
		n = 16;
	atomic_size_t done = 0;
	struct worker w[16];
	pthread_t t[16];
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ s, i, n, &done, total, 0 };
		if (pthread_create(&t[i], NULL, page_worker, &w[i]) != 0) {
			ks_error("site: cannot start a thread");
			n = i;
			w[0].ret = -1;
			break;
		}
	}
	int ret = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		ret |= w[i].ret;
	}
	s->c->dep_pages = total;
	return ret ? -1 : 0;
}

/* --- the index of each kind, paged --- */

static void marks_header(struct strbuf *sb, const struct group_choice *gc)
{
	for (size_t g = 0; g < gc->ng; g++) {
		sb_add(sb, "<th>");
		sb_add_html(sb, gc->groups[g].title);
		sb_add(sb, "</th>");
	}
}

static int index_pages(struct site *s, size_t k)
{
	const struct dep_index *x = &s->idx[k];
	const char *kn = dep_kind_names[site_kinds[k]];
	size_t pages = (x->rows.n + SITE_INDEX_PAGE - 1) / SITE_INDEX_PAGE;
	struct strbuf sb = { 0 }, rel = { 0 };
	char title[128];
	snprintf(title, sizeof(title), "%s", kind_titles[site_kinds[k]]);
	site_page_begin(&sb, "../", title);
	sb_addf(&sb, "<h1>%s</h1>\n<p>%zu in the images of the groups around <code>", title, x->rows.n);
	sb_add_html(&sb, s->il.v.v[s->gc.baseline].name);
	sb_add(&sb, "</code>. Marks: ∅ absent, Δ changed, S selective inline, F full inline, "
		    "D duplicate, C collision, T transformation.</p>\n<ul class=\"pages\">\n");
	for (size_t p = 0; p < pages; p++) {
		const char *first = x->rows.v[p * SITE_INDEX_PAGE].name;
		size_t last = (p + 1) * SITE_INDEX_PAGE < x->rows.n ? (p + 1) * SITE_INDEX_PAGE - 1
								     : x->rows.n - 1;
		sb_addf(&sb, "<li><a href=\"page-%zu.html\"><code>", p + 1);
		sb_add_html(&sb, first);
		sb_add(&sb, "</code> … <code>");
		sb_add_html(&sb, x->rows.v[last].name);
		sb_add(&sb, "</code></a></li>\n");
	}
	sb_add(&sb, "</ul>\n");
	site_page_end(&sb);
	sb_addf(&rel, "%s/index.html", kn);
	int ret = put(s, rel.p, &sb);
	for (size_t p = 0; p < pages && ret == 0; p++) {
		sb_reset(&sb);
		sb_reset(&rel);
		char t2[320];
		snprintf(t2, sizeof(t2), "%s, page %zu of %zu", title, p + 1, pages);
		site_page_begin(&sb, "../", t2);
		sb_addf(&sb, "<h1>%s</h1>\n<p class=\"pager\">", t2);
		if (p)
			sb_addf(&sb, "<a href=\"page-%zu.html\">← previous</a> ", p);
		sb_add(&sb, "<a href=\"index.html\">all pages</a>");
		if (p + 1 < pages)
			sb_addf(&sb, " <a href=\"page-%zu.html\">next →</a>", p + 2);
		sb_add(&sb, "</p>\n<table class=\"index\">\n<thead><tr><th>name</th>");
		marks_header(&sb, &s->gc);
		sb_add(&sb, "</tr></thead>\n<tbody>\n");
		for (size_t r = p * SITE_INDEX_PAGE; r < x->rows.n && r < (p + 1) * SITE_INDEX_PAGE; r++) {
			const struct dep_index_row *row = &x->rows.v[r];
			sb_add(&sb, "<tr><td><a href=\"../");
			site_dep_path(&sb, kn, row->name);
			sb_add(&sb, "\">");
			sb_add_html(&sb, row->name);
			sb_add(&sb, "</a></td>");
			for (size_t g = 0; g < s->gc.ng; g++) {
				char m[64];
				sb_addf(&sb, "<td>%s</td>", dep_index_marks(row->cell[g], m, sizeof(m)));
			}
			sb_add(&sb, "</tr>\n");
		}
		sb_add(&sb, "</tbody>\n</table>\n");
		site_page_end(&sb);
		sb_addf(&rel, "%s/page-%zu.html", kn, p + 1);
		ret = put(s, rel.p, &sb);
	}
	sb_free(&sb);
	sb_free(&rel);
	return ret;
}

/* --- search: every name, and the script --- */

static void js_str(struct strbuf *sb, const char *s)
{
	sb_add(sb, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == '<')
			sb_addf(sb, "\\u%04x", *p);
		else
			sb_addn(sb, (const char *)p, 1);
	}
	sb_add(sb, "\"");
}

/* Whether NAME has a byte past ASCII: the browser reads the index as UTF-8
 * (an invalid byte becomes U+FFFD), so the script is given its file name. */
static bool has_non_ascii(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x80)
			return true;
	return false;
}

static int search_files(struct site *s)
{
	struct strbuf sb = { 0 };
	sb_add(&sb, "window.KSURF_INDEX = {\n");
	for (size_t k = 0; k < N_SITE_KINDS; k++) {
		sb_addf(&sb, "%s\"%s\": [", k ? ",\n" : "", dep_kind_names[site_kinds[k]]);
		struct strbuf file = { 0 };
		for (size_t r = 0; r < s->idx[k].rows.n; r++) {
			const char *name = s->idx[k].rows.v[r].name;
			if (r)
				sb_add(&sb, ",");
			sb_reset(&file);
			bool hashed = site_file_name(&file, name);
			if (!hashed && !has_non_ascii(name)) {
				js_str(&sb, name);
				continue;
			}
			sb_add(&sb, "[");
			js_str(&sb, name);
			sb_add(&sb, ",");
			js_str(&sb, file.p);
			sb_add(&sb, "]");
		}
		sb_free(&file);
		sb_add(&sb, "]");
	}
	sb_add(&sb, "\n};\n");
	int ret = put(s, "search-index.js", &sb);
	sb_reset(&sb);
	sb_add(&sb, site_search_js);
	if (ret == 0)
		ret = put(s, "search.js", &sb);
	sb_reset(&sb);
	sb_add(&sb, site_style_css);
	if (ret == 0)
		ret = put(s, "style.css", &sb);
	sb_reset(&sb);
	site_page_begin(&sb, "", "Search");
	sb_add(&sb, "<h1>Search</h1>\n<p><input id=\"q\" type=\"search\" placeholder=\"a name or part "
		    "of one: mempool, vfs_, block_rq\" aria-label=\"Search\" autofocus> "
		    "<span id=\"count\"></span></p>\n<ul id=\"results\"></ul>\n"
		    "<noscript><p>Search needs JavaScript; the indexes list every name.</p></noscript>\n"
		    "<script src=\"search-index.js\"></script>\n<script src=\"search.js\"></script>\n");
	site_page_end(&sb);
	if (ret == 0)
		ret = put(s, "search.html", &sb);
	sb_free(&sb);
	return ret;
}

/* --- figures --- */

static int figure_from(struct site *s, const char *rel, const char *title, const char *table,
		       size_t label_col, const size_t *cols, const char *const *series, size_t ns,
		       bool shares)
{
	const struct stats_table *t = stats_table(&s->stats, table);
	size_t nr = t ? stats_rows(t) : 0, nc = t ? t->columns.n : 0;
	const char **labels = xcalloc(nr ? nr : 1, sizeof(*labels));
	double *v = xcalloc(nr * ns + 1, sizeof(*v));
	for (size_t r = 0; r < nr; r++) {
		labels[r] = t->cells.v[r * nc + label_col].text;
		for (size_t i = 0; i < ns; i++)
			v[r * ns + i] = t->cells.v[r * nc + cols[i]].num;
	}
	struct svg_chart c = { title, series, ns, labels, nr, v, shares };
	struct strbuf sb = { 0 };
	svg_stacked_bars(&sb, &c);
	int ret = put(s, rel, &sb);
	sb_free(&sb);
	free(labels);
	free(v);
	return ret;
}

static int figures(struct site *s)
{
	static const char *const inl[] = { "not inlined", "fully inlined", "selectively inlined" };
	static const size_t inl_cols[] = { 5, 6, 7 };
	static const char *const suf[] = { "isra", "constprop", "part", "cold", "two or more" };
	static const size_t suf_cols[] = { 2, 3, 4, 5, 6 };
	int ret = figure_from(s, "figures/inline.svg", "Inline shares per image (% of function groups)",
			      "inline", 0, inl_cols, inl, 3, true);
	if (ret == 0)
		ret = figure_from(s, "figures/suffixes.svg", "Transformed function symbols per suffix",
				  "suffixes", 0, suf_cols, suf, 5, false);
	/* changes per version pair: one bar per pair and kind */
	const struct stats_table *t = stats_table(&s->stats, "versions");
	size_t nr = t ? stats_rows(t) : 0, nc = t ? t->columns.n : 0;
	struct arena a = { 0 };
	const char **labels = xcalloc(nr ? nr : 1, sizeof(*labels));
	double *v = xcalloc(nr * 3 + 1, sizeof(*v));
	for (size_t r = 0; r < nr; r++) {
		char l[600];
		snprintf(l, sizeof(l), "%s %s → %s", t->cells.v[r * nc + 3].text,
			 t->cells.v[r * nc + 1].text, t->cells.v[r * nc + 2].text);
		labels[r] = arena_strdup(&a, l);
		for (size_t i = 0; i < 3; i++)
			v[r * 3 + i] = t->cells.v[r * nc + 9 + i].num;
	}
	static const char *const chg[] = { "added %", "removed %", "changed %" };
	struct svg_chart c = { "Changes per version pair (% of the old image's count)", chg, 3,
			       labels, nr, v, false };
	struct strbuf sb = { 0 };
	svg_stacked_bars(&sb, &c);
	if (ret == 0)
		ret = put(s, "figures/changes.svg", &sb);
	sb_free(&sb);
	free(labels);
	free(v);
	arena_free(&a);
	return ret;
}

/* --- programs --- */

static const char *const cons_class[CONS__COUNT] = { "ok", "degraded", "wrong-data", "misses", "fails" };

/* The page a program's dependency links to: its kind's, a field's struct. */
static bool dep_link(struct strbuf *sb, const struct bpf_dep *d)
{
	int k = dep_kind_parse(bpf_dep_kind_names[d->kind]);
	if (k == DEP_FIELD)
		k = DEP_STRUCT;
	bool paged = false;
	for (size_t i = 0; i < N_SITE_KINDS; i++)
		paged |= (int)site_kinds[i] == k;
	if (!paged)
		return false;
	char name[512];
	snprintf(name, sizeof(name), "%s", d->name);
	char *sep = strstr(name, "::");
	if (sep)
		*sep = 0;
	sb_add(sb, "../");
	site_dep_path(sb, dep_kind_names[k], name);
	return true;
}

/* The checked images as header cells, closing the header row. */
static void images_header(struct strbuf *sb, const struct check_run *run)
{
	for (size_t i = 0; i < run->images.n; i++) {
		sb_add(sb, "<th>");
		sb_add_html(sb, run->images.v[i].name);
		sb_add(sb, "</th>");
	}
	sb_add(sb, "</tr></thead>\n<tbody>\n");
}

/* Program P's page: its object's name, and "--P" after it when an earlier
 * checked object has the same name (two objects never share a page). */
static void program_file(struct strbuf *sb, const struct check_run *run, size_t p)
{
	site_file_name(sb, run->programs.v[p].object);
	for (size_t q = 0; q < p; q++) {
		if (strcmp(run->programs.v[q].object, run->programs.v[p].object))
			continue;
		sb->len -= strlen(".html");
		sb->p[sb->len] = 0;
		sb_addf(sb, "--%zu.html", p + 1);
		break;
	}
}

static int program_pages(struct site *s)
{
	struct strbuf sb = { 0 }, rel = { 0 };
	site_page_begin(&sb, "../", "Programs");
	sb_add(&sb, "<h1>Checked programs</h1>\n");
	if (!s->have_run || !s->run.programs.n)
		sb_add(&sb, "<p>No program was checked (<code>ksurf site DIR --check FILE</code>).</p>\n");
	else {
		size_t ni = s->run.images.n;
		sb_add(&sb, "<table class=\"verdicts\">\n<thead><tr><th>program</th>");
		images_header(&sb, &s->run);
		for (size_t p = 0; p < s->run.programs.n; p++) {
			const struct check_program *pr = &s->run.programs.v[p];
			sb_addf(&sb, "<tr><td><a href=\"");
			program_file(&sb, &s->run, p);
			sb_add(&sb, "\">");
			sb_add_html(&sb, pr->object);
			sb_add(&sb, "</a></td>");
			for (size_t i = 0; i < ni; i++)
				sb_addf(&sb, "<td class=\"%s\">%s</td>", cons_class[pr->verdict[i]],
					check_cons_names[pr->verdict[i]]);
			sb_add(&sb, "</tr>\n");
		}
		sb_add(&sb, "</tbody>\n</table>\n");
	}
	site_page_end(&sb);
	int ret = put(s, "programs/index.html", &sb);
	for (size_t p = 0; s->have_run && p < s->run.programs.n && ret == 0; p++) {
		const struct check_program *pr = &s->run.programs.v[p];
		size_t ni = s->run.images.n;
		sb_reset(&sb);
		char title[600];
		snprintf(title, sizeof(title), "Program %s", pr->object);
		site_page_begin(&sb, "../", title);
		sb_add(&sb, "<h1>Program <code>");
		sb_add_html(&sb, pr->object);
		sb_add(&sb, "</code></h1>\n<p>File <code>");
		sb_add_html(&sb, pr->file);
		sb_addf(&sb, "</code>: %zu programs, %zu dependencies.</p>\n<ul>\n", pr->deps.progs.n,
			pr->deps.deps.n);
		for (size_t k = 0; k < pr->deps.progs.n; k++) {
			const struct bpf_prog_desc *pd = &pr->deps.progs.v[k];
			sb_add(&sb, "<li><code>");
			sb_add_html(&sb, pd->section);
			sb_add(&sb, "</code> (");
			sb_add_html(&sb, pd->type);
			sb_add(&sb, "): ");
			sb_add_html(&sb, *pd->attach ? pd->attach : "no kernel symbol");
			sb_add(&sb, "</li>\n");
		}
		sb_add(&sb, "</ul>\n<table class=\"matrix\">\n<thead><tr><th>dependency</th>");
		images_header(&sb, &s->run);
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			const struct bpf_dep *d = &pr->deps.deps.v[k];
			sb_addf(&sb, "<tr><td>%s ", bpf_dep_kind_names[d->kind]);
			struct strbuf link = { 0 };
			if (dep_link(&link, d)) {
				sb_add(&sb, "<a href=\"");
				sb_add(&sb, link.p);
				sb_add(&sb, "\"><code>");
				sb_add_html(&sb, d->name);
				sb_add(&sb, "</code></a>");
			} else {
				sb_add(&sb, "<code>");
				sb_add_html(&sb, d->name);
				sb_add(&sb, "</code>");
			}
			sb_free(&link);
			if (d->guarded)
				sb_add(&sb, " (guarded)");
			sb_add(&sb, "</td>");
			for (size_t i = 0; i < ni; i++) {
				const struct check_cell *c = &pr->cells[k * ni + i];
				sb_addf(&sb, "<td class=\"%s\" title=\"%s", cons_class[c->cons],
					check_cons_names[c->cons]);
				for (size_t a = 0; a < c->alternatives.n; a++) {
					sb_add(&sb, "; try: ");
					sb_add_html(&sb, c->alternatives.v[a]);
				}
				sb_add(&sb, "\">");
				for (int j = 0; j < c->n_issues; j++) {
					sb_add(&sb, j ? ", " : "");
					sb_add_html(&sb, c->issues[j]);
				}
				sb_add(&sb, c->n_issues ? "" : "✓");
				sb_add(&sb, "</td>");
			}
			sb_add(&sb, "</tr>\n");
		}
		sb_add(&sb, "<tr class=\"verdict\"><th>verdict</th>");
		for (size_t i = 0; i < ni; i++)
			sb_addf(&sb, "<td class=\"%s\">%s</td>", cons_class[pr->verdict[i]],
				check_cons_names[pr->verdict[i]]);
		sb_add(&sb, "</tr>\n</tbody>\n</table>\n<p class=\"legend\">Colours: "
			    "<span class=\"ok\">ok</span> <span class=\"degraded\">degraded</span> "
			    "<span class=\"wrong-data\">wrong-data</span> <span class=\"misses\">misses</span> "
			    "<span class=\"fails\">fails</span>; hover a cell for what to do about it.</p>\n");
		site_page_end(&sb);
		sb_reset(&rel);
		sb_add(&rel, "programs/");
		program_file(&rel, &s->run, p);
		ret = put(s, rel.p, &sb);
	}
	sb_free(&sb);
	sb_free(&rel);
	return ret;
}

/* --- the front page --- */

struct front {
	struct strbuf *sb;
	struct ks_store *st;
};

static int image_row(const struct ks_image_row *r, void *arg)
{
	struct strbuf *sb = ((struct front *)arg)->sb;
	const char *cells[] = { r->info.name, r->info.version, r->info.arch, r->info.flavor,
				r->info.compiler };
	sb_add(sb, "<tr>");
	for (size_t i = 0; i < 5; i++) {
		sb_add(sb, "<td>");
		sb_add_html(sb, cells[i]);
		sb_add(sb, "</td>");
	}
	int64_t types = 0;
	for (int t = 0; t < KS_TYPE__COUNT; t++)
		types += r->n_types[t];
	sb_addf(sb, "<td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td><td>%lld</td>"
		    "<td>%lld</td></tr>\n", (long long)r->n_symbols, (long long)r->n_groups,
		(long long)types, (long long)r->n_syscalls, (long long)r->n_tracepoints,
		(long long)r->n_lsm_hooks, (long long)r->n_kfuncs);
	return 0;
}

static int front_page(struct site *s)
{
	struct strbuf sb = { 0 };
	site_page_begin(&sb, "", "Kernel dependency surface");
	sb_addf(&sb, "<h1>Kernel dependency surface</h1>\n<p>%zu images; the report groups are built "
		     "around <code>", s->il.v.n);
	sb_add_html(&sb, s->il.v.v[s->gc.baseline].name);
	sb_add(&sb, "</code>. <a href=\"search.html\">Search</a> every dependency, browse an index:");
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		sb_addf(&sb, " <a href=\"%s/index.html\">%s</a> (%zu)", dep_kind_names[site_kinds[k]],
			kind_titles[site_kinds[k]], s->idx[k].rows.n);
	sb_add(&sb, ", or the <a href=\"programs/index.html\">checked programs</a>.</p>\n"
		    "<h2 id=\"images\">Images</h2>\n<table class=\"images\">\n<thead><tr><th>name</th>"
		    "<th>version</th><th>arch</th><th>flavor</th><th>compiler</th><th>symbols</th>"
		    "<th>function groups</th><th>types</th><th>syscalls</th><th>tracepoints</th>"
		    "<th>LSM hooks</th><th>kfuncs</th></tr></thead>\n<tbody>\n");
	struct front f = { &sb, &s->st };
	if (ks_store_list_images(&s->st, image_row, &f) < 0) {
		sb_free(&sb);
		return -1;
	}
	sb_add(&sb, "</tbody>\n</table>\n<h2 id=\"figures\">Figures</h2>\n"
		    "<figure><img src=\"figures/inline.svg\" alt=\"Inline shares per image\"></figure>\n"
		    "<figure><img src=\"figures/suffixes.svg\" alt=\"Transformed symbols per suffix\"></figure>\n"
		    "<figure><img src=\"figures/changes.svg\" alt=\"Changes per version pair\"></figure>\n"
		    "<h2 id=\"statistics\">Statistics</h2>\n");
	for (size_t i = 0; i < s->stats.tables.n; i++) {
		const struct stats_table *t = &s->stats.tables.v[i];
		size_t nc = t->columns.n;
		sb_addf(&sb, "<h3 id=\"%s\">", t->id);
		sb_add_html(&sb, t->title);
		sb_add(&sb, "</h3>\n<p>");
		sb_add_html(&sb, t->note);
		sb_add(&sb, "</p>\n");
		if (!stats_rows(t)) {
			sb_add(&sb, "<p>No rows: the dataset has no such images.</p>\n");
			continue;
		}
		sb_add(&sb, "<details class=\"stats\"><summary>");
		sb_addf(&sb, "%zu rows</summary>\n<table class=\"stats\">\n<thead><tr>", stats_rows(t));
		for (size_t c = 0; c < nc; c++) {
			sb_add(&sb, "<th>");
			sb_add_html(&sb, t->columns.v[c]);
			sb_add(&sb, "</th>");
		}
		sb_add(&sb, "</tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < t->cells.n; k++) {
			char buf[64];
			const struct stats_cell *c = &t->cells.v[k];
			sb_add(&sb, k % nc ? "" : "<tr>");
			sb_add(&sb, c->text ? "<td>" : "<td class=\"n\">");
			sb_add_html(&sb, stats_cell_text(c, false, buf, sizeof(buf)));
			sb_add(&sb, "</td>");
			sb_add(&sb, k % nc == nc - 1 ? "</tr>\n" : "");
		}
		sb_add(&sb, "</tbody>\n</table>\n</details>\n");
	}
	site_page_end(&sb);
	int ret = put(s, "index.html", &sb);
	sb_free(&sb);
	return ret;
}

int site_build(const struct site_opts *o, struct site_counts *out)
{
	struct site s = { .o = o, .c = out };
	memset(out, 0, sizeof(*out));
	pthread_mutex_init(&s.lock, NULL);
	int ret = -1;
	bool have_gc = false;
	if (ks_store_open(&s.st, o->db_path, false) < 0)
		return -1;
	if (image_idents_load(&s.st, &s.il) < 0)
		goto out;
	if (!s.il.v.n) {
		ks_error("site: %s has no images (add some with `ksurf add`)", o->db_path);
		goto out;
	}
	int r = group_settings_resolve(&s.st, "site", &o->gs, s.il.v.v, s.il.v.n, &s.gc);
	if (r < 0) {
		if (r == -2)
			ks_error("site: no groups form around a baseline in %s: pass --baseline IMAGE",
				 o->db_path);
		group_choice_free(&s.gc);
		goto out;
	}
	have_gc = true;
	if (o->progress)
		progress_note("site: indexes");
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		if (dep_index_build(&s.st, s.il.v.v, &s.gc, dep_kind_names[site_kinds[k]], &s.idx[k]) < 0)
			goto out;
	if (o->n_checks) {
		if (check_run_init(&s.run, &s.st, NULL, 0) < 0)
			goto out;
		s.have_run = true;
		for (size_t i = 0; i < o->n_checks; i++)
			if (check_run_path(&s.run, o->checks[i]) < 0)
				goto out;
	}
	struct group_settings all = o->gs;
	all.mask = groups_parse("regular,lts,revision,arch,flavor,toolchain");
	if (stats_compute(&s.st, &all, s.have_run ? &s.run : NULL, NULL, o->progress, &s.stats) < 0)
		goto out;
	if (front_page(&s) < 0 || search_files(&s) < 0 || figures(&s) < 0 || program_pages(&s) < 0)
		goto out;
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		if (index_pages(&s, k) < 0)
			goto out;
	if (dep_pages(&s) < 0)
		goto out;
	remove_stale(&s);
	ret = group_settings_remember(&s.st, &o->gs, &s.gc);
out:
	for (size_t i = 0; i < s.written.n; i++)
		free(s.written.v[i]);
	vec_free(&s.written);
	if (o->progress)
		progress_done();
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		dep_index_free(&s.idx[k]);
	stats_free(&s.stats);
	if (s.have_run)
		check_run_free(&s.run);
	if (have_gc)
		group_choice_free(&s.gc);
	image_idents_free(&s.il);
	ks_store_close(&s.st);
	pthread_mutex_destroy(&s.lock);
	return ret;
}
