/* (h) tp_btf/block_io_start: the tracepoint came in 6.5; 6.1 has no
 * btf_trace_block_io_start.
 * expected loader: 6.1 load=-3 (ESRCH); 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 hits;

SEC("tp_btf/block_io_start")
int BPF_PROG(tpbtf_new, struct request *rq)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
