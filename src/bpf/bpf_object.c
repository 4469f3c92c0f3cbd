#include "bpf/bpf_object.h"

#include <bpf/btf.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/hash.h"
#include "util/xalloc.h"

static const char *const relo_names[RELO__COUNT] = {
	"FIELD_BYTE_OFFSET", "FIELD_BYTE_SIZE", "FIELD_EXISTS",	  "FIELD_SIGNED",
	"FIELD_LSHIFT_U64",  "FIELD_RSHIFT_U64", "TYPE_ID_LOCAL", "TYPE_ID_TARGET",
	"TYPE_EXISTS",	     "TYPE_SIZE",	 "ENUMVAL_EXISTS", "ENUMVAL_VALUE",
	"TYPE_MATCHES",
};

const char *bpf_relo_kind_str(unsigned kind)
{
	return kind < RELO__COUNT ? relo_names[kind] : "?";
}

bool bpf_relo_guarded(unsigned kind)
{
	return kind == RELO_FIELD_EXISTS || kind == RELO_TYPE_EXISTS ||
	       kind == RELO_ENUMVAL_EXISTS || kind == RELO_TYPE_MATCHES;
}

/* --- bounded reads in either byte order --- */

struct bytes {
	const unsigned char *p;
	size_t len;
	bool be;
};

static bool rd(const struct bytes *b, size_t off, unsigned size, uint64_t *out)
{
	if (off > b->len || size > b->len - off)
		return false;
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)b->p[off + (b->be ? size - 1 - i : i)] << (8 * i);
	*out = v;
	return true;
}

/* --- finding the objects --- */

#define SHDR64 64

/* Whether BYTES holds at OFF an ELF64 EM_BPF header; *SIZE then the bytes up
 * to its furthest section or table end, *CUT whether its section table or a
 * section runs past the end of BYTES. */
static bool bpf_elf_at(const struct bytes *all, size_t off, size_t *size, bool *cut)
{
	struct bytes b = { all->p + off, all->len - off, false };
	if (b.len < 64 || memcmp(b.p, ELFMAG, SELFMAG) || b.p[EI_CLASS] != ELFCLASS64 ||
	    (b.p[EI_DATA] != ELFDATA2LSB && b.p[EI_DATA] != ELFDATA2MSB))
		return false;
	b.be = b.p[EI_DATA] == ELFDATA2MSB;
	uint64_t machine, shoff, shentsize, shnum;
	if (!rd(&b, 18, 2, &machine) || machine != EM_BPF_MACHINE || !rd(&b, 40, 8, &shoff) ||
	    !rd(&b, 58, 2, &shentsize) || !rd(&b, 60, 2, &shnum) || shentsize != SHDR64 ||
	    shnum == 0)
		return false;
	*cut = false;
	if (shoff > b.len || shnum * SHDR64 > b.len - shoff) {
		/* a BPF header whose section table runs past the end: a cut object */
		*cut = true;
		*size = 0;
		return true;
	}
	uint64_t end = shoff + shnum * SHDR64;
	for (uint64_t i = 0; i < shnum; i++) {
		uint64_t type, soff, ssize, base = shoff + i * SHDR64;
		rd(&b, base + 4, 4, &type);
		rd(&b, base + 24, 8, &soff);
		rd(&b, base + 32, 8, &ssize);
		if (type == SHT_NOBITS || type == SHT_NULL)
			continue;
		if (soff > b.len || ssize > b.len - soff) {
			*cut = true;
			continue;
		}
		if (soff + ssize > end)
			end = soff + ssize;
	}
	*size = (size_t)end;
	return true;
}

/* --- one object --- */

struct elf_reloc {
	uint64_t key; /* reloc_key(section, offset) */
	size_t sym_shndx;
	uint64_t sym_value;
	bool has_sym; /* a symbol defined in this object */
	const char *undef; /* else an undefined symbol's name (an extern), or NULL */
};

struct reader {
	const char *path; /* for errors: FILE, or FILE@OFFSET */
	struct bpf_object *o;
	Elf *elf;
	size_t shstrndx;
	struct bytes raw; /* the object's bytes */
	Elf_Scn *symtab;
	size_t symstr;
	/* relocations per section: (section index, offset), sorted */
	VEC(struct elf_reloc) relocs;
	VEC(size_t) text_shndx; /* the section index of each text */
	VEC(int) text_at;       /* per section index: its text, -1 when none */
	bool syms_indexed;      /* sym_ix: the symbol table by name */
	struct hindex sym_ix;
};

static int fail(struct reader *r, const char *what)
{
	ks_error("%s: malformed BPF object: %s", r->path, what);
	return -1;
}

static const char *sec_name(struct reader *r, Elf_Scn *scn)
{
	GElf_Shdr sh;
	if (!gelf_getshdr(scn, &sh))
		return NULL;
	return elf_strptr(r->elf, r->shstrndx, sh.sh_name);
}

/* A symbol's name, binding and so on: index I of the symbol table. */
static bool symbol(struct reader *r, size_t i, GElf_Sym *sym, const char **name)
{
	Elf_Data *d = r->symtab ? elf_getdata(r->symtab, NULL) : NULL;
	if (!d || !gelf_getsym(d, (int)i, sym))
		return false;
	*name = elf_strptr(r->elf, r->symstr, sym->st_name);
	return *name != NULL;
}

static size_t n_symbols(struct reader *r)
{
	GElf_Shdr sh;
	if (!r->symtab || !gelf_getshdr(r->symtab, &sh) || !sh.sh_entsize)
		return 0;
	return sh.sh_size / sh.sh_entsize;
}

/* Whether the first symbol named NAME is weak (by a hash of the symbol
 * table, built once: an object may hold thousands of externs). */
static bool weak_symbol(struct reader *r, const char *name)
{
	size_t n = n_symbols(r);
	if (!r->syms_indexed) {
		r->syms_indexed = true;
		for (size_t i = 1; i < n && i < UINT32_MAX; i++) {
			GElf_Sym sym;
			const char *sn;
			if (symbol(r, i, &sym, &sn))
				hindex_insert(&r->sym_ix, hash_str(sn), (uint32_t)i);
		}
	}
	uint64_t h = hash_str(name);
	size_t first = 0;
	bool weak = false;
	for (uint32_t *p = hindex_first(&r->sym_ix, h); p; p = hindex_next(&r->sym_ix, h, p)) {
		GElf_Sym sym;
		const char *sn;
		if (symbol(r, *p, &sym, &sn) && !strcmp(sn, name) && (!first || *p < first)) {
			first = *p;
			weak = GELF_ST_BIND(sym.st_info) == STB_WEAK;
		}
	}
	return weak;
}

static uint64_t reloc_key(size_t sec, uint64_t off)
{
	return (uint64_t)sec << 40 | off;
}

/* The ELF relocation at OFF of section SEC, NULL when none. */
static const struct elf_reloc *relocation(struct reader *r, size_t sec, uint64_t off)
{
	uint64_t k = reloc_key(sec, off);
	size_t lo = 0, hi = r->relocs.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->relocs.v[mid].key == k)
			return &r->relocs.v[mid];
		if (r->relocs.v[mid].key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool relocated(struct reader *r, size_t sec, uint64_t off)
{
	return relocation(r, sec, off) != NULL;
}

static int cmp_reloc(const void *a, const void *b)
{
	uint64_t x = ((const struct elf_reloc *)a)->key, y = ((const struct elf_reloc *)b)->key;
	return x < y ? -1 : x > y;
}

/* Every REL/RELA entry's target section and offset, and its symbol. */
static int read_relocs(struct reader *r)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(r->elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_REL && sh.sh_type != SHT_RELA))
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			return fail(r, "an unreadable relocation section");
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Rel rel;
			GElf_Rela rela;
			uint64_t off, info;
			if (sh.sh_type == SHT_REL) {
				if (!gelf_getrel(d, (int)i, &rel))
					return fail(r, "a relocation past its section");
				off = rel.r_offset, info = rel.r_info;
			} else {
				if (!gelf_getrela(d, (int)i, &rela))
					return fail(r, "a relocation past its section");
				off = rela.r_offset, info = rela.r_info;
			}
			struct elf_reloc e = { reloc_key(sh.sh_info, off), 0, 0, false, NULL };
			GElf_Sym sym;
			const char *name;
			if (symbol(r, GELF_R_SYM(info), &sym, &name)) {
				if (sym.st_shndx != SHN_UNDEF && sym.st_shndx < SHN_LORESERVE) {
					e.sym_shndx = sym.st_shndx;
					e.sym_value = sym.st_value;
					e.has_sym = true;
				} else if (sym.st_shndx == SHN_UNDEF && GELF_R_SYM(info)) {
					e.undef = name;
				}
			}
			vec_push(&r->relocs, e);
		}
	}
	if (r->relocs.n)
		qsort(r->relocs.v, r->relocs.n, sizeof(r->relocs.v[0]), cmp_reloc);
	return 0;
}

/* The text of section index SHNDX, -1 when it is not an executable one. */
static int text_of(struct reader *r, size_t shndx)
{
	return shndx < r->text_at.n ? r->text_at.v[shndx] : -1;
}

/* A call's or a callback's target: through its ELF relocation's symbol (a
 * function of another section: the symbol's instruction + IMM + 1), else in
 * its own text (INSN + IMM + 1). */
static void add_call(struct reader *r, struct bpf_text *t, int ti, size_t shndx, uint32_t insn,
		     int32_t imm)
{
	const struct elf_reloc *e = relocation(r, shndx, (uint64_t)insn * 8);
	int target_text = ti;
	int64_t target = (int64_t)insn + imm + 1;
	if (e && e->has_sym) {
		target_text = text_of(r, e->sym_shndx);
		target = (int64_t)(e->sym_value / 8) + imm + 1;
	}
	if (target_text < 0 || target < 0 || target > UINT32_MAX)
		return; /* not a function of this object: nothing to follow */
	struct bpf_call c = { insn, target_text, (uint32_t)target };
	vec_push(&t->calls, c);
}

/* Every executable section's instructions, and its calls' targets. */
static int read_texts(struct reader *r)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(r->elf, scn))) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS &&
		    (sh.sh_flags & SHF_EXECINSTR))
			vec_push(&r->text_shndx, elf_ndxscn(scn));
	}
	for (size_t ti = 0; ti < r->text_shndx.n; ti++) {
		size_t shndx = r->text_shndx.v[ti];
		while (r->text_at.n <= shndx)
			vec_push(&r->text_at, -1);
		r->text_at.v[shndx] = (int)ti;
	}
	for (size_t ti = 0; ti < r->text_shndx.n; ti++) {
		size_t shndx = r->text_shndx.v[ti];
		Elf_Scn *s = elf_getscn(r->elf, shndx);
		GElf_Shdr sh;
		gelf_getshdr(s, &sh);
		if (sh.sh_offset > r->raw.len || sh.sh_size > r->raw.len - sh.sh_offset)
			return fail(r, "a program section past the end");
		struct bpf_text t = { arena_strdup(&r->o->strings, sec_name(r, s)), { 0 }, { 0 } };
		for (uint64_t off = 0; off + 8 <= sh.sh_size; off += 8) {
			uint64_t code, regs, offv, imm;
			rd(&r->raw, sh.sh_offset + off, 1, &code);
			rd(&r->raw, sh.sh_offset + off + 1, 1, &regs);
			rd(&r->raw, sh.sh_offset + off + 2, 2, &offv);
			rd(&r->raw, sh.sh_offset + off + 4, 4, &imm);
			struct bpf_insn_rec in = {
				(uint8_t)code, (uint8_t)(r->raw.be ? regs >> 4 : regs & 0xf),
				(uint8_t)(r->raw.be ? regs & 0xf : regs >> 4), relocated(r, shndx, off),
				(int16_t)(uint16_t)offv, 0, 0, (int32_t)(uint32_t)imm
			};
			vec_push(&t.insns, in);
		}
		for (uint32_t i = 0; i < t.insns.n; i++) {
			const struct bpf_insn_rec *in = &t.insns.v[i];
			/* call with src 1 (a subprogram), ld_imm64 with src 4 (a callback) */
			if ((in->code == 0x85 && in->src == 1) || (in->code == 0x18 && in->src == 4)) {
				add_call(r, &t, (int)ti, shndx, i, in->imm);
				continue;
			}
			/* a compiler's callback address: an ld_imm64 whose relocation names
			 * a function of an executable section, at the symbol plus the
			 * addend in bytes (libbpf turns it into src 4) */
			const struct elf_reloc *e = in->code == 0x18 && in->reloc
							    ? relocation(r, shndx, (uint64_t)i * 8) : NULL;
			int target_text = e && e->has_sym ? text_of(r, e->sym_shndx) : -1;
			int64_t at = e ? (int64_t)e->sym_value + in->imm : -1;
			if (target_text >= 0 && at >= 0 && at % 8 == 0 && at / 8 <= UINT32_MAX) {
				struct bpf_call c = { i, target_text, (uint32_t)(at / 8) };
				vec_push(&t.calls, c);
			}
		}
		vec_push(&r->o->texts, t);
	}
	return 0;
}

/* Programs: the functions of executable sections but .text (subprograms);
 * helpers: calls with src_reg 0 and no relocation, in any executable section. */
static int read_programs(struct reader *r)
{
	struct hindex seen = { 0 }; /* helper ids, by hash: an object may call thousands */
	for (size_t ti = 0; ti < r->o->texts.n; ti++) {
		const struct bpf_text *t = &r->o->texts.v[ti];
		for (size_t i = 0; i < t->insns.n; i++) {
			const struct bpf_insn_rec *in = &t->insns.v[i];
			if (in->code != 0x85 || in->src != 0 || in->reloc || in->imm <= 0)
				continue;
			int32_t id = in->imm;
			uint64_t h = hash_mix((uint64_t)id, 0x68656c70);
			bool dup = false;
			for (uint32_t *p = hindex_first(&seen, h); p && !dup; p = hindex_next(&seen, h, p))
				dup = r->o->helpers.v[*p] == id;
			if (!dup) {
				hindex_insert(&seen, h, (uint32_t)r->o->helpers.n);
				vec_push(&r->o->helpers, id);
			}
		}
	}
	hindex_free(&seen);
	size_t n = n_symbols(r);
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *name;
		if (!symbol(r, i, &sym, &name) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
			continue;
		Elf_Scn *s = elf_getscn(r->elf, sym.st_shndx);
		GElf_Shdr sh;
		const char *sn = s ? sec_name(r, s) : NULL;
		if (!sn || !gelf_getshdr(s, &sh) || !(sh.sh_flags & SHF_EXECINSTR) ||
		    !strcmp(sn, ".text"))
			continue;
		struct bpf_prog p = { arena_strdup(&r->o->strings, sn),
				      arena_strdup(&r->o->strings, name), text_of(r, sym.st_shndx),
				      0, 0 };
		if (p.text >= 0) {
			size_t ni = r->o->texts.v[p.text].insns.n;
			uint64_t start = sym.st_value / 8, count = sym.st_size / 8;
			if (start > ni)
				start = ni;
			if (!count || count > ni - start)
				count = ni - start; /* no size: to the section's end */
			p.start = (uint32_t)start, p.count = (uint32_t)count;
		}
		vec_push(&r->o->progs, p);
	}
	return 0;
}

static Elf_Scn *find_section(struct reader *r, const char *name)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(r->elf, scn))) {
		const char *n = sec_name(r, scn);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

const struct btf_type *bpf_btf_skip_mods(const struct btf *btf, uint32_t id, uint32_t *out_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	for (int depth = 0; t && depth < 32 &&
			    (btf_is_mod(t) || btf_is_typedef(t) || btf_is_type_tag(t));
	     depth++) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (out_id)
		*out_id = id;
	return t;
}

/* How libbpf stores a .kconfig extern of type ID (libbpf's find_kcfg_type):
 * *SIZE and *IS_SIGNED for an integer. */
static enum bpf_kcfg_type kcfg_type(const struct btf *btf, uint32_t id, uint8_t *size,
				    bool *is_signed, int depth)
{
	const struct btf_type *t = bpf_btf_skip_mods(btf, id, NULL);
	if (!t || depth > 4)
		return KCFG_UNKNOWN;
	if (btf_is_int(t)) {
		uint8_t enc = btf_int_encoding(t);
		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? KCFG_BOOL : KCFG_UNKNOWN;
		*size = (uint8_t)t->size;
		*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return KCFG_CHAR;
		return t->size == 2 || t->size == 4 || t->size == 8 ? KCFG_INT : KCFG_UNKNOWN;
	}
	if (btf_is_any_enum(t)) {
		const char *n = btf__name_by_offset(btf, t->name_off);
		return n && !strcmp(n, "libbpf_tristate") && (t->size == 4 || btf_is_enum64(t))
			       ? KCFG_TRISTATE : KCFG_UNKNOWN;
	}
	if (btf_is_array(t)) {
		uint8_t sz;
		bool sg;
		return btf_array(t)->nelems &&
			       kcfg_type(btf, btf_array(t)->type, &sz, &sg, depth + 1) == KCFG_CHAR
			       ? KCFG_CHAR_ARR : KCFG_UNKNOWN;
	}
	return KCFG_UNKNOWN;
}

/* The read-only data sections (.rodata*, with bytes) into the object's
 * rodata; *AT (*N_AT of them, per section index) their entry there, -1 none. */
static int read_rodata(struct reader *r, int **at, size_t *n_at)
{
	size_t n = 0;
	if (elf_getshdrnum(r->elf, &n) != 0)
		n = 0;
	*at = xmalloc((n + 1) * sizeof(**at));
	*n_at = n;
	for (size_t i = 0; i < n; i++)
		(*at)[i] = -1;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(r->elf, scn))) {
		GElf_Shdr sh;
		const char *name = sec_name(r, scn);
		size_t idx = elf_ndxscn(scn);
		if (idx >= n || !name || strncmp(name, ".rodata", 7) || !gelf_getshdr(scn, &sh) ||
		    sh.sh_type != SHT_PROGBITS || r->o->rodata.n >= UINT16_MAX - 1)
			continue;
		if (sh.sh_offset > r->raw.len || sh.sh_size > r->raw.len - sh.sh_offset)
			return fail(r, "a read-only data section past the end");
		unsigned char *copy = arena_alloc(&r->o->strings, sh.sh_size + 1);
		memcpy(copy, r->raw.p + sh.sh_offset, sh.sh_size);
		struct bpf_rodata d = { copy, sh.sh_size };
		(*at)[idx] = (int)r->o->rodata.n;
		vec_push(&r->o->rodata, d);
	}
	return 0;
}

/* The ld_imm64 instructions libbpf points into a frozen map: a .kconfig
 * extern's address (marked with the extern), an address in read-only data
 * (marked with the section, the offset in IMM: the symbol's value plus the
 * instruction's addend, as libbpf reads it).  AT: read_rodata's. */
static void mark_data_loads(struct reader *r, const int *at, size_t n_at)
{
	const struct bpf_object *o = r->o;
	if (!o->kconfig.n && !o->rodata.n)
		return;
	struct hindex names = { 0 }; /* the externs by name: an object may hold thousands */
	for (size_t k = 0; k < o->kconfig.n && k < UINT16_MAX; k++)
		hindex_insert(&names, hash_str(o->kconfig.v[k].name), (uint32_t)k);
	for (size_t ti = 0; ti < o->texts.n; ti++) {
		struct bpf_text *t = &r->o->texts.v[ti];
		for (size_t i = 0; i + 1 < t->insns.n; i++) {
			struct bpf_insn_rec *in = &t->insns.v[i];
			if (in->code != 0x18 || !in->reloc)
				continue;
			const struct elf_reloc *e = relocation(r, r->text_shndx.v[ti], (uint64_t)i * 8);
			if (e && e->undef) {
				uint64_t h = hash_str(e->undef);
				for (uint32_t *k = hindex_first(&names, h); k; k = hindex_next(&names, h, k))
					if (!strcmp(o->kconfig.v[*k].name, e->undef)) {
						in->kconfig = (uint16_t)(*k + 1);
						break;
					}
				continue;
			}
			if (!e || !e->has_sym || in->src != 0 || e->sym_shndx >= n_at ||
			    at[e->sym_shndx] < 0)
				continue;
			int64_t off = (int64_t)e->sym_value + in->imm;
			if (off < 0 || off > INT32_MAX || (uint64_t)off > o->rodata.v[at[e->sym_shndx]].len)
				continue;
			in->rodata = (uint16_t)(at[e->sym_shndx] + 1);
			in->imm = (int32_t)off;
		}
	}
	hindex_free(&names);
}

/* Externs, maps and struct_ops from the object's BTF data sections. */
static int read_datasecs(struct reader *r)
{
	const struct btf *btf = r->o->btf;
	struct arena *a = &r->o->strings;
	for (__u32 id = 1; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		if (!btf_is_datasec(t))
			continue;
		const char *dsn = btf__name_by_offset(btf, t->name_off);
		if (!dsn)
			continue;
		bool ksyms = !strcmp(dsn, ".ksyms"), kconfig = !strcmp(dsn, ".kconfig");
		bool maps = !strcmp(dsn, ".maps");
		bool sops = !strncmp(dsn, ".struct_ops", 11);
		if (!ksyms && !kconfig && !maps && !sops)
			continue;
		const struct btf_var_secinfo *vs = btf_var_secinfos(t);
		for (__u16 i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf__type_by_id(btf, vs[i].type);
			const char *vn = v ? btf__name_by_offset(btf, v->name_off) : NULL;
			if (!v || !vn || !*vn)
				return fail(r, "a data section variable of no type or name");
			if (ksyms || kconfig) {
				struct bpf_extern e = { arena_strdup(a, vn), weak_symbol(r, vn),
							btf_is_func(v), KCFG_UNKNOWN, 0, false };
				if (kconfig && btf_is_var(v))
					e.kcfg = kcfg_type(btf, v->type, &e.kcfg_size, &e.kcfg_signed, 0);
				vec_push(ksyms ? &r->o->ksyms : &r->o->kconfig, e);
				continue;
			}
			const struct btf_type *st = bpf_btf_skip_mods(btf, v->type, NULL);
			if (!st || !btf_is_composite(st))
				continue;
			if (maps) {
				struct bpf_map_def m = { arena_strdup(a, vn), -1 };
				const struct btf_member *mem = btf_members(st);
				for (__u16 k = 0; k < btf_vlen(st); k++) {
					const char *mn = btf__name_by_offset(btf, mem[k].name_off);
					const struct btf_type *pt = btf__type_by_id(btf, mem[k].type);
					const struct btf_type *at = pt && btf_is_ptr(pt)
									    ? btf__type_by_id(btf, pt->type)
									    : NULL;
					if (mn && !strcmp(mn, "type") && at && btf_is_array(at))
						m.type = btf_array(at)->nelems;
				}
				vec_push(&r->o->maps, m);
				continue;
			}
			/* struct_ops: the members relocations fill (with programs) */
			const char *stn = btf__name_by_offset(btf, st->name_off);
			struct bpf_struct_ops so = { arena_strdup(a, vn), arena_strdup(a, stn ? stn : ""),
						     { 0 } };
			Elf_Scn *scn = find_section(r, dsn);
			size_t sidx = scn ? elf_ndxscn(scn) : 0;
			const struct btf_member *mem = btf_members(st);
			for (__u16 k = 0; scn && k < btf_vlen(st); k++) {
				uint64_t off = vs[i].offset + btf_member_bit_offset(st, k) / 8;
				const char *mn = btf__name_by_offset(btf, mem[k].name_off);
				if (mn && *mn && relocated(r, sidx, off))
					vec_push(&so.members, arena_strdup(a, mn));
			}
			vec_push(&r->o->struct_ops, so);
		}
	}
	/* legacy maps: struct bpf_map_def in section "maps", its first u32 the type */
	Elf_Scn *ms = find_section(r, "maps");
	GElf_Shdr msh;
	if (ms && gelf_getshdr(ms, &msh) && msh.sh_type == SHT_PROGBITS) {
		size_t n = n_symbols(r), idx = elf_ndxscn(ms);
		for (size_t i = 1; i < n; i++) {
			GElf_Sym sym;
			const char *name;
			uint64_t type;
			if (!symbol(r, i, &sym, &name) || sym.st_shndx != idx || !*name ||
			    GELF_ST_TYPE(sym.st_info) == STT_SECTION)
				continue;
			if (sym.st_value > msh.sh_size ||
			    !rd(&r->raw, msh.sh_offset + sym.st_value, 4, &type))
				return fail(r, "a legacy map past its section");
			struct bpf_map_def m = { arena_strdup(a, name), (int64_t)type };
			vec_push(&r->o->maps, m);
		}
	}
	return 0;
}

/* An access string as libbpf parses it (bpf_core_parse_spec): indexes
 * separated by ':', at most BPF_CORE_SPEC_MAX_LEN of them.  Its canonical
 * form into BUF (LEN bytes, BPF_ACCESS_MAX_BYTES will do); NULL after an error
 * line (libbpf refuses the object: -EINVAL, or -E2BIG past the limit).  Never
 * reads further than the limit: an access string may be megabytes long. */
static const char *parse_access(struct reader *r, const char *s, char *buf, size_t len)
{
	size_t n = 0, at = 0;
	const char *p = s;
	do {
		if (n == BPF_CORE_SPEC_MAX_LEN) {
			fail(r, ".BTF.ext: a CO-RE access string of more than 64 indexes (libbpf's "
				"limit, BPF_CORE_SPEC_MAX_LEN)");
			return NULL;
		}
		uint64_t v = 0;
		int digits = 0;
		for (; *p >= '0' && *p <= '9' && digits <= 10; p++, digits++)
			v = v * 10 + (uint64_t)(*p - '0');
		if (!digits || digits > 10 || v > INT32_MAX || (*p && *p != ':') ||
		    (*p == ':' && !p[1])) {
			fail(r, ".BTF.ext: a CO-RE access string that is not indexes separated by ':'");
			return NULL;
		}
		at += (size_t)snprintf(buf + at, len - at, "%s%llu", n ? ":" : "",
				       (unsigned long long)v);
		n++;
	} while (*p++ == ':');
	return buf;
}

typedef VEC(const char *) str_vec;

/* STR as stored once in STRINGS (IX indexes the copies in SEEN by hash). */
static const char *intern(struct arena *strings, struct hindex *ix, str_vec *seen, const char *str)
{
	uint64_t h = hash_str(str);
	for (uint32_t *p = hindex_first(ix, h); p; p = hindex_next(ix, h, p))
		if (!strcmp(seen->v[*p], str))
			return seen->v[*p];
	const char *c = arena_strdup(strings, str);
	hindex_insert(ix, h, (uint32_t)seen->n);
	vec_push(seen, c);
	return c;
}

/* The CO-RE relocations of .BTF.ext: each section name and access string
 * stored once, whatever the number of records naming it. */
static int read_btf_ext(struct reader *r)
{
	Elf_Scn *scn = find_section(r, ".BTF.ext");
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
		return 0;
	if (sh.sh_offset > r->raw.len || sh.sh_size > r->raw.len - sh.sh_offset)
		return fail(r, ".BTF.ext past the end of the object");
	struct bytes b = { r->raw.p + sh.sh_offset, sh.sh_size, false };
	uint64_t magic, hdr_len, relo_off = 0, relo_len = 0;
	if (!rd(&b, 0, 2, &magic))
		return fail(r, ".BTF.ext shorter than its header");
	if (magic != 0xeB9F) {
		b.be = true;
		rd(&b, 0, 2, &magic);
		if (magic != 0xeB9F)
			return fail(r, ".BTF.ext: bad magic");
	}
	if (!rd(&b, 4, 4, &hdr_len) || hdr_len < 24 || hdr_len > b.len)
		return fail(r, ".BTF.ext: header length out of range");
	if (hdr_len < 32)
		return 0; /* no CO-RE relocations */
	rd(&b, 24, 4, &relo_off);
	rd(&b, 28, 4, &relo_len);
	if (relo_len == 0)
		return 0;
	if (relo_off > b.len - hdr_len || relo_len > b.len - hdr_len - relo_off)
		return fail(r, ".BTF.ext: CO-RE relocations past the section");
	struct bytes c = { b.p + hdr_len + relo_off, relo_len, b.be };
	uint64_t rec_size;
	if (!rd(&c, 0, 4, &rec_size) || rec_size < 16 || rec_size > 1024)
		return fail(r, ".BTF.ext: bad CO-RE record size");
	const struct btf *btf = r->o->btf;
	if (!btf)
		return fail(r, ".BTF.ext without .BTF");
	size_t at = 4;
	struct hindex ix = { 0 };
	str_vec seen = { 0 };
	int ret = 0;
	while (ret == 0 && at < c.len) {
		uint64_t name_off, num;
		if (!rd(&c, at, 4, &name_off) || !rd(&c, at + 4, 4, &num)) {
			ret = fail(r, ".BTF.ext: a CO-RE section header cut short");
			break;
		}
		at += 8;
		const char *sec = btf__name_by_offset(btf, (__u32)name_off);
		if (!sec) {
			ret = fail(r, ".BTF.ext: a section name out of the string table");
			break;
		}
		if (num > (c.len - at) / rec_size) {
			ret = fail(r, ".BTF.ext: more CO-RE records than the section holds");
			break;
		}
		sec = intern(&r->o->strings, &ix, &seen, sec);
		int text = -1;
		for (size_t t = 0; t < r->o->texts.n && text < 0; t++)
			if (!strcmp(r->o->texts.v[t].name, sec))
				text = (int)t;
		for (uint64_t k = 0; ret == 0 && k < num; k++, at += rec_size) {
			uint64_t insn, type_id, acc, kind;
			rd(&c, at, 4, &insn);
			rd(&c, at + 4, 4, &type_id);
			rd(&c, at + 8, 4, &acc);
			rd(&c, at + 12, 4, &kind);
			const char *access = btf__name_by_offset(btf, (__u32)acc);
			char canon[BPF_ACCESS_MAX_BYTES];
			if (type_id >= btf__type_cnt(btf))
				ret = fail(r, ".BTF.ext: a CO-RE relocation's type past the BTF");
			else if (!access)
				ret = fail(r, ".BTF.ext: an access string out of the string table");
			else if (kind >= RELO__COUNT)
				ret = fail(r, ".BTF.ext: an unknown CO-RE relocation kind");
			else if (!(access = parse_access(r, access, canon, sizeof(canon))))
				ret = -1;
			if (ret < 0)
				break;
			struct bpf_core_relo_rec rec = { sec, text, (uint32_t)insn, (uint32_t)type_id,
							 (uint32_t)kind,
							 intern(&r->o->strings, &ix, &seen, access) };
			vec_push(&r->o->relos, rec);
		}
	}
	hindex_free(&ix);
	vec_free(&seen);
	return ret;
}

static int read_object(const char *path, const unsigned char *p, size_t size, size_t offset,
		       struct bpf_object *o)
{
	memset(o, 0, sizeof(*o));
	o->offset = offset;
	o->size = size;
	o->big_endian = p[EI_DATA] == ELFDATA2MSB;
	char where[4200];
	if (offset)
		snprintf(where, sizeof(where), "%s (BPF object at offset %zu)", path, offset);
	else
		snprintf(where, sizeof(where), "%s", path);
	/* libelf gets a copy it may keep pointers into */
	unsigned char *copy = xmalloc(size ? size : 1);
	memcpy(copy, p, size);
	struct reader r = { .path = where, .o = o, .raw = { copy, size, o->big_endian } };
	int ret = -1, *rodata_at = NULL;
	size_t n_rodata_at = 0;
	elf_version(EV_CURRENT);
	r.elf = elf_memory((char *)copy, size);
	if (!r.elf || elf_kind(r.elf) != ELF_K_ELF || elf_getshdrstrndx(r.elf, &r.shstrndx) < 0) {
		fail(&r, elf_errmsg(-1));
		goto out;
	}
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(r.elf, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh)) {
			fail(&r, "an unreadable section header");
			goto out;
		}
		if (!sec_name(&r, scn)) {
			fail(&r, "a section name out of the section string table");
			goto out;
		}
		if (sh.sh_type == SHT_SYMTAB) {
			r.symtab = scn;
			r.symstr = sh.sh_link;
		}
	}
	Elf_Scn *bs = find_section(&r, ".BTF");
	GElf_Shdr bsh;
	if (bs && gelf_getshdr(bs, &bsh) && bsh.sh_type != SHT_NOBITS) {
		Elf_Data *d = elf_getdata(bs, NULL);
		o->btf = d ? btf__new(d->d_buf, d->d_size) : NULL;
		if (!o->btf) {
			fail(&r, "its .BTF does not parse");
			goto out;
		}
	}
	if (read_relocs(&r) < 0 || read_texts(&r) < 0 || read_programs(&r) < 0 ||
	    (o->btf && read_datasecs(&r) < 0) || read_btf_ext(&r) < 0)
		goto out;
	if (read_rodata(&r, &rodata_at, &n_rodata_at) < 0)
		goto out;
	mark_data_loads(&r, rodata_at, n_rodata_at);
	ret = 0;
out:
	free(rodata_at);
	vec_free(&r.relocs);
	vec_free(&r.text_shndx);
	vec_free(&r.text_at);
	hindex_free(&r.sym_ix);
	if (r.elf)
		elf_end(r.elf);
	free(copy);
	return ret;
}

void bpf_object_free(struct bpf_object *o)
{
	btf__free(o->btf);
	vec_free(&o->progs);
	for (size_t i = 0; i < o->texts.n; i++) {
		vec_free(&o->texts.v[i].insns);
		vec_free(&o->texts.v[i].calls);
	}
	vec_free(&o->texts);
	vec_free(&o->helpers);
	vec_free(&o->relos);
	vec_free(&o->ksyms);
	vec_free(&o->kconfig);
	vec_free(&o->rodata);
	vec_free(&o->maps);
	for (size_t i = 0; i < o->struct_ops.n; i++)
		vec_free(&o->struct_ops.v[i].members);
	vec_free(&o->struct_ops);
	arena_free(&o->strings);
}

int bpf_objects_read(const char *path, const unsigned char *bytes, size_t len,
		     bpf_object_vec *out)
{
	struct bytes all = { bytes, len, false };
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t first = out->n, found = 0;
	for (size_t off = 0; off + 64 <= len;) {
		const unsigned char *hit = memmem(bytes + off, len - off, ELFMAG, SELFMAG);
		if (!hit)
			break;
		off = (size_t)(hit - bytes);
		size_t size;
		bool cut;
		if (!bpf_elf_at(&all, off, &size, &cut)) {
			off++;
			continue;
		}
		if (cut) {
			ks_error("%s: the BPF object at offset %zu is cut short (its sections run past "
				 "the end of the file)", path, off);
			goto fail;
		}
		struct bpf_object o;
		if (read_object(path, bytes + off, size, off, &o) < 0) {
			bpf_object_free(&o);
			goto fail;
		}
		found++;
		vec_push(out, o);
		off += size ? size : 1;
	}
	/* names: FILE without .o/.bpf.o; FILE#N when it embeds several */
	for (size_t i = first; i < out->n; i++) {
		struct bpf_object *o = &out->v[i];
		size_t bl = strlen(base);
		if (bl > 6 && !strcmp(base + bl - 6, ".bpf.o"))
			bl -= 6;
		else if (bl > 2 && !strcmp(base + bl - 2, ".o"))
			bl -= 2;
		o->name = found > 1 ? arena_printf(&o->strings, "%.*s#%zu", (int)bl, base, i - first + 1)
				    : arena_strndup(&o->strings, base, bl);
	}
	return 0;
fail:
	while (out->n > first)
		bpf_object_free(&out->v[--out->n]);
	return -1;
}

bool bpf_objects_present(const unsigned char *bytes, size_t len)
{
	struct bytes all = { bytes, len, false };
	for (size_t off = 0; off + 64 <= len; off++) {
		const unsigned char *hit = memmem(bytes + off, len - off, ELFMAG, SELFMAG);
		if (!hit)
			return false;
		off = (size_t)(hit - bytes);
		size_t size;
		bool cut;
		if (bpf_elf_at(&all, off, &size, &cut))
			return true;
	}
	return false;
}
