/* cmd_index.c — `ksurf index KIND`: one row per dependency, its marks per group. */
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "diff/image_diff.h"
#include "report/dep_index.h"
#include "report/group_settings.h"
#include "report/groups.h"
#include "store/store.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/json_writer.h"
#include "util/text_table.h"
#include "util/xalloc.h"
#include "util/text_esc.h"
#include "util/color.h"
#include "util/pager.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf index func|struct|union|enum|tracepoint|lsm|kfunc|syscall\n"
		"                   [--groups G,...] [--baseline IMAGE] [--lts X.Y,...]\n"
		"                   [--format text|md|json|jsonl] [--color[=WHEN]] [--no-pager]\n"
		"\n"
		"The index of one kind: a row per dependency found in the groups' images,\n"
		"and per group the marks its images carry: Absent ∅, Changed Δ\n"
		"(from the first change between consecutive images on; against the\n"
		"baseline for Arch and Flavor), Selective S, Full F, Duplicate D,\n"
		"Collision C, Transformation T.  Groups, baseline and LTS series as for\n"
		"`ksurf show` (given ones apply to this run only).  json: one document {\"kind\",\n"
		"\"baseline\", \"groups\": [TITLE, ...], \"rows\": [{\"name\", TITLE: [MARK, ...]}]};\n"
		"jsonl: one row object per line.  text (the default, on a terminal or piped:\n"
		"the same text) is the table in columns, no HTML; md (--format md) the\n"
		"published markdown table.  On a terminal the output goes through a pager\n"
		"($KSURF_PAGER, else $PAGER, else less -FRX; --no-pager: none).  enum:\n"
		"besides the merged '(anon)', each anonymous enum its own row, named by\n"
		"its first value ('(anon TASK_COMM_LEN)', as `ksurf show` takes it).\n"
		"\n"
		COLOR_OPTION_HELP);
}

int cli_index_print(struct ks_store *st, const char *cmd, const char *kind, const char *glob,
		    const struct group_settings *gs, int format)
{
	struct image_idents il;
	int ret = KS_EXIT_OK;
	if (image_idents_load(st, &il) < 0) {
		ret = KS_EXIT_ERROR;
		goto out;
	}
	if (il.v.n == 0) {
		ks_error("%s: the dataset has no images (add one with `ksurf add`)", cmd);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	struct group_choice choice;
	int rr = group_settings_resolve(st, cmd, gs, il.v.v, il.v.n, &choice);
	if (rr < 0) {
		if (rr == -2)
			ks_error("%s: no groups: pass --baseline IMAGE (the default, an amd64 generic "
				 "image, %s)", cmd, choice.baseline < 0 ? "is not in the dataset"
								       : "forms no group");
		group_choice_free(&choice);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	long base = choice.baseline;
	struct report_group *groups = choice.groups;
	size_t ng = choice.ng;
	struct dep_index x;
	if (dep_index_build(st, il.v.v, &choice, kind, &x) < 0) {
		/* nothing printed: never half a JSON document */
		dep_index_free(&x);
		group_choice_free(&choice);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	size_t matching = 0;
	for (size_t r = 0; r < x.rows.n; r++) {
		x.rows.v[r].name = !glob || !fnmatch(glob, x.rows.v[r].name, 0) ? x.rows.v[r].name : NULL;
		matching += x.rows.v[r].name != NULL;
	}
	if (glob && !matching) {
		ks_error("%s: no %s matches %s in the images of the groups around %s", cmd, kind, glob,
			 il.v.v[base].name);
		dep_index_free(&x);
		group_choice_free(&choice);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	struct jw_records recs;
	pager_start();
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
		text_table_add(&table, "%s%s%s", color(COLOR_BOLD), kind, color(COLOR_RESET));
		for (size_t k = 0; k < ng; k++)
			text_table_add(&table, "%s%s%s", color(COLOR_BOLD), groups[k].title,
				       color(COLOR_RESET));
	} else if (format == KS_FORMAT_MD) {
		printf("| %s |", kind);
		for (size_t k = 0; k < ng; k++) {
			fputc(' ', stdout);
			fput_html(stdout, groups[k].title);
			fputs(" |", stdout);
		}
		printf("\n|---|");
		for (size_t k = 0; k < ng; k++)
			printf("---|");
		putchar('\n');
	}
	for (size_t r = 0; r < x.rows.n && ret == KS_EXIT_OK; r++) {
		const struct dep_index_row *row = &x.rows.v[r];
		const unsigned *cell = row->cell;
		if (!row->name)
			continue;
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
				for (int m = 0; m < MARK__COUNT; m++)
					if (cell[k] & (1u << m))
						jw_str(&w, dep_index_mark_sym[m]);
				jw_arr_close(&w);
			}
			jw_obj_close(&w);
		} else {
			if (format == KS_FORMAT_MD) {
				fputs("| ", stdout);
				fput_html(stdout, row->name);
				fputs(" |", stdout);
			} else {
				struct strbuf vis = { 0 };
				sb_add_visible(&vis, row->name, strlen(row->name), false);
				text_table_add(&table, "%s", sb_str(&vis));
				sb_free(&vis);
			}
			for (size_t k = 0; k < ng; k++) {
				char buf[64];
				dep_index_marks(cell[k], buf, sizeof(buf));
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
	dep_index_free(&x);
	if (ret == KS_EXIT_OK && format != KS_FORMAT_JSON && format != KS_FORMAT_JSONL)
		group_choice_note_ungrouped(&choice, cmd, il.v.v, il.v.n);
	group_choice_free(&choice);
out:
	image_idents_free(&il);
	return ret;
}

int do_index(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_GROUP_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		CLI_OUTPUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const kinds[] = { "func", "struct", "union", "enum", "tracepoint",
					     "lsm", "kfunc", "syscall", NULL };
	struct group_settings gs = { 0 };
	int format = KS_FORMAT_TEXT, c, r; /* as show: text, on a terminal or piped */
	while ((c = getopt_long(argc, argv, ":g:b:l:f:h", opts, NULL)) != -1) {
		if ((r = cli_group_option(c, optarg, "index", &gs)) != 0 ||
		    (r = cli_output_option(c, optarg, "index")) != 0) {
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
		gs.mask = groups_parse("regular,arch,flavor,toolchain");
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
	int ret = cli_index_print(&st, "index", kind, NULL, &gs, format);
	ks_store_close(&st);
	return ret;
}
