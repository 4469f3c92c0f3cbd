#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

void ks_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
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
