/* cmd_stats.c — `ksurf stats`: the study's tables on the dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "cli/cli.h"
#include "report/group_settings.h"
#include "stats/stats.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"
#include "util/vec.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf stats [--format text|md|csv|json] [--table ID]\n"
		"                   [--baseline IMAGE] [--lts X.Y,...] [--check FILE]...\n"
		"\n"
		"The study's tables on the dataset, around the baseline (given, for this run\n"
		"only; else the one `ksurf config baseline` set; else the default):\n"
		"  versions     consecutive Regular and LTS images: functions, structs and\n"
		"               tracepoints added, removed, changed, and their shares of the\n"
		"               old image's count\n"
		"  issues       those changes by issue (Param added, Field type changed, ...)\n"
		"  revisions    consecutive ABI revisions of the baseline's series: every kind\n"
		"  configs      each Arch and Flavor image against the baseline: config\n"
		"               options, functions, structs, tracepoints, system calls\n"
		"  collisions   per image, function groups by collision class (UG, US, DUP,\n"
		"               SS, SG; they sum to the groups)\n"
		"  inline       per image, groups not, fully and selectively inlined (shares\n"
		"               sum to 100 %%)\n"
		"  suffixes     per image and compiler, function symbols by suffix (isra,\n"
		"               constprop, part, cold, two or more)\n"
		"  programs, program-issues\n"
		"               with --check: per program its dependencies and verdicts over\n"
		"               every image, and per dependency kind and issue the programs\n"
		"               and unique dependencies with it (as `ksurf check`)\n"
		"\n"
		"  --format F   text (default: each table's note as its legend, in 100\n"
		"               columns where names allow: repeated leading columns such as\n"
		"               group, old -> new become a heading over their rows, a long\n"
		"               text column a line under its row), md, csv (a header row per table, a blank line\n"
		"               between tables; with --table one table), json: one document\n"
		"               {\"baseline\", \"tables\": [{\"id\", \"title\", \"note\",\n"
		"               \"columns\", \"rows\": [[cell, ...]]}]} (shares are percents)\n"
		"  --table ID   only that table, computed alone (the others' work skipped)\n"
		"  --check FILE a BPF object, a binary embedding some, or a directory\n"
		"               (repeatable)\n");
}

int do_stats(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "baseline", required_argument, NULL, 'b' },
		{ "lts", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "table", required_argument, NULL, 't' },
		{ "check", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct group_settings gs = { 0 };
	int format = KS_FORMAT_TEXT, c, r;
	const char *table = NULL;
	VEC(const char *) checks = { 0 };
	while ((c = getopt_long(argc, argv, ":b:l:f:t:c:h", opts, NULL)) != -1) {
		if (c == 'b' || c == 'l') {
			if ((r = cli_group_option(c, optarg, "stats", &gs)) < 0) {
				vec_free(&checks);
				return KS_EXIT_ERROR;
			}
			continue;
		}
		switch (c) {
		case 'f':
			format = cli_parse_format(optarg, "text,md,csv,json");
			if (format < 0) {
				vec_free(&checks);
				return KS_EXIT_ERROR;
			}
			break;
		case 't': {
			table = optarg;
			bool known = false;
			for (const char *const *id = stats_table_ids; *id; id++)
				known |= !strcmp(*id, table);
			if (!known) {
				fprintf(stderr, "ksurf stats: no table '%s' (versions, issues, configs, "
						"revisions, collisions, inline, suffixes; programs and "
						"program-issues with --check)\n", table);
				vec_free(&checks);
				return KS_EXIT_ERROR;
			}
			break;
		}
		case 'c':
			vec_push(&checks, optarg);
			break;
		default:
			vec_free(&checks);
			return cli_option_end(c, argv, usage);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ksurf stats: unexpected argument '%s' (see 'ksurf stats --help')\n",
			argv[optind]);
		vec_free(&checks);
		return KS_EXIT_ERROR;
	}
	gs.mask = groups_parse("regular,lts,revision,arch,flavor,toolchain");
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0) {
		vec_free(&checks);
		return KS_EXIT_ERROR;
	}
	int ret = KS_EXIT_OK;
	struct check_run run;
	bool have_run = false;
	if (checks.n) {
		if (check_run_init(&run, &st, NULL, 0) < 0)
			ret = KS_EXIT_ERROR;
		else
			have_run = true;
		for (size_t i = 0; i < checks.n && ret == KS_EXIT_OK; i++)
			if (check_run_path(&run, checks.v[i]) < 0)
				ret = KS_EXIT_ERROR;
	}
	struct stats s;
	memset(&s, 0, sizeof(s));
	progress_init();
	if (ret == KS_EXIT_OK && stats_compute(&st, &gs, have_run ? &run : NULL, table, true, &s) < 0)
		ret = KS_EXIT_ERROR;
	if (ret == KS_EXIT_OK && table && !stats_table(&s, table)) {
		ks_error("stats: the table %s needs checked programs (--check FILE)", table);
		ret = KS_EXIT_ERROR;
	}
	if (ret == KS_EXIT_OK) {
		static const enum stats_format fmt[] = { [KS_FORMAT_TEXT] = STATS_TEXT,
			[KS_FORMAT_MD] = STATS_MD, [KS_FORMAT_JSON] = STATS_JSON, [KS_FORMAT_CSV] = STATS_CSV };
		if (format == KS_FORMAT_TEXT && s.baseline)
			printf("baseline: %s\n\n", s.baseline);
		stats_print(&s, fmt[format], stdout);
	}
	stats_free(&s);
	if (have_run)
		check_run_free(&run);
	vec_free(&checks);
	ks_store_close(&st);
	return ret;
}
