/* words.h — comma-separated word lists, as options take them ("regular,arch"). */
#ifndef KSURF_UTIL_WORDS_H
#define KSURF_UTIL_WORDS_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* The next word of the list at *P into *WORD and *LEN (not NUL-terminated; empty
 * between two commas); false at the end of the list. */
static inline bool words_next(const char **p, const char **word, size_t *len)
{
	if (!*p || !**p)
		return false;
	*word = *p;
	*len = strcspn(*p, ",");
	*p += *len + ((*p)[*len] == ',');
	return true;
}

/* The index of WORD[0..LEN) in NAMES (N of them), -1 when it is none of them. */
static inline int words_index(const char *word, size_t len, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncmp(word, names[i], len))
			return i;
	return -1;
}

#endif
