#include "decode/syscalls.h"

#include <elf.h>
#include <string.h>

#include "util/error.h"
#include "util/hash.h"

/* sysm_: MIPS's own entry points (sysm_pipe, n64 entry 21) */
static const char *const prefixes[] = { "stub_", "sys_", "ppc_", "ppc64_", "sys32_x32_", "sysm_" };

static bool syscall_like(const struct ks_symbol *sym)
{
	if (sym->type != STT_FUNC && sym->type != STT_NOTYPE)
		return false;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strstr(sym->name, prefixes[i]))
			return true;
	return false;
}

/* The name after each prefix in turn: __x64_sys_read -> read. */
static const char *strip(const char *name)
{
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		const char *p = strstr(name, prefixes[i]);
		if (p)
			name = p + strlen(prefixes[i]);
	}
	return name;
}

/* The ARCH of the image's own __ARCH_sys_ wrappers (amd64 also has __ia32_sys_
 * ones for 32-bit programs); NULL where unknown. */
static const char *wrapper_arch(const char *arch)
{
	static const char *const map[][2] = {
		{ "amd64", "x64" }, { "i386", "ia32" }, { "arm64", "arm64" },
		{ "s390x", "s390x" }, { "riscv64", "riscv" },
	};
	for (size_t i = 0; arch && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(arch, map[i][0]))
			return map[i][1];
	return NULL;
}

static void wrappers_of(struct ks_surface *s, const char *want)
{
	struct hindex seen = { 0 };
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		const char *n = sym->name;
		if (sym->type != STT_FUNC || strncmp(n, "__", 2))
			continue;
		const char *p = n + 2;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			p++;
		if (p == n + 2 || strncmp(p, "_sys_", 5) || !p[5] || strchr(p + 5, '.'))
			continue;
		if (want && ((size_t)(p - n - 2) != strlen(want) || strncmp(n + 2, want, strlen(want))))
			continue;
		const char *name = p + 5;
		uint64_t h = hash_str(name);
		bool dup = false;
		for (uint32_t *q = hindex_first(&seen, h); q && !dup; q = hindex_next(&seen, h, q))
			dup = !strcmp(s->syscalls.v[*q], name);
		if (dup)
			continue;
		hindex_insert(&seen, h, (uint32_t)s->syscalls.n);
		vec_push(&s->syscalls, name);
	}
	hindex_free(&seen);
}

/*
 * Kernels that dispatch by switch (x86 since 6.9) may have no table, and the
 * running kernel's table cannot be read: the system calls are then the
 * image's own __ARCH_sys_NAME functions (__x64_sys_ on amd64; any ARCH where
 * the arch's is unknown or has none), first of each name, in symbol order.
 */
void syscalls_from_symbols(struct ks_surface *s)
{
	s->syscalls.n = 0;
	s->info.syscall_base = -1;
	const char *want = wrapper_arch(s->info.arch);
	wrappers_of(s, want);
	if (want && !s->syscalls.n)
		wrappers_of(s, NULL);
}

/*
 * The table's length in bytes: its symbol's size, else (s390x and mips64el
 * give it size 0) up to the next symbol of its section, else to the end of
 * that section.
 */
static uint64_t table_bytes(struct ks_elf *ef, const struct ks_surface *s,
			    const struct ks_symbol *table)
{
	if (table->size)
		return table->size;
	uint64_t end = 0;
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (sym->value > table->value && (!end || sym->value < end) &&
		    !strcmp(sym->section, table->section))
			end = sym->value;
	}
	if (end)
		return end - table->value;
	size_t avail = 0;
	return ks_elf_vaddr_bytes(ef, table->value, 1, &avail) ? avail : 0;
}

unsigned syscall_table_base(const char *arch)
{
	/* MIPS numbers each ABI from its own base: o32 4000, n64 5000 (the
	 * 64-bit kernels' sys_call_table) */
	if (!strcmp(arch, "mips64el") || !strcmp(arch, "mips64"))
		return 5000;
	if (!strcmp(arch, "mipsel") || !strcmp(arch, "mips"))
		return 4000;
	return 0;
}

bool syscall_placeholder(const char *name)
{
	return !strcmp(name, "ni_syscall");
}

int decode_syscalls(struct ks_elf *ef, struct ks_surface *s)
{
	const struct ks_symbol *table = NULL;
	struct hindex by_addr = { 0 };
	for (size_t i = 0; i < s->symbols.n; i++) {
		const struct ks_symbol *sym = &s->symbols.v[i];
		if (!strcmp(sym->name, "sys_call_table"))
			table = sym;
		if (!syscall_like(sym))
			continue;
		uint64_t h = hash_mix(sym->value, 0x5c);
		uint32_t *slot = NULL;
		for (uint32_t *p = hindex_first(&by_addr, h); p; p = hindex_next(&by_addr, h, p))
			if (s->symbols.v[*p].value == sym->value)
				slot = p;
		if (!slot)
			hindex_insert(&by_addr, h, (uint32_t)i);
		else if (sym->bind == STB_GLOBAL)
			*slot = (uint32_t)i;
	}
	int ret = 0;
	if (table) {
		unsigned ptr = ks_elf_ptr_size(ef);
		uint64_t n = table_bytes(ef, s, table) / ptr;
		const unsigned char *p = ks_elf_vaddr_bytes(ef, table->value, n * ptr, NULL);
		if (!p) {
			ks_error("%s: sys_call_table (%#llx, %llu entries) lies outside the image's "
				 "sections", ef->path, (unsigned long long)table->value,
				 (unsigned long long)n);
			ret = -1;
		}
		for (uint64_t k = 0; p && k < n; k++) {
			uint64_t v = 0;
			ks_elf_read_uint(ef, table->value + k * ptr, ptr, &v); /* inside: checked above */
			const char *name = NULL;
			uint64_t h = hash_mix(v, 0x5c);
			for (uint32_t *q = hindex_first(&by_addr, h); q && !name; q = hindex_next(&by_addr, h, q))
				if (s->symbols.v[*q].value == v)
					name = strip(s->symbols.v[*q].name);
			vec_push(&s->syscalls, name);
		}
	}
	hindex_free(&by_addr);
	size_t named = 0;
	for (size_t k = 0; k < s->syscalls.n; k++)
		named += s->syscalls.v[k] != NULL;
	s->info.syscall_base = syscall_table_base(s->info.arch);
	if (ret == 0 && named == 0)
		syscalls_from_symbols(s);
	return ret;
}
