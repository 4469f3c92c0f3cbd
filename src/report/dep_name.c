#include "report/dep_name.h"

#include <stdio.h>
#include <string.h>

#include "surface/hook_names.h"


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
		p = hook_strip(HOOK_LSM_FUNC, name);
		if (!p)
			p = hook_strip(HOOK_LSM_BPF, name);
		return p && *p ? p : name;
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
