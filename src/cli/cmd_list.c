/* cmd_list.c — `ksurf list`: the images of the dataset with identity and counts. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "diff/image_diff.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/text_table.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf list [--format text|json|jsonl]\n"
		"\n"
		"List the images in the dataset.  Text is three tables, a legend under them:\n"
		"  NAME KIND VERSION ARCH FLAVOR  the image (KIND: vmlinux, btf a raw BTF\n"
		"               file, running the running kernel: groups from symbols only,\n"
		"               or imported)\n"
		"then per image its counts:\n"
		"  SYMBOLS      symbol table entries TYPES  named BTF types (json: per kind)\n"
		"  SYSC         system calls (distinct names, the table's placeholder for\n"
		"               unused slots left out, as diff counts them; json: syscalls,\n"
		"               the table's slots, and syscall_names)\n"
		"  TP           tracepoints\n"
		"  LSM          LSM hooks            KF     kfuncs\n"
		"  ENTRIES      function entries (DWARF)   GROUPS  function groups\n"
		"  TRANS        function groups transformed by the compiler (.isra,\n"
		"               .constprop, ...)\n"
		"then per image its function groups by class:\n"
		"  UG US DUP SS SG  by collision class: Unique Global, Unique Static, Static\n"
		"               Duplication, Static-Static, Static-Global collisions\n"
		"  NO FULL SEL  by inlining: not, fully, selectively inlined\n"
		"json also has config_entries: an array of one object per image; jsonl:\n"
		"one object per line.\n");
}

struct list_ctx {
	struct ks_store *st;
	int format;
	struct json_writer w;
	struct jw_records recs;
	struct text_table table, counts, funcs;
	int rows;
};

/* Three tables, each within 100 columns for names of up to 42 characters
 * (Debian's longest, 6.12.107+deb13-powerpc64le-64k-ppc64el, has 38): the
 * image, its counts, its function groups by class. */
static const char *const headings[] = { "NAME", "KIND", "VERSION", "ARCH", "FLAVOR" };
static const char *const count_headings[] = { "NAME", "SYMBOLS", "TYPES", "SYSC", "TP", "LSM",
					       "KF", "ENTRIES", "GROUPS", "TRANS" };
static const char *const func_headings[] = { "NAME", "UG", "US", "DUP", "SS", "SG", "NO", "FULL",
					     "SEL" };
#define NCOLS (sizeof(headings) / sizeof(headings[0]))
#define NCOUNT (sizeof(count_headings) / sizeof(count_headings[0]))
#define NFUNC (sizeof(func_headings) / sizeof(func_headings[0]))

static const char legend[] =
	"SYMBOLS symbol table entries, TYPES named BTF types, SYSC system calls (distinct names), "
	"TP tracepoints, "
	"LSM LSM hooks, KF kfuncs; ENTRIES function entries, GROUPS function groups, TRANS "
	"of them transformed; by collision class: UG unique global, US unique static, DUP static "
	"duplication, SS static-static, SG static-global; by inlining: NO not, FULL fully, SEL "
	"selectively inlined.";

static int print_row(const struct ks_image_row *r, void *arg)
{
	struct list_ctx *ctx = arg;
	if (ctx->format == KS_FORMAT_JSON || ctx->format == KS_FORMAT_JSONL) {
		struct json_writer *w = &ctx->w;
		jw_records_next(&ctx->recs);
		jw_init(w, stdout);
		jw_obj_open(w);
		const char *keys[] = { "name", "kind", "release", "version", "abi", "flavor", "arch",
				       "distro", "compiler", "banner", "source", "added_at" };
		const char *vals[] = { r->info.name, r->info.kind, r->info.release, r->info.version,
				       r->info.abi, r->info.flavor, r->info.arch, r->info.distro,
				       r->info.compiler, r->info.banner, r->info.source,
				       r->added_at };
		for (int i = 0; i < 12; i++)
			jw_kv_str(w, keys[i], vals[i]);
		jw_kv_i64(w, "symbols", r->n_symbols);
		jw_kv_i64(w, "func_entries", r->n_entries);
		jw_kv_i64(w, "func_groups", r->n_groups);
		jw_key(w, "collision");
		jw_obj_open(w);
		for (int i = 0; i < KS_COLL__COUNT; i++)
			jw_kv_i64(w, ks_collision_str(i), r->n_collision[i]);
		jw_obj_close(w);
		jw_key(w, "inline");
		jw_obj_open(w);
		for (int i = 0; i < KS_INLINE__COUNT; i++)
			jw_kv_i64(w, ks_inline_type_str(i), r->n_inline[i]);
		jw_obj_close(w);
		jw_kv_i64(w, "transformed", r->n_transformed);
		jw_kv_i64(w, "syscalls", r->n_syscalls);
		jw_kv_i64(w, "syscall_names", image_syscall_count(ctx->st, r->id));
		jw_kv_i64(w, "tracepoints", r->n_tracepoints);
		jw_kv_i64(w, "lsm_hooks", r->n_lsm_hooks);
		jw_kv_i64(w, "kfuncs", r->n_kfuncs);
		jw_kv_i64(w, "config_entries", r->n_config);
		jw_key(w, "types");
		jw_obj_open(w);
		for (int i = 0; i < KS_TYPE__COUNT; i++)
			jw_kv_i64(w, ks_type_kind_str(i), r->n_types[i]);
		jw_obj_close(w);
		jw_obj_close(w);
	} else {
		struct text_table *t = &ctx->table;
		int64_t types = 0;
		for (int i = 0; i < KS_TYPE__COUNT; i++)
			types += r->n_types[i];
		const char *text[] = { r->info.name, r->info.kind, r->info.version, r->info.arch,
				       r->info.flavor };
		int64_t nums[] = { r->n_symbols, types, image_syscall_count(ctx->st, r->id),
				   r->n_tracepoints, r->n_lsm_hooks, r->n_kfuncs,
				   r->n_entries, r->n_groups, r->n_transformed };
		int64_t funcs[] = { r->n_collision[KS_COLL_UNIQUE_GLOBAL],
				    r->n_collision[KS_COLL_UNIQUE_STATIC],
				    r->n_collision[KS_COLL_STATIC_DUP],
				    r->n_collision[KS_COLL_STATIC_STATIC],
				    r->n_collision[KS_COLL_STATIC_GLOBAL], r->n_inline[KS_INLINE_NO],
				    r->n_inline[KS_INLINE_FULL], r->n_inline[KS_INLINE_SELECTIVE] };
		for (size_t i = 0; i < 5; i++)
			text_table_add(t, "%s", *text[i] ? text[i] : "-");
		text_table_add(&ctx->counts, "%s", r->info.name);
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
			text_table_add(&ctx->counts, "%" PRId64, nums[i]);
		text_table_add(&ctx->funcs, "%s", r->info.name);
		for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
			text_table_add(&ctx->funcs, "%" PRId64, funcs[i]);
	}
	ctx->rows++;
	return 0;
}

int do_list(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_ctx ctx = { .format = KS_FORMAT_TEXT };
	int c;
	while ((c = getopt_long(argc, argv, ":f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			ctx.format = cli_parse_format(optarg, "text,json,jsonl");
			if (ctx.format < 0)
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (!cli_args(argc, argv, ""))
		return KS_EXIT_ERROR;
	struct ks_store st;
	if (cli_open_store(g, &st, false) < 0)
		return KS_EXIT_ERROR;
	bool json = ctx.format == KS_FORMAT_JSON || ctx.format == KS_FORMAT_JSONL;
	static const bool right[NCOLS] = { false };
	static const bool count_right[NCOUNT] = { [1] = true, [2] = true, [3] = true, [4] = true,
						  [5] = true, [6] = true, [7] = true, [8] = true,
						  [9] = true };
	static const bool func_right[NFUNC] = { [1] = true, [2] = true, [3] = true, [4] = true,
						[5] = true, [6] = true, [7] = true, [8] = true };
	text_table_init(&ctx.table, NCOLS, right);
	text_table_init(&ctx.counts, NCOUNT, count_right);
	text_table_init(&ctx.funcs, NFUNC, func_right);
	for (size_t i = 0; i < NCOLS; i++)
		text_table_add(&ctx.table, "%s", headings[i]);
	for (size_t i = 0; i < NCOUNT; i++)
		text_table_add(&ctx.counts, "%s", count_headings[i]);
	for (size_t i = 0; i < NFUNC; i++)
		text_table_add(&ctx.funcs, "%s", func_headings[i]);
	if (json)
		jw_records_begin(&ctx.recs, stdout, ctx.format == KS_FORMAT_JSONL);
	ctx.st = &st;
	int r = ks_store_list_images(&st, print_row, &ctx);
	if (json)
		jw_records_end(&ctx.recs);
	else if (r == 0 && ctx.rows) {
		struct strbuf sb = { 0 };
		text_wrap_items(&sb, "", "", legend, 100);
		text_table_print(&ctx.table, stdout);
		putchar('\n');
		text_table_print(&ctx.counts, stdout);
		putchar('\n');
		text_table_print(&ctx.funcs, stdout);
		printf("\n%s", sb_str(&sb));
		sb_free(&sb);
	}
	text_table_free(&ctx.table);
	text_table_free(&ctx.counts);
	text_table_free(&ctx.funcs);
	ks_store_close(&st);
	if (r < 0)
		return KS_EXIT_ERROR;
	if (ctx.rows == 0 && ctx.format == KS_FORMAT_TEXT)
		printf("no images; add one with `ksurf add VMLINUX`\n");
	return KS_EXIT_OK;
}
