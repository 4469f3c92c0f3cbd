#include "elf/mcount.h"

#include <stdlib.h>
#include <string.h>

#include "elf/symtab.h"
#include "util/error.h"
#include "util/xalloc.h"

/* A call site may sit a little before the symbol (arm64's patchable entry). */
#define ENTRY_SLACK 16
/* More call sites than any kernel has: a damaged range. */
#define MAX_SITES (16u << 20)

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Whether a site of SITES (N, sorted) lies in [LO, HI). */
static bool any_in(const uint64_t *sites, size_t n, uint64_t lo, uint64_t hi)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (sites[m] < lo)
			a = m + 1;
		else
			b = m;
	}
	return a < n && sites[a] < hi;
}

int ks_read_notrace(struct ks_elf *ef, struct ks_surface *s)
{
	const struct ks_symbol *start = ks_find_symbol(s, "__start_mcount_loc");
	const struct ks_symbol *stop = ks_find_symbol(s, "__stop_mcount_loc");
	if (!start || !stop)
		return 0;
	unsigned ps = ks_elf_ptr_size(ef);
	if (stop->value < start->value || (stop->value - start->value) % ps ||
	    (stop->value - start->value) / ps > MAX_SITES) {
		ks_error("%s: __start_mcount_loc..__stop_mcount_loc is no list of addresses", ef->path);
		return -1;
	}
	size_t n = (size_t)((stop->value - start->value) / ps);
	if (n == 0)
		return 0;
	uint64_t *sites = xmalloc(n * sizeof(*sites));
	for (size_t i = 0; i < n; i++)
		if (!ks_elf_read_uint(ef, start->value + i * ps, ps, &sites[i])) {
			ks_error("%s: the ftrace call sites (__mcount_loc) lie outside the image's sections",
				 ef->path);
			free(sites);
			return -1;
		}
	qsort(sites, n, sizeof(*sites), cmp_u64);
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (!ks_symbol_is_func(sym) || !sym->size || ks_symbol_has_suffix(sym->name) ||
		    !strncmp(sym->name, "__cfi_", 6))
			continue;
		uint64_t lo = sym->value > ENTRY_SLACK ? sym->value - ENTRY_SLACK : 0;
		if (!any_in(sites, n, lo, sym->value + sym->size))
			vec_push(&s->notrace, sym->name);
	}
	free(sites);
	s->notrace_known = true;
	return 0;
}
