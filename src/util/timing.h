/* timing.h — phase timings on stderr when KSURF_TIMING is set (for bench/, never tests). */
#ifndef KSURF_UTIL_TIMING_H
#define KSURF_UTIL_TIMING_H

/* Print the time since this thread's previous call labelled WHAT. */
void ks_timing(const char *what);

#endif
