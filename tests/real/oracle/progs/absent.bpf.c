/* (g) a kprobe on a function no kernel has.
 * expected loader: 6.1 load=OK attach=-2 (ENOENT); 6.12 load=OK attach=-2 */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe/ksurf_oracle_absent_function")
int absent(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
