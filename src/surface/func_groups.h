/* func_groups.h — function groups and their classes. */
#ifndef KSURF_SURFACE_FUNC_GROUPS_H
#define KSURF_SURFACE_FUNC_GROUPS_H
#include "surface/surface.h"

/*
 * Gather S->entries by name (first-seen order; each group's entries become
 * contiguous) with the STT_FUNC symbols whose stem is that name, and
 * classify each group.  S->groups and S->group_symbols are filled.
 */
void func_groups_build(struct ks_surface *s);

/*
 * Groups for an image without DWARF (the running kernel): one per BTF FUNC
 * name (S->types) and per function-symbol stem, with the symbols, and no
 * entries.  What symbols alone can tell: Unique Global or Unique Static by the
 * plain-named symbol's binding (collisions are not visible), Full inline when
 * no symbol has the stem, else No (selective inlining is not visible),
 * transformation by suffix.
 */
void func_groups_from_symbols(struct ks_surface *s);

/* Classes of one group from its entries and symbols. */
int func_group_collision(const struct ks_func_entry *e, size_t n);
int func_group_inline(const struct ks_func_entry *e, size_t n, size_t n_symbols);

/* Length of a symbol's stem: its name up to the first '.'. */
size_t ks_symbol_stem_len(const char *name);

#endif
