/* cmd_show.c — `ksurf show KIND NAME`: one function or type in every image of the dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "report/func_report.h"
#include "report/type_render.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_parse.h"
#include "util/json_writer.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show func|struct|union|enum|syscall NAME [--image IMAGE]\n"
		"                  [--format text|md|json]\n"
		"\n"
		"Show NAME in every image of the dataset (or one), as on the report pages.\n"
		"func: its C prototype (from BTF), collision, inline and transformation\n"
		"classes, each DWARF instance with its callers, and its symbols.\n"
		"struct, union, enum: the C declaration (enum also finds ENUM64 types).\n"
		"syscall: its number in the image's system call table (json: {\"image\", \"nr\"}).\n"
		"text and md print that markdown; json prints one line per image:\n"
		"{\"image\": ..., \"group\": ..., \"type\": ...} for a function (the group in the\n"
		"published func_groups format), {\"image\": ..., \"type\": ...} for a type (the\n"
		"normalized type object); null where the image does not have it.\n");
}

enum show_kind { SHOW_FUNC, SHOW_STRUCT, SHOW_UNION, SHOW_ENUM, SHOW_SYSCALL };

struct show_ctx {
	struct ks_store *st;
	enum show_kind kind;
	const char *name, *image;
	int format, shown, failed;
};

/* The stored type for this show in image ID, parsed into *OUT (strings in S). */
static int load_type(struct show_ctx *ctx, int64_t id, struct ks_surface *s, struct jv *out,
		     const struct ks_type **found)
{
	static const int kinds[][2] = {
		[SHOW_FUNC] = { KS_TYPE_FUNC, -1 },
		[SHOW_STRUCT] = { KS_TYPE_STRUCT, -1 },
		[SHOW_UNION] = { KS_TYPE_UNION, -1 },
		[SHOW_ENUM] = { KS_TYPE_ENUM, KS_TYPE_ENUM64 },
		[SHOW_SYSCALL] = { -1, -1 },
	};
	*found = NULL;
	for (int i = 0; i < 2 && kinds[ctx->kind][i] >= 0 && !s->types.n; i++)
		if (ks_store_load_types(ctx->st, id, kinds[ctx->kind][i], ctx->name, s) < 0)
			return -1;
	if (!s->types.n)
		return 0;
	char err[128];
	*found = &s->types.v[0];
	if (json_parse((*found)->json, (*found)->json_len, &s->type_text, out, err, sizeof(err)) < 0) {
		ks_error("%s: the stored type %s is damaged: %s", ctx->st->path, ctx->name, err);
		return -1;
	}
	return 0;
}

static void print_code(const struct jv *t)
{
	struct strbuf sb = { 0 };
	render_definition(&sb, t);
	printf("```c\n%s\n```\n", sb_str(&sb));
	sb_free(&sb);
}

/* A system call: its number in each image. */
static int show_syscall(struct show_ctx *ctx, const struct ks_image_row *row)
{
	struct ks_surface s = { 0 };
	if (ks_store_load_syscalls(ctx->st, row->id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	long nr = -1;
	for (size_t i = 0; i < s.syscalls.n && nr < 0; i++)
		if (s.syscalls.v[i] && !strcmp(s.syscalls.v[i], ctx->name))
			nr = (long)i;
	if (ctx->format == KS_FORMAT_JSON) {
		struct json_writer w;
		jw_init(&w, stdout);
		jw_obj_open(&w);
		jw_key(&w, "image");
		jw_str(&w, row->info.name);
		jw_key(&w, "nr");
		if (nr >= 0)
			jw_i64(&w, nr);
		else
			jw_null(&w);
		jw_obj_close(&w);
		fputc('\n', stdout);
	} else {
		if (ctx->shown)
			fputc('\n', stdout);
		if (nr >= 0)
			printf("In <code>%s</code>: ✅\n\n**Number:** %ld\n", row->info.name, nr);
		else
			printf("In <code>%s</code>: Absent ⚠️\n", row->info.name);
	}
	ctx->shown++;
	surface_free(&s);
	return 0;
}

static int show_one(const struct ks_image_row *row, void *arg)
{
	struct show_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	if (ctx->kind == SHOW_SYSCALL) {
		if (show_syscall(ctx, row) < 0) {
			ctx->failed = 1;
			return 1;
		}
		return 0;
	}
	struct ks_surface s = { 0 };
	struct jv type;
	const struct ks_type *t = NULL;
	if ((ctx->kind == SHOW_FUNC &&
	     ks_store_load_surface(ctx->st, row->id, ctx->name, false, &s) < 0) ||
	    load_type(ctx, row->id, &s, &type, &t) < 0) {
		surface_free(&s);
		ctx->failed = 1;
		return 1;
	}
	const struct ks_func_group *g = s.groups.n ? &s.groups.v[0] : NULL;
	if (ctx->format == KS_FORMAT_JSON) {
		struct json_writer w;
		jw_init(&w, stdout);
		jw_obj_open(&w);
		jw_key(&w, "image");
		jw_str(&w, row->info.name);
		if (ctx->kind == SHOW_FUNC) {
			jw_key(&w, "group");
			if (g)
				report_func_group_json(&w, &s, g);
			else
				jw_null(&w);
		}
		jw_key(&w, "type");
		if (t)
			fwrite(t->json, 1, t->json_len, stdout);
		else
			fputs("null", stdout);
		jw_obj_close(&w);
		fputc('\n', stdout);
	} else {
		if (ctx->shown)
			fputc('\n', stdout);
		printf("In <code>%s</code>: ", row->info.name);
		if (!g && !t) {
			fputs("Absent ⚠️\n", stdout);
		} else {
			if (g)
				report_func_issues(stdout, g);
			else
				fputs("✅", stdout);
			fputs("\n\n", stdout);
			if (t) {
				print_code(&type);
				if (g)
					fputc('\n', stdout);
			}
			if (g)
				report_func_block(stdout, &s, g);
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
	static const char *const kinds[] = { "func", "struct", "union", "enum", "syscall" };
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
	int kind = -1;
	for (int i = 0; i < 5; i++)
		if (!strcmp(argv[optind], kinds[i]))
			kind = i;
	if (kind < 0) {
		ks_error("show: unknown kind '%s' (func, struct, union, enum, syscall)", argv[optind]);
		return KS_EXIT_ERROR;
	}
	ctx.kind = (enum show_kind)kind;
	ctx.name = argv[optind + 1];
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
