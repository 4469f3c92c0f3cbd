/* bpf_reach.h — which instructions of a BPF program the verifier will reach
 * once libbpf has given its CO-RE relocations their values in one kernel.
 *
 * libbpf patches each CO-RE relocation with what the kernel's BTF says: a
 * test (FIELD_EXISTS, TYPE_EXISTS, ENUMVAL_EXISTS, TYPE_MATCHES) becomes the
 * constant 1 or 0, an enum value its value; a relocation it cannot resolve
 * is poisoned, and the verifier rejects the program only if it reaches that
 * instruction.  Its dead-code pass folds conditional jumps on constants, so a
 * read behind `if (bpf_core_field_exists(...))` never runs where the test is
 * 0.  This module follows the program from its entry (and into the
 * subprograms and callbacks it calls) with constants propagated through
 * registers and 8-byte stack slots, taking only the branch a known condition
 * takes (and, when asked, the constants loading gives: bpf_reach_data), and
 * says which instructions run and which context offsets are read.
 * Its cost is the instructions the program reaches, whatever the object's size.
 */
#ifndef KSURF_BPF_BPF_REACH_H
#define KSURF_BPF_BPF_REACH_H
#include <stdbool.h>
#include <stdint.h>

#include "bpf/bpf_object.h"
#include "util/hash.h"

/* A CO-RE relocation's outcome in one kernel. */
struct bpf_relo_value {
	bool resolved; /* libbpf finds it: else a test reads 0, a use is poisoned */
	bool known;    /* VALUE is what the instruction loads (tests, enum values) */
	int64_t value;
};

/* Where an object's relocations sit: built once per object. */
struct bpf_reach_index {
	int32_t **relo_at; /* per text, per instruction: a relocation (o->relos), or -1 */
	uint8_t **join;    /* per text, per instruction: 1 where paths may meet */
	size_t n_texts;
};
void bpf_reach_index_init(const struct bpf_object *o, struct bpf_reach_index *ix);
void bpf_reach_index_free(struct bpf_reach_index *ix);

/* An instruction: text << 32 | index. */
typedef uint64_t bpf_insn_ref;

struct bpf_reach {
	VEC(bpf_insn_ref) visited; /* every instruction reached, once each */
	struct hindex ix;          /* visited, by instruction */
	uint64_t ctx_reads;        /* 8-byte slots of the context read at a fixed offset */
	bool complete;             /* false: gave up (too many steps), all counts as run */
};

/* What loading makes constant besides the relocations.  libbpf keeps the
 * .kconfig externs and the read-only data (.rodata*: `const volatile`
 * settings, strings, tables) in frozen maps, which the verifier reads as
 * constants: a branch on LINUX_KERNEL_VERSION, a CONFIG_ option or a setting
 * goes one way.  Settings are taken at their initial values, as an object
 * loaded without changing them has them. */
struct bpf_reach_data {
	const struct bpf_relo_value *kconfig; /* per o->kconfig entry: KNOWN where
					       * libbpf's value is; NULL: none */
	bool rodata;                          /* the read-only data's bytes */
};

/* Follow program PROG of O (relocations placed by IX) with its relocations'
 * values VALS (one per o->relos entry) and the constants of DATA (NULL: none)
 * into OUT (free with bpf_reach_free). */
void bpf_reach_prog(const struct bpf_object *o, const struct bpf_reach_index *ix, size_t prog,
		    const struct bpf_relo_value *vals, const struct bpf_reach_data *data,
		    struct bpf_reach *out);
/* Whether instruction INSN of text TEXT runs (true for an unknown text, or
 * when the walk gave up). */
bool bpf_reach_insn(const struct bpf_reach *r, int text, uint32_t insn);
void bpf_reach_free(struct bpf_reach *r);

#endif
