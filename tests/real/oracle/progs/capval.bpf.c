/* (c) cred->cap_effective.val: kernel_cap_t is { __u32 cap[2]; } before 6.3,
 * { u64 val; } after.
 * expected loader: 6.1 load=-22 (EINVAL, unresolved relocation); 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

__u64 seen;

SEC("kprobe/vfs_read")
int capval(struct pt_regs *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const struct cred *cred = BPF_CORE_READ(task, cred);
	seen = BPF_CORE_READ(cred, cap_effective.val);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
