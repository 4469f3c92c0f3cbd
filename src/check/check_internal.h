/* check_internal.h — what check.c and its helpers share. */
#ifndef KSURF_CHECK_CHECK_INTERNAL_H
#define KSURF_CHECK_CHECK_INTERNAL_H
#include "check/check.h"
#include "util/hash.h"
#include "util/json_parse.h"

/* Canonical type texts per image (check_proto.c). */
struct check_canon_cache {
	VEC(size_t) img;
	VEC(const char *) kind, name, text;
};

/* The run's cache of them (check.c). */
struct check_canon_cache *check_canon_cache(struct check_run *run);

/* Stored types, parsed (check_types.c). */
struct check_type_cache {
	VEC(struct stored_type *) types;
	struct hindex ix;
};
struct check_type_cache *check_type_cache(struct check_run *run);
void check_type_cache_free(struct check_type_cache *c);

/* Type NAME of KIND (KS_TYPE_*) as image IMG stores it, NULL when it has none. */
const struct jv *check_type(struct check_run *run, size_t img, int kind, const char *name);

/* Whether libbpf resolves CO-RE relocation R of object O in image IMG as far
 * as the stored types tell: each field of its access path found by name (in
 * anonymous members too) with a compatible type (libbpf's rules: composites
 * with composites, integers with integers, pointers with pointers, enums by
 * name, arrays by element).  A path into an anonymous type, whose members the
 * dataset does not keep, is taken as found.  A type relocation on a forward
 * declaration finds nothing (libbpf matches kinds); other kinds are true. */
bool check_core_compatible(struct check_run *run, size_t img, const struct bpf_object *o,
			   const struct bpf_core_relo_rec *r);

/* Whether type A of image IMG_A and B of IMG_B are one type to the machine:
 * typedefs expanded, integers by size and sign, qualifiers dropped. */
bool check_types_equivalent(struct check_run *run, size_t img_a, const struct jv *a, size_t img_b,
			    const struct jv *b);

/* The parameters (bit I: parameter I) of function FA (image IMG_A) that differ
 * in FB (IMG_B), by position and equivalent type; *RET_CHANGED whether the
 * return type does. */
uint64_t check_params_changed(struct check_run *run, size_t img_a, const struct jv *fa,
			      size_t img_b, const struct jv *fb, bool *ret_changed);

/* The parameters program PROG of DEPS reads (bit I: parameter I): kprobes
 * through pt_regs (its CO-RE relocations RELOS, N_RELOS of them, where
 * RELO_REACHED says so, or fixed offsets), the others through their
 * context's 8-byte slots CTX_READS.  All when the reachability walk was not
 * COMPLETE. */
uint64_t check_params_read(const struct bpf_deps *deps, uint32_t prog, const uint32_t *relos,
			   size_t n_relos, const bool *relo_reached, uint64_t ctx_reads, bool complete);

#endif
