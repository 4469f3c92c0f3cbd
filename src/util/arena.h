/* arena.h — bump allocator for many small, same-lifetime objects (strings). */
#ifndef KSURF_UTIL_ARENA_H
#define KSURF_UTIL_ARENA_H
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used, size;
};

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

#endif
