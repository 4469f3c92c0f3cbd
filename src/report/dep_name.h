/* dep_name.h — the names people type for a dependency.
 *
 * The dataset keeps a dependency by its bare name: a tracepoint by its event
 * (sched_switch), a system call without its entry prefix (openat), an LSM
 * hook without security_ (file_open), a type without its keyword
 * (task_struct).  People type the names they see elsewhere: perf's and
 * tracefs' sched:sched_switch or sched/sched_switch, the symbol
 * __x64_sys_openat, the function security_file_open, the C spelling
 * "struct task_struct".  dep_name_normalize maps each to the dataset's name;
 * every command taking a dependency's name (show, check through dep_load,
 * the site) goes through it, so they all accept the same spellings.  The
 * hook prefixes themselves are surface/hook_names.h's.
 */
#ifndef KSURF_REPORT_DEP_NAME_H
#define KSURF_REPORT_DEP_NAME_H
#include <stdbool.h>
#include <stddef.h>

#include "report/dep.h"

/*
 * NAME of KIND as the dataset keeps it: a pointer into NAME (a suffix of it,
 * or NAME itself when nothing applies or nothing would be left):
 *   tracepoint         SYSTEM:EVENT, SYSTEM/EVENT: EVENT
 *   syscall            sys_NAME, __ARCH_sys_NAME (__x64_, __arm64_, __ia32_,
 *                      __s390x_, __riscv_; also __se_, __do_): NAME
 *   lsm                security_NAME, bpf_lsm_NAME: NAME
 *   struct/union/enum  "struct NAME" ("union NAME", "enum NAME"; blanks
 *                      around the keyword): NAME
 *   field              "struct S::F", "union S::F": S::F
 * Func and kfunc names are kept as given.  When NAME starts with another
 * kind's keyword ("union x" given as a struct), *OTHER (when not NULL) is set
 * to that kind and NAME returned; else *OTHER is -1.
 */
const char *dep_name_normalize(enum dep_kind kind, const char *name, int *other);

/* Whether NAME is a glob (holds *, ? or [) rather than one name. */
bool dep_name_is_glob(const char *name);

#endif
