/* progress.h — a status line on stderr when it is a terminal, nothing otherwise. */
#ifndef KSURF_UTIL_PROGRESS_H
#define KSURF_UTIL_PROGRESS_H
#include <stddef.h>

void progress_init(void);
void progress_update(const char *what, size_t done, size_t total);
void progress_done(void);

#endif
