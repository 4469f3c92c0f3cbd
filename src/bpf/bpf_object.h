/* bpf_object.h — what an eBPF object says about the kernel it needs.
 *
 * An object is a BPF ELF file (e_machine EM_BPF, either byte order), on its
 * own (.bpf.o) or embedded in another file (libbpf skeletons keep it as the
 * bytes of NAME__elf_bytes(); Go and Rust loaders embed it likewise).  From
 * its bytes, every offset and length checked:
 *   programs    each function of an executable section: its section name,
 *               and its instructions (every executable section is kept, with
 *               the targets of its bpf-to-bpf calls)
 *   CO-RE       the .BTF.ext core relocations: instruction, root type id in
 *               the object's .BTF, access string (at most 64 indexes, as
 *               libbpf takes them), kind
 *   externs     .ksyms functions (kfuncs) and variables (typed ksyms), and
 *               .kconfig variables, each weak or strong (ELF binding), and
 *               the instructions taking a .kconfig variable's address
 *   rodata      the read-only data sections' initial bytes, and the
 *               instructions taking an address in them
 *   helpers     ids of the helper calls (call with src_reg 0 and no
 *               relocation) in any executable section
 *   maps        each .maps definition's type id (BTF) or legacy maps' type
 *   struct_ops  each .struct_ops variable's struct and the members the
 *               object fills with programs
 */
#ifndef KSURF_BPF_BPF_OBJECT_H
#define KSURF_BPF_BPF_OBJECT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/vec.h"

struct btf;

#define EM_BPF_MACHINE 247

enum bpf_relo_kind {
	RELO_FIELD_BYTE_OFFSET, RELO_FIELD_BYTE_SIZE, RELO_FIELD_EXISTS, RELO_FIELD_SIGNED,
	RELO_FIELD_LSHIFT_U64, RELO_FIELD_RSHIFT_U64, RELO_TYPE_ID_LOCAL, RELO_TYPE_ID_TARGET,
	RELO_TYPE_EXISTS, RELO_TYPE_SIZE, RELO_ENUMVAL_EXISTS, RELO_ENUMVAL_VALUE,
	RELO_TYPE_MATCHES, RELO__COUNT
};
/* "FIELD_BYTE_OFFSET", ...; "?" for another value. */
const char *bpf_relo_kind_str(unsigned kind);

/* The type ID names with modifiers, typedefs and type tags skipped (at most
 * 32 deep); the final ID goes to OUT_ID when it is not NULL. */
struct btf_type;
const struct btf_type *bpf_btf_skip_mods(const struct btf *btf, uint32_t id, uint32_t *out_id);
/* FIELD_EXISTS, TYPE_EXISTS, ENUMVAL_EXISTS, TYPE_MATCHES: the program tests
 * for the thing and copes without it. */
bool bpf_relo_guarded(unsigned kind);

struct bpf_prog {
	const char *section; /* "kprobe/vfs_read" */
	const char *name;    /* the function */
	int text;            /* its section in texts, -1 when it has none */
	uint32_t start, count; /* its instructions there */
};

/* One instruction, decoded in the object's byte order. */
struct bpf_insn_rec {
	uint8_t code, dst, src;
	bool reloc;          /* an ELF relocation patches it (map, call, extern) */
	int16_t off;
	uint16_t kconfig;    /* an ld_imm64 of .kconfig extern K (the object's
			      * kconfig[K]): K + 1; else 0 */
	uint16_t rodata;     /* an ld_imm64 into read-only data section K (the
			      * object's rodata[K]): K + 1, IMM its offset there;
			      * else 0 */
	int32_t imm;
};

/* A read-only data section (.rodata, .rodata.str1.1, ...): libbpf loads it
 * as a frozen map, whose bytes the verifier reads as constants. */
struct bpf_rodata {
	const unsigned char *bytes; /* its initial bytes (in the object's strings) */
	size_t len;
};

/* A bpf-to-bpf call or a callback's address (ld_imm64 of a function):
 * instruction INSN of its text calls instruction TARGET of text TEXT. */
struct bpf_call {
	uint32_t insn;
	int text;
	uint32_t target;
};

/* An executable section's instructions (programs, and .text's subprograms). */
struct bpf_text {
	const char *name;
	VEC(struct bpf_insn_rec) insns;
	VEC(struct bpf_call) calls; /* by instruction, ascending */
};

/* libbpf parses an access string into at most 64 indexes (relo_core.h's
 * BPF_CORE_SPEC_MAX_LEN; more: -E2BIG, the object does not load).  An object
 * with a longer one, or one that is not indexes separated by ':', is refused
 * as malformed.  Each index fits an int: 10 digits. */
#define BPF_CORE_SPEC_MAX_LEN 64
#define BPF_ACCESS_MAX_BYTES (BPF_CORE_SPEC_MAX_LEN * 11)

struct bpf_core_relo_rec {
	const char *section; /* the program section it patches */
	int text;            /* that section in texts, -1 when none */
	uint32_t insn_off, type_id, kind;
	const char *access; /* "0:1:2", canonical (no leading zeros); shared by
			     * the records naming the same string */
};

/* How libbpf stores a .kconfig value, by the extern's type. */
enum bpf_kcfg_type {
	KCFG_UNKNOWN,  /* a type libbpf refuses a value for */
	KCFG_CHAR,     /* a 1-byte integer: y, m, n as characters, or a number */
	KCFG_BOOL,     /* y 1, n 0 */
	KCFG_TRISTATE, /* enum libbpf_tristate: y 1, m 2, n 0 */
	KCFG_INT,      /* an integer of 2, 4 or 8 bytes: a number */
	KCFG_CHAR_ARR, /* a string */
};

struct bpf_extern {
	const char *name;
	bool weak;
	bool func; /* .ksyms: a kfunc (else a typed ksym) */
	/* .kconfig: how libbpf stores its value */
	enum bpf_kcfg_type kcfg;
	uint8_t kcfg_size;   /* KCFG_INT, KCFG_CHAR: bytes */
	bool kcfg_signed;
};

struct bpf_map_def {
	const char *name;
	int64_t type; /* enum bpf_map_type value, -1 unknown */
};

struct bpf_struct_ops {
	const char *var;    /* the map's name */
	const char *type;   /* its struct: tcp_congestion_ops */
	VEC(const char *) members; /* the members programs fill */
};

struct bpf_object {
	const char *name; /* as the file and the object's position name it */
	size_t offset;    /* of the ELF in its file */
	size_t size;
	bool big_endian;
	struct btf *btf;  /* NULL when the object has no .BTF */
	VEC(struct bpf_prog) progs;
	VEC(struct bpf_text) texts;
	VEC(int32_t) helpers; /* ids called, each once */
	VEC(struct bpf_core_relo_rec) relos;
	VEC(struct bpf_extern) ksyms, kconfig;
	VEC(struct bpf_rodata) rodata;
	VEC(struct bpf_map_def) maps;
	VEC(struct bpf_struct_ops) struct_ops;
	struct arena strings;
};

typedef VEC(struct bpf_object) bpf_object_vec;

/*
 * The BPF objects of the file PATH (BYTES, LEN): the file itself when it is
 * one, else each ELF header inside it whose e_machine is EM_BPF and whose
 * section table fits in the file.  Appends to OUT; -1 after an error line
 * naming PATH (and the object's offset) when an object is malformed.  A file
 * holding none gives 0 and no object.
 */
int bpf_objects_read(const char *path, const unsigned char *bytes, size_t len,
		     bpf_object_vec *out);
void bpf_object_free(struct bpf_object *o);

/* Whether BYTES (LEN) holds a BPF object header at all (nothing is parsed). */
bool bpf_objects_present(const unsigned char *bytes, size_t len);

#endif
