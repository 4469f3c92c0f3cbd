/* cmd_site.c — `ksurf site DIR`: the dataset as a static website. */
#include <getopt.h>
#include <stdlib.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "site/site.h"
#include "store/store.h"
#include "util/progress.h"
#include "util/error.h"
#include "util/vec.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf site DIR [--check FILE]... [--groups G,...] [--baseline IMAGE]\n"
		"                  [--lts X.Y,...] [-j|--jobs N]\n"
		"\n"
		"Write the dataset as a static website into DIR: a front page (the images,\n"
		"the statistics tables of `ksurf stats`, SVG figures), an index per kind\n"
		"(func, struct, union, enum, tracepoint, lsm, kfunc, syscall) by first\n"
		"letter past leading underscores (1000 rows a page, the marks per group of\n"
		"`ksurf index` naming the images that carry them, a filter for names with\n"
		"one), the report page of every dependency (`ksurf show`'s, as HTML: a\n"
		"summary line, Status items that open on click, links to types, callers and\n"
		"source lines on elixir.bootlin.com, struct layouts with offsets and holes)\n"
		"in KIND/XY/ (XY: the file name's first two characters past underscores; no\n"
		"directory holds over 10,000 entries on real kernels),\n"
		"a search page (client-side, from file:// or any static host) over every\n"
		"name, the members of structs and unions (task_struct::pid), enum values and\n"
		"config options, and with --check a page per checked program: its\n"
		"dependency x image matrix coloured by consequence and its verdicts.  Every\n"
		"page's footer names the ksurf version and the dataset's date (its newest\n"
		"image's).  A file is rewritten only when its content changes (whole,\n"
		"through a temporary file); two runs give identical bytes; pages of\n"
		"dependencies no longer in the dataset are removed.  The closing line gives\n"
		"the files, their size, the directories and the most entries one holds.\n"
		"\n"
		"  --check FILE   a BPF object, a binary embedding some, or a directory\n"
		"                 (repeatable), checked against every image\n"
		"  --groups, --baseline, --lts\n"
		"                 the report groups, as for `ksurf show` (default regular,\n"
		"                 arch, flavor around the baseline of `ksurf config`,\n"
		"                 else the default one; options given apply to this run only)\n"
		"  -j, --jobs N   threads rendering pages (default: online CPUs)\n");
}

int do_site(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_GROUP_OPTIONS,
		{ "check", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct site_opts o = { .threads = (int)sysconf(_SC_NPROCESSORS_ONLN) };
	VEC(const char *) checks = { 0 };
	int c, r;
	while ((c = getopt_long(argc, argv, ":g:b:l:c:j:h", opts, NULL)) != -1) {
		if ((r = cli_group_option(c, optarg, "site", &o.gs)) != 0) {
			if (r < 0) {
				vec_free(&checks);
				return KS_EXIT_ERROR;
			}
			continue;
		}
		switch (c) {
		case 'c':
			vec_push(&checks, optarg);
			break;
		case 'j':
			o.threads = atoi(optarg);
			if (o.threads < 1 || o.threads > 16) {
				fprintf(stderr, "ksurf site: -j takes 1 to 16 (see 'ksurf site --help')\n");
				vec_free(&checks);
				return KS_EXIT_ERROR;
			}
			break;
		default:
			vec_free(&checks);
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, "DIR")) {
		vec_free(&checks);
		return KS_EXIT_ERROR;
	}
	if (!o.gs.mask)
		o.gs.mask = groups_parse("regular,arch,flavor,toolchain");
	o.dir = argv[optind];
	o.db_path = g->db_path ? g->db_path : ks_store_default_path();
	o.checks = checks.v;
	o.n_checks = checks.n;
	progress_init();
	o.progress = true;
	struct site_counts n;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int ret = site_build(&o, &n) < 0 ? KS_EXIT_ERROR : KS_EXIT_OK;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (ret == KS_EXIT_OK)
		printf("site %s: %zu files (%zu dependency pages), %.1f MB in %zu directories (at most "
		       "%zu entries in one); %zu written, %zu unchanged, %zu stale removed; %.1f s\n",
		       o.dir, n.files, n.dep_pages, (double)n.bytes / 1e6, n.dirs, n.max_dir_entries,
		       n.written, n.unchanged, n.removed, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	vec_free(&checks);
	return ret;
}
