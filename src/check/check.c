#include "check/check_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf/bpf_reach.h"
#include "config/config_text.h"
#include "diff/rename.h"
#include "report/dep.h"
#include "report/group_settings.h"
#include "store/store.h"
#include "surface/hook_names.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/xalloc.h"

const char *const check_cons_names[CONS__COUNT] = { "ok", "degraded", "wrong-data", "misses",
						    "fails" };

int check_cons_parse(const char *s)
{
	for (int i = 0; i < CONS__COUNT; i++)
		if (!strcmp(s, check_cons_names[i]))
			return i;
	return !strcmp(s, "misses-events") ? CONS_MISSES : -1;
}

/* --- what one image holds, loaded once --- */

/* Enumerators of one enum of an image (bpf_func_id, bpf_map_type). */
struct enum_values {
	VEC(const char *) names;
	VEC(int64_t) vals;
	struct hindex by_name; /* names, by hash */
};

struct image_state {
	struct enum_values helpers, map_types;
	int refuses_dup; /* kprobes on a name several functions share fail (-1: not read yet) */
	bool notrace_loaded;
	struct ks_surface notrace; /* the functions ftrace cannot trace */
	struct hindex notrace_ix;
	bool config_loaded;
	char *config;
	bool symbols_loaded;
	struct ks_surface symtab; /* ksyms: the whole symbol table */
	struct hindex symtab_ix;  /* its names, by hash */
	bool kfuncs_loaded;
	VEC(const char *) kfuncs; /* the kfuncs it has (in the run's strings) */
	struct hindex kfunc_ix;   /* ... by hash */
};

/* One dependency's facts in one image. */
struct fact {
	size_t image;
	enum bpf_dep_kind kind;
	const char *name;
	unsigned attach;
	bool present;
	struct dep *d;         /* dep_load's, where the kind has one (else NULL: a
				* helper's fact is small, an object may call thousands) */
	bool loaded;
	bool has_btf;          /* a function's prototype */
	bool plain_symbol;     /* a function's symbol of exactly its name */
	int plain_symbols;     /* ... how many (two static functions of one name) */
	bool cold_only;        /* its suffixed symbols are .cold parts only */
	bool self_inline_only; /* inlined only into itself (GCC's recursive inline) */
	bool notrace;          /* no ftrace call site at its entry (elf/mcount.h) */
	int n_params;          /* its prototype's, -1 unknown */
	int n_args;            /* the 8-byte context slots its arguments fill (a
				* function's, an LSM hook's, a tracepoint's but
				* btf_trace_E's __data): -1 unknown */
	bool ret_void;         /* a function or LSM hook returning nothing */
	enum ks_issue status[CHECK_MAX_ISSUES]; /* a function group's issues */
	int n_status;
	size_t matches;        /* a pattern: functions it matches */
	VEC(const char *) matched; /* ... their names (in the run's strings) */
	char *text;            /* a raw tracepoint's btf_trace_E typedef, an enum value */
};

struct check_cache {
	struct check_canon_cache canon;
	struct check_type_cache types;
	struct image_state *img; /* per run image */
	VEC(struct fact *) facts;
	struct hindex ix;
};

struct check_canon_cache *check_canon_cache(struct check_run *run)
{
	return &run->cache->canon;
}

struct check_type_cache *check_type_cache(struct check_run *run)
{
	return &run->cache->types;
}

static const struct jv *parse_type(struct ks_store *st, int64_t id, int kind, const char *name,
				   struct ks_surface *s, struct jv *out)
{
	size_t before = s->types.n;
	char err[64];
	if (ks_store_load_types(st, id, kind, name, s) < 0 || s->types.n == before)
		return NULL;
	const struct ks_type *t = &s->types.v[before];
	return json_parse(t->json, t->json_len, &s->type_text, out, err, sizeof(err)) == 0 ? out
											  : NULL;
}

static void load_enum(struct ks_store *st, int64_t id, const char *name, struct arena *a,
		      struct enum_values *out)
{
	struct ks_surface s = { 0 };
	struct jv e;
	const struct jv *v = parse_type(st, id, KS_TYPE_ENUM, name, &s, &e);
	const struct jv *vals = v ? jv_get(v, "values") : NULL;
	for (size_t i = 0; vals && vals->type == JV_ARR && i < vals->n; i++) {
		const char *n = jv_str(&vals->items[i], "name");
		int64_t x;
		if (n && jv_i64(&vals->items[i], "val", &x)) {
			hindex_insert(&out->by_name, hash_str(n), (uint32_t)out->names.n);
			vec_push(&out->names, arena_strdup(a, n));
			vec_push(&out->vals, x);
		}
	}
	surface_free(&s);
}

/* The inline class of function NAME in image IMG; -1 when it has no group. */
static int inline_of(struct check_run *run, size_t img, const char *name)
{
	int t;
	return ks_store_func_class(run->st, run->images.v[img].id, name, &t) == 1 ? t : -1;
}

/* --- the run --- */

int check_run_init(struct check_run *run, struct ks_store *st, const char *const *names,
		   size_t n_names)
{
	memset(run, 0, sizeof(*run));
	run->st = st;
	struct image_idents il;
	if (image_idents_load(st, &il) < 0) {
		image_idents_free(&il);
		return -1;
	}
	/* which image each is compared with: its report group's choice */
	struct group_settings gs = { .mask = groups_parse("regular,revision,arch,flavor") };
	struct group_choice gc = { .baseline = -1 };
	bool grouped = il.v.n && group_settings_resolve(st, "check", &gs, il.v.v, il.v.n, &gc) == 0;
	int ret = 0;
	for (size_t i = 0; i < il.v.n; i++) {
		bool want = !names;
		for (size_t k = 0; names && k < n_names && !want; k++)
			want = !strcmp(names[k], il.v.v[i].name);
		if (!want)
			continue;
		struct check_image im = { il.v.v[i].id, arena_strdup(&run->strings, il.v.v[i].name), 0,
					  arena_strdup(&run->strings, il.v.v[i].arch ? il.v.v[i].arch : ""),
					  il.v.v[i].version ? arena_strdup(&run->strings, il.v.v[i].version)
							    : NULL,
					  il.v.v[i].release ? arena_strdup(&run->strings, il.v.v[i].release)
							    : NULL,
					  il.v.v[i].banner ? arena_strdup(&run->strings, il.v.v[i].banner)
							   : NULL };
		for (size_t g = 0; grouped && g < gc.ng && !im.ref; g++) {
			const struct report_group *gr = &gc.groups[g];
			for (size_t j = 0; j < gr->n; j++) {
				if (gr->images[j].id != im.id)
					continue;
				if (gr->against_baseline)
					im.ref = gr->baseline.id;
				else if (j > 0)
					im.ref = gr->images[j - 1].id;
				break;
			}
		}
		vec_push(&run->images, im);
	}
	if (grouped)
		group_choice_free(&gc);
	image_idents_free(&il);
	run->cache = xcalloc(1, sizeof(*run->cache));
	run->cache->img = xcalloc(run->images.n ? run->images.n : 1, sizeof(struct image_state));
	for (size_t i = 0; i < run->images.n; i++) {
		struct image_state *is = &run->cache->img[i];
		load_enum(st, run->images.v[i].id, "bpf_func_id", &run->strings, &is->helpers);
		load_enum(st, run->images.v[i].id, "bpf_map_type", &run->strings, &is->map_types);
		is->refuses_dup = -1;
	}
	return ret;
}

static size_t image_index(const struct check_run *run, int64_t id)
{
	for (size_t i = 0; i < run->images.n; i++)
		if (run->images.v[i].id == id)
			return i;
	return (size_t)-1;
}

/* The name helper or map type number ID has in the images ("bpf_map_lookup_elem",
 * "BPF_MAP_TYPE_RINGBUF"): from the image whose enum knows the most values (the
 * newest), never a count such as __BPF_FUNC_MAX_ID; NULL when none knows it. */
static const char *enum_name(struct check_run *run, bool helper, int64_t id)
{
	const char *best = NULL;
	size_t best_n = 0;
	for (size_t i = 0; i < run->images.n; i++) {
		const struct enum_values *e = helper ? &run->cache->img[i].helpers
						     : &run->cache->img[i].map_types;
		for (size_t k = 0; k < e->names.n; k++)
			if (e->vals.v[k] == id && strncmp(e->names.v[k], "__", 2) &&
			    (!best || e->names.n > best_n)) {
				best = e->names.v[k];
				best_n = e->names.n;
			}
	}
	if (best && helper && !strncmp(best, "BPF_FUNC_", 9))
		return arena_printf(&run->strings, "bpf_%s", best + 9);
	return best;
}

static bool enum_has(struct enum_values *e, const char *name)
{
	uint64_t h = hash_str(name);
	for (uint32_t *p = hindex_first(&e->by_name, h); p; p = hindex_next(&e->by_name, h, p))
		if (!strcmp(e->names.v[*p], name))
			return true;
	return false;
}

static enum dep_kind dep_kind_of(enum bpf_dep_kind k)
{
	switch (k) {
	case BDEP_SYSCALL: return DEP_SYSCALL;
	case BDEP_TRACEPOINT: return DEP_TRACEPOINT;
	case BDEP_LSM: return DEP_LSM;
	case BDEP_STRUCT: return DEP_STRUCT;
	case BDEP_FIELD: return DEP_FIELD;
	case BDEP_KFUNC: return DEP_KFUNC;
	default: return DEP_FUNC;
	}
}

static bool is_pattern(const struct bpf_dep *d)
{
	return d->kind == BDEP_FUNC && (d->attach & (1u << ATTACH_FUNC_GLOB));
}

/* Whether D is a CO-RE relocation's anonymous root type ("struct (anon)",
 * "(anon)::VALUE" of an anonymous enum). */
static bool anonymous(const struct bpf_dep *d)
{
	return (d->kind == BDEP_TYPE && strstr(d->name, "(anon)")) ||
	       (d->kind == BDEP_ENUMVAL && !strncmp(d->name, "(anon)::", 8));
}

/* Whether D is what a program's section needs (a program type, an attach
 * type, a config option), not what its code names. */
static bool requires(const struct bpf_dep *d)
{
	for (size_t u = 0; u < d->uses.n; u++)
		if (!strcmp(d->uses.v[u], "requires"))
			return true;
	return false;
}

/* Whether image IMG says its ftrace cannot trace function NAME. */
static bool is_notrace(struct check_run *run, size_t img, const char *name)
{
	struct image_state *is = &run->cache->img[img];
	if (!is->notrace_loaded) {
		is->notrace_loaded = true;
		ks_store_load_notrace(run->st, run->images.v[img].id, &is->notrace);
		for (size_t i = 0; i < is->notrace.notrace.n; i++)
			hindex_insert(&is->notrace_ix, hash_str(is->notrace.notrace.v[i]), (uint32_t)i);
	}
	for (uint32_t *p = hindex_first(&is->notrace_ix, hash_str(name)); p;
	     p = hindex_next(&is->notrace_ix, hash_str(name), p))
		if (!strcmp(is->notrace.notrace.v[*p], name))
			return true;
	return false;
}

struct match_ctx {
	struct check_run *run;
	size_t img;
	struct fact *f;
};

/* A function a pattern matches: kept unless ftrace cannot trace it (the
 * kernel's fprobe attaches where ftrace can). */
static int match_cb(const char *name, void *arg)
{
	struct match_ctx *m = arg;
	if (is_notrace(m->run, m->img, name))
		return 1;
	vec_push(&m->f->matched, arena_strdup(&m->run->strings, name));
	return 0;
}

/* Whether image IMG has kfunc NAME: its kfuncs are read once (an object may
 * name thousands, each a query scanning the image's hooks). */
static bool has_kfunc(struct check_run *run, size_t img, const char *name)
{
	struct image_state *is = &run->cache->img[img];
	if (!is->kfuncs_loaded) {
		struct ks_surface s = { 0 };
		is->kfuncs_loaded = true;
		ks_store_load_hooks(run->st, run->images.v[img].id, NULL, &s);
		for (size_t i = 0; i < s.kfuncs.n; i++) {
			hindex_insert(&is->kfunc_ix, hash_str(s.kfuncs.v[i].name), (uint32_t)is->kfuncs.n);
			vec_push(&is->kfuncs, arena_strdup(&run->strings, s.kfuncs.v[i].name));
		}
		surface_free(&s);
	}
	uint64_t h = hash_str(name);
	for (uint32_t *p = hindex_first(&is->kfunc_ix, h); p; p = hindex_next(&is->kfunc_ix, h, p))
		if (!strcmp(is->kfuncs.v[*p], name))
			return true;
	return false;
}

/* The config text of image I, NULL when it has none stored (read once). */
static const char *image_config(struct check_run *run, size_t i)
{
	struct image_state *is = &run->cache->img[i];
	if (!is->config_loaded) {
		struct ks_surface s = { 0 };
		is->config_loaded = true;
		if (ks_store_load_config(run->st, run->images.v[i].id, &s) == 0 && s.config)
			is->config = xstrdup(s.config);
		surface_free(&s);
	}
	return is->config;
}

/* The 8-byte context slots the parameters PARAMS fill from the SKIP-th on, as
 * a trampoline lays them out: one each, a struct or union by value (or a
 * typedef of one) its size's; -1 when a size is unknown. */
static int param_slots(struct check_run *run, size_t img, const struct jv *params, size_t skip)
{
	if (!params || params->type != JV_ARR || params->n < skip)
		return -1;
	int slots = 0;
	for (size_t i = skip; i < params->n; i++) {
		const struct jv *t = jv_get(&params->items[i], "type");
		const char *kind = t ? jv_str(t, "kind") : NULL;
		const char *name = t ? jv_str(t, "name") : NULL;
		if (!kind)
			return -1;
		int k = !strcmp(kind, "STRUCT") ? KS_TYPE_STRUCT : !strcmp(kind, "UNION") ? KS_TYPE_UNION
		      : !strcmp(kind, "TYPEDEF") ? KS_TYPE_TYPEDEF : -1;
		int64_t size = 8;
		if (k >= 0) {
			const struct jv *full = name ? check_type(run, img, k, name) : NULL;
			if (!full || !jv_i64(full, "size", &size) || size < 0 || size > 64)
				return -1;
		}
		slots += size > 8 ? (int)((size + 7) / 8) : 1;
	}
	return slots;
}

/* Whether function or hook A (its stored JSON) returns void. */
static bool returns_void(const struct jv *a)
{
	const char *k = jv_str(jv_get(jv_get(a, "type"), "ret_type"), "kind");
	return k && !strcmp(k, "VOID");
}

/* Load the facts of dependency D in image IMG (not cached). */
static void load_fact(struct check_run *run, size_t img, const struct bpf_dep *d, struct fact *f)
{
	struct ks_store *st = run->st;
	int64_t id = run->images.v[img].id;
	struct image_state *is = &run->cache->img[img];
	switch (d->kind) {
	case BDEP_FUNC:
		if (is_pattern(d)) {
			struct match_ctx m = { run, img, f };
			int64_t n = ks_store_match_funcs(st, id, d->name, match_cb, &m);
			f->matches = n > 0 ? (size_t)n : 0;
			f->present = f->matches > 0;
			return;
		}
		/* fall through */
	case BDEP_SYSCALL:
	case BDEP_TRACEPOINT:
	case BDEP_LSM:
	case BDEP_STRUCT:
	case BDEP_FIELD:
	case BDEP_KFUNC:
		if (d->kind == BDEP_KFUNC && !has_kfunc(run, img, d->name))
			return; /* absent: nothing to load */
		f->d = xcalloc(1, sizeof(*f->d));
		f->loaded = dep_load(st, id, dep_kind_of(d->kind), d->name, f->d) == 0;
		if (f->loaded && !f->d->present && d->kind == BDEP_STRUCT) {
			dep_free(f->d);
			f->loaded = dep_load(st, id, DEP_UNION, d->name, f->d) == 0;
		}
		if (!f->loaded) {
			dep_free(f->d); /* what a failed load had read (a damaged dataset) */
			memset(f->d, 0, sizeof(*f->d));
		}
		f->present = f->loaded && f->d->present;
		if (d->kind == BDEP_FUNC && f->loaded) {
			f->has_btf = f->d->func_type >= 0;
			const struct ks_func_group *g = f->d->group;
			const struct ks_surface *s = &f->d->s;
			bool other = false;
			for (uint32_t k = 0; g && k < g->n_symbols; k++) {
				const char *sn = s->symbols.v[s->group_symbols.v[g->first_symbol + k]].name;
				if (!strcmp(sn, d->name))
					f->plain_symbols++;
				else if (!strstr(sn, ".cold"))
					other = true; /* .isra, .constprop, .part: a copy */
			}
			f->plain_symbol = f->plain_symbols > 0;
			f->cold_only = f->plain_symbol && !other;
			/* inlined only into itself: every inline caller is the function */
			bool self = false, foreign = false;
			for (uint32_t e = 0; g && e < g->n_entries; e++) {
				const struct ks_func_entry *en = &s->entries.v[g->first_entry + e];
				for (uint32_t k = 0; k < en->n_inline_callers; k++) {
					const char *c = strrchr(en->inline_callers[k], ':');
					c = c ? c + 1 : en->inline_callers[k];
					if (!strcmp(c, d->name))
						self = true;
					else
						foreign = true;
				}
			}
			f->self_inline_only = self && !foreign;
			f->notrace = f->plain_symbol && is_notrace(run, img, d->name);
			const struct jv *ps = f->has_btf ? jv_get(jv_get(&f->d->a, "type"), "params") : NULL;
			f->n_params = ps && ps->type == JV_ARR ? (int)ps->n : -1;
			for (int i = 0; i < f->d->n_issues && i < CHECK_MAX_ISSUES; i++)
				f->status[f->n_status++] = f->d->issues[i];
		}
		if ((d->kind == BDEP_FUNC || d->kind == BDEP_LSM) && f->present) {
			/* the context a trampoline gives: its prototype's slots */
			f->n_args = param_slots(run, img, jv_get(jv_get(&f->d->a, "type"), "params"), 0);
			f->ret_void = returns_void(&f->d->a);
		}
		if (d->kind == BDEP_TRACEPOINT) {
			/* raw_tp/tp_btf read the arguments of btf_trace_EVENT */
			struct ks_surface s = { 0 };
			char tn[600];
			hook_name(tn, sizeof(tn), HOOK_TP_TYPEDEF, d->name);
			struct jv td;
			const struct jv *t = parse_type(st, id, KS_TYPE_TYPEDEF, tn, &s, &td);
			if (t) {
				f->text = strndup(s.types.v[0].json, s.types.v[0].json_len);
				if (d->attach & (1u << ATTACH_TP_RAW))
					f->present = true;
				/* a pointer to the probe's prototype: __data, then the arguments */
				const struct jv *proto = jv_get(jv_get(t, "type"), "type");
				f->n_args = param_slots(run, img, jv_get(proto, "params"), 1);
			}
			surface_free(&s);
		}
		return;
	case BDEP_TYPE: {
		const char *n = d->name;
		int kinds[2] = { -1, -1 };
		if (!strncmp(n, "struct ", 7))
			kinds[0] = KS_TYPE_STRUCT, n += 7;
		else if (!strncmp(n, "union ", 6))
			kinds[0] = KS_TYPE_UNION, n += 6;
		else if (!strncmp(n, "enum ", 5))
			kinds[0] = KS_TYPE_ENUM, kinds[1] = KS_TYPE_ENUM64, n += 5;
		else
			kinds[0] = KS_TYPE_TYPEDEF, kinds[1] = KS_TYPE_INT;
		struct ks_surface s = { 0 };
		for (int k = 0; k < 2 && kinds[k] >= 0 && !s.types.n; k++)
			ks_store_load_types(st, id, kinds[k], n, &s);
		f->present = s.types.n > 0;
		surface_free(&s);
		return;
	}
	case BDEP_ENUMVAL: {
		const char *sep = strstr(d->name, "::");
		if (!sep)
			return;
		char en[512];
		snprintf(en, sizeof(en), "%.*s", (int)(sep - d->name), d->name);
		struct ks_surface s = { 0 };
		struct jv e;
		const struct jv *v = parse_type(st, id, KS_TYPE_ENUM, en, &s, &e);
		if (!v)
			v = parse_type(st, id, KS_TYPE_ENUM64, en, &s, &e);
		if (!v && requires(d))
			f->present = true; /* an image without the enum (no BPF types): nothing to tell */
		const struct jv *vals = v ? jv_get(v, "values") : NULL;
		for (size_t i = 0; vals && vals->type == JV_ARR && i < vals->n; i++) {
			const char *vn = jv_str(&vals->items[i], "name");
			int64_t x;
			if (vn && !strcmp(vn, sep + 2) && jv_i64(&vals->items[i], "val", &x)) {
				f->present = true;
				if (asprintf(&f->text, "%lld", (long long)x) < 0)
					f->text = NULL;
			}
		}
		surface_free(&s);
		return;
	}
	case BDEP_HELPER: {
		const char *n = d->name;
		char en[300];
		snprintf(en, sizeof(en), "BPF_FUNC_%s", !strncmp(n, "bpf_", 4) ? n + 4 : n);
		/* an image without enum bpf_func_id (no BPF) tells nothing */
		f->present = !is->helpers.names.n || enum_has(&is->helpers, en);
		return;
	}
	case BDEP_MAP_TYPE:
		f->present = !is->map_types.names.n || enum_has(&is->map_types, d->name);
		return;
	case BDEP_CONFIG:
		if (!image_config(run, img)) {
			f->present = true; /* no config stored: nothing to tell */
			f->text = xstrdup("no config stored");
		} else {
			char value[256];
			bool not_set = false;
			bool set = config_lookup(is->config, d->name, value, sizeof(value), &not_set);
			/* a section's need wants it on; libbpf gives a weak extern 0 when the
			 * config has no line for it ("is not set" is a comment), and stops
			 * at a strong one */
			f->present = requires(d) ? set && (!strcmp(value, "y") || !strcmp(value, "m"))
				   : d->guarded ? set || not_set : set;
		}
		return;
	case BDEP_KSYM:
		if (!is->symbols_loaded) {
			is->symbols_loaded = true;
			ks_store_load_surface(st, id, "", true, &is->symtab);
			for (size_t i = 0; i < is->symtab.symbols.n; i++)
				hindex_insert(&is->symtab_ix, hash_str(is->symtab.symbols.v[i].name),
					      (uint32_t)i);
		}
		for (uint32_t *p = hindex_first(&is->symtab_ix, hash_str(d->name)); p && !f->present;
		     p = hindex_next(&is->symtab_ix, hash_str(d->name), p))
			f->present = !strcmp(is->symtab.symbols.v[*p].name, d->name);
		return;
	default:
		return;
	}
}

static const struct fact *fact_of(struct check_run *run, size_t img, const struct bpf_dep *d)
{
	struct check_cache *c = run->cache;
	uint64_t h = hash_mix(hash_mix(hash_str(d->name), (uint64_t)d->kind * 64 + img),
			      is_pattern(d) | (uint64_t)d->attach << 1);
	for (uint32_t *p = hindex_first(&c->ix, h); p; p = hindex_next(&c->ix, h, p)) {
		struct fact *f = c->facts.v[*p];
		if (f->image == img && f->kind == d->kind && f->attach == d->attach &&
		    !strcmp(f->name, d->name))
			return f;
	}
	struct fact *f = xcalloc(1, sizeof(*f));
	f->image = img;
	f->kind = d->kind;
	f->attach = d->attach;
	f->name = arena_strdup(&run->strings, d->name);
	f->n_args = -1;
	load_fact(run, img, d, f);
	hindex_insert(&c->ix, h, (uint32_t)c->facts.n);
	vec_push(&c->facts, f);
	return f;
}

/* --- one dependency in one image: issues, consequence, what to do --- */

static void issue(struct check_cell *c, enum ks_issue what, enum check_cons cons)
{
	for (int i = 0; i < c->n_issues; i++)
		if (c->issues[i] == what)
			goto worse;
	if (c->n_issues < CHECK_MAX_ISSUES)
		c->issues[c->n_issues++] = what;
worse:
	if (cons > c->cons)
		c->cons = cons;
}

static void alternative(struct check_run *run, struct check_cell *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void alternative(struct check_run *run, struct check_cell *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < c->alternatives.n; i++)
		if (!strcmp(c->alternatives.v[i], buf))
			return;
	vec_push(&c->alternatives, arena_strdup(&run->strings, buf));
}

/* "CALLER" of "UNIT:CALLER". */
static const char *caller_name(const char *s)
{
	const char *c = strrchr(s, ':');
	return c ? c + 1 : s;
}

/* A function's prototype where some checked image has it (the reference first). */
static const struct fact *prototype_elsewhere(struct check_run *run, const struct bpf_dep *d,
					      size_t img)
{
	size_t ref = image_index(run, run->images.v[img].ref);
	for (size_t k = 0; k <= run->images.n; k++) {
		size_t i = k == 0 ? ref : k - 1;
		if (i == (size_t)-1 || i >= run->images.n || i == img)
			continue;
		const struct fact *f = fact_of(run, i, d);
		if (f->has_btf)
			return f;
	}
	return NULL;
}

/* A function's suffixed copy to attach to (foo.isra.0, never a .cold part),
 * NULL when it has none. */
static const char *copy_symbol(const struct fact *f)
{
	const struct ks_func_group *g = f->loaded ? f->d->group : NULL;
	const struct ks_surface *s = g ? &f->d->s : NULL;
	for (uint32_t k = 0; g && k < g->n_symbols; k++) {
		const char *sn = s->symbols.v[s->group_symbols.v[g->first_symbol + k]].name;
		if (strchr(sn, '.') && !strstr(sn, ".cold"))
			return sn;
	}
	return NULL;
}

struct renamed_ctx {
	struct check_run *run;
	struct check_cell *c;
};

static void renamed_cb(const char *renamed, void *arg)
{
	struct renamed_ctx *rc = arg;
	alternative(rc->run, rc->c, "%s (same prototype)", renamed);
}

/* What to use instead of function D, absent, fully inlined, transformed or
 * selectively inlined in image IMG. */
static void func_alternatives(struct check_run *run, size_t img, const struct bpf_dep *d,
			      const struct fact *f, struct check_cell *c)
{
	int64_t id = run->images.v[img].id;
	if (!f->present) {
		/* a function of a close name with the same prototype */
		const struct fact *other = prototype_elsewhere(run, d, img);
		struct renamed_ctx rc = { run, c };
		rename_find(run->st, id, d->name, other ? &other->d->a : NULL, 3, renamed_cb, &rc);
		/* a system call's entry point (__x64_sys_openat): the arch-neutral forms */
		static const char *const sys[] = { "__x64_sys_", "__ia32_sys_", "__arm64_sys_",
						   "__s390x_sys_", "__riscv_sys_", "__se_sys_",
						   "__do_sys_", "sys_" };
		for (size_t k = 0; k < sizeof(sys) / sizeof(sys[0]); k++) {
			size_t l = strlen(sys[k]);
			if (strncmp(d->name, sys[k], l) || !d->name[l])
				continue;
			struct bpf_dep sc = { .kind = BDEP_SYSCALL, .name = d->name + l, .id = -1 };
			if (fact_of(run, img, &sc)->present) {
				alternative(run, c, "ksyscall/%s (the system call on every architecture)",
					    d->name + l);
				alternative(run, c, "tracepoint syscalls/sys_enter_%s", d->name + l);
			}
			break;
		}
		/* a tracepoint or LSM hook of that name */
		struct bpf_dep t = { .kind = BDEP_TRACEPOINT, .name = d->name, .id = -1 };
		if (fact_of(run, img, &t)->present)
			alternative(run, c, "tracepoint %s", d->name);
		const char *hook = hook_strip(HOOK_LSM_FUNC, d->name);
		if (hook) {
			struct bpf_dep l = { .kind = BDEP_LSM, .name = hook, .id = -1 };
			if (fact_of(run, img, &l)->present)
				alternative(run, c, "lsm %s", hook);
		}
		return;
	}
	const struct ks_func_group *g = f->d ? f->d->group : NULL;
	if (!g)
		return;
	const struct ks_surface *s = &f->d->s;
	if (f->notrace) {
		/* ftrace cannot enter it: its callers that ftrace can */
		size_t shown = 0;
		for (uint32_t e = 0; e < g->n_entries && shown < 4; e++) {
			const struct ks_func_entry *en = &s->entries.v[g->first_entry + e];
			for (uint32_t k = 0; k < en->n_direct_callers && shown < 4; k++) {
				const char *cn = caller_name(en->direct_callers[k]);
				struct bpf_dep cd = { .kind = BDEP_FUNC, .name = cn, .id = -1,
						      .attach = 1u << ATTACH_FUNC };
				const struct fact *cf = fact_of(run, img, &cd);
				size_t before = c->alternatives.n;
				if (cf->plain_symbol && !cf->notrace)
					alternative(run, c, "probe its caller %s (calls it, traceable)", cn);
				shown += c->alternatives.n > before;
			}
		}
	}
	for (int i = 0; i < f->n_status; i++) {
		if (f->status[i] == ISSUE_SELECTIVE_INLINE && f->self_inline_only)
			continue; /* inlined only into itself: nothing is missed */
		if (f->status[i] == ISSUE_FULL_INLINE || f->status[i] == ISSUE_SELECTIVE_INLINE) {
			bool full = f->status[i] == ISSUE_FULL_INLINE;
			size_t shown = 0;
			/* callers in init/ run once at boot: the others first */
			for (int pass = 0; pass < 2; pass++)
			for (uint32_t e = 0; e < g->n_entries && shown < 5; e++) {
				const struct ks_func_entry *en = &s->entries.v[g->first_entry + e];
				for (uint32_t k = 0; k < en->n_inline_callers && shown < 5; k++) {
					if ((strncmp(en->inline_callers[k], "init/", 5) == 0) != pass)
						continue;
					const char *cn = caller_name(en->inline_callers[k]);
					size_t before = c->alternatives.n;
					if (!full) {
						alternative(run, c, "misses the calls inlined into %s", cn);
						shown += c->alternatives.n > before;
						continue;
					}
					/* a caller the probe can attach to in this image */
					struct bpf_dep cd = { .kind = BDEP_FUNC, .name = cn, .id = -1,
							      .attach = 1u << ATTACH_FUNC };
					const struct fact *cf = fact_of(run, img, &cd);
					const char *copy = copy_symbol(cf);
					if (cf->notrace)
						continue; /* ftrace cannot enter it either */
					if (cf->plain_symbol)
						alternative(run, c, "probe its caller %s (inlines it, has a symbol)", cn);
					else if (copy)
						alternative(run, c, "probe its caller %s through %s (inlines it; a "
								    "compiler copy: its parameters may differ)", cn, copy);
					shown += c->alternatives.n > before;
				}
			}
		}
		if (f->status[i] == ISSUE_TRANSFORMATION)
			for (uint32_t k = 0; k < g->n_symbols; k++) {
				const char *sn = s->symbols.v[s->group_symbols.v[g->first_symbol + k]].name;
				if (strchr(sn, '.') && !strstr(sn, ".cold"))
					alternative(run, c, "attach to %s (a compiler copy: its parameters "
							    "may differ)", sn);
			}
	}
	if (!f->has_btf && (d->attach & (1u << ATTACH_FUNC_BTF)) && g->inline_type != KS_INLINE_FULL)
		alternative(run, c, "kprobe/%s (a symbol, but no BTF for fentry)", d->name);
}

/* Whether image IMG refuses a kprobe on a name several functions share (the
 * kernel's number_of_same_symbols check: "The symbol is not unique"). */
static bool refuses_dup(struct check_run *run, size_t img)
{
	struct image_state *is = &run->cache->img[img];
	if (is->refuses_dup < 0)
		is->refuses_dup = inline_of(run, img, "number_of_same_symbols") >= 0;
	return is->refuses_dup;
}

/* The arguments a BPF trampoline (fentry, fexit, fmod_ret) passes in image
 * IMG: 6 on x86-64 before 6.6, 8 on arm64, 12 since (MAX_BPF_FUNC_ARGS). */
static int trampoline_args(struct check_run *run, size_t img)
{
	const struct check_image *im = &run->images.v[img];
	unsigned major = 0, minor = 0;
	if (!im->version || sscanf(im->version, "%u.%u", &major, &minor) != 2)
		return 12;
	bool old = major < 6 || (major == 6 && minor < 6);
	if (!strcmp(im->arch, "amd64") || !strcmp(im->arch, "x86_64"))
		return old ? 6 : 12;
	if (!strcmp(im->arch, "arm64"))
		return old ? 8 : 12;
	return 12;
}

/* How one program uses a dependency, for the consequences that depend on it
 * (NULL: any program, the dependency's own cell). */
struct prog_view {
	unsigned attach;      /* 1 << enum bpf_attach of its section */
	bool return_probe;    /* kretprobe, fexit, ...: it reads the return value */
	uint64_t params_read; /* bit I: it reads parameter I */
	bool core_record;     /* a tp/ program reading its record through CO-RE */
	uint64_t ctx_slots;   /* bit I: it reads its context's 8-byte slot I, where the
			       * context is the target's arguments (0: not known) */
	int ctx_ret;          /* slots past the arguments it may read: 1, the return
			       * value (fexit, fmod_ret, lsm), or 0 */
};

/* Program V reading a context slot past what target F's arguments fill:
 * the verifier refuses the load (fentry, fexit, lsm, tp_btf: "func doesn't
 * have N-th argument"), the attach refuses a raw_tp (its context larger than
 * the tracepoint's arguments). */
static void missing_arg(const struct fact *f, const struct prog_view *v, struct check_cell *c)
{
	if (!v || !v->ctx_slots || f->n_args < 0)
		return;
	int top = 63 - __builtin_clzll(v->ctx_slots);
	/* the slot after the arguments holds the return value, where there is one */
	if (top >= f->n_args + (v->ctx_ret && !f->ret_void))
		issue(c, ISSUE_MISSING_ARG, CONS_FAILS);
}

/* A CO-RE relocation's spec on a tracepoint's record, "struct trace_event_raw_..." */
static bool is_record_spec(const char *spec)
{
	return !strncmp(spec, "struct ", 7) && hook_strip(HOOK_TP_STRUCT, spec + 7);
}

static bool is_return_section(const char *section)
{
	if (*section == '?')
		section++;
	return !strncmp(section, "kretprobe", 9) || !strncmp(section, "kretsyscall", 11) ||
	       !strncmp(section, "fexit", 5) || !strncmp(section, "fmod_ret", 8);
}

/* The issues of function D (fact F) in image IMG and their consequences. */
static void func_issues(struct check_run *run, size_t img, const struct bpf_dep *d,
			const struct fact *f, unsigned attach, struct check_cell *c)
{
	for (int i = 0; i < f->n_status; i++) {
		enum ks_issue s = f->status[i];
		/* a .cold part is never an entry point: a probe misses nothing */
		if (s == ISSUE_TRANSFORMATION && f->cold_only)
			continue;
		/* inlined only into itself: the inlined copy is inside its own range */
		if (s == ISSUE_SELECTIVE_INLINE && f->self_inline_only)
			continue;
		/* a transformed function still attaches where its plain name is
		 * left (foo beside foo.isra.0): what runs in the copies is missed */
		bool fatal = s == ISSUE_FULL_INLINE ||
			     (s == ISSUE_TRANSFORMATION && !f->plain_symbol);
		issue(c, s, fatal ? CONS_FAILS : CONS_MISSES);
	}
	if ((attach & (1u << ATTACH_FUNC)) && f->plain_symbols > 1 && refuses_dup(run, img))
		issue(c, ISSUE_NOT_UNIQUE, CONS_FAILS);
	if ((attach & ((1u << ATTACH_FUNC) | (1u << ATTACH_FUNC_BTF))) && f->notrace)
		issue(c, ISSUE_NOTRACE, CONS_FAILS);
	if ((attach & (1u << ATTACH_FUNC_BTF)) && f->n_params > trampoline_args(run, img))
		issue(c, ISSUE_TOO_MANY_ARGS, CONS_FAILS);
	if ((attach & (1u << ATTACH_FUNC_BTF)) && !f->has_btf)
		issue(c, ISSUE_NO_BTF, CONS_FAILS);
}

/* Changes against the reference image's RF that matter to program V (any when NULL). */
static void changes(struct check_run *run, size_t img, size_t ri, const struct bpf_dep *d,
		    const struct fact *f, const struct fact *rf, const struct prog_view *v,
		    struct check_cell *c)
{
	diff_changes ch = { 0 };
	dep_diff(dep_kind_of(d->kind), rf->d, f->d, &ch);
	/* what the changes mean to a program: typedef-equivalent types are one
	 * type; a parameter matters when read, a return type under a return probe */
	uint64_t params = 0;
	bool ret = false, field_same = false;
	if (d->kind == BDEP_FUNC || d->kind == BDEP_LSM || d->kind == BDEP_KFUNC)
		params = check_params_changed(run, ri, &rf->d->a, img, &f->d->a, &ret);
	if (d->kind == BDEP_FIELD)
		field_same = check_types_equivalent(run, ri, &rf->d->a, img, &f->d->a);
	bool event = true; /* a tracepoint's event-struct changes come first */
	for (size_t i = 0; i < ch.n; i++) {
		int is = ch.v[i].issue;
		if (is == ISSUE_FUNC_CHANGED)
			event = false;
		if (d->kind == BDEP_TRACEPOINT && !event)
			continue;
		enum check_cons cons = CONS_WRONG_DATA;
		switch (is) {
		case ISSUE_PARAM_ADDED: case ISSUE_PARAM_REMOVED: case ISSUE_PARAM_REORDERED:
		case ISSUE_PARAM_TYPE:
			if (!params || (v && (!(params & v->params_read) ||
					      (v->attach & (1u << ATTACH_FUNC) && v->return_probe))))
				cons = CONS_OK;
			break;
		case ISSUE_RETURN_TYPE:
			if (!ret || (v && !v->return_probe))
				cons = CONS_OK;
			break;
		case ISSUE_FIELD_TYPE:
			if (field_same)
				cons = CONS_OK;
			break;
		case ISSUE_EVENT_CHANGED: case ISSUE_FIELD_ADDED: case ISSUE_FIELD_REMOVED:
			if (d->kind == BDEP_TRACEPOINT && v && v->core_record)
				cons = CONS_OK; /* its reads are relocated field by field */
			break;
		default:
			break;
		}
		issue(c, is, cons);
	}
	diff_changes_free(&ch);
}

/* Dependency D in image IMG as program V uses it (NULL: the dependency's own
 * cell, with its Status body and what to do about it). */
static void resolve(struct check_run *run, size_t img, const struct bpf_dep *d,
		    const struct prog_view *v, struct check_cell *c)
{
	memset(c, 0, sizeof(*c));
	const struct fact *f = fact_of(run, img, d);
	unsigned attach = v ? v->attach : d->attach;
	if (!v && f->loaded && f->d->present && f->d->body && *f->d->body)
		c->body = f->d->body;
	size_t ri = image_index(run, run->images.v[img].ref);
	const struct fact *rf = ri != (size_t)-1 ? fact_of(run, ri, d) : NULL;
	if (anonymous(d)) {
		/* libbpf searches no kernel type for an anonymous one: an error, whatever the kind */
		issue(c, ISSUE_ANONYMOUS_TYPE, CONS_FAILS);
		return;
	}
	if (!f->present) {
		issue(c, is_pattern(d) ? ISSUE_NO_MATCH : ISSUE_ABSENT, d->guarded ? CONS_DEGRADED : CONS_FAILS);
		if (!v && d->kind == BDEP_FUNC && !is_pattern(d))
			func_alternatives(run, img, d, f, c);
		return;
	}
	if (f->text && d->kind == BDEP_CONFIG)
		issue(c, ISSUE_NO_CONFIG, CONS_OK);
	switch (d->kind) {
	case BDEP_FUNC:
		if (is_pattern(d)) {
			c->matched = f->matched.v;
			c->n_matched = f->matched.n;
			if (rf && rf->present && f->matches < rf->matches)
				issue(c, ISSUE_FEWER_MATCHES, CONS_MISSES);
			return;
		}
		func_issues(run, img, d, f, attach, c);
		if (attach & (1u << ATTACH_FUNC_BTF))
			missing_arg(f, v, c);
		break;
	case BDEP_LSM:
		missing_arg(f, v, c);
		break;
	case BDEP_TRACEPOINT:
		if ((attach & (1u << ATTACH_TP_RAW)) && rf && rf->text && f->text &&
		    strcmp(rf->text, f->text))
			issue(c, ISSUE_FUNC_CHANGED, v && !v->params_read ? CONS_OK : CONS_WRONG_DATA);
		if (attach & (1u << ATTACH_TP_RAW))
			missing_arg(f, v, c);
		break;
	case BDEP_ENUMVAL:
		if (rf && rf->text && f->text && strcmp(rf->text, f->text)) {
			bool read = false;
			for (size_t u = 0; u < d->uses.n; u++)
				read |= !strcmp(d->uses.v[u], "ENUMVAL_VALUE");
			if (read)
				issue(c, ISSUE_VALUE_CHANGED, CONS_WRONG_DATA);
		}
		break;
	default:
		break;
	}
	/* changes against the image its group compares it with */
	bool diffable = d->kind == BDEP_FUNC || d->kind == BDEP_FIELD || d->kind == BDEP_LSM ||
			d->kind == BDEP_KFUNC || (d->kind == BDEP_TRACEPOINT &&
						  (attach & (1u << ATTACH_TP)));
	if (diffable && rf && rf->loaded && f->loaded && rf->d->comparable && f->d->comparable &&
	    !(d->kind == BDEP_FIELD && d->guarded))
		changes(run, img, ri, d, f, rf, v, c);
	if (!v && d->kind == BDEP_FUNC && !is_pattern(d) && c->cons >= CONS_MISSES)
		func_alternatives(run, img, d, f, c);
}

/* --- files --- */

/* Helper and map type numbers named as the images' enums name them. */
static void name_numbers(struct check_run *run, struct bpf_deps *d)
{
	for (size_t i = 0; i < d->deps.n; i++) {
		struct bpf_dep *x = &d->deps.v[i];
		if (x->kind != BDEP_HELPER && x->kind != BDEP_MAP_TYPE)
			continue;
		const char *n = enum_name(run, x->kind == BDEP_HELPER, x->id);
		if (n)
			x->name = arena_strdup(&d->strings, n);
	}
}

/* --- one object in every image --- */

/* The architecture whose pt_regs an object's reads name, NULL when none. */
static const char *built_for(const struct bpf_deps *d)
{
	static const char *const x86[] = { "di", "si", "dx", "cx", "ax", "ip", "r8", "r9", "bx" };
	for (size_t k = 0; k < d->deps.n; k++) {
		const struct bpf_dep *x = &d->deps.v[k];
		if (x->kind != BDEP_FIELD || strncmp(x->name, "pt_regs::", 9))
			continue;
		const char *f = x->name + 9;
		for (size_t i = 0; i < sizeof(x86) / sizeof(x86[0]); i++)
			if (!strcmp(f, x86[i]))
				return "x86";
		if (!strcmp(f, "regs") || !strcmp(f, "orig_x0") || !strcmp(f, "pstate"))
			return "arm64";
		if (!strcmp(f, "gprs"))
			return "s390x";
	}
	return NULL;
}

static bool arch_is(const char *built, const char *arch)
{
	if (!built || !arch || !*arch)
		return true;
	if (!strcmp(built, "x86"))
		return !strcmp(arch, "amd64") || !strcmp(arch, "i386") || !strcmp(arch, "x86_64") ||
		       !strcmp(arch, "x86");
	return !strcmp(built, arch) || (!strcmp(built, "arm64") && !strcmp(arch, "aarch64"));
}

static bool has_issue(const struct check_cell *c, enum ks_issue what)
{
	for (int i = 0; i < c->n_issues; i++)
		if (c->issues[i] == what)
			return true;
	return false;
}

static bool uses_prog(const struct bpf_dep *d, uint32_t p)
{
	for (size_t i = 0; i < d->progs.n; i++)
		if (d->progs.v[i] == p)
			return true;
	return false;
}

struct eval {
	const struct bpf_object *o;
	struct check_program *pr;
	VEC(uint32_t) *relos_of; /* per dependency: the relocations naming it */
	bool *hook;              /* per dependency: named by a section (or needed by one) */
	VEC(uint32_t) incompatible; /* dependencies of relocations libbpf will not match */
};

/* Dependency K in image I as program P uses it, P's code reaching the
 * relocations RR (per relocation) and the instructions of REACH. */
static enum check_cons prog_cons(struct check_run *run, struct eval *e, size_t k, size_t i,
				 uint32_t p, const struct prog_view *v, const bool *rr,
				 const struct bpf_reach *reach)
{
	struct check_program *pr = e->pr;
	size_t ni = run->images.n;
	const struct bpf_dep *d = &pr->deps.deps.v[k];
	const struct check_cell *c = &pr->cells[k * ni + i];
	enum check_cons cons = CONS_OK;
	if (has_issue(c, ISSUE_OTHER_ARCH))
		return CONS_OK;
	if (e->relos_of[k].n && !e->hook[k]) {
		/* a CO-RE dependency: what this program's code reaches in image I */
		bool used = false, failing = false, plain = false, unresolved = false;
		for (size_t x = 0; x < e->relos_of[k].n; x++) {
			uint32_t r = e->relos_of[k].v[x];
			const struct bpf_relo_deps *rd = &pr->deps.relos.v[r];
			bool mine = false;
			for (size_t q = 0; q < rd->progs.n && !mine; q++)
				mine = rd->progs.v[q] == p;
			if (!mine)
				continue;
			used = true;
			unresolved |= !pr->relo_ok[r * ni + i];
			if (bpf_relo_guarded(rd->kind) || !rr[r])
				continue;
			plain = true;
			failing |= !pr->relo_ok[r * ni + i];
		}
		if (!used)
			return CONS_OK;
		if (has_issue(c, ISSUE_ANONYMOUS_TYPE))
			cons = CONS_FAILS; /* libbpf stops at it, reached or not */
		else if (has_issue(c, ISSUE_ABSENT) || has_issue(c, ISSUE_INCOMPATIBLE))
			cons = failing ? CONS_FAILS : unresolved ? CONS_DEGRADED : CONS_OK;
		else if (c->cons == CONS_WRONG_DATA)
			cons = plain ? CONS_WRONG_DATA : CONS_OK;
		else
			cons = c->cons;
	} else if (d->kind == BDEP_HELPER) {
		if (!uses_prog(d, p))
			return CONS_OK;
		bool reached = false;
		for (size_t x = 0; x < d->sites.n && !reached; x++)
			reached = bpf_reach_insn(reach, d->sites.v[x].text, d->sites.v[x].insn);
		cons = c->cons >= CONS_FAILS && !reached ? CONS_DEGRADED : c->cons;
	} else if (d->progs.n) {
		if (!uses_prog(d, p))
			return CONS_OK;
		struct check_cell one;
		resolve(run, i, d, v, &one);
		cons = one.cons;
		vec_free(&one.alternatives);
		/* the dependency's own cell names what fails a program that uses it */
		if (has_issue(&one, ISSUE_MISSING_ARG))
			issue(&pr->cells[k * ni + i], ISSUE_MISSING_ARG, CONS_FAILS);
	} else {
		cons = c->cons; /* the object's: maps, externs, struct_ops */
	}
	if (pr->deps.progs.v[p].optional && cons > CONS_DEGRADED)
		cons = CONS_DEGRADED; /* the loader decides whether it loads */
	return cons;
}

/* The values libbpf gives relocations in image I (VALS, one per relocation). */
static void relo_values(struct check_run *run, struct eval *e, size_t i,
			struct bpf_relo_value *vals)
{
	struct check_program *pr = e->pr;
	size_t ni = run->images.n;
	for (size_t r = 0; r < pr->deps.relos.n; r++) {
		const struct bpf_relo_deps *rd = &pr->deps.relos.v[r];
		bool ok = true, other_arch = false;
		for (size_t x = 0; x < rd->deps.n; x++) {
			const struct check_cell *c = &pr->cells[rd->deps.v[x] * ni + i];
			ok = ok && !has_issue(c, ISSUE_ABSENT) && !has_issue(c, ISSUE_ANONYMOUS_TYPE);
			other_arch |= has_issue(c, ISSUE_OTHER_ARCH);
		}
		/* another architecture's registers: libbpf fails them (the JSON says
		 * so), no finding for the program */
		if (other_arch)
			ok = false;
		else if (ok && !check_core_compatible(run, i, e->o, &e->o->relos.v[r])) {
			/* every name found, a type libbpf will not match: its last dependency says so */
			ok = false;
			if (rd->deps.n)
				vec_push(&e->incompatible, (uint32_t)rd->deps.v[rd->deps.n - 1]);
		}
		pr->relo_ok[r * ni + i] = ok;
		struct bpf_relo_value v = { ok, false, 0 };
		if (bpf_relo_guarded(rd->kind)) {
			v.known = true;
			v.value = ok;
		} else if (rd->kind == RELO_ENUMVAL_VALUE && ok && rd->deps.n) {
			const struct fact *f = fact_of(run, i, &pr->deps.deps.v[rd->deps.v[0]]);
			if (f->text) {
				v.known = true;
				v.value = strtoll(f->text, NULL, 10);
			}
		}
		vals[r] = v;
	}
	for (size_t x = 0; x < e->incompatible.n; x++)
		issue(&pr->cells[e->incompatible.v[x] * ni + i], ISSUE_INCOMPATIBLE, CONS_FAILS);
	e->incompatible.n = 0;
}

/* KERNEL_VERSION(a, b, c) of the first three numbers of S after PREFIX (c
 * at most 255, as libbpf caps it); false when there are not three. */
static bool version_after(const char *s, const char *prefix, int64_t *out)
{
	unsigned a, b, c;
	const char *p = s ? strstr(s, prefix) : NULL;
	if (!p || sscanf(p + strlen(prefix), "%u.%u.%u", &a, &b, &c) != 3)
		return false;
	*out = (int64_t)a * 65536 + b * 256 + (c > 255 ? 255 : c);
	return true;
}

/* LINUX_KERNEL_VERSION as libbpf (1.2 and later) computes it on image IM,
 * from what its banner holds: Ubuntu's /proc/version_signature ("Ubuntu
 * 5.4.0-26.30-generic 5.4.30", the banner's last parenthesis), else
 * Debian's uname -v ("... Debian 6.1.192-3 ..."), else the release as
 * uname -r says it; 0 when none has three numbers.  False: unknown. */
static bool kernel_version(const struct check_image *im, int64_t *out)
{
	const char *b = im->banner;
	const char *sig = b ? strstr(b, "(Ubuntu ") : NULL;
	if (sig) {
		const char *end = strchr(sig, ')'), *last = end;
		while (last && last > sig && last[-1] != ' ')
			last--;
		return last && version_after(last, "", out);
	}
	if (b && version_after(b, " Debian ", out))
		return true;
	if (!im->release || !*im->release)
		return false;
	if (!version_after(im->release, "", out))
		*out = 0;
	return true;
}

/* The values libbpf gives O's .kconfig externs in image I (KV, one per
 * o->kconfig entry): LINUX_KERNEL_VERSION (kernel_version), a CONFIG_ option
 * from the image's config (y 1, m 2, unset or absent 0, a number its value).
 * Unknown: a string, another extern, an image without a config stored or a
 * release. */
static void kconfig_values(struct check_run *run, size_t i, const struct bpf_object *o,
			   struct bpf_relo_value *kv)
{
	for (size_t k = 0; k < o->kconfig.n; k++) {
		const char *n = o->kconfig.v[k].name;
		kv[k].resolved = true;
		if (!strcmp(n, "LINUX_KERNEL_VERSION")) {
			kv[k].known = kernel_version(&run->images.v[i], &kv[k].value);
			continue;
		}
		const char *config = strncmp(n, "CONFIG_", 7) ? NULL : image_config(run, i);
		if (!config)
			continue;
		char value[256];
		bool not_set = false;
		const struct bpf_extern *e = &o->kconfig.v[k];
		if (!config_lookup(config, n, value, sizeof(value), &not_set)) {
			kv[k].known = true; /* unset or absent: libbpf leaves it 0 */
			continue;
		}
		/* y, m, n by the extern's type (libbpf's set_kcfg_value_tri); else a
		 * number that fits it (set_kcfg_value_num); a value libbpf refuses
		 * stops the load: no constant to fold */
		bool tri = (value[0] == 'y' || value[0] == 'm' || value[0] == 'n') && !value[1];
		if (tri && e->kcfg == KCFG_CHAR) {
			kv[k].known = true;
			kv[k].value = (unsigned char)value[0];
		} else if (tri && (e->kcfg == KCFG_TRISTATE || (e->kcfg == KCFG_BOOL && value[0] != 'm'))) {
			kv[k].known = true;
			kv[k].value = value[0] == 'y' ? 1 : value[0] == 'm' ? 2 : 0;
		} else if (!tri && (e->kcfg == KCFG_INT || e->kcfg == KCFG_CHAR) && *value &&
			   value[0] != '"') {
			char *end;
			errno = 0;
			unsigned long long x = strtoull(value, &end, 0);
			unsigned bits = 8u * e->kcfg_size;
			bool fits = bits >= 64 ||
				    (e->kcfg_signed ? (long long)x >= -(1ll << (bits - 1)) &&
							      (long long)x < (1ll << (bits - 1))
						    : x < (1ull << bits));
			if (!*end && !errno && fits) {
				kv[k].known = true;
				kv[k].value = (int64_t)x;
			}
		}
	}
}

static void evaluate(struct check_run *run, const struct bpf_object *o, struct check_program *pr)
{
	size_t ni = run->images.n, nd = pr->deps.deps.n, nr = pr->deps.relos.n,
	       np = pr->deps.progs.n;
	pr->cells = xcalloc(nd * ni + 1, sizeof(*pr->cells));
	pr->verdict = xcalloc(ni + 1, sizeof(*pr->verdict));
	pr->prog_verdict = xcalloc(np * ni + 1, sizeof(*pr->prog_verdict));
	pr->relo_ok = xcalloc(nr * ni + 1, sizeof(bool));
	pr->built_for = built_for(&pr->deps);
	struct eval e = { o, pr, xcalloc(nd + 1, sizeof(*e.relos_of)), xcalloc(nd + 1, sizeof(bool)),
			  { 0 } };
	for (size_t r = 0; r < nr; r++)
		for (size_t x = 0; x < pr->deps.relos.v[r].deps.n; x++)
			vec_push(&e.relos_of[pr->deps.relos.v[r].deps.v[x]], (uint32_t)r);
	for (size_t k = 0; k < nd; k++) {
		const struct bpf_dep *d = &pr->deps.deps.v[k];
		e.hook[k] = d->attach != 0 || d->kind == BDEP_HELPER;
		for (size_t u = 0; u < d->uses.n; u++)
			e.hook[k] |= !strcmp(d->uses.v[u], "requires") || !strcmp(d->uses.v[u], "struct_ops");
		for (size_t i = 0; i < ni; i++) {
			struct check_cell *c = &pr->cells[k * ni + i];
			resolve(run, i, d, NULL, c);
			if (d->kind == BDEP_FIELD && !strncmp(d->name, "pt_regs::", 9) &&
			    !arch_is(pr->built_for, run->images.v[i].arch)) {
				/* x86's registers on arm64: built for another architecture */
				c->n_issues = 0;
				c->cons = CONS_OK;
				issue(c, ISSUE_OTHER_ARCH, CONS_OK);
			}
		}
	}
	/* what each program uses: its own dependencies and relocations; the
	 * object's (maps, externs, struct_ops) count for every program */
	VEC(uint32_t) *prog_deps = xcalloc(np + 1, sizeof(*prog_deps));
	VEC(uint32_t) *prog_relos = xcalloc(np + 1, sizeof(*prog_relos));
	VEC(uint32_t) object_deps = { 0 };
	for (size_t k = 0; k < nd; k++) {
		const struct bpf_dep *d = &pr->deps.deps.v[k];
		for (size_t q = 0; q < d->progs.n; q++)
			vec_push(&prog_deps[d->progs.v[q]], (uint32_t)k);
		if (!d->progs.n && !e.relos_of[k].n)
			vec_push(&object_deps, (uint32_t)k);
	}
	for (size_t r = 0; r < nr; r++)
		for (size_t q = 0; q < pr->deps.relos.v[r].progs.n; q++)
			vec_push(&prog_relos[pr->deps.relos.v[r].progs.v[q]], (uint32_t)r);
	/* per image: the relocations' values; images with the same values share a walk */
	struct bpf_reach_index ix;
	bpf_reach_index_init(o, &ix);
	/* per image: the relocations' values, then the .kconfig externs' */
	size_t nk = o->kconfig.n, stride = nr + nk + 1;
	struct bpf_relo_value *vals = xcalloc(stride * (ni + 1), sizeof(*vals));
	enum check_cons *worst = xcalloc(nd * ni + 1, sizeof(*worst));
	bool *rr = xcalloc(nr + 1, sizeof(bool));
	bool *done = xcalloc(ni + 1, sizeof(bool));
	for (size_t i = 0; i < ni; i++) {
		relo_values(run, &e, i, vals + i * stride);
		kconfig_values(run, i, o, vals + i * stride + nr);
	}
	for (size_t i = 0; i < ni; i++) {
		if (done[i])
			continue;
		const struct bpf_relo_value *vi = vals + i * stride;
		for (uint32_t p = 0; p < np; p++) {
			struct bpf_reach reach;
			struct bpf_reach_data data = { nk ? vi + nr : NULL, true };
			bpf_reach_prog(o, &ix, p, vi, &data, &reach);
			const uint32_t *mine = prog_relos[p].v;
			size_t n_mine = prog_relos[p].n;
			for (size_t x = 0; x < n_mine; x++)
				rr[mine[x]] = bpf_reach_insn(&reach, pr->deps.relos.v[mine[x]].site.text,
							     pr->deps.relos.v[mine[x]].site.insn);
			const struct bpf_prog_desc *pd = &pr->deps.progs.v[p];
			struct prog_view v = { 1u << pd->how, is_return_section(pd->section),
					       check_params_read(&pr->deps, p, mine, n_mine, rr,
								 reach.ctx_reads, reach.complete),
					       false, reach.complete && pd->ctx_ret >= 0 ? reach.ctx_reads : 0,
					       pd->ctx_ret > 0 ? pd->ctx_ret : 0 };
			for (size_t x = 0; x < n_mine; x++)
				v.core_record |= rr[mine[x]] && is_record_spec(pr->deps.relos.v[mine[x]].spec);
			for (size_t j = i; j < ni; j++) {
				if (done[j] || memcmp(vals + j * stride, vi, (nr + nk) * sizeof(*vi)))
					continue;
				enum check_cons pv = CONS_OK;
				for (int pass = 0; pass < 2; pass++) {
					const uint32_t *ks = pass ? object_deps.v : prog_deps[p].v;
					size_t n_ks = pass ? object_deps.n : prog_deps[p].n;
					for (size_t x = 0; x < n_ks; x++) {
						enum check_cons c = prog_cons(run, &e, ks[x], j, p, &v, rr, &reach);
						if (c > pv)
							pv = c;
						if (c > worst[ks[x] * ni + j])
							worst[ks[x] * ni + j] = c;
					}
				}
				pr->prog_verdict[p * ni + j] = pv;
			}
			for (size_t x = 0; x < n_mine; x++)
				rr[mine[x]] = false;
			bpf_reach_free(&reach);
		}
		for (size_t j = i; j < ni; j++)
			done[j] |= !memcmp(vals + j * stride, vi, (nr + nk) * sizeof(*vi));
	}
	/* a dependency's consequence: the worst over the programs using it; one
	 * no program reaches (dead code) is at worst degraded */
	for (size_t k = 0; k < nd; k++)
		for (size_t i = 0; i < ni; i++) {
			struct check_cell *c = &pr->cells[k * ni + i];
			const struct bpf_dep *d = &pr->deps.deps.v[k];
			bool object_level = !d->progs.n && !e.relos_of[k].n;
			if (object_level)
				continue;
			if (np && d->progs.n)
				c->cons = worst[k * ni + i];
			else if (c->cons > CONS_DEGRADED)
				c->cons = CONS_DEGRADED;
		}
	for (size_t i = 0; i < ni; i++) {
		for (size_t p = 0; p < np; p++)
			if (pr->prog_verdict[p * ni + i] > pr->verdict[i])
				pr->verdict[i] = pr->prog_verdict[p * ni + i];
		for (size_t k = 0; !np && k < nd; k++)
			if (pr->cells[k * ni + i].cons > pr->verdict[i])
				pr->verdict[i] = pr->cells[k * ni + i].cons;
	}
	for (size_t k = 0; k < nd; k++)
		vec_free(&e.relos_of[k]);
	free(e.relos_of);
	free(e.hook);
	vec_free(&e.incompatible);
	for (size_t p = 0; p < np; p++) {
		vec_free(&prog_deps[p]);
		vec_free(&prog_relos[p]);
	}
	free(prog_deps);
	free(prog_relos);
	vec_free(&object_deps);
	bpf_reach_index_free(&ix);
	free(vals);
	free(worst);
	free(rr);
	free(done);
}

static int run_file(struct check_run *run, const char *path);

int check_run_file(struct check_run *run, const char *path)
{
	xalloc_set_input(path);
	int r = run_file(run, path);
	xalloc_set_input(NULL);
	return r;
}

static int run_file(struct check_run *run, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		ks_error("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		ks_error("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	size_t len = (size_t)st.st_size;
	unsigned char *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	close(fd);
	if (len && map == MAP_FAILED) {
		ks_error("%s: %s", path, strerror(errno));
		return -1;
	}
	bpf_object_vec objs = { 0 };
	int r = bpf_objects_read(path, map ? map : (const unsigned char *)"", len, &objs);
	if (map)
		munmap(map, len);
	if (r < 0)
		return -1;
	if (!objs.n) {
		if (run->skip_empty) {
			ks_warn("%s: no BPF object in it, skipped", path);
			return 0;
		}
		ks_error("%s: no BPF object in it (neither an ELF of machine BPF nor a file embedding one)",
			 path);
		return -1;
	}
	for (size_t i = 0; i < objs.n; i++) {
		struct check_program p = { .file = arena_strdup(&run->strings, path),
					   .object = arena_strdup(&run->strings, objs.v[i].name) };
		bpf_deps_of(&objs.v[i], &p.deps);
		name_numbers(run, &p.deps);
		evaluate(run, &objs.v[i], &p);
		vec_push(&run->programs, p);
		bpf_object_free(&objs.v[i]);
	}
	vec_free(&objs);
	return 0;
}

enum check_cons check_run_worst(const struct check_run *run)
{
	enum check_cons w = CONS_OK;
	for (size_t i = 0; i < run->programs.n; i++)
		for (size_t k = 0; k < run->images.n; k++)
			if (run->programs.v[i].verdict[k] > w)
				w = run->programs.v[i].verdict[k];
	return w;
}

void check_run_free(struct check_run *run)
{
	for (size_t i = 0; i < run->programs.n; i++) {
		struct check_program *p = &run->programs.v[i];
		for (size_t k = 0; k < p->deps.deps.n * run->images.n; k++)
			vec_free(&p->cells[k].alternatives);
		free(p->cells);
		free(p->verdict);
		free(p->prog_verdict);
		free(p->relo_ok);
		bpf_deps_free(&p->deps);
	}
	vec_free(&run->programs);
	struct check_cache *c = run->cache;
	if (c) {
		check_type_cache_free(&c->types);
		vec_free(&c->canon.img);
		vec_free(&c->canon.kind);
		vec_free(&c->canon.name);
		vec_free(&c->canon.text);
	}
	for (size_t i = 0; c && i < c->facts.n; i++) {
		struct fact *f = c->facts.v[i];
		if (f->loaded)
			dep_free(f->d);
		free(f->d);
		free(f->text);
		vec_free(&f->matched);
		free(f);
	}
	for (size_t i = 0; c && i < run->images.n; i++) {
		struct image_state *is = &c->img[i];
		vec_free(&is->helpers.names);
		vec_free(&is->helpers.vals);
		hindex_free(&is->helpers.by_name);
		vec_free(&is->map_types.names);
		vec_free(&is->map_types.vals);
		hindex_free(&is->map_types.by_name);
		hindex_free(&is->symtab_ix);
		vec_free(&is->kfuncs);
		hindex_free(&is->kfunc_ix);
		free(is->config);
		surface_free(&is->symtab);
		surface_free(&is->notrace);
		hindex_free(&is->notrace_ix);
	}
	if (c) {
		vec_free(&c->facts);
		hindex_free(&c->ix);
		free(c->img);
		free(c);
	}
	vec_free(&run->images);
	arena_free(&run->strings);
}
