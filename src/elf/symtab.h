/* symtab.h — the ELF symbol table of an image. */
#ifndef KSURF_ELF_SYMTAB_H
#define KSURF_ELF_SYMTAB_H
#include "elf/elf_file.h"
#include "surface/surface.h"

/* Append every .symtab symbol to S->symbols; -1 (error printed) when there is none. */
int ks_read_symtab(struct ks_elf *ef, struct ks_surface *s);

/* Value of the first symbol named NAME (any type), 0 if absent. */
const struct ks_symbol *ks_find_symbol(const struct ks_surface *s, const char *name);

#endif
