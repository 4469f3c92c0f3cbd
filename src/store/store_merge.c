/*
 * store_merge.c — `ksurf merge`: the images of other datasets (shards) copied
 * into one, their stored content as it is.
 *
 * Every stored thing outside the per-image tables is addressed by its
 * content (strings, types, function-group contents, configs: the id is a
 * hash of the bytes), so an image is copied with SQL, row for row, from the
 * shard ATTACHed to the output's connection: the per-image rows under the
 * image's new id, the shared rows it uses INSERT OR IGNOREd.  The result is
 * the dataset `add` of the same images would give, in any order of the
 * shards.  Strings are referred to from inside the group-content blobs: the
 * ids of the contents new to the output are decoded and only those strings
 * copied.
 *
 * Nothing is written before every shard has been read whole and found sound
 * (see check_shard), so a damaged shard leaves the output as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/func_blob.h"
#include "store/store_internal.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/input_file.h"
#include "util/timing.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* --- an image's identity: its stored rows, hashed --- */

/* Hash every column of every row of SQL (bound to ID) into *H. */
static int digest_rows(struct ks_store *st, const char *sql, int64_t id, uint64_t *h)
{
	sqlite3_stmt *q;
	if (store_prep(st, sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(q); c++) {
			int type = sqlite3_column_type(q, c);
			const void *p = type == SQLITE_BLOB ? sqlite3_column_blob(q, c)
							      : (const void *)sqlite3_column_text(q, c);
			size_t n = (size_t)sqlite3_column_bytes(q, c);
			*h = hash_mix(hash_mix(*h, (uint64_t)type), p ? hash_content(p, n) : 0);
		}
		*h = hash_mix(*h, 0x726f77); /* row end */
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

/*
 * The identity of image ID of schema DB ("main" or "shard"): its banner, arch,
 * flavor and every other column but its id and when it was added, and every
 * row it has in the per-image tables.  Two images with one identity hold
 * the same surface.
 */
static int image_digest(struct ks_store *st, const char *db, int64_t id, uint64_t *h)
{
	static const char *const sql[] = {
		"SELECT " IMAGE_COLUMNS ", n_symbols, n_entries, n_groups, config_id FROM %s.images"
		" WHERE id=?",
		"SELECT what, n FROM %s.image_counts WHERE image_id=? ORDER BY what",
		"SELECT name, idx, collision, inline, transformed, n_entries, n_symbols, content_id,"
		" addrs FROM %s.func_groups WHERE image_id=? ORDER BY name, idx",
		"SELECT raw_size, data FROM %s.symtabs WHERE image_id=?",
		"SELECT nr, name FROM %s.image_syscalls WHERE image_id=? ORDER BY nr",
		"SELECT idx, event_name, class_name, fmt_str FROM %s.image_tracepoints"
		" WHERE image_id=? ORDER BY idx",
		"SELECT kind, idx, name, func FROM %s.image_hooks WHERE image_id=? ORDER BY kind, idx",
		"SELECT kind, name, idx, type_id FROM %s.image_types WHERE image_id=?"
		" ORDER BY kind, name",
		"SELECT raw_size, data FROM %s.image_notrace WHERE image_id=?",
		"SELECT raw_size, data FROM %s.image_btf WHERE image_id=?",
	};
	*h = 0x6b73757266;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		char buf[512];
		snprintf(buf, sizeof(buf), sql[i], db);
		if (digest_rows(st, buf, id, h) < 0)
			return -1;
	}
	return 0;
}

/* --- reading a shard whole before anything is written --- */

static int attach(struct ks_store *st, const char *shard)
{
	sqlite3_stmt *q;
	char path[4200];
	/* a relative path as ./PATH: "file:x.db" is a file, never an SQLite URI */
	if ((size_t)snprintf(path, sizeof(path), "%s%s", shard[0] == '/' ? "" : "./", shard) >=
	    sizeof(path)) {
		ks_error("%s: the path is too long", shard);
		return -1;
	}
	if (store_prep(st, "ATTACH DATABASE ? AS shard", &q) < 0)
		return -1;
	sqlite3_bind_text(q, 1, path, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: cannot read it as a dataset: %s", shard, sqlite3_errmsg(st->db));
		return -1;
	}
	/* read through a mapping, as the output is (each pass reads it whole);
	 * the output's rows go in by content id, all over its tables: their
	 * pages kept in memory (256 MB, not the default 2 MB); the shard's
	 * schema runs no code of its own (set on each connection: publishing
	 * a new output opens another) */
	sqlite3_exec(st->db, "PRAGMA shard.mmap_size=4294967296; PRAGMA main.cache_size=-262144;"
			     " PRAGMA trusted_schema=OFF", NULL, NULL, NULL);
	return 0;
}

static void detach(struct ks_store *st)
{
	sqlite3_exec(st->db, "DETACH DATABASE shard", NULL, NULL, NULL);
}

/* The first column of the first row of SQL as a number; -1 after an error line. */
static int64_t count_of(struct ks_store *st, const char *shard, const char *sql)
{
	sqlite3_stmt *q;
	if (store_prep(st, sql, &q) < 0)
		return -1;
	int rc = sqlite3_step(q);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	if (n < 0)
		ks_error("%s: damaged dataset: %s", shard, sqlite3_errmsg(st->db));
	sqlite3_finalize(q);
	return n;
}

/*
 * Ids (never 0) with a value each, open addressing: what one sequential scan
 * of a shard's table learns, looked up while scanning another (rather than
 * a B-tree descent per row: the ids are content hashes, all over the file).
 */
struct id_map {
	uint64_t *key;
	uint64_t *val; /* NULL in a set (id_set_add) */
	size_t n, cap; /* cap: a power of two */
	bool is_set;
};

/* The slot of ID (its key 0 when absent). */
static size_t id_map_slot(const struct id_map *m, uint64_t id)
{
	size_t i = (size_t)hash_mix(id, 0) & (m->cap - 1);
	while (m->key[i] && m->key[i] != id)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* ID's value (VAL when new); NULL for id 0. */
static uint64_t *id_map_add(struct id_map *m, uint64_t id, uint64_t val)
{
	if (!id)
		return NULL;
	if (2 * (m->n + 1) > m->cap) {
		struct id_map g = { .cap = m->cap ? 2 * m->cap : 1024, .is_set = m->is_set };
		g.key = xcalloc(g.cap, sizeof(uint64_t));
		g.val = g.is_set ? NULL : xcalloc(g.cap, sizeof(uint64_t));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->key[i])
				continue;
			uint64_t *v = id_map_add(&g, m->key[i], 0);
			if (v)
				*v = m->val[i];
		}
		free(m->key);
		free(m->val);
		*m = g;
	}
	size_t i = id_map_slot(m, id);
	if (!m->key[i]) {
		m->key[i] = id;
		if (m->val)
			m->val[i] = val;
		m->n++;
	}
	return m->val ? &m->val[i] : NULL;
}

/* A set: the map without values.  True when ID was not in it. */
static bool id_set_add(struct id_map *m, uint64_t id)
{
	m->is_set = true;
	size_t n = m->n;
	id_map_add(m, id, 0);
	return m->n > n;
}

static bool id_set_has(const struct id_map *m, uint64_t id)
{
	return m->cap && id && m->key[id_map_slot(m, id)];
}

static uint64_t *id_map_get(const struct id_map *m, uint64_t id)
{
	if (!m->cap || !id || !m->val)
		return NULL;
	size_t i = id_map_slot(m, id);
	return m->key[i] ? &m->val[i] : NULL;
}

static void id_map_free(struct id_map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

static void want_id(uint64_t id, void *arg)
{
	id_set_add(arg, id);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* A shard's string ids, sorted, each once. */
struct id_list {
	uint64_t *v;
	size_t n;
};

/* Run SQL, a scan of one column of ids, calling CB for each; -1 after an error line. */
static int scan_ids(struct ks_store *st, const char *shard, const char *sql,
		    int (*cb)(sqlite3_stmt *q, void *arg), void *arg)
{
	sqlite3_stmt *q;
	if (store_prep(st, sql, &q) < 0)
		return -1;
	int rc, ret = 0;
	while (ret == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW)
		ret = cb(q, arg);
	if (ret == 0 && rc != SQLITE_DONE) {
		ks_error("%s: damaged dataset: %s", shard, sqlite3_errmsg(st->db));
		ret = -1;
	}
	sqlite3_finalize(q);
	return ret;
}

struct scan {
	const char *shard;
	struct id_map contents; /* content id -> n_entries << 32 | n_symbols, | 1 << 63 once found */
	struct id_map strings;  /* string ids the contents refer to */
	struct id_map types;    /* type ids the shard has */
	int64_t missing;
};

static int group_row(sqlite3_stmt *q, void *arg)
{
	struct scan *sc = arg;
	int64_t ne = sqlite3_column_int64(q, 1), ns = sqlite3_column_int64(q, 2);
	if (ne < 0 || ns < 0 || ne >= 1ll << 31 || ns >= 1ll << 31) {
		ks_error("%s: damaged dataset: a function group of %lld entries and %lld symbols",
			 sc->shard, (long long)ne, (long long)ns);
		return -1;
	}
	uint64_t counts = (uint64_t)ne << 32 | (uint64_t)ns;
	uint64_t *v = id_map_add(&sc->contents, (uint64_t)sqlite3_column_int64(q, 0), counts);
	if (v && *v != counts) {
		/* a content decodes one way: two groups reading it as different
		 * numbers of entries and symbols is damage (a string only one of
		 * the readings names would not be copied) */
		ks_error("%s: damaged dataset: function-group content %lld is read with two different "
			 "numbers of entries and symbols", sc->shard, (long long)sqlite3_column_int64(q, 0));
		return -1;
	}
	return 0;
}

static int content_row(sqlite3_stmt *q, void *arg)
{
	struct scan *sc = arg;
	uint64_t *v = id_map_get(&sc->contents, (uint64_t)sqlite3_column_int64(q, 0));
	if (!v) /* no group uses it */
		return 0;
	uint32_t ne = (uint32_t)(*v >> 32) & 0x7fffffff, ns = (uint32_t)*v;
	*v |= 1ull << 63;
	if (func_blob_string_ids(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1), ne, ns,
				 want_id, &sc->strings) < 0) {
		ks_error("%s: damaged dataset: function-group content %lld does not decode", sc->shard,
			 (long long)sqlite3_column_int64(q, 0));
		return -1;
	}
	return 0;
}

static int type_row(sqlite3_stmt *q, void *arg)
{
	id_set_add(&((struct scan *)arg)->types, (uint64_t)sqlite3_column_int64(q, 0));
	return 0;
}

static int image_type_row(sqlite3_stmt *q, void *arg)
{
	struct scan *sc = arg;
	sc->missing += !id_set_has(&sc->types, (uint64_t)sqlite3_column_int64(q, 0));
	return 0;
}

/* The sorted string ids (the next present one at *AT): count those not there. */
struct string_walk {
	const struct id_list *ids;
	size_t at;
	int64_t missing;
};

static int string_row(sqlite3_stmt *q, void *arg)
{
	struct string_walk *w = arg;
	uint64_t id = (uint64_t)sqlite3_column_int64(q, 0);
	while (w->at < w->ids->n && w->ids->v[w->at] < id) {
		w->missing++;
		w->at++;
	}
	if (w->at < w->ids->n && w->ids->v[w->at] == id)
		w->at++;
	return 0;
}

/*
 * SHARD (attached) is sound enough to copy: SQLite's own check, and every id
 * the per-image rows and the group contents refer to is in it (the string
 * ids into IDS).  Each table is read once, in its own order.
 */
static int check_shard(struct ks_store *st, const char *shard, struct id_list *ids)
{
	sqlite3_stmt *q;
	if (store_prep(st, "PRAGMA shard.quick_check", &q) < 0)
		return -1;
	int rc = sqlite3_step(q);
	const char *r = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
	if (!r || strcmp(r, "ok")) {
		ks_error("%s: damaged dataset: %s", shard, r ? r : sqlite3_errmsg(st->db));
		sqlite3_finalize(q);
		return -1;
	}
	sqlite3_finalize(q);
	ks_timing("merge: quick_check");
	struct scan sc = { .shard = shard };
	int ret = -1;
	if (scan_ids(st, shard, "SELECT content_id, n_entries, n_symbols FROM shard.func_groups",
		     group_row, &sc) < 0 ||
	    scan_ids(st, shard, "SELECT id, data FROM shard.func_contents", content_row, &sc) < 0)
		goto out;
	for (size_t i = 0; i < sc.contents.cap; i++)
		sc.missing += sc.contents.key[i] && !(sc.contents.val[i] >> 63);
	if (sc.missing) {
		ks_error("%s: damaged dataset: %lld function-group contents are missing", shard,
			 (long long)sc.missing);
		goto out;
	}
	if (scan_ids(st, shard, "SELECT id FROM shard.types", type_row, &sc) < 0 ||
	    scan_ids(st, shard, "SELECT type_id FROM shard.image_types", image_type_row, &sc) < 0)
		goto out;
	if (sc.missing) {
		ks_error("%s: damaged dataset: %lld types named by an image but missing", shard,
			 (long long)sc.missing);
		goto out;
	}
	int64_t n = count_of(st, shard,
			     "SELECT count(*) FROM shard.images i WHERE i.config_id IS NOT NULL AND NOT EXISTS"
			     " (SELECT 1 FROM shard.configs c WHERE c.id = i.config_id)");
	if (n != 0) {
		if (n > 0)
			ks_error("%s: damaged dataset: %lld images whose config is missing", shard,
				 (long long)n);
		goto out;
	}
	ks_timing("merge: references");
	/* the string ids, sorted, against the strings table (in id order too) */
	size_t k = 0;
	for (size_t i = 0; i < sc.strings.cap; i++)
		if (sc.strings.key[i])
			sc.strings.key[k++] = sc.strings.key[i];
	qsort(sc.strings.key, k, sizeof(uint64_t), cmp_u64);
	ids->v = sc.strings.key;
	ids->n = k;
	sc.strings.key = NULL;
	struct string_walk sw = { .ids = ids };
	if (scan_ids(st, shard, "SELECT id FROM shard.strings ORDER BY id", string_row, &sw) < 0)
		goto out;
	sw.missing += (int64_t)(ids->n - sw.at);
	if (sw.missing) {
		ks_error("%s: damaged dataset: %lld strings its function groups refer to are missing",
			 shard, (long long)sw.missing);
		goto out;
	}
	ks_timing("merge: string ids");
	ret = 0;
out:
	id_map_free(&sc.contents);
	id_map_free(&sc.strings);
	id_map_free(&sc.types);
	return ret;
}

/* --- copying one image --- */

/* Run SQL with ?1 the image's id in the shard and ?2 its id in the output. */
static int copy_rows(struct ks_store *st, const char *sql, int64_t from, int64_t to)
{
	sqlite3_stmt *q;
	if (store_prep(st, sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	if (sqlite3_bind_parameter_count(q) >= 2)
		sqlite3_bind_int64(q, 2, to);
	int rc = store_step_done(st, q);
	sqlite3_finalize(q);
	return rc;
}

/*
 * The content-addressed rows the output holds (by id), read once with a scan
 * of each table and kept as rows go in: a row of a shard is copied only when
 * its id is not here, so the rows a second revision shares with the first
 * cost a hash lookup, not a B-tree descent in each file.
 */
struct out_ids {
	struct id_map contents, types, strings;
	bool loaded;
};

static int add_row_id(sqlite3_stmt *q, void *arg)
{
	id_set_add(arg, (uint64_t)sqlite3_column_int64(q, 0));
	return 0;
}

static int out_ids_load(struct ks_store *st, struct out_ids *o)
{
	if (o->loaded)
		return 0;
	if (scan_ids(st, st->path, "SELECT id FROM main.func_contents", add_row_id, &o->contents) < 0 ||
	    scan_ids(st, st->path, "SELECT id FROM main.types", add_row_id, &o->types) < 0 ||
	    scan_ids(st, st->path, "SELECT id FROM main.strings", add_row_id, &o->strings) < 0)
		return -1;
	o->loaded = true;
	return 0;
}

static void out_ids_free(struct out_ids *o)
{
	id_map_free(&o->contents);
	id_map_free(&o->types);
	id_map_free(&o->strings);
	o->loaded = false;
}

/* The ids SCAN_SQL (?1: the image in the shard) yields that HAVE lacks: their
 * rows copied with COPY_SQL (?1: an id), in id order (the pages of both files
 * then come in order), HAVE told. */
static int copy_new(struct ks_store *st, const char *scan_sql, int64_t from, const char *copy_sql,
		    struct id_map *have)
{
	VEC(uint64_t) ids = { 0 };
	sqlite3_stmt *q, *ins;
	if (store_prep(st, scan_sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, from);
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t id = (uint64_t)sqlite3_column_int64(q, 0);
		if (id_set_add(have, id))
			vec_push(&ids, id);
	}
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		ret = -1;
	}
	sqlite3_finalize(q);
	qsort(ids.v, ids.n, sizeof(uint64_t), cmp_u64);
	if (ret == 0 && store_prep(st, copy_sql, &ins) == 0) {
		for (size_t i = 0; ret == 0 && i < ids.n; i++) {
			sqlite3_bind_int64(ins, 1, (int64_t)ids.v[i]);
			ret = store_step_done(st, ins);
		}
		sqlite3_finalize(ins);
	} else
		ret = -1;
	vec_free(&ids);
	return ret;
}

/* The strings of STRINGS the output lacks, copied (id order). */
static int copy_strings(struct ks_store *st, const struct id_list *strings, struct id_map *have)
{
	sqlite3_stmt *ins;
	if (store_prep(st, "INSERT OR IGNORE INTO main.strings SELECT id, text FROM shard.strings"
			   " WHERE id = ?1", &ins) < 0)
		return -1;
	int ret = 0;
	for (size_t i = 0; ret == 0 && i < strings->n; i++) {
		if (!id_set_add(have, strings->v[i]))
			continue;
		sqlite3_bind_int64(ins, 1, (int64_t)strings->v[i]);
		ret = store_step_done(st, ins);
	}
	sqlite3_finalize(ins);
	return ret;
}

/*
 * Image FROM of the attached shard into the output, in the open transaction;
 * with the first image of a shard, the strings of all of its images
 * (STRINGS): content-addressed, those of images still to come are nobody's
 * until they land, and each is copied once instead of once per image.  OUT:
 * the ids the output has (a failed transaction leaves them wrong: the merge
 * stops there).
 */
static int copy_image(struct ks_store *st, const char *shard, int64_t from,
		      const struct id_list *strings, struct out_ids *out)
{
	if (out_ids_load(st, out) < 0 ||
	    copy_rows(st, "INSERT OR IGNORE INTO main.configs SELECT c.id, c.raw_size, c.data"
			  " FROM shard.configs c JOIN shard.images i ON c.id = i.config_id"
			  " WHERE i.id = ?1", from, 0) < 0 ||
	    copy_rows(st, "INSERT INTO main.images(" IMAGE_COLUMNS ", added_at, n_symbols,"
			  " n_entries, n_groups, config_id) SELECT " IMAGE_COLUMNS ", added_at,"
			  " n_symbols, n_entries, n_groups, config_id FROM shard.images WHERE id = ?1",
		      from, 0) < 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		ks_error("%s: damaged dataset: image %lld is not one row", shard, (long long)from);
		return -1;
	}
	int64_t to = sqlite3_last_insert_rowid(st->db);
	if ((strings && copy_strings(st, strings, &out->strings) < 0) ||
	    copy_new(st, "SELECT content_id FROM shard.func_groups WHERE image_id = ?1", from,
		     "INSERT OR IGNORE INTO main.func_contents SELECT id, data FROM shard.func_contents"
		     " WHERE id = ?1", &out->contents) < 0 ||
	    copy_new(st, "SELECT type_id FROM shard.image_types WHERE image_id = ?1", from,
		     "INSERT OR IGNORE INTO main.types SELECT id, json FROM shard.types WHERE id = ?1",
		     &out->types) < 0)
		return -1;
	static const char *const sql[] = {
		"INSERT INTO main.image_counts SELECT ?2, what, n FROM shard.image_counts"
		" WHERE image_id = ?1",
		"INSERT INTO main.func_groups SELECT ?2, name, idx, collision, inline, transformed,"
		" n_entries, n_symbols, content_id, addrs FROM shard.func_groups WHERE image_id = ?1",
		"INSERT INTO main.symtabs SELECT ?2, raw_size, data FROM shard.symtabs"
		" WHERE image_id = ?1",
		"INSERT INTO main.image_syscalls SELECT ?2, nr, name FROM shard.image_syscalls"
		" WHERE image_id = ?1",
		"INSERT INTO main.image_tracepoints SELECT ?2, idx, event_name, class_name, fmt_str"
		" FROM shard.image_tracepoints WHERE image_id = ?1",
		"INSERT INTO main.image_hooks SELECT ?2, kind, idx, name, func FROM shard.image_hooks"
		" WHERE image_id = ?1",
		"INSERT INTO main.image_types SELECT ?2, kind, name, idx, type_id"
		" FROM shard.image_types WHERE image_id = ?1",
		"INSERT INTO main.image_notrace SELECT ?2, raw_size, data FROM shard.image_notrace"
		" WHERE image_id = ?1",
		"INSERT INTO main.image_btf SELECT ?2, raw_size, data FROM shard.image_btf"
		" WHERE image_id = ?1",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (copy_rows(st, sql[i], from, to) < 0)
			return -1;
	return 0;
}

/* --- the plan: every shard's images, read and checked before a write --- */

struct file_state;
struct merge_shard {
	const char *path;
	struct id_list strings; /* the string ids its images refer to */
	bool strings_copied;
	struct ks_merge_counts *counts;
	struct file_state {
		dev_t dev;
		ino_t ino;
		off_t size;
		struct timespec mtime;
	} state; /* once checked */
};

struct merge_image {
	struct merge_shard *shard;
	int64_t id; /* in its shard */
	char *name;
	uint64_t digest; /* its identity, when its name met another */
	bool skip; /* in the output already, or in an earlier shard, with this identity */
};

typedef VEC(struct merge_image) merge_plan;

/* The identity of an image of a shard read before (attached as "other"). */
static int earlier_digest(struct ks_store *st, const struct merge_image *m, uint64_t *h)
{
	sqlite3_stmt *q;
	if (store_prep(st, "ATTACH DATABASE ? AS other", &q) < 0)
		return -1;
	char path[4200];
	snprintf(path, sizeof(path), "%s%s", m->shard->path[0] == '/' ? "" : "./", m->shard->path);
	sqlite3_bind_text(q, 1, path, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: cannot read it as a dataset: %s", m->shard->path, sqlite3_errmsg(st->db));
		return -1;
	}
	int ret = image_digest(st, "other", m->id, h);
	sqlite3_exec(st->db, "DETACH DATABASE other", NULL, NULL, NULL);
	return ret;
}

static int plan_shard(struct ks_store *st, struct merge_shard *sh, merge_plan *plan,
		      struct hindex *names)
{
	const char *shard = sh->path;
	int fd = input_open(shard); /* a regular file, there: ATTACH would create one */
	if (fd < 0)
		return -1;
	close(fd);
	if (attach(st, shard) < 0)
		return -1;
	int ret = -1;
	int64_t version = count_of(st, shard,
				   "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM shard.meta"
				   " WHERE key = 'schema_version'), -2)");
	if (version == -1) /* said */
		goto out;
	if (version != KS_SCHEMA_VERSION) {
		ks_error("%s: not a ksurf dataset of schema version %d (%s)", shard, KS_SCHEMA_VERSION,
			 version == -2 ? "it has none" : "it has another");
		goto out;
	}
	/* the tables ksurf made, nothing else: no view, trigger or table of
	 * another shape (a view can loop forever, a table without its key can
	 * hold an image twice); the output's schema is that of this version */
	int64_t odd = count_of(st, shard,
			       "SELECT (SELECT count(*) FROM (SELECT type, name, tbl_name, sql FROM"
			       " shard.sqlite_master EXCEPT SELECT type, name, tbl_name, sql FROM"
			       " main.sqlite_master)) + (SELECT count(*) FROM (SELECT type, name,"
			       " tbl_name, sql FROM main.sqlite_master EXCEPT SELECT type, name,"
			       " tbl_name, sql FROM shard.sqlite_master))");
	if (odd != 0) {
		if (odd > 0)
			ks_error("%s: not a ksurf dataset as this version makes them (%lld schema objects "
				 "differ: views, triggers or tables of another shape)", shard, (long long)odd);
		goto out;
	}
	if (check_shard(st, shard, &sh->strings) < 0)
		goto out;
	sqlite3_stmt *q;
	if (store_prep(st, "SELECT id, name FROM shard.images ORDER BY id", &q) < 0)
		goto out;
	int rc;
	ret = 0;
	while (ret == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct merge_image m = { .shard = sh, .id = sqlite3_column_int64(q, 0) };
		const char *name = (const char *)sqlite3_column_text(q, 1);
		const char *bad = name ? ks_image_name_problem(name) : "it has none";
		if (bad) {
			ks_error("%s: damaged dataset: image %lld's name is not usable (%s)", shard,
				 (long long)m.id, bad);
			ret = -1;
			break;
		}
		m.name = xstrdup(name);
		/* the same name in the output or an earlier shard: the same image, or
		 * an error (identities are hashed only then: reading every row) */
		int64_t there = ks_store_image_id(st, m.name);
		struct merge_image *earlier = NULL;
		uint64_t h = hash_str(m.name);
		for (uint32_t *p = there == 0 ? hindex_first(names, h) : NULL; p && !earlier;
		     p = hindex_next(names, h, p))
			if (!strcmp(plan->v[*p].name, m.name))
				earlier = &plan->v[*p];
		uint64_t other = 0;
		const char *where = there > 0 ? st->path : earlier ? earlier->shard->path : NULL;
		if (there < 0 || (where && image_digest(st, "shard", m.id, &m.digest) < 0) ||
		    (there > 0 && image_digest(st, "main", there, &other) < 0) ||
		    (earlier && (!strcmp(earlier->shard->path, shard) /* given twice */
				 ? image_digest(st, "shard", earlier->id, &other)
				 : earlier_digest(st, earlier, &other)) < 0)) {
			ret = -1;
		} else if (where && other != m.digest) {
			ks_error("%s: image %s differs from the image %s of %s (another build, or another "
				 "surface: rename one with `ksurf add --name`)", shard, m.name, m.name,
				 where);
			ret = -1;
		}
		m.skip = where != NULL;
		if (ret < 0) {
			free(m.name);
		} else {
			if (!earlier)
				hindex_insert(names, h, (uint32_t)plan->n);
			vec_push(plan, m);
		}
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		ks_error("%s: damaged dataset: %s", shard, sqlite3_errmsg(st->db));
		ret = -1;
	}
	sqlite3_finalize(q);
	ks_timing("merge: identities");
out:
	detach(st);
	return ret;
}

/* The shard file's identity and state (struct merge_shard's): it must not
 * change between the check and the copy. */
static bool file_state(const char *path, struct file_state *f)
{
	struct stat sb;
	if (stat(path, &sb) < 0)
		return false;
	*f = (struct file_state){ sb.st_dev, sb.st_ino, sb.st_size, sb.st_mtim };
	return true;
}

static bool same_state(const struct file_state *a, const struct file_state *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* SHARD's data_version on the connection (changes when another connection commits to it). */
static int64_t data_version(struct ks_store *st, const char *shard)
{
	return count_of(st, shard, "PRAGMA shard.data_version");
}

/*
 * One image of the plan into the output, in a transaction of its own, the
 * shard attached (by the caller) since its images began.  The shard is read
 * as it was checked: a commit to it since (DATA_VERSION) is an error.
 */
static int merge_one(struct ks_store *st, const struct merge_image *m, int64_t version,
		     struct out_ids *out)
{
	struct merge_shard *sh = m->shard;
	if (store_exec(st, "BEGIN") < 0)
		return -1;
	if (data_version(st, sh->path) != version) {
		ks_error("%s: changed while it was being merged (written by another process): "
			 "run the merge again", sh->path);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (copy_image(st, sh->path, m->id, sh->strings_copied ? NULL : &sh->strings, out) < 0 ||
	    store_exec(st, "COMMIT") < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	ks_timing("merge: image copied");
	sh->strings_copied = true;
	/* a new dataset goes into place with its first image */
	int r = st->stage_path ? store_stage_publish(st) : 0;
	if (r == 1) {
		/* another process made the output meanwhile: what was planned
		 * against an empty one is no plan for it */
		ks_error("%s: created by another process during the merge: run the merge again",
			 st->path);
		return -1;
	}
	return r;
}

int ks_store_merge(struct ks_store *st, const char *const *shards, size_t n,
		   struct ks_merge_counts *counts, void (*progress)(size_t done, size_t total))
{
	merge_plan plan = { 0 };
	struct out_ids out = { 0 };
	struct hindex names = { 0 };
	struct merge_shard *sh = xcalloc(n ? n : 1, sizeof(*sh));
	int ret = 0;
	for (size_t i = 0; i < n && ret == 0; i++) {
		sh[i].path = shards[i];
		sh[i].counts = &counts[i];
		ret = plan_shard(st, &sh[i], &plan, &names);
		if (ret == 0 && !file_state(sh[i].path, &sh[i].state)) {
			ks_error("%s: %s", sh[i].path, strerror(errno));
			ret = -1;
		}
	}
	size_t todo = 0;
	for (size_t i = 0; i < plan.n; i++)
		todo += !plan.v[i].skip;
	size_t done = 0;
	struct merge_shard *attached = NULL;
	int64_t version = 0;
	for (size_t i = 0; i < plan.n && ret == 0; i++) {
		const struct merge_image *m = &plan.v[i];
		if (m->skip) {
			m->shard->counts->skipped++;
			continue;
		}
		if (attached != m->shard) {
			struct file_state now;
			if (attached)
				detach(st);
			attached = NULL;
			if (!file_state(m->shard->path, &now) || !same_state(&now, &m->shard->state)) {
				ks_error("%s: changed while it was being merged (written by another "
					 "process): run the merge again", m->shard->path);
				ret = -1;
				break;
			}
			if (attach(st, m->shard->path) < 0 ||
			    (version = data_version(st, m->shard->path)) < 0) {
				ret = -1;
				break;
			}
			attached = m->shard;
		}
		bool staged = st->stage_path != NULL;
		ret = merge_one(st, m, version, &out);
		if (staged && !st->stage_path)
			attached = NULL; /* published: a new connection, the shard attached anew */
		if (ret == 0) {
			m->shard->counts->added++;
			if (progress)
				progress(++done, todo);
		}
	}
	if (attached)
		detach(st);
	for (size_t i = 0; i < plan.n; i++)
		free(plan.v[i].name);
	vec_free(&plan);
	hindex_free(&names);
	out_ids_free(&out);
	for (size_t i = 0; i < n; i++)
		free(sh[i].strings.v);
	free(sh);
	return ret;
}
