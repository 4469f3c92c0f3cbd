/* cmd_merge.c — `ksurf merge OUT SHARD...`: datasets built apart, made one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/error.h"
#include "util/progress.h"
#include "util/xalloc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf merge OUT SHARD...\n"
		"\n"
		"Add every image of the datasets SHARD... (built by `ksurf add` on other\n"
		"machines, a share of the images each) to the dataset OUT, new or not.  The\n"
		"stored content is copied, not recomputed, and shared as `add` shares it:\n"
		"OUT is what adding the same images to one dataset gives, whatever the\n"
		"order of the shards.  One transaction per image: an interrupted merge\n"
		"leaves OUT as it was or with whole images only; run it again to finish.\n"
		"\n"
		"Every shard is read whole and checked first (SQLite's quick_check, and\n"
		"every type, content and string its images refer to is there): a damaged\n"
		"shard is an error, exit 2, and OUT is not touched.  An image OUT already\n"
		"holds with the same identity (banner, arch, flavor and every stored row)\n"
		"is skipped, so merging again changes nothing; one of the same name and\n"
		"another identity is an error naming both.  Prints a line per shard: the\n"
		"images added and skipped.  Progress on a terminal.\n");
}

static void show_progress(size_t done, size_t total)
{
	progress_update("merging images", done, total);
}

int do_merge(struct ks_global *g, int argc, char **argv)
{
	(void)g;
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1)
		return cli_option_end(c, argv, usage);
	if (argc - optind < 2) {
		fprintf(stderr, "ksurf merge: missing %s (see 'ksurf merge --help')\n",
			argc - optind ? "SHARD" : "OUT");
		return KS_EXIT_ERROR;
	}
	const char *out = argv[optind];
	const char *const *shards = (const char *const *)argv + optind + 1;
	size_t n = (size_t)(argc - optind - 1);
	struct ks_store st;
	if (ks_store_open(&st, out, true) < 0)
		return KS_EXIT_ERROR;
	struct ks_merge_counts *counts = xcalloc(n, sizeof(*counts));
	progress_init();
	int r = ks_store_merge(&st, shards, n, counts, show_progress);
	progress_done();
	ks_store_close(&st);
	for (size_t i = 0; r == 0 && i < n; i++) {
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(shards[k], shards[i]);
		if (!dup)
			printf("merged %s into %s: %zu images added, %zu already there\n", shards[i], out,
			       counts[i].added, counts[i].skipped);
	}
	free(counts);
	return r < 0 ? KS_EXIT_ERROR : KS_EXIT_OK;
}
