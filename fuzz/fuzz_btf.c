/* fuzz_btf.c — libFuzzer target: BTF bytes through libbpf, ksurf's checks,
 * normalization and rendering of every type (src/btf/, src/report/type_render.c). */
#include <bpf/btf.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf_normalize.h"
#include "btf/btf_source.h"
#include "types/type_render.h"
#include "util/json_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *btf = btf_source_bytes(data, size, "fuzz");
	if (!btf)
		return 0;
	struct ks_surface s = { 0 };
	if (btf_normalize(btf, &s, "fuzz") == 0) {
		for (size_t i = 0; i < s.types.n; i++) {
			struct arena a = { 0 };
			struct jv v;
			char err[64];
			struct strbuf sb = { 0 };
			if (json_parse(s.types.v[i].json, s.types.v[i].json_len, &a, &v, err, sizeof(err)) == 0)
				render_definition(&sb, &v);
			sb_free(&sb);
			arena_free(&a);
		}
	}
	surface_free(&s);
	btf__free(btf);
	return 0;
}
