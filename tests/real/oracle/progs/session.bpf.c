/* (l) kprobe.session (kernel 6.10+, libbpf 1.5+): Debian 12's libbpf 1.1 does not know the section.
 * expected loader: 6.1 load=unknown-section (loader too old; the kernel would say -EINVAL); 6.12 load=unknown-section */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe.session/vfs_read")
int session(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
