#include "util/timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void ks_timing(const char *what)
{
	/* per thread: the phases of `add -j N` run on several at once */
	static _Thread_local int enabled = -1;
	static _Thread_local double last;
	if (enabled < 0)
		enabled = getenv("KSURF_TIMING") != NULL;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (enabled && last > 0)
		fprintf(stderr, "ksurf: timing: %-12s %.3f s\n", what, now - last);
	last = now;
}
