/* fuzz_blobs.c — libFuzzer target: the dataset's blob decoders (src/store/),
 * as a damaged dataset would feed them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/blob.h"
#include "store/symtab_blob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_surface s = { 0 };
	if (size > 8) {
		size_t raw = (size_t)(data[0] | data[1] << 8 | data[2] << 16);
		symtab_blob_decode(data + 8, size - 8, raw, &s, "fuzz");
	}
	surface_free(&s);
	struct blob_reader r;
	blob_reader_init(&r, data, size);
	while (!r.bad && !blob_at_end(&r)) {
		blob_get_varint(&r);
		blob_get_str(&r);
		blob_get_u64(&r);
	}
	return 0;
}
