#include "import/import.h"

#include <dirent.h>
#include <lzma.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode/syscalls.h"
#include "decode/tracepoints.h"
#include "elf/identity.h"
#include "surface/func_groups.h"
#include "surface/hook_names.h"
#include "util/error.h"
#include "util/input_file.h"
#include "util/hash.h"
#include "util/json_parse.h"
#include "util/json_writer.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_FILE ((size_t)4 << 30)

/* The .xz data IN[0..N) decoded into SB; -1 after an error line naming PATH. */
/* The most a compressed file may expand to: what xz reaches on the published
 * JSON (10-20x) with a wide margin, so that a small file cannot claim
 * gigabytes of memory (a decompression bomb). */
static size_t unxz_limit(size_t n)
{
	size_t lim = n * 100 + ((size_t)64 << 20);
	return lim < MAX_FILE ? lim : MAX_FILE;
}

static int unxz(const unsigned char *in, size_t n, struct strbuf *sb, const char *path)
{
	lzma_stream z = LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&z, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		ks_error("%s: cannot start the xz decoder", path);
		return -1;
	}
	unsigned char out[1 << 16];
	z.next_in = in;
	z.avail_in = n;
	lzma_ret r = LZMA_OK;
	while (r == LZMA_OK) {
		z.next_out = out;
		z.avail_out = sizeof(out);
		r = lzma_code(&z, LZMA_FINISH);
		if (sb->len + (sizeof(out) - z.avail_out) > unxz_limit(n)) {
			lzma_end(&z);
			ks_error("%s: expands past %zu MB, 100 times its compressed size and more than "
				 "any exported file: refused", path, unxz_limit(n) >> 20);
			return -1;
		}
		sb_addn(sb, (const char *)out, sizeof(out) - z.avail_out);
	}
	lzma_end(&z);
	if (r != LZMA_STREAM_END) {
		ks_error("%s: damaged xz data", path);
		return -1;
	}
	return 0;
}

/* The offset of the first byte of S (LEN bytes) that is not well-formed
 * UTF-8 (overlong forms, surrogates and code points past U+10FFFF included),
 * LEN when all is. */
static size_t utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (!n || i + n > len || (n == 2 && c < 0xc2))
			return i;
		uint32_t cp = n == 1 ? c : c & (0x7f >> n);
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return len;
}

/* The whole of DIR/SUB/NAME.EXT (or NAME.EXT.xz, decompressed) in *OUT
 * (NUL-terminated); 1 when neither exists. */
static int slurp(const char *dir, const char *sub, const char *name, const char *ext,
		 char **out, size_t *len, char *path, size_t path_len)
{
	int plen = snprintf(path, path_len, "%s/%s/%s.%s.xz", dir, sub, name, ext);
	if (plen < 0 || (size_t)plen >= path_len) {
		ks_error("%s/%s/%s.%s: the path is too long", dir, sub, name, ext);
		return -1; /* a cut path would read as "absent" */
	}
	snprintf(path, path_len, "%s/%s/%s.%s", dir, sub, name, ext);
	bool xz = false;
	struct stat ls;
	if (lstat(path, &ls) < 0 && errno == ENOENT) {
		snprintf(path, path_len, "%s/%s/%s.%s.xz", dir, sub, name, ext);
		xz = true;
		if (lstat(path, &ls) < 0 && errno == ENOENT)
			return 1;
	}
	/* a regular file of the directory: never a FIFO, a device, or a symlink out of it */
	int fd = input_open_here(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct strbuf sb = { 0 };
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (sb.len + n > MAX_FILE) {
			ks_error("%s: too large", path);
			fclose(f);
			sb_free(&sb);
			return -1;
		}
		sb_addn(&sb, buf, n);
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		ks_error("%s: read failed", path);
		sb_free(&sb);
		return -1;
	}
	if (xz) {
		struct strbuf plain = { 0 };
		int r = unxz((const unsigned char *)sb.p, sb.len, &plain, path);
		sb_free(&sb);
		if (r < 0) {
			sb_free(&plain);
			return -1;
		}
		sb = plain;
	}
	if (!sb.p)
		sb_add(&sb, "");
	/* text, and nothing but: a NUL would end a line early without a word */
	const char *nul = memchr(sb.p, 0, sb.len);
	size_t bad = nul ? (size_t)(nul - sb.p) : utf8_invalid_at(sb.p, sb.len);
	if (bad < sb.len) {
		ks_error("%s: %s at byte %zu: not the text an export writes", path,
			 nul ? "a NUL byte" : "invalid UTF-8", bad);
		sb_free(&sb);
		return -1;
	}
	*out = sb.p;
	*len = sb.len;
	return 0;
}

static const char **string_list(const struct jv *arr, struct arena *a, uint32_t *n, bool *bad)
{
	*n = 0;
	if (!arr || arr->type != JV_ARR) {
		*bad = true;
		return NULL;
	}
	if (!arr->n)
		return NULL;
	const char **v = xmalloc(arr->n * sizeof(char *));
	for (size_t i = 0; i < arr->n; i++) {
		if (arr->items[i].type != JV_STR) {
			*bad = true;
			free(v);
			return NULL;
		}
		v[i] = arena_strdup(a, arr->items[i].s);
	}
	*n = (uint32_t)arr->n;
	return v;
}

/* Each line of TEXT parsed and handed to FN; -1 after an error line naming PATH:LINE. */
static int each_line(char *text, const char *path,
		     int (*fn)(const struct jv *v, const char *line, size_t len, void *arg),
		     void *arg)
{
	size_t lineno = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		lineno++;
		if (len) {
			struct arena a = { 0 };
			struct jv v;
			char err[128];
			int r = json_parse(p, len, &a, &v, err, sizeof(err));
			if (r == 0)
				r = fn(&v, p, len, arg);
			else
				ks_error("%s:%zu: %s", path, lineno, err);
			if (r == 1)
				ks_error("%s:%zu: not what this file holds", path, lineno);
			arena_free(&a);
			if (r)
				return -1;
		}
		p += len + (nl != NULL);
	}
	return 0;
}

struct ctx {
	struct ks_surface *s;
	struct hindex sym_ix; /* (name, value) -> symbols */
};

static int symtab_line(const struct jv *v, const char *line, size_t len, void *arg)
{
	struct ctx *c = arg;
	struct ks_symbol sym = { 0 };
	const char *name = jv_str(v, "name"), *section = jv_str(v, "section");
	int bind = ks_stb_parse(jv_str(v, "bind")), type = ks_stt_parse(jv_str(v, "type"));
	int vis = ks_stv_parse(jv_str(v, "visibility"));
	if (!name || !section || bind < 0 || type < 0 || vis < 0 || !jv_u64(v, "value", &sym.value) ||
	    !jv_u64(v, "size", &sym.size))
		return 1;
	sym.name = arena_strdup(&c->s->strings, name);
	sym.section = arena_strdup(&c->s->strings, section);
	sym.bind = (uint8_t)bind;
	sym.type = (uint8_t)type;
	sym.visibility = (uint8_t)vis;
	hindex_insert(&c->sym_ix, hash_mix(hash_str(name), sym.value), (uint32_t)c->s->symbols.n);
	vec_push(&c->s->symbols, sym);
	(void)line;
	(void)len;
	return 0;
}

static int group_line(const struct jv *v, const char *line, size_t len, void *arg)
{
	struct ctx *c = arg;
	struct ks_surface *s = c->s;
	struct ks_func_group g = { 0 };
	const char *name = jv_str(v, "name");
	int coll = ks_collision_parse(jv_str(v, "collision_type"));
	int inl = ks_inline_type_parse(jv_str(v, "inline_type"));
	const struct jv *funcs = jv_get(v, "funcs"), *syms = jv_get(v, "symbols");
	if (!name || coll < 0 || inl < 0 || !funcs || funcs->type != JV_ARR || !syms ||
	    syms->type != JV_ARR)
		return 1;
	g.name = arena_strdup(&s->strings, name);
	g.collision = (uint8_t)coll;
	g.inline_type = (uint8_t)inl;
	g.first_entry = (uint32_t)s->entries.n;
	bool bad = false;
	for (size_t i = 0; i < funcs->n && !bad; i++) {
		const struct jv *f = &funcs->items[i];
		struct ks_func_entry e = { .name = g.name };
		const struct jv *ext = jv_get(f, "external");
		const char *loc = jv_str(f, "loc"), *file = jv_str(f, "file");
		e.inline_status = ks_inline_status_parse(jv_str(f, "inline"));
		if (!ext || ext->type != JV_BOOL || !jv_u64(f, "addr", &e.addr) ||
		    e.inline_status < KS_INL_NOT_SEEN) {
			bad = true;
			break;
		}
		e.external = ext->b;
		e.loc = loc ? arena_strdup(&s->strings, loc) : NULL;
		e.file = file ? arena_strdup(&s->strings, file) : NULL;
		e.inline_callers = string_list(jv_get(f, "caller_inline"), &s->strings,
					       &e.n_inline_callers, &bad);
		e.direct_callers = string_list(jv_get(f, "caller_func"), &s->strings,
					       &e.n_direct_callers, &bad);
		vec_push(&s->entries, e);
	}
	g.n_entries = (uint32_t)(s->entries.n - g.first_entry);
	g.first_symbol = (uint32_t)s->group_symbols.n;
	for (size_t i = 0; i < syms->n && !bad; i++) {
		const struct jv *y = &syms->items[i];
		const char *sn = jv_str(y, "name");
		uint64_t addr, size;
		int bind = ks_stb_parse(jv_str(y, "bind"));
		if (!sn || !jv_u64(y, "addr", &addr) || !jv_u64(y, "size", &size) || bind < 0) {
			bad = true;
			break;
		}
		/* the symtab's own entry when there is one, else this record */
		uint64_t h = hash_mix(hash_str(sn), addr);
		uint32_t idx = UINT32_MAX;
		for (uint32_t *p = hindex_first(&c->sym_ix, h); p && idx == UINT32_MAX;
		     p = hindex_next(&c->sym_ix, h, p))
			if (s->symbols.v[*p].value == addr && !strcmp(s->symbols.v[*p].name, sn))
				idx = *p;
		if (idx == UINT32_MAX) {
			const char *sec = jv_str(y, "section");
			struct ks_symbol sym = { arena_strdup(&s->strings, sn),
						 arena_strdup(&s->strings, sec ? sec : ""), addr, size,
						 STT_FUNC, (uint8_t)bind, 0 };
			idx = (uint32_t)s->symbols.n;
			hindex_insert(&c->sym_ix, h, idx);
			vec_push(&s->symbols, sym);
		}
		if (ks_symbol_has_suffix(sn))
			g.transformed = true;
		vec_push(&s->group_symbols, idx);
	}
	g.n_symbols = (uint32_t)(s->group_symbols.n - g.first_symbol);
	if (bad)
		return 1;
	vec_push(&s->groups, g);
	(void)line;
	(void)len;
	return 0;
}

struct type_ctx {
	struct ks_surface *s;
	int kind;
};

static void add_type(struct ks_surface *s, int kind, const char *name, const char *json, size_t len)
{
	struct ks_type t = { .kind = (uint8_t)kind, .name = arena_strdup(&s->type_text, name),
			     .json = arena_strndup(&s->type_text, json, len), .json_len = len };
	t.id = hash_content(t.json, t.json_len);
	vec_push(&s->types, t);
}

static int type_line(const struct jv *v, const char *line, size_t len, void *arg)
{
	struct type_ctx *c = arg;
	const char *name = jv_str(v, "name"), *k = jv_str(v, "kind");
	int kind = ks_type_kind_parse(k);
	/* types_enum holds ENUMs; anything else in a file is out of place */
	if (!name || kind < 0 || (kind != c->kind && !(c->kind == KS_TYPE_ENUM && kind == KS_TYPE_ENUM64)))
		return 1;
	add_type(c->s, kind, name, line, len);
	return 0;
}

static int tracepoint_line(const struct jv *v, const char *line, size_t len, void *arg)
{
	struct ks_surface *s = arg;
	const char *event = jv_str(v, "event_name"), *class = jv_str(v, "class_name");
	const char *fmt = jv_str(v, "fmt_str");
	const struct jv *func = jv_get(v, "func"), *strct = jv_get(v, "struct");
	const char *fname = jv_str(func, "name"), *sname = jv_str(strct, "name");
	if (!event || !class || !fmt || !fname || !sname)
		return 1;
	/* its function and struct, from the line when the types files lack them */
	for (int k = 0; k < 2; k++) {
		int kind = k ? KS_TYPE_STRUCT : KS_TYPE_FUNC;
		const char *n = k ? sname : fname;
		if (ks_surface_type(s, kind, n))
			continue;
		struct strbuf sb = { 0 };
		struct json_writer w;
		jw_init_buf(&w, &sb);
		jw_value(&w, k ? strct : func);
		add_type(s, kind, n, sb_str(&sb), sb.len);
		sb_free(&sb);
		if (s->type_index) { /* rebuilt on the next lookup */
			hindex_free(s->type_index);
			free(s->type_index);
			s->type_index = NULL;
		}
	}
	struct ks_tracepoint tp = { arena_strdup(&s->strings, event), arena_strdup(&s->strings, class),
				    arena_strdup(&s->strings, fmt), NULL, NULL };
	vec_push(&s->tracepoints, tp);
	(void)line;
	(void)len;
	return 0;
}

/* RELEASE-ARCH: the arch when NAME ends with a Debian architecture. */
static const char *arch_of(const char *name, size_t *release_len)
{
	static const char *const archs[] = { "amd64", "arm64", "armhf", "armel", "i386", "ppc64el",
					     "ppc64", "s390x", "riscv64", "mips64el", "mipsel" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(archs) / sizeof(archs[0]); i++) {
		size_t l = strlen(archs[i]);
		if (n > l + 1 && name[n - l - 1] == '-' && !strcmp(name + n - l, archs[i])) {
			*release_len = n - l - 1;
			return archs[i];
		}
	}
	*release_len = n;
	return "";
}

/* The JSON object file PATH holds (TEXT) into *V (in A); -1 after an error line. */
static int parse_object(const char *text, size_t len, const char *path, struct arena *a,
			struct jv *v)
{
	char err[128];
	bool parsed = json_parse(text, len, a, v, err, sizeof(err)) == 0;
	if (!parsed || v->type != JV_OBJ) {
		ks_error("%s: %s", path, parsed ? "not a JSON object" : err);
		arena_free(a);
		return -1;
	}
	return 0;
}

/* image/NAME.json, ksurf's own file: the identity as it was added. */
static int read_identity(const char *text, size_t len, const char *path, struct ks_surface *s)
{
	struct arena a = { 0 };
	struct jv v;
	if (parse_object(text, len, path, &a, &v) < 0)
		return -1;
	struct ks_image_info *in = &s->info;
	const char **fields[] = { &in->kind, &in->release, &in->version, &in->abi, &in->flavor,
				  &in->arch, &in->distro, &in->banner };
	const char *keys[] = { "kind", "release", "version", "abi", "flavor", "arch", "distro",
			       "banner" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *val = jv_str(&v, keys[i]);
		if (!val) {
			ks_error("%s: no \"%s\" string", path, keys[i]);
			arena_free(&a);
			return -1;
		}
		*fields[i] = arena_strdup(&s->strings, val);
	}
	int64_t base;
	const struct jv *b = jv_get(&v, "syscall_base");
	in->syscall_base = b && jv_i64(&v, "syscall_base", &base) && base >= 0 && base < 100000
				   ? (long)base : -1;
	arena_free(&a);
	return 0;
}

int import_image(const char *dir, const char *name, struct ks_surface *s)
{
	char path[4096];
	char *text = NULL;
	size_t len;
	struct ctx c = { .s = s };
	int r;
	s->info.kind = "imported";
	s->info.source = arena_printf(&s->strings, "%s/", dir);
	size_t rl;
	const char *arch = arch_of(name, &rl);
	ks_identify_release(s, NULL, arena_strndup(&s->strings, name, rl), arch, name);
	s->info.compiler = s->info.comment = "";
	s->info.syscall_base = syscall_table_base(s->info.arch); /* the layout holds table indexes */
	if ((r = slurp(dir, "image", name, "json", &text, &len, path, sizeof(path))) < 0 ||
	    (r == 0 && read_identity(text, len, path, s) < 0))
		goto fail;
	free(text);
	text = NULL;
	if ((r = slurp(dir, "comment", name, "txt", &text, &len, path, sizeof(path))) < 0)
		goto fail;
	if (r == 0) {
		while (len && text[len - 1] == '\n')
			text[--len] = '\0';
		s->info.comment = arena_strdup(&s->strings, text);
		s->info.compiler = arena_strndup(&s->strings, text, strcspn(text, "\n"));
		free(text);
		text = NULL;
	}
	if ((r = slurp(dir, "symtab", name, "jsonl", &text, &len, path, sizeof(path))) < 0 ||
	    (r == 0 && each_line(text, path, symtab_line, &c) < 0))
		goto fail;
	free(text);
	text = NULL;
	if ((r = slurp(dir, "func_groups", name, "jsonl", &text, &len, path, sizeof(path))) < 0 ||
	    (r == 0 && each_line(text, path, group_line, &c) < 0))
		goto fail;
	free(text);
	text = NULL;
	static const struct { int kind; const char *dir; } kinds[] = {
		{ KS_TYPE_FUNC, "types_func" },	  { KS_TYPE_STRUCT, "types_struct" },
		{ KS_TYPE_UNION, "types_union" }, { KS_TYPE_ENUM, "types_enum" },
		{ KS_TYPE_INT, "types_int" },	  { KS_TYPE_ENUM64, "types_enum64" },
		{ KS_TYPE_TYPEDEF, "types_typedef" },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct type_ctx tc = { s, kinds[i].kind };
		if ((r = slurp(dir, kinds[i].dir, name, "jsonl", &text, &len, path, sizeof(path))) < 0 ||
		    (r == 0 && each_line(text, path, type_line, &tc) < 0))
			goto fail;
		free(text);
		text = NULL;
	}
	if ((r = slurp(dir, "tracepoints", name, "jsonl", &text, &len, path, sizeof(path))) < 0 ||
	    (r == 0 && each_line(text, path, tracepoint_line, s) < 0))
		goto fail;
	free(text);
	text = NULL;
	if ((r = slurp(dir, "syscalls", name, "json", &text, &len, path, sizeof(path))) < 0)
		goto fail;
	if (r == 0) {
		struct arena a = { 0 };
		struct jv v;
		if (parse_object(text, len, path, &a, &v) < 0)
			goto fail;
		for (size_t i = 0; i < v.n; i++) {
			char *end;
			long nr = strtol(v.keys[i], &end, 10);
			if (*end || nr < 0 || nr > 100000 || v.items[i].type != JV_STR) {
				ks_error("%s: entry \"%s\" is no system call number", path, v.keys[i]);
				arena_free(&a);
				goto fail;
			}
			while (s->syscalls.n <= (size_t)nr)
				vec_push(&s->syscalls, NULL);
			s->syscalls.v[nr] = arena_strdup(&s->strings, v.items[i].s);
		}
		arena_free(&a);
		free(text);
		text = NULL;
	}
	if ((r = slurp(dir, "config", name, "config", &text, &len, path, sizeof(path))) < 0)
		goto fail;
	if (r == 0) {
		s->config = text;
		s->config_len = len;
		text = NULL;
	}
	/* the tracepoints' types, and what the types tell of LSM hooks and kfuncs */
	for (size_t i = 0; i < s->tracepoints.n; i++)
		hook_tp_link(s, &s->tracepoints.v[i]);
	decode_lsm_kfuncs(s);
	hindex_free(&c.sym_ix);
	return 0;
fail:
	free(text);
	hindex_free(&c.sym_ix);
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int import_list(const char *dir, char ***names, size_t *n)
{
	static const char *const subs[][2] = {
		{ "func_groups", ".jsonl" },  { "symtab", ".jsonl" },	    { "types_func", ".jsonl" },
		{ "types_struct", ".jsonl" }, { "types_union", ".jsonl" },  { "types_enum", ".jsonl" },
		{ "types_int", ".jsonl" },    { "tracepoints", ".jsonl" },  { "syscalls", ".json" },
		{ "config", ".config" },      { "comment", ".txt" },	    { "image", ".json" },
		{ "types_enum64", ".jsonl" },  { "types_typedef", ".jsonl" }, { "func_groups", ".jsonl.xz" },
		{ "symtab", ".jsonl.xz" },    { "types_func", ".jsonl.xz" }, { "types_struct", ".jsonl.xz" },
		{ "types_union", ".jsonl.xz" }, { "types_enum", ".jsonl.xz" }, { "types_int", ".jsonl.xz" },
		{ "tracepoints", ".jsonl.xz" }, { "syscalls", ".json.xz" }, { "config", ".config.xz" },
		{ "comment", ".txt.xz" },
	};
	VEC(char *) v = { 0 };
	bool any_dir = false;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char path[4096];
		int plen = snprintf(path, sizeof(path), "%s/%s", dir, subs[i][0]);
		if (plen < 0 || (size_t)plen >= sizeof(path)) {
			ks_error("%s: the path is too long", dir);
			for (size_t k = 0; k < v.n; k++)
				free(v.v[k]);
			vec_free(&v);
			return -1;
		}
		DIR *d = opendir(path);
		if (!d)
			continue;
		any_dir = true;
		struct dirent *e;
		size_t el = strlen(subs[i][1]);
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			if (l <= el || strcmp(e->d_name + l - el, subs[i][1]))
				continue;
			char *name = xmalloc(l - el + 1);
			memcpy(name, e->d_name, l - el);
			name[l - el] = '\0';
			bool dup = false;
			for (size_t k = 0; k < v.n && !dup; k++)
				dup = !strcmp(v.v[k], name);
			if (dup)
				free(name);
			else
				vec_push(&v, name);
		}
		closedir(d);
	}
	if (!any_dir) {
		ks_error("%s: no func_groups/, symtab/, types_*/, tracepoints/, syscalls/, config/ "
			 "or comment/ here: not a dataset in the published layout", dir);
		return -1;
	}
	if (v.n)
		qsort(v.v, v.n, sizeof(char *), cmp_str);
	*names = v.v;
	*n = v.n;
	return 0;
}
