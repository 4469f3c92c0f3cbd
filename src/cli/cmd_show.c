/* cmd_show.c — `ksurf show KIND NAME`: one dependency's report page, or its
 * state image by image (report/page.c, report/dep.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config_text.h"
#include "report/dep.h"
#include "report/groups.h"
#include "report/page.h"
#include "types/type_layout.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/vec.h"
#include "util/xalloc.h"
#include "util/text_esc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show KIND NAME [--groups G,...] [--baseline IMAGE] [--lts X.Y,...]\n"
		"                  [--image IMAGE | --per-image] [--layout] [--format md|text|json|jsonl]\n"
		"\n"
		"KIND: func, struct, union, enum, field (NAME is STRUCT::FIELD), syscall,\n"
		"tracepoint, lsm, kfunc, config (NAME is CONFIG_X).\n"
		"\n"
		"The report page of NAME: Status and Differences per group around\n"
		"the baseline.  Groups: regular, lts, revision, arch, flavor, toolchain\n"
		"(default regular,arch,flavor,toolchain: a toolchain group forms where the\n"
		"dataset holds one release built by two toolchains, 6.12.117+deb12 and\n"
		"+deb13).  Baseline: --baseline, else the one remembered, else\n"
		"the amd64 generic image of the middle series with the most other arches at\n"
		"its version.  LTS series: --lts, else the ones remembered, else\n"
		"4.4,4.9,4.14,4.19,5.4,5.10,5.15,6.1,6.6,6.12.  A baseline (any name `diff`\n"
		"takes: the full name, the release, a unique prefix) or series given is\n"
		"remembered in the dataset for later pages (`ksurf config` shows and resets\n"
		"them); a baseline that forms no group is an error.  Images in no group are\n"
		"named on stderr.  Without a baseline or any group (say, a dataset of one\n"
		"image) it shows each image instead.  md (the default when not on a\n"
		"terminal) is the published page; text (the default on a terminal) one line\n"
		"per image with its marks, coloured; json {\"kind\", \"name\", \"baseline\",\n"
		"\"groups\": [{\"group\", \"images\", \"differences\"}], \"ungrouped\"}.\n"
		"\n"
		"--image IMAGE, --per-image: NAME in one image or in every image, each as its\n"
		"Status item (\"In <code>IMAGE</code>: ...\"; text: a line per image); json an\n"
		"array of one object per image (jsonl: one per line; --image: the object):\n"
		"{\"image\", \"group\", \"type\"} for a function (the group in the published\n"
		"func_groups format), {\"image\", \"type\"} for a type, {\"image\", \"member\"}\n"
		"for a field, {\"image\", \"func\"[, \"struct\", \"fmt_str\"]} for a hook,\n"
		"{\"image\", \"nr\"} for a syscall; null where the image does not have it.\n"
		"A NAME no image has (none of the page's, or of the dataset with --image) is\n"
		"an error, with the closest names: exit 2.\n"
		"--layout (struct, union): the memory layout in each image (or --image's):\n"
		"text and md as `pahole -C NAME` prints it from the image's DWARF, its\n"
		"alignment attributes suppressed (with --image, text is that alone), from the BTF the\n"
		"dataset stores: members with offset and size, anonymous members expanded,\n"
		"holes, bit holes, cacheline boundaries, the summary (BTF has no alignment\n"
		"attributes; int a[2][3] is a[6] there).  NAME '*' with --image and --format\n"
		"text: every struct (or union) of the image.  json (from the normalized\n"
		"types, anonymous members flattened) {\"image\", \"size\", \"members\":\n"
		"[{\"name\", \"decl\", \"offset\", \"bit_offset\", \"size\", \"bitfield_size\",\n"
		"\"hole_before_bits\"}], \"holes\", \"sum_holes\", \"bit_holes\", \"sum_bit_holes\",\n"
		"\"padding\", \"complete\"}.  An image without stored BTF (imported, or added\n"
		"by an older ksurf) shows that flattened form as text too; sizes of types\n"
		"the dataset lacks show ?.\n"
		"config (per image only): the option's line in each image's config (json:\n"
		"{\"image\", \"state\": set|not set|absent|no config, \"value\"}).\n");
}

struct show_ctx {
	struct ks_store *st;
	int kind; /* enum dep_kind, or KIND_CONFIG */
	const char *name, *image;
	int format, shown, failed;
	bool layout;  /* --layout: a struct's offsets, sizes and holes */
	bool records; /* json of every image (an array), or jsonl */
	struct jw_records recs;
};

/* Before one image's JSON object. */
static void json_item(struct show_ctx *ctx)
{
	if (ctx->records)
		jw_records_next(&ctx->recs);
}

#define KIND_CONFIG DEP__COUNT

/* A config option in one image: "set" (VALUE), "not set", "absent" or "no config". */
struct config_item {
	const char *state;
	char *value;
};

static int load_config(struct show_ctx *ctx, int64_t id, struct config_item *it)
{
	struct ks_surface s = { 0 };
	if (ks_store_load_config(ctx->st, id, &s) < 0) {
		surface_free(&s);
		return -1;
	}
	char value[4096];
	bool not_set = false;
	int set = s.config ? config_lookup(s.config, ctx->name, value, sizeof(value), &not_set) : 0;
	it->state = !s.config ? "no config" : set ? "set" : not_set ? "not set" : "absent";
	it->value = set ? xstrdup(value) : NULL;
	surface_free(&s);
	return 0;
}

static void print_config(struct show_ctx *ctx, const char *image, const struct config_item *it,
			 bool first)
{
	bool set = it->value != NULL, not_set = !strcmp(it->state, "not set");
	if (ctx->format == KS_FORMAT_JSON || ctx->format == KS_FORMAT_JSONL) {
		struct json_writer w;
		json_item(ctx);
		jw_init(&w, stdout);
		jw_obj_open(&w);
		jw_key(&w, "image");
		jw_str(&w, image);
		jw_key(&w, "state");
		jw_str(&w, it->state);
		jw_key(&w, "value");
		jw_str(&w, it->value);
		jw_obj_close(&w);
		if (!ctx->records)
			fputc('\n', stdout);
	} else if (ctx->format == KS_FORMAT_TEXT) {
		if (first)
			printf("Config %s\n", ctx->name);
		printf("  %-28s ", image);
		if (set)
			printf("%s=%s\n", ctx->name, it->value);
		else if (not_set)
			printf("# %s is not set\n", ctx->name);
		else
			printf("%s\n", strcmp(it->state, "absent") ? "no config stored" : "Absent");
	} else {
		if (!first)
			fputc('\n', stdout);
		fputs("In ", stdout);
		fput_code(stdout, true, image);
		fputs(": ", stdout);
		struct strbuf line = { 0 };
		if (set)
			sb_addf(&line, "%s=%s", ctx->name, it->value);
		else if (not_set)
			sb_addf(&line, "# %s is not set", ctx->name);
		if (set || not_set) {
			fput_code(stdout, true, sb_str(&line));
			fputc('\n', stdout);
		} else
			printf("%s\n", strcmp(it->state, "absent") ? "no config stored" : "Absent ⚠️");
		sb_free(&line);
	}
}

/* One image's Status item: md "In <code>IMAGE</code>: ...", text one line, json one object. */
struct image_dep {
	int64_t id;
	char *image;
	struct dep dep;           /* every kind but config */
	struct config_item config; /* config */
};

/* --layout: the struct's layout in one image (nothing where it is absent). */
static void print_layout(struct show_ctx *ctx, const struct image_dep *it, bool first)
{
	struct layout l;
	if (dep_layout(ctx->st, it->id, &it->dep, &l) < 0) {
		if (ctx->format == KS_FORMAT_TEXT || ctx->format == KS_FORMAT_MD) {
			fputs(first ? "In " : "\nIn ", stdout);
			fput_code(stdout, ctx->format == KS_FORMAT_MD, it->image);
			fputs(": Absent\n", stdout);
		}
		return;
	}
	if (ctx->format == KS_FORMAT_JSON || ctx->format == KS_FORMAT_JSONL) {
		struct json_writer w;
		json_item(ctx);
		jw_init(&w, stdout);
		dep_layout_json(&w, it->image, &it->dep, &l);
		if (!ctx->records)
			fputc('\n', stdout);
	} else if (ctx->format == KS_FORMAT_TEXT) {
		if (!ctx->image) /* --image: the layout alone, as pahole prints it */
			printf("%s%s:\n", first ? "" : "\n", it->image);
		if (dep_layout_print(ctx->st, it->id, &it->dep, &l, stdout) < 0)
			ctx->failed = 1;
	} else {
		fputs(first ? "In " : "\nIn ", stdout);
		fput_code(stdout, true, it->image);
		fputs(":\n\n```c\n", stdout);
		if (dep_layout_print(ctx->st, it->id, &it->dep, &l, stdout) < 0)
			ctx->failed = 1;
		printf("```\n");
	}
	type_layout_free(&l);
}

static void print_item(struct show_ctx *ctx, const char *image, const struct dep *d, bool first)
{
	char issues[256];
	const char *marks = dep_issue_text(d, issues, sizeof(issues));
	if (ctx->format == KS_FORMAT_JSON || ctx->format == KS_FORMAT_JSONL) {
		struct json_writer w;
		json_item(ctx);
		jw_init(&w, stdout);
		dep_write_json(&w, (enum dep_kind)ctx->kind, image, d);
		if (!ctx->records)
			fputc('\n', stdout);
	} else if (ctx->format == KS_FORMAT_TEXT) {
		bool tty = isatty(STDOUT_FILENO);
		if (first)
			printf("%s %s\n", dep_titles[ctx->kind], ctx->name);
		printf("  %-28s %s%s%s\n", image, tty ? dep_colour(d) : "", marks, tty ? "\033[0m" : "");
	} else {
		if (!first)
			fputc('\n', stdout);
		fputs("In ", stdout);
		fput_code(stdout, true, image);
		fputs(": ", stdout);
		printf("%s\n", marks);
		if (d->present)
			printf("\n%s", d->body);
	}
}



struct each_ctx {
	struct show_ctx *show;
	VEC(struct image_dep) items;
	bool found; /* find_any */
};

/* Each image is loaded first, printed when some image has the name. */
static int show_one(const struct ks_image_row *row, void *arg)
{
	struct each_ctx *e = arg;
	struct show_ctx *ctx = e->show;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	ctx->shown++;
	struct image_dep it = { .id = row->id, .image = xstrdup(row->info.name) };
	int r = ctx->kind == KIND_CONFIG
			? load_config(ctx, row->id, &it.config)
			: dep_load(ctx->st, row->id, (enum dep_kind)ctx->kind, ctx->name, &it.dep);
	if (ctx->kind == KIND_CONFIG && r == 0)
		it.dep.present = it.config.value || !strcmp(it.config.state, "not set");
	vec_push(&e->items, it);
	return r < 0 ? (ctx->failed = 1) : 0;
}

/* Whether any image has the name (stops at the first). */
static int find_any(const struct ks_image_row *row, void *arg)
{
	struct each_ctx *e = arg;
	struct dep d = { 0 };
	struct config_item c = { 0 };
	int r = e->show->kind == KIND_CONFIG
			? load_config(e->show, row->id, &c)
			: dep_load(e->show->st, row->id, (enum dep_kind)e->show->kind, e->show->name, &d);
	bool found = r == 0 && (e->show->kind == KIND_CONFIG
				? c.value || (c.state && !strcmp(c.state, "not set")) : d.present);
	if (e->show->kind != KIND_CONFIG)
		dep_free(&d);
	free(c.value);
	if (r < 0)
		e->show->failed = 1;
	if (found)
		e->found = true;
	return r < 0 || found;
}

static int show_each(struct show_ctx *ctx)
{
	struct each_ctx e = { .show = ctx };
	int rc = KS_EXIT_OK;
	if (ks_store_list_images(ctx->st, show_one, &e) < 0 || ctx->failed) {
		rc = KS_EXIT_ERROR;
	} else if (ctx->shown == 0) {
		ks_error("show: the dataset has no images (add one with `ksurf add`)");
		rc = KS_EXIT_ERROR;
	} else {
		const char *kind = ctx->kind == KIND_CONFIG ? "config" : dep_kind_names[ctx->kind];
		size_t present = 0;
		for (size_t i = 0; i < e.items.n; i++)
			present += e.items.v[i].dep.present;
		/* one image without it: an answer when another image has it */
		if (!present && ctx->image && ks_store_list_images(ctx->st, find_any, &e) >= 0 && e.found)
			present = 1;
		if (ctx->failed)
			present = 0;
		char hint[512] = "";
		if (!present && !ctx->failed && ctx->kind != KIND_CONFIG && e.items.n) {
			int64_t near[2] = { e.items.v[0].id, e.items.n > 1 ? e.items.v[1].id : 0 };
			dep_suggest(ctx->st, near, e.items.n > 1 ? 2 : 1, (enum dep_kind)ctx->kind,
				    ctx->name, hint, sizeof(hint));
		}
		if (!ctx->failed && !present && ctx->image)
			ks_error("show: %s %s is in no image of the dataset%s", kind, ctx->name, hint);
		else if (!ctx->failed && !present && e.items.n == 1)
			ks_error("show: %s %s is not in %s%s", kind, ctx->name, e.items.v[0].image, hint);
		else if (!ctx->failed && !present)
			ks_error("show: %s %s is in none of the %zu images%s", kind, ctx->name, e.items.n,
				 hint);
		ctx->records = ctx->format == KS_FORMAT_JSONL || (ctx->format == KS_FORMAT_JSON && !ctx->image);
		if (present && ctx->records)
			jw_records_begin(&ctx->recs, stdout, ctx->format == KS_FORMAT_JSONL);
		for (size_t i = 0; present && i < e.items.n; i++) {
			const struct image_dep *it = &e.items.v[i];
			if (ctx->kind == KIND_CONFIG)
				print_config(ctx, it->image, &it->config, i == 0);
			else if (ctx->layout)
				print_layout(ctx, it, i == 0);
			else
				print_item(ctx, it->image, &it->dep, i == 0);
		}
		if (present && ctx->records)
			jw_records_end(&ctx->recs);
		rc = present ? KS_EXIT_OK : KS_EXIT_ERROR;
	}
	for (size_t i = 0; i < e.items.n; i++) {
		free(e.items.v[i].image);
		free(e.items.v[i].config.value);
		if (ctx->kind != KIND_CONFIG)
			dep_free(&e.items.v[i].dep);
	}
	vec_free(&e.items);
	return rc;
}

int do_show(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "per-image", no_argument, NULL, 'p' },
		{ "layout", no_argument, NULL, 'L' },
		{ "format", required_argument, NULL, 'f' },
		CLI_GROUP_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct group_settings gs = { 0 };
	bool per_image = false;
	/* text on a terminal (no HTML there), the published markdown elsewhere */
	struct show_ctx ctx = { .format = isatty(STDOUT_FILENO) ? KS_FORMAT_TEXT : KS_FORMAT_MD };
	int c, r;
	while ((c = getopt_long(argc, argv, ":i:pf:g:b:l:h", opts, NULL)) != -1) {
		if ((r = cli_group_option(c, optarg, "show", &gs)) != 0) {
			if (r < 0)
				return KS_EXIT_ERROR;
			continue;
		}
		switch (c) {
		case 'i':
			ctx.image = optarg;
			break;
		case 'p':
			per_image = true;
			break;
		case 'L':
			ctx.layout = true;
			break;
		case 'f':
			ctx.format = cli_parse_format(optarg, "text,md,json,jsonl");
			if (ctx.format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, "KIND NAME"))
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
	if (ctx.layout && ctx.kind != DEP_STRUCT && ctx.kind != DEP_UNION) {
		fprintf(stderr, "ksurf show: --layout is for a struct or union (see 'ksurf show --help')\n");
		return KS_EXIT_ERROR;
	}
	if (ctx.layout)
		per_image = true; /* a layout per image: every image, or --image's */
	if ((gs.mask || gs.baseline || gs.lts) && (ctx.image || per_image || ctx.kind == KIND_CONFIG)) {
		ks_error("show: --groups, --baseline and --lts are for the page, not with %s",
			 ctx.kind == KIND_CONFIG ? "config (shown per image)" : "--image or --per-image");
		return KS_EXIT_ERROR;
	}
	if (!gs.mask)
		gs.mask = groups_parse("regular,arch,flavor,toolchain");
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	ctx.st = &st;
	char canon[512];
	if (ctx.image && ks_store_find_image(&st, "show", ctx.image, canon, sizeof(canon)) <= 0) {
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	if (ctx.image)
		ctx.image = canon;
	int rc = PAGE_NO_GROUPS;
	if (ctx.layout && !strcmp(ctx.name, "*")) { /* no C type is named so */
		rc = KS_EXIT_ERROR;
		int64_t id = ctx.image && ctx.format == KS_FORMAT_TEXT ? ks_store_image_id(&st, ctx.image) : -1;
		if (id <= 0)
			ks_error("show: --layout '*' needs --image and --format text");
		else if (dep_layout_print_all(&st, id, ctx.image, ctx.kind == DEP_UNION, stdout) == 0)
			rc = KS_EXIT_OK;
		ks_store_close(&st);
		return rc;
	}
	if (!ctx.image && !per_image && ctx.kind != KIND_CONFIG) {
		enum page_format f = ctx.format == KS_FORMAT_TEXT ? PAGE_TEXT
				     : ctx.format == KS_FORMAT_MD ? PAGE_MD : PAGE_JSON; /* one line */
		rc = page_show(&st, (enum dep_kind)ctx.kind, ctx.name, &gs, f);
		if (rc < 0)
			rc = KS_EXIT_ERROR;
	}
	if (rc == PAGE_NO_GROUPS)
		rc = show_each(&ctx);
	ks_store_close(&st);
	return rc;
}
