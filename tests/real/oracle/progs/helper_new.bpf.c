/* (d) bpf_cgrp_storage_get (helper 210, 6.2+) on a BPF_MAP_TYPE_CGRP_STORAGE
 * map (6.2+), as the kernel's selftests do from tp_btf/sys_enter.
 * expected loader: 6.1 load fails (the map type and helper are unknown: map
 * creation -EINVAL); 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, long);
} cgrp_map SEC(".maps");

SEC("tp_btf/sys_enter")
int BPF_PROG(helper_new, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long *v = bpf_cgrp_storage_get(&cgrp_map, task->cgroups->dfl_cgrp, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (v)
		*v += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
