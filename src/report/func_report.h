/* func_report.h — a function group as report markdown and as published JSON. */
#ifndef KSURF_REPORT_FUNC_REPORT_H
#define KSURF_REPORT_FUNC_REPORT_H
#include <stdio.h>

#include "surface/surface.h"
#include "util/json_writer.h"

/* The group block of a report page: "**Collision:** ..." through the symbols. */
void report_func_block(FILE *out, const struct ks_surface *s, const struct ks_func_group *g);

/* The group as one func_groups/NAME.jsonl object: its "addr"s decimal
 * numbers as published, or with HEX_ADDR strings "0xffffffff81234560" (as
 * `ksurf show` writes them: JSON numbers lose 64-bit addresses in many
 * readers, and people read addresses in hex). */
void report_func_group_json(struct json_writer *w, const struct ks_surface *s,
			    const struct ks_func_group *g, bool hex_addr);

/* One symtab/NAME.jsonl object. */
void report_symbol_json(struct json_writer *w, const struct ks_symbol *sym);

#endif
