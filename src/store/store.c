#include "store/store.h"

#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/schema.sql.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/xalloc.h"

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

static int exec(struct ks_store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		ks_error("%s: %s", st->path, err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return -1;
	}
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

int ks_store_open(struct ks_store *st, const char *path, bool create)
{
	memset(st, 0, sizeof(*st));
	st->path = path;
	struct stat sb;
	if (stat(path, &sb) < 0) {
		if (!create) {
			ks_error("%s: no dataset here (run `ksurf add` first, or pass --db)", path);
			return -1;
		}
		if (mkdirs_for(path) < 0) {
			ks_error("%s: cannot create its directory: %s", path, strerror(errno));
			return -1;
		}
	}
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		ks_error("%s: cannot open dataset: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		ks_store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, 30000);
	int version;
	if (exec(st, "PRAGMA foreign_keys=ON") < 0 || schema_version(st, &version) < 0) {
		ks_error("%s: not a ksurf dataset (%s)", path, sqlite3_errmsg(st->db));
		ks_store_close(st);
		return -1;
	}
	if (version == 0) {
		sqlite3_stmt *q;
		int ntables = 0;
		if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &q,
				       NULL) == SQLITE_OK) {
			if (sqlite3_step(q) == SQLITE_ROW)
				ntables = sqlite3_column_int(q, 0);
			sqlite3_finalize(q);
		}
		if (ntables > 0) {
			ks_error("%s: not a ksurf dataset (it has other tables)", path);
			ks_store_close(st);
			return -1;
		}
		char sql[64];
		snprintf(sql, sizeof(sql), "INSERT INTO meta VALUES('schema_version','%d');",
			 KS_SCHEMA_VERSION);
		if (exec(st, "PRAGMA journal_mode=WAL") < 0 || exec(st, "BEGIN IMMEDIATE") < 0)
			goto fail;
		if (exec(st, ks_schema_sql) < 0 || exec(st, sql) < 0) {
			exec(st, "ROLLBACK");
			goto fail;
		}
		if (exec(st, "COMMIT") < 0)
			goto fail;
	} else if (version != KS_SCHEMA_VERSION) {
		ks_error("%s: dataset schema version %d, this ksurf reads version %d", path,
			 version, KS_SCHEMA_VERSION);
		goto fail;
	}
	exec(st, "PRAGMA synchronous=NORMAL");
	return 0;
fail:
	ks_store_close(st);
	return -1;
}

void ks_store_close(struct ks_store *st)
{
	if (st->db)
		sqlite3_close(st->db);
	st->db = NULL;
}

/* --- writing --- */

static int prep(struct ks_store *st, const char *sql, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

static int step_done(struct ks_store *st, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: write failed: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* Newline-joined caller list into BUF (grown as needed). */
static const char *join_lines(char **buf, size_t *cap, const char **items, uint32_t n)
{
	size_t need = 1;
	for (uint32_t i = 0; i < n; i++)
		need += strlen(items[i]) + 1;
	if (need > *cap) {
		*cap = need * 2;
		*buf = xrealloc(*buf, *cap);
	}
	char *p = *buf;
	for (uint32_t i = 0; i < n; i++) {
		size_t l = strlen(items[i]);
		if (i)
			*p++ = '\n';
		memcpy(p, items[i], l);
		p += l;
	}
	*p = '\0';
	return *buf;
}

static int insert_image(struct ks_store *st, const struct ks_surface *s, int64_t *id)
{
	sqlite3_stmt *q;
	if (prep(st,
		 "INSERT INTO images(name, kind, release, version, abi, flavor, arch, banner,"
		 " compiler, comment, source, n_symbols, n_entries, n_groups)"
		 " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		 &q) < 0)
		return -1;
	const struct ks_image_info *in = &s->info;
	const char *text[] = { in->name,   in->kind,    in->release,  in->version,
			       in->abi,    in->flavor,  in->arch,     in->banner,
			       in->compiler, in->comment, in->source };
	for (int i = 0; i < 11; i++)
		sqlite3_bind_text(q, i + 1, text[i] ? text[i] : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 12, (int64_t)s->symbols.n);
	sqlite3_bind_int64(q, 13, (int64_t)s->entries.n);
	sqlite3_bind_int64(q, 14, (int64_t)s->groups.n);
	int rc = step_done(st, q);
	sqlite3_finalize(q);
	*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static int insert_functions(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	sqlite3_stmt *qg = NULL, *qe = NULL;
	char *b1 = NULL, *b2 = NULL;
	size_t c1 = 0, c2 = 0;
	int ret = -1;
	if (prep(st, "INSERT INTO func_groups VALUES(?,?,?,?,?,?,?,?)", &qg) < 0 ||
	    prep(st, "INSERT INTO func_entries VALUES(?,?,?,?,?,?,?,?,?,?,?)", &qe) < 0)
		goto out;
	for (size_t g = 0; g < s->groups.n; g++) {
		const struct ks_func_group *grp = &s->groups.v[g];
		sqlite3_bind_int64(qg, 1, id);
		sqlite3_bind_int64(qg, 2, (int64_t)g);
		bind_text(qg, 3, grp->name);
		bind_text(qg, 4, ks_collision_str(grp->collision));
		bind_text(qg, 5, ks_inline_type_str(grp->inline_type));
		sqlite3_bind_int(qg, 6, grp->transformed);
		sqlite3_bind_int64(qg, 7, grp->n_entries);
		sqlite3_bind_int64(qg, 8, grp->n_symbols);
		if (step_done(st, qg) < 0)
			goto out;
		for (uint32_t k = 0; k < grp->n_entries; k++) {
			const struct ks_func_entry *e = &s->entries.v[grp->first_entry + k];
			sqlite3_bind_int64(qe, 1, id);
			sqlite3_bind_int64(qe, 2, (int64_t)g);
			sqlite3_bind_int64(qe, 3, k);
			bind_text(qe, 4, e->name);
			sqlite3_bind_int(qe, 5, e->external);
			bind_text(qe, 6, e->loc);
			bind_text(qe, 7, e->file);
			sqlite3_bind_int64(qe, 8, (int64_t)e->addr);
			bind_text(qe, 9, ks_inline_status_str(e->inline_status));
			bind_text(qe, 10, join_lines(&b1, &c1, e->inline_callers, e->n_inline_callers));
			bind_text(qe, 11, join_lines(&b2, &c2, e->direct_callers, e->n_direct_callers));
			if (step_done(st, qe) < 0)
				goto out;
		}
	}
	ret = 0;
out:
	sqlite3_finalize(qg);
	sqlite3_finalize(qe);
	free(b1);
	free(b2);
	return ret;
}

static int insert_symbols(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	sqlite3_stmt *q;
	if (prep(st, "INSERT INTO symbols VALUES(?,?,?,?,?,?,?,?,?,?)", &q) < 0)
		return -1;
	int64_t *group_of = xmalloc((s->symbols.n ? s->symbols.n : 1) * sizeof(int64_t));
	for (size_t i = 0; i < s->symbols.n; i++)
		group_of[i] = -1;
	for (size_t g = 0; g < s->groups.n; g++) {
		const struct ks_func_group *grp = &s->groups.v[g];
		for (uint32_t k = 0; k < grp->n_symbols; k++)
			group_of[s->group_symbols.v[grp->first_symbol + k]] = (int64_t)g;
	}
	int ret = 0;
	for (size_t i = 0; i < s->symbols.n && ret == 0; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, (int64_t)i);
		bind_text(q, 3, sym->name);
		bind_text(q, 4, sym->section);
		sqlite3_bind_int(q, 5, sym->type);
		sqlite3_bind_int(q, 6, sym->bind);
		sqlite3_bind_int(q, 7, sym->visibility);
		sqlite3_bind_int64(q, 8, (int64_t)sym->value);
		sqlite3_bind_int64(q, 9, (int64_t)sym->size);
		if (group_of[i] >= 0)
			sqlite3_bind_int64(q, 10, group_of[i]);
		else
			sqlite3_bind_null(q, 10);
		ret = step_done(st, q);
	}
	free(group_of);
	sqlite3_finalize(q);
	return ret;
}

int ks_store_add_image(struct ks_store *st, const struct ks_surface *s, bool replace)
{
	if (exec(st, "BEGIN IMMEDIATE") < 0)
		return -1;
	int64_t existing = ks_store_image_id(st, s->info.name);
	if (existing < 0)
		goto fail;
	if (existing > 0) {
		if (!replace) {
			ks_error("%s: image %s is already in the dataset (use --replace, or --name)",
				 st->path, s->info.name);
			goto fail;
		}
		char sql[128];
		snprintf(sql, sizeof(sql), "DELETE FROM images WHERE id=%lld", (long long)existing);
		if (exec(st, sql) < 0)
			goto fail;
	}
	int64_t id;
	if (insert_image(st, s, &id) < 0 || insert_functions(st, s, id) < 0 ||
	    insert_symbols(st, s, id) < 0)
		goto fail;
	if (exec(st, "COMMIT") < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* --- reading --- */

int64_t ks_store_image_id(struct ks_store *st, const char *name)
{
	sqlite3_stmt *q;
	if (prep(st, "SELECT id FROM images WHERE name=?", &q) < 0)
		return -1;
	bind_text(q, 1, name);
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

static const char *col_str(struct arena *a, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? arena_strdup(a, (const char *)t) : NULL;
}

static void read_info(struct arena *a, sqlite3_stmt *q, int first, struct ks_image_info *in)
{
	const char **fields[] = { &in->name,   &in->kind,     &in->release, &in->version,
				  &in->abi,    &in->flavor,   &in->arch,    &in->banner,
				  &in->compiler, &in->comment, &in->source };
	for (int i = 0; i < 11; i++) {
		const char *v = col_str(a, q, first + i);
		*fields[i] = v ? v : "";
	}
}

#define IMAGE_COLUMNS \
	"name, kind, release, version, abi, flavor, arch, banner, compiler, comment, source"

int ks_store_list_images(struct ks_store *st,
			 int (*cb)(const struct ks_image_row *row, void *arg), void *arg)
{
	sqlite3_stmt *q, *qc;
	if (prep(st,
		 "SELECT id, " IMAGE_COLUMNS ", n_symbols, n_entries, n_groups, added_at"
		 " FROM images ORDER BY id",
		 &q) < 0)
		return -1;
	if (prep(st,
		 "SELECT collision, inline, sum(transformed), count(*) FROM func_groups"
		 " WHERE image_id=? GROUP BY collision, inline",
		 &qc) < 0) {
		sqlite3_finalize(q);
		return -1;
	}
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_image_row row = { 0 };
		struct arena a = { 0 };
		row.id = sqlite3_column_int64(q, 0);
		read_info(&a, q, 1, &row.info);
		row.n_symbols = sqlite3_column_int64(q, 12);
		row.n_entries = sqlite3_column_int64(q, 13);
		row.n_groups = sqlite3_column_int64(q, 14);
		row.added_at = col_str(&a, q, 15);
		sqlite3_bind_int64(qc, 1, row.id);
		while (sqlite3_step(qc) == SQLITE_ROW) {
			int c = ks_collision_parse((const char *)sqlite3_column_text(qc, 0));
			int t = ks_inline_type_parse((const char *)sqlite3_column_text(qc, 1));
			int64_t n = sqlite3_column_int64(qc, 3);
			if (c >= 0)
				row.n_collision[c] += n;
			if (t >= 0)
				row.n_inline[t] += n;
			row.n_transformed += sqlite3_column_int64(qc, 2);
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

/* Split a newline-joined list into arena strings. */
static const char **split_lines(struct arena *a, const char *text, uint32_t *n)
{
	*n = 0;
	if (!text || !*text)
		return NULL;
	uint32_t count = 1;
	for (const char *p = text; *p; p++)
		count += *p == '\n';
	const char **items = xmalloc(count * sizeof(char *));
	const char *p = text;
	for (uint32_t i = 0; i < count; i++) {
		size_t l = strcspn(p, "\n");
		items[i] = arena_strndup(a, p, l);
		p += l + (p[l] == '\n');
	}
	*n = count;
	return items;
}

struct u32_vec {
	uint32_t *v;
	size_t n, cap;
};

static int load_symbols(struct ks_store *st, int64_t id, int64_t group_idx, bool all,
			struct ks_surface *s, struct u32_vec *group_syms_out)
{
	sqlite3_stmt *q;
	const char *sql = all ? "SELECT idx, name, section, type, bind, visibility, value, size,"
				" group_idx FROM symbols WHERE image_id=? ORDER BY idx"
			      : "SELECT idx, name, section, type, bind, visibility, value, size,"
				" group_idx FROM symbols WHERE image_id=? AND group_idx=? ORDER BY idx";
	if (prep(st, sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (!all)
		sqlite3_bind_int64(q, 2, group_idx);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_symbol sym = {
			.name = col_str(&s->strings, q, 1),
			.section = col_str(&s->strings, q, 2),
			.type = (uint8_t)sqlite3_column_int(q, 3),
			.bind = (uint8_t)sqlite3_column_int(q, 4),
			.visibility = (uint8_t)sqlite3_column_int(q, 5),
			.value = (uint64_t)sqlite3_column_int64(q, 6),
			.size = (uint64_t)sqlite3_column_int64(q, 7),
		};
		if (group_syms_out && sqlite3_column_type(q, 8) != SQLITE_NULL) {
			/* pair (group, symbol index) packed for the caller */
			vec_push(group_syms_out, (uint32_t)sqlite3_column_int64(q, 8));
			vec_push(group_syms_out, (uint32_t)s->symbols.n);
		}
		vec_push(&s->symbols, sym);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

int ks_store_load_surface(struct ks_store *st, int64_t id, const char *func_name,
			  bool with_all_symbols, struct ks_surface *s)
{
	memset(s, 0, sizeof(*s));
	sqlite3_stmt *q;
	if (prep(st, "SELECT " IMAGE_COLUMNS " FROM images WHERE id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		ks_error("%s: no image with id %lld", st->path, (long long)id);
		return -1;
	}
	read_info(&s->strings, q, 0, &s->info);
	sqlite3_finalize(q);

	/* Groups. */
	if (prep(st,
		 func_name ? "SELECT idx, name, collision, inline, transformed, n_entries, n_symbols"
			     " FROM func_groups WHERE image_id=? AND name=?"
			   : "SELECT idx, name, collision, inline, transformed, n_entries, n_symbols"
			     " FROM func_groups WHERE image_id=? ORDER BY idx",
		 &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (func_name)
		bind_text(q, 2, func_name);
	VEC(int64_t) idxs = { 0 };
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_func_group g = { 0 };
		vec_push(&idxs, sqlite3_column_int64(q, 0));
		g.name = col_str(&s->strings, q, 1);
		g.collision = (uint8_t)ks_collision_parse((const char *)sqlite3_column_text(q, 2));
		g.inline_type = (uint8_t)ks_inline_type_parse((const char *)sqlite3_column_text(q, 3));
		g.transformed = sqlite3_column_int(q, 4) != 0;
		g.n_entries = (uint32_t)sqlite3_column_int64(q, 5);
		vec_push(&s->groups, g);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		vec_free(&idxs);
		return -1;
	}

	/* Entries, in group order. */
	if (prep(st,
		 func_name ? "SELECT group_idx, name, external, loc, file, addr, inline,"
			     " inline_callers, direct_callers FROM func_entries"
			     " WHERE image_id=? AND group_idx=? ORDER BY idx"
			   : "SELECT group_idx, name, external, loc, file, addr, inline,"
			     " inline_callers, direct_callers FROM func_entries"
			     " WHERE image_id=? ORDER BY group_idx, idx",
		 &q) < 0) {
		vec_free(&idxs);
		return -1;
	}
	size_t gi = 0;
	for (size_t pass = 0; pass < (func_name ? idxs.n : 1); pass++) {
		sqlite3_bind_int64(q, 1, id);
		if (func_name)
			sqlite3_bind_int64(q, 2, idxs.v[pass]);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			struct ks_func_entry e = { 0 };
			e.name = col_str(&s->strings, q, 1);
			e.external = sqlite3_column_int(q, 2) != 0;
			e.loc = col_str(&s->strings, q, 3);
			e.file = col_str(&s->strings, q, 4);
			e.addr = (uint64_t)sqlite3_column_int64(q, 5);
			e.inline_status = ks_inline_status_parse((const char *)sqlite3_column_text(q, 6));
			e.inline_callers = split_lines(&s->strings, (const char *)sqlite3_column_text(q, 7),
						       &e.n_inline_callers);
			e.direct_callers = split_lines(&s->strings, (const char *)sqlite3_column_text(q, 8),
						       &e.n_direct_callers);
			vec_push(&s->entries, e);
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		vec_free(&idxs);
		return -1;
	}
	uint32_t first = 0;
	for (gi = 0; gi < s->groups.n; gi++) {
		s->groups.v[gi].first_entry = first;
		first += s->groups.v[gi].n_entries;
	}
	if (first != s->entries.n) {
		ks_error("%s: inconsistent dataset (image %lld)", st->path, (long long)id);
		vec_free(&idxs);
		return -1;
	}

	/* Symbols: all of them, or those of the selected groups. */
	struct u32_vec pairs = { 0 };
	int r = 0;
	if (with_all_symbols || !func_name)
		r = load_symbols(st, id, 0, true, s, &pairs);
	else
		for (size_t i = 0; i < idxs.n && r == 0; i++)
			r = load_symbols(st, id, idxs.v[i], false, s, &pairs);
	if (r == 0) {
		/* pairs are (stored group idx, symbol index) in symbol order: bucket them. */
		struct hindex pos = { 0 };
		for (gi = 0; gi < idxs.n; gi++)
			hindex_insert(&pos, hash_mix((uint64_t)idxs.v[gi], 7), (uint32_t)gi);
		uint32_t *count = xcalloc(s->groups.n + 1, sizeof(uint32_t));
		uint32_t *owner = xmalloc((pairs.n / 2 + 1) * sizeof(uint32_t));
		for (size_t k = 0; k + 1 < pairs.n; k += 2) {
			uint64_t h = hash_mix(pairs.v[k], 7);
			owner[k / 2] = UINT32_MAX;
			for (uint32_t *p = hindex_first(&pos, h); p; p = hindex_next(&pos, h, p))
				if ((int64_t)pairs.v[k] == idxs.v[*p]) {
					owner[k / 2] = *p;
					count[*p]++;
					break;
				}
		}
		uint32_t total = 0;
		for (gi = 0; gi < s->groups.n; gi++) {
			s->groups.v[gi].first_symbol = total;
			s->groups.v[gi].n_symbols = 0;
			total += count[gi];
		}
		for (uint32_t i = 0; i < total; i++)
			vec_push(&s->group_symbols, 0);
		for (size_t k = 0; k + 1 < pairs.n; k += 2) {
			uint32_t g = owner[k / 2];
			if (g == UINT32_MAX)
				continue;
			struct ks_func_group *grp = &s->groups.v[g];
			s->group_symbols.v[grp->first_symbol + grp->n_symbols++] = pairs.v[k + 1];
		}
		free(count);
		free(owner);
		hindex_free(&pos);
	}
	vec_free(&pairs);
	vec_free(&idxs);
	return r;
}
