#include "surface/func_groups.h"

#include <elf.h>
#include <string.h>

#include "util/hash.h"
#include "util/xalloc.h"

size_t ks_symbol_stem_len(const char *name)
{
	const char *dot = strchr(name, '.');
	return dot ? (size_t)(dot - name) : strlen(name);
}

int func_group_collision(const struct ks_func_entry *e, size_t n)
{
	if (n == 1)
		return e[0].external ? KS_COLL_UNIQUE_GLOBAL : KS_COLL_UNIQUE_STATIC;
	bool same_loc = true, all_static = true;
	for (size_t i = 0; i < n; i++) {
		const char *a = e[i].loc, *b = e[0].loc;
		if (!(a == b || (a && b && !strcmp(a, b))))
			same_loc = false;
		if (e[i].external)
			all_static = false;
	}
	if (same_loc)
		return KS_COLL_STATIC_DUP;
	return all_static ? KS_COLL_STATIC_STATIC : KS_COLL_STATIC_GLOBAL;
}

int func_group_inline(const struct ks_func_entry *e, size_t n, size_t n_symbols)
{
	if (n_symbols == 0)
		return KS_INLINE_FULL;
	for (size_t i = 0; i < n; i++)
		if (ks_inline_actual(e[i].inline_status))
			return KS_INLINE_SELECTIVE;
	return KS_INLINE_NO;
}

void func_groups_build(struct ks_surface *s)
{
	size_t n = s->entries.n;
	struct hindex names = { 0 };
	VEC(uint32_t) group_of = { 0 }; /* entry -> group */
	VEC(uint32_t) counts = { 0 };   /* group -> number of entries */
	VEC(uint32_t) first = { 0 };    /* group -> first entry (for its name) */

	for (size_t i = 0; i < n; i++) {
		const char *name = s->entries.v[i].name;
		uint64_t h = hash_str(name);
		int32_t g = -1;
		for (uint32_t *p = hindex_first(&names, h); p; p = hindex_next(&names, h, p))
			if (!strcmp(s->entries.v[first.v[*p]].name, name)) {
				g = (int32_t)*p;
				break;
			}
		if (g < 0) {
			g = (int32_t)counts.n;
			hindex_insert(&names, h, (uint32_t)g);
			vec_push(&counts, 0);
			vec_push(&first, (uint32_t)i);
		}
		counts.v[g]++;
		vec_push(&group_of, (uint32_t)g);
	}

	/* Reorder entries so that each group's are contiguous, in first-seen order. */
	size_t ngroups = counts.n;
	uint32_t *start = xcalloc(ngroups + 1, sizeof(uint32_t));
	for (size_t g = 0; g < ngroups; g++)
		start[g + 1] = start[g] + counts.v[g];
	uint32_t *fill = xmalloc((ngroups + 1) * sizeof(uint32_t));
	memcpy(fill, start, (ngroups + 1) * sizeof(uint32_t));
	struct ks_func_entry *sorted = xmalloc((n ? n : 1) * sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[fill[group_of.v[i]]++] = s->entries.v[i];
	free(s->entries.v);
	s->entries.v = sorted;
	s->entries.cap = n;

	/* Function symbols by stem, in symbol-table order. */
	struct hindex stems = { 0 };
	VEC(uint32_t) next_same = { 0 };
	VEC(uint32_t) head = { 0 }, tail = { 0 }; /* per stem chain */
	VEC(uint32_t) stem_sym = { 0 };           /* per chain: first symbol, for compare */
	for (size_t i = 0; i < s->symbols.n; i++)
		vec_push(&next_same, UINT32_MAX);
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (!ks_symbol_is_func(sym))
			continue;
		size_t len = ks_symbol_stem_len(sym->name);
		uint64_t h = hash_bytes(sym->name, len, 0);
		int32_t c = -1;
		for (uint32_t *p = hindex_first(&stems, h); p; p = hindex_next(&stems, h, p)) {
			const char *o = s->symbols.v[stem_sym.v[*p]].name;
			if (ks_symbol_stem_len(o) == len && !memcmp(o, sym->name, len)) {
				c = (int32_t)*p;
				break;
			}
		}
		if (c < 0) {
			c = (int32_t)head.n;
			hindex_insert(&stems, h, (uint32_t)c);
			vec_push(&head, (uint32_t)i);
			vec_push(&tail, (uint32_t)i);
			vec_push(&stem_sym, (uint32_t)i);
		} else {
			next_same.v[tail.v[c]] = (uint32_t)i;
			tail.v[c] = (uint32_t)i;
		}
	}

	for (size_t g = 0; g < ngroups; g++) {
		struct ks_func_group grp = { 0 };
		grp.first_entry = start[g];
		grp.n_entries = counts.v[g];
		grp.name = s->entries.v[start[g]].name;
		grp.first_symbol = (uint32_t)s->group_symbols.n;
		size_t len = strlen(grp.name);
		uint64_t h = hash_bytes(grp.name, len, 0);
		for (uint32_t *p = hindex_first(&stems, h); p; p = hindex_next(&stems, h, p)) {
			const char *o = s->symbols.v[stem_sym.v[*p]].name;
			if (ks_symbol_stem_len(o) != len || memcmp(o, grp.name, len))
				continue;
			for (uint32_t k = head.v[*p]; k != UINT32_MAX; k = next_same.v[k]) {
				vec_push(&s->group_symbols, k);
				if (ks_symbol_has_suffix(s->symbols.v[k].name))
					grp.transformed = true;
			}
			break;
		}
		grp.n_symbols = (uint32_t)s->group_symbols.n - grp.first_symbol;
		const struct ks_func_entry *e = &s->entries.v[grp.first_entry];
		grp.collision = (uint8_t)func_group_collision(e, grp.n_entries);
		grp.inline_type = (uint8_t)func_group_inline(e, grp.n_entries, grp.n_symbols);
		vec_push(&s->groups, grp);
	}

	free(start);
	free(fill);
	hindex_free(&names);
	hindex_free(&stems);
	vec_free(&group_of);
	vec_free(&counts);
	vec_free(&first);
	vec_free(&next_same);
	vec_free(&head);
	vec_free(&tail);
	vec_free(&stem_sym);
}

void func_groups_from_symbols(struct ks_surface *s)
{
	struct hindex seen = { 0 }, globals = { 0 };
	for (size_t k = 0; k < s->symbols.n; k++)
		if (ks_symbol_is_func(&s->symbols.v[k]) && s->symbols.v[k].bind != STB_LOCAL)
			hindex_insert(&globals, hash_str(s->symbols.v[k].name), (uint32_t)k);
	/* A stand-in entry per name: external when a symbol of exactly that name is. */
	for (size_t pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? s->types.n : s->symbols.n;
		for (size_t i = 0; i < n; i++) {
			const char *name;
			size_t len;
			bool global = false;
			if (pass == 0) {
				if (s->types.v[i].kind != KS_TYPE_FUNC)
					continue;
				name = s->types.v[i].name;
				len = strlen(name);
			} else {
				const struct ks_symbol *sym = &s->symbols.v[i];
				if (!ks_symbol_is_func(sym))
					continue;
				name = sym->name;
				len = ks_symbol_stem_len(name);
			}
			uint64_t h = hash_bytes(name, len, 0);
			bool dup = false;
			for (uint32_t *p = hindex_first(&seen, h); p && !dup; p = hindex_next(&seen, h, p))
				dup = strlen(s->entries.v[*p].name) == len &&
				      !memcmp(s->entries.v[*p].name, name, len);
			if (dup)
				continue;
			const char *copy = arena_strndup(&s->strings, name, len);
			uint64_t gh = hash_str(copy);
			for (uint32_t *p = hindex_first(&globals, gh); p && !global;
			     p = hindex_next(&globals, gh, p))
				global = !strcmp(s->symbols.v[*p].name, copy);
			struct ks_func_entry e = { .name = copy, .external = global,
						   .inline_status = KS_INL_NOT_SEEN };
			hindex_insert(&seen, h, (uint32_t)s->entries.n);
			vec_push(&s->entries, e);
		}
	}
	hindex_free(&seen);
	hindex_free(&globals);
	func_groups_build(s);
	for (size_t g = 0; g < s->groups.n; g++) {
		s->groups.v[g].n_entries = 0;
		s->groups.v[g].first_entry = 0;
	}
	s->entries.n = 0;
}
