/* cmd_show.c — `ksurf show KIND NAME`: one dependency's report page, or its
 * state image by image (report/page.c, report/show_items.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/dep.h"
#include "report/config_report.h"
#include "report/dep_name.h"
#include "report/groups.h"
#include "report/page.h"
#include "report/show_items.h"
#include "store/store.h"
#include "util/error.h"
#include "util/vec.h"
#include "util/xalloc.h"
#include "util/color.h"
#include "util/pager.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show KIND NAME [--groups G,...] [--baseline IMAGE] [--lts X.Y,...]\n"
		"                  [--image IMAGE | --per-image] [--layout] [--format text|md|json|jsonl]\n"
		"                  [--color[=WHEN]] [--no-pager]\n"
		"\n"
		"KIND: func, struct, union, enum, field (NAME is STRUCT::FIELD), syscall,\n"
		"tracepoint, lsm, kfunc, config (NAME is CONFIG_X).\n"
		"\n"
		"NAME as the dataset keeps it or as it is spelt elsewhere: a tracepoint\n"
		"EVENT, SYSTEM:EVENT or SYSTEM/EVENT (sched:sched_switch); a system call\n"
		"NAME, sys_NAME or its entry symbol __ARCH_sys_NAME (__x64_sys_openat,\n"
		"__arm64_sys_openat); an LSM hook NAME, security_NAME or bpf_lsm_NAME; a\n"
		"struct, union or enum with or without its keyword ('struct task_struct').\n"
		"An anonymous enum is named by its first value, '(anon TASK_COMM_LEN)' (a\n"
		"second one starting with that value '(anon X #2)'), from the image's\n"
		"stored BTF: absent in an image the dataset holds no BTF of (an imported\n"
		"one); '(anon)' is every anonymous enum of an image merged, as `ksurf\n"
		"export` writes it.  An enum's value given as enum NAME is told its enum.\n"
		"A NAME with *, ? or [ is a glob (quote it): the matching names of the kind\n"
		"with their marks per group, as `ksurf index` prints them; none matching is\n"
		"an error (exit 2).\n"
		"\n"
		"The report page of NAME: Status and Differences per group around\n"
		"the baseline.  Groups: regular, lts, revision, arch, flavor, toolchain\n"
		"(default regular,arch,flavor,toolchain: a toolchain group forms where the\n"
		"dataset holds one release built by two toolchains, 6.12.117+deb12 and\n"
		"+deb13).  Baseline: --baseline, else the one `ksurf config baseline` set,\n"
		"else the amd64 generic image of the middle series with the most other\n"
		"arches at its version.  LTS series: --lts, else `ksurf config lts`'s, else\n"
		"4.4,4.9,4.14,4.19,5.4,5.10,5.15,6.1,6.6,6.12.  A baseline (any name `diff`\n"
		"takes: the full name, the release, a unique prefix) or series given applies\n"
		"to this command only: show never writes the dataset (`ksurf config` sets\n"
		"the defaults); a baseline that forms no group is an error.  Images in no\n"
		"group are named on stderr.  Without a baseline or any group (say, a dataset\n"
		"of one image) it shows each image instead.  text (the default, on a terminal\n"
		"or piped: the same text, coloured on a terminal only) is compact: a line per\n"
		"image with its marks and facts (a type's size, a field's offset, a system\n"
		"call's number), under it the prototype where it differs from the line\n"
		"above, a function's locations, callers and compiler copies, then each\n"
		"pair's changes; no HTML.  md (--format md) is the published page, in\n"
		"markdown with HTML; json {\"kind\", \"name\", \"baseline\", \"groups\":\n"
		"[{\"group\", \"images\", \"differences\"}], \"ungrouped\"}.  On a terminal the\n"
		"output goes through a pager ($KSURF_PAGER, else $PAGER, else less -FRX;\n"
		"--no-pager: none).\n"
		"\n"
		"--image IMAGE, --per-image: NAME in one image or in every image, each as its\n"
		"Status item (\"In <code>IMAGE</code>: ...\"; text: a line per image); json an\n"
		"array of one object per image (jsonl: one per line; --image: the object):\n"
		"{\"image\", \"group\", \"type\"} for a function (the group in the published\n"
		"func_groups format, but its addresses hex strings \"0xffffffff81234560\";\n"
		"`ksurf export` keeps the published decimal), {\"image\", \"type\"} for a type, {\"image\", \"member\"}\n"
		"for a field, {\"image\", \"func\"[, \"struct\", \"fmt_str\"]} for a hook,\n"
		"{\"image\", \"nr\"} for a syscall; null where the image does not have it.\n"
		"A NAME no image has (none of the page's, or of the dataset with --image) is\n"
		"an error, with the closest names: exit 2.\n"
		"--layout (struct, union): the memory layout in each image (or --image's):\n"
		"text and md as `pahole -C NAME` prints it from the image's DWARF, its\n"
		"alignment attributes suppressed (with --image, text is that alone), from the BTF the\n"
		"dataset stores: members with offset and size, anonymous members expanded,\n"
		"holes, bit holes, cacheline boundaries, the summary (BTF has no alignment\n"
		"attributes or unnamed bitfields; int a[2][3] is a[6] there: docs/layout.md).\n"
		"A glob NAME ('*', 'sk_*') with\n"
		"--image and --format text: every matching struct (or union) of the image.  json (from the normalized\n"
		"types, anonymous members flattened) {\"image\", \"size\", \"members\":\n"
		"[{\"name\", \"decl\", \"offset\", \"bit_offset\", \"size\", \"bitfield_size\",\n"
		"\"hole_before_bits\"}], \"holes\", \"sum_holes\", \"bit_holes\", \"sum_bit_holes\",\n"
		"\"padding\", \"complete\"}.  An image without stored BTF (imported, or added\n"
		"by an older ksurf) shows that flattened form as text too; sizes of types\n"
		"the dataset lacks show ?.\n"
		"config (per image only): the option's line in each image's config (json:\n"
		"{\"image\", \"state\": set|not set|absent|no config, \"value\"}).\n"
		"\n"
		COLOR_OPTION_HELP);
}

struct show_ctx {
	struct ks_store *st;
	int kind; /* enum dep_kind */
	const char *name, *image;
	int format, shown, failed;
	bool layout;  /* --layout: a struct's offsets, sizes and holes */
};

/* One image's state of the dependency, loaded before any is printed. */
struct image_dep {
	int64_t id;
	char *image;
	struct dep dep;           /* every kind but config */
	struct config_item config; /* config */
};

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
	int r = ctx->kind == DEP_CONFIG
			? config_item_load(ctx->st, row->id, ctx->name, &it.config)
			: dep_load(ctx->st, row->id, (enum dep_kind)ctx->kind, ctx->name, &it.dep);
	if (ctx->kind == DEP_CONFIG && r == 0)
		it.dep.present = config_item_present(&it.config);
	vec_push(&e->items, it);
	return r < 0 ? (ctx->failed = 1) : 0;
}

/* Whether any image has the name (stops at the first). */
static int find_any(const struct ks_image_row *row, void *arg)
{
	struct each_ctx *e = arg;
	struct dep d = { 0 };
	struct config_item c = { 0 };
	int r = e->show->kind == DEP_CONFIG
			? config_item_load(e->show->st, row->id, e->show->name, &c)
			: dep_load(e->show->st, row->id, (enum dep_kind)e->show->kind, e->show->name, &d);
	bool found = r == 0 && (e->show->kind == DEP_CONFIG ? config_item_present(&c) : d.present);
	if (e->show->kind != DEP_CONFIG)
		dep_free(&d);
	config_item_free(&c);
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
		const char *kind = dep_kind_names[ctx->kind];
		size_t present = 0;
		for (size_t i = 0; i < e.items.n; i++)
			present += e.items.v[i].dep.present;
		/* one image without it: an answer when another image has it */
		if (!present && ctx->image && ks_store_list_images(ctx->st, find_any, &e) >= 0 && e.found)
			present = 1;
		if (ctx->failed)
			present = 0;
		char hint[512] = "";
		if (!present && !ctx->failed && ctx->kind != DEP_CONFIG && e.items.n) {
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
		static const enum show_format formats[] = {
			[KS_FORMAT_TEXT] = SHOW_TEXT, [KS_FORMAT_MD] = SHOW_MD,
			[KS_FORMAT_JSON] = SHOW_JSON, [KS_FORMAT_JSONL] = SHOW_JSONL,
		};
		struct show_items out = { .out = stdout, .format = formats[ctx->format],
					  .kind = (enum dep_kind)ctx->kind, .name = ctx->name,
					  .one_image = ctx->image != NULL };
		if (present)
			show_items_begin(&out);
		for (size_t i = 0; present && i < e.items.n; i++) {
			const struct image_dep *it = &e.items.v[i];
			if (ctx->kind == DEP_CONFIG)
				show_items_config(&out, it->image, &it->config, i == 0);
			else if (ctx->layout)
				show_items_layout(&out, ctx->st, it->id, it->image, &it->dep, i == 0);
			else
				show_items_dep(&out, it->image, &it->dep, i == 0);
		}
		if (present)
			show_items_end(&out);
		/* a layout that could not be read said so on stderr */
		rc = present && !out.failed ? KS_EXIT_OK : KS_EXIT_ERROR;
	}
	for (size_t i = 0; i < e.items.n; i++) {
		free(e.items.v[i].image);
		config_item_free(&e.items.v[i].config);
		if (ctx->kind != DEP_CONFIG)
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
		CLI_OUTPUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct group_settings gs = { 0 };
	bool per_image = false;
	/* text on a terminal and piped alike (no HTML); markdown with --format md */
	struct show_ctx ctx = { .format = KS_FORMAT_TEXT };
	int c, r;
	while ((c = getopt_long(argc, argv, ":i:pf:g:b:l:h", opts, NULL)) != -1) {
		if ((r = cli_group_option(c, optarg, "show", &gs)) != 0 ||
		    (r = cli_output_option(c, optarg, "show")) != 0) {
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
	ctx.kind = dep_kind_parse(argv[optind]);
	if (ctx.kind < 0) {
		ks_error("show: unknown kind '%s' (func, struct, union, enum, field, syscall, "
			 "tracepoint, lsm, kfunc, config)", argv[optind]);
		return KS_EXIT_ERROR;
	}
	ctx.name = argv[optind + 1];
	int other = -1;
	if (ctx.kind != DEP_CONFIG)
		ctx.name = dep_name_normalize((enum dep_kind)ctx.kind, ctx.name, &other);
	if (other >= 0) {
		ks_error("show: '%s' names %s %s; try `ksurf show %s %s`", ctx.name,
			 other == DEP_ENUM ? "an" : "a", dep_kind_names[other], dep_kind_names[other],
			 dep_name_normalize((enum dep_kind)other, ctx.name, NULL));
		return KS_EXIT_ERROR;
	}
	bool glob = ctx.kind != DEP_CONFIG && dep_name_is_glob(ctx.name);
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
	if ((gs.mask || gs.baseline || gs.lts) && (ctx.image || per_image || ctx.kind == DEP_CONFIG)) {
		ks_error("show: --groups, --baseline and --lts are for the page, not with %s",
			 ctx.kind == DEP_CONFIG ? "config (shown per image)" : "--image or --per-image");
		return KS_EXIT_ERROR;
	}
	if (!gs.mask)
		gs.mask = groups_parse("regular,arch,flavor,toolchain");
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	ctx.st = &st;
	if (glob) {
		/* a name some image has is that name, whatever bytes it holds */
		struct each_ctx e = { .show = &ctx };
		if (ks_store_list_images(&st, find_any, &e) < 0 || ctx.failed) {
			ks_store_close(&st);
			return KS_EXIT_ERROR;
		}
		glob = !e.found;
	}
	bool layouts = glob && ctx.layout && ctx.image && ctx.format == KS_FORMAT_TEXT;
	if (glob && !layouts && (ctx.kind == DEP_FIELD || ctx.image || per_image || ctx.layout)) {
		ks_error("show: no image has %s %s; a glob lists the matching names of a kind "
			 "with their marks per group, as `ksurf index` does: not for a field, nor with "
			 "--image or --per-image (--layout: with --image and --format text, the "
			 "matching layouts)", dep_kind_names[ctx.kind], ctx.name);
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	if (glob && !layouts) {
		int rc = cli_index_print(&st, "show", dep_kind_names[ctx.kind], ctx.name, &gs, ctx.format);
		ks_store_close(&st);
		return rc;
	}
	char canon[512];
	if (ctx.image && ks_store_find_image(&st, "show", ctx.image, canon, sizeof(canon)) <= 0) {
		ks_store_close(&st);
		return KS_EXIT_ERROR;
	}
	if (ctx.image)
		ctx.image = canon;
	pager_start();
	int rc = PAGE_NO_GROUPS;
	if (layouts) {
		int64_t id = ks_store_image_id(&st, ctx.image);
		rc = id > 0 && dep_layout_print_all(&st, id, ctx.image, ctx.kind == DEP_UNION, ctx.name,
						     stdout) == 0 ? KS_EXIT_OK : KS_EXIT_ERROR;
		ks_store_close(&st);
		return rc;
	}
	if (!ctx.image && !per_image && ctx.kind != DEP_CONFIG) {
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
