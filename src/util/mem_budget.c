#include "util/mem_budget.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/error.h"

static uint64_t applied;

bool mem_budget_parse(const char *s, uint64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return false;
	unsigned shift = 0;
	if (*end) {
		const char *units = "kmgt";
		const char *u = strchr(units, *end | 0x20);
		if (!u || (end[1] && strcmp(end + 1, "B") && strcmp(end + 1, "iB")))
			return false;
		shift = 10 * (unsigned)(u - units + 1);
	}
	if (shift && v > (~0ull >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

uint64_t mem_budget_default(void)
{
	uint64_t v;
	const char *env = getenv("KSURF_MEMORY_LIMIT");
	return env && mem_budget_parse(env, &v) ? v : MEM_BUDGET_DEFAULT;
}

int mem_budget_apply(uint64_t per_input, unsigned inputs)
{
	if (!per_input || MEM_BUDGET_SANITIZED)
		return 0;
	uint64_t limit = per_input * (inputs ? inputs : 1);
	if (inputs && limit / inputs != per_input)
		limit = UINT64_MAX;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	if (pages > 0 && psize > 0) {
		uint64_t ram = (uint64_t)pages * (uint64_t)psize / 4 * 3;
		if (limit > ram && per_input > ram / (inputs ? inputs : 1))
			limit = ram > per_input ? ram : per_input;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_DATA, &rl) < 0) {
		ks_error("cannot read the memory limit: %s", strerror(errno));
		return -1;
	}
	if (rl.rlim_max != RLIM_INFINITY && limit > rl.rlim_max)
		limit = rl.rlim_max;
	if (rl.rlim_cur != RLIM_INFINITY && limit > rl.rlim_cur)
		limit = rl.rlim_cur; /* a lower limit set from outside stands */
	rl.rlim_cur = (rlim_t)limit;
	if (setrlimit(RLIMIT_DATA, &rl) < 0) {
		ks_error("cannot set the memory budget of %llu MB: %s",
			 (unsigned long long)(limit >> 20), strerror(errno));
		return -1;
	}
	applied = limit;
	return 0;
}

uint64_t mem_budget_limit(void)
{
	return applied;
}
