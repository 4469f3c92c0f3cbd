/* page_html.c — a report page as the site's HTML (report/page.h's html).
 *
 * The md page's content, made for reading in a browser: a summary line on
 * top, each Status item with an id and its image's full name, statuses as
 * words (the emoji only decoration), and links where the page names another
 * page (types in C, callers) or a source line.  Every text from the dataset
 * is escaped (util/text_esc.h); every link is asked of page_links, so the
 * page itself knows no file layout.
 */
#include "report/page_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/rename.h"
#include "store/store.h"
#include "types/type_layout.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* The marks after a status, decoration beside its words: text symbols that
 * common fonts hold (DejaVu: U+2713, U+26A0 with the text-style selector),
 * where the published pages' emoji (✅ ⚠️) show as empty boxes in a browser
 * without an emoji font. */
#define EMOJI_OK "<span class=\"emoji\" aria-hidden=\"true\"> \u2713</span>"
#define EMOJI_WARN "<span class=\"emoji\" aria-hidden=\"true\"> \u26a0\ufe0e</span>"

/* The page being written: its text, and the anchor (an id) of each Status
 * item, per group and image. */
struct html {
	const struct page *p;
	struct strbuf o;
	char **anchor; /* [g * max_n + j]; NULL where none */
	size_t max_n;
	VEC(const char *) used;
	struct strbuf tmp;
	size_t callers; /* callers linked in the Status item being written */
};

/* The callers linked per Status item; the rest are named without a link: a
 * function called from thousands of places (__stack_chk_fail: 80,000 links
 * over eight images, 8 MB) would otherwise make a page too big to open. */
#define HTML_CALLER_LINKS 200

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void text(struct html *h, const char *s)
{
	sb_add_html(&h->o, s ? s : "");
}

static const struct image_ident *ident_of(const struct page *p, int64_t id)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ids[i].id == id)
			return &p->ids[i];
	return NULL;
}

/* --- links --- */

/* The href of KIND NAME's page into SB (its N bytes); false when none (or the page itself). */
static bool dep_href(struct html *h, struct strbuf *sb, enum dep_kind kind, const char *name, size_t n)
{
	const struct page_links *l = h->p->links;
	if (!l || !l->dep || !n)
		return false;
	sb_reset(&h->tmp);
	sb_addn(&h->tmp, name, n);
	if (kind == h->p->kind && !strcmp(h->tmp.p, h->p->name))
		return false;
	return l->dep(l->arg, sb, h->p->kind, h->p->name, kind, h->tmp.p);
}

/* N bytes of NAME into O, a link to KIND NAME's page when there is one. */
static void dep_link(struct html *h, struct strbuf *o, enum dep_kind kind, const char *name, size_t n)
{
	struct strbuf href = { 0 };
	if (dep_href(h, &href, kind, name, n)) {
		sb_add(o, "<a href=\"");
		sb_add_html(o, href.p);
		sb_add(o, "\">");
		sb_add_html_n(o, name, n);
		sb_add(o, "</a>");
	} else
		sb_add_html_n(o, name, n);
	sb_free(&href);
}

/* TEXT (N bytes), a link to line LINE of source file PATH (N_PATH bytes) in IMAGE. */
static void source_link(struct html *h, const struct image_ident *image, const char *path,
			size_t n_path, unsigned long line, const char *text, size_t n)
{
	const struct page_links *l = h->p->links;
	struct strbuf href = { 0 };
	sb_reset(&h->tmp);
	sb_addn(&h->tmp, path, n_path);
	if (l && l->source && image && l->source(l->arg, &href, image, h->tmp.p, line)) {
		sb_add(&h->o, "<a class=\"src\" href=\"");
		sb_add_html(&h->o, href.p);
		sb_add(&h->o, "\">");
		sb_add_html_n(&h->o, text, n);
		sb_add(&h->o, "</a>");
	} else
		sb_add_html_n(&h->o, text, n);
	sb_free(&href);
}

/*
 * N bytes of C (a definition, a declaration, a layout): "struct NAME",
 * "union NAME" and "enum NAME" linked to their pages; an anonymous one
 * ("struct (anon) elv") named by the member holding it (PAGE::elv), as the
 * dataset keeps no members of it.
 */
static void c_code(struct html *h, const char *s, size_t n)
{
	static const struct { const char *kw; enum dep_kind kind; } kws[] = {
		{ "struct ", DEP_STRUCT }, { "union ", DEP_UNION }, { "enum ", DEP_ENUM },
	};
	size_t i = 0, run = 0;
	while (i < n) {
		size_t k = 0, l = 0;
		if (!i || !is_ident(s[i - 1]))
			for (k = 0; k < 3; k++) {
				l = strlen(kws[k].kw);
				if (n - i > l && !memcmp(s + i, kws[k].kw, l))
					break;
			}
		if (k >= 3 || (i && is_ident(s[i - 1]))) {
			run++;
			i++;
			continue;
		}
		sb_add_html_n(&h->o, s + i - run, run);
		run = 0;
		sb_addn(&h->o, s + i, l);
		i += l;
		if (n - i >= 6 && !memcmp(s + i, "(anon)", 6)) {
			size_t m = i + 6;
			while (m < n && (s[m] == ' ' || s[m] == '*'))
				m++;
			size_t e = m;
			while (e < n && is_ident(s[e]))
				e++;
			sb_add(&h->o, "<span class=\"anon\" title=\"anonymous: the dataset keeps no members "
				      "of it\">(anon");
			if (e > m && (h->p->kind == DEP_STRUCT || h->p->kind == DEP_UNION)) {
				sb_add(&h->o, " ");
				text(h, h->p->name);
				sb_add(&h->o, "::");
				sb_add_html_n(&h->o, s + m, e - m);
			}
			sb_add(&h->o, ")</span>");
			i += 6;
			continue;
		}
		size_t e = i;
		while (e < n && is_ident(s[e]))
			e++;
		dep_link(h, &h->o, kws[k].kind, s + i, e - i);
		i = e;
	}
	sb_add_html_n(&h->o, s + n - run, run);
}

/* A line of a function's instance block: its location (to the source) and callers linked. */
static void instance_line(struct html *h, const struct image_ident *image, const char *l, size_t n)
{
	const char *end = l + n;
	if (n > 10 && !strncmp(l, "Location: ", 10)) { /* Location: FILE:LINE */
		const char *colon = memrchr(l + 10, ':', n - 10);
		char *stop;
		unsigned long line = colon ? strtoul(colon + 1, &stop, 10) : 0;
		if (colon && colon[1] >= '0' && colon[1] <= '9' && stop == end) {
			sb_add(&h->o, "Location: ");
			source_link(h, image, l + 10, (size_t)(colon - l - 10), line, l + 10, n - 10);
			return;
		}
	} else if (n > 4 && !strncmp(l, "  - ", 4)) { /* a caller: UNIT:NAME */
		const char *colon = memrchr(l + 4, ':', n - 4);
		const char *name = colon ? colon + 1 : l + 4;
		sb_add_html_n(&h->o, l, (size_t)(name - l));
		if (h->callers++ < HTML_CALLER_LINKS)
			dep_link(h, &h->o, DEP_FUNC, name, (size_t)(end - name));
		else
			sb_add_html_n(&h->o, name, (size_t)(end - name));
		return;
	}
	sb_add_html_n(&h->o, l, n);
}

/*
 * A Status body (Markdown of a restricted form: fenced code blocks, "**Label:**
 * text" lines, text lines) as HTML, every text node escaped: no line of it is
 * taken as markup, whatever the names in it hold.  C blocks and a function's
 * instance blocks get their links.
 */
static void body_html(struct html *h, const struct image_ident *image, const char *md)
{
	bool code = false, c = false;
	struct strbuf *o = &h->o;
	h->callers = 0;
	for (const char *l = md; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n >= 3 && !strncmp(l, "```", 3)) {
			if (code)
				sb_add(o, "</code></pre>\n");
			else if (n > 3) {
				sb_add(o, "<pre><code class=\"language-");
				sb_add_html_n(o, l + 3, n - 3);
				sb_add(o, "\">");
			} else
				sb_add(o, "<pre><code>");
			c = !code && n == 4 && l[3] == 'c';
			code = !code;
		} else if (code) {
			if (c)
				c_code(h, l, n);
			else if (h->p->kind == DEP_FUNC)
				instance_line(h, image, l, n);
			else
				sb_add_html_n(o, l, n);
			sb_add(o, "\n");
		} else if (n) {
			const char *end = n > 4 && !strncmp(l, "**", 2) ? memmem(l + 2, n - 2, "**", 2) : NULL;
			sb_add(o, "<p>");
			if (end) {
				sb_add(o, "<b>");
				sb_add_html_n(o, l + 2, (size_t)(end - l - 2));
				sb_add(o, "</b>");
				sb_add_html_n(o, end + 2, n - (size_t)(end + 2 - l));
			} else
				sb_add_html_n(o, l, n);
			sb_add(o, "</p>\n");
		}
		l += n + (nl != NULL);
	}
	if (code)
		sb_add(o, "</code></pre>\n");
}

/* D's layout as `show --layout` prints it from the image's stored BTF (the
 * context's, parsed once), else NULL; its length in *LEN (malloc'd). */
static char *layout_btf_text(struct html *h, const struct group_image *gi, const struct dep *d,
			     size_t *len)
{
	const struct btf *btf = NULL;
	const char *name = jv_str(&d->a, "name");
	if (!d->present || d->struct_type < 0 || !name)
		return NULL;
	uint32_t tid = page_layout_btf(h->p, gi->id, h->p->kind == DEP_UNION, name, &btf);
	struct strbuf sb = { 0 };
	if (!tid || type_layout_btf_print(&sb, btf, tid) < 0) {
		sb_free(&sb);
		return NULL;
	}
	*len = sb.len;
	return sb.p;
}

/* D's flattened layout (an image without stored BTF), else NULL; its length
 * in *LEN (malloc'd). */
static char *layout_flat_text(struct html *h, const struct group_image *gi, const struct dep *d,
			      size_t *len)
{
	struct layout l = { 0 };
	char *buf = NULL;
	if (dep_layout(h->p->st, gi->id, d, &l) == 0) {
		FILE *f = open_memstream(&buf, len);
		if (f) {
			type_layout_print(f, h->p->name, &l);
			fclose(f);
		} else {
			buf = NULL;
		}
	}
	type_layout_free(&l);
	return buf;
}

/* A struct's or union's members with their offsets, sizes and holes, as
 * `show --layout` prints them; false when the layout cannot be told. */
static bool layout_html(struct html *h, const struct group_image *gi, const struct dep *d)
{
	size_t len = 0;
	char *buf = layout_btf_text(h, gi, d, &len);
	if (!buf)
		buf = layout_flat_text(h, gi, d, &len);
	if (!buf)
		return false;
	sb_add(&h->o, "<pre class=\"layout\"><code class=\"language-c\">");
	struct strbuf line = { 0 };
	for (const char *l = buf, *end = buf + len; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l);
		/* pahole's tabs as the spaces they stand for (stops of 8): the
		 * columns stay where the text has them */
		sb_reset(&line);
		for (size_t i = 0; i < n; i++) {
			if (l[i] != '\t')
				sb_addn(&line, l + i, 1);
			else
				do
					sb_add(&line, " ");
				while (line.len % 8);
		}
		c_code(h, sb_str(&line), line.len);
		sb_add(&h->o, "\n");
		l += n + 1;
	}
	sb_free(&line);
	sb_add(&h->o, "</code></pre>\n");
	free(buf);
	return true;
}

/* --- anchors --- */

static bool used(const struct html *h, const char *id)
{
	for (size_t i = 0; i < h->used.n; i++)
		if (!strcmp(h->used.v[i], id))
			return true;
	return false;
}

/* S with whitespace as '_' (an id holds none) into SB; "image" for none. */
static void id_part(struct strbuf *sb, const char *s)
{
	if (!*s)
		sb_add(sb, "image");
	for (; *s; s++)
		sb_addn(sb, *s == ' ' || *s == '\t' || *s == '\n' || *s == '\f' || *s == '\r' ? "_" : s, 1);
}

/* Each Status item's id: its label (#6.12), else the group's title and the
 * label (#lts-6.1) where an earlier group took it, then "-2", "-3"... */
static void anchors(struct html *h)
{
	const struct page *p = h->p;
	for (size_t g = 0; g < p->ng; g++)
		if (p->groups[g].n > h->max_n)
			h->max_n = p->groups[g].n;
	h->anchor = xcalloc(p->ng * h->max_n + 1, sizeof(*h->anchor));
	struct strbuf sb = { 0 };
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		for (size_t j = 0; j < gr->n; j++) {
			if (!page_listed(gr, j))
				continue;
			sb_reset(&sb);
			id_part(&sb, gr->images[j].label);
			if (used(h, sb.p)) {
				sb_reset(&sb);
				for (const char *t = gr->title; *t; t++)
					sb_addf(&sb, "%c", *t >= 'A' && *t <= 'Z' ? *t - 'A' + 'a' : *t);
				sb_add(&sb, "-");
				id_part(&sb, gr->images[j].label);
			}
			size_t len = sb.len;
			for (int k = 2; used(h, sb.p); k++) {
				sb.len = len;
				sb_addf(&sb, "-%d", k);
			}
			h->anchor[g * h->max_n + j] = xstrdup(sb.p);
			vec_push(&h->used, h->anchor[g * h->max_n + j]);
		}
	}
	sb_free(&sb);
}

/* The anchor of image ID's first Status item, NULL for none. */
static const char *anchor_of(const struct html *h, int64_t id)
{
	for (size_t g = 0; g < h->p->ng; g++)
		for (size_t j = 0; j < h->p->groups[g].n; j++)
			if (h->p->groups[g].images[j].id == id && h->anchor[g * h->max_n + j])
				return h->anchor[g * h->max_n + j];
	return NULL;
}

/* "#ID" as an href: bytes outside [A-Za-z0-9._~-] percent-encoded. */
static void fragment(struct strbuf *sb, const char *id)
{
	sb_add(sb, "#");
	for (const unsigned char *q = (const unsigned char *)id; *q; q++) {
		if (is_ident((char)*q) || *q == '.' || *q == '~' || *q == '-')
			sb_addn(sb, (const char *)q, 1);
		else
			sb_addf(sb, "%%%02X", *q);
	}
}

/* <code>LABEL</code>, a link to image ID's Status item when it has one. */
static void label_link(struct html *h, const char *label, int64_t id)
{
	const char *a = anchor_of(h, id);
	if (a) {
		sb_add(&h->o, "<a href=\"");
		fragment(&h->o, a);
		sb_add(&h->o, "\">");
	}
	sb_add(&h->o, "<code>");
	text(h, label);
	sb_add(&h->o, a ? "</code></a>" : "</code>");
}

/* --- the summary line --- */

/* Where an image is, for a sentence: its label when that names its series
 * ("6.1"), else with its series ("arm64 6.1", "6.1 ABI 55"). */
static void where(struct strbuf *sb, const struct page *p, const struct report_group *g, size_t j)
{
	const char *label = g->images[j].label;
	const struct image_ident *im = ident_of(p, g->images[j].id);
	char series[64] = "";
	if (im && im->version)
		version_series(im->version, series, sizeof(series));
	if (!series[0] || !strcmp(label, series) || (strchr(label, '.') && label[0] >= '0' && label[0] <= '9'))
		sb_add(sb, label);
	else if (g->kind == GROUP_REVISION)
		sb_addf(sb, "%s ABI %s", series, label);
	else
		sb_addf(sb, "%s %s", label, series);
}

/* One image of the summary: where it is, whether it has the dependency. */
struct seen {
	int64_t id;
	char *where;
	const struct dep *d;
	bool primary; /* in the page's first Regular group (else its first) */
};

/* The WHEREs of SEEN (N) that PICK keeps, joined: runs of consecutive
 * primary images as "A–B", the others one by one. */
static void wheres(struct strbuf *sb, const struct seen *v, size_t n, const bool *pick)
{
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (!pick[i])
			continue;
		size_t e = i;
		while (v[i].primary && e + 1 < n && pick[e + 1] && v[e + 1].primary)
			e++;
		sb_add(sb, first ? "" : ", ");
		first = false;
		sb_add_html(sb, v[i].where);
		if (e > i) {
			sb_add(sb, "–");
			sb_add_html(sb, v[e].where);
		}
		i = e;
	}
}

struct renamed {
	char *name; /* the first one found (malloc'd) */
};

static void renamed_cb(const char *name, void *arg)
{
	struct renamed *r = arg;
	if (!r->name)
		r->name = xstrdup(name);
}

/* Whether image ID has function NAME's prototype. */
static bool has_func(struct ks_store *st, int64_t id, const char *name)
{
	struct ks_surface s = { 0 };
	bool has = ks_store_load_types(st, id, KS_TYPE_FUNC, name, &s) == 0 && s.types.n;
	surface_free(&s);
	return has;
}

/*
 * "renamed NEW in A, B": where a function disappears from the primary series
 * (present in one image, absent in the next), the function of a close name
 * and the same prototype that took its place there (diff/rename.h), and the
 * absent images after it that have that one too.  Only there: a rename is
 * sought once per disappearance, not in every image without the function.
 */
static void renames(struct html *h, struct strbuf *out, const struct seen *v, size_t n, bool *pick)
{
	const struct page *p = h->p;
	for (size_t i = 1; i < n; i++) {
		const struct dep *before = v[i - 1].d;
		if (!v[i].primary || !v[i - 1].primary || (v[i].d && v[i].d->present) || !before ||
		    !before->present || before->func_type < 0)
			continue;
		struct renamed r = { NULL };
		rename_find(p->st, v[i].id, p->name, &before->a, 1, renamed_cb, &r);
		if (!r.name)
			continue;
		memset(pick, 0, n * sizeof(*pick));
		pick[i] = true;
		for (size_t k = i + 1; k < n && v[k].primary && !(v[k].d && v[k].d->present); k++)
			pick[k] = has_func(p->st, v[k].id, r.name);
		sb_add(out, "; renamed <code>");
		dep_link(h, out, DEP_FUNC, r.name, strlen(r.name));
		sb_add(out, "</code> in ");
		wheres(out, v, n, pick);
		free(r.name);
	}
}

/*
 * The fact people come for, in one line: where the dependency is present
 * and absent ("present 5.10–6.1; absent 6.12"), a function's inlining
 * ("fully inlined on arm64 6.1"), and what an absent function became
 * ("renamed mempool_alloc_noprof in 6.12").
 */
static void summary(struct html *h)
{
	const struct page *p = h->p;
	size_t primary = 0;
	for (size_t g = p->ng; g-- > 0;)
		if (p->groups[g].kind == GROUP_REGULAR)
			primary = g;
	VEC(struct seen) v = { 0 };
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		for (size_t j = 0; j < gr->n; j++) {
			bool dup = !page_listed(gr, j);
			for (size_t i = 0; i < v.n && !dup; i++)
				dup = v.v[i].id == gr->images[j].id;
			if (dup)
				continue;
			struct strbuf w = { 0 };
			where(&w, p, gr, j);
			struct seen s = { gr->images[j].id, xstrdup(sb_str(&w)), page_dep(p, gr->images[j].id),
					  g == primary };
			sb_free(&w);
			vec_push(&v, s);
		}
	}
	bool *pick = xcalloc(v.n + 1, sizeof(*pick));
	struct strbuf out = { 0 };
	bool any = false, primary_has = false;
	for (size_t i = 0; i < v.n; i++)
		primary_has |= v.v[i].primary && v.v[i].d && v.v[i].d->present;
	/* present, then absent: the primary group's runs, then the others */
	for (int want = 1; want >= 0; want--) {
		bool some = false;
		for (size_t i = 0; i < v.n; i++) {
			bool has = v.v[i].d && v.v[i].d->present;
			pick[i] = has == (bool)want && (v.v[i].primary || !want || !primary_has);
			some |= pick[i];
		}
		if (!some)
			continue;
		sb_add(&out, any ? "; " : "");
		sb_add(&out, want ? "present " : "absent ");
		wheres(&out, v.v, v.n, pick);
		any = true;
	}
	if (p->kind == DEP_FUNC) {
		static const struct { int type; const char *what; } inl[] = {
			{ KS_INLINE_FULL, "; fully inlined on " },
			{ KS_INLINE_SELECTIVE, "; selectively inlined on " },
		};
		for (size_t k = 0; k < 2; k++) {
			bool some = false;
			for (size_t i = 0; i < v.n; i++) {
				const struct dep *d = v.v[i].d;
				pick[i] = d && d->present && d->group && (int)d->group->inline_type == inl[k].type;
				some |= pick[i];
			}
			if (!some)
				continue;
			sb_add(&out, inl[k].what);
			wheres(&out, v.v, v.n, pick);
		}
		renames(h, &out, v.v, v.n, pick);
	}
	sb_add(&h->o, "<p class=\"summary\">");
	sb_add(&h->o, sb_str(&out));
	sb_add(&h->o, "</p>\n");
	sb_free(&out);
	free(pick);
	for (size_t i = 0; i < v.n; i++)
		free(v.v[i].where);
	vec_free(&v);
}

/* --- Status and Differences --- */

/* The status of D as words (present, absent, its marks, changed), the emoji after them hidden from screen readers. */
static void status_words(struct html *h, const struct dep *d, bool changed)
{
	if (!d || !d->present) {
		sb_add(&h->o, "<span class=\"status absent\">absent</span>" EMOJI_WARN);
		return;
	}
	sb_add(&h->o, d->n_issues || changed ? "<span class=\"status issues\">present"
					     : "<span class=\"status present\">present");
	for (int k = 0; k < d->n_issues; k++) {
		sb_add(&h->o, k ? ", " : ": ");
		text(h, ks_issue_name(d->issues[k]));
	}
	sb_add(&h->o, changed ? (d->n_issues ? "; changed" : ", changed") : "");
	sb_add(&h->o, "</span>");
	sb_add(&h->o, d->n_issues || changed ? EMOJI_WARN : EMOJI_OK);
}

static void status_item(struct html *h, size_t g, size_t j)
{
	const struct page *p = h->p;
	const struct report_group *gr = &p->groups[g];
	const struct dep *d = page_dep(p, gr->images[j].id);
	const char *a = h->anchor[g * h->max_n + j];
	diff_changes ch = { 0 };
	bool changed = page_pair_changes(p, gr, j, &ch) && ch.n;
	diff_changes_free(&ch);
	bool open = d && d->present;
	sb_add(&h->o, "<li id=\"");
	text(h, a);
	sb_add(&h->o, open ? "\">\n<details>\n<summary>" : "\">\n");
	sb_add(&h->o, "In <code>");
	text(h, gr->images[j].label);
	sb_add(&h->o, "</code> <span class=\"image\">(");
	text(h, gr->images[j].name);
	sb_add(&h->o, ")</span>: ");
	status_words(h, d, changed);
	sb_add(&h->o, " <a class=\"anchor\" href=\"");
	fragment(&h->o, a);
	sb_add(&h->o, "\" title=\"a link to this image's entry\">#</a>");
	if (!open) {
		sb_add(&h->o, "\n</li>\n");
		return;
	}
	sb_add(&h->o, "</summary>\n\n");
	const struct image_ident *im = ident_of(p, gr->images[j].id);
	if (!((p->kind == DEP_STRUCT || p->kind == DEP_UNION) && layout_html(h, &gr->images[j], d)))
		body_html(h, im, d->body);
	sb_add(&h->o, "</details>\n</li>\n");
}

static void differences(struct html *h, size_t g)
{
	const struct page *p = h->p;
	const struct report_group *gr = &p->groups[g];
	sb_add(&h->o, "<b>");
	text(h, gr->title);
	sb_add(&h->o, "</b>\n<ul>\n");
	for (size_t j = 0; j < gr->n; j++) {
		diff_changes ch = { 0 };
		if (!page_pair_changes(p, gr, j, &ch))
			continue;
		const struct group_image *a = page_compared_with(gr, j), *b = &gr->images[j];
		sb_add(&h->o, ch.n ? "<li>\n<details>\n<summary><span class=\"status issues\">Changed</span> between "
				   : "<li>\n<span class=\"status present\">No changes</span> between ");
		label_link(h, a->label, a->id);
		sb_add(&h->o, " and ");
		label_link(h, b->label, b->id);
		if (!ch.n) {
			sb_add(&h->o, EMOJI_OK "\n</li>\n");
			continue;
		}
		sb_add(&h->o, EMOJI_WARN "</summary>\n<ul>\n");
		for (size_t k = 0; k < ch.n; k++) {
			const struct diff_change *c = &ch.v[k];
			sb_addf(&h->o, "<li>\n<b>%s. </b>\n", ks_issue_name(c->issue));
			if (c->old_text) {
				sb_add(&h->o, "<code>");
				c_code(h, c->old_text, strlen(c->old_text));
				sb_add(&h->o, "</code>");
			}
			if (c->old_text && c->new_text) {
				sb_add(&h->o, " → <code>");
				c_code(h, c->new_text, strlen(c->new_text));
				sb_add(&h->o, "</code>");
			}
			sb_add(&h->o, c->old_text ? "\n</li>\n" : "</li>\n");
		}
		sb_add(&h->o, "</ul>\n</details>\n</li>\n");
		diff_changes_free(&ch);
	}
	sb_add(&h->o, "</ul>\n");
}

void page_html_print(const struct page *p)
{
	struct html h = { .p = p };
	anchors(&h);
	sb_addf(&h.o, "<h1>%s: <code>", dep_titles[p->kind]);
	text(&h, p->name);
	sb_add(&h.o, "</code></h1>\n");
	summary(&h);
	sb_add(&h.o, "<h2>Status</h2>\n");
	for (size_t g = 0; g < p->ng; g++) {
		const struct report_group *gr = &p->groups[g];
		sb_add(&h.o, "<b>");
		text(&h, gr->title);
		sb_add(&h.o, "</b>\n<ul class=\"status\">\n");
		for (size_t j = 0; j < gr->n; j++)
			if (page_listed(gr, j))
				status_item(&h, g, j);
		sb_add(&h.o, "</ul>\n");
	}
	sb_add(&h.o, "<h2>Differences</h2>\n");
	for (size_t g = 0; g < p->ng; g++)
		if (page_group_comparable(p, &p->groups[g]))
			differences(&h, g);
	fputs(sb_str(&h.o), p->out);
	sb_free(&h.o);
	sb_free(&h.tmp);
	for (size_t i = 0; i < p->ng * h.max_n; i++)
		free(h.anchor[i]);
	free(h.anchor);
	vec_free(&h.used);
}
