/* error.h — one-line diagnostics on stderr, and the exit codes every command uses. */
#ifndef KSURF_UTIL_ERROR_H
#define KSURF_UTIL_ERROR_H
#include <stddef.h>

enum {
	KS_EXIT_OK = 0,       /* success */
	KS_EXIT_PROBLEMS = 1, /* a check found problems */
	KS_EXIT_ERROR = 2,    /* usage or input error */
};

/* Print "ksurf: MESSAGE" on stderr. */
void ks_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ks_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Errors of this thread kept in BUF (LEN bytes; the first one) instead of
 * printed, until ks_error_hold_end: a helper thread whose failure only
 * matters when the main work succeeded (the types beside the DWARF walk). */
void ks_error_hold(char *buf, size_t len);
void ks_error_hold_end(void);

#endif
