#include "surface/hook_names.h"

#include <stdio.h>
#include <string.h>

static const char *const prefixes[] = {
	[HOOK_TP_FUNC] = "trace_event_raw_event_",
	[HOOK_TP_STRUCT] = "trace_event_raw_",
	[HOOK_TP_TYPEDEF] = "btf_trace_",
	[HOOK_LSM_FUNC] = "security_",
	[HOOK_LSM_BPF] = "bpf_lsm_",
};

const char *hook_name(char *buf, size_t n, enum hook_name k, const char *name)
{
	snprintf(buf, n, "%s%s", prefixes[k], name);
	return buf;
}

const char *hook_strip(enum hook_name k, const char *name)
{
	size_t len = strlen(prefixes[k]);
	return strncmp(name, prefixes[k], len) ? NULL : name + len;
}

void hook_tp_link(struct ks_surface *s, struct ks_tracepoint *tp)
{
	char name[600];
	tp->func = ks_surface_type(s, KS_TYPE_FUNC, hook_name(name, sizeof(name), HOOK_TP_FUNC, tp->class_name));
	tp->strct = ks_surface_type(s, KS_TYPE_STRUCT,
				    hook_name(name, sizeof(name), HOOK_TP_STRUCT, tp->class_name));
}
