/* fuzz_bpf_object.c — libFuzzer target: `ksurf check`'s BPF object reader
 * (src/bpf/bpf_object.c: embedded-object discovery, ELF, .BTF, .BTF.ext), the
 * dependencies drawn from what it read (src/bpf/bpf_deps.c), and each
 * program's walk with the constants loading gives (src/bpf/bpf_reach.c:
 * every .kconfig extern known, the read-only data's bytes), as check's. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bpf/bpf_deps.h"
#include "bpf/bpf_reach.h"
#include "util/error.h"
#include "util/xalloc.h"

static void walk(const struct bpf_object *o)
{
	struct bpf_reach_index ix;
	bpf_reach_index_init(o, &ix);
	struct bpf_relo_value *vals = xcalloc(o->relos.n + o->kconfig.n + 1, sizeof(*vals));
	for (size_t r = 0; r < o->relos.n; r++)
		vals[r] = (struct bpf_relo_value){ r % 2 == 0, r % 3 == 0, (int64_t)r };
	struct bpf_relo_value *kv = vals + o->relos.n;
	for (size_t k = 0; k < o->kconfig.n; k++)
		kv[k] = (struct bpf_relo_value){ true, true, (int64_t)k };
	struct bpf_reach_data data = { kv, true };
	for (size_t p = 0; p < o->progs.n; p++) {
		struct bpf_reach r;
		bpf_reach_prog(o, &ix, p, vals, &data, &r);
		bpf_reach_free(&r);
	}
	free(vals);
	bpf_reach_index_free(&ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bpf_object_vec objs = { 0 };
	if (bpf_objects_read("fuzz", data, size, &objs) == 0)
		for (size_t i = 0; i < objs.n; i++) {
			struct bpf_deps d;
			bpf_deps_of(&objs.v[i], &d);
			bpf_deps_free(&d);
			walk(&objs.v[i]);
		}
	for (size_t i = 0; i < objs.n; i++)
		bpf_object_free(&objs.v[i]);
	vec_free(&objs);
	return 0;
}
