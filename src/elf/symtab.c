#include "elf/symtab.h"

#include <string.h>

#include "util/error.h"
#include "util/xalloc.h"

int ks_read_symtab(struct ks_elf *ef, struct ks_surface *s)
{
	if (!ef->symtab) {
		ks_error("%s: no .symtab section (a stripped image? use the debug vmlinux)",
			 ef->path);
		return -1;
	}
	GElf_Shdr sh;
	Elf_Data *data = elf_getdata(ef->symtab, NULL);
	if (!gelf_getshdr(ef->symtab, &sh) || !data || sh.sh_entsize == 0) {
		ks_error("%s: malformed .symtab: %s", ef->path, elf_errmsg(-1));
		return -1;
	}
	size_t n = sh.sh_size / sh.sh_entsize;
	size_t nsec = 0;
	elf_getshdrnum(ef->elf, &nsec);
	/* Section names, resolved once. */
	const char **secnames = xcalloc(nsec ? nsec : 1, sizeof(char *));
	for (size_t i = 0; i < nsec; i++)
		secnames[i] = ks_elf_section_name(ef, i);

	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(data, (int)i, &sym)) {
			ks_error("%s: malformed symbol %zu in .symtab", ef->path, i);
			free(secnames);
			return -1;
		}
		const char *name = elf_strptr(ef->elf, sh.sh_link, sym.st_name);
		struct ks_symbol ks = {
			.name = name ? name : "",
			.value = sym.st_value,
			.size = sym.st_size,
			.type = GELF_ST_TYPE(sym.st_info),
			.bind = GELF_ST_BIND(sym.st_info),
			.visibility = GELF_ST_VISIBILITY(sym.st_other),
		};
		switch (sym.st_shndx) {
		case SHN_UNDEF: ks.section = "SHN_UNDEF"; break;
		case SHN_ABS: ks.section = "SHN_ABS"; break;
		case SHN_COMMON: ks.section = "SHN_COMMON"; break;
		default:
			ks.section = sym.st_shndx < nsec ? secnames[sym.st_shndx]
			     : arena_printf(&s->strings, "%u", (unsigned)sym.st_shndx);
		}
		vec_push(&s->symbols, ks);
	}
	free(secnames);
	return 0;
}

const struct ks_symbol *ks_find_symbol(const struct ks_surface *s, const char *name)
{
	for (size_t i = 0; i < s->symbols.n; i++)
		if (!strcmp(s->symbols.v[i].name, name))
			return &s->symbols.v[i];
	return NULL;
}
