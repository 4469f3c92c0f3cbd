/* surface.h — the function surface of one kernel image, as ksurf stores it.
 *
 * Computed once by `ksurf add` (elf/ + dwarf/ + surface/func_groups.c),
 * stored by store/, read back by every other command.  Field meanings are
 * (entries), §4 (symbols and groups) and §2 (identity).
 */
#ifndef KSURF_SURFACE_SURFACE_H
#define KSURF_SURFACE_SURFACE_H
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/hash.h"
#include "util/vec.h"

/* Inline status of a function entry (DW_AT_inline values 0..3 plus two states). */
enum ks_inline {
	KS_INL_NOT_SEEN = -2,     /* only declared, never seen defined */
	KS_INL_SEEN_UNKNOWN = -1, /* defined without DW_AT_inline */
	KS_INL_NOT_DECL_NOT_INLINED = 0,
	KS_INL_NOT_DECL_INLINED = 1,
	KS_INL_DECL_NOT_INLINED = 2,
	KS_INL_DECL_INLINED = 3,
};

enum ks_collision {
	KS_COLL_UNIQUE_GLOBAL,
	KS_COLL_UNIQUE_STATIC,
	KS_COLL_STATIC_DUP,
	KS_COLL_STATIC_STATIC,
	KS_COLL_STATIC_GLOBAL,
	KS_COLL__COUNT
};

enum ks_inline_type { KS_INLINE_NO, KS_INLINE_FULL, KS_INLINE_SELECTIVE, KS_INLINE__COUNT };

/* One DWARF function entry.  Callers are "UNITPATH:CALLER". */
struct ks_func_entry {
	const char *name;
	const char *loc;  /* NULL: an external function never seen defined */
	const char *file; /* unit path; NULL like loc */
	uint64_t addr;
	int inline_status; /* enum ks_inline */
	bool external;
	const char **inline_callers;
	const char **direct_callers;
	uint32_t n_inline_callers, n_direct_callers;
};

/* One ELF symbol (all of .symtab, for export; groups use the STT_FUNC ones). */
struct ks_symbol {
	const char *name;
	const char *section; /* section name, or SHN_UNDEF / SHN_ABS / SHN_COMMON */
	uint64_t value, size;
	uint8_t type, bind, visibility; /* STT_*, STB_*, STV_* */
};

/* A function group: entries of one name plus symbols of that stem. */
struct ks_func_group {
	const char *name;
	uint8_t collision;   /* enum ks_collision */
	uint8_t inline_type; /* enum ks_inline_type */
	bool transformed;    /* a symbol of the group has a suffix */
	uint32_t first_entry, n_entries; /* range in ks_surface.entries */
	uint32_t first_symbol, n_symbols; /* range in ks_surface.group_symbols */
};

/* Kinds of named types kept from BTF. */
enum ks_type_kind {
	KS_TYPE_FUNC,
	KS_TYPE_STRUCT,
	KS_TYPE_UNION,
	KS_TYPE_ENUM,
	KS_TYPE_ENUM64,
	KS_TYPE_INT,
	KS_TYPE_TYPEDEF, /* ksurf's own (struct layouts need member sizes): not published */
	KS_TYPE__COUNT
};

/* A named type: its normalized JSON (the published form), not NUL-terminated. */
struct ks_type {
	uint64_t id;  /* hash_content() of the JSON: its key in the dataset */
	uint8_t kind; /* enum ks_type_kind */
	const char *name;
	const char *json;
	size_t json_len;
};

/* A tracepoint: its event, class, format and BTF function and struct. */
struct ks_tracepoint {
	const char *event_name, *class_name, *fmt_str;
	const struct ks_type *func, *strct; /* trace_event_raw_event_CLASS, trace_event_raw_CLASS */
};

/* An LSM hook or kfuncs: a name and its BTF FUNC. */
struct ks_item {
	const char *name;
	const struct ks_type *func;
};

/* Identity of an image. */
struct ks_image_info {
	const char *name;    /* dataset name, e.g. 6.1.0-56-cloud-amd64 */
	const char *release; /* uname -r, e.g. 6.1.0-56-cloud-amd64 */
	const char *version; /* X.Y.Z */
	const char *abi;     /* ABI/revision number, "" if none */
	const char *flavor;  /* generic, cloud, rt, aws, ... */
	const char *arch;    /* amd64, arm64, ... */
	const char *banner;  /* linux_banner without the trailing newline */
	const char *compiler; /* first .comment string */
	const char *comment;  /* whole .comment, strings joined by newlines */
	const char *source;   /* path the image was read from */
	const char *distro;   /* "Debian", "Ubuntu", or "" (from the banner) */
	const char *kind;     /* "vmlinux", "btf" (a raw BTF file), "running" */
	long syscall_base;    /* number of S->syscalls[0] (mips64el 5000); -1: unnumbered */
};

struct ks_surface {
	struct ks_image_info info;
	VEC(struct ks_func_entry) entries;
	VEC(struct ks_func_group) groups;
	VEC(struct ks_symbol) symbols;
	VEC(uint32_t) group_symbols; /* indexes into symbols, per group range */
	VEC(struct ks_type) types;   /* per kind in BTF order (btf/btf_normalize.c) */
	struct arena type_text;      /* types' names and JSON (filled apart from strings) */
	VEC(const char *) syscalls;  /* by number; NULL: an entry no symbol names */
	VEC(struct ks_tracepoint) tracepoints;
	VEC(struct ks_item) lsm_hooks, kfuncs;
	VEC(const char *) kfunc_tags; /* FUNCs BTF tags bpf_kfunc (btf/btf_normalize.c) */
	struct hindex *type_index;   /* (kind, name) -> types, built on first lookup */
	VEC(const char *) notrace;   /* functions ftrace cannot trace (elf/mcount.c) */
	bool notrace_known;          /* the image lists its ftrace call sites */
	void *btf_raw;               /* the image's raw BTF (malloc'd; btf/btf_normalize.c) */
	size_t btf_raw_size;
	char *config;                /* the kernel .config text (malloc'd), or NULL */
	size_t config_len;
	struct arena strings;
	/* keeps the mapped image (and what points into it) alive */
	void (*release_fn)(void *);
	void *release_arg;
};

void surface_free(struct ks_surface *s);

/* Names used in reports and the published dataset. */
const char *ks_inline_status_str(int status);
int ks_inline_status_parse(const char *s);
const char *ks_collision_str(int collision);
int ks_collision_parse(const char *s);
const char *ks_inline_type_str(int type);
int ks_inline_type_parse(const char *s);
bool ks_inline_actual(int status);
/* The type of KIND named NAME in S->types, NULL when none. */
const struct ks_type *ks_surface_type(struct ks_surface *s, int kind, const char *name);

/* "FUNC", "STRUCT", ... and back (-1: unknown). */
const char *ks_type_kind_str(int kind);
int ks_type_kind_parse(const char *s);

/* What is wrong with NAME as an image's name, NULL when nothing: names become
 * file names (export, the site) and terminal text, so no '/', no "." or "..",
 * no control character, 1 to 200 bytes. */
const char *ks_image_name_problem(const char *name);

/* Symbol helpers. */
bool ks_symbol_is_func(const struct ks_symbol *sym);
bool ks_symbol_has_suffix(const char *name);
const char *ks_stb_str(unsigned bind, char buf[16]);
const char *ks_stt_str(unsigned type, char buf[16]);
const char *ks_stv_str(unsigned vis, char buf[16]);
/* And back: -1 for a name none of those gives (decimal numbers are read too). */
int ks_stb_parse(const char *s);
int ks_stt_parse(const char *s);
int ks_stv_parse(const char *s);

#endif
