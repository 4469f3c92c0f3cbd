#include "util/text_table.h"

#include <stdarg.h>
#include <stdint.h>
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

void text_table_line(struct text_table *t, const char *text)
{
	struct text_table_line l = { t->cells.n, xstrdup(text) };
	vec_push(&t->lines, l);
}

size_t text_width(const char *s)
{
	size_t w = 0;
	while (*s) {
		if (s[0] == '\033' && s[1] == '[') {
			/* CSI: parameters and intermediates, then one final byte */
			s += 2;
			while (*s && !(*s >= 0x40 && *s <= 0x7e))
				s++;
			if (*s)
				s++;
			continue;
		}
		w += ((unsigned char)*s & 0xc0) != 0x80;
		s++;
	}
	return w;
}

static size_t *column_widths(const struct text_table *t)
{
	size_t *width = xcalloc(t->ncols ? t->ncols : 1, sizeof(*width));
	for (size_t i = 0; i < t->cells.n; i++) {
		size_t w = text_width(t->cells.v[i]);
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
	}
	return width;
}

size_t text_table_width(const struct text_table *t)
{
	size_t *width = column_widths(t), total = 0;
	for (size_t c = 0; c < t->ncols; c++)
		total += width[c] + (c ? (t->right && t->right[c] ? 1 : 2) : 0);
	free(width);
	return total;
}

static void print_lines(struct text_table *t, size_t before, size_t *next, FILE *out)
{
	for (; *next < t->lines.n && t->lines.v[*next].before <= before; (*next)++) {
		fputs(t->lines.v[*next].text, out);
		free(t->lines.v[*next].text);
	}
}

void text_table_print(struct text_table *t, FILE *out)
{
	size_t *width = column_widths(t);
	size_t line = 0, blanks = 0; /* blanks owed: written only before more text */
	for (size_t i = 0; i < t->cells.n; i++) {
		size_t c = i % t->ncols;
		if (c == 0)
			print_lines(t, i, &line, out);
		bool right = t->right && t->right[c];
		const char *cell = t->cells.v[i];
		size_t pad = width[c] - text_width(cell);
		bool last = c + 1 == t->ncols || i + 1 == t->cells.n;
		if (c)
			blanks += right ? 1 : 2;
		if (right)
			blanks += pad;
		if (*cell) {
			fprintf(out, "%*s%s", (int)blanks, "", cell);
			blanks = 0;
		}
		if (!right)
			blanks += pad;
		if (last) {
			fputc('\n', out);
			blanks = 0;
		}
		free(t->cells.v[i]);
	}
	print_lines(t, SIZE_MAX, &line, out);
	vec_free(&t->cells);
	vec_free(&t->lines);
	free(width);
}

void text_table_free(struct text_table *t)
{
	for (size_t i = 0; i < t->cells.n; i++)
		free(t->cells.v[i]);
	for (size_t i = 0; i < t->lines.n; i++)
		free(t->lines.v[i].text);
	vec_free(&t->cells);
	vec_free(&t->lines);
}

/* The length of the unit of TEXT (no leading blank) a line may end after: a
 * word, or with ITEMS all up to a blank after a comma or semicolon. */
static size_t unit_len(const char *text, bool items)
{
	size_t n = strcspn(text, " ");
	while (items && text[n] == ' ' && n && text[n - 1] != ',' && text[n - 1] != ';')
		n += 1 + strcspn(text + n + 1, " ");
	return n;
}

static void wrap(struct strbuf *sb, const char *first, const char *indent, const char *text,
		 size_t width, bool items)
{
	size_t at = text_width(first);
	sb_add(sb, first);
	bool empty = true; /* no word on this line yet */
	while (*text) {
		text += strspn(text, " ");
		if (!*text)
			break;
		size_t n = unit_len(text, items);
		char *unit = xmalloc(n + 1);
		memcpy(unit, text, n);
		unit[n] = '\0';
		size_t w = text_width(unit);
		free(unit);
		if (!empty && at + 1 + w > width) {
			sb_add(sb, "\n");
			sb_add(sb, indent);
			at = text_width(indent);
			empty = true;
		}
		if (!empty) {
			sb_add(sb, " ");
			at++;
		}
		sb_addn(sb, text, n);
		at += w;
		empty = false;
		text += n;
	}
	sb_add(sb, "\n");
}

void text_wrap(struct strbuf *sb, const char *first, const char *indent, const char *text,
	       size_t width)
{
	wrap(sb, first, indent, text, width, false);
}

void text_wrap_items(struct strbuf *sb, const char *first, const char *indent, const char *text,
		     size_t width)
{
	wrap(sb, first, indent, text, width, true);
}
