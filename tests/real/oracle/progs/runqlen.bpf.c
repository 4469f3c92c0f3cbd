/* (j) bcc runqlen's guarded pattern: cfs_rq::nr_queued (6.14+, the rename of
 * nr_running) when the kernel has it, else nr_running.  A perf_event program:
 * the loader does not attach it (attach=skip), its load is the answer.
 * expected loader: 6.1 load=OK attach=skip; 6.12 load=OK attach=skip */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct cfs_rq___new {
	unsigned int nr_queued;
} __attribute__((preserve_access_index));

__u64 total;

SEC("perf_event")
int runqlen(struct bpf_perf_event_data *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct cfs_rq *cfs_rq = BPF_CORE_READ(task, se.cfs_rq);
	__u64 len;

	if (bpf_core_field_exists(((struct cfs_rq___new *)cfs_rq)->nr_queued))
		len = BPF_CORE_READ((struct cfs_rq___new *)cfs_rq, nr_queued);
	else
		len = BPF_CORE_READ(cfs_rq, nr_running);
	__sync_fetch_and_add(&total, len);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
