/* import.h — an image from the published dataset layout, the inverse of export.
 *
 * DIR/func_groups/NAME.jsonl, symtab/NAME.jsonl, types_{func,struct,union,enum,
 * int}/NAME.jsonl, tracepoints/NAME.jsonl, syscalls/NAME.json,
 * config/NAME.config and comment/NAME.txt: whichever exist, plain or .xz.  Identity comes
 * from NAME (RELEASE-ARCH) and the comment; LSM hooks and kfuncs are derived
 * from the types and symbols as for a vmlinux.  The files are untrusted: a
 * malformed line is an error naming the file and line.
 */
#ifndef KSURF_IMPORT_IMPORT_H
#define KSURF_IMPORT_IMPORT_H

#include "surface/surface.h"

/* Read image NAME from DIR into S.  -1 after an error line. */
int import_image(const char *dir, const char *name, struct ks_surface *s);

/* The image names DIR holds (files in any of the layout's directories), sorted;
 * *NAMES malloc'd, each name too.  -1 after an error line. */
int import_list(const char *dir, char ***names, size_t *n);

#endif
