/* type_pahole.c — a struct's or union's layout from the image's raw BTF, in
 * the text `pahole --suppress_aligned_attribute -C NAME` prints from the
 * image's DWARF (type_layout.h states the rules this follows). */
#include "types/type_layout.h"

#include <bpf/btf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/strbuf.h"
#include "util/text_esc.h"

#define CACHELINE 64
#define MAX_DEPTH 32
#define MARK_ALIGNED 1
#define MARK_PACKED 2
#define TYPE_COLUMN 26    /* the type column's width at the first level */
#define COMMENT_STRUCT 57 /* where the offset comment starts (tabs of 8) */
#define COMMENT_UNION 55

/* One member as pahole sees it: its storage unit, bits and size. */
struct pmember {
	const char *name;
	__u32 type;
	uint64_t bit_offset;  /* absolute, from the outermost type's start */
	uint64_t offset;      /* bytes: the storage unit's of a bitfield */
	uint64_t size;        /* bytes of the type (of the unit, for a bitfield) */
	uint32_t bitfield;    /* bits, 0 when not a bitfield */
	bool flexible;        /* the last member of a struct: an array of none is "[]" */
};

/* The summary of one class (its own members; nested anonymous ones count as one). */
struct psum {
	uint64_t sum_members, nr_holes, sum_holes, sum_bits, nr_bit_holes, sum_bit_holes;
	uint64_t nr_paddings, sum_paddings;
	uint64_t end_bits; /* how far the last member reaches, in bits */
	uint64_t bit_padding;
};

struct pctx {
	const struct btf *btf;
	struct strbuf *sb;
	int comment_col;
	int depth;
	unsigned char *marks; /* per type id: MARK_*, 0 when not inferred (NULL: none) */
	int shift; /* columns the type and comment columns move left: what an
		    * anonymous type's wrapper ("const ", "* ") took */
};

static const struct btf_type *type_at(const struct btf *btf, __u32 id)
{
	return id ? btf__type_by_id(btf, id) : NULL;
}

static const char *name_at(const struct btf *btf, __u32 off)
{
	const char *n = btf__name_by_offset(btf, off);
	return n ? n : "";
}

/* A name from the image: never a line break or a control in the text. */
static void add_name(struct strbuf *sb, const char *n)
{
	sb_add_visible(sb, n, strlen(n), false);
}

static bool is_anon_class(const struct btf_type *t)
{
	return t && (btf_is_struct(t) || btf_is_union(t)) && !t->name_off;
}

static bool is_anon_enum(const struct btf_type *t)
{
	return t && (btf_is_enum(t) || btf_is_enum64(t)) && !t->name_off;
}

static void type_name(struct pctx *c, struct strbuf *sb, __u32 id, int depth);

/* "(A, B)" of a function prototype. */
static void proto_params(struct pctx *c, struct strbuf *sb, const struct btf_type *t, int depth)
{
	const struct btf_param *p = btf_params(t);
	__u16 n = btf_vlen(t);
	sb_add(sb, "(");
	if (!n)
		sb_add(sb, "void");
	for (__u16 i = 0; i < n; i++) {
		if (i)
			sb_add(sb, ", ");
		const struct btf_type *pt = type_at(c->btf, p[i].type);
		const struct btf_type *to = pt && (btf_is_const(pt) || btf_is_volatile(pt))
						    ? type_at(c->btf, pt->type) : NULL;
		if (!p[i].type && i + 1 == n) {
			sb_add(sb, "...");
		} else if (to && btf_is_ptr(to)) { /* "const T * " */
			sb_add(sb, btf_is_const(pt) ? "const " : "volatile ");
			type_name(c, sb, pt->type, depth + 1);
			sb_add(sb, " ");
		} else {
			type_name(c, sb, p[i].type, depth + 1);
		}
	}
	sb_add(sb, ")");
}

/* The name pahole gives type ID where a member or parameter has it. */
static void type_name(struct pctx *c, struct strbuf *sb, __u32 id, int depth)
{
	const struct btf_type *t = type_at(c->btf, id);
	if (!id) {
		sb_add(sb, "void");
		return;
	}
	if (!t || depth > MAX_DEPTH) {
		sb_add(sb, "?");
		return;
	}
	const char *n = name_at(c->btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		sb_add(sb, "struct ");
		add_name(sb, *n ? n : "(anon)");
		break;
	case BTF_KIND_UNION:
		sb_add(sb, "union ");
		add_name(sb, *n ? n : "(anon)");
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		sb_add(sb, "enum ");
		add_name(sb, *n ? n : "(anon)");
		break;
	case BTF_KIND_FWD:
		sb_add(sb, btf_kflag(t) ? "union " : "struct ");
		add_name(sb, n);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: {
		const char *q = btf_is_const(t) ? "const" : btf_is_volatile(t) ? "volatile"
										: "restrict";
		const struct btf_type *to = type_at(c->btf, t->type);
		if (to && btf_is_ptr(to) && !depth) { /* a member's: "const T *" */
			sb_addf(sb, "%s ", q);
			type_name(c, sb, t->type, depth + 1);
		} else if (to && btf_is_ptr(to)) { /* under a pointer: "T * const" */
			type_name(c, sb, t->type, depth + 1);
			sb_addf(sb, " %s", q);
		} else if (to && btf_is_func_proto(to)) { /* "volatile R ()(A) " */
			sb_addf(sb, "%s ", q);
			type_name(c, sb, to->type, depth + 1);
			sb_add(sb, " ()");
			proto_params(c, sb, to, depth + 1);
			sb_add(sb, " ");
		} else { /* a member's "const T", else "const T " ("volatile T " always) */
			sb_addf(sb, "%s ", q);
			type_name(c, sb, t->type, depth + 1);
			if (depth || !btf_is_const(t))
				sb_add(sb, " ");
		}
		break;
	}
	case BTF_KIND_PTR: {
		const struct btf_type *to = type_at(c->btf, t->type);
		if (to && btf_is_func_proto(to)) {
			type_name(c, sb, to->type, depth + 1);
			sb_add(sb, " (*)");
			proto_params(c, sb, to, depth + 1);
		} else {
			type_name(c, sb, t->type, depth + 1);
			sb_add(sb, " *");
		}
		break;
	}
	case BTF_KIND_ARRAY:
		type_name(c, sb, btf_array(t)->type, depth + 1);
		break;
	case BTF_KIND_FUNC_PROTO:
		type_name(c, sb, t->type, depth + 1);
		proto_params(c, sb, t, depth + 1);
		break;
	case BTF_KIND_TYPE_TAG:
		type_name(c, sb, t->type, depth + 1);
		break;
	default: /* INT, FLOAT, TYPEDEF */
		add_name(sb, n);
		break;
	}
}

/* The bytes of type ID, 0 when it cannot be told. */
static uint64_t size_of(const struct btf *btf, __u32 id)
{
	__s64 s = btf__resolve_size(btf, id);
	return s > 0 ? (uint64_t)s : 0;
}

/* A qualified array is an array of qualified elements: the qualifier of ID
 * dropped when an array is under it. */
static __u32 skip_array_qual(const struct btf *btf, __u32 id)
{
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct btf_type *t = type_at(btf, id);
		if (!t || !(btf_is_const(t) || btf_is_volatile(t)))
			return id;
		const struct btf_type *to = type_at(btf, t->type);
		if (!to || !(btf_is_array(to) || btf_is_const(to) || btf_is_volatile(to)))
			return id;
		id = t->type;
	}
	return id;
}

/* "[2][3]" of an array type ID (nothing for another kind); an array of no
 * elements "[]" when FLEXIBLE, else "[0]". */
static void array_dims(struct pctx *c, struct strbuf *sb, __u32 id, bool flexible)
{
	id = skip_array_qual(c->btf, id);
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct btf_type *t = type_at(c->btf, id);
		if (!t || !btf_is_array(t))
			return;
		const struct btf_array *a = btf_array(t);
		if (a->nelems || !flexible)
			sb_addf(sb, "[%u]", a->nelems);
		else
			sb_add(sb, "[]");
		id = a->type;
	}
}

/* The element type of an array (itself for another kind). */
static __u32 array_elem(const struct btf *btf, __u32 id)
{
	id = skip_array_qual(btf, id);
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct btf_type *t = type_at(btf, id);
		if (!t || !btf_is_array(t))
			return id;
		id = btf_array(t)->type;
	}
	return id;
}

static void indent(struct strbuf *sb, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_add(sb, "\t");
}

/* The display width of LINE's last line, tabs to 8. */
static size_t last_width(const struct strbuf *sb, size_t start)
{
	size_t w = 0;
	for (size_t i = start; i < sb->len; i++)
		w = sb->p[i] == '\t' ? (w / 8 + 1) * 8 : w + 1;
	return w;
}

/* How a line is padded to its offset comment. */
enum pad {
	PAD_COLUMN, /* to the comment column, one space past it */
	PAD_ONE,    /* one space (an anonymous type's wrapped body closed) */
	PAD_MIRROR, /* as far past the column as the line reaches (an anonymous
		     * type's body closed: pahole's negative width) */
};

/* Pad the line begun at START as PAD says to the comment column (EXTRA
 * columns on), then the comment. */
static void comment(struct pctx *c, size_t start, const struct pmember *m, enum pad pad,
		    int extra)
{
	long w = (long)last_width(c->sb, start);
	long col = c->comment_col - c->shift + extra;
	long n = pad == PAD_ONE ? 1 : col > w ? col - w : pad == PAD_MIRROR ? w - col : 1;
	for (long i = 0; i < n || !i; i++)
		sb_add(c->sb, " ");
	if (m->bitfield)
		sb_addf(c->sb, "/* %5" PRIu64 ":%2" PRIu64 "%3" PRIu64 " */\n", m->offset,
			m->bit_offset - m->offset * 8, m->size);
	else
		sb_addf(c->sb, "/* %5" PRIu64 " %5" PRIu64 " */\n", m->offset, m->size);
}

static void pmember_of(const struct btf *btf, const struct btf_type *t, int i, uint64_t base,
		       struct pmember *pm)
{
	const struct btf_member *m = btf_members(t) + i;
	pm->name = name_at(btf, m->name_off);
	pm->type = m->type;
	pm->bit_offset = base + btf_member_bit_offset(t, (__u32)i);
	pm->bitfield = btf_member_bitfield_size(t, (__u32)i);
	pm->size = size_of(btf, m->type);
	pm->flexible = btf_is_struct(t) && i + 1 == btf_vlen(t);
	if (pm->bitfield && pm->size)
		pm->offset = pm->bit_offset / (pm->size * 8) * pm->size;
	else
		pm->offset = pm->bit_offset / 8;
}

/* The padding at the end of struct ID (none for another kind): its size less
 * where its last member ends (a bitfield: the storage of its run). */
static uint64_t struct_padding(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = type_at(btf, id);
	if (!t || !btf_is_struct(t) || !btf_vlen(t))
		return 0;
	uint64_t end = 0, run_end = 0;
	for (int i = 0; i < btf_vlen(t); i++) {
		struct pmember pm;
		pmember_of(btf, t, i, 0, &pm);
		end = (pm.offset + pm.size) * 8;
		if (pm.bitfield && pm.bit_offset < run_end && run_end > end)
			end = run_end;
		run_end = pm.bitfield ? end : 0;
	}
	end = (end + 7) / 8;
	return t->size > end ? t->size - end : 0;
}

/* The natural alignment of type ID as pahole takes it: a scalar's size, an
 * array's element's, a compound's largest member's (packed or not); 1 when
 * it cannot be told. */
static uint64_t natural_align(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t = type_at(btf, id);
	if (!t || depth > MAX_DEPTH)
		return 1;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_PTR: {
		uint64_t size = size_of(btf, id);
		return size ? size : 1;
	}
	case BTF_KIND_ARRAY:
		return natural_align(btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		uint64_t a = 1;
		for (int i = 0; i < btf_vlen(t); i++) {
			uint64_t m = natural_align(btf, btf_members(t)[i].type, depth + 1);
			if (m > a)
				a = m;
		}
		return a;
	}
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return natural_align(btf, t->type, depth + 1);
	default:
		return 1;
	}
}

/* Type ID without its typedefs and qualifiers. */
static __u32 strip_id(const struct btf *btf, __u32 id)
{
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct btf_type *t = type_at(btf, id);
		if (!t || !(btf_is_typedef(t) || btf_is_mod(t)))
			return id;
		id = t->type;
	}
	return 0;
}

static const struct btf_type *strip(const struct btf *btf, __u32 id)
{
	return type_at(btf, strip_id(btf, id));
}

/* The end of member I of struct T, in bits. */
static uint64_t member_end(const struct btf *btf, const struct btf_type *t, int i)
{
	uint64_t at = btf_member_bit_offset(t, (__u32)i);
	uint32_t bits = btf_member_bitfield_size(t, (__u32)i);
	return at + (bits ? bits : size_of(btf, btf_members(t)[i].type) * 8);
}

/* Whether struct T has a hole of a byte or more between its members or
 * after the last. */
static bool has_hole(const struct btf *btf, const struct btf_type *t)
{
	uint64_t end = 0;
	for (int i = 0; i < btf_vlen(t); i++) {
		if (btf_member_bit_offset(t, (__u32)i) / 8 > (end + 7) / 8)
			return true;
		uint64_t e = member_end(btf, t, i);
		if (e > end)
			end = e;
	}
	return t->size > (end + 7) / 8;
}

/* Whether member I of struct T is off its natural alignment in a struct
 * without holes (one with holes the compiler aligned: not packed). */
static bool misaligned(const struct btf *btf, const struct btf_type *t, int i, int depth)
{
	uint64_t at = btf_member_bit_offset(t, (__u32)i);
	return at % (natural_align(btf, btf_members(t)[i].type, depth + 1) * 8) &&
	       !has_hole(btf, t);
}

/* Whether struct T is packed by its own members, as pahole infers it: its
 * size no multiple of its natural alignment, or a member that is no struct
 * off its own (misaligned).  A union never is. */
static bool is_packed(const struct btf *btf, const struct btf_type *t, int depth)
{
	uint64_t align = 1;
	if (depth > MAX_DEPTH || !btf_is_struct(t))
		return false;
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		const struct btf_type *mt = strip(btf, m->type);
		uint64_t unit = size_of(btf, m->type);
		if (btf_member_bitfield_size(t, (__u32)i) && unit &&
		    btf_member_bit_offset(t, (__u32)i) / (unit * 8) * unit + unit > t->size)
			return true; /* its storage unit past the end */
		if (btf_member_bitfield_size(t, (__u32)i) || !mt)
			continue;
		uint64_t a = natural_align(btf, m->type, depth + 1);
		if (a > align)
			align = a;
		if (!btf_is_struct(mt) && misaligned(btf, t, i, depth))
			return true;
	}
	return t->size % align != 0 && !has_hole(btf, t);
}

/* pahole's inference from the struct it prints down, into C's marks: a
 * struct member off its natural alignment makes the container packed when
 * the member's type is, else the member's type.  Whether struct ID is. */
static bool infer_packed(struct pctx *c, __u32 id, int depth)
{
	id = strip_id(c->btf, id);
	const struct btf_type *t = type_at(c->btf, id);
	if (!t || !btf_is_struct(t) || depth > MAX_DEPTH)
		return false;
	if (!c->marks || c->marks[id])
		return c->marks && c->marks[id] == MARK_PACKED;
	bool p = is_packed(c->btf, t, 0);
	for (int i = 0; i < btf_vlen(t); i++) {
		__u32 mid = btf_members(t)[i].type;
		const struct btf_type *mt = strip(c->btf, mid);
		if (btf_member_bitfield_size(t, (__u32)i) || !mt || !btf_is_struct(mt))
			continue;
		bool mp = infer_packed(c, mid, depth + 1);
		if (misaligned(c->btf, t, i, 0)) {
			p = true;
			if (!mp)
				c->marks[strip_id(c->btf, mid)] = MARK_PACKED;
		}
	}
	c->marks[id] = p ? MARK_PACKED : MARK_ALIGNED;
	return p;
}

/* Whether pahole prints struct ID packed: as inferred, else by its own members. */
static bool packed(const struct pctx *c, __u32 id)
{
	const struct btf_type *t = type_at(c->btf, id);
	if (c->marks && c->marks[id])
		return c->marks[id] == MARK_PACKED;
	return is_packed(c->btf, t, 0);
}

static void cacheline_marker(struct pctx *c, uint64_t offset, uint64_t *last)
{
	uint64_t line = offset / CACHELINE;
	if (line <= *last)
		return;
	*last = line;
	uint64_t at = line * CACHELINE, ago = offset - at;
	indent(c->sb, c->depth);
	if (ago)
		sb_addf(c->sb, "/* --- cacheline %" PRIu64 " boundary (%" PRIu64
			       " bytes) was %" PRIu64 " byte%s ago --- */\n",
			line, at, ago, ago == 1 ? "" : "s");
	else
		sb_addf(c->sb, "/* --- cacheline %" PRIu64 " boundary (%" PRIu64 " bytes) --- */\n",
			line, at);
}

static void print_class(struct pctx *c, const struct btf_type *t, uint64_t base, struct psum *s,
			uint64_t *cacheline);
static void summary(struct pctx *c, const struct btf_type *t, const struct psum *s);

/* An anonymous enum's values, as pahole lays them out inline. */
static void print_enum_body(struct pctx *c, const struct btf_type *t)
{
	size_t width = 0;
	__u16 n = btf_vlen(t);
	for (__u16 i = 0; i < n; i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
		size_t l = strlen(name_at(c->btf, off));
		if (l > width)
			width = l;
	}
	for (__u16 i = 0; i < n; i++) {
		__u32 off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
		const char *vn = name_at(c->btf, off);
		indent(c->sb, c->depth + 1);
		add_name(c->sb, vn);
		for (size_t k = strlen(vn); k < width; k++)
			sb_add(c->sb, " ");
		if (btf_is_enum(t)) {
			if (btf_kflag(t))
				sb_addf(c->sb, " = %u,\n", (unsigned)btf_enum(t)[i].val);
			else
				sb_addf(c->sb, " = %d,\n", btf_enum(t)[i].val);
		} else {
			uint64_t v = btf_enum64_value(btf_enum64(t) + i);
			if (btf_kflag(t))
				sb_addf(c->sb, " = %" PRIu64 ",\n", v);
			else
				sb_addf(c->sb, " = %" PRId64 ",\n", (int64_t)v);
		}
	}
}

/* Type ID's name in the type column of the current level, then a space. */
static void type_column(struct pctx *c, const char *prefix, __u32 id)
{
	struct strbuf tn = { 0 };
	sb_add(&tn, prefix);
	type_name(c, &tn, id, 0);
	/* narrower a level deeper; past 0 as wide again (pahole's negative
	 * width), that of a struct's, union's or enum's name after its keyword */
	int width = TYPE_COLUMN - 8 * (c->depth - 1) - c->shift;
	const struct btf_type *t = type_at(c->btf, id);
	int tag = !*prefix && t && t->name_off ? btf_is_struct(t) ? 7 : btf_is_union(t) ? 6
					     : btf_is_enum(t) || btf_is_enum64(t) ? 5 : 0 : 0;
	width = tag + abs(width - tag);
	sb_add(c->sb, sb_str(&tn));
	for (int i = (int)tn.len; i < width; i++)
		sb_add(c->sb, " ");
	sb_add(c->sb, " ");
	sb_free(&tn);
}

/* What a member's type wraps an anonymous struct, union or enum in. */
struct wrapped {
	__u32 anon;       /* that type */
	const char *qual; /* "const " or "volatile " of the member's type itself */
	int ptrs;         /* pointers to it */
	bool array;       /* an array of it (or of pointers to it) */
};

/* Whether type ID leads through qualifiers, arrays and pointers to an
 * anonymous struct, union or enum: pahole prints its body there too. */
static bool anon_wrapped(const struct btf *btf, __u32 id, struct wrapped *w)
{
	memset(w, 0, sizeof(*w));
	for (int d = 0; d < MAX_DEPTH; d++) {
		const struct btf_type *t = type_at(btf, id);
		if (!t)
			return false;
		if (is_anon_class(t) || is_anon_enum(t)) {
			w->anon = id;
			return d > 0;
		}
		if (btf_is_const(t) || btf_is_volatile(t)) {
			if (!d)
				w->qual = btf_is_const(t) ? "const " : "volatile ";
			id = t->type;
		} else if (btf_is_array(t)) {
			w->array = true;
			id = btf_array(t)->type;
		} else if (btf_is_ptr(t)) {
			w->ptrs++;
			id = t->type;
		} else {
			return false;
		}
	}
	return false;
}

/* A member whose type wraps an anonymous one (W): its body in place of the
 * type, as pahole prints it: under a qualifier with its summary, under a
 * pointer from offset 0; the columns move left by what the wrapper took. */
static void print_wrapped(struct pctx *c, const struct pmember *m, const struct wrapped *w,
			  uint64_t *cacheline)
{
	const struct btf_type *at = type_at(c->btf, w->anon);
	bool alone = w->ptrs; /* its offsets from 0, not the member's */
	int shift = w->ptrs ? 8 : w->qual && !w->array ? (int)strlen(w->qual) : 0;
	indent(c->sb, c->depth);
	if (w->qual && !w->array && !w->ptrs)
		sb_add(c->sb, w->qual);
	sb_add(c->sb, btf_is_struct(at) ? "struct {\n" : btf_is_union(at) ? "union {\n" : "enum {\n");
	if (is_anon_enum(at)) {
		print_enum_body(c, at);
	} else {
		struct psum inner = { 0 };
		uint64_t own = 0;
		c->depth++;
		c->shift += shift;
		print_class(c, at, alone ? 0 : m->offset, &inner, alone ? &own : cacheline);
		if (!w->ptrs && !w->array && btf_is_struct(at))
			summary(c, at, &inner);
		c->depth--;
		c->shift -= shift;
	}
	size_t start = c->sb->len;
	indent(c->sb, c->depth);
	sb_add(c->sb, is_anon_enum(at) || !packed(c, w->anon) ? "}"
								    : "} __attribute__((__packed__))");
	for (int i = 0; i < w->ptrs; i++)
		sb_add(c->sb, " *");
	if (w->ptrs || w->array) { /* under a qualifier alone pahole drops the name */
		sb_add(c->sb, *m->name ? " " : "");
		add_name(c->sb, m->name);
	}
	array_dims(c, c->sb, m->type, m->flexible);
	if (m->bitfield)
		sb_addf(c->sb, ":%u", m->bitfield);
	sb_add(c->sb, ";");
	comment(c, start, m, PAD_ONE, 0);
}

/* The qualifiers ("const ") of a qualified array type ID, "" for another type. */
static const char *array_qual(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = type_at(btf, id);
	if (!t || !(btf_is_const(t) || btf_is_volatile(t)) || skip_array_qual(btf, id) == id)
		return "";
	const struct btf_type *a = type_at(btf, skip_array_qual(btf, id));
	if (a && btf_is_array(a) && !btf_array(a)->nelems) /* "const T a[]": T's alone */
		return "";
	return btf_is_const(t) ? "const " : "volatile ";
}

/* One member's line (an anonymous struct, union or enum: its body first). */
static void print_member(struct pctx *c, const struct pmember *m, uint64_t *cacheline)
{
	const struct btf_type *mt = type_at(c->btf, m->type);
	struct wrapped w;
	if (anon_wrapped(c->btf, m->type, &w)) {
		print_wrapped(c, m, &w, cacheline);
		return;
	}
	size_t start = c->sb->len;
	bool anon = is_anon_class(mt) || is_anon_enum(mt);
	indent(c->sb, c->depth);
	if (anon) {
		sb_add(c->sb, btf_is_struct(mt) ? "struct {\n" : btf_is_union(mt) ? "union {\n"
										  : "enum {\n");
		if (btf_is_enum(mt) || btf_is_enum64(mt)) {
			print_enum_body(c, mt);
		} else {
			struct psum inner = { 0 };
			c->depth++;
			print_class(c, mt, m->offset, &inner, cacheline);
			c->depth--;
		}
		start = c->sb->len;
		indent(c->sb, c->depth);
		sb_add(c->sb, btf_is_enum(mt) || btf_is_enum64(mt) || !packed(c, m->type)
				      ? "}" : "} __attribute__((__packed__))");
		sb_add(c->sb, *m->name ? " " : "");
		add_name(c->sb, m->name);
	} else {
		const struct btf_type *ptr = mt;
		const char *qual = ""; /* a qualified function pointer: before its return type */
		if (mt && (btf_is_const(mt) || btf_is_volatile(mt))) {
			ptr = type_at(c->btf, mt->type);
			qual = btf_is_const(mt) ? "const " : "volatile ";
		}
		const struct btf_type *pt = ptr && btf_is_ptr(ptr) ? type_at(c->btf, ptr->type) : NULL;
		bool fn_ptr = pt && btf_is_func_proto(pt);
		type_column(c, fn_ptr ? qual : array_qual(c->btf, m->type),
			    fn_ptr ? pt->type : array_elem(c->btf, m->type));
		if (fn_ptr) {
			sb_add(c->sb, "(*");
			add_name(c->sb, m->name);
			sb_add(c->sb, ")");
			proto_params(c, c->sb, pt, 1);
		} else {
			add_name(c->sb, m->name);
		}
	}
	array_dims(c, c->sb, m->type, m->flexible);
	if (m->bitfield)
		sb_addf(c->sb, ":%u", m->bitfield);
	sb_add(c->sb, ";");
	/* an anonymous enum's bitfield: the column as if ":N" were not there */
	int extra = anon && m->bitfield ? snprintf(NULL, 0, ":%u", m->bitfield) : 0;
	comment(c, start, m, anon ? PAD_MIRROR : PAD_COLUMN, is_anon_enum(mt) ? extra : 0);
}

static void hole_line(struct pctx *c, uint64_t n, const char *unit)
{
	indent(c->sb, c->depth);
	sb_addf(c->sb, "/* XXX %" PRIu64 " %s%s hole, try to pack */\n", n, unit, n == 1 ? "" : "s");
}

/* The members of struct or union T, whose first byte is at BASE bytes, one
 * level deeper than its header line; its summary into *S. */
static void print_class(struct pctx *c, const struct btf_type *t, uint64_t base, struct psum *s,
			uint64_t *cacheline)
{
	bool is_union = btf_is_union(t);
	__u16 n = btf_vlen(t);
	uint64_t at_start = *cacheline; /* a union's members each start from it */
	uint64_t run_end = 0; /* bits: where the storage of the bitfields so far ends */
	for (__u16 i = 0; i < n; i++) {
		struct pmember m, next;
		pmember_of(c->btf, t, i, base * 8, &m);
		bool has_next = i + 1 < n;
		if (has_next)
			pmember_of(c->btf, t, i + 1, base * 8, &next);
		if (is_union)
			*cacheline = at_start;
		else
			cacheline_marker(c, m.offset, cacheline);
		if (!i && !is_union && m.bitfield && m.bit_offset > m.offset * 8) {
			/* a first bitfield past the start of its unit */
			s->nr_bit_holes++;
			s->sum_bit_holes += m.bit_offset - m.offset * 8;
			sb_add(c->sb, "\n");
			hole_line(c, m.bit_offset - m.offset * 8, "bit");
			sb_add(c->sb, "\n");
		}
		print_member(c, &m, cacheline);
		if (m.bitfield)
			s->sum_bits += m.bitfield;
		else
			s->sum_members += m.size;
		uint64_t end = m.bitfield ? m.bit_offset + m.bitfield : (m.offset + m.size) * 8;
		uint64_t unit_end = (m.offset + m.size) * 8;
		/* a bitfield within the storage of the ones before: theirs goes on */
		if (m.bitfield && m.bit_offset < run_end && run_end > unit_end)
			unit_end = run_end;
		run_end = m.bitfield ? unit_end : 0;
		if (is_union) {
			if (unit_end > s->end_bits)
				s->end_bits = unit_end;
			continue;
		}
		s->end_bits = unit_end;
		/* a packed struct may end within the storage unit */
		uint64_t pad_end = unit_end < t->size * 8 ? unit_end : t->size * 8;
		s->bit_padding = m.bitfield && pad_end > end ? pad_end - end : 0;
		const struct btf_type *mt = type_at(c->btf, m.type);
		uint64_t pad = mt && btf_is_struct(mt) ? struct_padding(c->btf, m.type) : 0;
		uint64_t bit_hole = 0, byte_hole = 0;
		bool with_next = false, with_prev = false, force = false;
		if (has_next && m.bitfield && next.bit_offset < unit_end) {
			if (next.bit_offset > end)
				bit_hole = next.bit_offset - end;
			/* a member after it: within this bitfield's own unit */
			with_next = next.offset != m.offset &&
				    (next.bitfield || next.offset < m.offset + m.size);
		} else if (has_next) {
			if (m.bitfield)
				bit_hole = unit_end - end;
			uint64_t from = unit_end / 8;
			if (next.offset > from)
				byte_hole = next.offset - from;
			with_prev = next.bitfield && next.offset < from;
			/* a bitfield past the start of the unit right after a member */
			if (!m.bitfield && next.bitfield && next.offset == from &&
			    next.bit_offset > from * 8)
				bit_hole = next.bit_offset - from * 8;
			force = bit_hole && next.bitfield && !byte_hole;
		}
		if (pad) {
			s->nr_paddings++;
			s->sum_paddings += pad;
		}
		if (pad || bit_hole || byte_hole || with_next)
			sb_add(c->sb, "\n");
		if (pad) {
			indent(c->sb, c->depth);
			sb_addf(c->sb, "/* XXX last struct has %" PRIu64 " byte%s of padding */\n",
				pad, pad == 1 ? "" : "s");
		}
		if (bit_hole) {
			s->nr_bit_holes++;
			s->sum_bit_holes += bit_hole;
			hole_line(c, bit_hole, "bit");
		}
		if (byte_hole) {
			s->nr_holes++;
			s->sum_holes += byte_hole;
			hole_line(c, byte_hole, "byte");
		}
		if (with_next) {
			indent(c->sb, c->depth);
			sb_add(c->sb, "/* Bitfield combined with next fields */\n");
		}
		if ((pad && has_next) || bit_hole || byte_hole || with_next)
			sb_add(c->sb, "\n");
		if (force) {
			indent(c->sb, c->depth);
			sb_add(c->sb, "/* Force alignment to the next boundary: */\n");
			indent(c->sb, c->depth);
			type_column(c, "", next.type);
			sb_add(c->sb, ":0;\n\n");
		}
		if (with_prev) {
			sb_add(c->sb, "\n");
			indent(c->sb, c->depth);
			sb_add(c->sb, "/* Bitfield combined with previous fields */\n\n");
		}
	}
	if (is_union)
		*cacheline = at_start;
}

/* One line of a summary (short: numbers), at the current level. */
__attribute__((format(printf, 2, 3))) static void sum_line(struct pctx *c, const char *fmt, ...)
{
	char line[192];
	va_list ap;
	indent(c->sb, c->depth);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sb_add(c->sb, line);
}

/* pahole's summary of struct T, one level deeper than its header line. */
static void summary(struct pctx *c, const struct btf_type *t, const struct psum *s)
{
	uint64_t size = t->size;
	uint64_t end = (s->end_bits + 7) / 8;
	uint64_t padding = btf_is_struct(t) && size > end ? size - end : 0;
	sb_add(c->sb, "\n");
	sum_line(c, "/* size: %" PRIu64 ", cachelines: %" PRIu64 ", members: %u */\n", size,
		 (size + CACHELINE - 1) / CACHELINE, (unsigned)btf_vlen(t));
	if (s->nr_holes)
		sum_line(c, "/* sum members: %" PRIu64 ", holes: %" PRIu64 ", sum holes: %" PRIu64
			    " */\n", s->sum_members, s->nr_holes, s->sum_holes);
	else if (s->nr_bit_holes && s->sum_members)
		sum_line(c, "/* sum members: %" PRIu64 " */\n", s->sum_members);
	if (s->nr_bit_holes)
		sum_line(c, "/* sum bitfield members: %" PRIu64 " bits, bit holes: %" PRIu64
			    ", sum bit holes: %" PRIu64 " bits */\n",
			 s->sum_bits, s->nr_bit_holes, s->sum_bit_holes);
	else if (s->sum_bits && s->nr_holes)
		sum_line(c, "/* sum bitfield members: %" PRIu64 " bits (%" PRIu64 " bytes) */\n",
			 s->sum_bits, s->sum_bits / 8);
	if (padding)
		sum_line(c, "/* padding: %" PRIu64 " */\n", padding);
	if (s->nr_paddings)
		sum_line(c, "/* paddings: %" PRIu64 ", sum paddings: %" PRIu64 " */\n",
			 s->nr_paddings, s->sum_paddings);
	if (s->bit_padding)
		sum_line(c, "/* bit_padding: %" PRIu64 " bits */\n", s->bit_padding);
	if (size % CACHELINE)
		sum_line(c, "/* last cacheline: %" PRIu64 " bytes */\n", size % CACHELINE);
}

int type_layout_btf_print(struct strbuf *sb, const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = type_at(btf, id);
	if (!t || (!btf_is_struct(t) && !btf_is_union(t)))
		return -1;
	struct pctx c = { .btf = btf, .sb = sb, .depth = 1 };
	c.comment_col = btf_is_union(t) ? COMMENT_UNION : COMMENT_STRUCT;
	c.marks = calloc(btf__type_cnt(btf), 1);
	infer_packed(&c, id, 0);
	sb_add(sb, btf_is_union(t) ? "union " : "struct ");
	add_name(sb, name_at(btf, t->name_off));
	sb_add(sb, " {\n");
	struct psum s = { 0 };
	uint64_t cacheline = 0; /* the last one a marker was printed for */
	print_class(&c, t, 0, &s, &cacheline);
	if (!btf_is_union(t)) /* pahole sums up structs only */
		summary(&c, t, &s);
	sb_add(sb, packed(&c, id) ? "} __attribute__((__packed__));\n" : "};\n");
	free(c.marks);
	return 0;
}

uint32_t type_layout_btf_find(const struct btf *btf, bool is_union, const char *name)
{
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if ((is_union ? btf_is_union(t) : btf_is_struct(t)) &&
		    !strcmp(name_at(btf, t->name_off), name))
			return id;
	}
	return 0;
}

void type_layout_btf_index(struct layout_btf_index *x, const struct btf *btf)
{
	memset(x, 0, sizeof(*x));
	x->btf = btf;
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = name_at(btf, t->name_off);
		if ((btf_is_struct(t) || btf_is_union(t)) && *name &&
		    !type_layout_btf_lookup(x, btf_is_union(t), name))
			hindex_insert(&x->names, hash_str(name), id);
	}
}

uint32_t type_layout_btf_lookup(struct layout_btf_index *x, bool is_union, const char *name)
{
	uint64_t h = hash_str(name);
	for (uint32_t *slot = hindex_first(&x->names, h); slot; slot = hindex_next(&x->names, h, slot)) {
		const struct btf_type *t = btf__type_by_id(x->btf, *slot);
		if ((is_union ? btf_is_union(t) : btf_is_struct(t)) &&
		    !strcmp(name_at(x->btf, t->name_off), name))
			return *slot;
	}
	return 0;
}

void type_layout_btf_index_free(struct layout_btf_index *x)
{
	hindex_free(&x->names);
	memset(x, 0, sizeof(*x));
}
