/* check.h — which kernels an eBPF program breaks on, and how.
 *
 * Each dependency of each object (bpf/bpf_deps.h) is resolved in each image
 * through report/dep.c, the code the report pages use, so `check` and `show`
 * cannot disagree.  In an image a dependency has issues (Absent, Full Inline,
 * Selective Inline, Transformation, Duplicate, Collision, No BTF, the changes
 * against the image its group compares it with) and a consequence, worst
 * first:
 *   fails       a plain dependency absent, fully inlined or transformed, a
 *               BTF-attached function without BTF: the program does not load
 *               or attach
 *   misses      a probed function selectively inlined, duplicated, colliding,
 *               a pattern matching fewer functions: it sees only part
 *   wrong-data  a prototype or a read field's type changed
 *   degraded    a guarded dependency missing: the program's fallback runs
 *   ok
 * A program's verdict in an image is its worst consequence there.
 */
#ifndef KSURF_CHECK_CHECK_H
#define KSURF_CHECK_CHECK_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bpf/bpf_deps.h"
#include "surface/issues.h"

struct ks_store;

enum check_cons { CONS_OK, CONS_DEGRADED, CONS_WRONG_DATA, CONS_MISSES, CONS_FAILS, CONS__COUNT };
extern const char *const check_cons_names[CONS__COUNT]; /* "ok", ..., "fails" */
/* "fails", "misses", "wrong-data", "degraded" (and "misses-events"); -1 otherwise. */
int check_cons_parse(const char *s);

#define CHECK_MAX_ISSUES 8

struct check_cell {
	enum ks_issue issues[CHECK_MAX_ISSUES];
	int n_issues;
	enum check_cons cons;
	VEC(const char *) alternatives; /* what to do about it */
	const char *body; /* its Status body as the report pages show it, or NULL */
	const char *const *matched; /* a pattern: the functions it matches there */
	size_t n_matched;
};

struct check_image {
	int64_t id;
	const char *name;
	int64_t ref; /* the image its group compares it with; 0: none */
	const char *arch, *version; /* "amd64"; "6.1.192" (NULL unknown) */
	const char *release;        /* "6.1.0-57-amd64", as uname -r says it (NULL unknown) */
	const char *banner;         /* its linux_banner (NULL unknown) */
};

struct check_program {
	const char *file, *object;
	struct bpf_deps deps;
	struct check_cell *cells; /* deps.deps.n x the run's images */
	enum check_cons *verdict; /* per image */
	enum check_cons *prog_verdict; /* deps.progs.n x the run's images */
	bool *relo_ok;            /* deps.relos.n x the run's images: libbpf resolves it */
	const char *built_for;    /* the architecture its pt_regs reads name, or NULL */
};

struct check_cache;

struct check_run {
	struct ks_store *st;
	VEC(struct check_image) images;
	VEC(struct check_program) programs;
	struct arena strings;
	struct check_cache *cache;
	bool skip_empty; /* a file without BPF objects: a warning, not an error */
};

/*
 * Start a run over the images named IMAGES (NULL: every image of the dataset;
 * else NAMES as `ksurf diff` takes them) of ST.  Each image is compared with
 * the image its report group compares it with (the previous one of Regular
 * and Revision, the baseline for Arch and Flavor).  -1 after an error line.
 */
int check_run_init(struct check_run *run, struct ks_store *st, const char *const *images,
		   size_t n_images);

/* Every BPF object of the file PATH, each a program of the run.  -1 after an
 * error line (a malformed object, a file holding none unless skip_empty:
 * then a warning line and 0). */
int check_run_file(struct check_run *run, const char *path);

/* PATH as check_run_file, or when a directory every file in it (recursively,
 * by name, symlinks and files without objects skipped). */
int check_run_path(struct check_run *run, const char *path);
void check_run_free(struct check_run *run);

/* The worst verdict of every program on every image. */
enum check_cons check_run_worst(const struct check_run *run);

/* Per dependency kind (enum bpf_dep_kind) and issue: the programs, and the
 * distinct dependencies, with it in at least one image. */
struct check_summary_row {
	int kind;
	enum ks_issue issue;
	size_t programs, deps;
};
typedef VEC(struct check_summary_row) check_summary_rows;
void check_summarize(const struct check_run *run, check_summary_rows *rows);

/* Output: the text matrix, the md report, the JSON document. */
void check_print_text(const struct check_run *run, FILE *out, bool colour);
void check_print_md(const struct check_run *run, FILE *out);
void check_print_json(const struct check_run *run, FILE *out);
void check_print_jsonl(const struct check_run *run, FILE *out);

#endif
