/* export.h — one image in the published dataset layout. */
#ifndef KSURF_EXPORT_EXPORT_H
#define KSURF_EXPORT_EXPORT_H
#include "surface/surface.h"

/* Write DIR/{func_groups,symtab,comment,types_*}/NAME.*; -1 after an error line. */
int export_image(const char *dir, const struct ks_surface *s);

#endif
