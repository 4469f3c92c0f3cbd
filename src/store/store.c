#include "store/store.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/schema.sql.h"
#include "store/store_internal.h"
#include "store/string_table.h"
#include "util/xalloc.h"
#include "util/error.h"
#include "util/suggest.h"

static char default_path[PATH_MAX];

const char *ks_store_default_path(void)
{
	const char *env = getenv("KSURF_DB");
	if (env && *env)
		return env;
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(default_path, sizeof(default_path), "%s/ksurf/ksurf.db", xdg);
	else if (home && *home)
		snprintf(default_path, sizeof(default_path), "%s/.local/share/ksurf/ksurf.db", home);
	else
		snprintf(default_path, sizeof(default_path), "ksurf.db");
	return default_path;
}

static int mkdirs_for(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return 0;
	*slash = '\0';
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int schema_version(struct ks_store *st, int *version)
{
	sqlite3_stmt *q;
	*version = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'",
			       -1, &q, NULL) != SQLITE_OK)
		return -1;
	int has_meta = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
	sqlite3_finalize(q);
	if (!has_meta)
		return 0;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key='schema_version'", -1,
			       &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		*version = atoi((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return 0;
}

/* WAL journaling, kept in the file once set.  Switching needs the database to
 * itself for a moment, and SQLite answers "locked" at once rather than wait
 * when another connection reads: retry for up to the busy timeout. */
static int set_wal(struct ks_store *st)
{
	for (int i = 0; i < 300; i++) {
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &q, NULL) != SQLITE_OK)
			break;
		int rc = sqlite3_step(q);
		/* an in-memory dataset (check --running) journals in memory, and stays so */
		const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
		bool wal = mode && (!strcmp(mode, "wal") || !strcmp(mode, "memory"));
		sqlite3_finalize(q);
		if (wal)
			return 0;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED && rc != SQLITE_ROW)
			break;
		usleep(100000);
	}
	ks_error("%s: cannot switch the dataset to WAL journaling: %s", st->path, sqlite3_errmsg(st->db));
	return -1;
}

int store_create_schema(struct ks_store *st)
{
	sqlite3_stmt *q;
	int ntables = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			ntables = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
	}
	if (ntables > 0) {
		ks_error("%s: not a ksurf dataset (it has other tables)", st->path);
		return -1;
	}
	char sql[64];
	snprintf(sql, sizeof(sql), "INSERT INTO meta VALUES('schema_version','%d');",
		 KS_SCHEMA_VERSION);
	return store_exec(st, ks_schema_sql) < 0 || store_exec(st, sql) < 0 ? -1 : 0;
}

/* The journal mode: WAL, set in the file once (a dataset linked into place by
 * store_stage_publish comes without). */
static int ensure_wal(struct ks_store *st)
{
	sqlite3_stmt *q;
	bool wal = false;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK) {
		const char *mode = sqlite3_step(q) == SQLITE_ROW
					   ? (const char *)sqlite3_column_text(q, 0) : NULL;
		wal = mode && (!strcmp(mode, "wal") || !strcmp(mode, "memory"));
		sqlite3_finalize(q);
	}
	return wal ? 0 : set_wal(st);
}

int ks_store_open(struct ks_store *st, const char *path, bool create)
{
	memset(st, 0, sizeof(*st));
	st->path = path;
	st->stage_fd = -1;
	bool memory = !strcmp(path, ":memory:");
	if (!memory)
		store_stage_sweep(path);
	struct stat sb;
	if (stat(path, &sb) < 0) {
		if (!create) {
			ks_error("%s: no dataset here (run `ksurf add` first, or pass --db)", path);
			return -1;
		}
		if (!memory && errno == ENOENT) {
			/* a new dataset: staged, and in place once it holds an image */
			if (mkdirs_for(path) < 0) {
				ks_error("%s: cannot create its directory: %s", path, strerror(errno));
				return -1;
			}
			if (store_stage_open(st, path) < 0) {
				ks_store_close(st);
				return -1;
			}
			return 0;
		}
	}
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	/* a relative path as ./PATH: "file:x.db" names a file, never an SQLite URI */
	char open_path[4200];
	snprintf(open_path, sizeof(open_path), "%s%s",
		 memory || path[0] == '/' ? "" : "./", path);
	if (sqlite3_open_v2(open_path, &st->db, flags, NULL) != SQLITE_OK) {
		ks_error("%s: cannot open dataset: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		ks_store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 30000);
	int version;
	if (store_exec(st, "PRAGMA foreign_keys=ON") < 0 || schema_version(st, &version) < 0) {
		int ec = sqlite3_errcode(st->db) & 0xff;
		ks_error(ec == SQLITE_NOTADB || ec == SQLITE_CORRUPT ? "%s: not a ksurf dataset (%s)"
								   : "%s: cannot read the dataset: %s",
			 path, sqlite3_errmsg(st->db));
		ks_store_close(st);
		return -1;
	}
	if (version == 0 && create) {
		/* An empty file (or :memory:).  Another process may be creating the
		 * schema too: the check and the schema go in one write transaction, and
		 * what it finds once it has the lock decides. */
		if (store_exec(st, "BEGIN IMMEDIATE") < 0)
			goto fail;
		if (schema_version(st, &version) < 0) {
			store_exec(st, "ROLLBACK");
			goto fail;
		}
		if (version == 0) {
			if (store_create_schema(st) < 0) {
				sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
				goto fail;
			}
			version = KS_SCHEMA_VERSION;
		}
		if (store_exec(st, "COMMIT") < 0)
			goto fail;
	}
	if (version == 0) {
		ks_error("%s: not a ksurf dataset (no schema)", path);
		goto fail;
	}
	if (version == 9 || version == 10) {
		/* versions 10 and 11 each add a table and change nothing else */
		char sql[160];
		snprintf(sql, sizeof(sql), "UPDATE meta SET value='%d' WHERE key='schema_version'",
			 KS_SCHEMA_VERSION);
		if (store_exec(st, "BEGIN IMMEDIATE") < 0 || store_exec(st, KS_SCHEMA_NOTRACE) < 0 ||
		    store_exec(st, KS_SCHEMA_BTF) < 0 || store_exec(st, sql) < 0 ||
		    store_exec(st, "COMMIT") < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		version = KS_SCHEMA_VERSION;
	}
	if (version != KS_SCHEMA_VERSION) {
		ks_error("%s: dataset schema version %d, this ksurf reads version %d", path,
			 version, KS_SCHEMA_VERSION);
		goto fail;
	}
	if (ensure_wal(st) < 0)
		goto fail;
	store_exec(st, "PRAGMA synchronous=NORMAL");
	/* reads through a mapping instead of a pread and a copy per page */
	store_exec(st, "PRAGMA mmap_size=4294967296");
	return 0;
fail:
	ks_store_close(st);
	return -1;
}

struct store_stmt {
	char *sql;
	sqlite3_stmt *q;
	bool busy;
};
#define STORE_MAX_STMTS 48

int store_prep_cached(struct ks_store *st, const char *sql, sqlite3_stmt **q)
{
	for (size_t i = 0; i < st->n_stmts; i++)
		if (!st->stmts[i].busy && !strcmp(st->stmts[i].sql, sql)) {
			st->stmts[i].busy = true;
			*q = st->stmts[i].q;
			return 0;
		}
	if (store_prep(st, sql, q) < 0)
		return -1;
	if (st->n_stmts < STORE_MAX_STMTS) {
		if (!st->stmts)
			st->stmts = xcalloc(STORE_MAX_STMTS, sizeof(*st->stmts));
		st->stmts[st->n_stmts++] = (struct store_stmt){ xstrdup(sql), *q, true };
	}
	return 0;
}

void store_unprep(struct ks_store *st, sqlite3_stmt *q)
{
	for (size_t i = 0; i < st->n_stmts; i++)
		if (st->stmts[i].q == q) {
			sqlite3_reset(q);
			sqlite3_clear_bindings(q);
			st->stmts[i].busy = false;
			return;
		}
	sqlite3_finalize(q);
}

struct store_strings {
	struct string_resolver r;
	struct arena text;
};

struct string_resolver *store_strings(struct ks_store *st)
{
	if (!st->strings) {
		st->strings = xcalloc(1, sizeof(*st->strings));
		string_resolver_init(&st->strings->r, st, &st->strings->text);
	}
	return &st->strings->r;
}

void ks_store_close(struct ks_store *st)
{
	if (st->strings) {
		string_resolver_free(&st->strings->r);
		arena_free(&st->strings->text);
		free(st->strings);
		st->strings = NULL;
	}
	for (size_t i = 0; i < st->n_stmts; i++) {
		sqlite3_finalize(st->stmts[i].q);
		free(st->stmts[i].sql);
	}
	free(st->stmts);
	st->stmts = NULL;
	st->n_stmts = 0;
	if (st->db)
		sqlite3_close(st->db);
	st->db = NULL;
	store_stage_discard(st); /* a new dataset that got no image */
}

int ks_store_read_begin(struct ks_store *st)
{
	return store_exec(st, "BEGIN");
}

void ks_store_read_end(struct ks_store *st)
{
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

int store_exec(struct ks_store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		ks_error("%s: %s", st->path, err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int store_prep(struct ks_store *st, const char *sql, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int store_step_done(struct ks_store *st, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: write failed: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

void store_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* --- reading --- */

int64_t ks_store_image_id(struct ks_store *st, const char *name)
{
	sqlite3_stmt *q;
	if (store_prep(st, "SELECT id FROM images WHERE name=?", &q) < 0)
		return -1;
	store_bind_text(q, 1, name);
	int64_t id = 0;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	else if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		id = -1;
	}
	sqlite3_finalize(q);
	return id;
}

const char *store_col_str(struct arena *a, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? arena_strdup(a, (const char *)t) : NULL;
}

void store_read_info(struct arena *a, sqlite3_stmt *q, int first, struct ks_image_info *in)
{
	const char **fields[] = { &in->name,   &in->kind,     &in->release, &in->version,
				  &in->abi,    &in->flavor,   &in->arch,    &in->banner,
				  &in->compiler, &in->comment, &in->source, &in->distro };
	for (int i = 0; i < 12; i++) {
		const char *v = store_col_str(a, q, first + i);
		*fields[i] = v ? v : "";
	}
	in->syscall_base = sqlite3_column_type(q, first + 12) == SQLITE_NULL
				   ? -1 : sqlite3_column_int64(q, first + 12);
}

int ks_store_list_images(struct ks_store *st,
			 int (*cb)(const struct ks_image_row *row, void *arg), void *arg)
{
	sqlite3_stmt *q, *qc;
	if (store_prep(st,
		 "SELECT id, " IMAGE_COLUMNS ", n_symbols, n_entries, n_groups, added_at"
		 " FROM images ORDER BY id",
		 &q) < 0)
		return -1;
	if (store_prep(st,
		 "SELECT what, n FROM image_counts WHERE image_id=?",
		 &qc) < 0) {
		sqlite3_finalize(q);
		return -1;
	}
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_image_row row = { 0 };
		struct arena a = { 0 };
		row.id = sqlite3_column_int64(q, 0);
		store_read_info(&a, q, 1, &row.info);
		row.n_symbols = sqlite3_column_int64(q, 1 + IMAGE_NCOLUMNS);
		row.n_entries = sqlite3_column_int64(q, 2 + IMAGE_NCOLUMNS);
		row.n_groups = sqlite3_column_int64(q, 3 + IMAGE_NCOLUMNS);
		row.added_at = store_col_str(&a, q, 4 + IMAGE_NCOLUMNS);
		const char *bad = ks_image_name_problem(row.info.name);
		if (bad) {
			ks_error("%s: damaged dataset: image %lld's name is not usable (%s)", st->path,
				 (long long)row.id, bad);
			arena_free(&a);
			ret = -1;
			break;
		}
		sqlite3_bind_int64(qc, 1, row.id);
		while (sqlite3_step(qc) == SQLITE_ROW) {
			const char *what = (const char *)sqlite3_column_text(qc, 0);
			int64_t n = sqlite3_column_int64(qc, 1);
			int k;
			if (!what)
				continue;
			if (!strncmp(what, "collision:", 10) && (k = ks_collision_parse(what + 10)) >= 0)
				row.n_collision[k] = n;
			else if (!strncmp(what, "inline:", 7) && (k = ks_inline_type_parse(what + 7)) >= 0)
				row.n_inline[k] = n;
			else if (!strncmp(what, "types:", 6) && (k = ks_type_kind_parse(what + 6)) >= 0)
				row.n_types[k] = n;
			else if (!strcmp(what, "syscalls"))
				row.n_syscalls = n;
			else if (!strcmp(what, "tracepoints"))
				row.n_tracepoints = n;
			else if (!strcmp(what, "lsm_hooks"))
				row.n_lsm_hooks = n;
			else if (!strcmp(what, "kfuncs"))
				row.n_kfuncs = n;
			else if (!strcmp(what, "config_entries"))
				row.n_config = n;
			else if (!strcmp(what, "transformed"))
				row.n_transformed = n;
		}
		sqlite3_reset(qc);
		int stop = cb(&row, arg);
		arena_free(&a);
		if (stop) {
			ret = stop;
			break;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		ret = -1;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(qc);
	return ret;
}


int ks_store_get_meta(struct ks_store *st, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *q;
	if (store_prep(st, "SELECT value FROM meta WHERE key=?", &q) < 0)
		return -1;
	store_bind_text(q, 1, key);
	int found = 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(q, 0);
		snprintf(buf, len, "%s", v ? (const char *)v : "");
		found = 1;
	}
	sqlite3_finalize(q);
	return found;
}

int ks_store_set_meta(struct ks_store *st, const char *key, const char *value)
{
	sqlite3_stmt *q;
	if (store_prep(st, value ? "INSERT OR REPLACE INTO meta VALUES(?,?)"
				 : "DELETE FROM meta WHERE key=?", &q) < 0)
		return -1;
	store_bind_text(q, 1, key);
	if (value)
		store_bind_text(q, 2, value);
	int rc = store_step_done(st, q);
	sqlite3_finalize(q);
	return rc;
}

int64_t ks_store_find_image(struct ks_store *st, const char *cmd, const char *name, char *canon,
			    size_t len)
{
	sqlite3_stmt *q;
	if (store_prep(st, "SELECT id, name, release FROM images ORDER BY id", &q) < 0)
		return -1;
	/* the best match per rank: 0 the name, 1 the release, 2 a prefix */
	int64_t id[3] = { 0, 0, 0 };
	int count[3] = { 0, 0, 0 };
	char found[3][512] = { "", "", "" }, others[3][512] = { "", "", "" };
	struct suggest sg;
	suggest_init(&sg, name);
	size_t nl = strlen(name);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(q, 1);
		const char *r = (const char *)sqlite3_column_text(q, 2);
		if (!n)
			continue;
		int rank = !strcmp(n, name) ? 0 : r && !strcmp(r, name) ? 1
			 : !strncmp(n, name, nl) || (r && !strncmp(r, name, nl)) ? 2 : -1;
		suggest_add(&sg, n);
		if (strlen(n) > nl) {
			/* a release mistyped: the images whose name begins alike (6.13
			 * suggests 6.12.118+deb12-... and 6.1.0-57-..., one of each) */
			char head[512];
			snprintf(head, sizeof(head), "%.*s", (int)(nl < 511 ? nl : 511), n);
			suggest_add_as(&sg, head, n);
		}
		if (rank < 0)
			continue;
		if (count[rank]++ == 0) {
			id[rank] = sqlite3_column_int64(q, 0);
			snprintf(found[rank], sizeof(found[rank]), "%s", n);
		} else if (count[rank] <= 4) {
			size_t at = strlen(others[rank]);
			snprintf(others[rank] + at, sizeof(others[rank]) - at, "%s%s", at ? ", " : "", n);
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		suggest_free(&sg);
		return -1;
	}
	int64_t result = 0;
	for (int rank = 0; rank < 3 && !result; rank++) {
		if (count[rank] == 1) {
			result = id[rank];
			if (canon)
				snprintf(canon, len, "%s", found[rank]);
		} else if (count[rank] > 1) {
			ks_error("%s: %s names %d images: %s, %s%s; give the whole name", cmd, name,
				 count[rank], found[rank], others[rank], count[rank] > 4 ? ", ..." : "");
			suggest_free(&sg);
			return 0;
		}
	}
	if (!result) {
		char hint[1024];
		ks_error("%s: no image named %s in the dataset%s", cmd, name,
			 suggest_text(&sg, hint, sizeof(hint)));
	}
	suggest_free(&sg);
	return result;
}
