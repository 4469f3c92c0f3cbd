/* xalloc.h — allocation that never returns NULL: out of memory (or past the
 * memory budget, util/mem_budget.h), the process ends with one line naming
 * the input this thread reads and exit status 2. */
#ifndef KSURF_UTIL_XALLOC_H
#define KSURF_UTIL_XALLOC_H
#include <pthread.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* The input this thread reads, for that line (NULL: none). */
void xalloc_set_input(const char *path);
/* FN runs (async-signal-safe work only) before that exit: a new dataset's
 * staging file is removed.  NULL: nothing. */
void xalloc_before_exit(void (*fn)(void));
/* pthread_create for a helper of this thread's input (it names the same input). 0 or -1. */
int xthread_create(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
