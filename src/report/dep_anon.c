#include "report/dep_anon.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_normalize.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/xalloc.h"

bool dep_anon_is_name(const char *name)
{
	size_t n = strlen(name);
	return n >= 7 && !strncmp(name, "(anon ", 6) && name[n - 1] == ')';
}

struct btf *dep_btf_load(struct ks_store *st, int64_t id, bool *failed)
{
	void *raw;
	size_t size;
	*failed = ks_store_load_btf(st, id, &raw, &size) < 0;
	if (!raw)
		return NULL;
	struct btf *btf = size <= UINT32_MAX ? btf__new(raw, (__u32)size) : NULL;
	free(raw);
	if (libbpf_get_error(btf)) {
		ks_error("%s: image %lld: the stored BTF cannot be read", st->path, (long long)id);
		*failed = true;
		return NULL;
	}
	return btf;
}

/* Whether T is an anonymous enum with values. */
static bool anon_enum(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);
	return (btf_is_enum(t) || btf_is_enum64(t)) && (!name || !*name) && btf_vlen(t);
}

static const char *first_value(const struct btf *btf, const struct btf_type *t)
{
	__u32 off = btf_is_enum64(t) ? btf_enum64(t)[0].name_off : btf_enum(t)[0].name_off;
	const char *s = btf__name_by_offset(btf, off);
	return s ? s : "";
}

typedef VEC(uint32_t) id_vec;

/* The identities of BTF's anonymous enums, in BTF order: a name per type id
 * (NULL for other types) in A, the ids in *IDS. */
static const char **anon_names(const struct btf *btf, struct arena *a, id_vec *ids)
{
	__u32 count = btf__type_cnt(btf);
	const char **names = xcalloc(count, sizeof(*names));
	struct hindex seen = { 0 };
	char buf[64];
	for (__u32 tid = 1; tid < count; tid++) {
		const struct btf_type *t = btf__type_by_id(btf, tid);
		if (!anon_enum(btf, t))
			continue;
		const char *first = first_value(btf, t);
		for (unsigned k = 1;; k++) {
			if (k > 1)
				snprintf(buf, sizeof(buf), " #%u", k);
			char *name = arena_printf(a, "(anon %s%s)", first, k > 1 ? buf : "");
			uint64_t h = hash_str(name);
			bool dup = false;
			for (uint32_t *p = hindex_first(&seen, h); p && !dup; p = hindex_next(&seen, h, p))
				dup = !strcmp(names[*p], name);
			if (dup)
				continue;
			hindex_insert(&seen, h, tid);
			names[tid] = name;
			vec_push(ids, tid);
			break;
		}
	}
	hindex_free(&seen);
	return names;
}

/* --- the cache: per dataset file and image, until exit --- */

struct cached {
	struct cached *next;
	char *path;
	int64_t id;
	struct dep_anon_enums pub;
	struct arena text;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct dep_anon_enum *)x)->name, ((const struct dep_anon_enum *)y)->name);
}

/* Read image ID's anonymous enums into C. */
static int read_image(struct ks_store *st, int64_t id, struct cached *c)
{
	bool failed;
	struct btf *btf = dep_btf_load(st, id, &failed);
	if (failed)
		return -1;
	c->pub.have_btf = btf != NULL;
	if (!btf)
		return 0;
	id_vec ids = { 0 };
	const char **names = anon_names(btf, &c->text, &ids);
	struct dep_anon_enum *v = xcalloc(ids.n + 1, sizeof(*v));
	struct strbuf sb = { 0 };
	int ret = 0;
	for (size_t i = 0; i < ids.n && ret == 0; i++) {
		sb_reset(&sb);
		if (btf_normalize_type(btf, ids.v[i], names[ids.v[i]], &sb) < 0) {
			ks_error("%s: image %lld: malformed BTF (type %u)", st->path, (long long)id,
				 ids.v[i]);
			ret = -1;
			break;
		}
		v[i].name = names[ids.v[i]];
		v[i].json = arena_strndup(&c->text, sb_str(&sb), sb.len);
		v[i].len = sb.len;
		v[i].hash = hash_content(v[i].json, v[i].len);
		v[i].btf_id = ids.v[i];
	}
	if (ids.n)
		qsort(v, ids.n, sizeof(*v), by_name);
	c->pub.v = v;
	c->pub.n = ret == 0 ? ids.n : 0;
	sb_free(&sb);
	free(names);
	vec_free(&ids);
	btf__free(btf);
	return ret;
}

int dep_anon_enums(struct ks_store *st, int64_t id, struct dep_anon_enums *out)
{
	pthread_mutex_lock(&cache_lock);
	struct cached *c = cache;
	while (c && !(c->id == id && !strcmp(c->path, st->path)))
		c = c->next;
	int ret = 0;
	if (!c) {
		c = xcalloc(1, sizeof(*c));
		c->path = xstrdup(st->path);
		c->id = id;
		ret = read_image(st, id, c);
		if (ret == 0) {
			c->next = cache;
			cache = c;
		} else {
			free((void *)c->pub.v);
			arena_free(&c->text);
			free(c->path);
			free(c);
		}
	}
	if (ret == 0)
		*out = c->pub;
	else
		memset(out, 0, sizeof(*out));
	pthread_mutex_unlock(&cache_lock);
	return ret;
}

const struct dep_anon_enum *dep_anon_find(const struct dep_anon_enums *a, const char *name)
{
	struct dep_anon_enum key = { .name = name };
	return a->n ? bsearch(&key, a->v, a->n, sizeof(key), by_name) : NULL;
}

/* --- which enums hold a value --- */

static bool holds(const struct btf *btf, const struct btf_type *t, const char *value)
{
	bool is64 = btf_is_enum64(t);
	for (__u16 i = 0; i < btf_vlen(t); i++) {
		__u32 off = is64 ? btf_enum64(t)[i].name_off : btf_enum(t)[i].name_off;
		const char *s = btf__name_by_offset(btf, off);
		if (s && !strcmp(s, value))
			return true;
	}
	return false;
}

const char *dep_anon_value_owners(struct ks_store *st, int64_t id, const char *value, char *buf,
				  size_t len)
{
	buf[0] = 0;
	bool failed;
	struct btf *btf = dep_btf_load(st, id, &failed);
	if (!btf)
		return buf;
	struct arena a = { 0 };
	id_vec ids = { 0 };
	const char **names = anon_names(btf, &a, &ids);
	struct strbuf sb = { 0 };
	size_t found = 0;
	for (__u32 tid = 1; tid < btf__type_cnt(btf) && found < 4; tid++) {
		const struct btf_type *t = btf__type_by_id(btf, tid);
		if (!(btf_is_enum(t) || btf_is_enum64(t)) || !holds(btf, t, value))
			continue;
		const char *name = names[tid] ? names[tid] : btf__name_by_offset(btf, t->name_off);
		if (!name || !*name)
			continue;
		sb_addf(&sb, "%senum %s", found++ ? ", " : "", name);
	}
	if (found)
		snprintf(buf, len, "; %s is a value of %s", value, sb_str(&sb));
	sb_free(&sb);
	free(names);
	vec_free(&ids);
	arena_free(&a);
	btf__free(btf);
	return buf;
}
