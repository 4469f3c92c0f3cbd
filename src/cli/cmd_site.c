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
		"(func, struct, union, enum, tracepoint, lsm, kfunc, syscall; 1000 rows a\n"
		"page, with the marks per group of `ksurf index`), the report page of every\n"
		"dependency (`ksurf show`'s, as HTML: a summary line, Status items that\n"
		"open on click, links to types, callers and source lines on\n"
		"elixir.bootlin.com, struct layouts with offsets and holes), a search\n"
		"page over every name (client-side: it works from file:// and any static\n"
		"host), and with --check a page per checked program: its dependency x image\n"
		"matrix coloured by consequence and its verdicts.  A file is rewritten only\n"
		"when its content changes (whole, through a temporary file); two runs give\n"
		"identical bytes; pages of dependencies no longer in the dataset are removed.\n"
		"\n"
		"  --check FILE   a BPF object, a binary embedding some, or a directory\n"
		"                 (repeatable), checked against every image\n"
		"  --groups, --baseline, --lts\n"
		"                 the report groups, as for `ksurf show` (default regular,\n"
		"                 arch, flavor around the remembered or default baseline)\n"
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
		printf("site %s: %zu files (%zu dependency pages), %.1f MB; %zu written, %zu unchanged, "
		       "%zu stale removed; %.1f s\n", o.dir, n.files, n.dep_pages, (double)n.bytes / 1e6,
		       n.written, n.unchanged, n.removed, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	vec_free(&checks);
	return ret;
}
