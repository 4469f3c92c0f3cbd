/* progress.h — a status line on stderr when it is a terminal, nothing otherwise. */
#ifndef KSURF_UTIL_PROGRESS_H
#define KSURF_UTIL_PROGRESS_H
#include <stddef.h>

void progress_init(void);
/* Turn the status line off (several inputs run at once) or back on (on a TTY). */
void progress_set_enabled(int on);
/* One whole status line ("ksurf: WHAT"), on a TTY only. */
void progress_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void progress_update(const char *what, size_t done, size_t total);
void progress_done(void);

#endif
