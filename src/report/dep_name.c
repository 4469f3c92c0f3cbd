#include "report/dep_name.h"

#include <stdio.h>
#include <string.h>

#define LSM_PREFIX "security_"
#define LSM_BPF_PREFIX "bpf_lsm_"
#define TP_STRUCT_PREFIX "trace_event_raw_"
#define TP_FUNC_PREFIX "trace_event_raw_event_"

/* S after PREFIX when S starts with it and more follows, else NULL. */
static const char *after(const char *s, const char *prefix)
{
	size_t l = strlen(prefix);
	return !strncmp(s, prefix, l) && s[l] ? s + l : NULL;
}

/* sys_NAME or __WORD_sys_NAME (WORD lower-case letters and digits): NAME. */
static const char *syscall_name(const char *name)
{
	const char *p = after(name, "sys_");
	if (p)
		return p;
	if (strncmp(name, "__", 2))
		return name;
	size_t w = strspn(name + 2, "abcdefghijklmnopqrstuvwxyz0123456789");
	p = w ? after(name + 2 + w, "_sys_") : NULL;
	return p ? p : name;
}

/* NAME after a C keyword ("struct", "union", "enum") and blanks: its kind
 * into *KIND and the rest; NULL when NAME has none. */
static const char *after_keyword(const char *name, int *kind)
{
	static const struct { const char *word; enum dep_kind kind; } words[] = {
		{ "struct", DEP_STRUCT }, { "union", DEP_UNION }, { "enum", DEP_ENUM },
	};
	const char *s = name + strspn(name, " \t");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t l = strlen(words[i].word);
		if (strncmp(s, words[i].word, l) || (s[l] != ' ' && s[l] != '\t'))
			continue;
		const char *rest = s + l + strspn(s + l, " \t");
		if (!*rest)
			return NULL;
		*kind = words[i].kind;
		return rest;
	}
	return NULL;
}

const char *dep_name_normalize(enum dep_kind kind, const char *name, int *other)
{
	int dummy;
	if (!other)
		other = &dummy;
	*other = -1;
	const char *p;
	int k;
	switch (kind) {
	case DEP_TRACEPOINT: {
		const char *colon = strrchr(name, ':'), *slash = strrchr(name, '/');
		p = colon > slash ? colon : slash;
		return p && p[1] ? p + 1 : name;
	}
	case DEP_SYSCALL:
		return syscall_name(name);
	case DEP_LSM:
		p = after(name, LSM_PREFIX);
		if (!p)
			p = after(name, LSM_BPF_PREFIX);
		return p ? p : name;
	case DEP_STRUCT:
	case DEP_UNION:
	case DEP_ENUM:
	case DEP_FIELD:
		p = after_keyword(name, &k);
		if (!p)
			return name;
		if (kind == DEP_FIELD ? k == DEP_ENUM : k != (int)kind) {
			*other = k;
			return name;
		}
		return p;
	default:
		return name;
	}
}

bool dep_name_is_glob(const char *name)
{
	return strpbrk(name, "*?[") != NULL;
}

static const char *join(char *buf, size_t len, const char *prefix, const char *name)
{
	snprintf(buf, len, "%s%s", prefix, name);
	return buf;
}

const char *dep_lsm_func(const char *hook, char *buf, size_t len)
{
	return join(buf, len, LSM_PREFIX, hook);
}

const char *dep_lsm_bpf_func(const char *hook, char *buf, size_t len)
{
	return join(buf, len, LSM_BPF_PREFIX, hook);
}

const char *dep_tp_struct(const char *class_name, char *buf, size_t len)
{
	return join(buf, len, TP_STRUCT_PREFIX, class_name);
}

const char *dep_tp_func(const char *class_name, char *buf, size_t len)
{
	return join(buf, len, TP_FUNC_PREFIX, class_name);
}
