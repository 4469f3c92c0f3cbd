/* mcount.h — the functions ftrace cannot trace.
 *
 * A kernel built with ftrace lists every traceable call site (the call to
 * __fentry__ or the patchable entry of each function it may trace) between
 * __start_mcount_loc and __stop_mcount_loc.  A function symbol with none at
 * its entry is notrace: out-of-line copies of functions declared `inline`
 * (the kernel's inline carries notrace), noinstr and notrace code, assembly.
 * Neither fentry/fexit nor a kprobe event attaches to it.
 */
#ifndef KSURF_ELF_MCOUNT_H
#define KSURF_ELF_MCOUNT_H
#include "elf/elf_file.h"
#include "surface/surface.h"

/* The plain-named function symbols of S (read from EF) with no call site at
 * their entry into S->notrace (S->notrace_known set); nothing when the image
 * has no such list (no ftrace, the running kernel).  -1 after an error line
 * when the list is damaged. */
int ks_read_notrace(struct ks_elf *ef, struct ks_surface *s);

#endif
