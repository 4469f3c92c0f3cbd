/* cmd_list.c — `ksurf list`: the images of the dataset with identity and counts. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/text_table.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf list [--format text|json|jsonl]\n"
		"\n"
		"List the images in the dataset: name, version, arch, flavor, and counts of\n"
		"symbols, function entries and groups; groups by collision class (UG Unique\n"
		"Global, US Unique Static, DUP Static Duplication, SS Static-Static, SG\n"
		"Static-Global), by inline class (NO, FULL, SEL) and transformed (TRANS),\n"
		"named BTF types (TYPES; json: per kind), system calls (SYSC), tracepoints\n"
		"(TP), LSM hooks (LSM) and kfuncs (KF); json also config_entries.  KIND is\n"
		"vmlinux, btf (a raw BTF file), running (the running kernel: groups from\n"
		"symbols only) or imported.  json: an array of one object per image; jsonl:\n"
		"one object per line.\n");
}

struct list_ctx {
	int format;
	struct json_writer w;
	struct jw_records recs;
	struct text_table table;
	int rows;
};

static const char *const headings[] = { "NAME", "KIND", "VERSION", "ARCH", "FLAVOR", "SYMBOLS",
					"ENTRIES", "GROUPS", "UG", "US", "DUP", "SS", "SG", "NO",
					"FULL", "SEL", "TRANS", "TYPES", "SYSC", "TP", "LSM", "KF" };
#define NCOLS (sizeof(headings) / sizeof(headings[0]))

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
		for (int i = 0; i < 12; i++) {
			jw_key(w, keys[i]);
			jw_str(w, vals[i]);
		}
		jw_key(w, "symbols");
		jw_i64(w, r->n_symbols);
		jw_key(w, "func_entries");
		jw_i64(w, r->n_entries);
		jw_key(w, "func_groups");
		jw_i64(w, r->n_groups);
		jw_key(w, "collision");
		jw_obj_open(w);
		for (int i = 0; i < KS_COLL__COUNT; i++) {
			jw_key(w, ks_collision_str(i));
			jw_i64(w, r->n_collision[i]);
		}
		jw_obj_close(w);
		jw_key(w, "inline");
		jw_obj_open(w);
		for (int i = 0; i < KS_INLINE__COUNT; i++) {
			jw_key(w, ks_inline_type_str(i));
			jw_i64(w, r->n_inline[i]);
		}
		jw_obj_close(w);
		jw_key(w, "transformed");
		jw_i64(w, r->n_transformed);
		jw_key(w, "syscalls");
		jw_i64(w, r->n_syscalls);
		jw_key(w, "tracepoints");
		jw_i64(w, r->n_tracepoints);
		jw_key(w, "lsm_hooks");
		jw_i64(w, r->n_lsm_hooks);
		jw_key(w, "kfuncs");
		jw_i64(w, r->n_kfuncs);
		jw_key(w, "config_entries");
		jw_i64(w, r->n_config);
		jw_key(w, "types");
		jw_obj_open(w);
		for (int i = 0; i < KS_TYPE__COUNT; i++) {
			jw_key(w, ks_type_kind_str(i));
			jw_i64(w, r->n_types[i]);
		}
		jw_obj_close(w);
		jw_obj_close(w);
	} else {
		struct text_table *t = &ctx->table;
		int64_t types = 0;
		for (int i = 0; i < KS_TYPE__COUNT; i++)
			types += r->n_types[i];
		const char *text[] = { r->info.name, r->info.kind, r->info.version, r->info.arch,
				       r->info.flavor };
		int64_t nums[] = { r->n_symbols, r->n_entries, r->n_groups,
				   r->n_collision[KS_COLL_UNIQUE_GLOBAL],
				   r->n_collision[KS_COLL_UNIQUE_STATIC],
				   r->n_collision[KS_COLL_STATIC_DUP],
				   r->n_collision[KS_COLL_STATIC_STATIC],
				   r->n_collision[KS_COLL_STATIC_GLOBAL], r->n_inline[KS_INLINE_NO],
				   r->n_inline[KS_INLINE_FULL], r->n_inline[KS_INLINE_SELECTIVE],
				   r->n_transformed, types, r->n_syscalls, r->n_tracepoints,
				   r->n_lsm_hooks, r->n_kfuncs };
		for (size_t i = 0; i < 5; i++)
			text_table_add(t, "%s", *text[i] ? text[i] : "-");
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
			text_table_add(t, "%" PRId64, nums[i]);
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
	static const bool right[NCOLS] = { [5] = true, [6] = true, [7] = true, [8] = true, [9] = true,
					   [10] = true, [11] = true, [12] = true, [13] = true,
					   [14] = true, [15] = true, [16] = true, [17] = true,
					   [18] = true, [19] = true, [20] = true, [21] = true };
	text_table_init(&ctx.table, NCOLS, right);
	for (size_t i = 0; i < NCOLS; i++)
		text_table_add(&ctx.table, "%s", headings[i]);
	if (json)
		jw_records_begin(&ctx.recs, stdout, ctx.format == KS_FORMAT_JSONL);
	int r = ks_store_list_images(&st, print_row, &ctx);
	if (json)
		jw_records_end(&ctx.recs);
	else if (r == 0 && ctx.rows)
		text_table_print(&ctx.table, stdout);
	text_table_free(&ctx.table);
	ks_store_close(&st);
	if (r < 0)
		return KS_EXIT_ERROR;
	if (ctx.rows == 0 && ctx.format == KS_FORMAT_TEXT)
		printf("no images; add one with `ksurf add VMLINUX`\n");
	return KS_EXIT_OK;
}
