/* (e) a kprobe on a name several functions share (load_elf_phdrs: fs/binfmt_elf.c and its compat copy).
 * expected loader: 6.1 load=OK attach=-99 (EADDRNOTAVAIL); 6.12 load=OK attach=-99 */
#include "oracle_types.h"
#include <bpf/bpf_helpers.h>

__u64 hits;

SEC("kprobe/load_elf_phdrs")
int dupk(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
