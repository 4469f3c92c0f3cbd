#include "export/export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "report/func_report.h"
#include "util/error.h"
#include "util/json_writer.h"
#include "util/whole_file.h"

typedef void (*writer_fn)(FILE *out, const struct ks_surface *s);

static void write_func_groups(FILE *out, const struct ks_surface *s)
{
	struct json_writer w;
	for (size_t i = 0; i < s->groups.n; i++) {
		jw_init(&w, out);
		report_func_group_json(&w, s, &s->groups.v[i], false);
		fputc('\n', out);
	}
}

static void write_symtab(FILE *out, const struct ks_surface *s)
{
	struct json_writer w;
	for (size_t i = 0; i < s->symbols.n; i++) {
		jw_init(&w, out);
		report_symbol_json(&w, &s->symbols.v[i]);
		fputc('\n', out);
	}
}

/* types_KIND/NAME.jsonl: the stored JSON lines of one kind. */
static int types_kind;

static void write_types(FILE *out, const struct ks_surface *s)
{
	for (size_t i = 0; i < s->types.n; i++) {
		if (s->types.v[i].kind != types_kind)
			continue;
		fwrite(s->types.v[i].json, 1, s->types.v[i].json_len, out);
		fputc('\n', out);
	}
}

/* syscalls/NAME.json: {"0": "read", ...}, indented by 2, as Python's json.dump(indent=2). */
static void write_syscalls(FILE *out, const struct ks_surface *s)
{
	bool first = true;
	fputc('{', out);
	for (size_t i = 0; i < s->syscalls.n; i++) {
		if (!s->syscalls.v[i])
			continue;
		fprintf(out, "%s\n  \"%zu\": ", first ? "" : ",", i);
		json_write_string(out, s->syscalls.v[i]);
		first = false;
	}
	fputs(first ? "}" : "\n}", out);
}

/* tracepoints/NAME.jsonl: one tracepoint per line, its function and struct normalized. */
static void write_tracepoints(FILE *out, const struct ks_surface *s)
{
	for (size_t i = 0; i < s->tracepoints.n; i++) {
		const struct ks_tracepoint *tp = &s->tracepoints.v[i];
		if (!tp->func || !tp->strct)
			continue;
		struct json_writer w;
		jw_init(&w, out);
		jw_obj_open(&w);
		jw_kv_str(&w, "class_name", tp->class_name);
		jw_kv_str(&w, "event_name", tp->event_name);
		jw_kv_str(&w, "func_name", tp->func->name);
		jw_kv_str(&w, "struct_name", tp->strct->name);
		jw_kv_str(&w, "fmt_str", tp->fmt_str);
		fputs(", \"func\": ", out);
		fwrite(tp->func->json, 1, tp->func->json_len, out);
		fputs(", \"struct\": ", out);
		fwrite(tp->strct->json, 1, tp->strct->json_len, out);
		fputs("}\n", out);
	}
}

/* image/NAME.json (ksurf's own, not in the published layout): the identity
 * the name alone does not give, so that import gets the image back whole. */
static void write_identity(FILE *out, const struct ks_surface *s)
{
	const struct ks_image_info *in = &s->info;
	struct json_writer w;
	jw_init(&w, out);
	jw_obj_open(&w);
	const char *keys[] = { "name", "kind", "release", "version", "abi", "flavor", "arch",
			       "distro", "banner" };
	const char *vals[] = { in->name, in->kind, in->release, in->version, in->abi, in->flavor,
			       in->arch, in->distro, in->banner };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		jw_kv_str(&w, keys[i], vals[i] ? vals[i] : "");
	jw_kv_nonneg(&w, "syscall_base", in->syscall_base);
	jw_obj_close(&w);
	fputc('\n', out);
}

static void write_config(FILE *out, const struct ks_surface *s)
{
	fwrite(s->config, 1, s->config_len, out);
}

static void write_comment(FILE *out, const struct ks_surface *s)
{
	fprintf(out, "%s\n", s->info.comment);
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		ks_error("%s: cannot create directory: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* DIR/SUB/NAME.EXT, whole or not at all (util/whole_file.h). */
static int write_file(const char *dir, const char *sub, const char *ext,
		      const struct ks_surface *s, writer_fn fn)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	if (make_dir(path) < 0)
		return -1;
	whole_sweep(path);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s.%s", dir, sub, s->info.name, ext) >=
	    sizeof(path)) {
		ks_error("%s/%s: the path is too long", dir, sub);
		return -1;
	}
	struct whole_file w;
	if (whole_open(&w, path) < 0) {
		ks_error("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	static char buf[1 << 16];
	setvbuf(w.f, buf, _IOFBF, sizeof(buf));
	fn(w.f, s);
	if (whole_commit(&w) < 0) {
		ks_error("%s: write failed: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int export_image(const char *dir, const struct ks_surface *s)
{
	if (make_dir(dir) < 0)
		return -1;
	if (write_file(dir, "image", "json", s, write_identity) < 0 ||
	    write_file(dir, "func_groups", "jsonl", s, write_func_groups) < 0 ||
	    write_file(dir, "symtab", "jsonl", s, write_symtab) < 0 ||
	    write_file(dir, "comment", "txt", s, write_comment) < 0)
		return -1;
	if (s->config && write_file(dir, "config", "config", s, write_config) < 0)
		return -1;
	if (s->syscalls.n && write_file(dir, "syscalls", "json", s, write_syscalls) < 0)
		return -1;
	if (s->tracepoints.n && write_file(dir, "tracepoints", "jsonl", s, write_tracepoints) < 0)
		return -1;
	/* The published layout has no place for ENUM64 and typedefs:
	 * types_enum64/ and types_typedef/ are ksurf's, written when the image has some. */
	static const struct { int kind; const char *dir; } kinds[] = {
		{ KS_TYPE_FUNC, "types_func" },	  { KS_TYPE_STRUCT, "types_struct" },
		{ KS_TYPE_UNION, "types_union" }, { KS_TYPE_ENUM, "types_enum" },
		{ KS_TYPE_INT, "types_int" },	  { KS_TYPE_ENUM64, "types_enum64" },
		{ KS_TYPE_TYPEDEF, "types_typedef" },
	};
	bool have[KS_TYPE__COUNT] = { false };
	for (size_t i = 0; i < s->types.n; i++)
		have[s->types.v[i].kind] = true;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		types_kind = kinds[i].kind;
		bool own = kinds[i].kind == KS_TYPE_ENUM64 || kinds[i].kind == KS_TYPE_TYPEDEF;
		if ((!own || have[kinds[i].kind]) &&
		    write_file(dir, kinds[i].dir, "jsonl", s, write_types) < 0)
			return -1;
	}
	return 0;
}
