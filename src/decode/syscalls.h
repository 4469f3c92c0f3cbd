/* syscalls.h — the system call table of a vmlinux, by number. */
#ifndef KSURF_DECODE_SYSCALLS_H
#define KSURF_DECODE_SYSCALLS_H

#include "elf/elf_file.h"
#include "surface/surface.h"

/*
 * Fill S->syscalls from sys_call_table (its symbol's size, else up to the
 * next symbol of its section): entry N's pointer is looked up among
 * the function (or untyped) symbols whose name contains stub_, sys_, ppc_,
 * ppc64_, sys32_x32_ or sysm_ (a global symbol wins an address over a local one), and
 * the name is what follows those prefixes (__x64_sys_read -> read); NULL for an
 * entry no symbol explains.  Pointers have the ELF's size and byte order (or
 * come from .rela.dyn).  Without a table, or when no entry is named, the
 * __ARCH_sys_NAME functions in symbol order.  A table outside any section is
 * an error (-1 after an error line).
 */
int decode_syscalls(struct ks_elf *ef, struct ks_surface *s);

/* The system calls as the __ARCH_sys_NAME functions of S->symbols, in symbol
 * order, without numbers (S->info.syscall_base -1): no table, or the running
 * kernel's kallsyms. */
void syscalls_from_symbols(struct ks_surface *s);

/* The number of table entry 0 on ARCH (mips64el: 5000, the n64 ABI; else 0). */
unsigned syscall_table_base(const char *arch);

/* Whether NAME fills a table slot no system call has (ni_syscall). */
bool syscall_placeholder(const char *name);

#endif
