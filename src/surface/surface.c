#include "surface/surface.h"

#include "util/xalloc.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void surface_free(struct ks_surface *s)
{
	for (size_t i = 0; i < s->entries.n; i++) {
		free(s->entries.v[i].inline_callers);
		free(s->entries.v[i].direct_callers);
	}
	vec_free(&s->entries);
	vec_free(&s->groups);
	vec_free(&s->symbols);
	vec_free(&s->group_symbols);
	vec_free(&s->types);
	vec_free(&s->syscalls);
	vec_free(&s->notrace);
	free(s->btf_raw);
	vec_free(&s->tracepoints);
	vec_free(&s->lsm_hooks);
	vec_free(&s->kfuncs);
	vec_free(&s->kfunc_tags);
	if (s->type_index) {
		hindex_free(s->type_index);
		free(s->type_index);
	}
	arena_free(&s->type_text);
	free(s->config);
	arena_free(&s->strings);
	if (s->release_fn)
		s->release_fn(s->release_arg);
	memset(s, 0, sizeof(*s));
}

static const char *const inline_status_names[] = {
	"not seen", "seen, unknown", "not declared, not inlined",
	"not declared, inlined", "declared, not inlined", "declared, inlined",
};

const char *ks_inline_status_str(int status)
{
	if (status < KS_INL_NOT_SEEN || status > KS_INL_DECL_INLINED)
		return "seen, unknown";
	return inline_status_names[status - KS_INL_NOT_SEEN];
}

int ks_inline_status_parse(const char *s)
{
	if (!s) /* a missing field: below every status, the caller's "bad" */
		return KS_INL_NOT_SEEN - 1;
	for (int i = 0; i < 6; i++)
		if (!strcmp(s, inline_status_names[i]))
			return i + KS_INL_NOT_SEEN;
	return KS_INL_SEEN_UNKNOWN;
}

bool ks_inline_actual(int status)
{
	return status == KS_INL_NOT_DECL_INLINED || status == KS_INL_DECL_INLINED;
}

static const char *const collision_names[] = {
	"Unique Global", "Unique Static", "Static Duplication",
	"Static-Static Collision", "Static-Global Collision",
};

const char *ks_collision_str(int c)
{
	return c >= 0 && c < KS_COLL__COUNT ? collision_names[c] : "?";
}

int ks_collision_parse(const char *s)
{
	for (int i = 0; s && i < KS_COLL__COUNT; i++)
		if (!strcmp(s, collision_names[i]))
			return i;
	return -1;
}

static const char *const inline_type_names[] = { "No", "Full", "Selective" };

const char *ks_inline_type_str(int t)
{
	return t >= 0 && t < KS_INLINE__COUNT ? inline_type_names[t] : "?";
}

int ks_inline_type_parse(const char *s)
{
	for (int i = 0; s && i < KS_INLINE__COUNT; i++)
		if (!strcmp(s, inline_type_names[i]))
			return i;
	return -1;
}

const char *ks_image_name_problem(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0)
		return "it is empty";
	if (n > 200)
		return "it is longer than 200 bytes";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "it is a directory's name";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '/')
			return "it holds a '/'";
		if (*p < 0x20 || *p == 0x7f)
			return "it holds a control character";
	}
	return NULL;
}

bool ks_symbol_is_func(const struct ks_symbol *sym)
{
	return sym->type == STT_FUNC && strncmp(sym->name, "__pfx", 5) != 0;
}

bool ks_symbol_has_suffix(const char *name)
{
	return strchr(name, '.') != NULL;
}

const char *ks_stb_str(unsigned bind, char buf[16])
{
	switch (bind) {
	case STB_LOCAL: return "STB_LOCAL";
	case STB_GLOBAL: return "STB_GLOBAL";
	case STB_WEAK: return "STB_WEAK";
	case STB_GNU_UNIQUE: return "STB_LOOS";
	}
	snprintf(buf, 16, "%u", bind);
	return buf;
}

const char *ks_stt_str(unsigned type, char buf[16])
{
	switch (type) {
	case STT_NOTYPE: return "STT_NOTYPE";
	case STT_OBJECT: return "STT_OBJECT";
	case STT_FUNC: return "STT_FUNC";
	case STT_SECTION: return "STT_SECTION";
	case STT_FILE: return "STT_FILE";
	case STT_COMMON: return "STT_COMMON";
	case STT_TLS: return "STT_TLS";
	case STT_GNU_IFUNC: return "STT_LOOS";
	}
	snprintf(buf, 16, "%u", type);
	return buf;
}

const char *ks_stv_str(unsigned vis, char buf[16])
{
	switch (vis) {
	case STV_DEFAULT: return "STV_DEFAULT";
	case STV_INTERNAL: return "STV_INTERNAL";
	case STV_HIDDEN: return "STV_HIDDEN";
	case STV_PROTECTED: return "STV_PROTECTED";
	}
	snprintf(buf, 16, "%u", vis);
	return buf;
}

static const char *const type_kind_names[KS_TYPE__COUNT] = {
	"FUNC", "STRUCT", "UNION", "ENUM", "ENUM64", "INT", "TYPEDEF",
};

const char *ks_type_kind_str(int kind)
{
	return kind >= 0 && kind < KS_TYPE__COUNT ? type_kind_names[kind] : "?";
}

int ks_type_kind_parse(const char *s)
{
	for (int i = 0; s && i < KS_TYPE__COUNT; i++)
		if (!strcmp(s, type_kind_names[i]))
			return i;
	return -1;
}

const struct ks_type *ks_surface_type(struct ks_surface *s, int kind, const char *name)
{
	if (!s->type_index) {
		s->type_index = xcalloc(1, sizeof(*s->type_index));
		for (size_t i = 0; i < s->types.n; i++)
			hindex_insert(s->type_index,
				      hash_mix(hash_str(s->types.v[i].name), s->types.v[i].kind),
				      (uint32_t)i);
	}
	uint64_t h = hash_mix(hash_str(name), (uint64_t)kind);
	for (uint32_t *p = hindex_first(s->type_index, h); p; p = hindex_next(s->type_index, h, p))
		if (s->types.v[*p].kind == kind && !strcmp(s->types.v[*p].name, name))
			return &s->types.v[*p];
	return NULL;
}

/* NAME back to the number FN gives it, for values 0..15; else a decimal. */
static int parse_elf_name(const char *s, const char *(*fn)(unsigned, char[16]))
{
	char buf[16];
	if (!s)
		return -1;
	for (unsigned v = 0; v < 16; v++)
		if (!strcmp(fn(v, buf), s) && !(s[0] >= '0' && s[0] <= '9'))
			return (int)v;
	char *end;
	long v = strtol(s, &end, 10);
	return *s && !*end && v >= 0 && v < 256 ? (int)v : -1;
}

int ks_stb_parse(const char *s) { return parse_elf_name(s, ks_stb_str); }
int ks_stt_parse(const char *s) { return parse_elf_name(s, ks_stt_str); }
int ks_stv_parse(const char *s) { return parse_elf_name(s, ks_stv_str); }
