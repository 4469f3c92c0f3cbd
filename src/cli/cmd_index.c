/* cmd_index.c — `ksurf index KIND`: one row per dependency, its marks per group. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diff/image_diff.h"
#include "report/group_settings.h"
#include "report/groups.h"
#include "store/store.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json_writer.h"
#include "util/text_table.h"
#include "util/xalloc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf index func|struct|union|enum|tracepoint|lsm|kfunc|syscall\n"
		"                   [--groups G,...] [--baseline IMAGE] [--lts X.Y,...]\n"
		"                   [--format md|text|json|jsonl]  (text on a terminal, else md)\n"
		"\n"
		"The index of one kind: a row per dependency found in the groups' images,\n"
		"and per group the marks its images carry: Absent ∅, Changed Δ\n"
		"(from the first change between consecutive images on; against the\n"
		"baseline for Arch and Flavor), Selective S, Full F, Duplicate D,\n"
		"Collision C, Transformation T.  Groups, baseline and LTS series as for\n"
		"`ksurf show` (given ones are remembered).  json: one document {\"kind\",\n"
		"\"baseline\", \"groups\": [TITLE, ...], \"rows\": [{\"name\", TITLE: [MARK, ...]}]};\n"
		"jsonl: one row object per line.\n");
}

enum { M_ABSENT, M_CHANGED, M_SEL, M_FULL, M_DUP, M_COLL, M_TRANS, M__COUNT };
static const char *const mark_sym[M__COUNT] = { "∅", "Δ", "S", "F", "D", "C", "T" };

struct slot {
	bool present;
	unsigned marks;
	uint64_t id1, id2;
};

struct row {
	const char *name;
	struct slot *slots; /* per used image */
};

struct index {
	struct arena strings;
	struct hindex ix;
	VEC(struct row) rows;
	size_t n_used;
	size_t cur; /* the image being loaded */
};

static struct slot *slot_of(struct index *x, const char *name)
{
	uint64_t h = hash_str(name);
	for (uint32_t *p = hindex_first(&x->ix, h); p; p = hindex_next(&x->ix, h, p))
		if (!strcmp(x->rows.v[*p].name, name))
			return &x->rows.v[*p].slots[x->cur];
	struct row r = { arena_strdup(&x->strings, name), xcalloc(x->n_used, sizeof(struct slot)) };
	hindex_insert(&x->ix, h, (uint32_t)x->rows.n);
	vec_push(&x->rows, r);
	return &r.slots[x->cur];
}

static int group_cb(const char *name, int collision, int inline_type, bool transformed, void *arg)
{
	struct slot *sl = slot_of(arg, name);
	sl->present = true;
	if (collision == KS_COLL_STATIC_DUP)
		sl->marks |= 1u << M_DUP;
	if (collision == KS_COLL_STATIC_STATIC || collision == KS_COLL_STATIC_GLOBAL)
		sl->marks |= 1u << M_COLL;
	if (inline_type == KS_INLINE_FULL)
		sl->marks |= 1u << M_FULL;
	if (inline_type == KS_INLINE_SELECTIVE)
		sl->marks |= 1u << M_SEL;
	if (transformed)
		sl->marks |= 1u << M_TRANS;
	return 0;
}

/* Image ID's dependencies of KIND into column X->cur. */
static int load_image(struct ks_store *st, int64_t id, const char *kind, struct index *x)
{
	struct arena a = { 0 };
	image_item_vec items = { 0 };
	int ret = image_diff_items(st, id, kind, &a, &items);
	for (size_t i = 0; ret == 0 && i < items.n; i++) {
		struct slot *sl = slot_of(x, items.v[i].name);
		sl->present = true;
		sl->id1 = items.v[i].id1;
		sl->id2 = items.v[i].id2;
	}
	if (ret == 0 && !strcmp(kind, "func"))
		ret = ks_store_group_classes(st, id, group_cb, x);
	vec_free(&items);
	arena_free(&a);
	return ret;
}

static int changed(struct ks_store *st, const struct slot *a, const struct slot *b)
{
	if (a->id1 == b->id1 && a->id2 == b->id2)
		return 0;
	struct arena ar = { 0 };
	diff_changes ch = { 0 };
	int r = image_diff_types(st, a->id1, b->id1, &ar, &ch);
	if (r == 0)
		r = image_diff_types(st, a->id2, b->id2, &ar, &ch);
	int any = r < 0 ? -1 : ch.n > 0;
	diff_changes_free(&ch);
	arena_free(&ar);
	return any;
}

static int by_row_name(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

int do_index(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_GROUP_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const kinds[] = { "func", "struct", "union", "enum", "tracepoint",
					     "lsm", "kfunc", "syscall", NULL };
	struct group_settings gs = { 0 };
	int format = isatty(STDOUT_FILENO) ? KS_FORMAT_TEXT : KS_FORMAT_MD, c, r; /* as show */
	while ((c = getopt_long(argc, argv, ":g:b:l:f:h", opts, NULL)) != -1) {
		if ((r = cli_group_option(c, optarg, "index", &gs)) != 0) {
			if (r < 0)
				return KS_EXIT_ERROR;
			continue;
		}
		switch (c) {
		case 'f':
			format = cli_parse_format(optarg, "md,text,json,jsonl");
			if (format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!gs.mask)
		gs.mask = groups_parse("regular,arch,flavor");
	if (!cli_args(argc, argv, "KIND"))
		return KS_EXIT_ERROR;
	const char *kind = argv[optind];
	bool known = false;
	for (const char *const *k = kinds; *k && !known; k++)
		known = !strcmp(*k, kind);
	if (!known) {
		ks_error("index: unknown kind '%s' (func, struct, union, enum, tracepoint, lsm, kfunc, "
			 "syscall)", kind);
		return KS_EXIT_ERROR;
	}
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	struct image_idents il;
	int ret = KS_EXIT_OK;
	if (image_idents_load(&st, &il) < 0) {
		ret = KS_EXIT_ERROR;
		goto out;
	}
	if (il.v.n == 0) {
		ks_error("index: the dataset has no images (add one with `ksurf add`)");
		ret = KS_EXIT_ERROR;
		goto out;
	}
	struct group_choice choice;
	int rr = group_settings_resolve(&st, "index", &gs, il.v.v, il.v.n, &choice);
	if (rr < 0) {
		if (rr == -2)
			ks_error("index: no groups: pass --baseline IMAGE (the default, an amd64 generic "
				 "image, %s)", choice.baseline < 0 ? "is not in the dataset"
								  : "forms no group");
		group_choice_free(&choice);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	long base = choice.baseline;
	struct report_group *groups = choice.groups;
	size_t ng = choice.ng;
	/* the images in use: column per image */
	VEC(int64_t) used = { 0 };
	vec_push(&used, il.v.v[base].id);
	for (size_t k = 0; k < ng; k++)
		for (size_t j = 0; j < groups[k].n; j++) {
			bool seen = false;
			for (size_t u = 0; u < used.n && !seen; u++)
				seen = used.v[u] == groups[k].images[j].id;
			if (!seen)
				vec_push(&used, groups[k].images[j].id);
		}
	struct index x = { .n_used = used.n };
	for (size_t u = 0; u < used.n && ret == KS_EXIT_OK; u++) {
		x.cur = u;
		if (load_image(&st, used.v[u], kind, &x) < 0)
			ret = KS_EXIT_ERROR;
	}
	if (x.rows.n)
		qsort(x.rows.v, x.rows.n, sizeof(x.rows.v[0]), by_row_name);
	struct jw_records recs;
	if (format == KS_FORMAT_JSON) {
		printf("{\"kind\": ");
		json_write_string(stdout, kind);
		printf(", \"baseline\": ");
		json_write_string(stdout, il.v.v[base].name);
		printf(", \"groups\": [");
		for (size_t k = 0; k < ng; k++) {
			printf(k ? ", " : "");
			json_write_string(stdout, groups[k].title);
		}
		printf("], \"rows\": ");
	}
	if (format == KS_FORMAT_JSON || format == KS_FORMAT_JSONL)
		jw_records_begin(&recs, stdout, format == KS_FORMAT_JSONL);
	struct text_table table;
	text_table_init(&table, ng + 1, NULL);
	if (format == KS_FORMAT_TEXT) {
		text_table_add(&table, "%s", kind);
		for (size_t k = 0; k < ng; k++)
			text_table_add(&table, "%s", groups[k].title);
	} else if (format == KS_FORMAT_MD) {
		printf("| %s |", kind);
		for (size_t k = 0; k < ng; k++)
			printf(" %s |", groups[k].title);
		printf("\n|---|");
		for (size_t k = 0; k < ng; k++)
			printf("---|");
		putchar('\n');
	}
	for (size_t r = 0; r < x.rows.n && ret == KS_EXIT_OK; r++) {
		struct row *row = &x.rows.v[r];
		unsigned cell[GROUP__COUNT] = { 0 };
		for (size_t k = 0; k < ng && ret == KS_EXIT_OK; k++) {
			const struct report_group *gr = &groups[k];
			long bu = -1;
			for (size_t u = 0; u < used.n; u++)
				if (used.v[u] == gr->baseline.id)
					bu = (long)u;
			const struct slot *prev = NULL;
			bool seen_change = false;
			for (size_t j = 0; j < gr->n; j++) {
				size_t u = 0;
				while (used.v[u] != gr->images[j].id)
					u++;
				const struct slot *sl = &row->slots[u];
				if (gr->against_baseline && gr->images[j].id == gr->baseline.id)
					continue;
				unsigned m = sl->present ? sl->marks : 1u << M_ABSENT;
				const struct slot *ref = gr->against_baseline ? &row->slots[bu] : prev;
				if (sl->present && ref && ref->present) {
					int ch = changed(&st, ref, sl);
					if (ch < 0) {
						ret = KS_EXIT_ERROR;
						break;
					}
					if (ch)
						seen_change = true;
					if (ch && gr->against_baseline)
						m |= 1u << M_CHANGED;
				}
				if (!gr->against_baseline && seen_change && sl->present)
					m |= 1u << M_CHANGED;
				cell[k] |= m;
				if (sl->present)
					prev = sl;
				if (gr->against_baseline)
					seen_change = false;
			}
		}
		if (format == KS_FORMAT_JSON || format == KS_FORMAT_JSONL) {
			struct json_writer w;
			jw_records_next(&recs);
			jw_init(&w, stdout);
			jw_obj_open(&w);
			jw_key(&w, "name");
			jw_str(&w, row->name);
			for (size_t k = 0; k < ng; k++) {
				jw_key(&w, groups[k].title);
				jw_arr_open(&w);
				for (int m = 0; m < M__COUNT; m++)
					if (cell[k] & (1u << m))
						jw_str(&w, mark_sym[m]);
				jw_arr_close(&w);
			}
			jw_obj_close(&w);
		} else {
			if (format == KS_FORMAT_MD)
				printf("| %s |", row->name);
			else
				text_table_add(&table, "%s", row->name);
			for (size_t k = 0; k < ng; k++) {
				char buf[64] = "";
				for (int m = 0; m < M__COUNT; m++)
					if (cell[k] & (1u << m))
						strcat(buf, mark_sym[m]);
				if (format == KS_FORMAT_MD)
					printf(" %s |", buf);
				else
					text_table_add(&table, "%s", buf);
			}
			if (format == KS_FORMAT_MD)
				putchar('\n');
		}
	}
	if (format == KS_FORMAT_TEXT && ret == KS_EXIT_OK)
		text_table_print(&table, stdout);
	text_table_free(&table);
	if ((format == KS_FORMAT_JSON || format == KS_FORMAT_JSONL) && ret == KS_EXIT_OK) {
		jw_records_end(&recs);
		if (format == KS_FORMAT_JSON)
			printf("}\n");
	}
	for (size_t r = 0; r < x.rows.n; r++)
		free(x.rows.v[r].slots);
	vec_free(&x.rows);
	hindex_free(&x.ix);
	arena_free(&x.strings);
	vec_free(&used);
	if (ret == KS_EXIT_OK && format != KS_FORMAT_JSON && format != KS_FORMAT_JSONL)
		group_choice_note_ungrouped(&choice, "index", il.v.v, il.v.n);
	if (ret == KS_EXIT_OK && group_settings_remember(&st, &gs, &choice) < 0)
		ret = KS_EXIT_ERROR;
	group_choice_free(&choice);
out:
	image_idents_free(&il);
	ks_store_close(&st);
	return ret;
}
