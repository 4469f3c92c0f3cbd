/* tracepoints.h — tracepoints, LSM hooks and kfuncs of a vmlinux. */
#ifndef KSURF_DECODE_TRACEPOINTS_H
#define KSURF_DECODE_TRACEPOINTS_H

#include "elf/elf_file.h"
#include "surface/surface.h"

/*
 * S->tracepoints from the trace_event_call pointers between
 * __start_ftrace_events and __stop_ftrace_events: the layout of struct
 * trace_event_call and the TRACE_EVENT_FL_* values come from S->types (BTF);
 * events with TRACE_EVENT_FL_TRACEPOINT and without
 * TRACE_EVENT_FL_IGNORE_ENABLE are kept when their event_NAME and
 * event_class_CLASS symbols, format string, and BTF FUNC
 * trace_event_raw_event_CLASS (tp_protos_add's when BTF lacks it) and STRUCT
 * trace_event_raw_CLASS are all there.
 * An image without those symbols or types has no tracepoints (not an error).
 * -1 after an error line for a malformed table (pointers outside the image).
 */
int decode_tracepoints(struct ks_elf *ef, struct ks_surface *s);

/*
 * For the tracepoints EVENTS[i] of CLASSES[i] (N of them) whose function
 * trace_event_raw_event_CLASS has no BTF FUNC (5.10), add one to S->types:
 * the parameter types of the typedef btf_trace_EVENT, the parameter names
 * of the function's DWARF (tp_protos.c).  A class whose names DWARF does not
 * give gets none.  0 (nothing to add is no error).
 */
int tp_protos_add(struct ks_elf *ef, struct ks_surface *s, const char *const *events,
		  const char *const *classes, size_t n);

/*
 * S->lsm_hooks: the members of struct security_hook_heads that have a BTF
 * FUNC security_NAME; without that struct (newer kernels), the BTF FUNCs
 * bpf_lsm_NAME.  S->kfuncs: the names of the __BTF_ID__func__NAME__N symbols
 * (not bpf_lsm_*), then of the BTF FUNCs tagged bpf_kfunc (S->kfunc_tags),
 * that have a BTF FUNC; first seen first.
 */
void decode_lsm_kfuncs(struct ks_surface *s);

#endif
