/* check_core.c — libbpf's CO-RE field matching, against an image's stored types.
 *
 * libbpf resolves a field relocation by walking its access string in the
 * kernel's BTF: the root by its essential name (the ___flavor dropped) and
 * kind, then each member by name (looking into anonymous members too), each
 * member's type compatible with the object's (bpf_core_fields_are_compat:
 * a struct or union with either; otherwise the same kind, integers of any
 * size, pointers to anything, enums of the same name or anonymous, arrays by
 * their elements).  The dataset stores named structs and unions with their
 * anonymous members flattened, typedefs one level deep, and no anonymous
 * type of its own: a path entering a named member of an anonymous type is
 * taken as found from there on.  A type relocation on a forward declaration
 * finds nothing (libbpf matches kinds, and kernels define their types). */
#include "check/check_internal.h"

#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define MAX_STEPS 64

/* A stored type reference with its qualifiers and typedefs resolved in IMG. */
static const struct jv *skip_stored(struct check_run *run, size_t img, const struct jv *t)
{
	for (int k = 0; t && k < 32; k++) {
		const char *kind = jv_str(t, "kind");
		if (!kind)
			return NULL;
		if (!strcmp(kind, "CONST") || !strcmp(kind, "VOLATILE") || !strcmp(kind, "RESTRICT") ||
		    !strcmp(kind, "TYPE_TAG")) {
			t = jv_get(t, "type");
		} else if (!strcmp(kind, "TYPEDEF")) {
			const struct jv *inner = jv_get(t, "type");
			if (!inner) {
				const char *n = jv_str(t, "name");
				const struct jv *td = n ? check_type(run, img, KS_TYPE_TYPEDEF, n) : NULL;
				inner = td ? jv_get(td, "type") : NULL;
			}
			t = inner;
		} else {
			return t;
		}
	}
	return NULL;
}

static bool kind_is(const struct jv *t, const char *k)
{
	const char *kind = t ? jv_str(t, "kind") : NULL;
	return kind && !strcmp(kind, k);
}

static size_t essential_len(const char *n)
{
	const char *f = strstr(n, "___");
	return f ? (size_t)(f - n) : strlen(n);
}

/* libbpf's field compatibility of local type LID and stored type T.
 * 1 compatible, 0 not, -1 unknown (an anonymous type). */
static int compatible(struct check_run *run, size_t img, const struct btf *btf, __u32 lid,
		      const struct jv *t, int depth)
{
	const struct btf_type *l = bpf_btf_skip_mods(btf, lid, NULL);
	t = skip_stored(run, img, t);
	if (!l || !t || depth > 8)
		return -1;
	bool tcomp = kind_is(t, "STRUCT") || kind_is(t, "UNION");
	if (btf_is_composite(l) && tcomp)
		return 1;
	if (btf_is_composite(l) || tcomp)
		return 0;
	if (btf_is_ptr(l))
		return kind_is(t, "PTR");
	if (btf_is_int(l))
		return kind_is(t, "INT");
	if (btf_is_float(l))
		return kind_is(t, "FLOAT");
	if (btf_is_any_enum(l)) {
		if (!kind_is(t, "ENUM") && !kind_is(t, "ENUM64"))
			return 0;
		const char *ln = btf__name_by_offset(btf, l->name_off), *tn = jv_str(t, "name");
		if (!ln || !*ln || !tn || !*tn || !strcmp(tn, "(anon)"))
			return 1;
		size_t a = essential_len(ln), b = essential_len(tn);
		return a == b && !strncmp(ln, tn, a);
	}
	if (btf_is_array(l)) {
		if (!kind_is(t, "ARRAY"))
			return 0;
		/* the stored form flattens a multi-dimensional array into one */
		__u32 e = btf_array(l)->type;
		for (const struct btf_type *x = bpf_btf_skip_mods(btf, e, NULL); x && btf_is_array(x);
		     x = bpf_btf_skip_mods(btf, e, NULL))
			e = btf_array(x)->type;
		const struct jv *te = skip_stored(run, img, jv_get(t, "type"));
		while (te && kind_is(te, "ARRAY"))
			te = skip_stored(run, img, jv_get(te, "type"));
		return compatible(run, img, btf, e, te, depth + 1);
	}
	return 0;
}

/* The stored members of composite reference T (by its name), NULL when the
 * type is anonymous or the image lacks it. */
static const struct jv *stored_members(struct check_run *run, size_t img, const struct jv *t)
{
	const char *n = jv_str(t, "name");
	if (!n || !*n || !strcmp(n, "(anon)"))
		return NULL;
	const struct jv *full = check_type(run, img, kind_is(t, "UNION") ? KS_TYPE_UNION
								     : KS_TYPE_STRUCT, n);
	const struct jv *m = full ? jv_get(full, "members") : NULL;
	return m && m->type == JV_ARR ? m : NULL;
}

bool check_core_compatible(struct check_run *run, size_t img, const struct bpf_object *o,
			   const struct bpf_core_relo_rec *r)
{
	if (!o->btf)
		return true;
	const struct btf *btf = o->btf;
	if (r->kind == RELO_TYPE_EXISTS || r->kind == RELO_TYPE_SIZE ||
	    r->kind == RELO_TYPE_MATCHES || r->kind == RELO_TYPE_ID_TARGET) {
		/* candidates are of the local type's kind: a forward declaration
		 * matches only a kernel's forward declaration, which a kernel
		 * defining the type has not */
		const struct btf_type *t = btf__type_by_id(btf, r->type_id);
		return !(t && btf_is_fwd(t));
	}
	if (r->kind > RELO_FIELD_RSHIFT_U64)
		return true;
	const struct btf_type *root = bpf_btf_skip_mods(btf, r->type_id, NULL);
	if (!root || !btf_is_composite(root))
		return true;
	const char *rn = btf__name_by_offset(btf, root->name_off);
	if (!rn || !*rn)
		return true;
	char name[512];
	snprintf(name, sizeof(name), "%.*s", (int)essential_len(rn), rn);
	const struct jv *target = check_type(run, img, btf_is_union(root) ? KS_TYPE_UNION
									  : KS_TYPE_STRUCT, name);
	if (!target)
		return true; /* the root's absence is its dependency's to tell */
	const struct jv *members = jv_get(target, "members");
	const struct btf_type *cur = root;
	const struct jv *tcur = NULL; /* the target type at an array step */
	const char *p = r->access;
	for (int step = 0; *p && step < MAX_STEPS; step++) {
		char *end;
		unsigned long idx = strtoul(p, &end, 10);
		if (end == p)
			break;
		p = *end == ':' ? end + 1 : end;
		if (step == 0)
			continue; /* the root's own index */
		if (btf_is_array(cur)) {
			/* an array step: the target must be an array too */
			if (!tcur || !kind_is(tcur, "ARRAY"))
				return tcur == NULL;
			cur = bpf_btf_skip_mods(btf, btf_array(cur)->type, NULL);
			if (cur && btf_is_array(cur))
				continue; /* the stored array is one level: its element comes later */
			while (tcur && kind_is(tcur, "ARRAY"))
				tcur = skip_stored(run, img, jv_get(tcur, "type"));
			if (!tcur)
				return true;
			if (kind_is(tcur, "STRUCT") || kind_is(tcur, "UNION")) {
				members = stored_members(run, img, tcur);
				if (!members)
					return true;
				tcur = NULL;
			}
			continue;
		}
		if (!cur || !btf_is_composite(cur) || idx >= btf_vlen(cur))
			return true;
		const struct btf_member *m = &btf_members(cur)[idx];
		const char *mn = btf__name_by_offset(btf, m->name_off);
		cur = bpf_btf_skip_mods(btf, m->type, NULL);
		if (!mn || !*mn)
			continue; /* an anonymous member: flattened in the stored type */
		const struct jv *tm = NULL;
		for (size_t k = 0; members && k < members->n && !tm; k++) {
			const char *n = jv_str(&members->items[k], "name");
			if (n && !strcmp(n, mn))
				tm = &members->items[k];
		}
		if (!tm)
			return false;
		const struct jv *tt = jv_get(tm, "type");
		int c = compatible(run, img, btf, m->type, tt, 0);
		if (c == 0)
			return false;
		if (c < 0 || !*p)
			return true;
		tt = skip_stored(run, img, tt);
		if (kind_is(tt, "STRUCT") || kind_is(tt, "UNION")) {
			members = stored_members(run, img, tt);
			if (!members)
				return true; /* an anonymous type: nothing more to see */
			tcur = NULL;
		} else {
			tcur = tt;
		}
	}
	return true;
}
