/* tp_protos.c — tracepoint functions' prototypes that BTF does not carry.
 *
 * A tracepoint's function trace_event_raw_event_CLASS(void *__data, ARGS) is
 * a BTF FUNC from 5.15 on; 5.10's pahole left these static functions out,
 * so its tracepoints had no prototype and were dropped (the published tool
 * drops them too).  Every event has the typedef btf_trace_EVENT, a pointer to
 * the same prototype (tp_btf programs are typed by it) with its parameters
 * unnamed, and DWARF has the function with its parameters' names.  Together
 * they give the FUNC as BTF would: the typedef's parameter types, DWARF's
 * names.  See docs/semantics.md.
 */
#include "decode/tracepoints.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "surface/hook_names.h"
#include "util/hash.h"
#include "util/json_parse.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_PARAMS 64

/* The names of the formal parameters of subprogram DIE (or of its origin). */
static size_t param_names(Dwarf_Die *die, const char **names, size_t max)
{
	Dwarf_Attribute attr;
	Dwarf_Die origin;
	if (dwarf_attr(die, DW_AT_abstract_origin, &attr) && dwarf_formref_die(&attr, &origin))
		die = &origin;
	Dwarf_Die child;
	size_t n = 0;
	if (dwarf_child(die, &child) != 0)
		return 0;
	do {
		if (dwarf_tag(&child) != DW_TAG_formal_parameter)
			continue;
		if (n == max)
			return 0;
		names[n++] = dwarf_diename(&child);
	} while (dwarf_siblingof(&child, &child) == 0);
	return n;
}

/* The subprogram named NAME at ADDR in DW, its parameters' names into NAMES. */
static size_t dwarf_params(Dwarf *dw, const char *name, uint64_t addr, const char **names,
			   size_t max)
{
	Dwarf_Die cu, child;
	if (!addr || !dwarf_addrdie(dw, addr, &cu) || dwarf_child(&cu, &child) != 0)
		return 0;
	do {
		if (dwarf_tag(&child) != DW_TAG_subprogram)
			continue;
		Dwarf_Addr low;
		const char *n = dwarf_diename(&child);
		Dwarf_Attribute attr;
		Dwarf_Die origin;
		if (!n && dwarf_attr(&child, DW_AT_abstract_origin, &attr) &&
		    dwarf_formref_die(&attr, &origin))
			n = dwarf_diename(&origin);
		if (n && !strcmp(n, name) && dwarf_lowpc(&child, &low) == 0 && low == addr)
			return param_names(&child, names, max);
	} while (dwarf_siblingof(&child, &child) == 0);
	return 0;
}

/* The FUNC NAME with PROTO's types and NAMES (N of them) as BTF writes it. */
static void write_func(struct strbuf *out, const char *name, const struct jv *proto,
		       const char *const *names, size_t n)
{
	struct json_writer w;
	jw_init_buf(&w, out);
	jw_obj_open(&w);
	jw_kv_str(&w, "kind", "FUNC");
	jw_kv_str(&w, "name", name);
	jw_key(&w, "type");
	jw_obj_open(&w);
	jw_kv_str(&w, "kind", "FUNC_PROTO");
	jw_key(&w, "params");
	jw_arr_open(&w);
	const struct jv *ps = jv_get(proto, "params");
	for (size_t i = 0; i < n; i++) {
		jw_obj_open(&w);
		jw_kv_str(&w, "name", names[i]);
		jw_key(&w, "type");
		jw_value(&w, jv_get(&ps->items[i], "type"));
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_key(&w, "ret_type");
	jw_value(&w, jv_get(proto, "ret_type"));
	jw_obj_close(&w);
	jw_obj_close(&w);
}

/* The function entry named NAME with an address, NULL when none. */
static const struct ks_func_entry *entry_named(const struct ks_surface *s, struct hindex *ix,
					       const char *name)
{
	uint64_t h = hash_str(name);
	for (uint32_t *p = hindex_first(ix, h); p; p = hindex_next(ix, h, p))
		if (!strcmp(s->entries.v[*p].name, name) && s->entries.v[*p].addr)
			return &s->entries.v[*p];
	return NULL;
}

int tp_protos_add(struct ks_elf *ef, struct ks_surface *s, const char *const *events,
		  const char *const *classes, size_t n)
{
	if (!n || !ef->has_dwarf)
		return 0;
	Dwarf *dw = dwarf_begin_elf(ef->elf, DWARF_C_READ, NULL);
	if (!dw)
		return 0;
	struct hindex ix = { 0 };
	for (size_t i = 0; i < s->entries.n; i++)
		if (hook_strip(HOOK_TP_FUNC, s->entries.v[i].name))
			hindex_insert(&ix, hash_str(s->entries.v[i].name), (uint32_t)i);
	struct arena a = { 0 };
	struct hindex done = { 0 };
	char name[512];
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		hook_name(name, sizeof(name), HOOK_TP_FUNC, classes[i]);
		bool seen = false;
		for (uint32_t *p = hindex_first(&done, hash_str(name)); p && !seen;
		     p = hindex_next(&done, hash_str(name), p))
			seen = !strcmp(classes[*p], classes[i]);
		if (seen)
			continue; /* another event of the class gave it */
		char td[512];
		hook_name(td, sizeof(td), HOOK_TP_TYPEDEF, events[i]);
		const struct ks_type *t = ks_surface_type(s, KS_TYPE_TYPEDEF, td);
		const struct ks_func_entry *e = entry_named(s, &ix, name);
		struct jv v;
		char err[64];
		if (!t || !e || json_parse(t->json, t->json_len, &a, &v, err, sizeof(err)) < 0)
			continue;
		const struct jv *ptr = jv_get(&v, "type"), *proto = ptr ? jv_get(ptr, "type") : NULL;
		const struct jv *ps = proto ? jv_get(proto, "params") : NULL;
		const char *kind = proto ? jv_str(proto, "kind") : NULL;
		if (!kind || strcmp(kind, "FUNC_PROTO") || !ps || ps->type != JV_ARR)
			continue;
		const char *names[MAX_PARAMS];
		size_t np = dwarf_params(dw, name, e->addr, names, MAX_PARAMS);
		bool named = np == ps->n;
		for (size_t k = 0; named && k < np; k++)
			named = names[k] && *names[k];
		if (!named)
			continue; /* the prototype as the tracepoint had it, or none */
		struct strbuf json = { 0 };
		write_func(&json, name, proto, names, np);
		struct ks_type ty = { 0 };
		ty.kind = KS_TYPE_FUNC;
		ty.name = arena_strdup(&s->type_text, name);
		ty.json = arena_strdup(&s->type_text, sb_str(&json));
		ty.json_len = json.len;
		ty.id = hash_content(ty.json, ty.json_len);
		vec_push(&s->types, ty);
		hindex_insert(&done, hash_str(name), (uint32_t)i);
		sb_free(&json);
		added++;
	}
	/* the type index is built on first lookup: again, with the new types */
	if (added && s->type_index) {
		hindex_free(s->type_index);
		free(s->type_index);
		s->type_index = NULL;
	}
	arena_free(&a);
	hindex_free(&done);
	hindex_free(&ix);
	dwarf_end(dw);
	return 0;
}
