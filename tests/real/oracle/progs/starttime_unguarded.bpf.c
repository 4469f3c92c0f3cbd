/* (b) real_start_time read with no guard: absent since 5.5, the poisoned
 * CO-RE relocation is reached.
 * expected loader: 6.1 load=-22 (EINVAL); 6.12 load=-22 */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___older_v55 {
	__u64 real_start_time;
} __attribute__((preserve_access_index));

__u64 seen;

SEC("kprobe/vfs_read")
int starttime_unguarded(struct pt_regs *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	seen = BPF_CORE_READ((struct task_struct___older_v55 *)task, real_start_time);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
