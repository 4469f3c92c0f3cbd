/* btf_normalize.h — an image's named types in the published normalized form.
 *
 * For each FUNC, STRUCT, UNION, ENUM, ENUM64 and INT of the BTF, in type-id
 * order, the first of each (kind, name) wins; every anonymous ENUM's values
 * merge into one ENUM named "(anon)", placed last.  Each type becomes one JSON
 * object exactly as the published dataset writes it: references expanded one
 * level, PTR/CONST/VOLATILE/RESTRICT/ARRAY/FUNC_PROTO followed, anonymous
 * struct/union members flattened into their parent with offsets added, other
 * unnamed members and parameters named (anon), (anon-1), ..., enum values as
 * signed numbers of the enum's size.  The raw BTF itself is kept too, in
 * S->btf_raw (the layouts of `show --layout` need the anonymous members the
 * normalized form flattens).
 */
#ifndef KSURF_BTF_BTF_NORMALIZE_H
#define KSURF_BTF_BTF_NORMALIZE_H

#include "surface/surface.h"

struct btf;

/* Append the named types of BTF to S->types (text in S->type_text; nothing
 * else of S but btf_raw is touched, so this may run beside the DWARF walk).  WHAT names
 * the source in errors.  -1 after an error line. */
int btf_normalize(const struct btf *btf, struct ks_surface *s, const char *what);

struct strbuf;
/* Append type ID of BTF to OUT in that same form, named NAME when not NULL
 * (an anonymous enum given its identity); -1 when its references nest too
 * deep (no error line). */
int btf_normalize_type(const struct btf *btf, unsigned id, const char *name, struct strbuf *out);

#endif
