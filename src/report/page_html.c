/* page_html.c — a report page as the site's HTML (report/page.h's html). */
#include "report/page_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text_esc.h"

static void esc(const struct page *p, const char *s)
{
	fput_html(p->out, s);
}

/*
 * A Status body (Markdown of a restricted form: fenced code blocks, "**Label:**
 * text" lines, text lines) as HTML, every text node escaped: no line of it is
 * taken as markup, whatever the names in it hold.
 */
static void body_html(FILE *out, const char *md)
{
	bool code = false;
	struct strbuf sb = { 0 };
	for (const char *l = md; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n >= 3 && !strncmp(l, "```", 3)) {
			if (code)
				sb_add(&sb, "</code></pre>\n");
			else if (n > 3) {
				sb_add(&sb, "<pre><code class=\"language-");
				sb_add_html_n(&sb, l + 3, n - 3);
				sb_add(&sb, "\">");
			} else
				sb_add(&sb, "<pre><code>");
			code = !code;
		} else if (code) {
			sb_add_html_n(&sb, l, n);
			sb_add(&sb, "\n");
		} else if (n) {
			const char *end = n > 4 && !strncmp(l, "**", 2) ? memmem(l + 2, n - 2, "**", 2) : NULL;
			sb_add(&sb, "<p>");
			if (end) {
				sb_add(&sb, "<b>");
				sb_add_html_n(&sb, l + 2, (size_t)(end - l - 2));
				sb_add(&sb, "</b>");
				sb_add_html_n(&sb, end + 2, n - (size_t)(end + 2 - l));
			} else
				sb_add_html_n(&sb, l, n);
			sb_add(&sb, "</p>\n");
		}
		l += n + (nl != NULL);
	}
	if (code)
		sb_add(&sb, "</code></pre>\n");
	fputs(sb_str(&sb), out);
	sb_free(&sb);
}

/* The published page as HTML for the site: the headings as elements and the
 * Status bodies converted, every text escaped. */
void page_html_print(const struct page *p)
{
	char issues[256];
	fprintf(p->out, "<h1>%s: <code>", dep_titles[p->kind]);
	esc(p, p->name);
	fputs("</code></h1>\n<h2>Status</h2>\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			if (!listed(gr, j))
				continue;
			const struct dep *d = dep_of(p, gr->images[j].id);
			fputs(!d || !d->present ? "<li>\nIn <code>" : "<li>\n<details>\n<summary>In <code>",
			      p->out);
			esc(p, gr->images[j].label);
			if (!d || !d->present) {
				fputs("</code>: Absent ⚠️\n</li>\n", p->out);
				continue;
			}
			fputs("</code>: ", p->out);
			esc(p, dep_issue_text(d, issues, sizeof(issues)));
			fputs("</summary>\n\n", p->out);
			body_html(p->out, d->body);
			fputs("</details>\n</li>\n", p->out);
		}
		fputs("</ul>\n", p->out);
	}
	fputs("<h2>Differences</h2>\n", p->out);
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		if (!group_comparable(p, gr))
			continue;
		fputs("<b>", p->out);
		esc(p, gr->title);
		fputs("</b>\n<ul>\n", p->out);
		for (size_t j = 0; j < gr->n; j++) {
			diff_changes ch = { 0 };
			if (!pair_changes(p, gr, j, &ch))
				continue;
			const char *a = compared_with(gr, j)->label, *b = gr->images[j].label;
			fputs(ch.n ? "<li>\n<details>\n<summary>Changed between <code>"
				   : "<li>\nNo changes between <code>", p->out);
			esc(p, a);
			fputs("</code> and <code>", p->out);
			esc(p, b);
			if (!ch.n) {
				fputs("</code> ✅\n</li>\n", p->out);
				continue;
			}
			fputs("</code> ⚠️</summary>\n<ul>\n", p->out);
			for (size_t k = 0; k < ch.n; k++) {
				const struct diff_change *c = &ch.v[k];
				fprintf(p->out, "<li>\n<b>%s. </b>\n", diff_issue_str(c->issue));
				if (c->old_text) {
					fputs("<code>", p->out);
					esc(p, c->old_text);
					fputs("</code>", p->out);
				}
				if (c->old_text && c->new_text) {
					fputs(" ➡️ <code>", p->out);
					esc(p, c->new_text);
					fputs("</code>", p->out);
				}
				fputs(c->old_text ? "\n</li>\n" : "</li>\n", p->out);
			}
			fputs("</ul>\n</details>\n</li>\n", p->out);
			diff_changes_free(&ch);
		}
		fputs("</ul>\n", p->out);
	}
}
