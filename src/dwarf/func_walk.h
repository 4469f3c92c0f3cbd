/* func_walk.h — function entries from DWARF, on all cores.
 *
 * Compile units are handed out to worker threads, each with its own libdw
 * handle over one shared read-only mapping of the image.  Each unit yields
 * its entries in DWARF order; the calling thread walks units too and, between
 * them, merges the finished ones in unit order (merge_unit in func_walk.c),
 * so the result is identical to one sequential walk.
 */
#ifndef KSURF_DWARF_FUNC_WALK_H
#define KSURF_DWARF_FUNC_WALK_H
#include <stddef.h>

#include "surface/surface.h"

struct ks_elf;

/*
 * Walk every compile unit of EF's DWARF and append the merged function
 * entries to S->entries (in first-seen order, grouped by name by
 * surface/func_groups.c later).  NTHREADS 0 picks the number of online CPUs.
 * Returns 0, or -1 after printing an error naming the file.
 */
int func_walk(struct ks_elf *ef, struct ks_surface *s, int nthreads);

#endif
