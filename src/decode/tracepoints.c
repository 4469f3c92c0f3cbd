#include "decode/tracepoints.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "surface/hook_names.h"
#include "util/error.h"
#include "util/json_parse.h"

/* Byte offset and size of member NAME of the normalized struct T; false when absent. */
static bool member(const struct jv *t, const char *name, uint64_t *off, unsigned *size)
{
	const struct jv *ms = jv_get(t, "members");
	for (size_t i = 0; ms && ms->type == JV_ARR && i < ms->n; i++) {
		const char *n = jv_str(&ms->items[i], "name");
		uint64_t bits;
		if (!n || strcmp(n, name) || !jv_u64(&ms->items[i], "bits_offset", &bits) || bits % 8)
			continue;
		*off = bits / 8;
		const struct jv *ty = jv_get(&ms->items[i], "type");
		const char *k = jv_str(ty, "kind");
		*size = k && !strcmp(k, "PTR") ? 0 : 4; /* 0: a pointer; flags is an int */
		return true;
	}
	return false;
}

/* The value of enumerator NAME among the image's anonymous enum values. */
static bool enum_value(const struct jv *anon, const char *name, int64_t *v)
{
	const struct jv *vals = jv_get(anon, "values");
	for (size_t i = 0; vals && vals->type == JV_ARR && i < vals->n; i++) {
		const char *n = jv_str(&vals->items[i], "name");
		if (n && !strcmp(n, name))
			return jv_i64(&vals->items[i], "val", v);
	}
	return false;
}

/* Symbol VALUE -> name after PREFIX, among STT_OBJECT symbols (event_, event_class_). */
struct by_value {
	struct hindex ix;
	const struct ks_surface *s;
	const char *prefix;
	const char *not_prefix;
};

static void by_value_build(struct by_value *b, const struct ks_surface *s, const char *prefix,
			   const char *not_prefix)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->prefix = prefix;
	b->not_prefix = not_prefix;
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (sym->type != STT_OBJECT || strncmp(sym->name, prefix, strlen(prefix)) ||
		    (not_prefix && !strncmp(sym->name, not_prefix, strlen(not_prefix))))
			continue;
		hindex_insert(&b->ix, hash_mix(sym->value, 0x7e), (uint32_t)i);
	}
}

static const char *by_value_get(struct by_value *b, uint64_t v)
{
	uint64_t h = hash_mix(v, 0x7e);
	uint32_t best = UINT32_MAX;
	/* of several symbols at one address, the last in the symbol table */
	for (uint32_t *p = hindex_first(&b->ix, h); p; p = hindex_next(&b->ix, h, p))
		if (b->s->symbols.v[*p].value == v && (best == UINT32_MAX || *p > best))
			best = *p;
	return best == UINT32_MAX ? NULL : b->s->symbols.v[best].name + strlen(b->prefix);
}

int decode_tracepoints(struct ks_elf *ef, struct ks_surface *s)
{
	uint64_t start = 0, stop = 0;
	bool have_start = false, have_stop = false;
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (!strcmp(sym->name, "__start_ftrace_events")) {
			start = sym->value;
			have_start = true;
		} else if (!strcmp(sym->name, "__stop_ftrace_events")) {
			stop = sym->value;
			have_stop = true;
		}
	}
	const struct ks_type *call = ks_surface_type(s, KS_TYPE_STRUCT, "trace_event_call");
	const struct ks_type *anon = ks_surface_type(s, KS_TYPE_ENUM, "(anon)");
	if (!have_start || !have_stop || stop <= start || !call || !anon)
		return 0;
	struct arena a = { 0 };
	struct jv tcall, tanon;
	char err[128];
	int ret = 0;
	uint64_t off_class, off_fmt, off_flags;
	unsigned sz_class, sz_fmt, sz_flags;
	int64_t fl_tp, fl_ignore = 0;
	if (json_parse(call->json, call->json_len, &a, &tcall, err, sizeof(err)) < 0 ||
	    json_parse(anon->json, anon->json_len, &a, &tanon, err, sizeof(err)) < 0 ||
	    !member(&tcall, "class", &off_class, &sz_class) ||
	    !member(&tcall, "print_fmt", &off_fmt, &sz_fmt) ||
	    !member(&tcall, "flags", &off_flags, &sz_flags) ||
	    !enum_value(&tanon, "TRACE_EVENT_FL_TRACEPOINT", &fl_tp)) {
		arena_free(&a);
		return 0; /* not the layout tracepoints have: none */
	}
	enum_value(&tanon, "TRACE_EVENT_FL_IGNORE_ENABLE", &fl_ignore);
	unsigned ptr = ks_elf_ptr_size(ef);
	struct by_value events, classes;
	by_value_build(&events, s, "event_", "event_class_");
	by_value_build(&classes, s, "event_class_", NULL);
	char name[512];
	VEC(struct ks_tracepoint) found = { 0 };
	for (uint64_t at = start; at + ptr <= stop; at += ptr) {
		uint64_t ev, cls, fmt, flags;
		if (!ks_elf_read_uint(ef, at, ptr, &ev)) {
			ks_error("%s: the tracepoint table (%#llx) lies outside the image's sections",
				 ef->path, (unsigned long long)at);
			ret = -1;
			break;
		}
		if (ev == 0)
			continue;
		if (!ks_elf_read_uint(ef, ev + off_class, ptr, &cls) ||
		    !ks_elf_read_uint(ef, ev + off_fmt, ptr, &fmt) ||
		    !ks_elf_read_uint(ef, ev + off_flags, 4, &flags))
			continue; /* an event outside the image: left out */
		if (!((int64_t)flags & fl_tp) || ((int64_t)flags & fl_ignore))
			continue;
		const char *event = by_value_get(&events, ev);
		const char *class = by_value_get(&classes, cls);
		const char *fmt_str = ks_elf_read_cstr(ef, fmt);
		if (!event || !class || !fmt_str)
			continue;
		struct ks_tracepoint tp = { .event_name = event, .class_name = class, .fmt_str = fmt_str };
		vec_push(&found, tp);
	}
	/* the function's BTF FUNC, made from btf_trace_EVENT and DWARF where BTF has none */
	VEC(const char *) ev_missing = { 0 }, cl_missing = { 0 };
	for (size_t i = 0; i < found.n && ret == 0; i++) {
		hook_name(name, sizeof(name), HOOK_TP_FUNC, found.v[i].class_name);
		if (!ks_surface_type(s, KS_TYPE_FUNC, name)) {
			vec_push(&ev_missing, found.v[i].event_name);
			vec_push(&cl_missing, found.v[i].class_name);
		}
	}
	if (ev_missing.n)
		tp_protos_add(ef, s, ev_missing.v, cl_missing.v, ev_missing.n);
	for (size_t i = 0; i < found.n && ret == 0; i++) {
		struct ks_tracepoint tp = found.v[i];
		hook_tp_link(s, &tp);
		if (tp.func && tp.strct)
			vec_push(&s->tracepoints, tp);
	}
	vec_free(&ev_missing);
	vec_free(&cl_missing);
	vec_free(&found);
	hindex_free(&events.ix);
	hindex_free(&classes.ix);
	arena_free(&a);
	return ret;
}

void decode_lsm_kfuncs(struct ks_surface *s)
{
	char name[512];
	const struct ks_type *heads = ks_surface_type(s, KS_TYPE_STRUCT, "security_hook_heads");
	if (heads) {
		struct arena a = { 0 };
		struct jv t;
		char err[128];
		if (json_parse(heads->json, heads->json_len, &a, &t, err, sizeof(err)) == 0) {
			const struct jv *ms = jv_get(&t, "members");
			for (size_t i = 0; ms && ms->type == JV_ARR && i < ms->n; i++) {
				const char *m = jv_str(&ms->items[i], "name");
				if (!m)
					continue;
				hook_name(name, sizeof(name), HOOK_LSM_FUNC, m);
				const struct ks_type *f = ks_surface_type(s, KS_TYPE_FUNC, name);
				if (f) {
					struct ks_item it = { hook_strip(HOOK_LSM_FUNC, f->name), f };
					vec_push(&s->lsm_hooks, it);
				}
			}
		}
		arena_free(&a);
	} else {
		for (size_t i = 0; i < s->types.n; i++)
			if (s->types.v[i].kind == KS_TYPE_FUNC && hook_strip(HOOK_LSM_BPF, s->types.v[i].name)) {
				struct ks_item it = { hook_strip(HOOK_LSM_BPF, s->types.v[i].name), &s->types.v[i] };
				vec_push(&s->lsm_hooks, it);
			}
	}

	static const char prefix[] = "__BTF_ID__func__";
	struct hindex seen = { 0 };
	for (size_t i = 0; i < s->symbols.n + s->kfunc_tags.n; i++) {
		const char *n;
		if (i >= s->symbols.n) {
			/* then the FUNCs tagged bpf_kfunc: as NAME__0 for the code below */
			snprintf(name, sizeof(name), "%s%s__0", prefix, s->kfunc_tags.v[i - s->symbols.n]);
			n = name;
		} else {
			n = s->symbols.v[i].name;
		}
		if (strncmp(n, prefix, sizeof(prefix) - 1))
			continue;
		n += sizeof(prefix) - 1;
		/* NAME__N: the counter after the last "__" */
		const char *end = NULL;
		for (const char *p = strstr(n, "__"); p; p = strstr(p + 1, "__"))
			end = p;
		if (!end || end == n || (size_t)(end - n) >= sizeof(name))
			continue;
		char buf[512];
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - n), n);
		snprintf(name, sizeof(name), "%s", buf);
		if (hook_strip(HOOK_LSM_BPF, name))
			continue;
		const struct ks_type *f = ks_surface_type(s, KS_TYPE_FUNC, name);
		if (!f)
			continue;
		uint64_t h = hash_str(name);
		bool dup = false;
		for (uint32_t *p = hindex_first(&seen, h); p && !dup; p = hindex_next(&seen, h, p))
			dup = !strcmp(s->kfuncs.v[*p].name, name);
		if (dup)
			continue;
		hindex_insert(&seen, h, (uint32_t)s->kfuncs.n);
		struct ks_item it = { f->name, f };
		vec_push(&s->kfuncs, it);
	}
	hindex_free(&seen);
}
