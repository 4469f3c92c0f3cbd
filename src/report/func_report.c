#include "report/func_report.h"

#include <inttypes.h>

static void caller_list(FILE *out, const char *title, const char **callers, uint32_t n)
{
	if (n == 0)
		return;
	fprintf(out, "%s:\n", title);
	for (uint32_t i = 0; i < n; i++)
		fprintf(out, "  - %s\n", callers[i]);
}

void report_func_block(FILE *out, const struct ks_surface *s, const struct ks_func_group *g)
{
	fprintf(out, "**Collision:** %s\n\n", ks_collision_str(g->collision));
	fprintf(out, "**Inline:** %s\n\n", ks_inline_type_str(g->inline_type));
	fprintf(out, "**Transformation:** %s\n\n", g->transformed ? "True" : "False");
	fputs("**Instances:**\n\n", out);
	if (g->n_entries == 0)
		fputs("None in DWARF: this image has none; the classes above come from its "
		      "symbols only.\n\n", out);
	for (uint32_t i = 0; i < g->n_entries; i++) {
		const struct ks_func_entry *e = &s->entries.v[g->first_entry + i];
		fputs("```\n", out);
		fprintf(out, "In %s (%" PRIx64 ")\n", e->file ? e->file : "None", e->addr);
		fprintf(out, "Location: %s\n", e->loc ? e->loc : "None");
		fprintf(out, "Inline: %s\n", ks_inline_actual(e->inline_status) ? "True" : "False");
		caller_list(out, "Inline callers", e->inline_callers, e->n_inline_callers);
		caller_list(out, "Direct callers", e->direct_callers, e->n_direct_callers);
		fputs("```\n", out);
	}
	if (g->n_symbols == 0)
		return;
	fputs("**Symbols:**\n\n```\n", out);
	for (uint32_t i = 0; i < g->n_symbols; i++) {
		const struct ks_symbol *sym = &s->symbols.v[s->group_symbols.v[g->first_symbol + i]];
		char buf[16];
		fprintf(out, "%" PRIx64 "-%" PRIx64 ": %s (%s)\n", sym->value,
			sym->value + sym->size, sym->name, ks_stb_str(sym->bind, buf));
	}
	fputs("```\n", out);
}

static void string_array(struct json_writer *w, const char **items, uint32_t n)
{
	jw_arr_open(w);
	for (uint32_t i = 0; i < n; i++)
		jw_str(w, items[i]);
	jw_arr_close(w);
}

static void kv_addr(struct json_writer *w, const char *key, uint64_t a, bool hex)
{
	if (hex)
		jw_kv_hex(w, key, a);
	else
		jw_kv_u64(w, key, a);
}

void report_func_group_json(struct json_writer *w, const struct ks_surface *s,
			    const struct ks_func_group *g, bool hex_addr)
{
	char buf[16];
	jw_obj_open(w);
	jw_kv_str(w, "name", g->name);
	jw_kv_str(w, "collision_type", ks_collision_str(g->collision));
	jw_kv_str(w, "inline_type", ks_inline_type_str(g->inline_type));
	jw_key(w, "funcs");
	jw_arr_open(w);
	for (uint32_t i = 0; i < g->n_entries; i++) {
		const struct ks_func_entry *e = &s->entries.v[g->first_entry + i];
		jw_obj_open(w);
		kv_addr(w, "addr", e->addr, hex_addr);
		jw_kv_str(w, "name", e->name);
		jw_kv_bool(w, "external", e->external);
		jw_kv_str(w, "loc", e->loc);
		jw_kv_str(w, "file", e->file);
		jw_kv_str(w, "inline", ks_inline_status_str(e->inline_status));
		jw_key(w, "caller_inline");
		string_array(w, e->inline_callers, e->n_inline_callers);
		jw_key(w, "caller_func");
		string_array(w, e->direct_callers, e->n_direct_callers);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_key(w, "symbols");
	jw_arr_open(w);
	for (uint32_t i = 0; i < g->n_symbols; i++) {
		const struct ks_symbol *sym = &s->symbols.v[s->group_symbols.v[g->first_symbol + i]];
		jw_obj_open(w);
		kv_addr(w, "addr", sym->value, hex_addr);
		jw_kv_str(w, "name", sym->name);
		jw_kv_str(w, "section", sym->section);
		jw_kv_str(w, "bind", ks_stb_str(sym->bind, buf));
		jw_kv_u64(w, "size", sym->size);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
}

void report_symbol_json(struct json_writer *w, const struct ks_symbol *sym)
{
	char buf[16];
	jw_obj_open(w);
	jw_kv_str(w, "name", sym->name);
	jw_kv_str(w, "section", sym->section);
	jw_kv_str(w, "bind", ks_stb_str(sym->bind, buf));
	jw_kv_str(w, "type", ks_stt_str(sym->type, buf));
	jw_kv_str(w, "visibility", ks_stv_str(sym->visibility, buf));
	jw_kv_u64(w, "value", sym->value);
	jw_kv_u64(w, "size", sym->size);
	jw_obj_close(w);
}
