/* check_print.c — a check run as the text matrix, the md report and the JSON document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/text_table.h"
#include "util/xalloc.h"
#include "util/text_esc.h"

/* The marks of a cell (surface/issues.h) in its issues' order, its changes
 * as one Δ at the end. */
static void marks(const struct check_cell *c, char *buf, size_t len)
{
	buf[0] = '\0';
	bool changed = false;
	for (int i = 0; i < c->n_issues; i++) {
		if (ks_issue_is_change(c->issues[i]))
			changed = true;
		else
			strncat(buf, ks_issue_mark(c->issues[i]), len - strlen(buf) - 1);
	}
	if (changed)
		strncat(buf, ks_issue_mark(ISSUE_CHANGED), len - strlen(buf) - 1);
}

static const char *const colours[CONS__COUNT] = { "\033[32m", "\033[36m", "\033[35m", "\033[33m",
						  "\033[31m" };

/* "struct request", "field request::__data_len" */
static void dep_label(const struct bpf_dep *d, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", bpf_dep_kind_names[d->kind], d->name);
}

static void summary_text(const struct check_run *run, FILE *out);
static void summary_md(const struct check_run *run, FILE *out);

/* What the text report fits in where its names allow. */
#define TEXT_WIDTH 100

/* The matrix of one program as rows of cells: the label, then one per image. */
struct matrix {
	size_t ncols; /* 1 + images */
	VEC(char *) cells;
};

static void matrix_add(struct matrix *m, const char *fmt, const char *a, const char *b,
		       const char *c)
{
	char *s = NULL;
	if (asprintf(&s, fmt, a, b, c) < 0)
		s = xstrdup("");
	vec_push(&m->cells, s);
}

/*
 * The matrix in slices of image columns, each slice as wide as TEXT_WIDTH
 * allows (one image at least), the label column repeated: with many images
 * the matrix reads as two or three tables rather than lines too wide.
 */
static void matrix_print(struct matrix *m, FILE *out)
{
	size_t nc = m->ncols, rows = nc ? m->cells.n / nc : 0;
	size_t *width = xcalloc(nc, sizeof(*width));
	for (size_t i = 0; i < m->cells.n; i++) {
		size_t w = text_width(m->cells.v[i]);
		if (w > width[i % nc])
			width[i % nc] = w;
	}
	for (size_t from = 1; from < nc;) {
		size_t to = from, used = width[0];
		while (to < nc && (to == from || used + 2 + width[to] <= TEXT_WIDTH))
			used += 2 + width[to++];
		struct text_table t;
		text_table_init(&t, 1 + to - from, NULL);
		for (size_t r = 0; r < rows; r++) {
			text_table_add(&t, "%s", m->cells.v[r * nc]);
			for (size_t c = from; c < to; c++)
				text_table_add(&t, "%s", m->cells.v[r * nc + c]);
		}
		if (from > 1)
			fputc('\n', out);
		text_table_print(&t, out);
		from = to;
	}
	for (size_t i = 0; i < m->cells.n; i++)
		free(m->cells.v[i]);
	vec_free(&m->cells);
	free(width);
}

/* TEXT wrapped to TEXT_WIDTH after FIRST, the next lines after INDENT. */
static void wrapped(FILE *out, const char *first, const char *indent, const char *text)
{
	struct strbuf sb = { 0 };
	text_wrap(&sb, first, indent, text, TEXT_WIDTH);
	fputs(sb_str(&sb), out);
	sb_free(&sb);
}

void check_print_text(const struct check_run *run, FILE *out, bool colour)
{
	size_t ni = run->images.n;
	for (size_t p = 0; p < run->programs.n; p++) {
		const struct check_program *pr = &run->programs.v[p];
		fprintf(out, "%s%s (%s): %zu programs\n", p ? "\n" : "", pr->object, pr->file,
			pr->deps.progs.n);
		/* section, type, name, attach target; the target on a line of its
		 * own under its program when the four do not fit */
		for (int under = 0; under < 2; under++) {
			struct text_table pt;
			text_table_init(&pt, under ? 3 : 4, NULL);
			for (size_t k = 0; k < pr->deps.progs.n; k++) {
				const struct bpf_prog_desc *pd = &pr->deps.progs.v[k];
				const char *attach = *pd->attach ? pd->attach : "(no kernel symbol)";
				text_table_add(&pt, "  %s", pd->section);
				text_table_add(&pt, "%s", pd->type);
				text_table_add(&pt, "%s", pd->name);
				if (!under) {
					text_table_add(&pt, "%s", attach);
					continue;
				}
				struct strbuf l = { 0 };
				sb_addf(&l, "      attaches to %s\n", attach);
				text_table_line(&pt, sb_str(&l));
				sb_free(&l);
			}
			if (!under && text_table_width(&pt) > TEXT_WIDTH) {
				text_table_free(&pt);
				continue;
			}
			text_table_print(&pt, out);
			break;
		}
		if (pr->built_for)
			fprintf(out, "  built for %s (its pt_regs reads name that architecture's registers)\n",
				pr->built_for);
		struct matrix t = { .ncols = ni + 1 };
		char num[32];
		matrix_add(&t, "  dependency", "", "", "");
		for (size_t i = 0; i < ni; i++) {
			snprintf(num, sizeof(num), "[%zu]", i + 1);
			matrix_add(&t, "%s", num, "", "");
		}
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			char label[600], m[64];
			dep_label(&pr->deps.deps.v[k], label, sizeof(label));
			matrix_add(&t, "  %s%s", label, pr->deps.deps.v[k].guarded ? " (guarded)" : "", "");
			for (size_t i = 0; i < ni; i++) {
				marks(&pr->cells[k * ni + i], m, sizeof(m));
				matrix_add(&t, "%s", m, "", "");
			}
		}
		for (size_t k = 0; pr->deps.progs.n > 1 && k < pr->deps.progs.n; k++) {
			matrix_add(&t, "  program %s", pr->deps.progs.v[k].name, "", "");
			for (size_t i = 0; i < ni; i++)
				matrix_add(&t, "%s", check_cons_names[pr->prog_verdict[k * ni + i]], "", "");
		}
		matrix_add(&t, "  verdict", "", "", "");
		for (size_t i = 0; i < ni; i++)
			matrix_add(&t, "%s%s%s", colour ? colours[pr->verdict[i]] : "",
				   check_cons_names[pr->verdict[i]], colour ? "\033[0m" : "");
		matrix_print(&t, out);
		/* why, image by image, and what to do */
		for (size_t i = 0; i < ni; i++)
			for (size_t k = 0; k < pr->deps.deps.n; k++) {
				const struct check_cell *c = &pr->cells[k * ni + i];
				if (c->cons == CONS_OK)
					continue;
				char label[600];
				struct strbuf why = { 0 };
				dep_label(&pr->deps.deps.v[k], label, sizeof(label));
				sb_addf(&why, "[%zu] %s: ", i + 1, label);
				for (int j = 0; j < c->n_issues; j++)
					sb_addf(&why, "%s%s", j ? ", " : "", ks_issue_name(c->issues[j]));
				sb_addf(&why, " (%s)", check_cons_names[c->cons]);
				const struct bpf_dep *d = &pr->deps.deps.v[k];
				for (size_t q = 0; q < d->progs.n && pr->deps.progs.n > 1; q++)
					sb_addf(&why, "%s%s", q ? ", " : " in ",
						pr->deps.progs.v[d->progs.v[q]].name);
				wrapped(out, "  ", "       ", sb_str(&why));
				sb_free(&why);
				for (size_t a = 0; a < c->alternatives.n; a++)
					wrapped(out, "       try: ", "            ", c->alternatives.v[a]);
			}
	}
	fprintf(out, "\nimages:\n");
	size_t at = 0;
	for (size_t i = 0; i < ni; i++) {
		char item[600];
		snprintf(item, sizeof(item), "[%zu] %s", i + 1, run->images.v[i].name);
		size_t w = text_width(item);
		if (at && at + 2 + w > TEXT_WIDTH) {
			fputc('\n', out);
			at = 0;
		}
		fprintf(out, "  %s", item);
		at += 2 + w;
	}
	fputc('\n', out);
	struct strbuf legend = { 0 };
	text_wrap_items(&legend, "marks: ", "       ",
		"∅ absent, Δ changed, S selective inline, F full inline, D duplicate, C collision, "
		"T transformation, B no BTF, < fewer matches, I incompatible type, A anonymous type, "
		"U name not unique, N notrace, R too many arguments, M reads an argument the "
		"function or event lacks", TEXT_WIDTH);
	fputs(sb_str(&legend), out);
	sb_free(&legend);
	summary_text(run, out);
}

void check_print_md(const struct check_run *run, FILE *out)
{
	size_t ni = run->images.n;
	for (size_t p = 0; p < run->programs.n; p++) {
		const struct check_program *pr = &run->programs.v[p];
		fputs(p ? "\n# Check: " : "# Check: ", out);
		fput_code(out, true, pr->object);
		fputs("\n\nFile: ", out);
		fput_code(out, true, pr->file);
		fputs("\n\n", out);
		for (size_t k = 0; k < pr->deps.progs.n; k++) {
			const struct bpf_prog_desc *pd = &pr->deps.progs.v[k];
			fputs("- ", out);
			fput_code(out, true, pd->section);
			fprintf(out, " (%s, program ", pd->type);
			fput_code(out, true, pd->name);
			fputs("): ", out);
			fput_html(out, *pd->attach ? pd->attach : "no kernel symbol");
			fputc('\n', out);
		}
		fprintf(out, "\n| dependency |");
		for (size_t i = 0; i < ni; i++) {
			fputc(' ', out);
			fput_html(out, run->images.v[i].name);
			fputs(" |", out);
		}
		fprintf(out, "\n|---|");
		for (size_t i = 0; i < ni; i++)
			fprintf(out, "---|");
		fputc('\n', out);
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			const struct bpf_dep *d = &pr->deps.deps.v[k];
			fprintf(out, "| %s ", bpf_dep_kind_names[d->kind]);
			fput_code(out, true, d->name);
			fprintf(out, "%s |", d->guarded ? " (guarded)" : "");
			for (size_t i = 0; i < ni; i++) {
				const struct check_cell *c = &pr->cells[k * ni + i];
				if (!c->n_issues)
					fprintf(out, " ✅ |");
				else {
					fputc(' ', out);
					for (int j = 0; j < c->n_issues; j++)
						fprintf(out, "%s%s", j ? ", " : "", ks_issue_name(c->issues[j]));
					fprintf(out, " ⚠️ |");
				}
			}
			fputc('\n', out);
		}
		for (size_t k = 0; pr->deps.progs.n > 1 && k < pr->deps.progs.n; k++) {
			fputs("| program ", out);
			fput_code(out, true, pr->deps.progs.v[k].name);
			fputs(" |", out);
			for (size_t i = 0; i < ni; i++)
				fprintf(out, " %s |", check_cons_names[pr->prog_verdict[k * ni + i]]);
			fputc('\n', out);
		}
		fprintf(out, "| **verdict** |");
		for (size_t i = 0; i < ni; i++)
			fprintf(out, " %s |", check_cons_names[pr->verdict[i]]);
		fprintf(out, "\n");
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			const struct bpf_dep *d = &pr->deps.deps.v[k];
			fprintf(out, "\n## %s: ", bpf_dep_kind_names[d->kind]);
			fput_code(out, true, d->name);
			fputs("\n\nUsed as: ", out);
			for (size_t u = 0; u < d->uses.n; u++) {
				fputs(u ? ", " : "", out);
				fput_html(out, d->uses.v[u]);
			}
			fprintf(out, "%s\n\n<ul>\n", d->guarded ? " (guarded)" : "");
			for (size_t i = 0; i < ni; i++) {
				const struct check_cell *c = &pr->cells[k * ni + i];
				fputs("<li>In ", out);
				fput_code(out, true, run->images.v[i].name);
				fprintf(out, ": %s", c->n_issues ? "" : "✅");
				for (int j = 0; j < c->n_issues; j++)
					fprintf(out, "%s%s", j ? ", " : "", ks_issue_name(c->issues[j]));
				fprintf(out, "%s — %s", c->n_issues ? " ⚠️" : "", check_cons_names[c->cons]);
				if (c->alternatives.n) {
					fprintf(out, "<ul>\n");
					for (size_t a = 0; a < c->alternatives.n; a++) {
						fputs("<li>Try: ", out);
						fput_html(out, c->alternatives.v[a]);
						fputs("</li>\n", out);
					}
					fprintf(out, "</ul>");
				}
				if (c->body) /* the report page's Status body */
					fprintf(out, "\n<details>\n<summary>Status</summary>\n\n%s</details>\n",
						c->body);
				fprintf(out, "</li>\n");
			}
			fprintf(out, "</ul>\n");
		}
	}
	summary_md(run, out);
}

void check_summarize(const struct check_run *run, check_summary_rows *rows)
{
	size_t ni = run->images.n;
	for (size_t p = 0; p < run->programs.n; p++) {
		const struct check_program *pr = &run->programs.v[p];
		VEC(size_t) seen_here = { 0 }; /* rows this program counted */
		for (size_t k = 0; k < pr->deps.deps.n; k++) {
			const struct bpf_dep *d = &pr->deps.deps.v[k];
			VEC(enum ks_issue) issues = { 0 }; /* this dependency's, over all images */
			for (size_t i = 0; i < ni; i++) {
				const struct check_cell *c = &pr->cells[k * ni + i];
				for (int j = 0; j < c->n_issues; j++) {
					bool dup = false;
					for (size_t x = 0; x < issues.n && !dup; x++)
						dup = issues.v[x] == c->issues[j];
					if (!dup)
						vec_push(&issues, c->issues[j]);
				}
			}
			for (size_t x = 0; x < issues.n; x++) {
				size_t r = 0;
				while (r < rows->n && !(rows->v[r].kind == (int)d->kind &&
							rows->v[r].issue == issues.v[x]))
					r++;
				if (r == rows->n) {
					struct check_summary_row nr = { (int)d->kind, issues.v[x], 0, 0 };
					vec_push(rows, nr);
				}
				/* a dependency counts once however many programs have it */
				bool before = false;
				for (size_t q = 0; q < p && !before; q++) {
					const struct check_program *o = &run->programs.v[q];
					for (size_t m = 0; m < o->deps.deps.n && !before; m++) {
						const struct bpf_dep *od = &o->deps.deps.v[m];
						if (od->kind != d->kind || strcmp(od->name, d->name))
							continue;
						for (size_t i = 0; i < ni && !before; i++)
							for (int j = 0; j < o->cells[m * ni + i].n_issues; j++)
								before |= o->cells[m * ni + i].issues[j] ==
									  issues.v[x];
					}
				}
				rows->v[r].deps += !before;
				bool counted = false;
				for (size_t y = 0; y < seen_here.n && !counted; y++)
					counted = seen_here.v[y] == r;
				if (!counted) {
					rows->v[r].programs++;
					vec_push(&seen_here, r);
				}
			}
			vec_free(&issues);
		}
		vec_free(&seen_here);
	}
}

static void summary_json(const struct check_run *run, struct json_writer *w)
{
	check_summary_rows rows = { 0 };
	check_summarize(run, &rows);
	jw_obj_open(w);
	for (int kind = 0; kind < BDEP__COUNT; kind++) {
		bool open = false;
		for (size_t r = 0; r < rows.n; r++) {
			if (rows.v[r].kind != kind)
				continue;
			if (!open) {
				jw_key(w, bpf_dep_kind_names[kind]);
				jw_obj_open(w);
				open = true;
			}
			jw_key(w, ks_issue_name(rows.v[r].issue));
			jw_obj_open(w);
			jw_kv_u64(w, "programs", rows.v[r].programs);
			jw_kv_u64(w, "dependencies", rows.v[r].deps);
			jw_obj_close(w);
		}
		if (open)
			jw_obj_close(w);
	}
	jw_obj_close(w);
	vec_free(&rows);
}

/* The summary as a text table, when more than one program was checked. */
static void summary_text(const struct check_run *run, FILE *out)
{
	check_summary_rows rows = { 0 };
	check_summarize(run, &rows);
	if (run->programs.n > 1 && rows.n) {
		struct text_table t;
		static const bool right[4] = { false, false, true, true };
		text_table_init(&t, 4, right);
		text_table_add(&t, "  kind");
		text_table_add(&t, "issue (in some image)");
		text_table_add(&t, "programs");
		text_table_add(&t, "dependencies");
		for (int kind = 0; kind < BDEP__COUNT; kind++)
			for (size_t r = 0; r < rows.n; r++)
				if (rows.v[r].kind == kind) {
					text_table_add(&t, "  %s", bpf_dep_kind_names[kind]);
					text_table_add(&t, "%s", ks_issue_name(rows.v[r].issue));
					text_table_add(&t, "%zu", rows.v[r].programs);
					text_table_add(&t, "%zu", rows.v[r].deps);
				}
		fprintf(out, "\nsummary over %zu programs:\n", run->programs.n);
		text_table_print(&t, out);
	}
	vec_free(&rows);
}

/* The summary as a Markdown table, when more than one program was checked. */
static void summary_md(const struct check_run *run, FILE *out)
{
	check_summary_rows rows = { 0 };
	check_summarize(run, &rows);
	if (run->programs.n > 1 && rows.n) {
		fprintf(out, "\n# Summary over %zu programs\n\n"
			     "| kind | issue (in some image) | programs | dependencies |\n"
			     "|---|---|---:|---:|\n", run->programs.n);
		for (int kind = 0; kind < BDEP__COUNT; kind++)
			for (size_t r = 0; r < rows.n; r++)
				if (rows.v[r].kind == kind)
					fprintf(out, "| %s | %s | %zu | %zu |\n", bpf_dep_kind_names[kind],
						ks_issue_name(rows.v[r].issue), rows.v[r].programs, rows.v[r].deps);
	}
	vec_free(&rows);
}

/* KEY: [ITEMS[0], ...]. */
static void strings_json(struct json_writer *w, const char *key, const char *const *items,
			 size_t n)
{
	jw_key(w, key);
	jw_arr_open(w);
	for (size_t i = 0; i < n; i++)
		jw_str(w, items[i]);
	jw_arr_close(w);
}

/* KEY: {IMAGE: CONSEQUENCE, ...}, V[i] the consequence in the run's i-th image. */
static void verdicts_json(const struct check_run *run, struct json_writer *w, const char *key,
			  const enum check_cons *v)
{
	jw_key(w, key);
	jw_obj_open(w);
	for (size_t i = 0; i < run->images.n; i++)
		jw_kv_str(w, run->images.v[i].name, check_cons_names[v[i]]);
	jw_obj_close(w);
}

/* PR's K-th program: where it is, how it attaches, its verdict per image. */
static void prog_json(const struct check_run *run, const struct check_program *pr, size_t k,
		      struct json_writer *w)
{
	const struct bpf_prog_desc *pd = &pr->deps.progs.v[k];
	jw_obj_open(w);
	jw_kv_str(w, "section", pd->section);
	jw_kv_str(w, "name", pd->name);
	jw_kv_str(w, "type", pd->type);
	jw_kv_str(w, "attach", pd->attach);
	if (pd->optional)
		jw_kv_bool(w, "optional", true);
	verdicts_json(run, w, "verdict", &pr->prog_verdict[k * run->images.n]);
	jw_obj_close(w);
}

/* Dependency D in one image (cell C): its issues and consequence there, the
 * functions a pattern matches, what to do about it. */
static void cell_json(const struct bpf_dep *d, const struct check_cell *c, struct json_writer *w)
{
	jw_obj_open(w);
	jw_key(w, "issues");
	jw_arr_open(w);
	for (int j = 0; j < c->n_issues; j++)
		jw_str(w, ks_issue_name(c->issues[j]));
	jw_arr_close(w);
	jw_kv_str(w, "consequence", check_cons_names[c->cons]);
	if (d->attach & (1u << ATTACH_FUNC_GLOB))
		strings_json(w, "matches", c->matched, c->n_matched);
	if (c->alternatives.n)
		strings_json(w, "alternatives", c->alternatives.v, c->alternatives.n);
	jw_obj_close(w);
}

/* PR's K-th dependency: what it is, its uses, the programs using it, its
 * cell per image. */
static void dep_json(const struct check_run *run, const struct check_program *pr, size_t k,
		     struct json_writer *w)
{
	const struct bpf_dep *d = &pr->deps.deps.v[k];
	size_t ni = run->images.n;
	jw_obj_open(w);
	jw_kv_str(w, "kind", bpf_dep_kind_names[d->kind]);
	jw_kv_str(w, "name", d->name);
	strings_json(w, "uses", d->uses.v, d->uses.n);
	jw_kv_bool(w, "guarded", d->guarded);
	jw_key(w, "programs");
	jw_arr_open(w);
	for (size_t q = 0; q < d->progs.n; q++)
		jw_str(w, pr->deps.progs.v[d->progs.v[q]].name);
	jw_arr_close(w);
	jw_key(w, "images");
	jw_obj_open(w);
	for (size_t i = 0; i < ni; i++) {
		jw_key(w, run->images.v[i].name);
		cell_json(d, &pr->cells[k * ni + i], w);
	}
	jw_obj_close(w);
	jw_obj_close(w);
}

/* PR's K-th CO-RE relocation, resolved or not per image. */
static void relo_json(const struct check_run *run, const struct check_program *pr, size_t k,
		      struct json_writer *w)
{
	const struct bpf_relo_deps *r = &pr->deps.relos.v[k];
	size_t ni = run->images.n;
	jw_obj_open(w);
	jw_kv_str(w, "section", r->section);
	jw_kv_u64(w, "index", r->index);
	jw_kv_str(w, "kind", bpf_relo_kind_str(r->kind));
	jw_kv_str(w, "spec", r->spec);
	jw_key(w, "resolved");
	jw_obj_open(w);
	for (size_t i = 0; i < ni; i++)
		jw_kv_bool(w, run->images.v[i].name, pr->relo_ok[k * ni + i]);
	jw_obj_close(w);
	jw_obj_close(w);
}

/* One checked object: its programs, dependencies with a cell per image,
 * relocations and verdict per image. */
static void object_json(const struct check_run *run, const struct check_program *pr,
			struct json_writer *w)
{
	jw_obj_open(w);
	jw_kv_str(w, "file", pr->file);
	jw_kv_str(w, "object", pr->object);
	jw_key(w, "programs");
	jw_arr_open(w);
	for (size_t k = 0; k < pr->deps.progs.n; k++)
		prog_json(run, pr, k, w);
	jw_arr_close(w);
	if (pr->built_for)
		jw_kv_str(w, "built_for", pr->built_for);
	jw_key(w, "dependencies");
	jw_arr_open(w);
	for (size_t k = 0; k < pr->deps.deps.n; k++)
		dep_json(run, pr, k, w);
	jw_arr_close(w);
	jw_key(w, "relocations");
	jw_arr_open(w);
	for (size_t k = 0; k < pr->deps.relos.n; k++)
		relo_json(run, pr, k, w);
	jw_arr_close(w);
	verdicts_json(run, w, "verdict", pr->verdict);
	jw_obj_close(w);
}

void check_print_json(const struct check_run *run, FILE *out)
{
	size_t ni = run->images.n;
	struct json_writer w;
	jw_init(&w, out);
	jw_obj_open(&w);
	jw_key(&w, "images");
	jw_arr_open(&w);
	for (size_t i = 0; i < ni; i++)
		jw_str(&w, run->images.v[i].name);
	jw_arr_close(&w);
	jw_key(&w, "programs");
	jw_arr_open(&w);
	for (size_t p = 0; p < run->programs.n; p++)
		object_json(run, &run->programs.v[p], &w);
	jw_arr_close(&w);
	jw_key(&w, "summary");
	summary_json(run, &w);
	jw_obj_close(&w);
	fputc('\n', out);
}

/* JSON Lines: one checked object per line, as in json's "programs" (the
 * images are its verdict's keys; the summary is json's alone). */
void check_print_jsonl(const struct check_run *run, FILE *out)
{
	for (size_t p = 0; p < run->programs.n; p++) {
		struct json_writer w;
		jw_init(&w, out);
		object_json(run, &run->programs.v[p], &w);
		fputc('\n', out);
	}
}
