/* type_layout.h — a struct's or union's memory layout, as pahole -C shows it:
 * each member's offset and size, the holes between members and the padding at
 * the end, from the normalized types (the sizes of members' types looked up by
 * name: structs, unions, ints and typedefs; pointers by the image's size).
 * Members of anonymous structs and unions come flattened, as the normalized
 * form has them.  A member whose size cannot be told ends where the next one
 * starts (no hole is claimed after it).
 */
#ifndef KSURF_TYPES_TYPE_LAYOUT_H
#define KSURF_TYPES_TYPE_LAYOUT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/hash.h"
#include "util/json_parse.h"
#include "util/vec.h"

/* The normalized type of KIND ("STRUCT", "UNION", "INT", "TYPEDEF") named NAME,
 * NULL when unknown. */
typedef const struct jv *(*layout_lookup_fn)(void *arg, const char *kind, const char *name);

struct layout_member {
	const char *name;
	char *decl;             /* "unsigned int __state" (malloc'd) */
	uint64_t bit_offset;
	uint64_t offset;        /* bytes; a bitfield's storage unit, as pahole shows it */
	int64_t size;           /* bytes of its type, -1 when unknown */
	uint64_t bitfield_size; /* 0: not a bitfield */
	uint64_t hole_before;   /* bits of the hole before it */
};

struct layout {
	bool is_union;
	uint64_t size; /* the struct's */
	VEC(struct layout_member) members;
	uint64_t holes, sum_holes, sum_members, padding; /* bytes */
	uint64_t bit_holes, sum_bit_holes;               /* holes of a bit count not a byte multiple */
	bool complete; /* every member's size known */
};

/* The layout of the STRUCT or UNION object T; -1 for another kind. */
int type_layout(const struct jv *t, layout_lookup_fn lookup, void *arg, unsigned ptr_size,
		struct layout *out);
void type_layout_free(struct layout *l);

/* The size of type reference T in bytes, -1 when it cannot be told. */
int64_t type_size(const struct jv *t, layout_lookup_fn lookup, void *arg, unsigned ptr_size);

/* The flattened layout above as text: "struct NAME {", a line per member with
 * its offset and size in a comment, "XXX N bytes hole" lines, then a summary
 * and "};" (what an image without stored BTF shows). */
void type_layout_print(FILE *out, const char *name, const struct layout *l);

/*
 * From the image's raw BTF (types/type_pahole.c): the struct or union ID as
 * `pahole --suppress_aligned_attribute -C NAME` prints it from the image's
 * DWARF, byte for byte, into SB: "struct NAME {", a line per member (type
 * column, name, then a comment "OFFSET SIZE", a bitfield's "OFFSET:BIT SIZE";
 * offsets from the outermost struct's start), anonymous structs, unions and
 * enums expanded inline, cacheline boundary comments, hole lines ("XXX 4
 * bytes hole", "XXX 17 bits hole", "XXX last struct has N bytes of padding",
 * "Bitfield combined with ..."), then pahole's summary (size, cachelines,
 * members; sum members, holes; bitfield members and bit holes; padding;
 * bit_padding; paddings; last cacheline) and "};", packing inferred as pahole
 * infers it for -C NAME.  The BTF has no alignment attributes and no unnamed
 * bitfields: what pahole shows of them is not shown (docs/layout.md).  -1
 * when ID is no struct or union.
 */
struct btf;
struct strbuf;
int type_layout_btf_print(struct strbuf *sb, const struct btf *btf, uint32_t id);
/* The first struct (IS_UNION: union) named NAME in BTF's id order, 0 if none. */
uint32_t type_layout_btf_find(const struct btf *btf, bool is_union, const char *name);

/* The structs and unions of a BTF by name, for many lookups (a page per
 * struct of an image): build with type_layout_btf_index, which keeps BTF
 * (not owned), free with type_layout_btf_index_free. */
struct layout_btf_index {
	const struct btf *btf;
	struct hindex names; /* hash of the name: the type ids */
};
void type_layout_btf_index(struct layout_btf_index *x, const struct btf *btf);
/* What type_layout_btf_find finds: the first of the name and kind, 0 if none. */
uint32_t type_layout_btf_lookup(struct layout_btf_index *x, bool is_union, const char *name);
void type_layout_btf_index_free(struct layout_btf_index *x);

#endif
