#include "util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void suggest_init(struct suggest *s, const char *want)
{
	memset(s, 0, sizeof(*s));
	s->want = want;
	size_t l = strlen(want);
	s->limit = l / 3 > 2 ? l / 3 : 2;
}

/* Levenshtein distance of A and B, or LIMIT + 1 once it is sure to exceed LIMIT. */
static size_t distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit || lb > 255)
		return limit + 1;
	size_t row[256], prev;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		size_t best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t sub = prev + (a[i - 1] != b[j - 1]);
			size_t v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
			row[j] = sub < v ? sub : v;
			prev = cur;
			if (row[j] < best)
				best = row[j];
		}
		if (best > limit)
			return limit + 1;
	}
	return row[lb];
}

void suggest_add(struct suggest *s, const char *name)
{
	suggest_add_as(s, name, name);
}

void suggest_add_as(struct suggest *s, const char *key, const char *name)
{
	if (!strcmp(key, s->want))
		return;
	size_t d = distance(s->want, key, s->limit);
	if (d > s->limit) {
		if (strncmp(key, s->want, strlen(s->want)))
			return;
		d = s->limit; /* a longer name starting with it */
	}
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name) || !strcmp(s->keys[i], key))
			return;
	size_t at = s->n;
	while (at > 0 && s->dist[at - 1] > d)
		at--;
	if (at >= SUGGEST_MAX)
		return;
	if (s->n == SUGGEST_MAX) {
		s->n--;
		free(s->names[s->n]);
		free(s->keys[s->n]);
	}
	memmove(&s->names[at + 1], &s->names[at], (s->n - at) * sizeof(s->names[0]));
	memmove(&s->keys[at + 1], &s->keys[at], (s->n - at) * sizeof(s->keys[0]));
	memmove(&s->dist[at + 1], &s->dist[at], (s->n - at) * sizeof(s->dist[0]));
	s->names[at] = xstrdup(name);
	s->keys[at] = xstrdup(key);
	s->dist[at] = d;
	s->n++;
}

const char *suggest_text(const struct suggest *s, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < s->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i == 0 ? "; did you mean "
							   : i + 1 == s->n ? " or " : ", ",
				       s->names[i]);
	if (s->n && at < len)
		snprintf(buf + at, len - at, "?");
	return buf;
}

void suggest_free(struct suggest *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->names[i]);
		free(s->keys[i]);
	}
	s->n = 0;
}
