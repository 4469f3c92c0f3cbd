#include "report/dep.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/syscalls.h"
#include "report/dep_name.h"
#include "report/func_report.h"
#include "surface/hook_names.h"
#include "types/type_layout.h"
#include "types/type_render.h"
#include "store/store.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

const char *const dep_kind_names[DEP__COUNT] = {
	"func", "struct", "union", "enum", "syscall", "tracepoint", "lsm", "kfunc", "field",
};

const char *const dep_titles[DEP__COUNT] = {
	"Function", "Struct", "Union", "Enum", "Syscall", "Tracepoint", "LSM", "kfunc", "Field",
};

int dep_kind_parse(const char *word)
{
	for (int i = 0; i < DEP__COUNT; i++)
		if (!strcmp(word, dep_kind_names[i]))
			return i;
	return -1;
}

/* Load the stored type KIND NAME of image ID into D's surface and parse it into
 * *OUT; its index in d->s.types, -1 when the image has none, -2 on an error. */
static long load_type(struct ks_store *st, int64_t id, int kind, const char *name, struct dep *d,
		      struct jv *out)
{
	size_t before = d->s.types.n;
	if (ks_store_load_types(st, id, kind, name, &d->s) < 0)
		return -2;
	if (d->s.types.n == before)
		return -1;
	const struct ks_type *t = &d->s.types.v[before];
	char err[128];
	if (json_parse(t->json, t->json_len, &d->s.type_text, out, err, sizeof(err)) < 0) {
		ks_error("%s: the stored type %s is damaged: %s", st->path, name, err);
		return -2;
	}
	return (long)before;
}

static void code_block(struct strbuf *sb, const struct jv *t)
{
	sb_add(sb, "```c\n");
	render_definition(sb, t);
	sb_add(sb, "\n```\n");
}

static int load_func(struct ks_store *st, int64_t id, const char *name, struct dep *d,
		     struct strbuf *body)
{
	if (ks_store_load_surface(st, id, name, false, &d->s) < 0)
		return -1;
	d->group = d->s.groups.n ? &d->s.groups.v[0] : NULL;
	if ((d->func_type = load_type(st, id, KS_TYPE_FUNC, name, d, &d->a)) == -2)
		return -1;
	d->comparable = d->func_type >= 0;
	d->present = d->group || d->comparable;
	if (d->comparable)
		code_block(body, &d->a);
	if (d->group) {
		d->n_issues = report_func_issue_list(d->group, d->issues);
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		if (!out)
			return -1;
		report_func_block(out, &d->s, d->group);
		fclose(out);
		if (d->comparable)
			sb_add(body, "\n");
		sb_addn(body, buf, len);
		free(buf);
	}
	return 0;
}

static int load_typed(struct ks_store *st, int64_t id, enum dep_kind kind, const char *name,
		      struct dep *d, struct strbuf *body)
{
	int first = kind == DEP_STRUCT ? KS_TYPE_STRUCT : kind == DEP_UNION ? KS_TYPE_UNION : KS_TYPE_ENUM;
	long t = load_type(st, id, first, name, d, &d->a);
	if (t == -1 && kind == DEP_ENUM)
		t = load_type(st, id, KS_TYPE_ENUM64, name, d, &d->a);
	if (t == -2)
		return -1;
	d->struct_type = t;
	d->present = d->comparable = t >= 0;
	if (d->present)
		code_block(body, &d->a);
	return 0;
}

/* STRUCT::FIELD: the member (the last of that name, as the diffs count it) of
 * struct STRUCT, else of union STRUCT. */
static int load_field(struct ks_store *st, int64_t id, const char *name, struct dep *d,
		      struct strbuf *body)
{
	const char *sep = strstr(name, "::");
	if (!sep)
		return 0;
	char owner[512];
	snprintf(owner, sizeof(owner), "%.*s", (int)(sep - name), name);
	struct jv type;
	long t = load_type(st, id, KS_TYPE_STRUCT, owner, d, &type);
	if (t == -1)
		t = load_type(st, id, KS_TYPE_UNION, owner, d, &type);
	if (t == -2)
		return -1;
	d->struct_type = t;
	const struct jv *members = t >= 0 ? jv_get(&type, "members") : NULL;
	const struct jv *m = NULL;
	for (size_t i = 0; members && members->type == JV_ARR && i < members->n; i++) {
		const char *mn = jv_str(&members->items[i], "name");
		if (mn && !strcmp(mn, sep + 2))
			m = &members->items[i];
	}
	if (!m || !jv_get(m, "type"))
		return 0;
	d->b = *m;
	d->a = *jv_get(m, "type");
	d->present = d->comparable = true;
	sb_add(body, "```c\n");
	render_decl(body, &d->a, sep + 2);
	uint64_t bits, off;
	if (jv_u64(m, "bitfield_size", &bits))
		sb_addf(body, ":%llu", (unsigned long long)bits);
	sb_add(body, ";\n```\n");
	if (jv_u64(m, "bits_offset", &off))
		sb_addf(body, "\n**Offset:** %llu %s\n", (unsigned long long)(off % 8 ? off : off / 8),
			off % 8 ? "bits" : "bytes");
	return 0;
}

/* A tracepoint, LSM hook or kfunc: its function (and a tracepoint's event struct). */
static int load_hook(struct ks_store *st, int64_t id, enum dep_kind kind, const char *name,
		     struct dep *d, struct strbuf *body)
{
	if (ks_store_load_hooks(st, id, name, &d->s) < 0)
		return -1;
	char func[600] = "", strct[600] = "";
	for (size_t i = 0; kind == DEP_TRACEPOINT && i < d->s.tracepoints.n && !func[0]; i++)
		if (!strcmp(d->s.tracepoints.v[i].event_name, name)) {
			const char *class = d->s.tracepoints.v[i].class_name;
			hook_name(func, sizeof(func), HOOK_TP_FUNC, class);
			hook_name(strct, sizeof(strct), HOOK_TP_STRUCT, class);
			d->fmt_str = d->s.tracepoints.v[i].fmt_str;
		}
	const struct ks_item *v = kind == DEP_LSM ? d->s.lsm_hooks.v : d->s.kfuncs.v;
	size_t n = kind == DEP_LSM ? d->s.lsm_hooks.n : kind == DEP_KFUNC ? d->s.kfuncs.n : 0;
	for (size_t i = 0; i < n && !func[0]; i++) {
		if (strcmp(v[i].name, name))
			continue;
		if (kind == DEP_LSM)
			hook_name(func, sizeof(func), HOOK_LSM_FUNC, name);
		else
			snprintf(func, sizeof(func), "%s", name);
	}
	if (!func[0])
		return 0;
	struct jv fj, sj;
	d->func_type = load_type(st, id, KS_TYPE_FUNC, func, d, &fj);
	if (d->func_type == -1 && kind == DEP_LSM) {
		/* newer kernels: the hook's BPF attach point bpf_lsm_NAME */
		hook_name(func, sizeof(func), HOOK_LSM_BPF, name);
		d->func_type = load_type(st, id, KS_TYPE_FUNC, func, d, &fj);
	}
	if (d->func_type == -2)
		return -1;
	if (strct[0] && (d->struct_type = load_type(st, id, KS_TYPE_STRUCT, strct, d, &sj)) == -2)
		return -1;
	if (strct[0]) {
		/* a tracepoint: its event struct, then its function */
		d->present = d->comparable = d->func_type >= 0 && d->struct_type >= 0;
		if (d->present) {
			d->a = sj;
			d->b = fj;
			sb_add(body, "Event:\n\n");
			code_block(body, &d->a);
			sb_add(body, "Function:\n\n");
			code_block(body, &d->b);
		}
	} else if (d->func_type >= 0) {
		d->present = d->comparable = true;
		d->a = fj;
		code_block(body, &d->a);
	}
	return 0;
}

static int load_syscall(struct ks_store *st, int64_t id, const char *name, struct dep *d,
			struct strbuf *body)
{
	if (ks_store_load_syscalls(st, id, &d->s) < 0)
		return -1;
	for (size_t i = 0; i < d->s.syscalls.n && !d->present; i++)
		if (d->s.syscalls.v[i] && !strcmp(d->s.syscalls.v[i], name) &&
		    !syscall_placeholder(name)) {
			d->present = d->comparable = true;
			if (d->s.info.syscall_base >= 0)
				d->nr = d->s.info.syscall_base + (long)i;
		}
	if (d->nr >= 0)
		sb_addf(body, "**Number:** %ld\n", d->nr);
	return 0;
}

int dep_load(struct ks_store *st, int64_t id, enum dep_kind kind, const char *name, struct dep *d)
{
	memset(d, 0, sizeof(*d));
	d->func_type = d->struct_type = d->nr = -1;
	name = dep_name_normalize(kind, name, NULL);
	struct strbuf body = { 0 };
	int r;
	switch (kind) {
	case DEP_FUNC:
		r = load_func(st, id, name, d, &body);
		break;
	case DEP_STRUCT:
	case DEP_UNION:
	case DEP_ENUM:
		r = load_typed(st, id, kind, name, d, &body);
		break;
	case DEP_FIELD:
		r = load_field(st, id, name, d, &body);
		break;
	case DEP_SYSCALL:
		r = load_syscall(st, id, name, d, &body);
		break;
	default:
		r = load_hook(st, id, kind, name, d, &body);
		break;
	}
	d->body = xstrdup(sb_str(&body));
	sb_free(&body);
	return r;
}

void dep_free(struct dep *d)
{
	free(d->body);
	surface_free(&d->s);
	memset(d, 0, sizeof(*d));
}

const char *dep_issue_text(const struct dep *d, char *buf, size_t len)
{
	if (!d || !d->present) {
		snprintf(buf, len, "Absent ⚠️");
		return buf;
	}
	if (!d->n_issues) {
		snprintf(buf, len, "✅");
		return buf;
	}
	size_t at = 0;
	buf[0] = 0;
	for (int i = 0; i < d->n_issues && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "", d->issues[i]);
	if (at < len)
		snprintf(buf + at, len - at, " ⚠️");
	return buf;
}

const char *dep_colour(const struct dep *d)
{
	return !d || !d->present ? "\033[31m" : d->n_issues ? "\033[33m" : "\033[32m";
}

void dep_diff(enum dep_kind kind, const struct dep *o, const struct dep *n, diff_changes *out)
{
	if (kind == DEP_FIELD) {
		if (!jv_equal(&o->a, &n->a)) {
			const char *field = jv_str(&n->b, "name");
			struct strbuf a = { 0 }, b = { 0 };
			render_decl(&a, &o->a, field);
			render_decl(&b, &n->a, field);
			struct diff_change c = { DIFF_FIELD_TYPE, xstrdup(sb_str(&a)), xstrdup(sb_str(&b)) };
			vec_push(out, c);
			sb_free(&a);
			sb_free(&b);
		}
		return;
	}
	if (kind == DEP_SYSCALL) /* presence only */
		return;
	if (kind != DEP_TRACEPOINT) {
		diff_types(&o->a, &n->a, out);
		return;
	}
	for (int k = 0; k < 2; k++) {
		diff_changes sub = { 0 };
		diff_types(k ? &o->b : &o->a, k ? &n->b : &n->a, &sub);
		if (sub.n) {
			struct diff_change head = { k ? DIFF_FUNC_CHANGED : DIFF_EVENT_CHANGED, NULL, NULL };
			vec_push(out, head);
			for (size_t i = 0; i < sub.n; i++)
				vec_push(out, sub.v[i]);
		}
		vec_free(&sub);
	}
}

static void stored_type(struct json_writer *w, const struct dep *d, long index)
{
	if (index < 0) {
		jw_null(w);
		return;
	}
	const struct ks_type *t = &d->s.types.v[index];
	jw_raw(w, t->json, t->json_len);
}

void dep_write_json(struct json_writer *w, enum dep_kind kind, const char *image,
		    const struct dep *d)
{
	jw_obj_open(w);
	jw_key(w, "image");
	jw_str(w, image);
	switch (kind) {
	case DEP_FUNC:
		jw_key(w, "group");
		if (d->group)
			report_func_group_json(w, &d->s, d->group, true);
		else
			jw_null(w);
		jw_key(w, "type");
		stored_type(w, d, d->func_type);
		break;
	case DEP_STRUCT:
	case DEP_UNION:
	case DEP_ENUM:
		jw_key(w, "type");
		stored_type(w, d, d->struct_type);
		break;
	case DEP_FIELD:
		jw_key(w, "member");
		if (d->present)
			jw_value(w, &d->b);
		else
			jw_null(w);
		break;
	case DEP_SYSCALL:
		jw_key(w, "nr");
		if (d->nr >= 0)
			jw_i64(w, d->nr);
		else
			jw_null(w);
		break;
	default:
		jw_key(w, "func");
		stored_type(w, d, d->func_type);
		if (kind == DEP_TRACEPOINT) {
			jw_key(w, "struct");
			stored_type(w, d, d->struct_type);
			jw_key(w, "fmt_str");
			jw_str(w, d->fmt_str);
		}
		break;
	}
	jw_obj_close(w);
}

struct suggest_ctx {
	struct suggest sg;
	const char *prefix, *suffix; /* a field's: "STRUCT::" before a member, "::FIELD" after a struct */
};

static int suggest_cb(const char *name, void *arg)
{
	struct suggest_ctx *c = arg;
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s%s%s", c->prefix, name, c->suffix);
	suggest_add(&c->sg, buf);
	return 0;
}

const char *dep_suggest(struct ks_store *st, const int64_t *ids, size_t n, enum dep_kind kind,
			const char *name, char *buf, size_t len)
{
	static const char *const what[DEP__COUNT][2] = {
		[DEP_FUNC] = { "func", "FUNC" },     [DEP_STRUCT] = { "STRUCT" },
		[DEP_UNION] = { "UNION" },           [DEP_ENUM] = { "ENUM", "ENUM64" },
		[DEP_SYSCALL] = { "syscall" },       [DEP_TRACEPOINT] = { "tracepoint" },
		[DEP_LSM] = { "lsm" },               [DEP_KFUNC] = { "kfunc" },
		[DEP_FIELD] = { "STRUCT", "UNION" },
	};
	struct suggest_ctx c = { .prefix = "", .suffix = "" };
	suggest_init(&c.sg, name);
	const char *sep = kind == DEP_FIELD ? strstr(name, "::") : NULL;
	char owner[512] = "", member_prefix[520] = "";
	if (sep) {
		snprintf(owner, sizeof(owner), "%.*s", (int)(sep - name), name);
		snprintf(member_prefix, sizeof(member_prefix), "%s::", owner);
	}
	for (size_t i = 0; i < n && i < 3; i++) {
		/* a field: the members of its struct where the image has it, else
		 * the structs with that field name */
		struct ks_surface s = { 0 };
		if (sep && ks_store_load_types(st, ids[i], KS_TYPE_STRUCT, owner, &s) == 0 && s.types.n) {
			struct jv t;
			struct arena a = { 0 };
			char err[64];
			c.prefix = member_prefix;
			if (json_parse(s.types.v[0].json, s.types.v[0].json_len, &a, &t, err, sizeof(err)) == 0) {
				const struct jv *ms = jv_get(&t, "members");
				for (size_t k = 0; ms && ms->type == JV_ARR && k < ms->n; k++)
					if (jv_str(&ms->items[k], "name"))
						suggest_cb(jv_str(&ms->items[k], "name"), &c);
			}
			arena_free(&a);
		} else {
			c.prefix = "";
			c.suffix = sep ? sep : "";
			for (int k = 0; k < 2 && what[kind][k]; k++)
				ks_store_each_name(st, ids[i], what[kind][k], NULL, suggest_cb, &c);
			c.suffix = "";
		}
		surface_free(&s);
	}
	suggest_text(&c.sg, buf, len);
	suggest_free(&c.sg);
	return buf;
}

/* Member types' sizes for a layout: the image's types, each loaded once. */
struct layout_cache {
	struct ks_store *st;
	int64_t id;
	struct ks_surface s; /* the loaded types and their parsed text */
	struct cached {
		int kind;
		const char *name;
		struct jv *v; /* in the surface's arena (it outlives a realloc of V); NULL: none */
	} *v;
	size_t n, cap;
};

static const struct jv *layout_lookup(void *arg, const char *kind_name, const char *name)
{
	struct layout_cache *c = arg;
	int kind = ks_type_kind_parse(kind_name);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind == kind && !strcmp(c->v[i].name, name))
			return c->v[i].v;
	if (kind < 0)
		return NULL;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	struct cached *e = &c->v[c->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->name = arena_strdup(&c->s.strings, name);
	size_t before = c->s.types.n;
	char err[64];
	if (ks_store_load_types(c->st, c->id, kind, name, &c->s) == 0 && c->s.types.n > before) {
		const struct ks_type *t = &c->s.types.v[before];
		struct jv *v = arena_alloc(&c->s.type_text, sizeof(*v));
		if (json_parse(t->json, t->json_len, &c->s.type_text, v, err, sizeof(err)) == 0)
			e->v = v;
	}
	return e->v;
}

int dep_layout(struct ks_store *st, int64_t id, const struct dep *d, struct layout *out)
{
	if (!d->present || d->struct_type < 0)
		return -1;
	struct layout_cache c = { .st = st, .id = id };
	/* pointers are as wide as long on every Linux arch */
	const struct jv *lg = layout_lookup(&c, "INT", "long unsigned int");
	uint64_t ptr = 8;
	if (lg)
		jv_u64(lg, "size", &ptr);
	int r = type_layout(&d->a, layout_lookup, &c, (unsigned)ptr, out);
	free(c.v);
	surface_free(&c.s);
	return r;
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
		ks_error("%s: image %lld: the stored BTF cannot be read", st->path,
			 (long long)id);
		*failed = true;
		return NULL;
	}
	return btf;
}

int dep_layout_print(struct ks_store *st, int64_t id, const struct dep *d, const struct layout *l,
		     FILE *out)
{
	bool failed;
	struct btf *btf = dep_btf_load(st, id, &failed);
	if (failed)
		return -1;
	const char *name = jv_str(&d->a, "name");
	uint32_t tid = btf && name ? type_layout_btf_find(btf, l->is_union, name) : 0;
	if (!tid) {
		type_layout_print(out, name ? name : "", l);
		btf__free(btf);
		return 0;
	}
	struct strbuf sb = { 0 };
	type_layout_btf_print(&sb, btf, tid);
	fwrite(sb_str(&sb), 1, sb.len, out);
	sb_free(&sb);
	btf__free(btf);
	return 0;
}

int dep_layout_print_all(struct ks_store *st, int64_t id, const char *image, bool is_union,
			 const char *glob, FILE *out)
{
	bool failed;
	struct btf *btf = dep_btf_load(st, id, &failed);
	if (failed)
		return -1;
	if (!btf) {
		ks_error("show: the dataset holds no BTF of %s (an imported image, or one "
			 "added by an older ksurf): re-add it", image);
		return -1;
	}
	struct strbuf sb = { 0 };
	struct hindex seen = { 0 }; /* names printed: their type ids */
	size_t printed = 0;
	for (__u32 tid = 1; tid < btf__type_cnt(btf); tid++) {
		const struct btf_type *t = btf__type_by_id(btf, tid);
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (!(is_union ? btf_is_union(t) : btf_is_struct(t)) || !name || !*name ||
		    fnmatch(glob, name, 0))
			continue;
		uint64_t h = hash_str(name);
		bool dup = false;
		for (uint32_t *slot = hindex_first(&seen, h); slot && !dup;
		     slot = hindex_next(&seen, h, slot))
			dup = !strcmp(btf__name_by_offset(btf, btf__type_by_id(btf, *slot)->name_off),
				      name);
		if (dup || type_layout_btf_print(&sb, btf, tid) < 0)
			continue;
		hindex_insert(&seen, h, tid);
		fwrite(sb_str(&sb), 1, sb.len, out);
		sb_reset(&sb);
		printed++;
	}
	sb_free(&sb);
	hindex_free(&seen);
	btf__free(btf);
	if (!printed)
		ks_error("show: no %s of %s matches %s", is_union ? "union" : "struct", image, glob);
	return printed ? 0 : -1;
}

void dep_layout_json(struct json_writer *w, const char *image, const struct dep *d,
		     const struct layout *l)
{
	jw_obj_open(w);
	jw_key(w, "image");
	jw_str(w, image);
	jw_key(w, "kind");
	jw_str(w, l->is_union ? "union" : "struct");
	jw_key(w, "name");
	jw_str(w, jv_str(&d->a, "name"));
	jw_key(w, "size");
	jw_u64(w, l->size);
	jw_key(w, "members");
	jw_arr_open(w);
	for (size_t i = 0; i < l->members.n; i++) {
		const struct layout_member *m = &l->members.v[i];
		jw_obj_open(w);
		jw_key(w, "name");
		jw_str(w, m->name);
		jw_key(w, "decl");
		jw_str(w, m->decl);
		jw_key(w, "offset");
		jw_u64(w, m->offset);
		jw_key(w, "bit_offset");
		jw_u64(w, m->bit_offset);
		jw_key(w, "size");
		if (m->size >= 0)
			jw_i64(w, m->size);
		else
			jw_null(w);
		jw_key(w, "bitfield_size");
		jw_u64(w, m->bitfield_size);
		jw_key(w, "hole_before_bits");
		jw_u64(w, m->hole_before);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_key(w, "holes");
	jw_u64(w, l->holes);
	jw_key(w, "sum_holes");
	jw_u64(w, l->sum_holes);
	jw_key(w, "bit_holes");
	jw_u64(w, l->bit_holes);
	jw_key(w, "sum_bit_holes");
	jw_u64(w, l->sum_bit_holes);
	jw_key(w, "padding");
	jw_u64(w, l->padding);
	jw_key(w, "complete");
	jw_bool(w, l->complete);
	jw_obj_close(w);
}
