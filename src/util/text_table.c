#include "util/text_table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void text_table_init(struct text_table *t, size_t ncols, const bool *right)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->right = right;
}

void text_table_add(struct text_table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup("");
	va_end(ap);
	vec_push(&t->cells, s);
}

size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++) {
		if (s[0] == '\033' && s[1] == '[') {
			/* a colour (ESC [ digits ; ... m) takes no column */
			size_t n = 2 + strspn(s + 2, "0123456789;");
			if (s[n] == 'm') {
				s += n;
				continue;
			}
		}
		w += ((unsigned char)*s & 0xc0) != 0x80;
	}
	return w;
}

void text_table_print(struct text_table *t, FILE *out)
{
	size_t *width = xcalloc(t->ncols ? t->ncols : 1, sizeof(*width));
	for (size_t i = 0; i < t->cells.n; i++) {
		size_t w = text_width(t->cells.v[i]);
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
	}
	for (size_t i = 0; i < t->cells.n; i++) {
		size_t c = i % t->ncols;
		bool right = t->right && t->right[c];
		size_t pad = width[c] - text_width(t->cells.v[i]);
		bool last = c + 1 == t->ncols || i + 1 == t->cells.n;
		if (c)
			fputs(right ? " " : "  ", out);
		if (right)
			fprintf(out, "%*s", (int)pad, "");
		fputs(t->cells.v[i], out);
		if (!right && !last)
			fprintf(out, "%*s", (int)pad, "");
		if (last)
			fputc('\n', out);
		free(t->cells.v[i]);
	}
	vec_free(&t->cells);
	free(width);
}

void text_table_free(struct text_table *t)
{
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	vec_free(&t->cells);
}
