/* (i) a kprobe on oom_kill_process, which has an oom_kill_process.cold part on 6.1: the plain symbol attaches.
 * expected loader: 6.1 load=OK attach=OK; 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe/oom_kill_process")
int cold(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
