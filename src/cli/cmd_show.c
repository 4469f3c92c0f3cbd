/* cmd_show.c — `ksurf show KIND NAME`: one function or type in every image of the dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/config_text.h"
#include "report/func_report.h"
#include "report/groups.h"
#include "report/type_render.h"
#include "diff/type_diff.h"
#include "util/xalloc.h"
#include "store/store.h"
#include "util/error.h"
#include "util/json_parse.h"
#include "util/json_writer.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf show func|struct|union|enum|syscall|tracepoint|lsm|kfunc|config NAME\n"
		"                  [--image IMAGE] [--groups G,...] [--baseline IMAGE]\n"
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
		"With --groups (regular, lts, revision, arch, flavor) or --baseline: the report\n"
		"page of SPEC §8, Status and Differences per group around the baseline (given,\n"
		"else the one given last, else the amd64 generic image of the middle version);\n"
		"default groups regular, arch, flavor.\n"
		"config: the option's line in the image's config (NAME is CONFIG_X; json:\n"
		"{\"image\", \"state\": set|not set|absent|no config, \"value\"}).\n"
		"md (the default) prints that markdown; text one line per image with its marks\n"
		"(coloured on a terminal); json one line per image:\n"
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

static void fprint_code(FILE *out, const struct jv *t)
{
	struct strbuf sb = { 0 };
	render_definition(&sb, t);
	fprintf(out, "```c\n%s\n```\n", sb_str(&sb));
	sb_free(&sb);
}

static void print_code(const struct jv *t)
{
	fprint_code(stdout, t);
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

/* --- the report page (SPEC §8): Status and Differences per group --- */

/* One dependency in one image: whether it is there, its marks, its Status body,
 * and what its Differences compare (a type; a tracepoint's struct and func). */
struct dep {
	bool present;
	bool comparable; /* has what Differences compare: a function needs its prototype */
	char issues[256];
	char *body; /* malloc'd markdown after the summary's blank line */
	struct ks_surface s;
	struct jv a, b;
	bool has_a, has_b;
};

static int dep_load(struct show_ctx *ctx, int64_t id, struct dep *d)
{
	memset(d, 0, sizeof(*d));
	snprintf(d->issues, sizeof(d->issues), "✅");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	if (!out)
		return -1;
	int ret = 0;
	struct ks_surface *s = &d->s;
	if (ctx->kind == SHOW_LSM || ctx->kind == SHOW_KFUNC || ctx->kind == SHOW_TRACEPOINT) {
		ret = ks_store_load_hooks(ctx->st, id, s);
		char func[600] = "", strct[600] = "";
		for (size_t i = 0; ret == 0 && ctx->kind == SHOW_TRACEPOINT && i < s->tracepoints.n; i++)
			if (!strcmp(s->tracepoints.v[i].event_name, ctx->name)) {
				snprintf(func, sizeof(func), "trace_event_raw_event_%s", s->tracepoints.v[i].class_name);
				snprintf(strct, sizeof(strct), "trace_event_raw_%s", s->tracepoints.v[i].class_name);
			}
		const struct ks_item *v = ctx->kind == SHOW_LSM ? s->lsm_hooks.v : s->kfuncs.v;
		size_t n = ctx->kind == SHOW_LSM ? s->lsm_hooks.n : ctx->kind == SHOW_KFUNC ? s->kfuncs.n : 0;
		for (size_t i = 0; ret == 0 && i < n; i++)
			if (!strcmp(v[i].name, ctx->name))
				snprintf(func, sizeof(func), "%s%s", ctx->kind == SHOW_LSM ? "security_" : "",
					 ctx->name);
		if (ret == 0 && func[0]) {
			d->has_a = typed(ctx, id, KS_TYPE_FUNC, func, s, &d->a) != NULL;
			if (!d->has_a && ctx->kind == SHOW_LSM) {
				snprintf(func, sizeof(func), "bpf_lsm_%s", ctx->name);
				d->has_a = typed(ctx, id, KS_TYPE_FUNC, func, s, &d->a) != NULL;
			}
			if (strct[0])
				d->has_b = typed(ctx, id, KS_TYPE_STRUCT, strct, s, &d->b) != NULL;
			d->present = d->has_a && (!strct[0] || d->has_b);
			if (d->present && strct[0]) {
				/* a tracepoint: compare the event struct, then the function */
				struct jv t = d->a;
				d->a = d->b;
				d->b = t;
				fputs("Event:\n\n", out);
				fprint_code(out, &d->a);
				fputs("Function:\n\n", out);
				fprint_code(out, &d->b);
			} else if (d->present) {
				fprint_code(out, &d->a);
			}
		}
	} else if (ctx->kind == SHOW_SYSCALL) {
		ret = ks_store_load_syscalls(ctx->st, id, s);
		for (size_t i = 0; ret == 0 && i < s->syscalls.n; i++)
			if (s->syscalls.v[i] && !strcmp(s->syscalls.v[i], ctx->name)) {
				d->present = true;
				fprintf(out, "**Number:** %zu\n", i);
				break;
			}
	} else if (ctx->kind != SHOW_CONFIG) {
		const struct ks_type *t = NULL;
		if (ctx->kind == SHOW_FUNC)
			ret = ks_store_load_surface(ctx->st, id, ctx->name, false, s);
		if (ret == 0)
			ret = load_type(ctx, id, s, &d->a, &t);
		const struct ks_func_group *g = s->groups.n ? &s->groups.v[0] : NULL;
		d->has_a = t != NULL;
		d->present = g || t;
		if (g) {
			FILE *is = fmemopen(d->issues, sizeof(d->issues) - 1, "w");
			if (is) {
				report_func_issues(is, g);
				fclose(is);
			}
		}
		if (t)
			fprint_code(out, &d->a);
		if (t && g)
			fputc('\n', out);
		if (g)
			report_func_block(out, s, g);
	}
	d->comparable = ctx->kind == SHOW_FUNC ? d->has_a : d->present;
	fclose(out);
	d->body = buf;
	return ret;
}

static void dep_free(struct dep *d)
{
	free(d->body);
	surface_free(&d->s);
}

/* The changes from OLD to NEW (empty when the kinds have nothing to compare). */
static void dep_diff(const struct dep *o, const struct dep *n, diff_changes *out)
{
	if (o->has_a && n->has_a && !o->has_b) {
		diff_types(&o->a, &n->a, out);
		return;
	}
	for (int k = 0; k < 2 && o->has_b && n->has_b; k++) {
		diff_changes sub = { 0 };
		diff_types(k ? &o->b : &o->a, k ? &n->b : &n->a, &sub);
		if (sub.n) {
			struct diff_change head = { k ? DIFF_FUNC_CHANGED : DIFF_EVENT_CHANGED, NULL, NULL };
			vec_push(out, head);
			for (size_t i = 0; i < sub.n; i++)
				vec_push(out, sub.v[i]);
		}
		vec_free(&sub);
	}
}

static const char *page_titles[SHOW__COUNT] = {
	[SHOW_FUNC] = "Function", [SHOW_STRUCT] = "Struct", [SHOW_UNION] = "Union",
	[SHOW_ENUM] = "Enum", [SHOW_SYSCALL] = "Syscall", [SHOW_TRACEPOINT] = "Tracepoint",
	[SHOW_LSM] = "LSM", [SHOW_KFUNC] = "kfunc", [SHOW_CONFIG] = "Config",
};

struct page_image {
	int64_t id;
	struct image_ident ident;
	struct arena strings;
	struct dep dep;
	bool loaded;
};

/* The compact view: LABEL and the marks on one line, coloured on a terminal. */
static void text_line(const char *label, const struct dep *d)
{
	static int tty = -1;
	if (tty < 0)
		tty = isatty(STDOUT_FILENO);
	const char *marks = !d || !d->present ? "Absent ⚠️" : d->issues;
	bool ok = d && d->present && !strcmp(d->issues, "✅");
	const char *color = !tty ? "" : ok ? "\033[32m" : !d || !d->present ? "\033[31m" : "\033[33m";
	printf("  %-28s %s%s%s\n", label, color, marks, tty ? "\033[0m" : "");
}

static int text_one(const struct ks_image_row *row, void *arg)
{
	struct show_ctx *ctx = arg;
	if (ctx->image && strcmp(ctx->image, row->info.name))
		return 0;
	struct dep d;
	int r = dep_load(ctx, row->id, &d);
	if (r == 0) {
		if (ctx->shown++ == 0)
			printf("%s %s\n", page_titles[ctx->kind], ctx->name);
		text_line(row->info.name, &d);
	}
	dep_free(&d);
	if (r < 0)
		ctx->failed = 1;
	return r < 0;
}

static int collect_image(const struct ks_image_row *row, void *arg)
{
	VEC(struct page_image) *v = arg;
	struct page_image pi = { .id = row->id };
	struct arena *a = &pi.strings;
	pi.ident = (struct image_ident){ row->id, arena_strdup(a, row->info.name),
					 arena_strdup(a, row->info.version), arena_strdup(a, row->info.abi),
					 arena_strdup(a, row->info.flavor), arena_strdup(a, row->info.arch) };
	vec_push(v, pi);
	return 0;
}

static int show_page(struct show_ctx *ctx, int mask, const char *baseline_name)
{
	VEC(struct page_image) imgs = { 0 };
	if (ks_store_list_images(ctx->st, collect_image, &imgs) < 0)
		return KS_EXIT_ERROR;
	int ret = KS_EXIT_OK;
	struct image_ident *ids = xcalloc(imgs.n ? imgs.n : 1, sizeof(*ids));
	for (size_t i = 0; i < imgs.n; i++)
		ids[i] = imgs.v[i].ident;
	long base = -1;
	char stored[512] = "";
	if (!baseline_name && ks_store_get_meta(ctx->st, "baseline", stored, sizeof(stored)) == 1)
		baseline_name = stored;
	for (size_t i = 0; baseline_name && i < imgs.n; i++)
		if (!strcmp(ids[i].name, baseline_name))
			base = (long)i;
	if (baseline_name && base < 0) {
		ks_error("show: no image named %s in the dataset (the baseline)", baseline_name);
		ret = KS_EXIT_ERROR;
		goto out;
	}
	if (base < 0)
		base = groups_default_baseline(ids, imgs.n);
	if (base < 0) {
		ks_error("show: no baseline: pass --baseline IMAGE (no amd64 generic image to default to)");
		ret = KS_EXIT_ERROR;
		goto out;
	}
	struct report_group *groups;
	size_t ng = groups_build(ids, imgs.n, (size_t)base, mask, &groups);
	/* every image the page needs, loaded once */
	for (size_t i = 0; i < imgs.n && ret == KS_EXIT_OK; i++) {
		bool needed = i == (size_t)base;
		for (size_t g = 0; g < ng && !needed; g++)
			for (size_t j = 0; j < groups[g].n && !needed; j++)
				needed = groups[g].images[j].id == imgs.v[i].id;
		if (!needed)
			continue;
		if (dep_load(ctx, imgs.v[i].id, &imgs.v[i].dep) < 0)
			ret = KS_EXIT_ERROR;
		imgs.v[i].loaded = true;
	}
	if (ret != KS_EXIT_OK) {
		groups_free(groups, ng);
		goto out;
	}
	if (ctx->format == KS_FORMAT_TEXT) {
		printf("%s %s (baseline %s)\n", page_titles[ctx->kind], ctx->name, ids[base].name);
		for (size_t g = 0; g < ng; g++) {
			printf("%s\n", groups[g].title);
			for (size_t j = 0; j < groups[g].n; j++) {
				const struct group_image *gi = &groups[g].images[j];
				if (groups[g].against_baseline && gi->id == groups[g].baseline.id)
					continue;
				const struct dep *d = NULL;
				for (size_t i = 0; i < imgs.n; i++)
					if (imgs.v[i].id == gi->id)
						d = &imgs.v[i].dep;
				text_line(gi->label, d);
			}
		}
		groups_free(groups, ng);
		goto out;
	}
	printf("# %s: <code>%s</code>\n\n## Status\n", page_titles[ctx->kind], ctx->name);
	for (size_t g = 0; g < ng; g++) {
		printf("<b>%s</b>\n<ul>\n", groups[g].title);
		for (size_t j = 0; j < groups[g].n; j++) {
			const struct group_image *gi = &groups[g].images[j];
			if (groups[g].against_baseline && gi->id == groups[g].baseline.id)
				continue;
			const struct dep *d = NULL;
			for (size_t i = 0; i < imgs.n; i++)
				if (imgs.v[i].id == gi->id)
					d = &imgs.v[i].dep;
			if (!d || !d->present) {
				printf("<li>\nIn <code>%s</code>: Absent ⚠️\n</li>\n", gi->label);
				continue;
			}
			printf("<li>\n<details>\n<summary>In <code>%s</code>: %s</summary>\n\n%s</details>\n</li>\n",
			       gi->label, d->issues, d->body ? d->body : "");
		}
		puts("</ul>");
	}
	puts("\n## Differences");
	for (size_t g = 0; g < ng; g++) {
		struct strbuf items = { 0 };
		bool any_comparable = false;
		size_t np = groups[g].n;
		for (size_t j = 0; j < np; j++) {
			const struct group_image *oi = groups[g].against_baseline ? &groups[g].baseline
						       : j ? &groups[g].images[j - 1] : NULL;
			const struct group_image *ni = &groups[g].images[j];
			const struct dep *od = NULL, *nd = NULL;
			for (size_t i = 0; i < imgs.n; i++) {
				if (oi && imgs.v[i].id == oi->id)
					od = &imgs.v[i].dep;
				if (imgs.v[i].id == ni->id)
					nd = &imgs.v[i].dep;
			}
			if (nd && nd->comparable)
				any_comparable = true;
			if (!oi || oi->id == ni->id || !od || !nd || !od->comparable || !nd->comparable)
				continue;
			diff_changes ch = { 0 };
			dep_diff(od, nd, &ch);
			if (!ch.n) {
				sb_addf(&items, "<li>\nNo changes between <code>%s</code> and <code>%s</code> ✅\n</li>\n",
					oi->label, ni->label);
			} else {
				sb_addf(&items, "<li>\n<details>\n<summary>Changed between <code>%s</code> and "
					"<code>%s</code> ⚠️</summary>\n<ul>\n", oi->label, ni->label);
				for (size_t k = 0; k < ch.n; k++) {
					const struct diff_change *c = &ch.v[k];
					sb_addf(&items, "<li>\n<b>%s. </b>\n", diff_issue_str(c->issue));
					if (c->old_text && c->new_text)
						sb_addf(&items, "<code>%s</code> ➡️ <code>%s</code>\n", c->old_text,
							c->new_text);
					else if (c->old_text)
						sb_addf(&items, "<code>%s</code>\n", c->old_text);
					sb_add(&items, "</li>\n");
				}
				sb_add(&items, "</ul>\n</details>\n</li>\n");
			}
			diff_changes_free(&ch);
		}
		if (any_comparable)
			printf("<b>%s</b>\n<ul>\n%s</ul>\n", groups[g].title, sb_str(&items));
		sb_free(&items);
	}
	groups_free(groups, ng);
out:
	for (size_t i = 0; i < imgs.n; i++) {
		if (imgs.v[i].loaded)
			dep_free(&imgs.v[i].dep);
		arena_free(&imgs.v[i].strings);
	}
	vec_free(&imgs);
	free(ids);
	return ret;
}

int do_show(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "groups", required_argument, NULL, 'g' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int groups = 0;
	const char *baseline = NULL;
	static const char *const kinds[SHOW__COUNT] = { "func", "struct", "union", "enum", "syscall",
							"tracepoint", "lsm", "kfunc", "config" };
	struct show_ctx ctx = { .format = KS_FORMAT_MD };
	int c;
	while ((c = getopt_long(argc, argv, "i:f:g:b:h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ctx.image = optarg;
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
	if (groups || baseline) {
		/* the report page; a baseline given is remembered for the next pages */
		int rc = show_page(&ctx, groups ? groups : groups_parse("regular,arch,flavor"), baseline);
		if (rc == KS_EXIT_OK && baseline && ks_store_set_meta(&st, "baseline", baseline) < 0)
			rc = KS_EXIT_ERROR;
		ks_store_close(&st);
		return rc;
	}
	int r = ctx.format == KS_FORMAT_TEXT && ctx.kind != SHOW_CONFIG
			? ks_store_list_images(&st, text_one, &ctx)
			: ks_store_list_images(&st, show_one, &ctx);
	ks_store_close(&st);
	if (r < 0 || ctx.failed)
		return KS_EXIT_ERROR;
	if (ctx.image && ctx.shown == 0) {
		ks_error("show: no image named %s in the dataset", ctx.image);
		return KS_EXIT_ERROR;
	}
	if (ctx.shown == 0) {
		ks_error("show: the dataset has no images (add one with `ksurf add`)");
		return KS_EXIT_ERROR;
	}
	return KS_EXIT_OK;
}
