/* fuzz_bpf_object.c — libFuzzer target: `ksurf check`'s BPF object reader
 * (src/bpf/bpf_object.c: embedded-object discovery, ELF, .BTF, .BTF.ext) and
 * the dependencies drawn from what it read (src/bpf/bpf_deps.c). */
#include <stddef.h>
#include <stdint.h>

#include "bpf/bpf_deps.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bpf_object_vec objs = { 0 };
	if (bpf_objects_read("fuzz", data, size, &objs) == 0)
		for (size_t i = 0; i < objs.n; i++) {
			struct bpf_deps d;
			bpf_deps_of(&objs.v[i], &d);
			bpf_deps_free(&d);
		}
	for (size_t i = 0; i < objs.n; i++)
		bpf_object_free(&objs.v[i]);
	vec_free(&objs);
	return 0;
}
