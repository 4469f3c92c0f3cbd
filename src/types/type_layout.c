#include "types/type_layout.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "types/type_render.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_DEPTH 32

static int64_t size_of(const struct jv *t, layout_lookup_fn lookup, void *arg, unsigned ptr_size,
		       int depth)
{
	const char *kind = jv_str(t, "kind"), *name = jv_str(t, "name");
	uint64_t v;
	if (!kind || depth > MAX_DEPTH)
		return -1;
	if (!strcmp(kind, "PTR"))
		return ptr_size;
	if (!strcmp(kind, "VOID"))
		return 0;
	if (!strcmp(kind, "CONST") || !strcmp(kind, "VOLATILE") || !strcmp(kind, "RESTRICT") ||
	    !strcmp(kind, "TYPE_TAG"))
		return size_of(jv_get(t, "type"), lookup, arg, ptr_size, depth + 1);
	if (!strcmp(kind, "ARRAY")) {
		int64_t elem = size_of(jv_get(t, "type"), lookup, arg, ptr_size, depth + 1);
		return elem >= 0 && jv_u64(t, "nr_elems", &v) ? elem * (int64_t)v : -1;
	}
	if (jv_u64(t, "size", &v)) /* ENUM, FLOAT, a struct object itself */
		return (int64_t)v;
	if (!name)
		return -1;
	if (!strcmp(kind, "STRUCT") || !strcmp(kind, "UNION") || !strcmp(kind, "INT")) {
		const struct jv *d = lookup(arg, kind, name);
		return d && jv_u64(d, "size", &v) ? (int64_t)v : -1;
	}
	if (!strcmp(kind, "TYPEDEF")) { /* its size, else its type's */
		const struct jv *d = lookup(arg, kind, name);
		if (d && jv_u64(d, "size", &v))
			return (int64_t)v;
		return d ? size_of(jv_get(d, "type"), lookup, arg, ptr_size, depth + 1) : -1;
	}
	return -1; /* FWD, FUNC_PROTO */
}

int64_t type_size(const struct jv *t, layout_lookup_fn lookup, void *arg, unsigned ptr_size)
{
	return size_of(t, lookup, arg, ptr_size, 0);
}

int type_layout(const struct jv *t, layout_lookup_fn lookup, void *arg, unsigned ptr_size,
		struct layout *out)
{
	memset(out, 0, sizeof(*out));
	const char *kind = jv_str(t, "kind");
	if (!kind || (strcmp(kind, "STRUCT") && strcmp(kind, "UNION")))
		return -1;
	out->is_union = !strcmp(kind, "UNION");
	out->complete = true;
	jv_u64(t, "size", &out->size);
	const struct jv *ms = jv_get(t, "members");
	uint64_t end_bits = 0; /* the furthest bit any member so far reaches */
	bool open_end = false; /* the last member's size is unknown */
	for (size_t i = 0; ms && ms->type == JV_ARR && i < ms->n; i++) {
		const struct jv *m = &ms->items[i];
		struct layout_member lm = { .name = jv_str(m, "name"), .size = -1 };
		const struct jv *mt = jv_get(m, "type");
		struct strbuf sb = { 0 };
		if (mt)
			render_decl(&sb, mt, lm.name ? lm.name : "");
		jv_u64(m, "bitfield_size", &lm.bitfield_size);
		if (lm.bitfield_size)
			sb_addf(&sb, ":%" PRIu64, lm.bitfield_size);
		lm.decl = xstrdup(sb_str(&sb));
		sb_free(&sb);
		jv_u64(m, "bits_offset", &lm.bit_offset);
		lm.size = mt ? size_of(mt, lookup, arg, ptr_size, 0) : -1;
		/* a bitfield sits in a unit of its type's size, aligned to it */
		lm.offset = lm.bitfield_size && lm.size > 0
				    ? lm.bit_offset / (8 * (uint64_t)lm.size) * (uint64_t)lm.size
				    : lm.bit_offset / 8;
		if (lm.size < 0)
			out->complete = false;
		uint64_t bits = lm.bitfield_size ? lm.bitfield_size
				: lm.size >= 0 ? (uint64_t)lm.size * 8 : 0;
		if (open_end && lm.bit_offset > end_bits)
			end_bits = lm.bit_offset;
		open_end = lm.size < 0 && !lm.bitfield_size;
		if (!out->is_union && lm.bit_offset > end_bits) {
			lm.hole_before = lm.bit_offset - end_bits;
			if (lm.hole_before % 8) {
				out->bit_holes++;
				out->sum_bit_holes += lm.hole_before;
			} else {
				out->holes++;
				out->sum_holes += lm.hole_before / 8;
			}
		}
		if (lm.size >= 0 && !lm.bitfield_size)
			out->sum_members += (uint64_t)lm.size;
		if (lm.bit_offset + bits > end_bits)
			end_bits = lm.bit_offset + bits;
		vec_push(&out->members, lm);
	}
	uint64_t used = (end_bits + 7) / 8;
	out->padding = out->size > used ? out->size - used : 0;
	return 0;
}

void type_layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->members.n; i++)
		free(l->members.v[i].decl);
	vec_free(&l->members);
}

void type_layout_print(FILE *out, const char *name, const struct layout *l)
{
	fprintf(out, "%s %s {\n", l->is_union ? "union" : "struct", name);
	for (size_t i = 0; i < l->members.n; i++) {
		const struct layout_member *m = &l->members.v[i];
		if (m->hole_before) {
			bool bits = m->hole_before % 8;
			uint64_t n = bits ? m->hole_before : m->hole_before / 8;
			fprintf(out, "\n    /* XXX %" PRIu64 " %s%s hole, try to pack */\n\n", n,
				bits ? "bit" : "byte", n == 1 ? "" : "s");
		}
		char decl[1024];
		snprintf(decl, sizeof(decl), "%s;", m->decl);
		char size[32] = "?";
		if (m->size >= 0)
			snprintf(size, sizeof(size), "%" PRId64, m->size);
		if (m->bitfield_size)
			fprintf(out, "    %-48s /* %5" PRIu64 ":%2" PRIu64 " %4s */\n", decl,
				m->offset, m->bit_offset - m->offset * 8, size);
		else
			fprintf(out, "    %-48s /* %5" PRIu64 " %7s */\n", decl, m->offset, size);
	}
	fprintf(out, "\n    /* size: %" PRIu64 ", members: %zu */\n", l->size, l->members.n);
	if (!l->is_union)
		fprintf(out, "    /* sum members: %" PRIu64 ", holes: %" PRIu64 ", sum holes: %" PRIu64
			     " */\n", l->sum_members, l->holes, l->sum_holes);
	if (l->bit_holes)
		fprintf(out, "    /* bit holes: %" PRIu64 ", sum bit holes: %" PRIu64 " bits */\n",
			l->bit_holes, l->sum_bit_holes);
	if (l->padding)
		fprintf(out, "    /* padding: %" PRIu64 " */\n", l->padding);
	if (!l->complete)
		fprintf(out, "    /* sizes marked ? are of types the dataset does not hold */\n");
	fprintf(out, "};\n");
}
