/* xalloc.h — allocation that aborts with a message instead of returning NULL. */
#ifndef KSURF_UTIL_XALLOC_H
#define KSURF_UTIL_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
