/* hook_names.h — how the kernel names the symbols and types behind a
 * tracepoint or an LSM hook; the one place that knows these names.
 *
 *   tracepoint EVENT of class CLASS:
 *     HOOK_TP_FUNC     trace_event_raw_event_CLASS  the function writing its record
 *     HOOK_TP_STRUCT   trace_event_raw_CLASS        the record (what tp/ programs read)
 *     HOOK_TP_TYPEDEF  btf_trace_EVENT              raw_tp/tp_btf's arguments
 *   LSM hook HOOK:
 *     HOOK_LSM_FUNC    security_HOOK                the kernel's call site
 *     HOOK_LSM_BPF     bpf_lsm_HOOK                 the BPF attach point (5.7 and later)
 */
#ifndef KSURF_SURFACE_HOOK_NAMES_H
#define KSURF_SURFACE_HOOK_NAMES_H
#include <stddef.h>

#include "surface/surface.h"

enum hook_name { HOOK_TP_FUNC, HOOK_TP_STRUCT, HOOK_TP_TYPEDEF, HOOK_LSM_FUNC, HOOK_LSM_BPF };

/* The name of kind K for NAME (a class, an event or a hook) in BUF of N
 * bytes, cut to fit; BUF. */
const char *hook_name(char *buf, size_t n, enum hook_name k, const char *name);

/* NAME without the prefix of kind K, or NULL when NAME does not start with
 * it (trace_event_raw_event_X starts with both tracepoint prefixes). */
const char *hook_strip(enum hook_name k, const char *name);

/* Set TP's func and strct from S's types by its class name (NULL when absent). */
void hook_tp_link(struct ks_surface *s, struct ks_tracepoint *tp);

#endif
