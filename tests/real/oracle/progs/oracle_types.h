/* Minimal kernel types for the oracle corpus: every struct is relocated by
 * CO-RE (preserve_access_index), so only the members used are declared. */
#ifndef ORACLE_TYPES_H
#define ORACLE_TYPES_H
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef __u64 u64;
typedef __u32 u32;

enum { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_CGRP_STORAGE = 32 };
enum { BPF_F_NO_PREALLOC = 1 };
enum { BPF_LOCAL_STORAGE_GET_F_CREATE = 1 };

struct pt_regs {
	unsigned long di, si, dx, cx, ax;
} __attribute__((preserve_access_index));

typedef struct {
	__u64 val; /* 6.3+; 6.1 has __u32 cap[2] */
} kernel_cap_t;

struct cred {
	kernel_cap_t cap_effective;
} __attribute__((preserve_access_index));

struct cgroup {
	int level;
} __attribute__((preserve_access_index));

struct css_set {
	struct cgroup *dfl_cgrp;
} __attribute__((preserve_access_index));

struct cfs_rq {
	unsigned int nr_running;
} __attribute__((preserve_access_index));

struct sched_entity {
	struct cfs_rq *cfs_rq;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	__u64 start_boottime;
	const struct cred *cred;
	struct css_set *cgroups;
	struct sched_entity se;
} __attribute__((preserve_access_index));

struct request;
struct bio;
struct bpf_perf_event_data;
#endif
