#include "site/site.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check/check.h"
#include "diff/image_diff.h"
#include "report/dep.h"
#include "report/dep_anon.h"
#include "report/dep_index.h"
#include "report/page.h"
#include "site/site_assets.h"
#include "site/site_html.h"
#include "site/site_links.h"
#include "site/site_search.h"
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
	size_t n_group_images; /* images of the report groups, the baseline's included */
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

/* In directory DIR (SUB from the site's root), every .html file this run did
 * not write removed, and the temporary files of a run that died. */
static void remove_stale_in(struct site *s, const char *dir, const char *sub, struct strbuf *rel)
{
	whole_sweep(dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".html"))
			continue;
		sb_reset(rel);
		sb_addf(rel, "%s/%s", sub, e->d_name);
		const char *key = rel->p;
		if (!bsearch(&key, s->written.v, s->written.n, sizeof(char *), cmp_str) &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			s->c->removed++;
	}
	if (d)
		closedir(d);
}

/* Whether NAME is a shard directory's (site_shard): two of [a-z0-9_]. */
static bool shard_name(const char *name)
{
	if (strlen(name) != 2)
		return false;
	for (int i = 0; i < 2; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			return false;
	return true;
}

/*
 * A site rebuilt into its directory holds no page of a dependency no longer in
 * the dataset: in each directory of pages (a kind's, its shard directories,
 * programs/), an .html file this run did not write is removed (the flat
 * KIND/NAME.html pages of an older ksurf too), so are the temporary files of
 * a run that died, and a shard directory left empty; search/ loses the .js
 * files this run did not write.
 */
static char *parent_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	char *d = xstrdup(p);
	d[slash ? slash - p : 0] = 0;
	return d;
}

/* Sort V and drop its repeats (freeing them); the number of runs' longest
 * into *LONGEST when not NULL. */
static void sort_unique(char **v, size_t *n, size_t *longest)
{
	if (*n)
		qsort(v, *n, sizeof(char *), cmp_str);
	size_t out = 0, run = 0;
	for (size_t i = 0; i < *n; i++) {
		if (out && !strcmp(v[out - 1], v[i])) {
			free(v[i]);
			run++;
		} else {
			v[out++] = v[i];
			run = 1;
		}
		if (longest && run > *longest)
			*longest = run;
	}
	*n = out;
}

/* The site's directories (its root included) and the most entries one holds
 * (files and directories), from the paths written. */
static void dir_stats(struct site *s)
{
	VEC(char *) dirs = { 0 }, parents = { 0 };
	for (size_t i = 0; i < s->written.n; i++)
		for (char *d = parent_of(s->written.v[i]); d; d = *d ? parent_of(d) : NULL) {
			vec_push(&dirs, d);
			if (!*d)
				break;
		}
	sort_unique(dirs.v, &dirs.n, NULL);
	for (size_t i = 0; i < s->written.n; i++)
		vec_push(&parents, parent_of(s->written.v[i]));
	for (size_t i = 0; i < dirs.n; i++)
		if (*dirs.v[i])
			vec_push(&parents, parent_of(dirs.v[i]));
	s->c->dirs = dirs.n;
	sort_unique(parents.v, &parents.n, &s->c->max_dir_entries);
	for (size_t i = 0; i < dirs.n; i++)
		free(dirs.v[i]);
	for (size_t i = 0; i < parents.n; i++)
		free(parents.v[i]);
	vec_free(&dirs);
	vec_free(&parents);
}

static void remove_stale(struct site *s)
{
	qsort(s->written.v, s->written.n, sizeof(char *), cmp_str);
	dir_stats(s);
	char dir[4200], sub[300];
	struct strbuf rel = { 0 };
	for (size_t k = 0; k <= N_SITE_KINDS; k++) {
		const char *kn = k < N_SITE_KINDS ? dep_kind_names[site_kinds[k]] : "programs";
		snprintf(dir, sizeof(dir), "%s/%s", s->o->dir, kn);
		remove_stale_in(s, dir, kn, &rel);
		DIR *d = k < N_SITE_KINDS ? opendir(dir) : NULL;
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!shard_name(e->d_name))
				continue;
			snprintf(dir, sizeof(dir), "%s/%s/%s", s->o->dir, kn, e->d_name);
			snprintf(sub, sizeof(sub), "%s/%s", kn, e->d_name);
			remove_stale_in(s, dir, sub, &rel);
			rmdir(dir); /* when empty */
		}
		if (d)
			closedir(d);
	}
	snprintf(dir, sizeof(dir), "%s/search", s->o->dir);
	whole_sweep(dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 3 || strcmp(e->d_name + n - 3, ".js"))
			continue;
		sb_reset(&rel);
		sb_addf(&rel, "search/%s", e->d_name);
		const char *key = rel.p;
		if (!bsearch(&key, s->written.v, s->written.n, sizeof(char *), cmp_str) &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			s->c->removed++;
	}
	if (d)
		closedir(d);
	snprintf(dir, sizeof(dir), "%s/figures", s->o->dir);
	whole_sweep(dir);
	whole_sweep(s->o->dir);
	sb_free(&rel);
}

/* --- the report page of every dependency, on several threads --- */

static void marks_header(struct strbuf *sb, const struct group_choice *gc);
static void marks_cell(struct strbuf *sb, const struct report_group *gr, const unsigned *img);

/* Whether enum NAME is the dataset's merged "(anon)" and index X lists the
 * anonymous enums apart: its page is then their list (anon_list). */
static bool anon_merged(const struct dep_index *x, enum dep_kind kind, const char *name)
{
	if (kind != DEP_ENUM || strcmp(name, "(anon)"))
		return false;
	for (size_t r = 0; r < x->rows.n; r++)
		if (dep_anon_is_name(x->rows.v[r].name))
			return true;
	return false;
}

/*
 * The page of the merged enum "(anon)" (every anonymous enum of an image, as
 * the dataset and `ksurf export` keep them): instead of its thousands of
 * values, a table of the anonymous enums apart, each linked to its page with
 * its marks, and the images whose anonymous enums only the merged one holds.
 */
static int anon_list(struct site *s, struct ks_store *st, const struct dep_index *x,
		     struct strbuf *sb)
{
	size_t n = 0;
	for (size_t r = 0; r < x->rows.n; r++)
		n += dep_anon_is_name(x->rows.v[r].name);
	sb_add(sb, "<h1>Enum: <code>(anon)</code></h1>\n<p>The dataset keeps the anonymous enums of "
		    "each image merged into this one enum, <code>(anon)</code> (so do <code>ksurf "
		    "export</code> and <code>ksurf diff</code>; <code>ksurf show enum '(anon)'</code> "
		    "prints all of its values).  From the images' BTF each anonymous enum has a page "
		    "of its own, named by its first value: <code>(anon TASK_COMM_LEN)</code>, a second "
		    "one starting with the same value <code>(anon X #2)</code>.");
	sb_addf(sb, " %zu of them in the images of the report groups:</p>\n", n);
	struct strbuf missing = { 0 };
	for (size_t i = 0; i < s->il.v.n; i++) {
		const struct image_ident *im = &s->il.v.v[i];
		struct dep_anon_enums a;
		if (!group_choice_has(&s->gc, s->il.v.v, im->id))
			continue;
		if (dep_anon_enums(st, im->id, &a) < 0) {
			sb_free(&missing);
			return -1;
		}
		if (a.have_btf)
			continue;
		sb_add(&missing, missing.len ? ", <code>" : "<code>");
		sb_add_html(&missing, im->name);
		sb_add(&missing, "</code>");
	}
	if (missing.len) {
		sb_add(sb, "<p class=\"note\">The dataset holds no BTF of ");
		sb_addn(sb, missing.p, missing.len);
		sb_add(sb, " (imported, or added by an older ksurf): their anonymous enums are only in "
			    "the merged one, and absent from the pages below.</p>\n");
	}
	sb_free(&missing);
	sb_add(sb, "<div class=\"scroll\">\n<table class=\"index\">\n<thead><tr><th>name</th>");
	marks_header(sb, &s->gc);
	sb_add(sb, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < x->rows.n; r++) {
		const struct dep_index_row *row = &x->rows.v[r];
		if (!dep_anon_is_name(row->name))
			continue;
		sb_add(sb, "<tr><td><a href=\"");
		sb_add(sb, site_dep_root(dep_kind_names[DEP_ENUM], "(anon)"));
		site_dep_path(sb, dep_kind_names[DEP_ENUM], row->name);
		sb_add(sb, "\"><code>");
		sb_add_html(sb, row->name);
		sb_add(sb, "</code></a></td>");
		const unsigned *img = row->img;
		for (size_t g = 0; g < s->gc.ng; g++) {
			marks_cell(sb, &s->gc.groups[g], img);
			img += s->gc.groups[g].n;
		}
		sb_add(sb, "</tr>\n");
	}
	sb_add(sb, "</tbody>\n</table>\n</div>\n");
	return 0;
}

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
			int pr = -1;
			if (f && anon_merged(x, site_kinds[k], name)) {
				struct strbuf list = { 0 };
				pr = anon_list(s, &st, x, &list);
				fwrite(list.p ? list.p : "", 1, list.len, f);
				sb_free(&list);
			} else if (f) {
				pr = page_render(&ctx, site_kinds[k], name, PAGE_HTML, f);
			}
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

/* --- the index of each kind, by letter --- */

static const char *const mark_words[MARK__COUNT] = { "absent", "changed", "selectively inlined",
	"fully inlined", "duplicate", "collision", "transformed" };

/* The legend, on every index page. */
static void marks_legend(struct strbuf *sb)
{
	sb_add(sb, "<p class=\"legend\">Each cell lists the marks the group's images carry, each "
		    "followed by the images (their labels in the group; a–b: a run of them) that carry "
		    "it; hover a cell for the full image names. ∅ absent, Δ changed (in Regular, LTS, "
		    "Revision and Toolchain from its first change on; in Arch and Flavor against the "
		    "baseline), S selectively inlined, F fully inlined, D static duplicate, C name "
		    "collision, T transformed (<code>.isra</code>, <code>.constprop</code>, ...). "
		    "A name with no mark is in every image of every group, unchanged.</p>\n");
}

static void marks_header(struct strbuf *sb, const struct group_choice *gc)
{
	for (size_t g = 0; g < gc->ng; g++) {
		sb_add(sb, "<th title=\"");
		for (size_t j = 0; j < gc->groups[g].n; j++) {
			sb_add(sb, j ? ", " : "");
			sb_add_html(sb, gc->groups[g].images[j].label);
		}
		sb_add(sb, "\">");
		sb_add_html(sb, gc->groups[g].title);
		sb_add(sb, "</th>");
	}
}

/* Group GR's cell of a row: per mark the images with it (IMG: their marks),
 * runs of consecutive images as "first–last"; TIP: the full names instead. */
static void marks_cell(struct strbuf *sb, const struct report_group *gr, const unsigned *img)
{
	struct strbuf vis = { 0 }, tip = { 0 };
	for (int m = 0; m < MARK__COUNT; m++) {
		bool any = false;
		for (size_t j = 0; j < gr->n; j++) {
			if (!(img[j] & (1u << m)))
				continue;
			size_t e = j;
			while (e + 1 < gr->n && (img[e + 1] & (1u << m)))
				e++;
			sb_add(&vis, any ? "," : vis.len ? " · " : "");
			if (!any)
				sb_addf(&vis, "%s ", dep_index_mark_sym(m));
			sb_add_html(&vis, gr->images[j].label);
			if (e > j) {
				sb_add(&vis, "–");
				sb_add_html(&vis, gr->images[e].label);
			}
			sb_addf(&tip, "%s%s", any ? ", " : tip.len ? "; " : "", any ? "" : mark_words[m]);
			if (!any)
				sb_add(&tip, ": ");
			for (size_t i = j; i <= e; i++) {
				sb_add(&tip, i > j ? ", " : "");
				sb_add_html(&tip, gr->images[i].name);
			}
			any = true;
			j = e;
		}
	}
	if (vis.len) {
		sb_add(sb, "<td title=\"");
		sb_addn(sb, tip.p, tip.len);
		sb_add(sb, "\">");
		sb_addn(sb, vis.p, vis.len);
		sb_add(sb, "</td>");
	} else {
		sb_add(sb, "<td></td>");
	}
	sb_free(&vis);
	sb_free(&tip);
}

/* A letter's pages: "letter-a.html", then "letter-a-2.html", ... ('_' as "other"). */
static void letter_file(struct strbuf *sb, char l, size_t part)
{
	if (l == '_')
		sb_add(sb, "letter-other");
	else
		sb_addf(sb, "letter-%c", l);
	if (part > 1)
		sb_addf(sb, "-%zu", part);
	sb_add(sb, ".html");
}

static const char *letter_title(char l, char *buf)
{
	if (l == '_')
		return "other";
	buf[0] = l >= 'a' && l <= 'z' ? (char)(l - 'a' + 'A') : l;
	buf[1] = 0;
	return buf;
}

/* Rows by letter (a-z, 0-9, other), then by name past its leading
 * underscores ignoring case, then by name. */
static int letter_rank(char l)
{
	return l >= 'a' && l <= 'z' ? l - 'a' : l >= '0' && l <= '9' ? 26 + (l - '0') : 36;
}

static int cmp_by_letter(const void *x, const void *y)
{
	const char *a = (*(const struct dep_index_row *const *)x)->name;
	const char *b = (*(const struct dep_index_row *const *)y)->name;
	int r = letter_rank(site_letter(a)) - letter_rank(site_letter(b));
	if (r)
		return r;
	const char *sa = a + strspn(a, "_"), *sb = b + strspn(b, "_");
	r = strcasecmp(sa, sb);
	return r ? r : strcmp(a, b);
}

static bool row_clean(const struct dep_index_row *row, size_t ng)
{
	for (size_t g = 0; g < ng; g++)
		if (row->cell[g])
			return false;
	return true;
}

/* The letter bar: every letter with names, linked, the current one bold. */
static void letter_bar(struct strbuf *sb, const struct dep_index_row *const *rows, size_t n, char cur)
{
	sb_add(sb, "<p class=\"letters\">");
	for (size_t r = 0; r < n;) {
		char l = site_letter(rows[r]->name), t[2];
		size_t e = r;
		while (e < n && site_letter(rows[e]->name) == l)
			e++;
		sb_add(sb, l == cur ? "<b>" : "<a href=\"");
		if (l != cur) {
			letter_file(sb, l, 1);
			sb_addf(sb, "\" title=\"%zu name%s\">", e - r, e - r == 1 ? "" : "s");
		}
		sb_add(sb, letter_title(l, t));
		sb_add(sb, l == cur ? "</b> " : "</a> ");
		r = e;
	}
	sb_add(sb, "</p>\n");
}

/* One page of letter L: ROWS[0..N), part PART of PARTS. */
static int letter_page(struct site *s, size_t k, const struct dep_index_row *const *all, size_t n_all,
		       const struct dep_index_row *const *rows, size_t n, char l, size_t part,
		       size_t parts)
{
	const char *kn = dep_kind_names[site_kinds[k]];
	struct strbuf sb = { 0 }, rel = { 0 };
	char title[200], t[2];
	size_t issues = 0;
	for (size_t r = 0; r < n; r++)
		issues += !row_clean(rows[r], s->gc.ng);
	snprintf(title, sizeof(title), "%s: %s%s", dep_plurals[site_kinds[k]], letter_title(l, t),
		 parts > 1 ? "" : "");
	if (parts > 1)
		snprintf(title + strlen(title), sizeof(title) - strlen(title), ", part %zu of %zu", part,
			 parts);
	site_page_begin(&sb, "../", title);
	sb_add(&sb, "<h1>");
	sb_add_html(&sb, title);
	sb_add(&sb, "</h1>\n");
	letter_bar(&sb, all, n_all, l);
	if (parts > 1) {
		sb_add(&sb, "<p class=\"pager\">parts:");
		for (size_t p = 1; p <= parts; p++) {
			sb_add(&sb, p == part ? " <b>" : " <a href=\"");
			if (p != part) {
				letter_file(&sb, l, p);
				sb_add(&sb, "\">");
			}
			sb_addf(&sb, "%zu", p);
			sb_add(&sb, p == part ? "</b>" : "</a>");
		}
		sb_add(&sb, "</p>\n");
	}
	marks_legend(&sb);
	sb_addf(&sb, "<input type=\"checkbox\" id=\"issues-only\" class=\"filter\"> <label "
		     "for=\"issues-only\">only names with an issue (a mark in some group): %zu of the "
		     "%zu here</label>\n<div class=\"scroll\">\n<table class=\"index\">\n<thead><tr>"
		     "<th>name</th>", issues, n);
	marks_header(&sb, &s->gc);
	sb_add(&sb, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < n; r++) {
		const struct dep_index_row *row = rows[r];
		sb_add(&sb, row_clean(row, s->gc.ng) ? "<tr class=\"clean\">" : "<tr>");
		sb_add(&sb, "<td><a href=\"../");
		site_dep_path(&sb, kn, row->name);
		sb_add(&sb, "\">");
		sb_add_html(&sb, row->name);
		sb_add(&sb, "</a></td>");
		const unsigned *img = row->img;
		for (size_t g = 0; g < s->gc.ng; g++) {
			marks_cell(&sb, &s->gc.groups[g], img);
			img += s->gc.groups[g].n;
		}
		sb_add(&sb, "</tr>\n");
	}
	sb_add(&sb, "</tbody>\n</table>\n</div>\n");
	site_page_end(&sb);
	sb_addf(&rel, "%s/", kn);
	letter_file(&rel, l, part);
	int ret = put(s, rel.p, &sb);
	sb_free(&sb);
	sb_free(&rel);
	return ret;
}

static int index_pages(struct site *s, size_t k)
{
	const struct dep_index *x = &s->idx[k];
	const char *kn = dep_kind_names[site_kinds[k]];
	size_t n = x->rows.n;
	const struct dep_index_row **rows = xcalloc(n ? n : 1, sizeof(*rows));
	for (size_t r = 0; r < n; r++)
		rows[r] = &x->rows.v[r];
	if (n)
		qsort(rows, n, sizeof(*rows), cmp_by_letter);
	struct strbuf sb = { 0 }, rel = { 0 };
	const char *title = dep_plurals[site_kinds[k]];
	size_t issues = 0;
	for (size_t r = 0; r < n; r++)
		issues += !row_clean(rows[r], s->gc.ng);
	site_page_begin(&sb, "../", title);
	sb_addf(&sb, "<h1>%s</h1>\n<p>%zu names in the %zu images of the report groups around "
		     "<code>", title, n, s->n_group_images);
	sb_add_html(&sb, s->il.v.v[s->gc.baseline].name);
	sb_addf(&sb, "</code>, %zu of them with an issue (a mark in some group), by letter: the "
		     "first letter past any leading underscores, upper and lower case together.</p>\n",
		issues);
	letter_bar(&sb, rows, n, 0);
	marks_legend(&sb);
	sb_add(&sb, "<div class=\"scroll\">\n<table class=\"letters\">\n<thead><tr><th>letter</th>"
		    "<th>names</th><th>with an issue</th><th>pages</th></tr></thead>\n<tbody>\n");
	int ret = 0;
	struct strbuf body = { 0 };
	for (size_t r = 0; r < n && ret == 0;) {
		char l = site_letter(rows[r]->name), t[2];
		size_t e = r, li = 0;
		while (e < n && site_letter(rows[e]->name) == l)
			li += !row_clean(rows[e++], s->gc.ng);
		size_t parts = (e - r + SITE_INDEX_PAGE - 1) / SITE_INDEX_PAGE;
		sb_add(&body, "<tr><td><a href=\"");
		letter_file(&body, l, 1);
		sb_addf(&body, "\">%s</a></td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
			letter_title(l, t), e - r, li);
		for (size_t p = 0; p < parts && ret == 0; p++) {
			size_t b = r + p * SITE_INDEX_PAGE;
			size_t m = e - b < SITE_INDEX_PAGE ? e - b : SITE_INDEX_PAGE;
			sb_add(&body, p ? " " : "");
			sb_add(&body, "<a href=\"");
			letter_file(&body, l, p + 1);
			sb_add(&body, "\"><code>");
			sb_add_html(&body, rows[b]->name);
			sb_add(&body, "</code> … <code>");
			sb_add_html(&body, rows[b + m - 1]->name);
			sb_add(&body, "</code></a>");
			ret = letter_page(s, k, rows, n, rows + b, m, l, p + 1, parts);
		}
		sb_add(&body, "</td></tr>\n");
		r = e;
	}
	sb_addn(&sb, body.p ? body.p : "", body.len);
	sb_add(&sb, "</tbody>\n</table>\n</div>\n");
	site_page_end(&sb);
	sb_addf(&rel, "%s/index.html", kn);
	if (ret == 0)
		ret = put(s, rel.p, &sb);
	sb_free(&sb);
	sb_free(&body);
	sb_free(&rel);
	free(rows);
	return ret;
}

/* --- search: every name, members, enum values, config options --- */

struct emitted {
	struct site *s;
	struct strbuf ids; /* "member-a","member-b",... */
};

static int emit_put(const char *rel, const struct strbuf *data, void *arg)
{
	struct emitted *e = arg;
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	sb_add(&e->ids, e->ids.len ? "," : "");
	sb_addf(&e->ids, "\"%.*s\"", (int)(strlen(base) - strlen(".js")), base);
	return put(e->s, rel, data);
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
			if (!hashed && !site_has_non_ascii(name)) {
				sb_add_js_str(&sb, name);
				continue;
			}
			sb_add(&sb, "[");
			sb_add_js_str(&sb, name);
			sb_add(&sb, ",");
			sb_add_js_str(&sb, file.p);
			sb_add(&sb, "]");
		}
		sb_free(&file);
		sb_add(&sb, "]");
	}
	sb_add(&sb, "\n};\n");
	/* members, enum values, config options of the images of the groups */
	int64_t *ids = xcalloc(s->il.v.n, sizeof(*ids));
	const char **names = xcalloc(s->il.v.n, sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < s->il.v.n; i++)
		if (group_choice_has(&s->gc, s->il.v.v, s->il.v.v[i].id)) {
			ids[n] = s->il.v.v[i].id;
			names[n++] = s->il.v.v[i].name;
		}
	struct emitted em = { s, { 0 } };
	int ret = site_search_files(&s->st, ids, names, n, emit_put, &em);
	free(ids);
	free(names);
	/* which of those files there are: search.js asks for no other */
	sb_addf(&sb, "window.KSURF_MORE_FILES = [%s];\n", em.ids.p ? em.ids.p : "");
	sb_free(&em.ids);
	if (ret == 0)
		ret = put(s, "search-index.js", &sb);
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
	sb_addf(&sb, "<h1>Search</h1>\n<p><input id=\"q\" type=\"search\" placeholder=\"a name or part "
		     "of one: mempool, vfs_, task_struct::pid\" aria-label=\"Search\" autofocus> "
		     "<span id=\"count\"></span></p>\n<p class=\"note\">The names of the dependencies "
		     "(functions, structs, unions, enums, tracepoints, LSM hooks, kfuncs, system calls) "
		     "match anywhere in them. Members, enum values and config options (of the %zu images "
		     "of the report groups) match from their start, leading underscores and "
		     "<code>CONFIG_</code> aside: <code>pid</code> finds <code>task_struct::pid</code>, "
		     "<code>task_struct::p</code> its members starting with <code>p</code>; their data is "
		     "loaded per first letter as you type.</p>\n<ul id=\"results\"></ul>\n"
		     "<noscript><p>Search needs JavaScript; the indexes list every name.</p></noscript>\n"
		     "<script src=\"search-index.js\"></script>\n<script src=\"search.js\"></script>\n",
		n);
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
	struct svg_chart c = { title, series, ns, labels, nr, v, shares, shares,
			       shares ? "%" : NULL, NULL };
	struct strbuf sb = { 0 };
	svg_stacked_bars(&sb, &c);
	int ret = put(s, rel, &sb);
	sb_free(&sb);
	free(labels);
	free(v);
	return ret;
}

/* A version pair of the versions table, once however many groups hold it. */
struct vpair {
	const char *old, *new;
	char groups[64];
	size_t row[3]; /* the table's row per kind, +1; 0: none */
};

/* Changes per version pair: a heading per pair (the groups holding it), a
 * bar per kind, each value written after it. */
static int changes_figure(struct site *s)
{
	static const enum dep_kind kinds[] = { DEP_FUNC, DEP_STRUCT, DEP_TRACEPOINT };
	const struct stats_table *t = stats_table(&s->stats, "versions");
	size_t nr = t ? stats_rows(t) : 0, nc = t ? t->columns.n : 0, np = 0;
	struct vpair *pairs = xcalloc(nr + 1, sizeof(*pairs));
	for (size_t r = 0; r < nr; r++) {
		const struct stats_cell *row = &t->cells.v[r * nc];
		size_t p = 0, k = 0;
		while (p < np && (strcmp(pairs[p].old, row[1].text) || strcmp(pairs[p].new, row[2].text)))
			p++;
		if (p == np) {
			pairs[np].old = row[1].text;
			pairs[np++].new = row[2].text;
		}
		while (k < 3 && strcmp(dep_kind_names[kinds[k]], row[3].text))
			k++;
		if (k == 3)
			continue;
		if (!strstr(pairs[p].groups, row[0].text)) {
			size_t l = strlen(pairs[p].groups);
			snprintf(pairs[p].groups + l, sizeof(pairs[p].groups) - l, "%s%s", l ? ", " : "",
				 row[0].text);
		}
		if (!pairs[p].row[k])
			pairs[p].row[k] = r + 1;
	}
	struct arena a = { 0 };
	const char **labels = xcalloc(np * 3 + 1, sizeof(*labels));
	const char **sections = xcalloc(np * 3 + 1, sizeof(*sections));
	double *v = xcalloc(np * 9 + 1, sizeof(*v));
	size_t nb = 0;
	for (size_t p = 0; p < np; p++) {
		bool first = true;
		for (size_t k = 0; k < 3; k++) {
			if (!pairs[p].row[k])
				continue;
			const struct stats_cell *row = &t->cells.v[(pairs[p].row[k] - 1) * nc];
			if (first)
				sections[nb] = arena_printf(&a, "%s: %s → %s", pairs[p].groups,
							    pairs[p].old, pairs[p].new);
			first = false;
			labels[nb] = dep_kind_names[kinds[k]];
			for (size_t i = 0; i < 3; i++)
				v[nb * 3 + i] = row[9 + i].num;
			nb++;
		}
	}
	static const char *const chg[] = { "added", "removed", "changed" };
	struct svg_chart c = { "Changes per version pair (% of the old image's count)", chg, 3,
			       labels, nb, v, false, true, "%", sections };
	struct strbuf sb = { 0 };
	svg_stacked_bars(&sb, &c);
	int ret = put(s, "figures/changes.svg", &sb);
	sb_free(&sb);
	free(labels);
	free(sections);
	free(v);
	free(pairs);
	arena_free(&a);
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
	if (ret == 0)
		ret = changes_figure(s);
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
					sb_add_html(&sb, ks_issue_name(c->issues[j]));
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
	struct front *f = arg;
	struct strbuf *sb = f->sb;
	const char *cells[] = { r->info.name, r->info.version, r->info.arch, r->info.flavor,
				r->info.compiler };
	long long nsys = image_syscall_count(f->st, r->id);
	if (nsys < 0)
		return -1;
	sb_add(sb, "<tr>");
	for (size_t i = 0; i < 5; i++) {
		sb_add(sb, "<td>");
		sb_add_html(sb, cells[i]);
		sb_add(sb, "</td>");
	}
	int64_t types = 0;
	for (int t = 0; t < KS_TYPE__COUNT; t++)
		types += r->n_types[t];
	sb_addf(sb, "<td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
		    "<td class=\"n\" title=\"%lld slots in its table\">%lld</td><td class=\"n\">%lld</td>"
		    "<td class=\"n\">%lld</td><td class=\"n\">%lld</td></tr>\n", (long long)r->n_symbols,
		(long long)r->n_groups, (long long)types, (long long)r->n_syscalls, nsys,
		(long long)r->n_tracepoints, (long long)r->n_lsm_hooks, (long long)r->n_kfuncs);
	return 0;
}

static int front_page(struct site *s)
{
	struct strbuf sb = { 0 };
	site_page_begin(&sb, "", "Kernel dependency surface");
	sb_addf(&sb, "<h1>Kernel dependency surface</h1>\n<p>%zu images; the report groups are built "
		     "around <code>", s->il.v.n);
	sb_add_html(&sb, s->il.v.v[s->gc.baseline].name);
	sb_addf(&sb, "</code>. <a href=\"search.html\">Search</a> every dependency, browse an "
		     "index (the names found in the %zu images of those groups):", s->n_group_images);
	for (size_t k = 0; k < N_SITE_KINDS; k++)
		sb_addf(&sb, " <a href=\"%s/index.html\">%s</a> (%zu)", dep_kind_names[site_kinds[k]],
			dep_plurals[site_kinds[k]], s->idx[k].rows.n);
	sb_add(&sb, ", or the <a href=\"programs/index.html\">checked programs</a>.</p>\n"
		    "<h2 id=\"images\">Images</h2>\n<div class=\"scroll\">\n<table class=\"images\">\n"
		    "<thead><tr><th>name</th><th>version</th><th>arch</th><th>flavor</th>"
		    "<th>compiler</th><th>symbols</th><th>function groups</th><th>types</th>"
		    "<th>system calls</th><th>tracepoints</th><th>LSM hooks</th><th>kfuncs</th>"
		    "</tr></thead>\n<tbody>\n");
	struct front f = { &sb, &s->st };
	if (ks_store_list_images(&s->st, image_row, &f) < 0) {
		sb_free(&sb);
		return -1;
	}
	sb_add(&sb, "</tbody>\n</table>\n</div>\n<p class=\"note\" id=\"counts\">How things are "
		    "counted, here and on every page of the site: <b>system calls</b> are the distinct "
		    "names of an image's system call table, the placeholder <code>sys_ni_syscall</code> "
		    "of its unused slots left out, as <code>ksurf diff</code> and <code>ksurf list</code> count them (a cell's "
		    "tooltip gives the table's slots); an index's count "
		    "(System calls, Functions, ...) is the names found in any image of the report "
		    "groups, so it passes each image's own count.</p>\n"
		    "<h2 id=\"figures\">Figures</h2>\n"
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
		sb_add(&sb, "<details class=\"stats scroll\"><summary>");
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

static int newest_added(const struct ks_image_row *r, void *arg)
{
	char *date = arg;
	if (r->added_at && strncmp(r->added_at, date, 10) > 0)
		snprintf(date, 11, "%.10s", r->added_at);
	return 0;
}

/* The footer's stamp: the dataset's date, its newest image's addition (a
 * rebuild of an unchanged dataset writes the same bytes). */
static int dataset_stamp(struct site *s)
{
	char date[11] = "";
	if (ks_store_list_images(&s->st, newest_added, date) < 0)
		return -1;
	site_page_stamp(date);
	return 0;
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
	for (size_t i = 0; i < s.il.v.n; i++)
		s.n_group_images += group_choice_has(&s.gc, s.il.v.v, s.il.v.v[i].id);
	if (dataset_stamp(&s) < 0)
		goto out;
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
	ret = 0;
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
