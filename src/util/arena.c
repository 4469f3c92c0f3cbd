#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Blocks double from ARENA_FIRST to ARENA_BLOCK: an arena that holds a few
 * names (a loaded dependency's, of which `check` keeps one per dependency and
 * image: 400,000 over the Debian archive) costs 1 KB, not 64. */
#define ARENA_FIRST 1024
#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!a->head || a->used + n > a->size) {
		size_t next = a->size ? 2 * a->size : ARENA_FIRST;
		if (next > ARENA_BLOCK)
			next = ARENA_BLOCK;
		size_t size = n > next ? n : next;
		struct arena_block *b = xmalloc(sizeof(*b) + size);
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->size = size;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	char tmp[1];
	va_list ap;
	if (!fmt) /* (UBSan builds of GCC 12 otherwise warn of a null format) */
		return arena_strdup(a, "");
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap); /* the length it needs */
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = a->size = 0;
}
