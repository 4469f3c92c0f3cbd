/* cmd_import.c — `ksurf import DIR`: images from the published dataset layout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "import/import.h"
#include "store/store.h"
#include "util/error.h"
#include "util/mem_budget.h"
#include "util/xalloc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf import DIR [--image NAME] [--replace] [--memory-limit SIZE]\n"
		"\n"
		"Add every image (or one) of a dataset in the published layout, as `ksurf\n"
		"export` writes it: DIR/func_groups/NAME.jsonl, symtab/, types_*/,\n"
		"tracepoints/, syscalls/NAME.json, config/NAME.config, comment/NAME.txt\n"
		"(whichever exist).  Each image is one transaction; one that fails is\n"
		"reported and the others still land (exit 2).\n"
		"\n"
		"  --image NAME  only this image\n"
		"  --replace     replace images of the same name instead of failing\n"
		CLI_MEMORY_LIMIT_HELP);
}

int do_import(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "replace", no_argument, NULL, 'r' },
		{ "memory-limit", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *only = NULL;
	bool replace = false;
	uint64_t budget = mem_budget_default();
	int c;
	while ((c = getopt_long(argc, argv, ":i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			only = optarg;
			break;
		case 'r':
			replace = true;
			break;
		case 'M':
			if (!cli_memory_limit("import", optarg, &budget))
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, "DIR"))
		return KS_EXIT_ERROR;
	const char *dir = argv[optind];
	if (mem_budget_apply(budget, 1) < 0)
		return KS_EXIT_ERROR;
	xalloc_set_input(dir);
	char **names;
	size_t n;
	if (import_list(dir, &names, &n) < 0)
		return KS_EXIT_ERROR;
	struct ks_store st;
	if (cli_open_store(g, &st, true) < 0) {
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return KS_EXIT_ERROR;
	}
	int ret = KS_EXIT_OK;
	size_t done = 0;
	for (size_t i = 0; i < n; i++) {
		if (only && strcmp(only, names[i]))
			continue;
		struct ks_surface s = { 0 };
		if (import_image(dir, names[i], &s) < 0 || ks_store_add_image(&st, &s, replace) < 0)
			ret = KS_EXIT_ERROR;
		else
			printf("imported %s: %zu function groups, %zu symbols, %zu types, %zu tracepoints\n",
			       names[i], s.groups.n, s.symbols.n, s.types.n, s.tracepoints.n);
		done++;
		surface_free(&s);
	}
	if (only && !done) {
		ks_error("%s: no image %s here", dir, only);
		ret = KS_EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	ks_store_close(&st);
	return ret;
}
