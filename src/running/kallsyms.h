/* kallsyms.h — the running kernel's symbols from /proc/kallsyms. */
#ifndef KSURF_RUNNING_KALLSYMS_H
#define KSURF_RUNNING_KALLSYMS_H

#include "surface/surface.h"

/*
 * Append the symbols of vmlinux (not of modules) listed in PATH to
 * S->symbols: letters t/T/w/W are functions, other letters objects (a/A
 * absolute); lowercase is local, uppercase global, w/W/v/V weak.  kallsyms
 * has no sizes: a symbol's is the distance to the next higher address of any
 * symbol (so it includes alignment padding), 0 for the last one.  Addresses
 * (and sizes) are 0 when kptr_restrict hides them.  -1 after an error line.
 */
int kallsyms_read(const char *path, struct ks_surface *s);

#endif
