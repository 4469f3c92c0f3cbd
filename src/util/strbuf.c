#include "util/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static void room(struct strbuf *sb, size_t n)
{
	if (sb->cap - sb->len >= n + 1)
		return;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap - sb->len < n + 1)
		cap *= 2;
	sb->p = xrealloc(sb->p, cap);
	sb->cap = cap;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	room(sb, n);
	if (n)
		memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	char tmp[1];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap); /* the length it needs */
	va_end(ap);
	if (n < 0)
		return;
	room(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->p ? sb->p : "";
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->p)
		sb->p[0] = '\0';
}

void sb_free(struct strbuf *sb)
{
	free(sb->p);
	sb->p = NULL;
	sb->len = sb->cap = 0;
}
