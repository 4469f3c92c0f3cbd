#include "bpf/bpf_deps.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf/bpf_reach.h"
#include "util/xalloc.h"

const char *const bpf_dep_kind_names[BDEP__COUNT] = {
	"func",	   "syscall", "tracepoint", "lsm",    "struct",	  "field",  "type",
	"enumval", "kfunc",   "ksym",	    "helper", "map_type", "config",
};

/* libbpf's section conventions (its section_defs[]): a prefix, matched as the
 * whole section name or followed by '/' (SEC_PLUS) or as a prefix (SEC_PREFIX);
 * what the program's context is where it is the target's arguments, 8 bytes
 * each (CTX_ARGS), and the return value after them (CTX_ARGS_RET). */
enum { SEC_EXACT, SEC_PLUS, SEC_PREFIX };
enum { CTX_OTHER, CTX_ARGS, CTX_ARGS_RET };
static const struct sec_def {
	const char *prefix;
	int match;
	const char *type;
	enum bpf_attach how;
	int ctx;
} sec_defs[] = {
	{ "kprobe.multi", SEC_PLUS, "kprobe", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "kretprobe.multi", SEC_PLUS, "kprobe", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "kprobe.session", SEC_PLUS, "kprobe", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "kprobe", SEC_PLUS, "kprobe", ATTACH_FUNC, CTX_OTHER },
	{ "kretprobe", SEC_PLUS, "kprobe", ATTACH_FUNC, CTX_OTHER },
	{ "ksyscall", SEC_PLUS, "kprobe", ATTACH_SYSCALL, CTX_OTHER },
	{ "kretsyscall", SEC_PLUS, "kprobe", ATTACH_SYSCALL, CTX_OTHER },
	{ "uprobe", SEC_PREFIX, "kprobe", ATTACH_NONE, CTX_OTHER },
	{ "uretprobe", SEC_PREFIX, "kprobe", ATTACH_NONE, CTX_OTHER },
	{ "usdt", SEC_PREFIX, "kprobe", ATTACH_NONE, CTX_OTHER },
	{ "tracepoint.s", SEC_PLUS, "tracepoint", ATTACH_TP, CTX_OTHER },
	{ "tracepoint", SEC_PLUS, "tracepoint", ATTACH_TP, CTX_OTHER },
	{ "tp.s", SEC_PLUS, "tracepoint", ATTACH_TP, CTX_OTHER },
	{ "tp_btf.s", SEC_PLUS, "tracing", ATTACH_TP_RAW, CTX_OTHER },
	{ "tp_btf", SEC_PLUS, "tracing", ATTACH_TP_RAW, CTX_ARGS },
	{ "tp", SEC_PLUS, "tracepoint", ATTACH_TP, CTX_OTHER },
	{ "raw_tracepoint.w", SEC_PLUS, "raw_tracepoint_writable", ATTACH_TP_RAW, CTX_OTHER },
	{ "raw_tracepoint.s", SEC_PLUS, "raw_tracepoint", ATTACH_TP_RAW, CTX_OTHER },
	{ "raw_tracepoint", SEC_PLUS, "raw_tracepoint", ATTACH_TP_RAW, CTX_ARGS },
	{ "raw_tp.w", SEC_PLUS, "raw_tracepoint_writable", ATTACH_TP_RAW, CTX_OTHER },
	{ "raw_tp.s", SEC_PLUS, "raw_tracepoint", ATTACH_TP_RAW, CTX_OTHER },
	{ "raw_tp", SEC_PLUS, "raw_tracepoint", ATTACH_TP_RAW, CTX_ARGS },
	{ "fentry.multi", SEC_PREFIX, "tracing", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "fexit.multi", SEC_PREFIX, "tracing", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "fsession.multi", SEC_PREFIX, "tracing", ATTACH_FUNC_GLOB, CTX_OTHER },
	{ "fentry.s", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS },
	{ "fexit.s", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS_RET },
	{ "fmod_ret.s", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS_RET },
	{ "fsession.s", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_OTHER },
	{ "fentry", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS },
	{ "fexit", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS_RET },
	{ "fmod_ret", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_ARGS_RET },
	{ "fsession", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_OTHER },
	{ "freplace", SEC_PLUS, "ext", ATTACH_FUNC_BTF, CTX_OTHER },
	{ "lsm_cgroup", SEC_PLUS, "lsm", ATTACH_LSM, CTX_ARGS_RET },
	{ "lsm.s", SEC_PLUS, "lsm", ATTACH_LSM, CTX_ARGS_RET },
	{ "lsm", SEC_PLUS, "lsm", ATTACH_LSM, CTX_ARGS_RET },
	{ "iter.s", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_OTHER },
	{ "iter", SEC_PLUS, "tracing", ATTACH_FUNC_BTF, CTX_OTHER },
	{ "struct_ops.s", SEC_PLUS, "struct_ops", ATTACH_STRUCT_OPS, CTX_OTHER },
	{ "struct_ops", SEC_PLUS, "struct_ops", ATTACH_STRUCT_OPS, CTX_OTHER },
	{ "syscall", SEC_EXACT, "syscall", ATTACH_NONE, CTX_OTHER },
	{ "xdp", SEC_PREFIX, "xdp", ATTACH_NONE, CTX_OTHER },
	{ "perf_event", SEC_EXACT, "perf_event", ATTACH_NONE, CTX_OTHER },
	{ "lwt_", SEC_PREFIX, "lwt", ATTACH_NONE, CTX_OTHER },
	{ "sockops", SEC_EXACT, "sock_ops", ATTACH_NONE, CTX_OTHER },
	{ "sk_skb", SEC_PREFIX, "sk_skb", ATTACH_NONE, CTX_OTHER },
	{ "sk_msg", SEC_EXACT, "sk_msg", ATTACH_NONE, CTX_OTHER },
	{ "sk_lookup", SEC_PREFIX, "sk_lookup", ATTACH_NONE, CTX_OTHER },
	{ "sk_reuseport", SEC_PREFIX, "sk_reuseport", ATTACH_NONE, CTX_OTHER },
	{ "lirc_mode2", SEC_EXACT, "lirc_mode2", ATTACH_NONE, CTX_OTHER },
	{ "flow_dissector", SEC_EXACT, "flow_dissector", ATTACH_NONE, CTX_OTHER },
	{ "cgroup_skb", SEC_PREFIX, "cgroup_skb", ATTACH_NONE, CTX_OTHER },
	{ "cgroup", SEC_PREFIX, "cgroup", ATTACH_NONE, CTX_OTHER },
	{ "socket", SEC_PREFIX, "socket_filter", ATTACH_NONE, CTX_OTHER },
	{ "tcx", SEC_PREFIX, "sched_cls", ATTACH_NONE, CTX_OTHER },
	{ "tc", SEC_PREFIX, "sched_cls", ATTACH_NONE, CTX_OTHER },
	{ "classifier", SEC_PREFIX, "sched_cls", ATTACH_NONE, CTX_OTHER },
	{ "action", SEC_PREFIX, "sched_act", ATTACH_NONE, CTX_OTHER },
	{ "netkit", SEC_PREFIX, "sched_cls", ATTACH_NONE, CTX_OTHER },
	{ "netfilter", SEC_EXACT, "netfilter", ATTACH_NONE, CTX_OTHER },
};

/* The convention SECTION (its leading '?' dropped) follows, NULL for none. */
static const struct sec_def *sec_def_of(const char *section)
{
	for (size_t i = 0; i < sizeof(sec_defs) / sizeof(sec_defs[0]); i++) {
		const struct sec_def *d = &sec_defs[i];
		size_t pl = strlen(d->prefix);
		if (strncmp(section, d->prefix, pl))
			continue;
		char next = section[pl];
		if ((d->match == SEC_EXACT && next) || (d->match == SEC_PLUS && next && next != '/'))
			continue;
		return d;
	}
	return NULL;
}

enum bpf_attach bpf_section_attach(const char *section, const char **type, char *target,
				   size_t len)
{
	target[0] = '\0';
	if (*section == '?')
		section++; /* a program the loader enables on demand: the same convention */
	const struct sec_def *d = sec_def_of(section);
	if (!d) {
		*type = "unknown";
		return ATTACH_NONE;
	}
	size_t pl = strlen(d->prefix);
	char next = section[pl];
	*type = d->type;
	if (d->how == ATTACH_NONE)
		return ATTACH_NONE;
	if (next != '/' || !section[pl + 1])
		return ATTACH_RUNTIME; /* bare: libbpf's attach gets the target later */
	const char *t = section + pl + 1;
	if (d->how == ATTACH_TP || d->how == ATTACH_TP_RAW || d->how == ATTACH_STRUCT_OPS) {
		const char *slash = strrchr(t, '/'); /* tracepoint/CATEGORY/EVENT */
		snprintf(target, len, "%s", slash ? slash + 1 : t);
		if (d->how == ATTACH_TP && slash && !strncmp(t, "syscalls/", 9)) {
			/* the syscall tracepoints: tracepoint/syscalls/sys_enter_S */
			const char *e = slash + 1;
			if (!strncmp(e, "sys_enter_", 10) || !strncmp(e, "sys_exit_", 9)) {
				snprintf(target, len, "%s", strchr(e + 4, '_') + 1);
				return ATTACH_SYSCALL;
			}
		}
		return d->how;
	}
	/* kprobe/F+OFFSET, fentry/MODULE:F */
	const char *colon = strchr(t, ':');
	if (colon && (d->how == ATTACH_FUNC_BTF || d->how == ATTACH_FUNC))
		t = colon + 1;
	size_t n = strcspn(t, "+");
	if (!strncmp(d->prefix, "iter", 4))
		snprintf(target, len, "bpf_iter_%.*s", (int)n, t);
	else
		snprintf(target, len, "%.*s", (int)n, t);
	return d->how;
}

/* The first N bytes of S, stored once in D's strings. */
static const char *intern(struct bpf_deps *d, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n, 0x737472);
	for (uint32_t *p = hindex_first(&d->str_ix, h); p; p = hindex_next(&d->str_ix, h, p))
		if (!strncmp(d->strs.v[*p], s, n) && !d->strs.v[*p][n])
			return d->strs.v[*p];
	const char *c = arena_strndup(&d->strings, s, n);
	hindex_insert(&d->str_ix, h, (uint32_t)d->strs.n);
	vec_push(&d->strs, c);
	return c;
}

/* NAME without libbpf's ___flavor suffix, stored once in D ("" for none). */
static const char *essential(struct bpf_deps *d, const char *name)
{
	if (!name)
		return "";
	const char *f = strstr(name, "___");
	return intern(d, name, f ? (size_t)(f - name) : strlen(name));
}

static uint64_t dep_hash(enum bpf_dep_kind kind, const char *name)
{
	return hash_mix(hash_str(name), (uint64_t)kind);
}

static struct bpf_dep *dep(struct bpf_deps *d, enum bpf_dep_kind kind, const char *name,
			   const char *use, bool guarded, int64_t id)
{
	struct bpf_dep *x = NULL;
	uint64_t h = dep_hash(kind, name);
	for (uint32_t *p = hindex_first(&d->dep_ix, h); p && !x; p = hindex_next(&d->dep_ix, h, p))
		if (d->deps.v[*p].kind == kind && !strcmp(d->deps.v[*p].name, name))
			x = &d->deps.v[*p];
	if (!x) {
		struct bpf_dep nd = { .kind = kind, .name = intern(d, name, strlen(name)), .id = id };
		hindex_insert(&d->dep_ix, h, (uint32_t)d->deps.n);
		vec_push(&d->deps, nd);
		vec_push(&d->marks, 0);
		x = &d->deps.v[d->deps.n - 1];
	}
	bool seen = false;
	for (size_t i = 0; i < x->uses.n && !seen; i++)
		seen = !strcmp(x->uses.v[i], use);
	if (!seen)
		vec_push(&x->uses, intern(d, use, strlen(use)));
	/* guarded when any use tests for it: its plain reads then sit behind the
	 * test (libbpf poisons an unresolved read, harmless in a branch not taken) */
	if (guarded)
		x->guarded = true;
	if (d->reading) {
		uint32_t idx = (uint32_t)(x - d->deps.v);
		if (d->marks.v[idx] != d->reading_mark) {
			d->marks.v[idx] = d->reading_mark;
			vec_push(&d->reading->deps, idx);
		}
	}
	return x;
}

/* "struct task_struct", "enum pid_type", "u32" for a type a relocation tests. */
static void type_spelling(const struct btf *btf, const struct btf_type *t, struct bpf_deps *d,
			  char *buf, size_t len)
{
	const char *n = essential(d, btf__name_by_offset(btf, t->name_off));
	const char *kw = btf_is_struct(t) ? "struct " : btf_is_union(t) ? "union "
		       : btf_is_any_enum(t) ? "enum " : btf_is_fwd(t) ? "struct " : "";
	snprintf(buf, len, "%s%s", kw, *n ? n : "(anon)");
}

/* One CO-RE relocation's dependencies: its root type, every named struct or
 * union on its access path and the fields along it (each of the nearest named
 * struct or union owning it, as the dataset flattens anonymous members), an
 * enum value, or a type.  Whether a use is guarded in an image is decided
 * there (check/: the tests' values fold the branches around it). */
static void relo_deps(const struct bpf_object *o, const struct bpf_core_relo_rec *r,
		      struct bpf_deps *d)
{
	const struct btf *btf = o->btf;
	const char *use = bpf_relo_kind_str(r->kind);
	bool guarded = bpf_relo_guarded(r->kind);
	const struct btf_type *t = btf__type_by_id(btf, r->type_id);
	char buf[512];
	if (!t || r->kind == RELO_TYPE_ID_LOCAL)
		return;
	if ((r->kind >= RELO_TYPE_ID_TARGET && r->kind <= RELO_TYPE_SIZE) ||
	    r->kind == RELO_TYPE_MATCHES) {
		type_spelling(btf, t, d, buf, sizeof(buf));
		dep(d, BDEP_TYPE, buf, use, guarded, -1);
		/* a struct tested for is a struct dependency too (bpf_ringbuf) */
		const struct btf_type *st = bpf_btf_skip_mods(btf, r->type_id, NULL);
		const char *sn = st && btf_is_composite(st) ? btf__name_by_offset(btf, st->name_off)
							      : NULL;
		if (sn && *sn)
			dep(d, BDEP_STRUCT, essential(d, sn), use, guarded, -1);
		return;
	}
	const struct btf_type *root = bpf_btf_skip_mods(btf, r->type_id, NULL);
	if (!root)
		return;
	/* libbpf looks the root up as the relocation names it: a typedef by its
	 * own name (tracee's atomic_t, a typedef of an anonymous struct), then
	 * walks what it stands for */
	bool by_typedef = btf_is_typedef(t);
	if (by_typedef) {
		type_spelling(btf, t, d, buf, sizeof(buf));
		dep(d, BDEP_TYPE, buf, use, guarded, -1);
	}
	if (r->kind == RELO_ENUMVAL_EXISTS || r->kind == RELO_ENUMVAL_VALUE) {
		unsigned long idx = strtoul(r->access, NULL, 10);
		if (!btf_is_any_enum(root) || idx >= btf_vlen(root))
			return;
		const char *en = essential(d, btf__name_by_offset(btf, root->name_off));
		if (by_typedef && !*en)
			return; /* the typedef is the dependency: the dataset keeps no anonymous enum's values by it */
		const char *vn = btf_is_enum(root)
					 ? btf__name_by_offset(btf, btf_enum(root)[idx].name_off)
					 : btf__name_by_offset(btf, btf_enum64(root)[idx].name_off);
		snprintf(buf, sizeof(buf), "%s::%s", *en ? en : "(anon)", vn ? vn : "?");
		dep(d, BDEP_ENUMVAL, buf, use, guarded, -1);
		return;
	}
	/* a field: walk the access path "0:I:J..." from the root */
	const char *owner = NULL;
	const char *p = r->access;
	int step = 0;
	const struct btf_type *cur = root;
	if (btf_is_composite(root)) {
		const char *rn = btf__name_by_offset(btf, root->name_off);
		if (rn && *rn) {
			owner = essential(d, rn);
			dep(d, BDEP_STRUCT, owner, use, guarded, -1);
		} else if (!by_typedef) {
			/* libbpf relocates no anonymous root: its own dependency */
			type_spelling(btf, root, d, buf, sizeof(buf));
			dep(d, BDEP_TYPE, buf, use, guarded, -1);
		}
	}
	while (*p && cur) {
		char *end;
		unsigned long idx = strtoul(p, &end, 10);
		if (end == p)
			break;
		p = *end == ':' ? end + 1 : end;
		if (step++ == 0)
			continue; /* the root's own index (an array of it) */
		if (btf_is_array(cur)) {
			cur = bpf_btf_skip_mods(btf, btf_array(cur)->type, NULL);
			continue;
		}
		if (!btf_is_composite(cur) || idx >= btf_vlen(cur))
			break;
		const struct btf_member *m = &btf_members(cur)[idx];
		const char *mn = btf__name_by_offset(btf, m->name_off);
		bool named = mn && *mn;
		if (named && owner) {
			snprintf(buf, sizeof(buf), "%s::%s", owner, mn);
			dep(d, BDEP_FIELD, buf, use, guarded, -1);
		}
		if (named)
			d->reading->leaf = intern(d, mn, strlen(mn));
		cur = bpf_btf_skip_mods(btf, m->type, NULL);
		/* the next step's owner: a named type; the same one through an unnamed
		 * member (the dataset flattens those); none through a named member of
		 * an anonymous type (in6_addr's in6_u: its members have no name there) */
		const char *tn = cur && btf_is_composite(cur) ? btf__name_by_offset(btf, cur->name_off)
							       : NULL;
		if (tn && *tn) {
			owner = essential(d, tn);
			/* a struct whose member is used is itself a dependency */
			if (*p)
				dep(d, BDEP_STRUCT, owner, use, guarded, -1);
		} else if (named)
			owner = NULL;
	}
}

/* What a section convention needs of the kernel beyond its target: a config
 * option set, an enum bpf_attach_type value. */
static const struct sec_need {
	const char *prefix; /* the section up to its '/' */
	const char *config, *attach_type;
} sec_needs[] = {
	{ "kprobe", "CONFIG_KPROBES", NULL },
	{ "kretprobe", "CONFIG_KPROBES", NULL },
	{ "ksyscall", "CONFIG_KPROBES", NULL },
	{ "kretsyscall", "CONFIG_KPROBES", NULL },
	{ "kprobe.multi", "CONFIG_FPROBE", "BPF_TRACE_KPROBE_MULTI" },
	{ "kretprobe.multi", "CONFIG_FPROBE", "BPF_TRACE_KPROBE_MULTI" },
	{ "kprobe.session", "CONFIG_FPROBE", "BPF_TRACE_KPROBE_SESSION" },
	{ "uprobe.multi", NULL, "BPF_TRACE_UPROBE_MULTI" },
	{ "uretprobe.multi", NULL, "BPF_TRACE_UPROBE_MULTI" },
	{ "lsm", "CONFIG_BPF_LSM", NULL },
	{ "lsm.s", "CONFIG_BPF_LSM", NULL },
	{ "lsm_cgroup", "CONFIG_BPF_LSM", "BPF_LSM_CGROUP" },
	{ "netfilter", NULL, "BPF_NETFILTER" },
	{ "tcx", NULL, "BPF_TCX_INGRESS" },
	{ "netkit", NULL, "BPF_NETKIT_PRIMARY" },
};

/* libbpf's program types that are enum bpf_prog_type names. */
static const char *const prog_types[] = {
	"kprobe", "tracepoint", "tracing", "raw_tracepoint", "raw_tracepoint_writable", "lsm",
	"struct_ops", "syscall", "xdp", "perf_event", "sock_ops", "sk_skb", "sk_msg", "sk_lookup",
	"sk_reuseport", "lirc_mode2", "flow_dissector", "cgroup_skb", "socket_filter", "sched_cls",
	"sched_act", "netfilter", "ext",
};

static void add_prog(struct bpf_dep *x, uint32_t prog)
{
	for (size_t i = 0; i < x->progs.n; i++)
		if (x->progs.v[i] == prog)
			return;
	vec_push(&x->progs, prog);
}

/* The program type and what the section's convention needs, as "requires"
 * dependencies of program PROG. */
static void section_needs(struct bpf_deps *out, const char *section, const char *type,
			  uint32_t prog)
{
	char buf[128];
	if (*section == '?')
		section++;
	size_t pl = strcspn(section, "/");
	for (size_t i = 0; i < sizeof(sec_needs) / sizeof(sec_needs[0]); i++) {
		const struct sec_need *n = &sec_needs[i];
		if (strlen(n->prefix) != pl || strncmp(section, n->prefix, pl))
			continue;
		if (n->config)
			add_prog(dep(out, BDEP_CONFIG, n->config, "requires", false, -1), prog);
		if (n->attach_type) {
			snprintf(buf, sizeof(buf), "bpf_attach_type::%s", n->attach_type);
			add_prog(dep(out, BDEP_ENUMVAL, buf, "requires", false, -1), prog);
		}
	}
	for (size_t i = 0; i < sizeof(prog_types) / sizeof(prog_types[0]); i++) {
		if (strcmp(type, prog_types[i]))
			continue;
		int n = snprintf(buf, sizeof(buf), "bpf_prog_type::BPF_PROG_TYPE_");
		for (const char *c = type; *c && n < (int)sizeof(buf) - 1; c++)
			buf[n++] = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		buf[n] = '\0';
		add_prog(dep(out, BDEP_ENUMVAL, buf, "requires", false, -1), prog);
	}
}

void bpf_deps_of(const struct bpf_object *o, struct bpf_deps *out)
{
	memset(out, 0, sizeof(*out));
	struct arena *a = &out->strings;
	char target[512];
	/* which code each program runs, every branch taken: its relocations and
	 * helper calls are its own (subprograms count for each caller) */
	struct bpf_reach_index ix;
	bpf_reach_index_init(o, &ix);
	struct bpf_relo_value *any = xcalloc(o->relos.n + 1, sizeof(*any));
	for (size_t i = 0; i < o->relos.n; i++)
		any[i].resolved = true;
	VEC(uint32_t) *relo_progs = xcalloc(o->relos.n + 1, sizeof(*relo_progs));
	struct helper_use { uint32_t prog; int32_t id; };
	VEC(struct helper_use) helper_uses = { 0 };
	for (size_t i = 0; i < o->progs.n; i++) {
		struct bpf_reach code;
		bpf_reach_prog(o, &ix, i, any, NULL, &code);
		if (!code.complete) {
			/* too long to follow: every relocation and helper call counts */
			for (size_t r = 0; r < o->relos.n; r++)
				vec_push(&relo_progs[r], (uint32_t)i);
			for (size_t t = 0; t < o->texts.n; t++)
				for (size_t n = 0; n < o->texts.v[t].insns.n; n++) {
					const struct bpf_insn_rec *in = &o->texts.v[t].insns.v[n];
					struct helper_use h = { (uint32_t)i, in->imm };
					if (in->code == 0x85 && in->src == 0 && !in->reloc && in->imm > 0)
						vec_push(&helper_uses, h);
				}
		}
		for (size_t k = 0; code.complete && k < code.visited.n; k++) {
			int t = (int)(code.visited.v[k] >> 32);
			uint32_t n = (uint32_t)code.visited.v[k];
			int32_t r = ix.relo_at[t][n];
			if (r >= 0)
				vec_push(&relo_progs[r], (uint32_t)i);
			const struct bpf_insn_rec *in = &o->texts.v[t].insns.v[n];
			if (in->code == 0x85 && in->src == 0 && !in->reloc && in->imm > 0) {
				struct helper_use h = { (uint32_t)i, in->imm };
				vec_push(&helper_uses, h);
			}
		}
		bpf_reach_free(&code);
	}
	free(any);
	for (size_t i = 0; i < o->progs.n; i++) {
		const struct bpf_prog *p = &o->progs.v[i];
		const char *type;
		enum bpf_attach how = bpf_section_attach(p->section, &type, target, sizeof(target));
		const struct sec_def *sd = sec_def_of(p->section + (p->section[0] == '?'));
		struct bpf_prog_desc pd = { arena_strdup(a, p->section), arena_strdup(a, p->name),
					    p->section[0] == '?', type, "", how,
					    sd && sd->ctx != CTX_OTHER ? sd->ctx - CTX_ARGS : -1 };
		if (how == ATTACH_RUNTIME)
			pd.attach = "attach target set at run time";
		else if (how != ATTACH_NONE)
			pd.attach = arena_strdup(a, target);
		vec_push(&out->progs, pd);
		/* the kind of use: the section's convention, "kprobe", "fentry", ... */
		const char *sec = p->section + (p->section[0] == '?');
		char use[64];
		snprintf(use, sizeof(use), "%.*s", (int)strcspn(sec, "/"), sec);
		struct bpf_dep *x = NULL;
		switch (how) {
		case ATTACH_FUNC:
		case ATTACH_FUNC_BTF:
		case ATTACH_FUNC_GLOB:
			x = dep(out, BDEP_FUNC, target, use, false, -1);
			break;
		case ATTACH_SYSCALL:
			x = dep(out, BDEP_SYSCALL, target, use, false, -1);
			break;
		case ATTACH_TP:
		case ATTACH_TP_RAW:
			x = dep(out, BDEP_TRACEPOINT, target, use, false, -1);
			break;
		case ATTACH_LSM:
			x = dep(out, BDEP_LSM, target, use, false, -1);
			break;
		default:
			break; /* struct_ops: from the maps below */
		}
		if (x) {
			x->attach |= 1u << how;
			add_prog(x, (uint32_t)i);
		}
		section_needs(out, p->section, type, (uint32_t)i);
	}
	for (size_t i = 0; i < o->struct_ops.n; i++) {
		const struct bpf_struct_ops *so = &o->struct_ops.v[i];
		const char *sn = essential(out, so->type);
		struct bpf_dep *x = dep(out, BDEP_STRUCT, sn, "struct_ops", false, -1);
		x->attach |= 1u << ATTACH_STRUCT_OPS;
		for (size_t k = 0; k < so->members.n; k++) {
			snprintf(target, sizeof(target), "%s::%s", sn, so->members.v[k]);
			dep(out, BDEP_FIELD, target, "struct_ops", false, -1);
		}
	}
	/* each relocation's index in its section: a count per section name */
	struct sec_count { const char *name; unsigned n; };
	VEC(struct sec_count) counts = { 0 };
	struct hindex count_ix = { 0 }, same_ix = { 0 };
	for (size_t i = 0; o->btf && i < o->relos.n; i++) {
		const struct bpf_core_relo_rec *r = &o->relos.v[i];
		struct bpf_relo_deps rd = { intern(out, r->section, strlen(r->section)), 0, r->kind,
					    { r->text, r->insn_off / 8 }, NULL, NULL, { 0 }, { 0 } };
		struct sec_count *sc = NULL;
		uint64_t h = hash_str(rd.section);
		for (uint32_t *p = hindex_first(&count_ix, h); p && !sc; p = hindex_next(&count_ix, h, p))
			if (counts.v[*p].name == rd.section)
				sc = &counts.v[*p];
		if (!sc) {
			struct sec_count nc = { rd.section, 0 };
			hindex_insert(&count_ix, h, (uint32_t)counts.n);
			vec_push(&counts, nc);
			sc = &counts.v[counts.n - 1];
		}
		rd.index = sc->n++;
		const struct btf_type *t = btf__type_by_id(o->btf, r->type_id);
		char spell[512], spec[512 + BPF_ACCESS_MAX_BYTES + 4];
		type_spelling(o->btf, t, out, spell, sizeof(spell));
		snprintf(spec, sizeof(spec), "%s: %s", spell, r->access);
		rd.spec = intern(out, spec, strlen(spec)); /* relocations repeat theirs */
		rd.progs.v = relo_progs[i].v;
		rd.progs.n = relo_progs[i].n;
		rd.progs.cap = relo_progs[i].cap;
		memset(&relo_progs[i], 0, sizeof(relo_progs[i]));
		/* a relocation like an earlier one (root, access string, kind) needs
		 * what it needs: its walk is not repeated */
		const struct bpf_relo_deps *same = NULL;
		uint64_t sh = hash_mix(hash_mix((uint64_t)(uintptr_t)r->access, r->type_id), r->kind);
		for (uint32_t *p = hindex_first(&same_ix, sh); p && !same; p = hindex_next(&same_ix, sh, p)) {
			const struct bpf_core_relo_rec *q = &o->relos.v[*p];
			if (q->access == r->access && q->type_id == r->type_id && q->kind == r->kind)
				same = &out->relos.v[*p];
		}
		if (same) {
			for (size_t k = 0; k < same->deps.n; k++)
				vec_push(&rd.deps, same->deps.v[k]);
			rd.leaf = same->leaf;
		} else {
			hindex_insert(&same_ix, sh, (uint32_t)i);
			out->reading = &rd;
			out->reading_mark = (uint32_t)i + 1;
			relo_deps(o, r, out);
			out->reading = NULL;
		}
		for (size_t k = 0; k < rd.deps.n; k++)
			for (size_t p = 0; p < rd.progs.n; p++)
				add_prog(&out->deps.v[rd.deps.v[k]], rd.progs.v[p]);
		vec_push(&out->relos, rd);
	}
	vec_free(&counts);
	hindex_free(&count_ix);
	hindex_free(&same_ix);
	for (size_t i = 0; i < o->ksyms.n; i++) {
		const struct bpf_extern *e = &o->ksyms.v[i];
		dep(out, e->func ? BDEP_KFUNC : BDEP_KSYM, e->name, e->weak ? "weak" : "strong",
		    e->weak, -1);
	}
	for (size_t i = 0; i < o->kconfig.n; i++) {
		const struct bpf_extern *e = &o->kconfig.v[i];
		if (strncmp(e->name, "CONFIG_", 7))
			continue; /* LINUX_KERNEL_VERSION and the like: libbpf's own */
		dep(out, BDEP_CONFIG, e->name, e->weak ? "weak" : "strong", e->weak, -1);
	}
	/* helper calls: each site, and the programs whose code holds it */
	for (size_t ti = 0; ti < o->texts.n; ti++) {
		const struct bpf_text *t = &o->texts.v[ti];
		for (uint32_t k = 0; k < t->insns.n; k++) {
			const struct bpf_insn_rec *in = &t->insns.v[k];
			if (in->code != 0x85 || in->src != 0 || in->reloc || in->imm <= 0)
				continue;
			snprintf(target, sizeof(target), "helper#%d", in->imm);
			struct bpf_dep *x = dep(out, BDEP_HELPER, target, "call", false, in->imm);
			struct bpf_site site = { (int)ti, k };
			vec_push(&x->sites, site);
		}
	}
	for (size_t k = 0; k < helper_uses.n; k++) {
		snprintf(target, sizeof(target), "helper#%d", helper_uses.v[k].id);
		add_prog(dep(out, BDEP_HELPER, target, "call", false, helper_uses.v[k].id),
			 helper_uses.v[k].prog);
	}
	vec_free(&helper_uses);
	for (size_t i = 0; i < o->maps.n; i++) {
		if (o->maps.v[i].type < 0)
			continue;
		snprintf(target, sizeof(target), "map_type#%lld", (long long)o->maps.v[i].type);
		dep(out, BDEP_MAP_TYPE, target, o->maps.v[i].name, false, o->maps.v[i].type);
	}
	for (size_t r = 0; r < o->relos.n; r++)
		vec_free(&relo_progs[r]);
	free(relo_progs);
	bpf_reach_index_free(&ix);
	/* the look-up tables are bpf_deps_of's own */
	vec_free(&out->marks);
	hindex_free(&out->dep_ix);
	hindex_free(&out->str_ix);
	vec_free(&out->strs);
}

void bpf_deps_free(struct bpf_deps *d)
{
	for (size_t i = 0; i < d->relos.n; i++) {
		vec_free(&d->relos.v[i].deps);
		vec_free(&d->relos.v[i].progs);
	}
	vec_free(&d->relos);
	for (size_t i = 0; i < d->deps.n; i++) {
		vec_free(&d->deps.v[i].uses);
		vec_free(&d->deps.v[i].progs);
		vec_free(&d->deps.v[i].sites);
	}
	vec_free(&d->deps);
	vec_free(&d->progs);
	arena_free(&d->strings);
}
