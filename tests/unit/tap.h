/*
 * tap.h — the unit tests' output: TAP, the Test Anything Protocol.
 *
 *   tap_plan(N)               "1..N" first: the number of tests the binary runs
 *   tap_ok(OK, FMT, ...)      "ok K - what" or "not ok K - what"
 *   tap_diag(FMT, ...)        "# ..." (what a failure got and wanted)
 *   CHECK_STR(got, want)      a tap_ok comparing two strings, a diag when they differ
 *   return tap_done();        from main: 1 when a test failed or the count is not the plan
 *
 * Every line is flushed, so a crash keeps what came before it.  tests/test_unit.py
 * runs each binary and makes each line a pytest result.
 */
#ifndef KSURF_TESTS_TAP_H
#define KSURF_TESTS_TAP_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_planned = -1, tap_run, tap_failed;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

__attribute__((format(printf, 1, 2))) static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

__attribute__((format(printf, 2, 3))) static inline int tap_ok(int ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%sok %d - ", ok ? "" : "not ", ++tap_run);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
	tap_failed += !ok;
	return ok;
}

static inline int tap_done(void)
{
	if (tap_planned != tap_run)
		tap_diag("planned %d tests, ran %d", tap_planned, tap_run);
	return tap_failed || tap_planned != tap_run ? 1 : 0;
}

#define CHECK_STR(got, want)                                                              \
	do {                                                                              \
		const char *g_ = (got), *w_ = (want);                                     \
		if (!tap_ok(g_ && w_ && !strcmp(g_, w_), "%s:%d %s == \"%s\"", __FILE__, \
			    __LINE__, #got, w_ ? w_ : "(null)"))                          \
			tap_diag("got \"%s\", want \"%s\"", g_ ? g_ : "(null)",           \
				 w_ ? w_ : "(null)");                                      \
	} while (0)

#endif
