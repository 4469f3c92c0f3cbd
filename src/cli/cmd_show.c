/* cmd_show.c — `ksurf show KIND NAME`: one dependency's report page, or its
 * state image by image (report/page.c, report/dep.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config_text.h"
#include "report/dep.h"
#include "report/groups.h"
#include "report/page.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show KIND NAME [--groups G,...] [--baseline IMAGE]\n"
		"                  [--image IMAGE | --per-image] [--format md|text|json]\n"
		"\n"
		"KIND: func, struct, union, enum, field (NAME is STRUCT::FIELD), syscall,\n"
		"tracepoint, lsm, kfunc, config (NAME is CONFIG_X).\n"
		"\n"
		"The report page of NAME (SPEC §8): Status and Differences per group around\n"
		"the baseline.  Groups: regular, lts, revision, arch, flavor (default\n"
		"regular,arch,flavor).  Baseline: --baseline (remembered for later pages),\n"
		"else the one remembered, else the amd64 generic image of the middle version.\n"
		"Without a baseline or any group (say, a dataset of one image) it shows each\n"
		"image instead.  md (the default) is the published page; text one line per\n"
		"image with its marks (coloured on a terminal); json {\"kind\", \"name\",\n"
		"\"baseline\", \"groups\": [{\"group\", \"images\", \"differences\"}]}.\n"
		"\n"
		"--image IMAGE, --per-image: NAME in one image or in every image, each as its\n"
		"Status item (\"In <code>IMAGE</code>: ...\"); json one line per image:\n"
		"{\"image\", \"group\", \"type\"} for a function (the group in the published\n"
		"func_groups format), {\"image\", \"type\"} for a type, {\"image\", \"member\"}\n"
		"for a field, {\"image\", \"func\"[, \"struct\", \"fmt_str\"]} for a hook,\n"
		"{\"image\", \"nr\"} for a syscall; null where the image does not have it.\n"
		"config (per image only): the option's line in each image's config (json:\n"
		"{\"image\", \"state\": set|not set|absent|no config, \"value\"}).\n");
}

struct show_ctx {
	struct ks_store *st;
	int kind; /* enum dep_kind, or KIND_CONFIG */
	const char *name, *image;
	int format, shown, failed;
};

#define KIND_CONFIG DEP__COUNT

/* A config option: its line in each image's config. */
static int show_config(struct show_ctx *ctx, const struct ks_image_row *row)
{
	struct ks_surface s = { 0 };
	if (ks_store_load_config(ctx->st, row->id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	char value[4096];
	bool not_set = false;
	int set = s.config ? config_lookup(s.config, ctx->name, value, sizeof(value), &not_set) : 0;
	const char *state = !s.config ? "no config" : set ? "set" : not_set ? "not set" : "absent";
	if (ctx->format == KS_FORMAT_JSON) {
		struct json_writer w;
		jw_init(&w, stdout);
		jw_obj_open(&w);
		jw_key(&w, "image");
		jw_str(&w, row->info.name);
		jw_key(&w, "state");
		jw_str(&w, state);
		jw_key(&w, "value");
		jw_str(&w, set ? value : NULL);
		jw_obj_close(&w);
		fputc('\n', stdout);
	} else {
		if (ctx->shown)
			fputc('\n', stdout);
		printf("In <code>%s</code>: ", row->info.name);
		if (set)
			printf("<code>%s=%s</code>\n", ctx->name, value);
		else if (not_set)
			printf("<code># %s is not set</code>\n", ctx->name);
		else
			printf("%s\n", s.config ? "Absent ⚠️" : "no config stored");
	}
	ctx->shown++;
	surface_free(&s);
	return 0;
}

/* One image's Status item: md "In <code>IMAGE</code>: ...", text one line, json one object. */
static int show_image(struct show_ctx *ctx, const struct ks_image_row *row)
{
	struct dep d;
	int r = dep_load(ctx->st, row->id, (enum dep_kind)ctx->kind, ctx->name, &d);
	if (r == 0) {
		char issues[256];
		const char *marks = d.present ? dep_issue_text(&d, issues, sizeof(issues)) : "Absent ⚠️";
		if (ctx->format == KS_FORMAT_JSON) {
			struct json_writer w;
			jw_init(&w, stdout);
			dep_write_json(&w, (enum dep_kind)ctx->kind, row->info.name, &d);
			fputc('\n', stdout);
		} else if (ctx->format == KS_FORMAT_TEXT) {
			bool tty = isatty(STDOUT_FILENO), ok = d.present && !d.n_issues;
			const char *color = !tty ? "" : ok ? "\033[32m" : !d.present ? "\033[31m" : "\033[33m";
			if (ctx->shown == 0)
				printf("%s %s\n", dep_titles[ctx->kind], ctx->name);
			printf("  %-28s %s%s%s\n", row->info.name, color, marks, tty ? "\033[0m" : "");
		} else {
			if (ctx->shown)
				fputc('\n', stdout);
			printf("In <code>%s</code>: %s\n", row->info.name, marks);
			if (d.present)
				printf("\n%s", d.body);
		}
		ctx->shown++;
	}
	dep_free(&d);
	return r;
}

static int show_one(const struct ks_image_row *row, void *arg)
{
	struct show_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	if ((ctx->kind == KIND_CONFIG ? show_config(ctx, row) : show_image(ctx, row)) < 0) {
		ctx->failed = 1;
		return 1;
	}
	return 0;
}

static int show_each(struct show_ctx *ctx)
{
	if (ks_store_list_images(ctx->st, show_one, ctx) < 0 || ctx->failed)
		return KS_EXIT_ERROR;
	if (ctx->image && ctx->shown == 0) {
		ks_error("show: no image named %s in the dataset", ctx->image);
		return KS_EXIT_ERROR;
	}
	if (ctx->shown == 0) {
		ks_error("show: the dataset has no images (add one with `ksurf add`)");
		return KS_EXIT_ERROR;
	}
	return KS_EXIT_OK;
}

int do_show(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "per-image", no_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "groups", required_argument, NULL, 'g' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int groups = 0;
	bool per_image = false;
	const char *baseline = NULL;
	struct show_ctx ctx = { .format = KS_FORMAT_MD };
	int c;
	while ((c = getopt_long(argc, argv, "i:pf:g:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ctx.image = optarg;
			break;
		case 'p':
			per_image = true;
			break;
		case 'g':
			groups = groups_parse(optarg);
			if (groups <= 0) {
				ks_error("show: --groups takes regular, lts, revision, arch, flavor "
					 "(comma-separated)");
				return KS_EXIT_ERROR;
			}
			break;
		case 'b':
			baseline = optarg;
			break;
		case 'f':
			ctx.format = cli_parse_format(optarg, "text,md,json");
			if (ctx.format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, usage);
		}
	}
	if (!cli_args(argc, 2, usage))
		return KS_EXIT_ERROR;
	ctx.kind = !strcmp(argv[optind], "config") ? KIND_CONFIG : dep_kind_parse(argv[optind]);
	if (ctx.kind < 0) {
		ks_error("show: unknown kind '%s' (func, struct, union, enum, field, syscall, "
			 "tracepoint, lsm, kfunc, config)", argv[optind]);
		return KS_EXIT_ERROR;
	}
	ctx.name = argv[optind + 1];
	if (ctx.kind == DEP_FIELD && !strstr(ctx.name, "::")) {
		ks_error("show: a field is named STRUCT::FIELD, not '%s'", ctx.name);
		return KS_EXIT_ERROR;
	}
	bool page_options = groups || baseline;
	if (page_options && (ctx.image || per_image || ctx.kind == KIND_CONFIG)) {
		ks_error("show: --groups and --baseline are for the page, not with %s",
			 ctx.kind == KIND_CONFIG ? "config (shown per image)" : "--image or --per-image");
		return KS_EXIT_ERROR;
	}
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	ctx.st = &st;
	int rc = PAGE_NO_GROUPS;
	if (!ctx.image && !per_image && ctx.kind != KIND_CONFIG) {
		enum page_format f = ctx.format == KS_FORMAT_TEXT ? PAGE_TEXT
				     : ctx.format == KS_FORMAT_JSON ? PAGE_JSON : PAGE_MD;
		rc = page_show(&st, (enum dep_kind)ctx.kind, ctx.name,
			       groups ? groups : groups_parse("regular,arch,flavor"), baseline, f);
		if (rc < 0)
			rc = KS_EXIT_ERROR;
		/* a baseline given is remembered for the next pages */
		else if (rc == 0 && baseline && ks_store_set_meta(&st, "baseline", baseline) < 0)
			rc = KS_EXIT_ERROR;
	}
	if (rc == PAGE_NO_GROUPS)
		rc = show_each(&ctx);
	ks_store_close(&st);
	return rc;
}
