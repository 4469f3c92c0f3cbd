/* path_norm.h — kernel-source-relative paths.
 *
 * Every path ksurf stores is relative to the kernel source tree, whatever the
 * distribution's build layout: `/build/linux-abc/linux-5.4.0/mm/x.c` (Ubuntu),
 * `/build/reproducible-path/linux-6.1.192/mm/x.c` and
 * `debian/build/build_amd64_none_amd64/mm/x.c` or `debian/build/source_rt/mm/x.c`
 * (Debian), and `/home/u/linux/mm/x.c` under a compilation directory of
 * `/home/u/linux` (upstream in-tree build) all become `mm/x.c`.
 */
#ifndef KSURF_DWARF_PATH_NORM_H
#define KSURF_DWARF_PATH_NORM_H
#include <stddef.h>

/*
 * Join NAME to DIR when NAME is relative and DIR is given, collapse "//",
 * "." and "..", then strip the build prefixes described above.  COMP_DIR (may
 * be NULL) is the unit's compilation directory, stripped when the result
 * lies under it.  The result is written to OUT (size OUTSZ, truncated if
 * needed); returns its length.
 */
size_t ks_path_normalize(char *out, size_t outsz, const char *dir, const char *name,
			 const char *comp_dir);

#endif
