/* json_parse.h — a small JSON reader for the dataset's own JSON (types,
 * published-layout files): untrusted text in, a tree in an arena out.
 *
 * Numbers must be integers (the published formats have no others); they
 * keep their sign and full 64-bit range (addresses are unsigned 64-bit,
 * enum values signed).  Nesting is limited to JSON_MAX_DEPTH.  Object keys
 * keep their order.
 */
#ifndef KSURF_UTIL_JSON_PARSE_H
#define KSURF_UTIL_JSON_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

#define JSON_MAX_DEPTH 256

enum jv_type { JV_NULL, JV_BOOL, JV_INT, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	bool b;          /* JV_BOOL */
	bool neg;        /* JV_INT: negative (value is -mag) */
	uint64_t mag;    /* JV_INT: magnitude */
	const char *s;   /* JV_STR (NUL-terminated; embedded NULs are rejected) */
	size_t n;        /* JV_ARR, JV_OBJ: number of items */
	struct jv *items;  /* JV_ARR, JV_OBJ: values */
	const char **keys; /* JV_OBJ: keys */
};

/*
 * Parse TEXT[0..LEN) (one value, surrounding whitespace allowed) into *OUT,
 * allocating from A.  Returns 0, or -1 with a message in ERR (size ERRLEN).
 */
int json_parse(const char *text, size_t len, struct arena *a, struct jv *out, char *err,
	       size_t errlen);

/* The member KEY of object V, NULL when V is not an object or has none. */
const struct jv *jv_get(const struct jv *v, const char *key);
/* Its string, or NULL when absent or not a string. */
const char *jv_str(const struct jv *v, const char *key);
/* Its integer as int64 (into *OUT); false when absent, not an integer or out of range. */
bool jv_i64(const struct jv *v, const char *key, int64_t *out);
bool jv_u64(const struct jv *v, const char *key, uint64_t *out);

#endif
