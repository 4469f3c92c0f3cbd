#include "btf/btf_normalize.h"

#include <bpf/btf.h>
#include <string.h>

#include "util/error.h"
#include "util/hash.h"
#include "util/json_writer.h"
#include "util/xalloc.h"

#define MAX_DEPTH 64

struct norm {
	const struct btf *btf;
	struct json_writer w;
	int depth;
	bool failed; /* a reference chain or nesting deeper than MAX_DEPTH */
	const char *top_name; /* the top-level type's name instead of its own */
};

static const char *const kind_names[] = {
	[BTF_KIND_UNKN] = "UNKN",	  [BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		  [BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	  [BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	  [BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF",	  [BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	  [BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	  [BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		  [BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	  [BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG", [BTF_KIND_ENUM64] = "ENUM64",
};

static const char *kind_str(unsigned kind)
{
	return kind < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[kind]
		       ? kind_names[kind]
		       : "UNKN";
}

static const char *name_of(const struct btf *btf, __u32 off)
{
	const char *s = btf__name_by_offset(btf, off);
	return s && *s ? s : "(anon)";
}

/* An enum value as the published dataset has it: signed, of the enum's size. */
static void enum_value(struct json_writer *w, uint64_t raw, bool is_unsigned, unsigned size,
		       bool is64)
{
	if (!is_unsigned) {
		jw_i64(w, is64 ? (int64_t)raw : (int64_t)(int32_t)(uint32_t)raw);
		return;
	}
	unsigned bits = size * 8;
	if (bits == 0) {
		jw_i64(w, 0);
	} else if (bits > 64) {
		jw_u64(w, raw);
	} else {
		if (bits < 64)
			raw &= ((uint64_t)1 << bits) - 1;
		if (bits < 64 && raw >= (uint64_t)1 << (bits - 1))
			jw_i64(w, (int64_t)raw - (int64_t)((uint64_t)1 << (bits - 1)) -
					  (int64_t)((uint64_t)1 << (bits - 1)));
		else
			jw_i64(w, (int64_t)raw);
	}
}

static void enum_values(struct norm *n, const struct btf_type *t)
{
	bool is64 = btf_is_enum64(t);
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		jw_obj_open(&n->w);
		if (is64) {
			const struct btf_enum64 *e = &btf_enum64(t)[i];
			jw_kv_str(&n->w, "name", name_of(n->btf, e->name_off));
			jw_key(&n->w, "val");
			enum_value(&n->w, btf_enum64_value(e), btf_kflag(t), t->size, true);
		} else {
			const struct btf_enum *e = &btf_enum(t)[i];
			jw_kv_str(&n->w, "name", name_of(n->btf, e->name_off));
			jw_key(&n->w, "val");
			enum_value(&n->w, (uint32_t)e->val, btf_kflag(t), t->size, false);
		}
		jw_obj_close(&n->w);
	}
}

static void emit_type(struct norm *n, __u32 id, bool recurse);

/* The "name" of a member or parameter: unnamed ones are "(anon)", then
 * "(anon-1)", "(anon-2)", ... (*ANON counts them). */
static void emit_item_name(struct norm *n, const char *name, unsigned *anon)
{
	if (name && *name) {
		jw_kv_str(&n->w, "name", name);
		return;
	}
	char buf[32];
	if (*anon)
		snprintf(buf, sizeof(buf), "(anon-%u)", *anon);
	jw_kv_str(&n->w, "name", *anon ? buf : "(anon)");
	(*anon)++;
}

/* Members of T, anonymous struct/union members flattened (offsets plus ADD). */
static void emit_members(struct norm *n, const struct btf_type *t, __u32 add, int nest)
{
	if (nest > MAX_DEPTH) {
		n->failed = true;
		return;
	}
	unsigned anon = 0;
	for (__u16 i = 0; i < btf_vlen(t) && !n->failed; i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf__name_by_offset(n->btf, m->name_off);
		__u32 off = btf_member_bit_offset(t, i) + add;
		const struct btf_type *mt = m->type ? btf__type_by_id(n->btf, m->type) : NULL;
		bool is_anon = !name || !*name;
		if (is_anon && mt && (btf_is_struct(mt) || btf_is_union(mt))) {
			emit_members(n, mt, off, nest + 1);
			continue;
		}
		jw_obj_open(&n->w);
		emit_item_name(n, name, &anon);
		jw_kv_u64(&n->w, "bits_offset", off);
		__u32 bsz = btf_member_bitfield_size(t, i);
		if (bsz)
			jw_kv_u64(&n->w, "bitfield_size", bsz);
		jw_key(&n->w, "type");
		emit_type(n, m->type, false);
		jw_obj_close(&n->w);
	}
}

static void emit_params(struct norm *n, const struct btf_type *t)
{
	unsigned anon = 0;
	for (__u16 i = 0; i < btf_vlen(t) && !n->failed; i++) {
		const struct btf_param *p = &btf_params(t)[i];
		const char *name = btf__name_by_offset(n->btf, p->name_off);
		jw_obj_open(&n->w);
		emit_item_name(n, name, &anon);
		jw_key(&n->w, "type");
		emit_type(n, p->type, false);
		jw_obj_close(&n->w);
	}
}

/* The normalized object of type ID; RECURSE: expanded (a top-level type). */
static void emit_type(struct norm *n, __u32 id, bool recurse)
{
	struct json_writer *w = &n->w;
	if (id == 0) {
		jw_obj_open(w);
		jw_kv_str(w, "name", "void");
		jw_kv_str(w, "kind", "VOID");
		jw_obj_close(w);
		return;
	}
	const struct btf_type *t = btf__type_by_id(n->btf, id);
	if (!t || ++n->depth > MAX_DEPTH) {
		n->failed = true;
		jw_null(w);
		return;
	}
	unsigned kind = btf_kind(t);
	switch (kind) {
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT:
	case BTF_KIND_PTR: case BTF_KIND_FUNC: case BTF_KIND_FUNC_PROTO: case BTF_KIND_ARRAY:
		recurse = true;
		break;
	case BTF_KIND_TYPEDEF: /* a typedef is followed only as a type of its own */
		break;
	default:
		break;
	}
	jw_obj_open(w);
	jw_kv_str(w, "kind", kind_str(kind));
	if (kind != BTF_KIND_PTR && kind != BTF_KIND_FUNC_PROTO)
		jw_kv_str(w, "name", n->top_name && n->depth == 1 ? n->top_name
								 : name_of(n->btf, t->name_off));
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (recurse)
			jw_kv_u64(w, "size", t->size);
		if (recurse && kind != BTF_KIND_INT) {
			jw_key(w, "members");
			jw_arr_open(w);
			emit_members(n, t, 0, 0);
			jw_arr_close(w);
		}
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		jw_kv_u64(w, "size", t->size);
		if (recurse) {
			jw_key(w, "values");
			jw_arr_open(w);
			enum_values(n, t);
			jw_arr_close(w);
		}
		break;
	case BTF_KIND_FLOAT:
		jw_kv_u64(w, "size", t->size);
		break;
	case BTF_KIND_FWD:
		jw_kv_str(w, "fwd_kind", btf_kflag(t) ? "union" : "struct");
		break;
	case BTF_KIND_ARRAY:
		jw_kv_u64(w, "nr_elems", btf_array(t)->nelems);
		jw_key(w, "type");
		emit_type(n, btf_array(t)->type, false);
		break;
	case BTF_KIND_FUNC_PROTO:
		jw_key(w, "params");
		jw_arr_open(w);
		emit_params(n, t);
		jw_arr_close(w);
		jw_key(w, "ret_type");
		emit_type(n, t->type, false);
		break;
	case BTF_KIND_PTR: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		if (recurse && kind == BTF_KIND_TYPEDEF) {
			/* ksurf's own kind: its size, which an anonymous struct
			 * behind it (atomic_t) would not give a layout */
			__s64 size = btf__resolve_size(n->btf, id);
			if (size >= 0)
				jw_kv_u64(w, "size", (uint64_t)size);
		}
		if (recurse) {
			jw_key(w, "type");
			emit_type(n, t->type, false);
		}
		break;
	default:
		break;
	}
	jw_obj_close(w);
	n->depth--;
}

static int surface_kind(unsigned btf_kind_)
{
	switch (btf_kind_) {
	case BTF_KIND_FUNC: return KS_TYPE_FUNC;
	case BTF_KIND_STRUCT: return KS_TYPE_STRUCT;
	case BTF_KIND_UNION: return KS_TYPE_UNION;
	case BTF_KIND_ENUM: return KS_TYPE_ENUM;
	case BTF_KIND_ENUM64: return KS_TYPE_ENUM64;
	case BTF_KIND_INT: return KS_TYPE_INT;
	case BTF_KIND_TYPEDEF: return KS_TYPE_TYPEDEF;
	default: return -1;
	}
}

struct pending {
	int kind;
	const char *name;
	size_t off, len;
};

int btf_normalize(const struct btf *btf, struct ks_surface *s, const char *what)
{
	struct strbuf out = { 0 }, anon = { 0 };
	struct norm n = { .btf = btf };
	struct hindex seen = { 0 };
	VEC(struct pending) kept = { 0 };
	__u32 count = btf__type_cnt(btf);
	size_t n_anon = 0;
	__u32 raw_size = 0;
	const void *raw = btf__raw_data(btf, &raw_size);
	if (raw && raw_size && !s->btf_raw) {
		s->btf_raw = xmalloc(raw_size);
		memcpy(s->btf_raw, raw, raw_size);
		s->btf_raw_size = raw_size;
	}
	for (__u32 id = 1; id < count && !n.failed; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (btf_is_decl_tag(t)) {
			/* kfuncs of newer kernels: FUNCs tagged bpf_kfunc */
			const char *tag = btf__name_by_offset(btf, t->name_off);
			const struct btf_type *f = btf__type_by_id(btf, t->type);
			const char *fname = f ? btf__name_by_offset(btf, f->name_off) : NULL;
			if (tag && !strcmp(tag, "bpf_kfunc") && f && btf_is_func(f) && fname && *fname)
				vec_push(&s->kfunc_tags, arena_strdup(&s->type_text, fname));
			continue;
		}
		int kind = surface_kind(btf_kind(t));
		if (kind < 0)
			continue;
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (!name || !*name) {
			if (kind != KS_TYPE_ENUM)
				continue;
			/* anonymous enums: their values join one "(anon)" enum */
			if (!btf_vlen(t))
				continue;
			if (n_anon++)
				sb_addn(&anon, ", ", 2);
			jw_init_buf(&n.w, &anon);
			enum_values(&n, t);
			continue;
		}
		uint64_t h = hash_mix(hash_str(name), (uint64_t)kind);
		bool dup = false;
		for (uint32_t *p = hindex_first(&seen, h); p && !dup; p = hindex_next(&seen, h, p))
			dup = kept.v[*p].kind == kind && !strcmp(kept.v[*p].name, name);
		if (dup)
			continue;
		struct pending pd = { kind, name, out.len, 0 };
		jw_init_buf(&n.w, &out);
		n.depth = 0;
		emit_type(&n, id, true);
		pd.len = out.len - pd.off;
		hindex_insert(&seen, h, (uint32_t)kept.n);
		vec_push(&kept, pd);
	}
	int ret = 0;
	if (n.failed) {
		ks_error("%s: malformed BTF: type references nest deeper than %d (a cycle?)", what,
			 MAX_DEPTH);
		ret = -1;
	} else {
		if (n_anon) {
			struct pending pd = { KS_TYPE_ENUM, "(anon)", out.len, 0 };
			static const char head[] =
				"{\"kind\": \"ENUM\", \"name\": \"(anon)\", \"size\": 4, \"values\": [";
			sb_addn(&out, head, sizeof(head) - 1);
			sb_addn(&out, anon.p, anon.len);
			sb_addn(&out, "]}", 2);
			pd.len = out.len - pd.off;
			vec_push(&kept, pd);
		}
		/* One copy of all the text in the surface's arena. */
		char *text = arena_alloc(&s->type_text, out.len + 1);
		if (out.len)
			memcpy(text, out.p, out.len);
		text[out.len] = '\0';
		for (size_t i = 0; i < kept.n; i++) {
			struct ks_type ty = {
				.kind = (uint8_t)kept.v[i].kind,
				.name = arena_strdup(&s->type_text, kept.v[i].name),
				.json = text + kept.v[i].off,
				.json_len = kept.v[i].len,
			};
			ty.id = hash_content(ty.json, ty.json_len);
			vec_push(&s->types, ty);
		}
	}
	hindex_free(&seen);
	vec_free(&kept);
	sb_free(&out);
	sb_free(&anon);
	return ret;
}

int btf_normalize_type(const struct btf *btf, __u32 id, const char *name, struct strbuf *out)
{
	struct norm n = { .btf = btf, .top_name = name };
	jw_init_buf(&n.w, out);
	emit_type(&n, id, true);
	return n.failed ? -1 : 0;
}
