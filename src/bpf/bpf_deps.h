/* bpf_deps.h — the kernel dependencies of one BPF object, each with a kind, a
 * name, how it is used and whether the program copes without it.
 *
 *   func        kprobe/kretprobe/fentry/fexit/fmod_ret/freplace/iter targets
 *               (a kprobe.multi pattern is a func dependency named by the glob)
 *   syscall     ksyscall/kretsyscall, tracepoint/syscalls/sys_{enter,exit}_S
 *   tracepoint  tracepoint/tp (the event struct), raw_tp/tp_btf (btf_trace_E)
 *   lsm         lsm/lsm.s/lsm_cgroup hooks
 *   struct      the root struct or union of CO-RE accesses, struct_ops types
 *   field       STRUCT::FIELD on a CO-RE access path, struct_ops members
 *   type        types a relocation tests (exists, size, match, target id)
 *   enumval     ENUM::VALUE of enum value relocations
 *   kfunc       .ksyms functions (weak ones guarded); typed ksyms are kind
 *               "ksym" (a variable the kernel must export)
 *   helper      helper calls, by id (named from an image's enum bpf_func_id)
 *   map_type    map definitions' types, by id (enum bpf_map_type)
 *   config      .kconfig externs (weak ones guarded)
 * Names lose libbpf's ___flavor suffixes.
 */
#ifndef KSURF_BPF_BPF_DEPS_H
#define KSURF_BPF_BPF_DEPS_H
#include <stdbool.h>
#include <stdint.h>

#include "bpf/bpf_object.h"
#include "util/hash.h"

enum bpf_dep_kind {
	BDEP_FUNC, BDEP_SYSCALL, BDEP_TRACEPOINT, BDEP_LSM, BDEP_STRUCT, BDEP_FIELD, BDEP_TYPE,
	BDEP_ENUMVAL, BDEP_KFUNC, BDEP_KSYM, BDEP_HELPER, BDEP_MAP_TYPE, BDEP_CONFIG, BDEP__COUNT
};
extern const char *const bpf_dep_kind_names[BDEP__COUNT];

/* An instruction: of text TEXT (bpf_object's texts), index INSN. */
struct bpf_site {
	int text;
	uint32_t insn;
};

/* How a hook attaches (the program's section). */
enum bpf_attach {
	ATTACH_NONE,       /* no kernel symbol: xdp, tc, uprobe, cgroup, ... */
	ATTACH_RUNTIME,    /* a bare section: the target is set at run time */
	ATTACH_FUNC,       /* kprobe, kretprobe: a symbol */
	ATTACH_FUNC_BTF,   /* fentry, fexit, fmod_ret, freplace, iter: a symbol and its BTF */
	ATTACH_FUNC_GLOB,  /* kprobe.multi: the functions a pattern matches */
	ATTACH_SYSCALL,
	ATTACH_TP,         /* tracepoint/tp: the event's record */
	ATTACH_TP_RAW,     /* raw_tp, tp_btf: the tracepoint's arguments */
	ATTACH_LSM,
	ATTACH_STRUCT_OPS,
};

struct bpf_prog_desc {
	const char *section, *name;
	bool optional;      /* "?SECTION": the loader enables it on demand */
	const char *type;   /* libbpf's program type: kprobe, tracing, xdp, ... */
	const char *attach; /* the target ("vfs_read"), "attach target set at run
			     * time", or "" when none is needed */
	enum bpf_attach how;
	int ctx_ret;        /* where its context is the target's arguments, 8 bytes
			     * each: the slots past them it may read (1, the return
			     * value: fexit, fmod_ret, lsm; 0: fentry, tp_btf,
			     * raw_tp); -1 another context (kprobes' registers,
			     * iterators, a writable raw_tp, ...) */
};

struct bpf_dep {
	enum bpf_dep_kind kind;
	const char *name;
	VEC(const char *) uses; /* kprobe, fentry, FIELD_BYTE_OFFSET, call, kconfig, ... */
	bool guarded;     /* a use tests for it (FIELD_EXISTS, TYPE_EXISTS,
			   * ENUMVAL_EXISTS, TYPE_MATCHES, a weak extern): the
			   * program copes without it */
	unsigned attach;  /* a hook: bits 1 << enum bpf_attach of its uses */
	int64_t id;       /* helper, map_type: the number; else -1 */
	VEC(uint32_t) progs; /* the programs using it (indexes into progs); none:
			      * the object as a whole (maps, externs, config) */
	VEC(struct bpf_site) sites; /* a helper: its calls */
};

/* A CO-RE relocation, as libbpf names it (its program section and its index
 * there), and the dependencies it needs: resolved where all of them are. */
struct bpf_relo_deps {
	const char *section;
	unsigned index;
	unsigned kind;
	struct bpf_site site;
	const char *leaf;  /* the last named field on its path ("cap_effective"), or NULL */
	const char *spec; /* "struct task_struct: 0:86" */
	VEC(uint32_t) deps; /* indexes into deps */
	VEC(uint32_t) progs; /* the programs whose code holds it */
};

struct bpf_deps {
	VEC(struct bpf_prog_desc) progs;
	VEC(struct bpf_dep) deps; /* in the order first seen */
	VEC(struct bpf_relo_deps) relos;
	struct arena strings;
	/* while bpf_deps_of runs (a crafted object may name a hundred thousand
	 * dependencies: every look-up is by hash) */
	struct bpf_relo_deps *reading; /* the relocation it reads */
	uint32_t reading_mark;         /* ... its number + 1 */
	VEC(uint32_t) marks;           /* per dependency: the reading_mark that named it */
	struct hindex dep_ix;          /* deps, by kind and name */
	struct hindex str_ix;          /* strs, by content */
	VEC(const char *) strs;        /* names stored once in strings */
};

/* The programs and dependencies of O into OUT (free with bpf_deps_free). */
void bpf_deps_of(const struct bpf_object *o, struct bpf_deps *out);
void bpf_deps_free(struct bpf_deps *d);

/* The section convention SECTION follows (a leading '?' aside): its program type and how it
 * attaches, and the target it names (into TARGET, LEN bytes; "" for none). */
enum bpf_attach bpf_section_attach(const char *section, const char **type, char *target,
				   size_t len);

#endif
