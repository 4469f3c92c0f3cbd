/* cli.h — command table and helpers shared by the `ksurf` commands (cmd_*.c). */
#ifndef KSURF_CLI_CLI_H
#define KSURF_CLI_CLI_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>

struct ks_store;

/* Options before the command word. */
struct ks_global {
	const char *db_path;
};

struct ks_command {
	const char *name;
	int (*run)(struct ks_global *g, int argc, char **argv); /* argv[0] is the command */
	const char *summary;
	bool own_budget; /* applies the memory budget itself (--memory-limit); the
			    others run under KSURF_MEMORY_LIMIT or the default */
};

/* json: one document; jsonl: one JSON value per line (a record each). */
enum ks_format { KS_FORMAT_TEXT, KS_FORMAT_MD, KS_FORMAT_JSON, KS_FORMAT_JSONL, KS_FORMAT_CSV };

/* Parse --format's value; -1 (after an error line) when not one of ALLOWED ("text,md,json,jsonl"). */
int cli_parse_format(const char *value, const char *allowed);

/* Open the dataset named by the global options. */
int cli_open_store(struct ks_global *g, struct ks_store *st, bool create);
/* --memory-limit ARG of CMD into *OUT; false after an error line. */
bool cli_memory_limit(const char *cmd, const char *arg, uint64_t *out);
/* The --help line of --memory-limit, for the commands reading untrusted input. */
#define CLI_MEMORY_LIMIT_HELP                                                                 \
	"  --memory-limit SIZE\n"                                                              \
	"                 the memory one input may use (4G, 512M, ...; 0: no limit;\n"         \
	"                 default 4G or $KSURF_MEMORY_LIMIT): past it, one line and exit 2,\n" \
	"                 the dataset as it was\n"

/*
 * The end of a command's getopt switch (its optstring starts with ':'): -h
 * prints USAGE to stdout (KS_EXIT_OK); an unknown option or one missing its
 * value is one line on stderr, "ksurf CMD: unknown option '--x' (see 'ksurf
 * CMD --help')" (KS_EXIT_ERROR).  ARGV[0] is the command.  The command returns
 * what this returns.
 */
int cli_option_end(int c, char **argv, void (*usage)(FILE *out));

/* Exactly the positional arguments NAMES ("KIND NAME") after the options, else
 * one line on stderr ("ksurf show: missing NAME (see ...)"): false. */
bool cli_args(int argc, char **argv, const char *names);

struct group_settings;
/* The group options --groups (-g), --baseline (-b) and --lts (-l) of `show`
 * and `index`, for their getopt switch: 1 when C was one of them (into GS),
 * 0 when not, -1 after an error line naming CMD. */
int cli_group_option(int c, const char *arg, const char *cmd, struct group_settings *gs);
#define CLI_GROUP_OPTIONS                                                            \
	{ "groups", required_argument, NULL, 'g' },                                  \
	{ "baseline", required_argument, NULL, 'b' },                                \
	{ "lts", required_argument, NULL, 'l' }

/* The output options of show, index, diff and check (also global, before the
 * command): --color[=WHEN] (util/color.h) and --no-pager (util/pager.h). */
#define CLI_OPT_COLOR 0x100
#define CLI_OPT_NO_PAGER 0x101
#define CLI_OUTPUT_OPTIONS                                                           \
	{ "color", optional_argument, NULL, CLI_OPT_COLOR },                          \
	{ "no-pager", no_argument, NULL, CLI_OPT_NO_PAGER }
/* 1 when C was one of them (applied), 0 when not, -1 after an error line
 * naming CMD (NULL: the global option). */
int cli_output_option(int c, const char *arg, const char *cmd);

/* The index of KIND (func, struct, ..., syscall: `ksurf index`'s) in FORMAT
 * (a KS_FORMAT_*: text, md, json, jsonl) as report/index_print.h prints it,
 * through the pager, its rows those whose name matches GLOB (fnmatch; NULL:
 * every row), the groups those of GS.  Errors are one line naming CMD; no row
 * matching GLOB is one.  An exit status. */
int cli_index_print(struct ks_store *st, const char *cmd, const char *kind, const char *glob,
		    const struct group_settings *gs, int format);

int do_add(struct ks_global *g, int argc, char **argv);
int do_list(struct ks_global *g, int argc, char **argv);
int do_show(struct ks_global *g, int argc, char **argv);
int do_export(struct ks_global *g, int argc, char **argv);
int do_diff(struct ks_global *g, int argc, char **argv);
int do_import(struct ks_global *g, int argc, char **argv);
int do_index(struct ks_global *g, int argc, char **argv);
int do_config(struct ks_global *g, int argc, char **argv);
int do_check(struct ks_global *g, int argc, char **argv);
int do_stats(struct ks_global *g, int argc, char **argv);
int do_site(struct ks_global *g, int argc, char **argv);
int do_merge(struct ks_global *g, int argc, char **argv);

#endif
