/* main.c — `ksurf [--db PATH] COMMAND ...`: global options and the command table. */
#include <ctype.h>
#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "report/group_settings.h"
#include "store/store.h"
#include "util/error.h"
#include "util/text_esc.h"
#include "util/mem_budget.h"
#include "util/color.h"
#include "util/pager.h"
#include "util/suggest.h"

#ifndef KSURF_VERSION /* the Makefile's VERSION */
#define KSURF_VERSION "0.0.0"
#endif

static const struct ks_command commands[] = {
	{ "add", do_add, "read a kernel image and store its surface in the dataset", true },
	{ "list", do_list, "list the images in the dataset", false },
	{ "show", do_show, "show one dependency (function, type, tracepoint, ...) in every image", false },
	{ "index", do_index, "one row per dependency of a kind, with its marks per group", false },
	{ "import", do_import, "add images from a dataset in the published layout", true },
	{ "diff", do_diff, "what changed between two images, per kind of dependency", false },
	{ "check", do_check, "which images eBPF programs break on, and because of what", true },
	{ "stats", do_stats, "the study's tables: changes per version pair, inlining, collisions, suffixes", false },
	{ "site", do_site, "a static website of the dataset: pages, indexes, search, statistics", false },
	{ "merge", do_merge, "add the images of other datasets (shards built apart) to one", false },
	{ "export", do_export, "write the dataset in the published per-image layout", false },
	{ "config", do_config, "show or set the dataset's defaults (baseline, lts)", false },
	{ NULL, NULL, NULL, false },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf [--db PATH] [--color=WHEN] [--no-pager] COMMAND [ARGS]\n"
		"\n"
		"Maps the dependency surface of Linux kernel images for eBPF programs.\n"
		"\n"
		"Commands:\n");
	for (const struct ks_command *c = commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  --db PATH    dataset file (default: $KSURF_DB, else\n"
		"               $XDG_DATA_HOME/ksurf/ksurf.db or ~/.local/share/ksurf/ksurf.db)\n"
		"  --color=WHEN colour the text of show, index, diff and check: auto (the\n"
		"               default: on a terminal, unless NO_COLOR is set), always,\n"
		"               never; a command's own --color overrides it\n"
		"  --no-pager   never page (diff, show, index and check page output to a\n"
		"               terminal through $KSURF_PAGER, else $PAGER, else less -FRX)\n"
		"  --version    print the version\n"
		"  -h, --help   this help; `ksurf COMMAND --help` for a command's\n"
		"\n"
		"Environment: KSURF_MEMORY_LIMIT (4G, 512M, 0 for none; default 4G) bounds\n"
		"every command's memory; add, import and check also take --memory-limit.\n"
		"\n"
		"Output: text, the default of every command, is the same on a terminal and\n"
		"piped but for the colour; --format md gives the published markdown.\n"
		"\n"
		"Exit status: 0 success, 1 a check found problems (or diff --exit-code\n"
		"differences), 2 usage or input error.\n");
}

/* "; did you mean --format?" into HINT ("" for none): the long options that
 * USAGE's text names closest to the unknown option NAME. */
static const char *option_hint(void (*usage)(FILE *out), const char *name, char *hint, size_t len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	hint[0] = '\0';
	if (!f)
		return hint;
	usage(f);
	fclose(f);
	struct suggest sg;
	suggest_init(&sg, name);
	for (const char *p = text; p && (p = strstr(p, "--"));) {
		const char *e = p + 2;
		while (isalnum((unsigned char)*e) || *e == '-')
			e++;
		if (e - p > 3 && e - p < 64 && isalpha((unsigned char)p[2])) {
			char word[64];
			snprintf(word, sizeof(word), "%.*s", (int)(e - p), p);
			suggest_add(&sg, word);
		}
		p = e;
	}
	suggest_text(&sg, hint, len);
	suggest_free(&sg);
	free(text);
	return hint;
}

/* "; did you mean show?": the commands closest to NAME. */
static const char *command_hint(const char *name, char *hint, size_t len)
{
	struct suggest sg;
	suggest_init(&sg, name);
	for (const struct ks_command *c = commands; c->name; c++)
		suggest_add(&sg, c->name);
	suggest_text(&sg, hint, len);
	suggest_free(&sg);
	return hint;
}

int cli_parse_format(const char *value, const char *allowed)
{
	static const char *const names[] = { "text", "md", "json", "jsonl", "csv" };
	for (int i = 0; i < 5; i++) {
		if (strcmp(value, names[i]))
			continue;
		size_t l = strlen(names[i]);
		for (const char *p = allowed; (p = strstr(p, names[i])); p += l)
			if ((p == allowed || p[-1] == ',') && (p[l] == ',' || !p[l]))
				return i;
		break;
	}
	ks_error("--format: '%s' is not one of %s", value, allowed);
	return -1;
}

bool cli_memory_limit(const char *cmd, const char *arg, uint64_t *out)
{
	if (mem_budget_parse(arg, out))
		return true;
	fprintf(stderr, "ksurf %s: --memory-limit takes a size such as 4G or 512M, not '%s' (see "
			"'ksurf %s --help')\n", cmd, arg, cmd);
	return false;
}

int cli_open_store(struct ks_global *g, struct ks_store *st, bool create)
{
	return ks_store_open(st, g->db_path ? g->db_path : ks_store_default_path(), create);
}

/* RC, or KS_EXIT_ERROR after an error line when what CMD wrote to stdout did
 * not all get there (a full disk, a closed pipe): output lost is no success. */
static int output_checked(const char *cmd, int rc)
{
	if (stdout_guard_flush() == 0)
		return rc;
	ks_error("%s: writing the output: %s", cmd, errno ? strerror(errno) : "write error");
	return KS_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	struct ks_global g = { 0 };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, r;
	stdout_guard();
	opterr = 0; /* usage errors are one line of ours (cli_option_end) */
	/* '+': stop at the command word; its options are its own. */
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		if ((r = cli_output_option(c, optarg, NULL)) != 0) {
			if (r < 0)
				return KS_EXIT_ERROR;
			continue;
		}
		switch (c) {
		case 'd':
			g.db_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return KS_EXIT_OK;
		case 'V':
			printf("ksurf %s%s\n", KSURF_VERSION,
			       MEM_BUDGET_SANITIZED ? " (sanitizer build: no memory budget)" : "");
			return KS_EXIT_OK;
		default: {
			char hint[256] = "";
			if (c != ':' && !strncmp(argv[optind - 1], "--", 2))
				option_hint(usage, argv[optind - 1], hint, sizeof(hint));
			fprintf(stderr, "ksurf: %s option '%s'%s (see 'ksurf --help')\n",
				c == ':' ? "a value is missing for" : "unknown", argv[optind - 1], hint);
			return KS_EXIT_ERROR;
		}
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "ksurf: missing COMMAND (see 'ksurf --help')\n");
		return KS_EXIT_ERROR;
	}
	const char *name = argv[optind];
	if (!strcmp(name, "help")) {
		usage(stdout);
		return KS_EXIT_OK;
	}
	for (const struct ks_command *cmd = commands; cmd->name; cmd++) {
		if (strcmp(cmd->name, name))
			continue;
		int sub_argc = argc - optind;
		char **sub_argv = argv + optind;
		optind = 0; /* reset getopt for the command's own options */
		/* one budget for every command: a crafted dataset or object read by
		 * show, site --check or stats --check is bounded as add's input is */
		if (!cmd->own_budget && mem_budget_apply(mem_budget_default(), 1) < 0)
			return KS_EXIT_ERROR;
		int rc = output_checked(cmd->name, cmd->run(&g, sub_argc, sub_argv));
		pager_finish();
		return rc;
	}
	char hint[256];
	ks_error("'%s' is not a ksurf command%s (see 'ksurf --help')", name,
		 command_hint(name, hint, sizeof(hint)));
	return KS_EXIT_ERROR;
}

/* "ksurf CMD: WHAT (see 'ksurf CMD --help')" on stderr. */
static void usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "ksurf %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see 'ksurf %s --help')\n", cmd);
}

int cli_option_end(int c, char **argv, void (*usage)(FILE *out))
{
	if (c == 'h') {
		usage(stdout);
		return KS_EXIT_OK;
	}
	char shortopt[3] = { '-', (char)optopt, 0 };
	const char *last = argv[optind - 1];
	const char *opt = !strncmp(last, "--", 2) || !optopt ? last : shortopt;
	char name[256], hint[256] = "";
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(opt, "="), opt);
	if (c == ':') {
		usage_error(argv[0], "option '%s' needs a value", name);
		return KS_EXIT_ERROR;
	}
	if (!strncmp(name, "--", 2))
		option_hint(usage, name, hint, sizeof(hint));
	fprintf(stderr, "ksurf %s: unknown option '%s'%s (see 'ksurf %s --help')\n", argv[0], name,
		hint, argv[0]);
	return KS_EXIT_ERROR;
}

bool cli_args(int argc, char **argv, const char *names)
{
	int n = 0, have = argc - optind;
	const char *w = names, *missing = NULL;
	while (*w) {
		if (n == have)
			missing = w;
		n++;
		w += strcspn(w, " ");
		w += *w == ' ';
	}
	if (have == n)
		return true;
	if (missing) {
		usage_error(argv[0], "missing %s", missing);
	} else {
		usage_error(argv[0], "unexpected argument '%s'", argv[optind + n]);
	}
	return false;
}

int cli_group_option(int c, const char *arg, const char *cmd, struct group_settings *gs)
{
	switch (c) {
	case 'g':
		gs->mask = groups_parse(arg);
		if (gs->mask <= 0) {
			ks_error("%s: --groups takes regular, lts, revision, arch, flavor, "
				 "toolchain (comma-separated)", cmd);
			return -1;
		}
		return 1;
	case 'b':
		gs->baseline = arg;
		return 1;
	case 'l':
		if (!lts_list_valid(arg)) {
			ks_error("%s: --lts takes kernel series X.Y, comma-separated (say 5.10,5.15,6.1)",
				 cmd);
			return -1;
		}
		gs->lts = arg;
		return 1;
	}
	return 0;
}

int cli_output_option(int c, const char *arg, const char *cmd)
{
	int when;
	switch (c) {
	case CLI_OPT_COLOR:
		when = color_when_parse(arg);
		if (when < 0) {
			if (cmd)
				fprintf(stderr, "ksurf %s: --color takes auto, always or never, not '%s' "
						"(see 'ksurf %s --help')\n", cmd, arg, cmd);
			else
				fprintf(stderr, "ksurf: --color takes auto, always or never, not '%s' "
						"(see 'ksurf --help')\n", arg);
			return -1;
		}
		color_choose((enum color_when)when);
		return 1;
	case CLI_OPT_NO_PAGER:
		pager_disable();
		return 1;
	}
	return 0;
}
