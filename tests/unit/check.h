/* check.h — minimal assertions for unit tests: one PASS/FAIL line each, counted by tests/run.sh. */
#ifndef KSURF_TESTS_CHECK_H
#define KSURF_TESTS_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK_STR(got, want)                                                          \
	do {                                                                          \
		const char *g_ = (got), *w_ = (want);                                 \
		if (g_ && w_ && !strcmp(g_, w_)) {                                    \
			printf("PASS: %s:%d %s == \"%s\"\n", __FILE__, __LINE__, #got, w_); \
		} else {                                                              \
			printf("FAIL: %s:%d %s: got \"%s\", want \"%s\"\n", __FILE__,  \
			       __LINE__, #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
			check_failures++;                                             \
		}                                                                     \
	} while (0)

#endif
