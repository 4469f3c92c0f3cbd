/* (f) a kprobe on blk_account_io_start: fully inlined on 6.1 (no symbol);
 * on 6.12 selectively inlined with an out-of-line copy, but that copy is
 * `static inline` (the kernel's inline implies notrace: no __fentry__ call at
 * its entry) and trace_kprobe refuses a notrace function.
 * expected loader: 6.1 load=OK attach=-2 (ENOENT); 6.12 load=OK attach=-22 (EINVAL) */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe/blk_account_io_start")
int inlined(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
