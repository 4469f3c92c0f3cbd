#include "stats/stats.h"

#include <elf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "diff/image_diff.h"
#include "report/groups.h"
#include "store/store.h"
#include "surface/surface.h"
#include "util/hash.h"
#include "util/progress.h"
#include "util/xalloc.h"

const char *const stats_table_ids[] = { "versions", "issues", "configs", "revisions", "toolchain",
					 "collisions",
					 "inline", "suffixes", "programs", "program-issues", NULL };

/* A new table; NULL when S computes another one alone (its cells then go nowhere). */
static struct stats_table *table_new(struct stats *s, const char *id, const char *title,
				     const char *note, const char *const *columns)
{
	if (s->only && strcmp(s->only, id))
		return NULL;
	struct stats_table t = { .id = id, .title = title, .note = note };
	for (const char *const *c = columns; *c; c++)
		vec_push(&t.columns, *c);
	vec_push(&s->tables, t);
	return &s->tables.v[s->tables.n - 1];
}

static void cell_text(struct stats *s, struct stats_table *t, const char *text)
{
	if (!t)
		return;
	struct stats_cell c = { .text = arena_strdup(&s->strings, text ? text : "") };
	vec_push(&t->cells, c);
}

static void cell_num(struct stats_table *t, double n)
{
	if (!t)
		return;
	struct stats_cell c = { .num = n };
	vec_push(&t->cells, c);
}

static void cell_share(struct stats_table *t, double part, double whole)
{
	if (!t)
		return;
	struct stats_cell c = { .num = whole > 0 ? 100.0 * part / whole : 0, .is_share = true };
	vec_push(&t->cells, c);
}

size_t stats_rows(const struct stats_table *t)
{
	return t->columns.n ? t->cells.n / t->columns.n : 0;
}

const struct stats_table *stats_table(const struct stats *s, const char *id)
{
	for (size_t i = 0; i < s->tables.n; i++)
		if (!strcmp(s->tables.v[i].id, id))
			return &s->tables.v[i];
	return NULL;
}

void stats_free(struct stats *s)
{
	for (size_t i = 0; i < s->tables.n; i++) {
		vec_free(&s->tables.v[i].columns);
		vec_free(&s->tables.v[i].cells);
	}
	vec_free(&s->tables);
	arena_free(&s->strings);
}

/* --- per image: collision classes, inline shares, suffixes --- */

struct image_rows {
	VEC(struct ks_image_row) v;
	struct arena strings;
};

static int collect_row(const struct ks_image_row *row, void *arg)
{
	struct image_rows *r = arg;
	struct ks_image_row c = *row;
	c.info.name = arena_strdup(&r->strings, row->info.name);
	c.info.compiler = arena_strdup(&r->strings, row->info.compiler);
	c.info.version = arena_strdup(&r->strings, row->info.version);
	c.info.arch = arena_strdup(&r->strings, row->info.arch);
	c.info.flavor = arena_strdup(&r->strings, row->info.flavor);
	vec_push(&r->v, c);
	return 0;
}

enum { SUF_ISRA, SUF_CONSTPROP, SUF_PART, SUF_COLD, SUF_MANY, SUF__COUNT };

/* Image ID's distinct function symbols per compiler suffix. */
static int count_suffixes(struct ks_store *st, int64_t id, int64_t *n)
{
	static const char *const words[4] = { "isra", "constprop", "part", "cold" };
	struct ks_surface s;
	memset(&s, 0, sizeof(s));
	if (ks_store_load_symtab(st, id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	struct hindex seen = { 0 };
	for (size_t i = 0; i < s.symbols.n; i++) {
		const struct ks_symbol *sym = &s.symbols.v[i];
		const char *dot = sym->type == STT_FUNC ? strchr(sym->name, '.') : NULL;
		if (!dot)
			continue;
		unsigned kinds = 0;
		for (const char *p = dot; p && *p; p = strchr(p + 1, '.'))
			for (int w = 0; w < 4; w++) {
				size_t l = strlen(words[w]);
				if (!strncmp(p + 1, words[w], l) && (p[1 + l] == '.' || !p[1 + l]))
					kinds |= 1u << w;
			}
		if (!kinds)
			continue;
		uint64_t h = hash_str(sym->name);
		bool dup = false;
		for (uint32_t *q = hindex_first(&seen, h); q && !dup; q = hindex_next(&seen, h, q))
			dup = !strcmp(s.symbols.v[*q].name, sym->name);
		if (dup)
			continue;
		hindex_insert(&seen, h, (uint32_t)i);
		n[__builtin_popcount(kinds) > 1 ? SUF_MANY : __builtin_ctz(kinds)]++;
	}
	hindex_free(&seen);
	surface_free(&s);
	return 0;
}

static int image_tables(struct ks_store *st, struct stats *s, const struct image_rows *ir, bool progress)
{
	static const char *const coll_cols[] = { "image", "groups", "UG", "US", "DUP", "SS", "SG",
						 "UG %", "US %", "DUP %", "SS %", "SG %", NULL };
	static const char *const inl_cols[] = { "image", "groups", "not", "full", "selective",
						"not %", "full %", "selective %", NULL };
	static const char *const suf_cols[] = { "image", "compiler", "isra", "constprop", "part",
						"cold", "two or more", "total", NULL };
	struct stats_table *tc = table_new(s, "collisions", "Collision classes per image",
		"Function groups by collision class: UG Unique Global, US Unique Static, DUP "
		"Static Duplication, SS Static-Static and SG Static-Global collisions; the "
		"classes sum to the groups.", coll_cols);
	for (size_t i = 0; i < ir->v.n; i++) {
		const struct ks_image_row *r = &ir->v.v[i];
		cell_text(s, tc, r->info.name);
		cell_num(tc, (double)r->n_groups);
		for (int c = 0; c < KS_COLL__COUNT; c++)
			cell_num(tc, (double)r->n_collision[c]);
		for (int c = 0; c < KS_COLL__COUNT; c++)
			cell_share(tc, (double)r->n_collision[c], (double)r->n_groups);
	}
	struct stats_table *ti = table_new(s, "inline", "Inline shares per image",
		"Function groups never inlined, always inlined (full: no symbol to attach to) "
		"and inlined at some call sites (selective: a probe misses those calls); the "
		"shares sum to 100 %.", inl_cols);
	for (size_t i = 0; i < ir->v.n; i++) {
		const struct ks_image_row *r = &ir->v.v[i];
		cell_text(s, ti, r->info.name);
		cell_num(ti, (double)r->n_groups);
		for (int c = 0; c < KS_INLINE__COUNT; c++)
			cell_num(ti, (double)r->n_inline[c]);
		for (int c = 0; c < KS_INLINE__COUNT; c++)
			cell_share(ti, (double)r->n_inline[c], (double)r->n_groups);
	}
	struct stats_table *ts = table_new(s, "suffixes", "Transformed symbols per suffix",
		"Distinct function symbols whose name carries a compiler suffix: .isra (scalar "
		"replacement of aggregates), .constprop (constant propagation), .part (partial "
		"inlining), .cold (cold split), or two or more of them (foo.isra.0.cold).", suf_cols);
	for (size_t i = 0; ts && i < ir->v.n; i++) { /* reads every symbol table */
		const struct ks_image_row *r = &ir->v.v[i];
		int64_t n[SUF__COUNT] = { 0 };
		if (progress)
			progress_update("symbol suffixes", i, ir->v.n);
		if (count_suffixes(st, r->id, n) < 0)
			return -1;
		cell_text(s, ts, r->info.name);
		cell_text(s, ts, r->info.compiler);
		int64_t total = 0;
		for (int k = 0; k < SUF__COUNT; k++) {
			cell_num(ts, (double)n[k]);
			total += n[k];
		}
		cell_num(ts, (double)total);
	}
	return 0;
}

/* --- pairs of images: versions, issues, revisions, configs --- */

struct pair {
	const struct group_image *old, *new;
	const char *group;
};

static int diff_counts(struct ks_store *st, const struct pair *p, const char *kind, struct kind_diff *d)
{
	struct arena a = { 0 };
	memset(d, 0, sizeof(*d));
	int r = image_diff_kind(st, p->old->id, p->new->id, kind, &a, d);
	arena_free(&a);
	return r;
}

static const char *image_name(const struct image_idents *il, int64_t id)
{
	for (size_t i = 0; i < il->v.n; i++)
		if (il->v.v[i].id == id)
			return il->v.v[i].name;
	return "?";
}

/* A kind's counts in a pair: old, new, added, removed, changed. */
static void count_cells(struct stats_table *t, const struct kind_diff *d)
{
	cell_num(t, (double)d->n_old);
	cell_num(t, (double)d->n_new);
	cell_num(t, (double)d->added.n);
	cell_num(t, (double)d->removed.n);
	cell_num(t, (double)d->changed.n);
}

static int pair_tables(struct ks_store *st, struct stats *s, const struct image_idents *il,
		       const struct group_choice *gc, bool progress)
{
	static const char *const ver_cols[] = { "group", "old", "new", "kind", "old count",
		"new count", "added", "removed", "changed", "added %", "removed %", "changed %", NULL };
	static const char *const iss_cols[] = { "group", "old", "new", "kind", "issue", "changes", NULL };
	static const char *const rev_cols[] = { "old", "new", "kind", "old count", "new count",
						"added", "removed", "changed", NULL };
	static const char *const cfg_cols[] = { "group", "image", "baseline", "kind", "baseline count",
						"image count", "added", "removed", "changed", NULL };
	/* the kinds of each table, DEP__COUNT-terminated */
	static const enum dep_kind ver_kinds[] = { DEP_FUNC, DEP_STRUCT, DEP_TRACEPOINT, DEP__COUNT };
	static const enum dep_kind iss_kinds[] = { DEP_FUNC, DEP_STRUCT, DEP_UNION, DEP_ENUM,
						   DEP_TRACEPOINT, DEP_LSM, DEP_KFUNC, DEP__COUNT };
	static const enum dep_kind rev_kinds[] = { DEP_FUNC, DEP_STRUCT, DEP_UNION, DEP_ENUM,
						   DEP_TRACEPOINT, DEP_LSM, DEP_KFUNC, DEP_SYSCALL,
						   DEP_CONFIG, DEP__COUNT };
	static const enum dep_kind cfg_kinds[] = { DEP_CONFIG, DEP_FUNC, DEP_STRUCT, DEP_TRACEPOINT,
						   DEP_SYSCALL, DEP__COUNT };
	struct stats_table *tv = table_new(s, "versions", "Changes between consecutive versions",
		"Per consecutive pair of the Regular and LTS groups: functions, structs and "
		"tracepoints added, removed and changed (prototype, fields or event changed), "
		"the shares against the old image's count.", ver_cols);
	struct stats_table *tx = table_new(s, "issues", "Changes by issue",
		"The changes of those pairs by what changed, per kind.", iss_cols);
	struct stats_table *tf = table_new(s, "configs", "Architectures and flavors against the baseline",
		"Each image of the Arch and Flavor groups against the baseline: config options, "
		"functions, structs, tracepoints and system calls it adds, lacks or changes.", cfg_cols);
	struct stats_table *tr = table_new(s, "revisions", "Changes between ABI revisions",
		"Per consecutive pair of the Revision group (the baseline's series, arch and "
		"flavor at every ABI revision the dataset holds): every kind added, removed, "
		"changed.", rev_cols);
	static const char *const tc_cols[] = { "old", "new", "kind", "old count", "new count",
						"added", "removed", "changed", "what changed", NULL };
	struct stats_table *tt = table_new(s, "toolchain", "What the toolchain alone changes",
		"Per consecutive pair of the Toolchain group (one upstream release, arch and "
		"flavor built by two toolchains: Debian's +debNN builds): every kind added, "
		"removed, changed, and what changed (a function became fully or selectively "
		"inlined, transformed, ...).", tc_cols);
	/* the pairs, once each even when two groups share one (only those of the
	 * tables computed: diffs are the costly part) */
	VEC(struct pair) pairs = { 0 };
	for (size_t g = 0; gc && g < gc->ng; g++) {
		const struct report_group *gr = &gc->groups[g];
		for (size_t j = 0; j < gr->n; j++) {
			struct pair p = { NULL, &gr->images[j], gr->title };
			if (gr->against_baseline) {
				if (gr->images[j].id == gr->baseline.id)
					continue;
				p.old = &gr->baseline;
			} else if (j) {
				p.old = &gr->images[j - 1];
			} else {
				continue;
			}
			vec_push(&pairs, p);
		}
	}
	int ret = 0;
	for (size_t k = 0; k < pairs.n && ret == 0; k++) {
		const struct pair *p = &pairs.v[k];
		const char *on = image_name(il, p->old->id), *nn = image_name(il, p->new->id);
		bool regular = !strcmp(p->group, "Regular") || !strcmp(p->group, "LTS");
		bool revision = !strcmp(p->group, "Revision");
		bool toolchain = !strcmp(p->group, "Toolchain");
		const enum dep_kind *kinds = regular ? iss_kinds : revision || toolchain ? rev_kinds
											 : cfg_kinds;
		if (regular ? !tv && !tx : revision ? !tr : toolchain ? !tt : !tf)
			continue;
		if (progress)
			progress_update("image pairs", k, pairs.n);
		for (const enum dep_kind *k = kinds; *k != DEP__COUNT && ret == 0; k++) {
			const char *kind = dep_kind_names[*k];
			struct kind_diff d;
			if ((ret = diff_counts(st, p, kind, &d)) < 0)
				break;
			bool in_versions = false;
			for (const enum dep_kind *v = ver_kinds; *v != DEP__COUNT; v++)
				in_versions |= *v == *k;
			if (regular && in_versions) {
				cell_text(s, tv, p->group);
				cell_text(s, tv, on);
				cell_text(s, tv, nn);
				cell_text(s, tv, kind);
				cell_num(tv, (double)d.n_old);
				cell_num(tv, (double)d.n_new);
				cell_num(tv, (double)d.added.n);
				cell_num(tv, (double)d.removed.n);
				cell_num(tv, (double)d.changed.n);
				cell_share(tv, (double)d.added.n, (double)d.n_old);
				cell_share(tv, (double)d.removed.n, (double)d.n_old);
				cell_share(tv, (double)d.changed.n, (double)d.n_old);
			}
			if (regular)
				for (int i = 0; i < ISSUE__COUNT; i++) {
					if (!d.issues[i])
						continue;
					cell_text(s, tx, p->group);
					cell_text(s, tx, on);
					cell_text(s, tx, nn);
					cell_text(s, tx, kind);
					cell_text(s, tx, ks_issue_name(i));
					cell_num(tx, (double)d.issues[i]);
				}
			if (toolchain && tt) {
				cell_text(s, tt, on);
				cell_text(s, tt, nn);
				cell_text(s, tt, kind);
				count_cells(tt, &d);
				char what[1024] = "";
				for (int i = 0; i < ISSUE__COUNT; i++)
					if (d.issues[i])
						snprintf(what + strlen(what), sizeof(what) - strlen(what),
							 "%s%s %zu", *what ? ", " : "", ks_issue_name(i),
							 (size_t)d.issues[i]);
				cell_text(s, tt, what);
			}
			struct stats_table *t = revision ? tr : regular || toolchain ? NULL : tf;
			if (t) {
				if (!revision)
					cell_text(s, t, p->group);
				cell_text(s, t, revision ? on : nn);
				cell_text(s, t, revision ? nn : on);
				cell_text(s, t, kind);
				count_cells(t, &d);
			}
			kind_diff_free(&d);
		}
	}
	vec_free(&pairs);
	return ret;
}

/* --- checked programs --- */

static void program_tables(struct stats *s, const struct check_run *run)
{
	static const char *const prog_cols[] = { "program", "file", "dependencies", "with an issue",
		"images", "ok", "degraded", "wrong-data", "misses", "fails", NULL };
	static const char *const sum_cols[] = { "kind", "issue", "programs", "dependencies", NULL };
	struct stats_table *tp = table_new(s, "programs", "Checked programs",
		"Per program (BPF object): its dependencies, those with an issue in at least one "
		"image, and how many images give each verdict.", prog_cols);
	size_t ni = run->images.n;
	for (size_t p = 0; p < run->programs.n; p++) {
		const struct check_program *pr = &run->programs.v[p];
		size_t with = 0, verdicts[CONS__COUNT] = { 0 };
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			bool any = false;
			for (size_t i = 0; i < ni && !any; i++)
				any = pr->cells[k * ni + i].n_issues > 0;
			with += any;
		}
		for (size_t i = 0; i < ni; i++)
			verdicts[pr->verdict[i]]++;
		cell_text(s, tp, pr->object);
		cell_text(s, tp, pr->file);
		cell_num(tp, (double)pr->deps.deps.n);
		cell_num(tp, (double)with);
		cell_num(tp, (double)ni);
		for (int c = 0; c < CONS__COUNT; c++)
			cell_num(tp, (double)verdicts[c]);
	}
	struct stats_table *ts = table_new(s, "program-issues", "Checked programs by issue",
		"Per dependency kind and issue: the programs, and the unique dependencies, with "
		"it in at least one image.", sum_cols);
	check_summary_rows rows = { 0 };
	check_summarize(run, &rows);
	for (int kind = 0; kind < BDEP__COUNT; kind++)
		for (size_t r = 0; r < rows.n; r++)
			if (rows.v[r].kind == kind) {
				cell_text(s, ts, bpf_dep_kind_names[kind]);
				cell_text(s, ts, ks_issue_name(rows.v[r].issue));
				cell_num(ts, (double)rows.v[r].programs);
				cell_num(ts, (double)rows.v[r].deps);
			}
	vec_free(&rows);
}

int stats_compute(struct ks_store *st, const struct group_settings *gs, const struct check_run *run,
		  const char *only, bool progress, struct stats *out)
{
	memset(out, 0, sizeof(*out));
	out->only = only;
	struct image_rows ir = { 0 };
	struct image_idents il;
	struct group_choice gc;
	bool have_groups = false;
	int ret = ks_store_list_images(st, collect_row, &ir);
	if (ret == 0)
		ret = image_idents_load(st, &il);
	else
		memset(&il, 0, sizeof(il));
	if (ret == 0 && il.v.n) {
		int r = group_settings_resolve(st, "stats", gs, il.v.v, il.v.n, &gc);
		if (r == -1)
			ret = -1;
		else if (r == 0)
			have_groups = true;
		else
			group_choice_free(&gc);
	}
	if (have_groups)
		out->baseline = arena_strdup(&out->strings, il.v.v[gc.baseline].name);
	if (ret == 0)
		ret = pair_tables(st, out, &il, have_groups ? &gc : NULL, progress);
	if (ret == 0)
		ret = image_tables(st, out, &ir, progress);
	if (ret == 0 && run)
		program_tables(out, run);
	if (progress)
		progress_done();
	if (have_groups)
		group_choice_free(&gc);
	image_idents_free(&il);
	vec_free(&ir.v);
	arena_free(&ir.strings);
	return ret;
}
