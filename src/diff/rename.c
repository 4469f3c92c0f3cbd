#include "diff/rename.h"

#include <string.h>

#include "diff/type_diff.h"

const char *const rename_prefixes[] = { "", "__", "_", "do_", NULL };

bool rename_close_name(const char *want, const char *name)
{
	size_t wl = strlen(want), nl = strlen(name);
	if (nl > wl + RENAME_MAX_EXTRA || !strcmp(name, want))
		return false;
	for (const char *const *p = rename_prefixes; *p; p++) {
		size_t pl = strlen(*p);
		if (!strncmp(name, *p, pl) && !strncmp(name + pl, want, wl))
			return true;
	}
	return false;
}

bool rename_same_prototype(const struct jv *a, const struct jv *b)
{
	const struct jv *ta = jv_get(a, "type"), *tb = jv_get(b, "type");
	const struct jv *pa = jv_get(ta, "params"), *pb = jv_get(tb, "params");
	if (!pa || !pb || pa->type != JV_ARR || pb->type != JV_ARR || pa->n != pb->n)
		return false;
	for (size_t i = 0; i < pa->n; i++)
		if (!jv_equal(jv_get(&pa->items[i], "type"), jv_get(&pb->items[i], "type")))
			return false;
	return jv_equal(jv_get(ta, "ret_type"), jv_get(tb, "ret_type"));
}
