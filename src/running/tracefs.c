/* tracefs.c — the running kernel's tracepoints: tracefs events joined with its BTF.
 *
 * tracefs lists every event as events/SYSTEM/NAME/format: its fields and its
 * print format, but not its class (the TRACE_EVENT or DECLARE_EVENT_CLASS
 * that defines its record struct trace_event_raw_CLASS and its function
 * trace_event_raw_event_CLASS).  The class is found in the BTF:
 *   1. CLASS = NAME when trace_event_raw_NAME exists with the event's fields
 *      (TRACE_EVENT, most events);
 *   2. else among the trace_event_raw_C with the event's fields (names in
 *      order, a __data_loc field being the member __data_loc_FIELD) whose
 *      trace_event_raw_event_C takes the arguments of the event's btf_trace_NAME
 *      prototype (same BTF types), the one sharing the longest prefix with NAME
 *      (block_rq_issue: block_rq), then the first by name.
 * Events of no vmlinux class (modules', kprobes', syscalls/ and ftrace/ ones,
 * which a vmlinux's table does not count either) are left out.
 */
#include "running/tracefs.h"

#include <bpf/btf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "surface/hook_names.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/xalloc.h"


/* The tracefs events directory: mounted where it is, else mounted at
 * /sys/kernel/tracing when we may; NULL when neither. */
static const char *events_dir(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing/events",
					    "/sys/kernel/debug/tracing/events" };
	for (size_t i = 0; i < 2; i++)
		if (access(dirs[i], R_OK | X_OK) == 0)
			return dirs[i];
	if (geteuid() == 0 && mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) == 0 &&
	    access(dirs[0], R_OK | X_OK) == 0)
		return dirs[0];
	return NULL;
}

/* Field names of a format file, common_ ones left out, joined by ','; the
 * print format into FMT.  False when the file is not a format. */
static bool parse_format(const char *text, struct strbuf *fields, struct strbuf *fmt)
{
	bool any = false;
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t len = strcspn(l, "\n");
		const char *f = memmem(l, len, "field:", 6);
		if (!strncmp(l, "print fmt: ", 11)) {
			sb_addn(fmt, l + 11, len - 11);
			any = true;
			continue;
		}
		if (!f)
			continue;
		const char *decl = f + 6, *semi = memchr(decl, ';', len - (size_t)(decl - l));
		if (!semi)
			return false;
		const char *e = semi;
		while (e > decl && e[-1] == ']') /* char comm[16] */
			while (e > decl && *--e != '[')
				;
		const char *b = e;
		while (b > decl && b[-1] != ' ' && b[-1] != '\t')
			b--;
		if (b == e || (e - b > 7 && !strncmp(b, "common_", 7)))
			continue;
		if (fields->len)
			sb_add(fields, ",");
		if (memmem(decl, (size_t)(b - decl), "__data_loc", 10) ||
		    memmem(decl, (size_t)(b - decl), "__rel_loc", 9))
			sb_add(fields, memmem(decl, (size_t)(b - decl), "__rel_loc", 9) ? "__rel_loc_"
											 : "__data_loc_");
		sb_addn(fields, b, (size_t)(e - b));
	}
	return any;
}

/* Member names of struct ID but its first (ent, the common header) and a
 * last __data, joined by ','. */
static void struct_fields(const struct btf *btf, const struct btf_type *t, struct strbuf *out)
{
	const struct btf_member *m = btf_members(t);
	unsigned n = btf_vlen(t);
	for (unsigned i = 1; i < n; i++) {
		const char *name = btf__name_by_offset(btf, m[i].name_off);
		if (i == n - 1 && !strcmp(name, "__data"))
			break;
		if (out->len)
			sb_add(out, ",");
		sb_add(out, name);
	}
}

/* The FUNC_PROTO a FUNC or a typedef'd pointer leads to, NULL for none. */
static const struct btf_type *proto_of(const struct btf *btf, int id)
{
	for (int depth = 0; id > 0 && depth < 8; depth++) {
		const struct btf_type *t = btf__type_by_id(btf, (__u32)id);
		if (!t)
			return NULL;
		if (btf_is_func_proto(t))
			return t;
		if (!btf_is_func(t) && !btf_is_typedef(t) && !btf_is_ptr(t))
			return NULL;
		id = (int)t->type;
	}
	return NULL;
}

/* Whether protos A and B take the same arguments after the first (void *__data). */
static bool same_args(const struct btf_type *a, const struct btf_type *b)
{
	if (!a || !b || btf_vlen(a) != btf_vlen(b) || btf_vlen(a) < 1)
		return false;
	const struct btf_param *p = btf_params(a), *q = btf_params(b);
	for (unsigned i = 1; i < btf_vlen(a); i++)
		if (p[i].type != q[i].type)
			return false;
	return true;
}

struct event_class {
	const char *name; /* CLASS */
	char *fields;
	const struct btf_type *proto; /* of trace_event_raw_event_CLASS */
};

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

static int by_event(const void *x, const void *y)
{
	return strcmp(((const struct ks_tracepoint *)x)->event_name,
		      ((const struct ks_tracepoint *)y)->event_name);
}

int tracefs_read(const struct btf *btf, struct ks_surface *s)
{
	const char *dir = events_dir();
	if (!dir)
		return 0; /* no tracefs: no tracepoints (docs/semantics.md) */
	/* the classes the BTF defines */
	VEC(struct event_class) classes = { 0 };
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		if (!btf_is_struct(t) || !hook_strip(HOOK_TP_STRUCT, name) || hook_strip(HOOK_TP_FUNC, name))
			continue;
		struct event_class c = { hook_strip(HOOK_TP_STRUCT, name), NULL, NULL };
		char func[512];
		hook_name(func, sizeof(func), HOOK_TP_FUNC, c.name);
		c.proto = proto_of(btf, btf__find_by_name_kind(btf, func, BTF_KIND_FUNC));
		struct strbuf f = { 0 };
		struct_fields(btf, t, &f);
		c.fields = xstrdup(sb_str(&f));
		sb_free(&f);
		vec_push(&classes, c);
	}
	int ret = 0;
	DIR *systems = opendir(dir);
	struct dirent *sys, *ev;
	while (systems && (sys = readdir(systems))) {
		if (sys->d_name[0] == '.' || !strcmp(sys->d_name, "ftrace") ||
		    !strcmp(sys->d_name, "syscalls"))
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, sys->d_name);
		DIR *events = opendir(path);
		while (events && (ev = readdir(events))) {
			if (ev->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s/format", dir, sys->d_name, ev->d_name);
			FILE *f = fopen(path, "r");
			if (!f)
				continue; /* enable, filter: not an event */
			struct strbuf text = { 0 }, fields = { 0 }, fmt = { 0 };
			char buf[4096];
			size_t n;
			while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && text.len < (1u << 20))
				sb_addn(&text, buf, n);
			fclose(f);
			const struct event_class *best = NULL;
			if (parse_format(sb_str(&text), &fields, &fmt)) {
				char tp[512];
				hook_name(tp, sizeof(tp), HOOK_TP_TYPEDEF, ev->d_name);
				const struct btf_type *want =
					proto_of(btf, btf__find_by_name_kind(btf, tp, BTF_KIND_TYPEDEF));
				size_t best_prefix = 0;
				for (size_t i = 0; i < classes.n; i++) {
					const struct event_class *c = &classes.v[i];
					if (strcmp(c->fields, sb_str(&fields)))
						continue;
					if (!strcmp(c->name, ev->d_name)) {
						best = c;
						break;
					}
					if (!same_args(c->proto, want))
						continue;
					size_t p = common_prefix(c->name, ev->d_name);
					if (!best || p > best_prefix ||
					    (p == best_prefix && strcmp(c->name, best->name) < 0)) {
						best = c;
						best_prefix = p;
					}
				}
			}
			if (best) {
				char name[512];
				struct ks_tracepoint t = {
					arena_strdup(&s->strings, ev->d_name),
					arena_strdup(&s->strings, best->name),
					arena_strdup(&s->strings, sb_str(&fmt)), NULL, NULL };
				hook_name(name, sizeof(name), HOOK_TP_FUNC, best->name);
				t.func = ks_surface_type(s, KS_TYPE_FUNC, name);
				hook_name(name, sizeof(name), HOOK_TP_STRUCT, best->name);
				t.strct = ks_surface_type(s, KS_TYPE_STRUCT, name);
				if (t.func && t.strct)
					vec_push(&s->tracepoints, t);
			}
			sb_free(&text);
			sb_free(&fields);
			sb_free(&fmt);
		}
		if (events)
			closedir(events);
	}
	if (systems)
		closedir(systems);
	else
		ks_error("%s: %s", dir, strerror(errno)), ret = -1;
	for (size_t i = 0; i < classes.n; i++)
		free(classes.v[i].fields);
	vec_free(&classes);
	if (s->tracepoints.n)
		qsort(s->tracepoints.v, s->tracepoints.n, sizeof(s->tracepoints.v[0]), by_event);
	return ret;
}
