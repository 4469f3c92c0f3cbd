/* fuzz_json.c — libFuzzer target: the JSON reader (src/util/json_parse.c). */
#include <stddef.h>
#include <stdint.h>

#include "util/json_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = { 0 };
	struct jv v;
	char err[128];
	if (json_parse((const char *)data, size, &a, &v, err, sizeof(err)) == 0) {
		int64_t i;
		jv_i64(&v, "val", &i);
		jv_str(&v, "name");
	}
	arena_free(&a);
	return 0;
}
