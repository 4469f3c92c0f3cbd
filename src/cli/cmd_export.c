/* cmd_export.c — `ksurf export DIR`: the published dataset layout. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "export/export.h"
#include "store/store.h"
#include "util/error.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf export DIR [--image IMAGE]\n"
		"\n"
		"Write every image (or one) in the published dataset layout, one file per\n"
		"image name:  DIR/func_groups/NAME.jsonl  DIR/symtab/NAME.jsonl\n"
		"             DIR/comment/NAME.txt  DIR/types_{func,struct,union,enum,int}/NAME.jsonl\n"
		"             DIR/tracepoints/NAME.jsonl  DIR/syscalls/NAME.json\n"
		"             DIR/config/NAME.config (the last three when the image has them)\n"
		"and what that layout has no place for, which `ksurf import` reads back:\n"
		"             DIR/image/NAME.json (identity: release, version, flavor, arch, ...)\n"
		"             DIR/types_{enum64,typedef}/NAME.jsonl (when the image has them)\n"
		"Files are written whole (to a temporary name, then renamed).\n");
}

struct export_ctx {
	struct ks_store *st;
	const char *dir, *image;
	int failed;
};

static int export_one(const struct ks_image_row *row, void *arg)
{
	struct export_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	struct ks_surface s;
	if (ks_store_load_surface(ctx->st, row->id, NULL, true, &s) < 0 ||
	    ks_store_load_types(ctx->st, row->id, -1, NULL, &s) < 0 ||
	    ks_store_load_config(ctx->st, row->id, &s) < 0 ||
	    ks_store_load_syscalls(ctx->st, row->id, &s) < 0 ||
	    ks_store_load_hooks(ctx->st, row->id, NULL, &s) < 0 ||
	    export_image(ctx->dir, &s) < 0) {
		surface_free(&s);
		ctx->failed = 1;
		return 1;
	}
	surface_free(&s);
	return 0;
}

int do_export(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_ctx ctx = { 0 };
	int c;
	while ((c = getopt_long(argc, argv, ":i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ctx.image = optarg;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, "DIR"))
		return KS_EXIT_ERROR;
	ctx.dir = argv[optind];
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	ctx.st = &st;
	char canon[512];
	if (ctx.image && ks_store_find_image(&st, "export", ctx.image, canon, sizeof(canon)) <= 0) {
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	if (ctx.image)
		ctx.image = canon;
	int r = ks_store_list_images(&st, export_one, &ctx);
	ks_store_close(&st);
	return r < 0 || ctx.failed ? KS_EXIT_ERROR : KS_EXIT_OK;
}
