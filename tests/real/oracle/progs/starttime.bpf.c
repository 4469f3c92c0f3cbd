/* (a) tracee's start-time pattern: start_boottime when the kernel has it, else
 * the pre-5.5 real_start_time through a flavored type.
 * expected loader: 6.1 load=OK attach=OK; 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___older_v55 {
	__u64 real_start_time;
} __attribute__((preserve_access_index));

static __always_inline __u64 start_time(struct task_struct *task)
{
	if (bpf_core_field_exists(task->start_boottime))
		return BPF_CORE_READ(task, start_boottime);
	return BPF_CORE_READ((struct task_struct___older_v55 *)task, real_start_time);
}

__u64 seen;

SEC("kprobe/vfs_read")
int starttime(struct pt_regs *ctx)
{
	seen = start_time((struct task_struct *)bpf_get_current_task());
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
