#include "store/func_blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/*
 * Split LOC ("PATH:LINE", or a bare path) so PATH is a string shared by every
 * function of the file.  LINE is taken only when it prints back identically
 * (decimal, no leading zero); *LINE_PLUS1 is 0 for "no line part".
 */
static size_t split_loc(const char *loc, uint64_t *line_plus1)
{
	size_t len = strlen(loc);
	const char *colon = strrchr(loc, ':');
	*line_plus1 = 0;
	if (!colon || !colon[1] || (colon[1] == '0' && colon[2]) || len - (size_t)(colon - loc) > 20)
		return len;
	uint64_t line = 0;
	for (const char *p = colon + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return len;
		line = line * 10 + (uint64_t)(*p - '0');
	}
	if (line >= UINT64_MAX / 2)
		return len;
	*line_plus1 = line + 1;
	return (size_t)(colon - loc);
}

void func_blob_put(struct blob_writer *content, struct blob_writer *addrs,
		   const struct ks_surface *s, const struct ks_func_group *g,
		   struct string_set *ids)
{
	for (uint32_t k = 0; k < g->n_entries; k++) {
		const struct ks_func_entry *e = &s->entries.v[g->first_entry + k];
		blob_put_varint(content, (uint64_t)(e->external ? 1 : 0) |
						 (uint64_t)(e->inline_status + 2) << 1);
		uint64_t line_plus1 = 0;
		if (e->loc) {
			size_t n = split_loc(e->loc, &line_plus1);
			blob_put_u64(content, string_set_add_n(ids, e->loc, n));
		} else {
			blob_put_u64(content, 0);
		}
		blob_put_varint(content, line_plus1);
		blob_put_u64(content, string_set_add(ids, e->file));
		blob_put_varint(content, e->n_inline_callers);
		for (uint32_t i = 0; i < e->n_inline_callers; i++)
			blob_put_u64(content, string_set_add(ids, e->inline_callers[i]));
		blob_put_varint(content, e->n_direct_callers);
		for (uint32_t i = 0; i < e->n_direct_callers; i++)
			blob_put_u64(content, string_set_add(ids, e->direct_callers[i]));
		blob_put_varint(addrs, e->addr);
	}
	for (uint32_t k = 0; k < g->n_symbols; k++) {
		uint32_t idx = s->group_symbols.v[g->first_symbol + k];
		const struct ks_symbol *sym = &s->symbols.v[idx];
		/* 0: the group's own name, as most symbols are */
		blob_put_u64(content, strcmp(sym->name, g->name) ? string_set_add(ids, sym->name) : 0);
		blob_put_u64(content, string_set_add(ids, sym->section));
		blob_put_varint(content, sym->size);
		blob_put_u8(content, sym->type);
		blob_put_u8(content, sym->bind);
		blob_put_u8(content, sym->visibility);
		blob_put_varint(addrs, idx);
		blob_put_u64(addrs, sym->value);
	}
}

/* A string that must resolve when its id is not 0. */
static const char *get_string(struct blob_reader *r, struct string_resolver *res)
{
	uint64_t id = blob_get_u64(r);
	if (!id)
		return NULL;
	const char *s = string_resolve(res, id);
	if (!s)
		r->bad = true;
	return s;
}

static const char **get_list(struct blob_reader *r, struct string_resolver *res, uint32_t *n)
{
	uint64_t count = blob_get_varint(r);
	*n = 0;
	/* each id takes 8 bytes: a count beyond the blob is damage */
	if (count > (uint64_t)(r->end - r->p) / 8) {
		r->bad = true;
		return NULL;
	}
	if (count == 0)
		return NULL;
	const char **items = xmalloc(count * sizeof(char *));
	for (uint64_t i = 0; i < count; i++) {
		items[i] = get_string(r, res);
		if (!items[i])
			r->bad = true;
	}
	*n = (uint32_t)count;
	return items;
}

int func_blob_get(const struct func_blob_in *in, struct string_resolver *res,
		  struct ks_surface *s, struct func_blob_symbol *syms, struct arena *a)
{
	struct blob_reader r, ra;
	blob_reader_init(&r, in->content, in->content_len);
	blob_reader_init(&ra, in->addrs, in->addrs_len);
	for (uint32_t k = 0; k < in->n_entries && !r.bad && !ra.bad; k++) {
		struct ks_func_entry e = { .name = in->name };
		uint64_t flags = blob_get_varint(&r);
		e.external = flags & 1;
		e.inline_status = (int)(flags >> 1) - 2;
		if (e.inline_status < KS_INL_NOT_SEEN || e.inline_status > KS_INL_DECL_INLINED)
			r.bad = true;
		e.loc = get_string(&r, res);
		uint64_t line_plus1 = blob_get_varint(&r);
		if (line_plus1 && e.loc)
			e.loc = arena_printf(a, "%s:%llu", e.loc, (unsigned long long)(line_plus1 - 1));
		else if (line_plus1)
			r.bad = true;
		e.file = get_string(&r, res);
		e.inline_callers = get_list(&r, res, &e.n_inline_callers);
		e.direct_callers = get_list(&r, res, &e.n_direct_callers);
		e.addr = blob_get_varint(&ra);
		vec_push(&s->entries, e); /* pushed even when bad: surface_free frees the lists */
	}
	for (uint32_t k = 0; k < in->n_symbols && !r.bad && !ra.bad; k++) {
		struct func_blob_symbol *o = &syms[k];
		o->sym.name = get_string(&r, res);
		if (!o->sym.name)
			o->sym.name = in->name;
		o->sym.section = get_string(&r, res);
		o->sym.size = blob_get_varint(&r);
		o->sym.type = blob_get_u8(&r);
		o->sym.bind = blob_get_u8(&r);
		o->sym.visibility = blob_get_u8(&r);
		o->symtab_index = blob_get_varint(&ra);
		o->sym.value = blob_get_u64(&ra);
		if (!o->sym.section)
			r.bad = true;
	}
	return r.bad || ra.bad || !blob_at_end(&r) || !blob_at_end(&ra) ? -1 : 0;
}

/* Every string id in [count ids] of a list; false when the count runs past the blob. */
static bool list_ids(struct blob_reader *r, void (*cb)(uint64_t, void *), void *arg)
{
	uint64_t count = blob_get_varint(r);
	if (count > (uint64_t)(r->end - r->p) / 8)
		return false;
	for (uint64_t i = 0; i < count; i++)
		cb(blob_get_u64(r), arg);
	return true;
}

int func_blob_string_ids(const void *content, size_t len, uint32_t n_entries, uint32_t n_symbols,
			 void (*cb)(uint64_t id, void *arg), void *arg)
{
	struct blob_reader r;
	blob_reader_init(&r, content, len);
	for (uint32_t k = 0; k < n_entries && !r.bad; k++) {
		blob_get_varint(&r); /* flags */
		cb(blob_get_u64(&r), arg); /* loc */
		blob_get_varint(&r); /* line + 1 */
		cb(blob_get_u64(&r), arg); /* unit */
		if (!list_ids(&r, cb, arg) || !list_ids(&r, cb, arg))
			r.bad = true;
	}
	for (uint32_t k = 0; k < n_symbols && !r.bad; k++) {
		cb(blob_get_u64(&r), arg); /* name */
		cb(blob_get_u64(&r), arg); /* section */
		blob_get_varint(&r);
		blob_get_u8(&r);
		blob_get_u8(&r);
		blob_get_u8(&r);
	}
	return r.bad || !blob_at_end(&r) ? -1 : 0;
}
