/* (k) an optional program (`?` section: libbpf turns its autoload off); the loader loads it explicitly. ksurf reads the section as written.
 * expected loader: 6.1 load=OK attach=-2 (ENOENT); 6.12 load=OK attach=-2; the loader marks the section with a leading ? */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("?kprobe/ksurf_oracle_no_such_function")
int optional(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
