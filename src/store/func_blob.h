/* func_blob.h — a function group as two dataset blobs.
 *
 * The content blob holds what does not depend on where the image was linked,
 * so identical groups of different images share one stored copy:
 *   per DWARF entry: varint flags (bit 0 external; bits 1.. inline
 *   status + 2), u64 loc path id (0 = no loc), varint loc line + 1 (0 = a bare
 *   path), u64 unit path id, varint n + n × u64 inline-caller ids, varint n +
 *   n × u64 direct-caller ids;
 *   per symbol: u64 name id (0 = the group's name), u64 section id,
 *   varint size, u8 type, u8 bind, u8 visibility.
 * The addrs blob holds the image's own numbers: per entry varint address; per
 * symbol varint index in the image's .symtab and u64 value.
 */
#ifndef KSURF_STORE_FUNC_BLOB_H
#define KSURF_STORE_FUNC_BLOB_H
#include <stddef.h>
#include <stdint.h>

#include "store/blob.h"
#include "store/string_table.h"
#include "surface/surface.h"

void func_blob_put(struct blob_writer *content, struct blob_writer *addrs,
		   const struct ks_surface *s, const struct ks_func_group *g,
		   struct string_set *ids);

/* One decoded symbol record. */
struct func_blob_symbol {
	uint64_t symtab_index;
	struct ks_symbol sym;
};

struct func_blob_in {
	const char *name; /* the group's */
	const void *content, *addrs;
	size_t content_len, addrs_len;
	uint32_t n_entries, n_symbols;
};

/*
 * Append the group's entries to S->entries (rebuilt strings in A) and decode
 * its symbols into SYMS[n_symbols].  -1 when a blob is damaged.
 */
int func_blob_get(const struct func_blob_in *in, struct string_resolver *res,
		  struct ks_surface *s, struct func_blob_symbol *syms, struct arena *a);

/* Call CB with every string id the content blob of a group of N_ENTRIES
 * entries and N_SYMBOLS symbols refers to (0, "none", included).  -1 when
 * the blob is damaged. */
int func_blob_string_ids(const void *content, size_t len, uint32_t n_entries, uint32_t n_symbols,
			 void (*cb)(uint64_t id, void *arg), void *arg);

#endif
