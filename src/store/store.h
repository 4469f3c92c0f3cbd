/* store.h — the dataset: one SQLite file holding the surface of every image.
 *
 * Schema (version KS_SCHEMA_VERSION: schema.sql.h, docs/dataset.md): images
 * and their per-image rows (image_counts, func_groups, symtabs, image_syscalls,
 * image_tracepoints, image_hooks, image_types, image_notrace, image_btf), and what images
 * share, stored once by content id (strings, func_contents, types, configs).
 * Each `add` (and each image of a `merge`) is one transaction: a failed or
 * interrupted one leaves the file as it was.
 */
#ifndef KSURF_STORE_STORE_H
#define KSURF_STORE_STORE_H
#include <stdbool.h>
#include <stdint.h>

#include "surface/surface.h"

#define KS_SCHEMA_VERSION 11

struct sqlite3;

struct store_stmt;
struct ks_store {
	struct sqlite3 *db;
	const char *path;
	/* prepared reads kept for reuse (store_prep_cached) */
	struct store_stmt *stmts;
	size_t n_stmts;
	/* strings read so far, by id (content-addressed: never stale) */
	struct store_strings *strings;
	/* a new dataset not yet in place: its staging file (store_create.c) */
	char *stage_path;
	int stage_fd;
	/* a read found the dataset damaged (an error line said so): what was
	 * computed from it is no answer */
	bool read_failed;
};

/* Summary of one stored image (ksurf list). */
struct ks_image_row {
	int64_t id;
	struct ks_image_info info;
	int64_t n_symbols, n_entries, n_groups, n_transformed;
	int64_t n_collision[KS_COLL__COUNT];
	int64_t n_inline[KS_INLINE__COUNT];
	int64_t n_types[KS_TYPE__COUNT];
	int64_t n_syscalls, n_tracepoints, n_lsm_hooks, n_kfuncs, n_config;
	const char *added_at;
};

/* The default dataset path: $KSURF_DB, else $XDG_DATA_HOME/ksurf/ksurf.db. */
const char *ks_store_default_path(void);

/* Open (CREATE: creating it and its directory if missing; a new dataset is
 * staged beside PATH and appears there whole with its first image, so a
 * failed first add leaves nothing).  -1 after an error line. */
int ks_store_open(struct ks_store *st, const char *path, bool create);
void ks_store_close(struct ks_store *st);

/* A read transaction around many reads (one snapshot, one lock instead of one
 * per statement): the site's page workers.  -1 after an error line. */
int ks_store_read_begin(struct ks_store *st);
void ks_store_read_end(struct ks_store *st);

/* Store S as a new image.  An image of the same name is an error unless REPLACE. */
int ks_store_add_image(struct ks_store *st, const struct ks_surface *s, bool replace);

/*
 * ksurf merge: every image of the datasets SHARDS[N] into ST, one transaction
 * per image, its stored content copied as it is (what `add` of the same
 * images gives, in any order).  Every shard is read whole and checked before
 * anything is written: a damaged one, or an image whose name ST or an earlier
 * shard holds with another identity (banner, arch, flavor, stored surface),
 * is an error line and ST stays as it was; an image ST already holds with
 * the same identity is skipped.  COUNTS[N] (zeroed by the caller) get the
 * images added and skipped per shard.  -1 after an error line.
 */
struct ks_merge_counts {
	size_t added, skipped;
};
int ks_store_merge(struct ks_store *st, const char *const *shards, size_t n,
		   struct ks_merge_counts *counts, void (*progress)(size_t done, size_t total));

/* Images in insertion order; CB returns non-zero to stop.  Strings live during CB. */
int ks_store_list_images(struct ks_store *st,
			 int (*cb)(const struct ks_image_row *row, void *arg), void *arg);

/* A setting kept in the dataset (meta table): 1 found (into BUF), 0 not, -1 error;
 * setting VALUE NULL removes it. */
int ks_store_get_meta(struct ks_store *st, const char *key, char *buf, size_t len);
int ks_store_set_meta(struct ks_store *st, const char *key, const char *value);

/* Id of the image NAME, 0 when absent, -1 on error. */
int64_t ks_store_image_id(struct ks_store *st, const char *name);

/*
 * The image a user's NAME means: the image of that name, else the one image
 * of that release ("6.1.0-56-amd64", as uname -r says it), else the one
 * whose name or release starts with NAME.  Its id (its name into CANON, LEN
 * bytes, when given); 0 after an error line naming CMD, with the closest
 * names when none matches or the candidates when several do; -1 on a
 * dataset error.
 */
int64_t ks_store_find_image(struct ks_store *st, const char *cmd, const char *name, char *canon,
			    size_t len);

/*
 * Load image ID into S: identity, and either everything (FUNC_NAME NULL) or
 * only the group FUNC_NAME with its entries and symbols.  With
 * WITH_ALL_SYMBOLS the whole symbol table is loaded too.
 */
int ks_store_load_surface(struct ks_store *st, int64_t id, const char *func_name,
			  bool with_all_symbols, struct ks_surface *s);

/* Image ID's whole symbol table into S->symbols (strings in S->strings). */
int ks_store_load_symtab(struct ks_store *st, int64_t id, struct ks_surface *s);

/* The system calls of image ID into S->syscalls (by number; NULL for gaps). */
int ks_store_load_syscalls(struct ks_store *st, int64_t id, struct ks_surface *s);

/* The tracepoints, LSM hooks and kfuncs of image ID (NAME_ONLY: those of that
 * name) into S, their types looked up in S->types (load those first). */
int ks_store_load_hooks(struct ks_store *st, int64_t id, const char *name_only,
			struct ks_surface *s);

/* Each function group of image ID: its name and classes, by name. */
int ks_store_group_classes(struct ks_store *st, int64_t id,
			   int (*cb)(const char *name, int collision, int inline_type,
				     bool transformed, void *arg),
			   void *arg);

/*
 * Every name of one kind in image ID (starting with PREFIX, when not NULL), to CB
 * (non-zero stops): WHAT is "func" (function groups), a type kind ("FUNC",
 * "STRUCT", "UNION", "ENUM", "ENUM64"), "syscall", "tracepoint", "lsm" or
 * "kfunc".  -1 after an error line.
 */
int ks_store_each_name(struct ks_store *st, int64_t id, const char *what, const char *prefix,
		       int (*cb)(const char *name, void *arg), void *arg);

/* The inline class (enum ks_inline_type) of function group NAME of image ID:
 * 1 found, 0 none, -1 after an error line. */
int ks_store_func_class(struct ks_store *st, int64_t id, const char *name, int *inline_type);

/* The functions of image ID with a symbol (not fully inlined) whose name
 * matches GLOB (SQLite's GLOB: *, ?, [...]), by name: CB (when not NULL) sees
 * each, and a non-zero return leaves it out of the count; -1 on an error. */
int64_t ks_store_match_funcs(struct ks_store *st, int64_t id, const char *glob,
			     int (*cb)(const char *name, void *arg), void *arg);

/* A named type of an image: its name and content id. */
struct ks_type_ref {
	const char *name;
	uint64_t id;
};

/* The (name, id) of every type of KIND in image ID, by name (strings in A). */
int ks_store_type_refs(struct ks_store *st, int64_t id, int kind, struct arena *a,
		       struct ks_type_ref **out, size_t *n);
/* The JSON of the stored type TYPE_ID (copied to A), NULL after an error line. */
const char *ks_store_type_json(struct ks_store *st, uint64_t type_id, struct arena *a,
			       size_t *len);

/* The config text of image ID into S->config (NULL when it has none). */
int ks_store_load_config(struct ks_store *st, int64_t id, struct ks_surface *s);

/*
 * Append to S->types the named types of image ID: of KIND (-1: every kind)
 * and NAME (NULL: every name), per kind in the image's BTF order.
 */
/* The functions image ID's ftrace cannot trace into S->notrace (S->notrace_known
 * set when the image tells); -1 after an error line. */
int ks_store_load_notrace(struct ks_store *st, int64_t id, struct ks_surface *s);
/* The raw BTF of image ID into *DATA (malloc'd) and *SIZE; 0 with *DATA NULL
 * when the dataset holds none for it (an imported image, an older dataset);
 * -1 after an error line. */
int ks_store_load_btf(struct ks_store *st, int64_t id, void **data, size_t *size);
int ks_store_load_types(struct ks_store *st, int64_t id, int kind, const char *name,
			struct ks_surface *s);

#endif
