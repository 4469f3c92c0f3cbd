#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char *held;
static _Thread_local size_t held_len;

void ks_error_hold(char *buf, size_t len)
{
	held = buf;
	held_len = len;
	if (len)
		buf[0] = 0;
}

void ks_error_hold_end(void)
{
	held = NULL;
	held_len = 0;
}

void ks_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (held) {
		if (!held[0])
			vsnprintf(held, held_len, fmt, ap);
		va_end(ap);
		return;
	}
	fputs("ksurf: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void ks_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ksurf: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
