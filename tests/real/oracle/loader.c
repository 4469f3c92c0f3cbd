/*
 * loader — the kernel as the oracle for `ksurf check`.
 *
 * Usage: loader [-v] OBJ...   (-v: every libbpf message too, as LOG lines)
 *
 * For each BPF object file and each program in it: open the object, turn
 * autoload off for every other program (on for this one, even when its
 * section starts with `?`), load, and on success attach.  One line per
 * program, tab-separated:
 *
 *   RESULT OBJFILE SECTION PROGNAME load=OK|load=-ERRNO|load=unknown-section
 *          attach=OK|attach=-ERRNO|attach=skip [NOTE]
 *
 * SECTION carries a leading `?` when the object marks the program optional
 * (autoload off by default).  NOTE is the most telling libbpf message about
 * the program (an unresolved CO-RE relocation, an unknown helper, the first
 * warning naming it), tabs and newlines removed.  Programs the loader cannot
 * attach by itself (perf_event, uprobe, usdt, xdp, tc, cgroup, socket, ...,
 * and bare sections whose target a loader sets at run time) get attach=skip:
 * their load is the answer.  Everything is closed between programs.  Ends
 * with ORACLE-DONE.
 *
 * Build (static, for a minimal initramfs):
 *   gcc -O2 -static -o loader loader.c -lbpf -lelf -lz [-lzstd]
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_MAX (256 * 1024)

static char logbuf[LOG_MAX];
static size_t loglen;
static char warnmask[LOG_MAX]; /* 1 where logbuf holds a warning's text */
static int verbose;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (loglen >= LOG_MAX - 1)
		return 0;
	int n = vsnprintf(logbuf + loglen, LOG_MAX - loglen, fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n > LOG_MAX - loglen - 1)
		n = (int)(LOG_MAX - loglen - 1);
	memset(warnmask + loglen, level == LIBBPF_WARN, (size_t)n);
	if (verbose) {
		for (const char *l = logbuf + loglen, *e; *l; l = e + 1) {
			e = strchr(l, '\n');
			if (!e) {
				printf("LOG\t%s\n", l);
				break;
			}
			printf("LOG\t%.*s\n", (int)(e - l), l);
		}
	}
	loglen += (size_t)n;
	logbuf[loglen] = 0;
	return 0;
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = 0;
}

/* The line of logbuf starting at *pos (advanced past it); NULL at the end. */
static const char *next_line(size_t *pos, size_t *len, int *warn)
{
	if (*pos >= loglen)
		return NULL;
	const char *s = logbuf + *pos;
	const char *e = memchr(s, '\n', loglen - *pos);
	size_t l = e ? (size_t)(e - s) : loglen - *pos;
	*warn = warnmask[*pos];
	*len = l;
	*pos += l + (e ? 1 : 0);
	return s;
}

static int contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return 1;
	return 0;
}

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The note: a CO-RE relocation the verifier tripped on, an unknown helper,
 * a `relo #N` warning about the program, the first warning naming it, the
 * first warning at all. */
static void pick_note(const char *prog, char *out, size_t outsz)
{
	char tag[300];
	snprintf(tag, sizeof(tag), "'%s'", prog);
	static const char *const pri[] = {"failed to resolve CO-RE relocation", "unknown func", "invalid func",
					  "relo #", NULL};
	/* the verifier's verdict: the last line of its log before the statistics */
	const char *vline = NULL;
	size_t vlen = 0;
	{
		size_t pos = 0, len;
		int warn, in = 0;
		const char *l;
		while ((l = next_line(&pos, &len, &warn))) {
			if (contains(l, len, "-- BEGIN PROG LOAD LOG --")) {
				in = 1;
				continue;
			}
			if (!in)
				continue;
			if (contains(l, len, "-- END PROG LOAD LOG --")) {
				size_t k = (size_t)(strstr(l, "-- END PROG LOAD LOG --") - l);
				if (k == 0)
					break;
				len = k;
				in = 0;
			}
			if (len == 0 || has_prefix(l, "processed ") || has_prefix(l, "verification time") ||
			    has_prefix(l, "stack depth") || has_prefix(l, "Validating ") ||
			    has_prefix(l, "func#") || has_prefix(l, "old state") || has_prefix(l, "new state"))
				continue;
			vline = l;
			vlen = len;
			if (!in)
				break;
		}
	}
	const char *best = NULL;
	size_t bestlen = 0;
	int rank = 99;
	size_t pos = 0, len;
	int warn;
	const char *l;
	while ((l = next_line(&pos, &len, &warn))) {
		int r = 99;
		for (int k = 0; pri[k]; k++)
			if (contains(l, len, pri[k]) && (k < 3 || (warn && contains(l, len, tag)))) {
				r = k;
				break;
			}
		if (r == 99 && warn)
			r = contains(l, len, tag) ? 10 : 11;
		if (r < rank) {
			rank = r;
			best = l;
			bestlen = len;
		}
	}
	if (vline && rank > 2) {
		best = vline;
		bestlen = vlen;
	}
	out[0] = 0;
	if (!best)
		return;
	if (bestlen >= 8 && memcmp(best, "libbpf: ", 8) == 0) {
		best += 8;
		bestlen -= 8;
	}
	size_t j = 0;
	for (size_t i = 0; i < bestlen && j + 1 < outsz; i++) {
		char c = best[i];
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		out[j++] = c;
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	out[j] = 0;
}

/* Whether the loader attaches the program itself: kernel-side hooks with a
 * target in the section name. */
static int attachable(const char *sec)
{
	static const char *const fam[] = {"kprobe/", "kretprobe/", "kprobe.multi/", "kretprobe.multi/",
					  "kprobe.session/", "ksyscall/", "kretsyscall/", "tracepoint/",
					  "tp/", "raw_tp/", "raw_tracepoint/", "raw_tp.w/",
					  "raw_tracepoint.w/", "tp_btf/", "fentry/", "fexit/",
					  "fmod_ret/", "fentry.s/", "fexit.s/", "fmod_ret.s/",
					  "lsm/", "lsm.s/", "iter/", "iter.s/", NULL};
	for (int k = 0; fam[k]; k++)
		if (has_prefix(sec, fam[k]) && sec[strlen(fam[k])])
			return 1;
	return 0;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static void clean(char *s)
{
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}

/* What a tool's user-space part sets before load and an object leaves 0:
 * libbpf-tools size their stack maps (value_size: the stack depth) and some
 * hash maps (max_entries) at run time.  A map the kernel would refuse for a 0
 * gets a working value; each fixup is printed as a FIXUP line once. */
static void fixup_maps(struct bpf_object *obj, const char *path, int print)
{
	struct bpf_map *m;
	bpf_object__for_each_map(m, obj)
	{
		enum bpf_map_type t = bpf_map__type(m);
		if (t == BPF_MAP_TYPE_STACK_TRACE && bpf_map__value_size(m) == 0) {
			bpf_map__set_value_size(m, 127 * sizeof(__u64));
			if (print)
				printf("FIXUP\t%s\t%s\tvalue_size=%u\n", base(path), bpf_map__name(m), bpf_map__value_size(m));
		}
		if (bpf_map__max_entries(m) == 0 && t != BPF_MAP_TYPE_PERF_EVENT_ARRAY && !bpf_map__is_internal(m)) {
			__u32 n = t == BPF_MAP_TYPE_RINGBUF || t == BPF_MAP_TYPE_USER_RINGBUF ? 256 * 1024 : 10240;
			if (t == BPF_MAP_TYPE_SK_STORAGE || t == BPF_MAP_TYPE_INODE_STORAGE ||
			    t == BPF_MAP_TYPE_TASK_STORAGE || t == 32 /* BPF_MAP_TYPE_CGRP_STORAGE */ ||
			    t == BPF_MAP_TYPE_STRUCT_OPS)
				continue;
			bpf_map__set_max_entries(m, n);
			if (print)
				printf("FIXUP\t%s\t%s\tmax_entries=%u\n", base(path), bpf_map__name(m), n);
		}
	}
}

static void one_object(const char *path)
{
	/* first pass: the programs' names and sections */
	log_reset();
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		int err = -errno;
		char note[512];
		pick_note("", note, sizeof(note));
		printf("RESULT\t%s\t-\t-\tload=open%d\tattach=skip\t%s\n", base(path), err, note);
		fflush(stdout);
		return;
	}
	fixup_maps(obj, path, 1);
	int n = 0;
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj) n++;
	char **names = calloc((size_t)n + 1, sizeof(char *));
	char **secs = calloc((size_t)n + 1, sizeof(char *));
	int *optional = calloc((size_t)n + 1, sizeof(int));
	int *unknown = calloc((size_t)n + 1, sizeof(int));
	int i = 0;
	bpf_object__for_each_program(p, obj)
	{
		names[i] = strdup(bpf_program__name(p));
		secs[i] = strdup(bpf_program__section_name(p));
		clean(secs[i]);
		optional[i] = !bpf_program__autoload(p);
		enum bpf_prog_type t;
		enum bpf_attach_type at;
		unknown[i] = bpf_program__type(p) == BPF_PROG_TYPE_UNSPEC ||
			     libbpf_prog_type_by_name(secs[i], &t, &at) != 0;
		i++;
	}
	bpf_object__close(obj);

	for (i = 0; i < n; i++) {
		char sec[600];
		snprintf(sec, sizeof(sec), "%s%s", optional[i] ? "?" : "", secs[i]);
		if (unknown[i]) {
			printf("RESULT\t%s\t%s\t%s\tload=unknown-section\tattach=skip\tlibbpf %s does not know section '%s'\n",
			       base(path), sec, names[i], libbpf_version_string(), secs[i]);
			fflush(stdout);
			continue;
		}
		log_reset();
		char load[32], attach[32], note[512];
		obj = bpf_object__open_file(path, NULL);
		if (!obj) {
			snprintf(load, sizeof(load), "load=open%d", -errno);
			pick_note(names[i], note, sizeof(note));
			printf("RESULT\t%s\t%s\t%s\t%s\tattach=skip%s%s\n", base(path), sec, names[i], load,
			       note[0] ? "\t" : "", note);
			fflush(stdout);
			continue;
		}
		fixup_maps(obj, path, 0);
		struct bpf_program *target = NULL;
		bpf_object__for_each_program(p, obj)
		{
			int me = strcmp(bpf_program__name(p), names[i]) == 0;
			bpf_program__set_autoload(p, me);
			if (me)
				target = p;
		}
		int err = bpf_object__load(obj);
		if (err) {
			snprintf(load, sizeof(load), "load=%d", err < 0 ? err : -err);
			snprintf(attach, sizeof(attach), "attach=skip");
		} else {
			snprintf(load, sizeof(load), "load=OK");
			if (target && attachable(secs[i])) {
				struct bpf_link *link = bpf_program__attach(target);
				if (!link) {
					snprintf(attach, sizeof(attach), "attach=%d", -errno);
				} else {
					snprintf(attach, sizeof(attach), "attach=OK");
					bpf_link__destroy(link);
				}
			} else {
				snprintf(attach, sizeof(attach), "attach=skip");
			}
		}
		note[0] = 0;
		if (err || strcmp(attach, "attach=OK") != 0)
			pick_note(names[i], note, sizeof(note));
		if (strcmp(attach, "attach=skip") == 0 && !err)
			note[0] = 0;
		printf("RESULT\t%s\t%s\t%s\t%s\t%s%s%s\n", base(path), sec, names[i], load, attach,
		       note[0] ? "\t" : "", note);
		fflush(stdout);
		bpf_object__close(obj);
	}
	for (i = 0; i < n; i++) {
		free(names[i]);
		free(secs[i]);
	}
	free(names);
	free(secs);
	free(optional);
	free(unknown);
}

int main(int argc, char **argv)
{
	libbpf_set_print(print_fn);
	printf("ORACLE-LIBBPF\t%s\n", libbpf_version_string());
	fflush(stdout);
	int k = 1;
	if (k < argc && strcmp(argv[k], "-v") == 0) {
		verbose = 1;
		k++;
	}
	for (; k < argc; k++)
		one_object(argv[k]);
	printf("ORACLE-DONE\n");
	fflush(stdout);
	return 0;
}
