/* suggest.h — "did you mean ...": the names closest to a misspelt one. */
#ifndef KSURF_UTIL_SUGGEST_H
#define KSURF_UTIL_SUGGEST_H
#include <stddef.h>

#define SUGGEST_MAX 3

/* The best candidates seen so far (copies, freed by suggest_free). */
struct suggest {
	const char *want;
	size_t limit; /* the largest edit distance worth suggesting */
	char *names[SUGGEST_MAX];
	char *keys[SUGGEST_MAX]; /* what each was compared by (suggest_add_as) */
	size_t dist[SUGGEST_MAX];
	size_t n;
};

/* Start looking for names close to WANT. */
void suggest_init(struct suggest *s, const char *want);
/* Consider NAME: kept when within a third of WANT's length in edits (at least
 * 2), or when it starts with WANT; the closest SUGGEST_MAX win. */
void suggest_add(struct suggest *s, const char *name);
/* Consider NAME by KEY instead (say, NAME's first strlen(WANT) bytes, for a
 * name WANT may be the misspelt beginning of): as suggest_add, one name per
 * KEY. */
void suggest_add_as(struct suggest *s, const char *key, const char *name);
/* "; did you mean A, B or C?" into BUF ("" when none). */
const char *suggest_text(const struct suggest *s, char *buf, size_t len);
void suggest_free(struct suggest *s);

#endif
