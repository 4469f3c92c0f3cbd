/* fuzz_page.c — libFuzzer target: report pages over fuzzed images.  Two images
 * in the published layout (F, then G; each image/, func_groups/, symtab/,
 * types_struct/, types_func/, types_union/, types_enum/, tracepoints/ and
 * syscalls/ file, split at "\n--\n") are imported — the LSM hook and kfunc
 * decoders run on their types and symbols — stored in an in-memory dataset
 * and read back through the resolver (src/report/dep.c): the page of the
 * first names of every kind, and a field, in md, the site's HTML, text and
 * JSON.  G gets F's
 * arch and flavor and another version so that a group forms; when G does not
 * import, F is stored twice so. */
#include <stdlib.h>
#include <sys/stat.h>

#include "import/import.h"
#include "report/dep.h"
#include "report/groups.h"
#include "report/page.h"
#include "store/store.h"
#include "surface/surface.h"
#include "util/arena.h"
#include "util/json_parse.h"
#include "fuzz_common.h"

static char dir[64];
static const char *const kinds[] = { "image", "func_groups", "symtab", "types_struct", "types_func",
				     "types_union", "types_enum", "tracepoints", "syscalls" };
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	snprintf(dir, sizeof(dir), "/tmp/ksurf-fuzz-page-%d", (int)getpid());
	mkdir(dir, 0700);
	for (size_t i = 0; i < N_KINDS; i++) {
		char d[160];
		snprintf(d, sizeof(d), "%s/%s", dir, kinds[i]);
		mkdir(d, 0700);
	}
	/* FUZZ_PAGE_SHOW=1: the pages on stdout, to see what a seed reaches */
	sink = getenv("FUZZ_PAGE_SHOW") ? stdout : fopen("/dev/null", "w");
	return 0;
}

static const char *file_of(size_t i, const char *img, char *buf, size_t len)
{
	const char *ext = !strcmp(kinds[i], "image") || !strcmp(kinds[i], "syscalls") ? "json" : "jsonl";
	snprintf(buf, len, "%s/%s/%s.%s", dir, kinds[i], img, ext);
	return buf;
}

static void render(struct page_ctx *ctx, enum dep_kind kind, const char *name)
{
	if (!name || !*name)
		return;
	page_render(ctx, kind, name, PAGE_MD, sink);
	page_render(ctx, kind, name, PAGE_HTML, sink);
	page_render(ctx, kind, name, PAGE_TEXT, sink);
	page_render(ctx, kind, name, PAGE_JSON, sink);
}

/* The pages of the first names of each kind in S. */
static void pages(struct page_ctx *ctx, const struct ks_surface *s)
{
	for (size_t i = 0; i < s->groups.n && i < 4; i++)
		render(ctx, DEP_FUNC, s->groups.v[i].name);
	size_t per_kind[KS_TYPE__COUNT] = { 0 };
	for (size_t i = 0; i < s->types.n; i++) {
		const struct ks_type *t = &s->types.v[i];
		if (per_kind[t->kind]++ >= 3)
			continue;
		if (t->kind == KS_TYPE_STRUCT || t->kind == KS_TYPE_UNION) {
			render(ctx, t->kind == KS_TYPE_STRUCT ? DEP_STRUCT : DEP_UNION, t->name);
			/* and its first member as a field */
			struct arena a = { 0 };
			struct jv v;
			char err[64];
			if (json_parse(t->json, t->json_len, &a, &v, err, sizeof(err)) == 0) {
				const struct jv *ms = jv_get(&v, "members");
				const char *m = ms && ms->type == JV_ARR && ms->n ? jv_str(&ms->items[0], "name") : NULL;
				char field[512];
				if (m && t->name) {
					snprintf(field, sizeof(field), "%s::%s", t->name, m);
					render(ctx, DEP_FIELD, field);
				}
			}
			arena_free(&a);
		} else if (t->kind == KS_TYPE_ENUM) {
			render(ctx, DEP_ENUM, t->name);
		}
	}
	for (size_t i = 0; i < s->tracepoints.n && i < 3; i++)
		render(ctx, DEP_TRACEPOINT, s->tracepoints.v[i].event_name);
	for (size_t i = 0; i < s->lsm_hooks.n && i < 3; i++)
		render(ctx, DEP_LSM, s->lsm_hooks.v[i].name);
	for (size_t i = 0; i < s->kfuncs.n && i < 3; i++)
		render(ctx, DEP_KFUNC, s->kfuncs.v[i].name);
	for (size_t i = 0; i < s->syscalls.n && i < 3; i++)
		render(ctx, DEP_SYSCALL, s->syscalls.v[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	for (size_t k = 0; k < 2 * N_KINDS; k++) {
		const uint8_t *sep = p < end ? memmem(p, (size_t)(end - p), "\n--\n", 4) : NULL;
		const uint8_t *e = sep ? sep : end;
		char path[200];
		FILE *f = fopen(file_of(k % N_KINDS, k < N_KINDS ? "F" : "G", path, sizeof(path)), "wb");
		if (f) {
			if (e > p)
				fwrite(p, 1, (size_t)(e - p), f);
			fclose(f);
		}
		p = sep ? sep + 4 : end;
	}
	struct ks_surface a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	struct ks_store st;
	if (import_image(dir, "F", &a) < 0 || !a.info.name || ks_store_open(&st, ":memory:", true) < 0) {
		surface_free(&a);
		return 0;
	}
	int r = ks_store_add_image(&st, &a, false);
	if (import_image(dir, "G", &b) == 0 && b.info.name && strcmp(b.info.name, a.info.name)) {
		/* of F's arch and flavor, another series: a group forms (the grouping
		 * rules have tests of their own) */
		b.info.arch = a.info.arch;
		b.info.flavor = a.info.flavor;
		b.info.version = a.info.version && !strncmp(a.info.version, "99.", 3) ? "98.1.0" : "99.1.0";
		r |= ks_store_add_image(&st, &b, false);
	} else {
		struct ks_image_info keep = a.info;
		a.info.name = "G-copy";
		a.info.version = a.info.version && !strncmp(a.info.version, "99.", 3) ? "98.1.0" : "99.1.0";
		r |= ks_store_add_image(&st, &a, false);
		a.info = keep;
	}
	struct group_settings gs = { .mask = groups_parse("regular,arch,flavor") };
	struct page_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	if (r == 0 && page_ctx_open(&st, "fuzz", &gs, &ctx) == 0) {
		pages(&ctx, &a);
		if (b.info.name)
			pages(&ctx, &b);
	}
	page_ctx_close(&ctx);
	ks_store_close(&st);
	surface_free(&a);
	surface_free(&b);
	return 0;
}
