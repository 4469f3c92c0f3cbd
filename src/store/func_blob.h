/* func_blob.h — a function group's entries and symbols as dataset blobs.
 *
 * entries blob, per entry (SPEC §3):
 *   varint flags (bit 0 external; bits 1.. inline status + 2),
 *   u64 loc path id (0 = no loc), varint loc line + 1 (0 = a bare path),
 *   u64 file id (string ids, 0 = none), varint addr,
 *   varint n, n × u64 inline-caller ids, varint n, n × u64 direct-caller ids.
 * symbols blob, per symbol of the group (SPEC §4):
 *   varint index in the image's .symtab, u64 name id (0 = the group's name),
 *   u64 section id,
 *   u64 value, varint size, u8 type, u8 bind, u8 visibility.
 */
#ifndef KSURF_STORE_FUNC_BLOB_H
#define KSURF_STORE_FUNC_BLOB_H
#include <stddef.h>
#include <stdint.h>

#include "store/blob.h"
#include "store/string_table.h"
#include "surface/surface.h"

void func_blob_put_entries(struct blob_writer *w, const struct ks_surface *s,
			   const struct ks_func_group *g, struct string_set *ids);
void func_blob_put_symbols(struct blob_writer *w, const struct ks_surface *s,
			   const struct ks_func_group *g, struct string_set *ids);

/* Append N entries named NAME to S->entries (rebuilt strings in A).  -1 when
 * the blob is damaged. */
int func_blob_get_entries(const void *blob, size_t len, uint32_t n, const char *name,
			  struct string_resolver *res, struct ks_surface *s, struct arena *a);

/* One decoded symbol record. */
struct func_blob_symbol {
	uint64_t symtab_index;
	struct ks_symbol sym;
};

/* Decode the N symbol records of group NAME into OUT[N].  -1 when the blob is damaged. */
int func_blob_get_symbols(const void *blob, size_t len, uint32_t n, const char *name,
			  struct string_resolver *res, struct func_blob_symbol *out);

#endif
