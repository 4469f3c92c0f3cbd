/* tracefs.h — the running kernel's tracepoints, from tracefs and its BTF. */
#ifndef KSURF_RUNNING_TRACEFS_H
#define KSURF_RUNNING_TRACEFS_H

#include "surface/surface.h"

struct btf;

/*
 * Append to S->tracepoints, by event name, each tracefs event
 * (/sys/kernel/tracing/events/SYSTEM/NAME/format; tracefs is mounted there
 * when it is nowhere and we are root) whose class BTF gives (tracefs.c says
 * how), with its print format and the types trace_event_raw_event_CLASS and
 * trace_event_raw_CLASS of S->types (normalized from BTF first).  No tracefs
 * at all: none, and 0.  -1 after an error line.
 */
int tracefs_read(const struct btf *btf, struct ks_surface *s);

#endif
