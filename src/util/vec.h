/* vec.h — growable arrays: struct { T *v; size_t n, cap; } with push helpers. */
#ifndef KSURF_UTIL_VEC_H
#define KSURF_UTIL_VEC_H
#include <stdlib.h>
#include "util/xalloc.h"

#define VEC(T) struct { T *v; size_t n, cap; }

/* Make room for one more element; aborts on out-of-memory. */
#define vec_grow(vec)                                                       \
	do {                                                                \
		if ((vec)->n == (vec)->cap) {                               \
			(vec)->cap = (vec)->cap ? (vec)->cap * 2 : 8;       \
			(vec)->v = xrealloc((vec)->v,                       \
					    (vec)->cap * sizeof(*(vec)->v)); \
		}                                                           \
	} while (0)

#define vec_push(vec, x)                    \
	do {                                \
		vec_grow(vec);              \
		(vec)->v[(vec)->n++] = (x); \
	} while (0)

#define vec_free(vec)                                  \
	do {                                           \
		free((vec)->v);                        \
		(vec)->v = NULL;                       \
		(vec)->n = (vec)->cap = 0;             \
	} while (0)

#endif
