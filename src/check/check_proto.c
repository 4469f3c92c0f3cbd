/* check_proto.c — whether a changed prototype or field type matters to a
 * program: types compare as the machine sees them (typedefs expanded,
 * integers by size and sign: `unsigned long` and `vm_flags_t` are one type),
 * and only the parameters a program reads count. */
#include "check/check_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CANON_DEPTH 12

static void canon(struct check_run *run, size_t img, const struct jv *t, struct strbuf *out,
		  int depth);

/* A named type's canonical text, cached per image. */
static const char *canon_named(struct check_run *run, size_t img, const char *kind,
			       const char *name, int depth)
{
	struct check_canon_cache *c = check_canon_cache(run);
	for (size_t i = 0; i < c->img.n; i++)
		if (c->img.v[i] == img && !strcmp(c->kind.v[i], kind) && !strcmp(c->name.v[i], name))
			return c->text.v[i];
	struct strbuf sb = { 0 };
	const struct jv *t = NULL;
	if (!strcmp(kind, "TYPEDEF") && depth < CANON_DEPTH &&
	    (t = check_type(run, img, KS_TYPE_TYPEDEF, name)) != NULL)
		canon(run, img, jv_get(t, "type"), &sb, depth + 1);
	else if (!strcmp(kind, "INT") && (t = check_type(run, img, KS_TYPE_INT, name)) != NULL) {
		int64_t size = 0;
		jv_i64(t, "size", &size);
		bool sign = !strstr(name, "unsigned") && strcmp(name, "_Bool") && strcmp(name, "bool");
		sb_addf(&sb, "int%lld%s", (long long)size * 8, sign ? "" : "u");
	} else
		sb_addf(&sb, "%s %s", kind, name); /* unknown there: by its name */
	const char *r = arena_strdup(&run->strings, sb_str(&sb));
	sb_free(&sb);
	vec_push(&c->img, img);
	vec_push(&c->kind, arena_strdup(&run->strings, kind));
	vec_push(&c->name, arena_strdup(&run->strings, name));
	vec_push(&c->text, r);
	return r;
}

static void canon(struct check_run *run, size_t img, const struct jv *t, struct strbuf *out,
		  int depth)
{
	const char *kind = t ? jv_str(t, "kind") : NULL;
	if (!kind || depth > CANON_DEPTH) {
		sb_add(out, "?");
		return;
	}
	const char *name = jv_str(t, "name");
	if (!strcmp(kind, "CONST") || !strcmp(kind, "VOLATILE") || !strcmp(kind, "RESTRICT") ||
	    !strcmp(kind, "TYPE_TAG")) {
		canon(run, img, jv_get(t, "type"), out, depth + 1);
	} else if (!strcmp(kind, "PTR")) {
		sb_add(out, "*");
		canon(run, img, jv_get(t, "type"), out, depth + 1);
	} else if (!strcmp(kind, "ARRAY")) {
		int64_t n = 0;
		jv_i64(t, "nr_elems", &n);
		sb_addf(out, "[%lld]", (long long)n);
		canon(run, img, jv_get(t, "type"), out, depth + 1);
	} else if ((!strcmp(kind, "TYPEDEF") || !strcmp(kind, "INT")) && name) {
		sb_add(out, canon_named(run, img, kind, name, depth));
	} else if (!strcmp(kind, "FUNC_PROTO")) {
		sb_add(out, "fn(");
		const struct jv *ps = jv_get(t, "params");
		for (size_t i = 0; ps && ps->type == JV_ARR && i < ps->n; i++) {
			canon(run, img, jv_get(&ps->items[i], "type"), out, depth + 1);
			sb_add(out, ",");
		}
		sb_add(out, ")");
		canon(run, img, jv_get(t, "ret_type"), out, depth + 1);
	} else {
		sb_addf(out, "%s %s", kind, name ? name : "");
	}
}

bool check_types_equivalent(struct check_run *run, size_t img_a, const struct jv *a, size_t img_b,
			    const struct jv *b)
{
	struct strbuf x = { 0 }, y = { 0 };
	canon(run, img_a, a, &x, 0);
	canon(run, img_b, b, &y, 0);
	bool same = !strcmp(sb_str(&x), sb_str(&y));
	sb_free(&x);
	sb_free(&y);
	return same;
}

/* The FUNC_PROTO of a FUNC object (or the object itself when it is one). */
static const struct jv *proto(const struct jv *f)
{
	const char *k = f ? jv_str(f, "kind") : NULL;
	if (k && !strcmp(k, "FUNC"))
		return jv_get(f, "type");
	return f;
}

uint64_t check_params_changed(struct check_run *run, size_t img_a, const struct jv *fa,
			      size_t img_b, const struct jv *fb, bool *ret_changed)
{
	const struct jv *pa = proto(fa), *pb = proto(fb);
	const struct jv *la = pa ? jv_get(pa, "params") : NULL, *lb = pb ? jv_get(pb, "params") : NULL;
	size_t na = la && la->type == JV_ARR ? la->n : 0, nb = lb && lb->type == JV_ARR ? lb->n : 0;
	uint64_t changed = 0;
	for (size_t i = 0; i < na || i < nb; i++) {
		bool same = i < na && i < nb &&
			    check_types_equivalent(run, img_a, jv_get(&la->items[i], "type"), img_b,
						   jv_get(&lb->items[i], "type"));
		if (!same)
			changed |= i < 63 ? 1ull << i : 1ull << 63;
	}
	*ret_changed = !check_types_equivalent(run, img_a, pa ? jv_get(pa, "ret_type") : NULL, img_b,
					       pb ? jv_get(pb, "ret_type") : NULL);
	return changed;
}

/* x86's pt_regs: the registers of the first six arguments. */
static const char *const x86_args[] = { "di", "si", "dx", "cx", "r8", "r9" };
/* ... and their offsets, for programs reading the context without CO-RE */
static const int x86_offsets[] = { 112, 104, 96, 88, 72, 64 };

uint64_t check_params_read(const struct bpf_deps *deps, uint32_t prog, const uint32_t *relos,
			   size_t n_relos, const bool *relo_reached, uint64_t ctx_reads, bool complete)
{
	if (!complete)
		return ~0ull;
	const struct bpf_prog_desc *pd = &deps->progs.v[prog];
	if (pd->how == ATTACH_FUNC) {
		uint64_t m = 0;
		for (size_t k = 0; k < 6; k++)
			if (ctx_reads & (1ull << (x86_offsets[k] / 8)))
				m |= 1ull << k;
		for (size_t x = 0; x < n_relos; x++) {
			const struct bpf_relo_deps *rd = &deps->relos.v[relos[x]];
			if (!relo_reached[relos[x]] || !rd->leaf || strncmp(rd->spec, "struct pt_regs", 14) ||
			    (rd->spec[14] != ':' && rd->spec[14] != '_'))
				continue;
			for (size_t k = 0; k < 6; k++)
				if (!strcmp(rd->leaf, x86_args[k]))
					m |= 1ull << k;
			if (!strcmp(rd->leaf, "regs") || !strcmp(rd->leaf, "gprs") ||
			    !strcmp(rd->leaf, "args") || !strcmp(rd->leaf, "orig_x0"))
				m = ~0ull; /* other architectures: an array of registers */
		}
		return m;
	}
	/* fentry, fexit, lsm, tp_btf, raw_tp: the context is the arguments, 8 bytes each */
	return ctx_reads;
}
