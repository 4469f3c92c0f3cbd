/* store_internal.h — helpers shared by store.c, store_write.c and store_read.c. */
#ifndef KSURF_STORE_INTERNAL_H
#define KSURF_STORE_INTERNAL_H
#include <sqlite3.h>

#include "store/store.h"

/* Run SQL; -1 after an error line naming the dataset. */
int store_exec(struct ks_store *st, const char *sql);
/* Prepare SQL into *Q; -1 after an error line. */
int store_prep(struct ks_store *st, const char *sql, sqlite3_stmt **q);
/* store_prep for the read paths that run per dependency: a statement of the same
 * SQL not in use is reused, reset (preparing costs more than running).  Give it
 * back with store_unprep, never sqlite3_finalize. */
int store_prep_cached(struct ks_store *st, const char *sql, sqlite3_stmt **q);
void store_unprep(struct ks_store *st, sqlite3_stmt *q);
/* The connection's string resolver: every string read through it is kept (in
 * memory owned by ST) until ks_store_close, so each is fetched once however
 * many surfaces use it (a dataset of 100 images holds ~100k strings, 4 MB). */
struct string_resolver *store_strings(struct ks_store *st);
/* Step a statement that returns no row, then reset it; -1 after an error line. */
int store_step_done(struct ks_store *st, sqlite3_stmt *q);
/* Bind S as static text, or NULL. */
void store_bind_text(sqlite3_stmt *q, int i, const char *s);
/* Column I as a copy in A, NULL for SQL NULL. */
const char *store_col_str(struct arena *a, sqlite3_stmt *q, int i);
/* The IMAGE_COLUMNS starting at column FIRST into IN. */
void store_read_info(struct arena *a, sqlite3_stmt *q, int first, struct ks_image_info *in);

/* The schema, into the empty database of ST, inside the caller's transaction. */
int store_create_schema(struct ks_store *st);

/* A new dataset (store_create.c): staged beside PATH, linked into place by
 * store_stage_publish once it holds an image.  -1 after an error line. */
int store_stage_open(struct ks_store *st, const char *path);
/* Put ST's staged dataset at its path: 0 done, 1 another process created the
 * dataset first (ST is open on that one: do the transaction again), -1 after an
 * error line (ST closed).  ST is an ordinary open dataset after 0 or 1. */
int store_stage_publish(struct ks_store *st);
/* Remove ST's staging file, if any (ks_store_close does). */
void store_stage_discard(struct ks_store *st);
/* Remove the staging files of processes that died creating PATH. */
void store_stage_sweep(const char *path);

#define IMAGE_COLUMNS                                                                             \
	"name, kind, release, version, abi, flavor, arch, banner, compiler, comment, source, distro," \
	" syscall_base"
#define IMAGE_NCOLUMNS 13

#endif
