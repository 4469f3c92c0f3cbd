/* mem_budget.h — a memory budget for work on untrusted input.
 *
 * `add`, `import` and `check` read files from anywhere; a crafted one must
 * not drive the machine out of memory.  Each input gets a budget (default
 * 4 GiB, KSURF_MEMORY_LIMIT or --memory-limit; 0: none), and the process its
 * inputs-at-once multiple as RLIMIT_DATA (the heap, anonymous and writable
 * private mappings: the vmlinux mapped copy-on-write counts, the dataset's
 * read-only mapping does not).  An allocation past it ends the process with
 * one line naming the input being read and exit status 2; an unfinished
 * transaction is never committed, so the dataset stays as it was.
 */
#ifndef KSURF_UTIL_MEM_BUDGET_H
#define KSURF_UTIL_MEM_BUDGET_H
#include <stdbool.h>
#include <stdint.h>

#define MEM_BUDGET_DEFAULT (4ull << 30)

/* A sanitizer build maps terabytes of shadow memory: no budget there. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define MEM_BUDGET_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define MEM_BUDGET_SANITIZED 1
#endif
#endif
#ifndef MEM_BUDGET_SANITIZED
#define MEM_BUDGET_SANITIZED 0
#endif

/* "4G", "512M", "64k", "1048576", "0" (no budget) into *OUT; false for another word. */
bool mem_budget_parse(const char *s, uint64_t *out);
/* The budget per input: KSURF_MEMORY_LIMIT when set and valid, else the default. */
uint64_t mem_budget_default(void);
/* Limit the process to PER_INPUT x INPUTS (never above 3/4 of the machine's
 * memory, nor the hard limit); PER_INPUT 0, or a sanitizer build: no limit.
 * -1 after an error line. */
int mem_budget_apply(uint64_t per_input, unsigned inputs);
/* The limit applied, in bytes (0: none). */
uint64_t mem_budget_limit(void);

#endif
