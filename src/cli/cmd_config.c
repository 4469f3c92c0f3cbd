/* cmd_config.c — `ksurf config`: the defaults the dataset keeps (baseline, lts). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/group_settings.h"
#include "store/store.h"
#include "util/error.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf config [KEY [VALUE]]\n"
		"       ksurf config --unset KEY\n"
		"\n"
		"The defaults the dataset keeps for report pages, indexes, stats, check and\n"
		"the site, as `git config` keeps a repository's:\n"
		"  baseline  the image groups are built around (default: of the amd64\n"
		"            generic images of the middle X.Y series, the one with the most\n"
		"            other arches at its version)\n"
		"  lts       the long-term series of the LTS group, X.Y,... (default\n"
		"            %s)\n"
		"A --baseline or --lts given to a command applies to that command only;\n"
		"only `ksurf config` changes these (read commands never write the dataset).\n"
		"Without KEY: every setting, KEY=VALUE, a default marked \"(default)\".\n"
		"KEY: its value (exit 1 when not set).  KEY VALUE: set it (a baseline may be\n"
		"any name `ksurf diff` accepts: the full name, the release, a unique prefix).\n"
		"--unset KEY: forget it, back to the default.\n",
		lts_default);
}

static const char *const keys[] = { "baseline", "lts" };

static int key_index(const char *key)
{
	for (int i = 0; i < 2; i++)
		if (!strcmp(key, keys[i]))
			return i;
	fprintf(stderr, "ksurf config: unknown key '%s': baseline or lts (see 'ksurf config --help')\n",
		key);
	return -1;
}

static int print_default_baseline(struct ks_store *st)
{
	struct image_idents il;
	if (image_idents_load(st, &il) < 0)
		return KS_EXIT_ERROR;
	long b = groups_default_baseline(il.v.v, il.v.n);
	printf("baseline=%s (default)\n", b >= 0 ? il.v.v[b].name : "none: no amd64 generic image");
	image_idents_free(&il);
	return KS_EXIT_OK;
}

int do_config(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unset", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *unset = NULL;
	int c;
	while ((c = getopt_long(argc, argv, ":u:h", opts, NULL)) != -1) {
		if (c == 'u')
			unset = optarg;
		else
			return cli_option_end(c, argv, usage);
	}
	int nargs = argc - optind;
	if (nargs > 2 || (unset && nargs))
		return cli_args(argc, argv, unset ? "" : "KEY VALUE") ? KS_EXIT_OK : KS_EXIT_ERROR;
	const char *key = unset ? unset : nargs ? argv[optind] : NULL;
	if (key && key_index(key) < 0)
		return KS_EXIT_ERROR;
	const char *value = nargs == 2 ? argv[optind + 1] : NULL;
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	int ret = KS_EXIT_OK;
	char buf[512], canon[512];
	if (unset) {
		if (ks_store_set_meta(&st, unset, NULL) < 0)
			ret = KS_EXIT_ERROR;
	} else if (value) {
		if (!strcmp(key, "lts") && !lts_list_valid(value)) {
			ks_error("config: lts takes kernel series X.Y, comma-separated (say 5.10,5.15,6.1)");
			ret = KS_EXIT_ERROR;
		} else if (!strcmp(key, "baseline") &&
			   ks_store_find_image(&st, "config", value, canon, sizeof(canon)) <= 0) {
			ret = KS_EXIT_ERROR;
		} else if (ks_store_set_meta(&st, key, !strcmp(key, "baseline") ? canon : value) < 0) {
			ret = KS_EXIT_ERROR;
		}
	} else if (key) {
		int r = ks_store_get_meta(&st, key, buf, sizeof(buf));
		if (r < 0)
			ret = KS_EXIT_ERROR;
		else if (r == 0)
			ret = KS_EXIT_PROBLEMS; /* not set, as git config says it */
		else
			printf("%s\n", buf);
	} else {
		for (int i = 0; i < 2 && ret == KS_EXIT_OK; i++) {
			int r = ks_store_get_meta(&st, keys[i], buf, sizeof(buf));
			if (r < 0)
				ret = KS_EXIT_ERROR;
			else if (r)
				printf("%s=%s\n", keys[i], buf);
			else if (i == 1)
				printf("lts=%s (default)\n", lts_default);
			else
				ret = print_default_baseline(&st);
		}
	}
	ks_store_close(&st);
	return ret;
}
