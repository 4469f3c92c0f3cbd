#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text_esc.h"

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

/* The message on one line: a name in it cannot break the line or drive the terminal. */
static void put_line(const char *prefix, const char *fmt, va_list ap)
{
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	struct strbuf sb = { 0 };
	sb_add(&sb, prefix);
	if (msg)
		sb_add_visible(&sb, msg, strlen(msg), false);
	else
		sb_add(&sb, fmt);
	sb_add(&sb, "\n");
	fputs(sb_str(&sb), stderr);
	sb_free(&sb);
	free(msg);
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
	put_line("ksurf: ", fmt, ap);
	va_end(ap);
}

void ks_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	put_line("ksurf: warning: ", fmt, ap);
	va_end(ap);
}
