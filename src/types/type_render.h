/* type_render.h — normalized types as C declarations, as the report pages show them.
 *
 *   reference         struct NAME, const T, typedef/int/void by name, T * (T* when
 *                     T is a pointer, the proto itself for a function pointer),
 *                     T[N], R(*)(A, B), FWD as struct NAME
 *   named declaration R (*NAME)(A, B), T *NAME, T NAME[N], T NAME
 *   function          void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
 *   struct/union      struct NAME { then "    DECL;" per member, then };
 *
 * Beyond those rules (docs/semantics.md): a bitfield member is
 * "DECL:BITS"; an enum is "enum NAME {", "    A = 1," per value, "};"; a
 * trailing unnamed void parameter (C varargs) is "...".
 */
#ifndef KSURF_TYPES_TYPE_RENDER_H
#define KSURF_TYPES_TYPE_RENDER_H

#include "util/json_parse.h"
#include "util/strbuf.h"

/* A type reference: "const char *". */
void render_type(struct strbuf *sb, const struct jv *t);
/* A named declaration: "const char *filename". */
void render_decl(struct strbuf *sb, const struct jv *t, const char *name);
/* A whole FUNC, STRUCT, UNION, ENUM or ENUM64 object; -1 for another kind. */
int render_definition(struct strbuf *sb, const struct jv *t);

#endif
