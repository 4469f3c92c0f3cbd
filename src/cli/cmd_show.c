/* cmd_show.c — `ksurf show func NAME`: one function in every image of the dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/func_report.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show func NAME [--image IMAGE] [--format text|md|json]\n"
		"\n"
		"Show the function NAME in every image of the dataset (or one): its\n"
		"collision, inline and transformation classes, each DWARF instance with\n"
		"its callers, and its symbols, as on the report pages.  text and md print\n"
		"that markdown; json prints one line per image, {\"image\": ..., \"group\": ...},\n"
		"the group in the published func_groups format (null when absent).\n");
}

struct show_ctx {
	struct ks_store *st;
	const char *kind, *name, *image;
	int format, shown, failed;
	struct json_writer w;
};

static int show_one(const struct ks_image_row *row, void *arg)
{
	struct show_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	struct ks_surface s;
	if (ks_store_load_surface(ctx->st, row->id, ctx->name, false, &s) < 0) {
		ctx->failed = 1;
		return 1;
	}
	const struct ks_func_group *g = s.groups.n ? &s.groups.v[0] : NULL;
	if (ctx->format == KS_FORMAT_JSON) {
		jw_init(&ctx->w, stdout);
		jw_obj_open(&ctx->w);
		jw_key(&ctx->w, "image");
		jw_str(&ctx->w, row->info.name);
		jw_key(&ctx->w, "group");
		if (g)
			report_func_group_json(&ctx->w, &s, g);
		else
			jw_null(&ctx->w);
		jw_obj_close(&ctx->w);
		fputc('\n', stdout);
	} else {
		if (ctx->shown)
			fputc('\n', stdout);
		printf("In <code>%s</code>: ", row->info.name);
		if (g) {
			report_func_issues(stdout, g);
			fputs("\n\n", stdout);
			report_func_block(stdout, &s, g);
		} else {
			fputs("Absent ⚠️\n", stdout);
		}
	}
	ctx->shown++;
	surface_free(&s);
	return 0;
}

int do_show(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct show_ctx ctx = { .format = KS_FORMAT_TEXT };
	int c;
	while ((c = getopt_long(argc, argv, "i:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ctx.image = optarg;
			break;
		case 'f':
			ctx.format = cli_parse_format(optarg, "text,md,json");
			if (ctx.format < 0)
				return KS_EXIT_ERROR;
			break;
		case 'h':
			usage(stdout);
			return KS_EXIT_OK;
		default:
			usage(stderr);
			return KS_EXIT_ERROR;
		}
	}
	if (optind + 2 != argc) {
		usage(stderr);
		return KS_EXIT_ERROR;
	}
	ctx.kind = argv[optind];
	ctx.name = argv[optind + 1];
	if (strcmp(ctx.kind, "func")) {
		ks_error("show: unknown kind '%s' (this version shows: func)", ctx.kind);
		return KS_EXIT_ERROR;
	}
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	ctx.st = &st;
	int r = ks_store_list_images(&st, show_one, &ctx);
	ks_store_close(&st);
	if (r < 0 || ctx.failed)
		return KS_EXIT_ERROR;
	if (ctx.image && ctx.shown == 0) {
		ks_error("show: no image named %s in the dataset", ctx.image);
		return KS_EXIT_ERROR;
	}
	return KS_EXIT_OK;
}
