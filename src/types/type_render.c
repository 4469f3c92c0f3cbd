#include "types/type_render.h"

#include <inttypes.h>
#include <string.h>

#include "util/text_esc.h"

/* Reference chains of the normalized form are short; a damaged one could loop. */
#define MAX_DEPTH 64

static const char *kind_of(const struct jv *t)
{
	const char *k = jv_str(t, "kind");
	return k ? k : "";
}

/* A name from an image or a dataset: never a line break or a control in the text. */
static void add_name(struct strbuf *sb, const char *n)
{
	sb_add_visible(sb, n ? n : "", n ? strlen(n) : 0, false);
}

static const char *name_of(const struct jv *t)
{
	const char *n = jv_str(t, "name");
	return n ? n : "(anon)";
}

static bool is(const struct jv *t, const char *kind)
{
	return !strcmp(kind_of(t), kind);
}

static void type_str(struct strbuf *sb, const struct jv *t, int depth);

static void param_list(struct strbuf *sb, const struct jv *proto, bool named, int depth)
{
	const struct jv *params = jv_get(proto, "params");
	sb_add(sb, "(");
	for (size_t i = 0; params && params->type == JV_ARR && i < params->n; i++) {
		const struct jv *p = &params->items[i];
		const struct jv *pt = jv_get(p, "type");
		if (i)
			sb_add(sb, ", ");
		if (i + 1 == params->n && i > 0 && pt && is(pt, "VOID") &&
		    !strcmp(name_of(p), "(anon)")) {
			sb_add(sb, "...");
		} else if (named) {
			render_decl(sb, pt, name_of(p));
		} else {
			type_str(sb, pt, depth + 1);
		}
	}
	sb_add(sb, ")");
}

static void type_str(struct strbuf *sb, const struct jv *t, int depth)
{
	if (!t || depth > MAX_DEPTH) {
		sb_add(sb, "?");
		return;
	}
	const char *k = kind_of(t);
	if (!strcmp(k, "STRUCT") || !strcmp(k, "UNION") || !strcmp(k, "ENUM")) {
		sb_add(sb, !strcmp(k, "STRUCT") ? "struct " : !strcmp(k, "UNION") ? "union " : "enum ");
		add_name(sb, name_of(t));
	} else if (!strcmp(k, "ENUM64")) {
		sb_add(sb, "enum ");
		add_name(sb, name_of(t));
	} else if (!strcmp(k, "CONST") || !strcmp(k, "VOLATILE") || !strcmp(k, "RESTRICT")) {
		sb_add(sb, !strcmp(k, "CONST") ? "const " : !strcmp(k, "VOLATILE") ? "volatile "
										: "restrict ");
		type_str(sb, jv_get(t, "type"), depth + 1);
	} else if (!strcmp(k, "PTR")) {
		const struct jv *to = jv_get(t, "type");
		type_str(sb, to, depth + 1);
		if (to && is(to, "FUNC_PROTO"))
			return;
		sb_add(sb, to && is(to, "PTR") ? "*" : " *");
	} else if (!strcmp(k, "ARRAY")) {
		uint64_t n = 0;
		jv_u64(t, "nr_elems", &n);
		type_str(sb, jv_get(t, "type"), depth + 1);
		sb_addf(sb, "[%" PRIu64 "]", n);
	} else if (!strcmp(k, "FUNC_PROTO")) {
		type_str(sb, jv_get(t, "ret_type"), depth + 1);
		sb_add(sb, "(*)");
		param_list(sb, t, false, depth + 1);
	} else if (!strcmp(k, "FWD")) {
		const char *fk = jv_str(t, "fwd_kind");
		sb_addf(sb, "%s ", fk ? fk : "struct");
		add_name(sb, name_of(t));
	} else {
		/* TYPEDEF, INT, VOID, FLOAT, TYPE_TAG: by name */
		add_name(sb, name_of(t));
	}
}

void render_type(struct strbuf *sb, const struct jv *t)
{
	type_str(sb, t, 0);
}

void render_decl(struct strbuf *sb, const struct jv *t, const char *name)
{
	if (t && is(t, "PTR") && is(jv_get(t, "type"), "FUNC_PROTO")) {
		const struct jv *fp = jv_get(t, "type");
		type_str(sb, jv_get(fp, "ret_type"), 1);
		sb_add(sb, " (*");
		add_name(sb, name);
		sb_add(sb, ")");
		param_list(sb, fp, false, 1);
	} else if (t && is(t, "PTR")) {
		type_str(sb, t, 0);
		add_name(sb, name);
	} else if (t && is(t, "ARRAY")) {
		uint64_t n = 0;
		jv_u64(t, "nr_elems", &n);
		type_str(sb, jv_get(t, "type"), 1);
		sb_add(sb, " ");
		add_name(sb, name);
		sb_addf(sb, "[%" PRIu64 "]", n);
	} else {
		type_str(sb, t, 0);
		sb_add(sb, " ");
		add_name(sb, name);
	}
}

int render_definition(struct strbuf *sb, const struct jv *t)
{
	const char *k = kind_of(t);
	if (!strcmp(k, "FUNC")) {
		const struct jv *proto = jv_get(t, "type");
		render_decl(sb, jv_get(proto, "ret_type"), name_of(t));
		param_list(sb, proto, true, 0);
		sb_add(sb, ";");
		return 0;
	}
	bool is_enum = !strcmp(k, "ENUM") || !strcmp(k, "ENUM64");
	if (strcmp(k, "STRUCT") && strcmp(k, "UNION") && !is_enum)
		return -1;
	sb_add(sb, !strcmp(k, "STRUCT") ? "struct " : !strcmp(k, "UNION") ? "union " : "enum ");
	add_name(sb, name_of(t));
	sb_add(sb, " {\n");
	const struct jv *list = jv_get(t, is_enum ? "values" : "members");
	for (size_t i = 0; list && list->type == JV_ARR && i < list->n; i++) {
		const struct jv *m = &list->items[i];
		sb_add(sb, "    ");
		if (is_enum) {
			int64_t v = 0;
			uint64_t u = 0;
			add_name(sb, name_of(m));
			if (jv_i64(m, "val", &v))
				sb_addf(sb, " = %" PRId64 ",\n", v);
			else if (jv_u64(m, "val", &u))
				sb_addf(sb, " = %" PRIu64 ",\n", u);
			else
				sb_add(sb, ",\n");
			continue;
		}
		render_decl(sb, jv_get(m, "type"), name_of(m));
		uint64_t bits;
		if (jv_u64(m, "bitfield_size", &bits))
			sb_addf(sb, ":%" PRIu64, bits);
		sb_add(sb, ";\n");
	}
	sb_add(sb, "};");
	return 0;
}
