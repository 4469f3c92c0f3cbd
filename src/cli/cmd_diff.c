/* cmd_diff.c — `ksurf diff A B`: what changed from image A to image B, per kind. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "diff/diff_print.h"
#include "diff/image_diff.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/words.h"
#include "util/color.h"
#include "util/pager.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf diff IMAGE_A IMAGE_B [NAME...] [--kind KIND,...] [--stat]\n"
		"                  [--exit-code] [--format text|md|json|jsonl]\n"
		"                  [--color[=WHEN]] [--no-pager]\n"
		"\n"
		"What changed from IMAGE_A to IMAGE_B, for each kind of dependency: func,\n"
		"struct, union, enum (BTF types), tracepoint, lsm, kfunc, syscall, config\n"
		"(default: all).  Per kind the counts (old, new, added, removed, renamed,\n"
		"changed, and changes per issue: Param added, Field type changed, ...), then\n"
		"the names: \"+ NAME\" added, \"- NAME\" removed, \"> OLD -> NEW\" renamed,\n"
		"\"~ NAME\" changed with its changes below it.  A function (or kfunc) that\n"
		"went away is renamed to one that appeared when the new name is the old one\n"
		"after \"\", \"__\", \"_\" or \"do_\", at most 12 bytes longer, and both have\n"
		"the same prototype (parameter and return types): mempool_alloc ->\n"
		"mempool_alloc_noprof.  A renamed pair is in neither added nor removed.\n"
		"\n"
		"  NAME...         only the names matching one of these shell patterns\n"
		"                  (fnmatch: 'mempool_*', 'task_struct'); counts too; a\n"
		"                  renamed pair when either of its names matches\n"
		"  --kind K,...    only these kinds\n"
		"  --stat          only the counts: a row per kind (old, new, added, removed,\n"
		"                  renamed, changed), then the changes per issue of each kind\n"
		"  --exit-code     exit 1 when there are differences, 0 when none (as\n"
		"                  git diff --exit-code); without it 0 either way\n"
		"  --format F      text (the default, on a terminal or piped: the same text,\n"
		"                  coloured on a terminal only); md, the same as markdown;\n"
		"                  json one document {\"old\", \"new\", \"kinds\": [{\"kind\",\n"
		"                  \"old\", \"new\", \"issues\", \"added\", \"removed\", \"renamed\":\n"
		"                  [{\"old\", \"new\"}], \"changed\": [{\"name\", \"changes\":\n"
		"                  [{\"issue\", \"old\", \"new\"}]}]}]} (\"added\" and \"removed\"\n"
		"                  hold the renamed pairs' names too); jsonl: one kind object\n"
		"                  per line\n"
		COLOR_OPTION_HELP
		"  --no-pager      no pager: on a terminal the output goes through\n"
		"                  $KSURF_PAGER, else $PAGER, else less -FRX (never when\n"
		"                  piped)\n"
		"\n"
		"Exit status: 0, or with --exit-code 1 when there are differences; 2 for an\n"
		"unknown image or kind.\n");
}

int do_diff(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "stat", no_argument, NULL, 's' },
		{ "exit-code", no_argument, NULL, 'e' },
		CLI_OUTPUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int format = KS_FORMAT_TEXT, c, r;
	const char *kinds = NULL;
	bool stat = false, exit_code = false;
	/* getopt moves the NAME patterns after the options, wherever given */
	while ((c = getopt_long(argc, argv, ":k:f:h", opts, NULL)) != -1) {
		if ((r = cli_output_option(c, optarg, "diff")) != 0) {
			if (r < 0)
				return KS_EXIT_ERROR;
			continue;
		}
		switch (c) {
		case 's':
			stat = true;
			break;
		case 'e':
			exit_code = true;
			break;
		case 'k':
			kinds = optarg;
			break;
		case 'f':
			format = cli_parse_format(optarg, "text,md,json,jsonl");
			if (format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "ksurf diff: missing %s (see 'ksurf diff --help')\n",
			argc - optind ? "IMAGE_B" : "IMAGE_A");
		return KS_EXIT_ERROR;
	}
	if (stat && format != KS_FORMAT_TEXT) {
		fprintf(stderr, "ksurf diff: --stat is a text summary, not with --format (see "
				"'ksurf diff --help')\n");
		return KS_EXIT_ERROR;
	}
	struct image_diff_opts dopts = { .names = argv + optind + 2,
					 .n_names = (size_t)(argc - optind - 2), .renames = true };
	bool want[IMAGE_DIFF_KINDS];
	for (int i = 0; i < IMAGE_DIFF_KINDS; i++)
		want[i] = kinds == NULL;
	const char *w;
	size_t l;
	for (const char *p = kinds; words_next(&p, &w, &l);) {
		int k = -1;
		for (int i = 0; i < IMAGE_DIFF_KINDS && k < 0; i++)
			if (strlen(dep_kind_names[image_diff_kinds[i]]) == l &&
			    !memcmp(dep_kind_names[image_diff_kinds[i]], w, l))
				k = i;
		if (k < 0) {
			ks_error("diff: unknown kind '%.*s' (func, struct, union, enum, tracepoint, lsm, "
				 "kfunc, syscall, config)", (int)l, w);
			return KS_EXIT_ERROR;
		}
		want[k] = true;
	}
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	char name_a[512], name_b[512];
	int64_t a = ks_store_find_image(&st, "diff", argv[optind], name_a, sizeof(name_a));
	int64_t b = a > 0 ? ks_store_find_image(&st, "diff", argv[optind + 1], name_b, sizeof(name_b)) : 0;
	if (a <= 0 || b <= 0) {
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	int ret = KS_EXIT_OK;
	bool json = format == KS_FORMAT_JSON || format == KS_FORMAT_JSONL, any = false;
	struct jw_records recs;
	struct diff_stat ds;
	pager_start();
	if (stat)
		diff_stat_init(&ds);
	if (format == KS_FORMAT_JSON) {
		printf("{\"old\": ");
		json_write_string(stdout, name_a);
		printf(", \"new\": ");
		json_write_string(stdout, name_b);
		printf(", \"kinds\": ");
	}
	if (json)
		jw_records_begin(&recs, stdout, format == KS_FORMAT_JSONL);
	if (format == KS_FORMAT_MD)
		diff_print_md_head(stdout, name_a, name_b);
	for (int i = 0; i < IMAGE_DIFF_KINDS && ret == KS_EXIT_OK; i++) {
		if (!want[i])
			continue;
		struct arena ar = { 0 };
		struct kind_diff d;
		const char *kind = dep_kind_names[image_diff_kinds[i]];
		if (image_diff_kind_opts(&st, a, b, kind, &dopts, &ar, &d) < 0) {
			ret = KS_EXIT_ERROR;
		} else if (dopts.n_names && !json && !d.n_old && !d.n_new) {
			/* no name of this kind matches: nothing to say */
		} else if (stat) {
			diff_stat_add(&ds, &d);
		} else if (json) {
			jw_records_next(&recs);
			diff_print_json(stdout, &d);
		} else if (format == KS_FORMAT_MD) {
			diff_print_md(stdout, &d);
		} else {
			diff_print_text(stdout, &d);
		}
		any = any || (ret == KS_EXIT_OK && kind_diff_any(&d));
		kind_diff_free(&d);
		arena_free(&ar);
	}
	if (json && ret == KS_EXIT_OK) {
		jw_records_end(&recs);
		if (format == KS_FORMAT_JSON)
			printf("}\n");
	}
	if (stat && ret == KS_EXIT_OK)
		diff_stat_print(&ds, stdout);
	if (stat)
		diff_stat_free(&ds);
	if (ret == KS_EXIT_OK && exit_code && any)
		ret = KS_EXIT_PROBLEMS;
	ks_store_close(&st);
	return ret;
}
