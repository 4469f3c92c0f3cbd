// SPDX-License-Identifier: GPL-2.0
/* fx.bpf.c — one program per section family ksurf's check reads, every CO-RE
 * relocation kind clang 14 emits, kfuncs, a helper, a map type and kconfig
 * externs; compiled by tests/real/check/build.sh against a real image's
 * vmlinux.h.  tests/real/test_check.py asserts its dependencies exactly. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

/* kfuncs: a strong one 6.1 has, a strong one it lacks (6.2), a weak one it lacks */
extern struct key *bpf_lookup_system_key(__u64 id) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;

extern int CONFIG_HZ __kconfig;
extern bool CONFIG_KSURF_NO_SUCH_OPTION __kconfig __weak;

/* a task_struct of older kernels, for the guarded fallback */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

SEC("kprobe/mempool_alloc")
int BPF_KPROBE(probe_mempool_alloc, void *pool, unsigned int gfp)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	/* BPF_CORE_READ chains: task_struct::real_parent, then task_struct::tgid */
	int ppid = BPF_CORE_READ(t, real_parent, tgid);
	bpf_printk("%d %d", ppid, CONFIG_HZ);
	return 0;
}

SEC("kretprobe/vfs_read")
int BPF_KRETPROBE(ret_vfs_read, long ret)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	long state;
	/* bpf_core_field_exists, and the flavored fallback it guards */
	if (bpf_core_field_exists(t->__state))
		state = BPF_CORE_READ(t, __state);
	else
		state = BPF_CORE_READ((struct task_struct___old *)t, state);
	return state + ret;
}

SEC("kprobe.multi/vfs_read*")
int multi(void *ctx)
{
	return 0;
}

SEC("kprobe")
int bare(void *ctx)
{
	return 0;
}

SEC("fentry/do_utime")
int BPF_PROG(enter_do_utime)
{
	return 0;
}

SEC("fexit/vfs_read")
int BPF_PROG(exit_vfs_read, struct file *file)
{
	/* bpf_core_read of a field two levels down: file::f_inode, inode::i_ino */
	struct inode *in = BPF_CORE_READ(file, f_inode);
	unsigned long ino;
	bpf_core_read(&ino, sizeof(ino), &in->i_ino);
	return ino;
}

SEC("ksyscall/openat")
int BPF_KSYSCALL(sys_openat, int dfd, const char *name)
{
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int tp_switch(struct trace_event_raw_sched_switch *ctx)
{
	return ctx->prev_pid;
}

SEC("tp/syscalls/sys_enter_close")
int tp_close(void *ctx)
{
	return 0;
}

SEC("raw_tp/sched_process_exec")
int raw_exec(void *ctx)
{
	return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(btf_wakeup, struct task_struct *p)
{
	return p->pid;
}

SEC("lsm/file_open")
int BPF_PROG(lsm_open, struct file *file)
{
	/* kfuncs: a strong one of every image, a strong and a weak one of newer ones */
	struct key *k = bpf_lookup_system_key(0);
	if (k && bpf_task_acquire)
		bpf_rcu_read_lock();
	/* bpf_core_type_exists and bpf_core_enum_value_exists */
	if (bpf_core_type_exists(struct bpf_iter_task) &&
	    bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_ringbuf_output))
		return 1;
	/* a helper 6.1 lacks (6.2): bpf_cgrp_storage_get */
	if (CONFIG_KSURF_NO_SUCH_OPTION)
		bpf_cgrp_storage_get(&events, NULL, NULL, 0);
	bpf_ringbuf_output(&events, &k, sizeof(k), 0);
	return 0;
}

SEC("fmod_ret/security_file_open")
int BPF_PROG(modify_open, struct file *file, int ret)
{
	return ret;
}

SEC("kretsyscall/close")
int BPF_KSYSCALL(ret_close, long ret)
{
	return 0;
}

/* a struct_ops map: the struct it fills and the member a program fills */
SEC("struct_ops/fx_cwnd_event")
void BPF_PROG(fx_cwnd_event, struct sock *sk, enum tcp_ca_event ev)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops fx_cc = {
	.cwnd_event = (void *)fx_cwnd_event,
	.name = "ksurf_fx",
};

SEC("iter/task")
int iter_task(struct bpf_iter__task *ctx)
{
	return 0;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("uprobe")
int user_probe(void *ctx)
{
	return 0;
}
