#include "util/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* set by the main thread, read by workers (the site's, add -j N's) */
static _Atomic int enabled = -1;
static _Thread_local struct timespec last; /* the previous update, for its rate */

void progress_init(void)
{
	enabled = isatty(STDERR_FILENO);
}

void progress_set_enabled(int on)
{
	enabled = on && isatty(STDERR_FILENO);
}

void progress_note(const char *fmt, ...)
{
	if (!isatty(STDERR_FILENO))
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "\r\033[Kksurf: %s\n", line);
	fflush(stderr);
}

void progress_update(const char *what, size_t done, size_t total)
{
	if (enabled < 0)
		progress_init();
	if (!enabled)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
	if (ms < 100 && done != total)
		return;
	last = now;
	fprintf(stderr, "\r\033[K%s: %zu/%zu", what, done, total);
	fflush(stderr);
}

void progress_done(void)
{
	if (enabled > 0) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}
