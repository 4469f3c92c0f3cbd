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

static void addr(struct json_writer *w, uint64_t a, bool hex)
{
	char buf[32];
	if (!hex) {
		jw_u64(w, a);
		return;
	}
	snprintf(buf, sizeof(buf), "0x%" PRIx64, a);
	jw_str(w, buf);
}

void report_func_group_json(struct json_writer *w, const struct ks_surface *s,
			    const struct ks_func_group *g, bool hex_addr)
{
	char buf[16];
	jw_obj_open(w);
	jw_key(w, "name");
	jw_str(w, g->name);
	jw_key(w, "collision_type");
	jw_str(w, ks_collision_str(g->collision));
	jw_key(w, "inline_type");
	jw_str(w, ks_inline_type_str(g->inline_type));
	jw_key(w, "funcs");
	jw_arr_open(w);
	for (uint32_t i = 0; i < g->n_entries; i++) {
		const struct ks_func_entry *e = &s->entries.v[g->first_entry + i];
		jw_obj_open(w);
		jw_key(w, "addr");
		addr(w, e->addr, hex_addr);
		jw_key(w, "name");
		jw_str(w, e->name);
		jw_key(w, "external");
		jw_bool(w, e->external);
		jw_key(w, "loc");
		jw_str(w, e->loc);
		jw_key(w, "file");
		jw_str(w, e->file);
		jw_key(w, "inline");
		jw_str(w, ks_inline_status_str(e->inline_status));
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
		jw_key(w, "addr");
		addr(w, sym->value, hex_addr);
		jw_key(w, "name");
		jw_str(w, sym->name);
		jw_key(w, "section");
		jw_str(w, sym->section);
		jw_key(w, "bind");
		jw_str(w, ks_stb_str(sym->bind, buf));
		jw_key(w, "size");
		jw_u64(w, sym->size);
		jw_obj_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
}

void report_symbol_json(struct json_writer *w, const struct ks_symbol *sym)
{
	char buf[16];
	jw_obj_open(w);
	jw_key(w, "name");
	jw_str(w, sym->name);
	jw_key(w, "section");
	jw_str(w, sym->section);
	jw_key(w, "bind");
	jw_str(w, ks_stb_str(sym->bind, buf));
	jw_key(w, "type");
	jw_str(w, ks_stt_str(sym->type, buf));
	jw_key(w, "visibility");
	jw_str(w, ks_stv_str(sym->visibility, buf));
	jw_key(w, "value");
	jw_u64(w, sym->value);
	jw_key(w, "size");
	jw_u64(w, sym->size);
	jw_obj_close(w);
}
