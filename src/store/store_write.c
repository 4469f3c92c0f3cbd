/* store_write.c — `ksurf add`'s half of the dataset: one image, one transaction. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "config/config_text.h"
#include "store/blob.h"
#include "store/func_blob.h"
#include "store/store_internal.h"
#include "store/string_table.h"
#include "store/symtab_blob.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * An encoder thread turns the groups into blobs, in chunks, while this thread
 * writes the chunks already done into SQLite: the two halves of the store
 * run on two cores.  Groups go in name order, the order of the table's key.
 * The encoder also collects the strings, the distinct group contents and the
 * symbol table blob, written once it has finished.
 */
#define CHUNK_GROUPS 2048

struct chunk {
	struct blob_writer content, addrs;  /* its groups, back to back */
	size_t end[CHUNK_GROUPS][2];        /* per group: end offsets in each */
	uint64_t content_id[CHUNK_GROUPS];
};

/* A distinct content blob: where it lies in the chunks. */
struct content_ref {
	uint64_t id;
	uint32_t chunk;
	size_t off, len;
};

struct encoder {
	const struct ks_surface *s;
	uint32_t *order; /* group indexes in name order */
	struct string_set strings;
	struct hindex content_ix;
	VEC(struct content_ref) contents;
	bool content_collision;
	struct chunk *chunks;
	size_t n_chunks;
	unsigned char *symtab;
	size_t symtab_len, symtab_raw_len;
	int symtab_rc;
	uint32_t *type_order; /* s->types in (kind, name) order, the key's */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready; /* chunks finished; n_chunks + 1 once everything is */
	atomic_bool stop;
};

static int by_type_key(const void *a, const void *b, void *surface);

static void publish(struct encoder *enc, size_t ready)
{
	pthread_mutex_lock(&enc->mu);
	enc->ready = ready;
	pthread_cond_signal(&enc->cv);
	pthread_mutex_unlock(&enc->mu);
}

static const unsigned char *content_bytes(struct encoder *enc, const struct content_ref *c)
{
	return enc->chunks[c->chunk].content.buf + c->off;
}

/* The id of the content blob [OFF, end) of chunk C, recorded once per image. */
static uint64_t add_content(struct encoder *enc, uint32_t c, size_t off)
{
	struct chunk *ch = &enc->chunks[c];
	size_t len = ch->content.len - off;
	uint64_t id = string_id_n((const char *)ch->content.buf + off, len);
	for (uint32_t *p = hindex_first(&enc->content_ix, id); p;
	     p = hindex_next(&enc->content_ix, id, p)) {
		const struct content_ref *r = &enc->contents.v[*p];
		if (r->id != id)
			continue;
		if (r->len != len || memcmp(content_bytes(enc, r), ch->content.buf + off, len))
			enc->content_collision = true;
		return id;
	}
	hindex_insert(&enc->content_ix, id, (uint32_t)enc->contents.n);
	struct content_ref r = { id, c, off, len };
	vec_push(&enc->contents, r);
	return id;
}

static void *encoder_main(void *arg)
{
	struct encoder *enc = arg;
	const struct ks_surface *s = enc->s;
	for (size_t c = 0; c < enc->n_chunks && !atomic_load(&enc->stop); c++) {
		struct chunk *ch = &enc->chunks[c];
		size_t first = c * CHUNK_GROUPS;
		for (size_t k = first; k < s->groups.n && k < first + CHUNK_GROUPS; k++) {
			const struct ks_func_group *grp = &s->groups.v[enc->order[k]];
			size_t off = ch->content.len;
			func_blob_put(&ch->content, &ch->addrs, s, grp, &enc->strings);
			ch->content_id[k - first] = add_content(enc, (uint32_t)c, off);
			ch->end[k - first][0] = ch->content.len;
			ch->end[k - first][1] = ch->addrs.len;
		}
		publish(enc, c + 1);
	}
	enc->symtab_rc = atomic_load(&enc->stop)
				 ? -1
				 : symtab_blob_encode(s, &enc->symtab, &enc->symtab_len,
						      &enc->symtab_raw_len);
	qsort_r(enc->type_order, s->types.n, sizeof(uint32_t), by_type_key, (void *)s);
	publish(enc, enc->n_chunks + 1);
	return NULL;
}

/* Wait until chunk C is encoded (C == n_chunks: until everything is). */
static void wait_chunk(struct encoder *enc, size_t c)
{
	pthread_mutex_lock(&enc->mu);
	while (enc->ready <= c)
		pthread_cond_wait(&enc->cv, &enc->mu);
	pthread_mutex_unlock(&enc->mu);
}

/* Indexes into SURFACE's types, by the key SQLite orders them by (it compares
 * TEXT keys with memcmp, as strcmp does). */
static int by_type_key(const void *a, const void *b, void *surface)
{
	const struct ks_surface *s = surface;
	const struct ks_type *ta = &s->types.v[*(const uint32_t *)a];
	const struct ks_type *tb = &s->types.v[*(const uint32_t *)b];
	int c = strcmp(ks_type_kind_str(ta->kind), ks_type_kind_str(tb->kind));
	return c ? c : strcmp(ta->name, tb->name);
}

static int by_group_name(const void *a, const void *b, void *surface)
{
	const struct ks_surface *s = surface;
	const struct ks_func_group *ga = &s->groups.v[*(const uint32_t *)a];
	const struct ks_func_group *gb = &s->groups.v[*(const uint32_t *)b];
	int c = strcmp(ga->name, gb->name);
	if (c)
		return c;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static void encoder_init(struct encoder *enc, const struct ks_surface *s)
{
	memset(enc, 0, sizeof(*enc));
	enc->s = s;
	enc->order = xmalloc((s->groups.n ? s->groups.n : 1) * sizeof(uint32_t));
	for (size_t g = 0; g < s->groups.n; g++)
		enc->order[g] = (uint32_t)g;
	qsort_r(enc->order, s->groups.n, sizeof(uint32_t), by_group_name, (void *)s);
	size_t nt = s->types.n ? s->types.n : 1;
	enc->type_order = xmalloc(nt * sizeof(uint32_t));
	for (size_t i = 0; i < s->types.n; i++)
		enc->type_order[i] = (uint32_t)i;
	enc->n_chunks = (s->groups.n + CHUNK_GROUPS - 1) / CHUNK_GROUPS;
	enc->chunks = xcalloc(enc->n_chunks ? enc->n_chunks : 1, sizeof(*enc->chunks));
	pthread_mutex_init(&enc->mu, NULL);
	pthread_cond_init(&enc->cv, NULL);
}

static void encoder_free(struct encoder *enc)
{
	string_set_free(&enc->strings);
	hindex_free(&enc->content_ix);
	vec_free(&enc->contents);
	for (size_t c = 0; c < enc->n_chunks; c++) {
		blob_writer_free(&enc->chunks[c].content);
		blob_writer_free(&enc->chunks[c].addrs);
	}
	free(enc->chunks);
	free(enc->order);
	free(enc->symtab);
	free(enc->type_order);
	pthread_mutex_destroy(&enc->mu);
	pthread_cond_destroy(&enc->cv);
}

/* The config text, compressed, under the hash of the text; its id in *ID (0: none). */
static int insert_config(struct ks_store *st, const struct ks_surface *s, int64_t *id)
{
	*id = 0;
	if (!s->config)
		return 0;
	uLongf clen = compressBound(s->config_len);
	unsigned char *z = xmalloc(clen);
	if (compress2(z, &clen, (const unsigned char *)s->config, s->config_len, 6) != Z_OK) {
		free(z);
		ks_error("%s: cannot compress the config", st->path);
		return -1;
	}
	sqlite3_stmt *q;
	int ret = -1;
	if (store_prep(st, "INSERT OR IGNORE INTO configs VALUES(?,?,?)", &q) == 0) {
		*id = (int64_t)hash_content(s->config, s->config_len);
		sqlite3_bind_int64(q, 1, *id);
		sqlite3_bind_int64(q, 2, (int64_t)s->config_len);
		sqlite3_bind_blob(q, 3, z, (int)clen, SQLITE_STATIC);
		ret = store_step_done(st, q);
		sqlite3_finalize(q);
	}
	free(z);
	return ret;
}

static int insert_image(struct ks_store *st, const struct ks_surface *s, int64_t *id)
{
	int64_t config_id;
	if (insert_config(st, s, &config_id) < 0)
		return -1;
	sqlite3_stmt *q;
	if (store_prep(st,
		       "INSERT INTO images(name, kind, release, version, abi, flavor, arch, banner,"
		       " compiler, comment, source, distro, n_symbols, n_entries, n_groups, config_id,"
		       " syscall_base) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		       &q) < 0)
		return -1;
	const struct ks_image_info *in = &s->info;
	const char *text[] = { in->name,   in->kind,    in->release,  in->version,
			       in->abi,    in->flavor,  in->arch,     in->banner,
			       in->compiler, in->comment, in->source, in->distro };
	for (int i = 0; i < 12; i++)
		sqlite3_bind_text(q, i + 1, text[i] ? text[i] : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 13, (int64_t)s->symbols.n);
	sqlite3_bind_int64(q, 14, (int64_t)s->entries.n);
	sqlite3_bind_int64(q, 15, (int64_t)s->groups.n);
	if (config_id)
		sqlite3_bind_int64(q, 16, config_id);
	else
		sqlite3_bind_null(q, 16);
	if (in->syscall_base >= 0)
		sqlite3_bind_int64(q, 17, in->syscall_base);
	else
		sqlite3_bind_null(q, 17);
	int rc = store_step_done(st, q);
	sqlite3_finalize(q);
	*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static int insert_groups(struct ks_store *st, const struct ks_surface *s,
			 struct encoder *enc, int64_t id)
{
	sqlite3_stmt *q;
	if (store_prep(st, "INSERT INTO func_groups VALUES(?,?,?,?,?,?,?,?,?,?)", &q) < 0)
		return -1;
	int ret = 0;
	for (size_t c = 0; c < enc->n_chunks && ret == 0; c++) {
		wait_chunk(enc, c);
		const struct chunk *ch = &enc->chunks[c];
		size_t a0 = 0, first = c * CHUNK_GROUPS;
		for (size_t k = first; k < s->groups.n && k < first + CHUNK_GROUPS && ret == 0; k++) {
			uint32_t g = enc->order[k];
			const struct ks_func_group *grp = &s->groups.v[g];
			size_t a1 = ch->end[k - first][1];
			sqlite3_bind_int64(q, 1, id);
			store_bind_text(q, 2, grp->name);
			sqlite3_bind_int64(q, 3, g);
			store_bind_text(q, 4, ks_collision_str(grp->collision));
			store_bind_text(q, 5, ks_inline_type_str(grp->inline_type));
			sqlite3_bind_int(q, 6, grp->transformed);
			sqlite3_bind_int64(q, 7, grp->n_entries);
			sqlite3_bind_int64(q, 8, grp->n_symbols);
			sqlite3_bind_int64(q, 9, (int64_t)ch->content_id[k - first]);
			sqlite3_bind_blob(q, 10, ch->addrs.buf + a0, (int)(a1 - a0), SQLITE_STATIC);
			a0 = a1;
			ret = store_step_done(st, q);
		}
	}
	sqlite3_finalize(q);
	return ret;
}

static int by_content_id(const void *a, const void *b)
{
	uint64_t x = ((const struct content_ref *)a)->id, y = ((const struct content_ref *)b)->id;
	return x < y ? -1 : x > y;
}

/* The group contents no image stored before, in id order. */
static int insert_contents(struct ks_store *st, struct encoder *enc)
{
	if (enc->content_collision) {
		ks_error("%s: two function groups of this image have the same content id; "
			 "cannot store it", st->path);
		return -1;
	}
	if (enc->contents.n)
		qsort(enc->contents.v, enc->contents.n, sizeof(enc->contents.v[0]), by_content_id);
	sqlite3_stmt *q;
	if (store_prep(st, "INSERT OR IGNORE INTO func_contents VALUES(?,?)", &q) < 0)
		return -1;
	int ret = 0;
	for (size_t i = 0; i < enc->contents.n && ret == 0; i++) {
		const struct content_ref *r = &enc->contents.v[i];
		sqlite3_bind_int64(q, 1, (int64_t)r->id);
		sqlite3_bind_blob(q, 2, content_bytes(enc, r), (int)r->len, SQLITE_STATIC);
		ret = store_step_done(st, q);
	}
	sqlite3_finalize(q);
	return ret;
}

static int by_id64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The image's named types: the JSON of those no image stored before (in id
 * order), then the image's (kind, name) -> type rows (in key order).
 */
static int insert_types(struct ks_store *st, const struct ks_surface *s,
			const struct encoder *enc, int64_t id)
{
	size_t n = s->types.n;
	if (n == 0)
		return 0;
	/* (id, index) pairs sorted by id */
	uint64_t *pairs = xmalloc(n * 2 * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		pairs[2 * i] = s->types.v[i].id;
		pairs[2 * i + 1] = i;
	}
	qsort(pairs, n, 2 * sizeof(uint64_t), by_id64);
	sqlite3_stmt *qt = NULL, *qi = NULL;
	int ret = -1;
	if (store_prep(st, "INSERT OR IGNORE INTO types VALUES(?,?)", &qt) < 0 ||
	    store_prep(st, "INSERT INTO image_types VALUES(?,?,?,?,?)", &qi) < 0)
		goto out;
	for (size_t k = 0; k < n; k++) {
		if (k && pairs[2 * k] == pairs[2 * k - 2])
			continue;
		const struct ks_type *t = &s->types.v[pairs[2 * k + 1]];
		sqlite3_bind_int64(qt, 1, (int64_t)pairs[2 * k]);
		sqlite3_bind_text(qt, 2, t->json, (int)t->json_len, SQLITE_STATIC);
		if (store_step_done(st, qt) < 0)
			goto out;
	}
	/* idx: the order within the kind, as the image's BTF has it */
	uint32_t *idx = xcalloc(n, sizeof(uint32_t));
	uint32_t per_kind[KS_TYPE__COUNT] = { 0 };
	for (size_t i = 0; i < n; i++)
		idx[i] = per_kind[s->types.v[i].kind]++;
	ret = 0;
	for (size_t k = 0; k < n && ret == 0; k++) {
		uint32_t i = enc->type_order[k];
		const struct ks_type *t = &s->types.v[i];
		sqlite3_bind_int64(qi, 1, id);
		store_bind_text(qi, 2, ks_type_kind_str(t->kind));
		store_bind_text(qi, 3, t->name);
		sqlite3_bind_int64(qi, 4, idx[i]);
		sqlite3_bind_int64(qi, 5, (int64_t)t->id);
		ret = store_step_done(st, qi);
	}
	free(idx);
out:
	sqlite3_finalize(qt);
	sqlite3_finalize(qi);
	free(pairs);
	return ret;
}

static int insert_count(struct ks_store *st, sqlite3_stmt *q, int64_t id, const char *what,
			int64_t n)
{
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, what, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, n);
	return store_step_done(st, q);
}

/* The class counts `ksurf list` shows, so it need not scan the groups. */
static int insert_counts(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	int64_t coll[KS_COLL__COUNT] = { 0 }, inl[KS_INLINE__COUNT] = { 0 }, transformed = 0;
	for (size_t g = 0; g < s->groups.n; g++) {
		coll[s->groups.v[g].collision]++;
		inl[s->groups.v[g].inline_type]++;
		transformed += s->groups.v[g].transformed;
	}
	sqlite3_stmt *q;
	if (store_prep(st, "INSERT INTO image_counts VALUES(?,?,?)", &q) < 0)
		return -1;
	int ret = 0;
	char what[64];
	for (int i = 0; i < KS_COLL__COUNT && ret == 0; i++) {
		snprintf(what, sizeof(what), "collision:%s", ks_collision_str(i));
		ret = insert_count(st, q, id, what, coll[i]);
	}
	for (int i = 0; i < KS_INLINE__COUNT && ret == 0; i++) {
		snprintf(what, sizeof(what), "inline:%s", ks_inline_type_str(i));
		ret = insert_count(st, q, id, what, inl[i]);
	}
	if (ret == 0)
		ret = insert_count(st, q, id, "transformed", transformed);
	int64_t nsys = 0;
	for (size_t i = 0; i < s->syscalls.n; i++)
		nsys += s->syscalls.v[i] != NULL;
	if (ret == 0)
		ret = insert_count(st, q, id, "syscalls", nsys);
	if (ret == 0)
		ret = insert_count(st, q, id, "tracepoints", (int64_t)s->tracepoints.n);
	if (ret == 0)
		ret = insert_count(st, q, id, "lsm_hooks", (int64_t)s->lsm_hooks.n);
	if (ret == 0)
		ret = insert_count(st, q, id, "kfuncs", (int64_t)s->kfuncs.n);
	if (ret == 0 && s->config)
		ret = insert_count(st, q, id, "config_entries",
				   (int64_t)config_count_entries(s->config));
	int64_t types[KS_TYPE__COUNT] = { 0 };
	for (size_t i = 0; i < s->types.n; i++)
		types[s->types.v[i].kind]++;
	for (int i = 0; i < KS_TYPE__COUNT && ret == 0; i++) {
		snprintf(what, sizeof(what), "types:%s", ks_type_kind_str(i));
		ret = insert_count(st, q, id, what, types[i]);
	}
	sqlite3_finalize(q);
	return ret;
}

static int insert_syscalls(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	sqlite3_stmt *q;
	if (store_prep(st, "INSERT INTO image_syscalls VALUES(?,?,?)", &q) < 0)
		return -1;
	int ret = 0;
	for (size_t i = 0; i < s->syscalls.n && ret == 0; i++) {
		if (!s->syscalls.v[i])
			continue;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, (int64_t)i);
		store_bind_text(q, 3, s->syscalls.v[i]);
		ret = store_step_done(st, q);
	}
	sqlite3_finalize(q);
	return ret;
}

static int insert_hooks(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	sqlite3_stmt *qt = NULL, *qh = NULL;
	int ret = -1;
	if (store_prep(st, "INSERT INTO image_tracepoints VALUES(?,?,?,?,?)", &qt) < 0 ||
	    store_prep(st, "INSERT INTO image_hooks VALUES(?,?,?,?,?)", &qh) < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < s->tracepoints.n && ret == 0; i++) {
		const struct ks_tracepoint *tp = &s->tracepoints.v[i];
		sqlite3_bind_int64(qt, 1, id);
		sqlite3_bind_int64(qt, 2, (int64_t)i);
		store_bind_text(qt, 3, tp->event_name);
		store_bind_text(qt, 4, tp->class_name);
		store_bind_text(qt, 5, tp->fmt_str);
		ret = store_step_done(st, qt);
	}
	for (int k = 0; k < 2 && ret == 0; k++) {
		const struct ks_item *v = k ? s->kfuncs.v : s->lsm_hooks.v;
		size_t n = k ? s->kfuncs.n : s->lsm_hooks.n;
		for (size_t i = 0; i < n && ret == 0; i++) {
			sqlite3_bind_int64(qh, 1, id);
			store_bind_text(qh, 2, k ? "kfunc" : "lsm");
			sqlite3_bind_int64(qh, 3, (int64_t)i);
			store_bind_text(qh, 4, v[i].name);
			store_bind_text(qh, 5, v[i].func->name);
			ret = store_step_done(st, qh);
		}
	}
out:
	sqlite3_finalize(qt);
	sqlite3_finalize(qh);
	return ret;
}

static int insert_symtab(struct ks_store *st, const struct encoder *enc, int64_t id)
{
	sqlite3_stmt *q;
	if (store_prep(st, "INSERT INTO symtabs VALUES(?,?,?)", &q) < 0)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, (int64_t)enc->symtab_raw_len);
	sqlite3_bind_blob64(q, 3, enc->symtab, enc->symtab_len, SQLITE_STATIC);
	int ret = store_step_done(st, q);
	sqlite3_finalize(q);
	return ret;
}

/* A row (ID, raw size, DATA[0..LEN) zlib-compressed) by the INSERT SQL; WHAT
 * names the data in an error line.  0, or -1 after an error line. */
static int insert_zlib(struct ks_store *st, const char *sql, int64_t id, const void *data,
		       size_t len, const char *what)
{
	uLong raw = (uLong)len;
	uLongf zlen = compressBound(raw);
	unsigned char *z = xmalloc(zlen ? zlen : 1);
	int ret = -1;
	sqlite3_stmt *q;
	if (compress2(z, &zlen, data, raw, 6) != Z_OK)
		ks_error("%s: cannot compress %s", st->path, what);
	else if (store_prep(st, sql, &q) == 0) {
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int64(q, 2, (int64_t)raw);
		sqlite3_bind_blob64(q, 3, z, zlen, SQLITE_STATIC);
		ret = store_step_done(st, q);
		sqlite3_finalize(q);
	}
	free(z);
	return ret;
}

/* The functions ftrace cannot trace, when the image tells. */
static int insert_notrace(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	if (!s->notrace_known)
		return 0;
	struct strbuf text = { 0 };
	for (size_t i = 0; i < s->notrace.n; i++)
		sb_addf(&text, "%s%s", i ? "\n" : "", s->notrace.v[i]);
	int ret = insert_zlib(st, "INSERT INTO image_notrace VALUES(?,?,?)", id, sb_str(&text),
			      text.len, "the notrace list");
	sb_free(&text);
	return ret;
}

/* NAME as an error may print it: control characters as '?'. */
static const char *printable(const char *name, char *buf, size_t len)
{
	size_t i = 0;
	for (; name && name[i] && i + 1 < len; i++)
		buf[i] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '?' : name[i];
	buf[i] = '\0';
	return buf;
}

/* The image's raw BTF, when it came with one. */
static int insert_btf(struct ks_store *st, const struct ks_surface *s, int64_t id)
{
	if (!s->btf_raw)
		return 0;
	return insert_zlib(st, "INSERT INTO image_btf VALUES(?,?,?)", id, s->btf_raw,
			   s->btf_raw_size, "the BTF");
}

int ks_store_add_image(struct ks_store *st, const struct ks_surface *s, bool replace)
{
	const char *bad = ks_image_name_problem(s->info.name);
	if (bad) {
		char buf[64];
		ks_error("%s: image name '%s%s' is not usable (%s; pass --name)", st->path,
			 printable(s->info.name, buf, sizeof(buf)),
			 s->info.name && strlen(s->info.name) >= sizeof(buf) - 1 ? "..." : "", bad);
		return -1;
	}
	struct encoder enc;
	encoder_init(&enc, s);
	pthread_t thread;
	bool threaded = xthread_create(&thread, encoder_main, &enc) == 0;
	if (!threaded)
		encoder_main(&enc);
	int ret = -1;
	if (store_exec(st, "BEGIN IMMEDIATE") < 0)
		goto out;
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
		if (store_exec(st, sql) < 0)
			goto fail;
	}
	int64_t id;
	if (insert_image(st, s, &id) < 0 || insert_counts(st, s, id) < 0 ||
	    insert_syscalls(st, s, id) < 0 || insert_hooks(st, s, id) < 0 ||
	    insert_groups(st, s, &enc, id) < 0)
		goto fail;
	wait_chunk(&enc, enc.n_chunks);
	if (enc.symtab_rc < 0 || insert_contents(st, &enc) < 0 ||
	    string_set_store(&enc.strings, st->db, st->path) < 0 || insert_symtab(st, &enc, id) < 0 ||
	    insert_notrace(st, s, id) < 0 || insert_btf(st, s, id) < 0 ||
	    insert_types(st, s, &enc, id) < 0)
		goto fail;
	if (store_exec(st, "COMMIT") < 0)
		goto fail;
	ret = 0;
	/* a new dataset goes into place with its first image */
	if (st->stage_path)
		ret = store_stage_publish(st);
	goto out;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
out:
	atomic_store(&enc.stop, true);
	if (threaded)
		pthread_join(thread, NULL);
	encoder_free(&enc);
	if (ret == 1) /* another process created the dataset first: into that one */
		return ks_store_add_image(st, s, replace);
	return ret;
}
