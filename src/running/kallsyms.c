#include "running/kallsyms.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/xalloc.h"

/* Indexes into SYMS (a struct ks_symbol array), by address. */
static int by_value(const void *x, const void *y, void *syms)
{
	const struct ks_symbol *v = syms;
	uint64_t a = v[*(const uint32_t *)x].value, b = v[*(const uint32_t *)y].value;
	return a < b ? -1 : a > b;
}

/* Sizes kallsyms does not give: up to the next higher address of any symbol
 * (alignment padding included), 0 for the last one and where addresses are hidden. */
static void derive_sizes(struct ks_surface *s, size_t first)
{
	size_t n = s->symbols.n - first;
	if (n < 2)
		return;
	uint32_t *order = xmalloc(n * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)(first + i);
	qsort_r(order, n, sizeof(*order), by_value, s->symbols.v);
	size_t next = 0; /* the first of ORDER with a higher value than order[i] */
	for (size_t i = 0; i < n; i++) {
		struct ks_symbol *sym = &s->symbols.v[order[i]];
		if (next <= i)
			next = i + 1;
		while (next < n && s->symbols.v[order[next]].value == sym->value)
			next++;
		if (next < n && sym->value)
			sym->size = s->symbols.v[order[next]].value - sym->value;
	}
	free(order);
}

int kallsyms_read(const char *path, struct ks_surface *s)
{
	size_t first = s->symbols.n;
	FILE *f = fopen(path, "r");
	if (!f) {
		ks_error("%s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	size_t lineno = 0;
	int ret = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *save, *addr = strtok_r(line, " \t\n", &save);
		char *type = strtok_r(NULL, " \t\n", &save);
		char *name = strtok_r(NULL, " \t\n", &save);
		char *module = strtok_r(NULL, " \t\n", &save);
		if (!addr || !type || !name || type[1] != '\0') {
			ks_error("%s:%zu: not a kallsyms line", path, lineno);
			ret = -1;
			break;
		}
		if (module) /* "[ext4]": a module's symbol */
			continue;
		char *end;
		errno = 0;
		unsigned long long value = strtoull(addr, &end, 16);
		if (*end || errno) {
			ks_error("%s:%zu: bad address '%s'", path, lineno, addr);
			ret = -1;
			break;
		}
		char c = type[0];
		char lc = (char)(c | 0x20);
		struct ks_symbol sym = {
			.name = arena_strdup(&s->strings, name),
			.value = value,
			.type = (lc == 't' || lc == 'w') ? STT_FUNC : lc == 'a' ? STT_NOTYPE : STT_OBJECT,
			.bind = (lc == 'w' || lc == 'v') ? STB_WEAK : (c >= 'A' && c <= 'Z') ? STB_GLOBAL
											   : STB_LOCAL,
			.visibility = STV_DEFAULT,
		};
		switch (lc) {
		case 't': case 'w': sym.section = ".text"; break;
		case 'd': case 'g': sym.section = ".data"; break;
		case 'b': case 's': sym.section = ".bss"; break;
		case 'r': sym.section = ".rodata"; break;
		case 'a': sym.section = "SHN_ABS"; break;
		default: sym.section = "?"; break;
		}
		vec_push(&s->symbols, sym);
	}
	if (ret == 0 && ferror(f)) {
		ks_error("%s: read failed: %s", path, strerror(errno));
		ret = -1;
	}
	fclose(f);
	if (ret == 0)
		derive_sizes(s, first);
	return ret;
}
