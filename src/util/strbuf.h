/* strbuf.h — a growable, always NUL-terminated string. */
#ifndef KSURF_UTIL_STRBUF_H
#define KSURF_UTIL_STRBUF_H
#include <stddef.h>

struct strbuf {
	char *p; /* NULL until something is added */
	size_t len, cap;
};

void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_add(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text ("" when empty). */
const char *sb_str(const struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

#endif
