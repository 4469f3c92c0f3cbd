/* store_read.c — loading a stored image's surface back (show, export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "config/config_text.h"
#include "store/func_blob.h"
#include "store/store_internal.h"
#include "store/string_table.h"
#include "store/symtab_blob.h"
#include "surface/hook_names.h"
#include "util/error.h"
#include "util/xalloc.h"

static int damaged(struct ks_store *st, int64_t id, const char *what)
{
	ks_error("%s: image %lld: %s is damaged", st->path, (long long)id, what);
	st->read_failed = true;
	return -1;
}

/* Finish Q, whose last sqlite3_step gave RC: RET, or -1 after an error line
 * when its rows stopped on an error rather than at their end. */
static int finish(struct ks_store *st, sqlite3_stmt *q, int rc, int ret)
{
	if (ret == 0 && rc != SQLITE_DONE) {
		ks_error("%s: %s", st->path, sqlite3_errmsg(st->db));
		st->read_failed = true;
		ret = -1;
	}
	store_unprep(st, q);
	return ret;
}

int ks_store_load_btf(struct ks_store *st, int64_t id, void **data, size_t *size)
{
	sqlite3_stmt *q;
	*data = NULL;
	*size = 0;
	if (store_prep_cached(st, "SELECT raw_size, data FROM image_btf WHERE image_id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int ret = 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		int64_t raw = sqlite3_column_int64(q, 0);
		const void *z = sqlite3_column_blob(q, 1);
		uLong zlen = (uLong)sqlite3_column_bytes(q, 1);
		uLongf len = (uLongf)raw;
		/* zlib cannot expand more than about 1032:1 */
		void *buf = raw > 0 && (uint64_t)raw / 1032 <= zlen + 64 ? xmalloc((size_t)raw) : NULL;
		if (!buf || uncompress(buf, &len, z, zlen) != Z_OK || len != (uLongf)raw) {
			free(buf);
			ret = damaged(st, id, "the BTF");
		} else {
			*data = buf;
			*size = (size_t)raw;
		}
	}
	store_unprep(st, q);
	return ret;
}

int ks_store_load_symtab(struct ks_store *st, int64_t id, struct ks_surface *s)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT raw_size, data FROM symtabs WHERE image_id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int ret;
	if (sqlite3_step(q) == SQLITE_ROW) {
		char what[64];
		snprintf(what, sizeof(what), "%s: image %lld", st->path, (long long)id);
		int64_t raw = sqlite3_column_int64(q, 0);
		const void *data = sqlite3_column_blob(q, 1);
		int len = sqlite3_column_bytes(q, 1);
		ret = raw < 0 ? damaged(st, id, "symbol table")
			      : symtab_blob_decode(data, (size_t)len, (size_t)raw, s, what);
	} else {
		ret = damaged(st, id, "symbol table (missing)");
	}
	store_unprep(st, q);
	return ret;
}

/* The content blob ID into *DATA (valid until Q is reset), -1 when missing. */
static int fetch_content(sqlite3_stmt *q, uint64_t id, const void **data, size_t *len)
{
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, (int64_t)id);
	if (sqlite3_step(q) != SQLITE_ROW)
		return -1;
	*data = sqlite3_column_blob(q, 0);
	*len = (size_t)sqlite3_column_bytes(q, 0);
	return 0;
}

/* Decode one func_groups row (columns as selected below) into S. */
static int load_group(struct ks_store *st, int64_t id, sqlite3_stmt *q, sqlite3_stmt *qc,
		      struct string_resolver *res, bool have_symtab, struct ks_surface *s)
{
	struct ks_func_group g = { 0 };
	g.name = store_col_str(&s->strings, q, 0);
	int coll = ks_collision_parse((const char *)sqlite3_column_text(q, 1));
	int type = ks_inline_type_parse((const char *)sqlite3_column_text(q, 2));
	g.transformed = sqlite3_column_int(q, 3) != 0;
	int64_t n_entries = sqlite3_column_int64(q, 4);
	int64_t n_symbols = sqlite3_column_int64(q, 5);
	struct func_blob_in in = { .name = g.name };
	in.addrs = sqlite3_column_blob(q, 7);
	in.addrs_len = (size_t)sqlite3_column_bytes(q, 7);
	/* an entry takes at least 1 address byte, a symbol at least 9 */
	if (!g.name || coll < 0 || type < 0 || n_entries < 0 || n_symbols < 0 ||
	    (uint64_t)n_entries + (uint64_t)n_symbols * 9 > in.addrs_len)
		return damaged(st, id, "a function group");
	if (fetch_content(qc, (uint64_t)sqlite3_column_int64(q, 6), &in.content,
			  &in.content_len) < 0)
		return damaged(st, id, "a function group (its content is missing)");
	g.collision = (uint8_t)coll;
	g.inline_type = (uint8_t)type;
	g.first_entry = (uint32_t)s->entries.n;
	g.n_entries = in.n_entries = (uint32_t)n_entries;
	in.n_symbols = (uint32_t)n_symbols;
	struct func_blob_symbol *syms = xmalloc((size_t)(n_symbols ? n_symbols : 1) * sizeof(*syms));
	if (func_blob_get(&in, res, s, syms, &s->strings) < 0) {
		free(syms);
		return damaged(st, id, "a function group's entries or symbols");
	}
	g.first_symbol = (uint32_t)s->group_symbols.n;
	g.n_symbols = (uint32_t)n_symbols;
	for (int64_t k = 0; k < n_symbols; k++) {
		uint32_t idx;
		if (have_symtab) {
			if (syms[k].symtab_index >= s->symbols.n) {
				free(syms);
				return damaged(st, id, "a function group's symbols");
			}
			idx = (uint32_t)syms[k].symtab_index;
		} else {
			idx = (uint32_t)s->symbols.n;
			vec_push(&s->symbols, syms[k].sym);
		}
		vec_push(&s->group_symbols, idx);
	}
	free(syms);
	vec_push(&s->groups, g);
	return 0;
}

int ks_store_load_surface(struct ks_store *st, int64_t id, const char *func_name,
			  bool with_all_symbols, struct ks_surface *s)
{
	memset(s, 0, sizeof(*s));
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT " IMAGE_COLUMNS " FROM images WHERE id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		store_unprep(st, q);
		ks_error("%s: no image with id %lld", st->path, (long long)id);
		return -1;
	}
	store_read_info(&s->strings, q, 0, &s->info);
	store_unprep(st, q);

	if (with_all_symbols && ks_store_load_symtab(st, id, s) < 0)
		return -1;

#define GROUP_COLUMNS \
	"name, collision, inline, transformed, n_entries, n_symbols, content_id, addrs"
	if (store_prep_cached(st,
		       func_name ? "SELECT " GROUP_COLUMNS " FROM func_groups"
				   " WHERE image_id=? AND name=? ORDER BY idx"
				 : "SELECT " GROUP_COLUMNS " FROM func_groups"
				   " WHERE image_id=? ORDER BY idx",
		       &q) < 0)
		return -1;
#undef GROUP_COLUMNS
	sqlite3_bind_int64(q, 1, id);
	if (func_name)
		store_bind_text(q, 2, func_name);
	sqlite3_stmt *qc;
	if (store_prep_cached(st, "SELECT data FROM func_contents WHERE id=?", &qc) < 0) {
		store_unprep(st, q);
		return -1;
	}
	struct string_resolver *res = store_strings(st);
	int rc, ret = 0;
	while (ret == 0 && (rc = sqlite3_step(q)) == SQLITE_ROW)
		ret = load_group(st, id, q, qc, res, with_all_symbols, s);
	store_unprep(st, qc);
	return finish(st, q, rc, ret);
}

int ks_store_load_types(struct ks_store *st, int64_t id, int kind, const char *name,
			struct ks_surface *s)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT it.kind, it.name, t.json FROM image_types it JOIN types t ON t.id = it.type_id"
		 " WHERE it.image_id=?1%s%s ORDER BY it.kind, it.idx",
		 kind >= 0 ? " AND it.kind=?2" : "", name ? " AND it.name=?3" : "");
	sqlite3_stmt *q;
	if (store_prep_cached(st, sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (kind >= 0)
		store_bind_text(q, 2, ks_type_kind_str(kind));
	if (name)
		store_bind_text(q, 3, name);
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int k = ks_type_kind_parse((const char *)sqlite3_column_text(q, 0));
		const char *json = (const char *)sqlite3_column_text(q, 2);
		if (k < 0 || !json) {
			ret = damaged(st, id, "a type");
			break;
		}
		struct ks_type t = {
			.kind = (uint8_t)k,
			.name = store_col_str(&s->type_text, q, 1),
			.json = arena_strdup(&s->type_text, json),
			.json_len = (size_t)sqlite3_column_bytes(q, 2),
		};
		vec_push(&s->types, t);
	}
	return finish(st, q, rc, ret);
}

/* The zlib-compressed text of Q's columns 0 (its size) and 1 (the data) of
 * image ID, NUL-terminated (malloc'd; its length in *LEN); NULL after an
 * error line naming WHAT, also when it claims more than MAX bytes (what is
 * stored is capped when written: a dataset claiming more is crafted). */
/* The notrace list is a few hundred KB (734 KB on 6.12). */
#define NOTRACE_MAX (64u << 20)

static char *inflate_text(struct ks_store *st, int64_t id, sqlite3_stmt *q, const char *what,
			  size_t max, size_t *len)
{
	int64_t raw = sqlite3_column_int64(q, 0);
	if (raw < 0 || (uint64_t)raw > max) {
		char why[160];
		snprintf(why, sizeof(why), "%s (it claims %lld bytes, over the %zu MB ksurf stores)",
			 what, (long long)raw, max >> 20);
		damaged(st, id, why);
		return NULL;
	}
	const void *z = sqlite3_column_blob(q, 1);
	uLong zlen = (uLong)sqlite3_column_bytes(q, 1);
	uLongf n = (uLongf)raw;
	/* zlib cannot expand more than about 1032:1 */
	char *text = raw >= 0 && (uint64_t)raw / 1032 <= zlen + 64 ? xmalloc((size_t)raw + 1) : NULL;
	if (!text || uncompress((unsigned char *)text, &n, z, zlen) != Z_OK || n != (uLongf)raw) {
		free(text);
		damaged(st, id, what);
		return NULL;
	}
	text[raw] = '\0';
	*len = (size_t)raw;
	return text;
}

int ks_store_load_config(struct ks_store *st, int64_t id, struct ks_surface *s)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st,
		       "SELECT c.raw_size, c.data FROM images i JOIN configs c ON c.id = i.config_id"
		       " WHERE i.id=?",
		       &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int ret = 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		s->config = inflate_text(st, id, q, "the config", CONFIG_TEXT_MAX, &s->config_len);
		ret = s->config ? 0 : -1;
	}
	store_unprep(st, q);
	return ret;
}

int ks_store_load_notrace(struct ks_store *st, int64_t id, struct ks_surface *s)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT raw_size, data FROM image_notrace WHERE image_id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int ret = 0;
	if (sqlite3_step(q) == SQLITE_ROW) {
		size_t len;
		char *text = inflate_text(st, id, q, "the notrace list", NOTRACE_MAX, &len);
		for (char *p = text, *nl; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			vec_push(&s->notrace, arena_strndup(&s->strings, p, n));
			if (!nl)
				break;
		}
		s->notrace_known = text != NULL;
		ret = text ? 0 : -1;
		free(text);
	}
	store_unprep(st, q);
	return ret;
}

int ks_store_load_syscalls(struct ks_store *st, int64_t id, struct ks_surface *s)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT syscall_base FROM images WHERE id=?", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	s->info.syscall_base = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL
				       ? sqlite3_column_int64(q, 0) : -1;
	store_unprep(st, q);
	if (store_prep_cached(st, "SELECT nr, name FROM image_syscalls WHERE image_id=? ORDER BY nr", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t nr = sqlite3_column_int64(q, 0);
		if (nr < 0 || nr > 100000) {
			ret = damaged(st, id, "the system call table");
			break;
		}
		while (s->syscalls.n < (size_t)nr)
			vec_push(&s->syscalls, NULL);
		vec_push(&s->syscalls, store_col_str(&s->strings, q, 1));
	}
	return finish(st, q, rc, ret);
}

int ks_store_load_hooks(struct ks_store *st, int64_t id, const char *name_only,
			struct ks_surface *s)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, name_only ? "SELECT event_name, class_name, fmt_str FROM image_tracepoints"
				       " WHERE image_id=?1 AND event_name=?2 ORDER BY idx"
				     : "SELECT event_name, class_name, fmt_str FROM image_tracepoints"
				       " WHERE image_id=?1 ORDER BY idx", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (name_only)
		store_bind_text(q, 2, name_only);
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_tracepoint tp = {
			.event_name = store_col_str(&s->strings, q, 0),
			.class_name = store_col_str(&s->strings, q, 1),
			.fmt_str = store_col_str(&s->strings, q, 2),
		};
		if (!tp.event_name || !tp.class_name || !tp.fmt_str) {
			ret = damaged(st, id, "a tracepoint");
			break;
		}
		hook_tp_link(s, &tp);
		vec_push(&s->tracepoints, tp);
	}
	if (finish(st, q, rc, ret) < 0 ||
	    store_prep_cached(st, name_only ? "SELECT kind, name, func FROM image_hooks WHERE image_id=?1"
				       " AND name=?2 ORDER BY kind, idx"
				     : "SELECT kind, name, func FROM image_hooks WHERE image_id=?1"
				       " ORDER BY kind, idx", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (name_only)
		store_bind_text(q, 2, name_only);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		const char *func = (const char *)sqlite3_column_text(q, 2);
		struct ks_item it = { store_col_str(&s->strings, q, 1),
				      func ? ks_surface_type(s, KS_TYPE_FUNC, func) : NULL };
		if (!kind || !it.name) {
			ret = damaged(st, id, "an LSM hook or kfunc");
			break;
		}
		if (!strcmp(kind, "kfunc"))
			vec_push(&s->kfuncs, it);
		else
			vec_push(&s->lsm_hooks, it);
	}
	return finish(st, q, rc, ret);
}

int ks_store_type_refs(struct ks_store *st, int64_t id, int kind, struct arena *a,
		       struct ks_type_ref **out, size_t *n)
{
	sqlite3_stmt *q;
	*out = NULL;
	*n = 0;
	if (store_prep_cached(st, "SELECT name, type_id FROM image_types WHERE image_id=? AND kind=?"
			   " ORDER BY name", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	store_bind_text(q, 2, ks_type_kind_str(kind));
	VEC(struct ks_type_ref) v = { 0 };
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ks_type_ref r = { store_col_str(a, q, 0), (uint64_t)sqlite3_column_int64(q, 1) };
		if (r.name)
			vec_push(&v, r);
	}
	if (finish(st, q, rc, 0) < 0) {
		vec_free(&v);
		return -1;
	}
	*out = v.v;
	*n = v.n;
	return 0;
}

const char *ks_store_type_json(struct ks_store *st, uint64_t type_id, struct arena *a,
			       size_t *len)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT json FROM types WHERE id=?", &q) < 0)
		return NULL;
	sqlite3_bind_int64(q, 1, (int64_t)type_id);
	const char *json = NULL;
	if (sqlite3_step(q) == SQLITE_ROW) {
		json = store_col_str(a, q, 0);
		*len = (size_t)sqlite3_column_bytes(q, 0);
	}
	store_unprep(st, q);
	if (!json) {
		st->read_failed = true;
		ks_error("%s: type %llu is missing (a damaged dataset)", st->path,
			 (unsigned long long)type_id);
	}
	return json;
}

int ks_store_group_classes(struct ks_store *st, int64_t id,
			   int (*cb)(const char *name, int collision, int inline_type,
				     bool transformed, void *arg),
			   void *arg)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT name, collision, inline, transformed FROM func_groups"
			   " WHERE image_id=? ORDER BY name, idx", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int ret = 0;
	while (ret == 0 && sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		int c = ks_collision_parse((const char *)sqlite3_column_text(q, 1));
		int t = ks_inline_type_parse((const char *)sqlite3_column_text(q, 2));
		if (!name || c < 0 || t < 0)
			ret = damaged(st, id, "a function group");
		else
			ret = cb(name, c, t, sqlite3_column_int(q, 3) != 0, arg);
	}
	store_unprep(st, q);
	return ret;
}

int ks_store_each_name(struct ks_store *st, int64_t id, const char *what, const char *prefix,
		       int (*cb)(const char *name, void *arg), void *arg)
{
	const char *sql = !strcmp(what, "func") ? "SELECT name FROM func_groups WHERE image_id=?1"
			: !strcmp(what, "syscall") ? "SELECT name FROM image_syscalls WHERE image_id=?1"
			: !strcmp(what, "tracepoint")
				? "SELECT event_name AS name FROM image_tracepoints WHERE image_id=?1"
			: !strcmp(what, "lsm") || !strcmp(what, "kfunc")
				? "SELECT name FROM image_hooks WHERE image_id=?1 AND kind=?2"
				: "SELECT name FROM image_types WHERE image_id=?1 AND kind=?2";
	char full[300];
	if (prefix) { /* a range of the primary key's names: no scan */
		snprintf(full, sizeof(full), "%s AND name >= ?3 AND name < ?3 || char(1114111)", sql);
		sql = full;
	}
	sqlite3_stmt *q;
	if (store_prep_cached(st, sql, &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if (strstr(sql, "?2"))
		store_bind_text(q, 2, what);
	if (prefix)
		store_bind_text(q, 3, prefix);
	int rc, ret = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(q, 0);
		if (n && cb(n, arg))
			break;
	}
	return finish(st, q, rc == SQLITE_ROW ? SQLITE_DONE : rc, ret);
}

int ks_store_func_class(struct ks_store *st, int64_t id, const char *name, int *inline_type)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT inline FROM func_groups WHERE image_id=? AND name=? LIMIT 1", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	store_bind_text(q, 2, name);
	int rc = sqlite3_step(q), found = 0;
	if (rc == SQLITE_ROW) {
		*inline_type = ks_inline_type_parse((const char *)sqlite3_column_text(q, 0));
		found = 1;
		rc = SQLITE_DONE;
	}
	int r = finish(st, q, rc, 0);
	return r < 0 ? r : found;
}

int64_t ks_store_match_funcs(struct ks_store *st, int64_t id, const char *glob,
			     int (*cb)(const char *name, void *arg), void *arg)
{
	sqlite3_stmt *q;
	if (store_prep_cached(st, "SELECT DISTINCT name FROM func_groups WHERE image_id=? AND"
			   " inline != 'Full' AND name GLOB ? ORDER BY name", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	store_bind_text(q, 2, glob);
	int64_t n = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		if (name && cb && cb(name, arg))
			continue;
		n++;
	}
	if (rc != SQLITE_DONE)
		n = -1;
	store_unprep(st, q);
	return n;
}
