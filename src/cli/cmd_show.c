/* cmd_show.c — `ksurf show KIND NAME`: one function or type in every image of the dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config/config_text.h"
#include "report/func_report.h"
#include "report/type_render.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_parse.h"
#include "util/json_writer.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show func|struct|union|enum|syscall|tracepoint|lsm|kfunc|config NAME\n"
		"                  [--image IMAGE]\n"
		"                  [--format text|md|json]\n"
		"\n"
		"Show NAME in every image of the dataset (or one), as on the report pages.\n"
		"func: its C prototype (from BTF), collision, inline and transformation\n"
		"classes, each DWARF instance with its callers, and its symbols.\n"
		"struct, union, enum: the C declaration (enum also finds ENUM64 types).\n"
		"syscall: its number in the image's system call table (json: {\"image\", \"nr\"}).\n"
		"tracepoint: its event struct and function; lsm: the hook's security_NAME (or\n"
		"bpf_lsm_NAME); kfunc: its prototype (json: {\"image\", \"func\"[, \"struct\",\n"
		"\"fmt_str\"]}).\n"
		"config: the option's line in the image's config (NAME is CONFIG_X; json:\n"
		"{\"image\", \"state\": set|not set|absent|no config, \"value\"}).\n"
		"text and md print that markdown; json prints one line per image:\n"
		"{\"image\": ..., \"group\": ..., \"type\": ...} for a function (the group in the\n"
		"published func_groups format), {\"image\": ..., \"type\": ...} for a type (the\n"
		"normalized type object); null where the image does not have it.\n");
}

enum show_kind {
	SHOW_FUNC, SHOW_STRUCT, SHOW_UNION, SHOW_ENUM, SHOW_SYSCALL, SHOW_TRACEPOINT, SHOW_LSM,
	SHOW_KFUNC, SHOW_CONFIG, SHOW__COUNT
};

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
		[SHOW_TRACEPOINT] = { -1, -1 },
		[SHOW_LSM] = { -1, -1 },
		[SHOW_KFUNC] = { -1, -1 },
		[SHOW_CONFIG] = { -1, -1 },
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

/* A stored type by kind and name, parsed; NULL (nothing printed) when absent. */
static const struct ks_type *typed(struct show_ctx *ctx, int64_t id, int kind, const char *name,
				   struct ks_surface *s, struct jv *out)
{
	size_t before = s->types.n;
	if (ks_store_load_types(ctx->st, id, kind, name, s) < 0 || s->types.n == before)
		return NULL;
	const struct ks_type *t = &s->types.v[s->types.n - 1];
	char err[128];
	if (json_parse(t->json, t->json_len, &s->type_text, out, err, sizeof(err)) < 0) {
		ks_error("%s: the stored type %s is damaged: %s", ctx->st->path, name, err);
		return NULL;
	}
	return t;
}

/* A tracepoint, LSM hook or kfunc: its BTF function (and a tracepoint's event struct). */
static int show_hook(struct show_ctx *ctx, const struct ks_image_row *row)
{
	struct ks_surface s = { 0 };
	if (ks_store_load_hooks(ctx->st, row->id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	char func[600], strct[600];
	const char *fmt = NULL;
	bool found = false;
	if (ctx->kind == SHOW_TRACEPOINT) {
		for (size_t i = 0; i < s.tracepoints.n && !found; i++)
			if (!strcmp(s.tracepoints.v[i].event_name, ctx->name)) {
				found = true;
				snprintf(func, sizeof(func), "trace_event_raw_event_%s",
					 s.tracepoints.v[i].class_name);
				snprintf(strct, sizeof(strct), "trace_event_raw_%s",
					 s.tracepoints.v[i].class_name);
				fmt = s.tracepoints.v[i].fmt_str;
			}
	} else {
		const struct ks_item *v = ctx->kind == SHOW_LSM ? s.lsm_hooks.v : s.kfuncs.v;
		size_t n = ctx->kind == SHOW_LSM ? s.lsm_hooks.n : s.kfuncs.n;
		for (size_t i = 0; i < n && !found; i++)
			if (!strcmp(v[i].name, ctx->name))
				found = true;
		/* an LSM hook's function is security_NAME, or bpf_lsm_NAME on newer kernels */
		snprintf(func, sizeof(func), "%s%s", ctx->kind == SHOW_LSM ? "security_" : "",
			 ctx->name);
	}
	struct jv jf, js;
	const struct ks_type *tf = found ? typed(ctx, row->id, KS_TYPE_FUNC, func, &s, &jf) : NULL;
	if (found && !tf && ctx->kind == SHOW_LSM) {
		snprintf(func, sizeof(func), "bpf_lsm_%s", ctx->name);
		tf = typed(ctx, row->id, KS_TYPE_FUNC, func, &s, &jf);
	}
	const struct ks_type *ts = found && ctx->kind == SHOW_TRACEPOINT
					   ? typed(ctx, row->id, KS_TYPE_STRUCT, strct, &s, &js)
					   : NULL;
	if (ctx->format == KS_FORMAT_JSON) {
		printf("{\"image\": ");
		json_write_string(stdout, row->info.name);
		printf(", \"func\": ");
		if (tf)
			fwrite(tf->json, 1, tf->json_len, stdout);
		else
			fputs("null", stdout);
		if (ctx->kind == SHOW_TRACEPOINT) {
			printf(", \"struct\": ");
			if (ts)
				fwrite(ts->json, 1, ts->json_len, stdout);
			else
				fputs("null", stdout);
			printf(", \"fmt_str\": ");
			if (fmt)
				json_write_string(stdout, fmt);
			else
				fputs("null", stdout);
		}
		puts("}");
	} else {
		if (ctx->shown)
			fputc('\n', stdout);
		if (!found || !tf) {
			printf("In <code>%s</code>: Absent ⚠️\n", row->info.name);
		} else {
			printf("In <code>%s</code>: ✅\n\n", row->info.name);
			if (ts) {
				fputs("Event:\n\n", stdout);
				print_code(&js);
				fputs("Function:\n\n", stdout);
			}
			print_code(&jf);
		}
	}
	ctx->shown++;
	surface_free(&s);
	return 0;
}

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

static int show_one(const struct ks_image_row *row, void *arg)
{
	struct show_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	if (ctx->kind == SHOW_TRACEPOINT || ctx->kind == SHOW_LSM || ctx->kind == SHOW_KFUNC) {
		if (show_hook(ctx, row) < 0) {
			ctx->failed = 1;
			return 1;
		}
		return 0;
	}
	if (ctx->kind == SHOW_CONFIG) {
		if (show_config(ctx, row) < 0) {
			ctx->failed = 1;
			return 1;
		}
		return 0;
	}
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
	static const char *const kinds[SHOW__COUNT] = { "func", "struct", "union", "enum", "syscall",
							"tracepoint", "lsm", "kfunc", "config" };
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
		default:
			return cli_option_end(c, usage);
		}
	}
	if (!cli_args(argc, 2, usage))
		return KS_EXIT_ERROR;
	int kind = -1;
	for (int i = 0; i < SHOW__COUNT; i++)
		if (!strcmp(argv[optind], kinds[i]))
			kind = i;
	if (kind < 0) {
		ks_error("show: unknown kind '%s' (func, struct, union, enum, syscall, tracepoint, "
			 "lsm, kfunc, config)", argv[optind]);
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
