/* func_groups.h — function groups and their classes (SPEC §4). */
#ifndef KSURF_SURFACE_FUNC_GROUPS_H
#define KSURF_SURFACE_FUNC_GROUPS_H
#include "surface/surface.h"

/*
 * Gather S->entries by name (first-seen order; each group's entries become
 * contiguous) with the STT_FUNC symbols whose stem is that name, and
 * classify each group.  S->groups and S->group_symbols are filled.
 */
void func_groups_build(struct ks_surface *s);

/* Classes of one group from its entries and symbols. */
int func_group_collision(const struct ks_func_entry *e, size_t n);
int func_group_inline(const struct ks_func_entry *e, size_t n, size_t n_symbols);

/* Length of a symbol's stem: its name up to the first '.'. */
size_t ks_symbol_stem_len(const char *name);

#endif
