/* dep.h — one dependency in one image, as the report pages and `ksurf show` see it.
 *
 * A dependency is a kind and a name: a function, struct, union, enum, system
 * call, tracepoint, LSM hook, kfunc, or a struct field STRUCT::FIELD.  Loaded
 * from the dataset for one image it says whether the image has it, its issue
 * marks, the markdown body of its Status item and what its Differences
 * compare:
 *
 *   func        the BTF prototype (an image with a group but no prototype
 *               is present yet has nothing to compare)
 *   struct ...  the type; enum also finds ENUM64, and an anonymous enum by
 *               its identity "(anon FIRST)" from the image's stored BTF
 *               (report/dep_anon.h)
 *   field       the member's type, found by name in STRUCT (else the union)
 *   tracepoint  the event struct trace_event_raw_CLASS, then the function
 *               trace_event_raw_event_CLASS
 *   lsm         security_NAME (or bpf_lsm_NAME); kfunc its prototype
 *   syscall     presence only
 */
#ifndef KSURF_REPORT_DEP_H
#define KSURF_REPORT_DEP_H
#include <stdbool.h>
#include <stdint.h>

#include "diff/type_diff.h"
#include "surface/issues.h"
#include "surface/kinds.h"
#include "surface/surface.h"
#include "util/json_parse.h"
#include "util/json_writer.h"

struct ks_store;


#define DEP_MAX_ISSUES 4

struct dep {
	bool present;
	bool comparable; /* has what its Differences compare (in a, b) */
	enum ks_issue issues[DEP_MAX_ISSUES]; /* ISSUE_SELECTIVE_INLINE, ...; none: ✅ */
	int n_issues;
	char *body; /* Status markdown after the summary's blank line (malloc'd) */
	struct ks_surface s;
	struct jv a, b; /* what Differences compare: the type (a tracepoint's event
			 * struct, then b its function; a field's type, b the member) */
	long func_type, struct_type; /* indexes into s.types, -1 when absent */
	const struct ks_func_group *group;
	const char *fmt_str; /* a tracepoint's print format */
	long nr;             /* a system call's number (its table's base + index), -1
			      * when absent or unnumbered (no table: the running kernel) */
};

/* Load NAME of KIND in image ID into *D (free with dep_free, also after an
 * error).  NAME may be spelt as people type it (report/dep_name.h). */
int dep_load(struct ks_store *st, int64_t id, enum dep_kind kind, const char *name, struct dep *d);
void dep_free(struct dep *d);

struct layout;
/* The memory layout of D, a struct or union loaded from image ID (member
 * sizes from that image's types); -1 when D is none or absent. */
int dep_layout(struct ks_store *st, int64_t id, const struct dep *d, struct layout *out);
/* The layout as a JSON object {"image", "kind", "name", "size", "members":
 * [{"name", "decl", "offset", "bit_offset", "size", "bitfield_size", "hole_before_bits"}],
 * "holes", "sum_holes", "bit_holes", "sum_bit_holes", "padding", "complete"}. */
void dep_layout_json(struct json_writer *w, const char *image, const struct dep *d,
		     const struct layout *l);


/* D's layout as text to OUT: from image ID's stored BTF as pahole -C prints it
 * (type_layout_btf_print), else L (type_layout_print); -1 after an error line. */
int dep_layout_print(struct ks_store *st, int64_t id, const struct dep *d, const struct layout *l,
		     FILE *out);
/* Every struct (IS_UNION: union) of image ID whose name matches GLOB
 * (fnmatch) as pahole prints it, in the image's BTF order, the first of each
 * name; -1 after an error line (an image whose BTF the dataset does not hold
 * is one, and so is no name matching). */
int dep_layout_print_all(struct ks_store *st, int64_t id, const char *image, bool is_union,
			 const char *glob, FILE *out);

/* "; did you mean A, B or C?" (into BUF, "" for none): the names of KIND closest to
 * NAME in the images IDS (N of them; the first few are searched).  An enum's
 * value given as an enum: "; VALUE is a value of enum (anon VALUE)" instead. */
const char *dep_suggest(struct ks_store *st, const int64_t *ids, size_t n, enum dep_kind kind,
			const char *name, char *buf, size_t len);

/* D's marks into BUF: "Collision, Selective Inline ⚠️", "✅" when it has no
 * issue, "Absent ⚠️" when D is absent (or NULL). */
const char *dep_issue_text(const struct dep *d, char *buf, size_t len);

/* The terminal colour of D's marks: green (no issue), yellow (issues), red (absent; D NULL too). */
const char *dep_colour(const struct dep *d);

/* The changes from OLD to NEW, both comparable (for a tracepoint "Event changed"
 * then its struct's changes, "Func changed" then its function's). */
void dep_diff(enum dep_kind kind, const struct dep *old, const struct dep *new, diff_changes *out);

/* The per-image JSON of `ksurf show --image`: {"image", then per kind "group"
 * and "type" (func), "type" (types), "member" (field), "func"/"struct"/
 * "fmt_str" (hooks), "nr" (syscall)}, null where absent. */
void dep_write_json(struct json_writer *w, enum dep_kind kind, const char *image,
		    const struct dep *d);

#endif
