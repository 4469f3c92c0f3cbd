/* cmd_index.c — `ksurf index KIND`: one row per dependency, its marks per group. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "report/dep.h"
#include "report/groups.h"
#include "report/index_print.h"
#include "store/store.h"
#include "util/color.h"
#include "util/error.h"
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
	static const enum index_format fmt[] = { [KS_FORMAT_TEXT] = INDEX_TEXT,
		[KS_FORMAT_MD] = INDEX_MD, [KS_FORMAT_JSON] = INDEX_JSON,
		[KS_FORMAT_JSONL] = INDEX_JSONL };
	struct index_view v;
	int ret = KS_EXIT_ERROR;
	if (index_view_load(st, cmd, kind, glob, gs, &v) == 0) {
		/* nothing printed on an error: never half a JSON document */
		pager_start();
		index_view_print(&v, cmd, fmt[format], stdout);
		ret = KS_EXIT_OK;
	}
	index_view_free(&v);
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
	int k = dep_kind_parse(kind); /* every kind of dependency but a field or config */
	if (k < 0 || k == DEP_FIELD || k == DEP_CONFIG) {
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
