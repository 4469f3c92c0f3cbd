/* (m) tracee's count of a process's live threads: BPF_CORE_READ(signal, live)
 * copies an atomic_t, then .counter reads it: clang roots that relocation at
 * the typedef atomic_t, a typedef of an anonymous struct, which libbpf finds
 * by the typedef's name.
 * expected loader: 6.1 load=OK attach=OK; 6.12 load=OK attach=OK */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

typedef struct {
	int counter;
} __attribute__((preserve_access_index)) atomic_t;

struct signal_struct {
	atomic_t live;
} __attribute__((preserve_access_index));

struct task_struct___sig {
	struct signal_struct *signal;
} __attribute__((preserve_access_index));

int live_threads;

SEC("kprobe/vfs_read")
int atomic_live(struct pt_regs *ctx)
{
	struct task_struct___sig *t = (void *)bpf_get_current_task();
	struct signal_struct *signal = BPF_CORE_READ(t, signal);
	atomic_t live = BPF_CORE_READ(signal, live);
	live_threads = live.counter;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
