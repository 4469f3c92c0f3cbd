/* symtab_blob.h — an image's whole .symtab as one compressed dataset blob.
 *
 * Layout before zlib compression (all through store/blob.h):
 *   varint n_sections, then n_sections section names (NUL-terminated);
 *   varint n_symbols, then per symbol: name (NUL-terminated), varint section
 *   index, u8 type, u8 bind, u8 visibility, u64 value, varint size.
 */
#ifndef KSURF_STORE_SYMTAB_BLOB_H
#define KSURF_STORE_SYMTAB_BLOB_H
#include <stddef.h>

#include "surface/surface.h"

/* The largest symbol table stored or read, encoded (6.12's is 13 MB): a
 * dataset claiming more is crafted, an image holding more is refused. */
#define SYMTAB_BLOB_MAX (512u << 20)

/* Encode and compress S->symbols; *OUT is malloc'd.  -1 after an error line. */
int symtab_blob_encode(const struct ks_surface *s, unsigned char **out, size_t *out_len,
		       size_t *raw_len);

/* Decompress and decode into S->symbols (strings in S->strings).  WHAT names
 * the blob in errors.  -1 after an error line. */
int symtab_blob_decode(const void *blob, size_t len, size_t raw_len, struct ks_surface *s,
		       const char *what);

#endif
