#include "dwarf/func_walk.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dwarf/line_files.h"
#include "dwarf/path_norm.h"
#include "elf/elf_file.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/progress.h"
#include "util/xalloc.h"

#define DW_LANG_RUST 0x1c
#define COMPILETIME_ASSERT "__compiletime_assert_"

/* An entry as seen inside one compile unit. */
struct unit_entry {
	const char *name;
	const char *loc;  /* NULL for an external entry not defined in this unit */
	const char *file;
	const char *unit_name; /* the unit's DW_AT_name as written: a static's key */
	uint64_t hash;       /* unit-local key hash (path pointers) */
	uint64_t merge_hash; /* key hash by content, for merging units */
	uint64_t addr;        /* first non-zero address in this unit */
	uint64_t ranges_addr; /* lowest DW_AT_ranges start of the first DIE with ranges */
	int inline_status;    /* as left by this unit's DIEs, from KS_INL_NOT_SEEN */
	bool external;
	VEC(const char *) inline_callers;
	VEC(const char *) direct_callers;
};

struct unit_result {
	struct unit_entry *entries;
	size_t n;
	atomic_bool done; /* walked: ready to merge */
};

struct walk_shared {
	struct ks_elf *ef;
	struct line_sections lines; /* for the file tables of units */
	Dwarf_Off *unit_offsets; /* CU DIE offsets, in DWARF order */
	size_t n_units;
	struct unit_result *results;
	atomic_size_t next_unit;
	atomic_size_t done_units;
	atomic_int failed;
};

struct die_cache_item {
	Dwarf_Off off;
	int32_t entry; /* -1: no entry (nameless DIE) */
};

struct worker {
	struct walk_shared *sh;
	Elf *elf;
	Dwarf *dw;
	struct arena strings;
	/* per-unit state */
	const char *unit_path; /* normalized */
	const char *unit_name; /* as written, "" when none */
	const char *comp_dir;
	bool has_stmt_list;
	Dwarf_Word stmt_list;
	line_file_vec line_files; /* the unit's file table, when read by line_files.c */
	bool own_files;           /* line_files holds it; else libdw's files below */
	Dwarf_Files *files;
	size_t n_files;
	bool files_loaded;
	const char **file_paths; /* normalized decl_file paths, lazily filled */
	size_t file_paths_cap;
	VEC(struct unit_entry) entries;
	struct hindex entry_index;
	VEC(struct die_cache_item) die_cache;
	struct hindex die_index;
	struct hindex path_index;
	VEC(const char *) paths; /* interned normalized paths of this unit */
	int32_t caller;            /* entry of the current defining subprogram */
	const char *caller_string; /* "UNITPATH:CALLER" for it */
};

/* The attributes one pass over a DIE collects. */
struct die_attrs {
	const char *name;
	bool external, declaration, has_inline, has_origin, has_call_origin;
	bool has_low, has_entry, has_high, has_ranges, has_decl_file, has_decl_line;
	Dwarf_Word inline_val, decl_file, decl_line;
	Dwarf_Attribute origin, call_origin, low, entry, high;
};

/* Why the walk of this thread's unit fails when libdw has no word for it (a
 * name too long, DIEs nested too deep); NULL: libdw's error, if any. */
static _Thread_local const char *walk_why;

/* Names and paths longer than this are refused: no kernel symbol comes
 * close, and a crafted .debug_str could hold one of megabytes. */
#define KS_NAME_MAX 4096

static bool too_long(const char *s)
{
	return s && strnlen(s, KS_NAME_MAX + 1) > KS_NAME_MAX;
}

static int collect_attr(Dwarf_Attribute *attr, void *arg)
{
	struct die_attrs *a = arg;
	bool flag;
	switch (dwarf_whatattr(attr)) {
	case DW_AT_name:
		a->name = dwarf_formstring(attr);
		if (too_long(a->name)) {
			a->name = NULL;
			walk_why = "a DW_AT_name longer than 4096 bytes";
			return DWARF_CB_ABORT;
		}
		break;
	case DW_AT_external:
		a->external = dwarf_formflag(attr, &flag) == 0 && flag;
		break;
	case DW_AT_declaration:
		a->declaration = dwarf_formflag(attr, &flag) == 0 && flag;
		break;
	case DW_AT_inline:
		a->has_inline = dwarf_formudata(attr, &a->inline_val) == 0;
		break;
	case DW_AT_abstract_origin:
		a->has_origin = true;
		a->origin = *attr;
		break;
	case DW_AT_call_origin:
		a->has_call_origin = true;
		a->call_origin = *attr;
		break;
	case DW_AT_low_pc:
		a->has_low = true;
		a->low = *attr;
		break;
	case DW_AT_entry_pc:
		a->has_entry = true;
		a->entry = *attr;
		break;
	case DW_AT_high_pc:
		a->has_high = true;
		a->high = *attr;
		break;
	case DW_AT_ranges:
		a->has_ranges = true;
		break;
	case DW_AT_decl_file:
		a->has_decl_file = dwarf_formudata(attr, &a->decl_file) == 0;
		break;
	case DW_AT_decl_line:
		a->has_decl_line = dwarf_formudata(attr, &a->decl_line) == 0;
		break;
	}
	return DWARF_CB_OK;
}

static void read_attrs(Dwarf_Die *die, struct die_attrs *a)
{
	memset(a, 0, sizeof(*a));
	dwarf_getattrs(die, collect_attr, a, 0);
}

/* An address attribute's value; constant forms give their raw value. */
static uint64_t attr_pc(Dwarf_Attribute *attr)
{
	Dwarf_Addr addr;
	Dwarf_Word word;
	switch (dwarf_whatform(attr)) {
	case DW_FORM_addr:
	case DW_FORM_addrx:
	case DW_FORM_addrx1:
	case DW_FORM_addrx2:
	case DW_FORM_addrx3:
	case DW_FORM_addrx4:
	case DW_FORM_GNU_addr_index:
		return dwarf_formaddr(attr, &addr) == 0 ? addr : 0;
	default:
		return dwarf_formudata(attr, &word) == 0 ? word : 0;
	}
}

/* DW_AT_low_pc, else DW_AT_entry_pc, else DW_AT_high_pc. */
static uint64_t die_pc(struct die_attrs *a)
{
	if (a->has_low)
		return attr_pc(&a->low);
	if (a->has_entry)
		return attr_pc(&a->entry);
	if (a->has_high)
		return attr_pc(&a->high);
	return 0;
}

static uint64_t lowest_range(Dwarf_Die *die)
{
	Dwarf_Addr base, start, end, low = 0;
	ptrdiff_t off = 0;
	bool any = false;
	while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0) {
		if (!any || start < low)
			low = start;
		any = true;
	}
	return any ? low : 0;
}

static void note_address(struct worker *w, struct unit_entry *e, Dwarf_Die *die,
			 struct die_attrs *a)
{
	if (e->addr == 0)
		e->addr = die_pc(a);
	if (e->addr == 0 && e->ranges_addr == 0 && a->has_ranges)
		e->ranges_addr = lowest_range(die);
}

static const char *intern_path(struct worker *w, const char *dir, const char *name)
{
	char buf[4096];
	size_t n = ks_path_normalize(buf, sizeof(buf), dir, name, w->comp_dir);
	uint64_t h = hash_bytes(buf, n, 0);
	for (uint32_t *p = hindex_first(&w->path_index, h); p;
	     p = hindex_next(&w->path_index, h, p))
		if (!strcmp(w->paths.v[*p], buf))
			return w->paths.v[*p];
	const char *s = arena_strndup(&w->strings, buf, n);
	hindex_insert(&w->path_index, h, (uint32_t)w->paths.n);
	vec_push(&w->paths, s);
	return s;
}

/* The unit's file table: from the line header directly, else through libdw. */
static void load_files(struct worker *w, Dwarf_Die *cudie)
{
	w->files_loaded = true;
	w->own_files = w->has_stmt_list &&
		       line_files_read(&w->sh->lines, w->stmt_list, w->comp_dir,
				       &w->line_files) == 0;
	if (w->own_files) {
		w->n_files = w->line_files.n;
	} else if (dwarf_getsrcfiles(cudie, &w->files, &w->n_files) != 0) {
		w->files = NULL;
		w->n_files = 0;
	}
	if (w->file_paths_cap < w->n_files) {
		w->file_paths = xrealloc(w->file_paths, w->n_files * sizeof(char *));
		w->file_paths_cap = w->n_files;
	}
	if (w->n_files) /* file_paths is NULL until a unit has files */
		memset(w->file_paths, 0, w->n_files * sizeof(char *));
}

/* Normalized path of decl_file IDX of the current unit, or NULL. */
static const char *decl_path(struct worker *w, Dwarf_Die *cudie, Dwarf_Word idx)
{
	if (!w->files_loaded)
		load_files(w, cudie);
	if (idx >= w->n_files)
		return NULL;
	if (!w->file_paths[idx]) {
		char buf[4096];
		const char *src = w->own_files
				  ? line_file_path(&w->line_files.v[idx], buf, sizeof(buf))
				  : dwarf_filesrc(w->files, idx, NULL, NULL);
		if (!src)
			return NULL;
		w->file_paths[idx] = intern_path(w, NULL, src);
	}
	return w->file_paths[idx];
}

static uint64_t entry_key_hash(const char *name, bool external, const char *loc_path,
			       uint64_t line)
{
	uint64_t h = hash_str(name);
	if (external)
		return h;
	return hash_mix(hash_mix(h, (uint64_t)(uintptr_t)loc_path), line);
}

/*
 * The unit entry for the function DIE describes, created on first sight.
 * Key: the name for an external function; name, declaration location and
 * unit path for a static one.  Returns -1 for a DIE without a name.
 */
static int32_t entry_for_die(struct worker *w, Dwarf_Die *cudie, Dwarf_Die *die,
			     struct die_attrs *known)
{
	Dwarf_Off off = dwarf_dieoffset(die);
	uint64_t dh = hash_mix(off, 0x51);
	for (uint32_t *p = hindex_first(&w->die_index, dh); p;
	     p = hindex_next(&w->die_index, dh, p))
		if (w->die_cache.v[*p].off == off)
			return w->die_cache.v[*p].entry;

	struct die_attrs local;
	struct die_attrs *a = known;
	if (!a) {
		read_attrs(die, &local);
		a = &local;
	}
	int32_t result = -1;
	if (a->name) {
		const char *loc_path = NULL;
		uint64_t line = UINT64_MAX;
		if (!a->external) {
			if (a->has_decl_file)
				loc_path = decl_path(w, cudie, a->decl_file);
			if (loc_path)
				line = a->has_decl_line ? a->decl_line : 0;
			else
				loc_path = w->unit_path;
		}
		uint64_t h = entry_key_hash(a->name, a->external, loc_path, line);
		for (uint32_t *p = hindex_first(&w->entry_index, h); p;
		     p = hindex_next(&w->entry_index, h, p)) {
			struct unit_entry *e = &w->entries.v[*p];
			if (e->hash == h && e->external == a->external &&
			    !strcmp(e->name, a->name)) {
				result = (int32_t)*p;
				break;
			}
		}
		if (result < 0) {
			struct unit_entry e = { 0 };
			e.name = a->name;
			e.external = a->external;
			e.hash = h;
			e.inline_status = KS_INL_NOT_SEEN;
			if (!a->external) {
				e.file = w->unit_path;
				e.unit_name = w->unit_name;
				e.loc = line == UINT64_MAX
						? loc_path
						: arena_printf(&w->strings, "%s:%llu", loc_path,
							       (unsigned long long)line);
			}
			result = (int32_t)w->entries.n;
			vec_push(&w->entries, e);
			hindex_insert(&w->entry_index, h, (uint32_t)result);
		}
	}
	struct die_cache_item item = { off, result };
	hindex_insert(&w->die_index, dh, (uint32_t)w->die_cache.n);
	vec_push(&w->die_cache, item);
	return result;
}

static void set_caller(struct worker *w, int32_t entry)
{
	w->caller = entry;
	w->caller_string = entry < 0 ? NULL
				     : arena_printf(&w->strings, "%s:%s", w->unit_path,
						    w->entries.v[entry].name);
}

static void record_subprogram(struct worker *w, Dwarf_Die *cudie, Dwarf_Die *die)
{
	struct die_attrs a;
	read_attrs(die, &a);
	if (a.has_origin) {
		/* Out-of-line copy of an inlined function: its address, and its calls. */
		Dwarf_Die origin;
		if (!dwarf_formref_die(&a.origin, &origin))
			return;
		int32_t e = entry_for_die(w, cudie, &origin, NULL);
		if (e >= 0)
			note_address(w, &w->entries.v[e], die, &a);
		set_caller(w, e);
		return;
	}
	int32_t e = entry_for_die(w, cudie, die, &a);
	if (e < 0 || a.declaration)
		return;
	struct unit_entry *ue = &w->entries.v[e];
	if (ue->inline_status == KS_INL_NOT_SEEN || ue->inline_status == KS_INL_SEEN_UNKNOWN)
		ue->inline_status = a.has_inline && a.inline_val <= 3 ? (int)a.inline_val
								     : KS_INL_SEEN_UNKNOWN;
	if (!ue->loc) {
		/* An external function: the first defining unit gives its location. */
		const char *path = a.has_decl_file ? decl_path(w, cudie, a.decl_file) : NULL;
		ue = &w->entries.v[e];
		ue->file = w->unit_path;
		ue->loc = path ? arena_printf(&w->strings, "%s:%llu", path,
					      (unsigned long long)(a.has_decl_line ? a.decl_line : 0))
			       : w->unit_path;
	}
	note_address(w, ue, die, &a);
	set_caller(w, e);
}

static void record_inlined(struct worker *w, Dwarf_Die *cudie, Dwarf_Die *die)
{
	struct die_attrs a;
	read_attrs(die, &a);
	Dwarf_Die origin;
	if (!a.has_origin || !dwarf_formref_die(&a.origin, &origin))
		return;
	int32_t e = entry_for_die(w, cudie, &origin, NULL);
	if (e < 0)
		return;
	struct unit_entry *ue = &w->entries.v[e];
	if (w->caller >= 0)
		vec_push(&ue->inline_callers, w->caller_string);
	note_address(w, ue, die, &a);
}

static void record_call(struct worker *w, Dwarf_Die *cudie, Dwarf_Die *die, bool gnu)
{
	struct die_attrs a;
	read_attrs(die, &a);
	Dwarf_Attribute *ref = gnu ? (a.has_origin ? &a.origin : NULL)
				   : (a.has_call_origin ? &a.call_origin : NULL);
	Dwarf_Die callee;
	if (!ref || !dwarf_formref_die(ref, &callee))
		return; /* indirect call */
	Dwarf_Attribute attr;
	if (dwarf_attr(&callee, DW_AT_abstract_origin, &attr)) {
		Dwarf_Die origin;
		if (dwarf_formref_die(&attr, &origin))
			callee = origin;
	}
	int32_t e = entry_for_die(w, cudie, &callee, NULL);
	if (e >= 0 && w->caller >= 0)
		vec_push(&w->entries.v[e].direct_callers, w->caller_string);
}

static int walk_children(struct worker *w, Dwarf_Die *cudie, Dwarf_Die *parent, int depth)
{
	Dwarf_Die child;
	if (depth > 256) {
		walk_why = "DIEs nested more than 256 deep";
		return -1;
	}
	int r = dwarf_child(parent, &child);
	if (r < 0)
		return -1;
	if (r > 0)
		return 0;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_subprogram:
			record_subprogram(w, cudie, &child);
			if (walk_why || walk_children(w, cudie, &child, depth + 1) < 0)
				return -1;
			break;
		case DW_TAG_inlined_subroutine:
			record_inlined(w, cudie, &child);
			if (walk_why || walk_children(w, cudie, &child, depth + 1) < 0)
				return -1;
			break;
		case DW_TAG_lexical_block:
			if (walk_children(w, cudie, &child, depth + 1) < 0)
				return -1;
			break;
		case DW_TAG_call_site:
			record_call(w, cudie, &child, false);
			break;
		case DW_TAG_GNU_call_site:
			record_call(w, cudie, &child, true);
			break;
		default:
			break;
		}
		r = dwarf_siblingof(&child, &child);
	} while (r == 0);
	return r < 0 ? -1 : 0;
}

static void reset_unit(struct worker *w)
{
	w->entries.v = NULL;
	w->entries.n = w->entries.cap = 0;
	hindex_clear(&w->entry_index);
	w->die_cache.n = 0;
	hindex_clear(&w->die_index);
	w->paths.n = 0;
	hindex_clear(&w->path_index);
	w->files = NULL;
	w->n_files = 0;
	w->files_loaded = false;
	w->own_files = false;
	w->has_stmt_list = false;
	w->caller = -1;
	w->caller_string = NULL;
}

static int walk_unit(struct worker *w, size_t index)
{
	Dwarf_Die cudie;
	reset_unit(w);
	if (!dwarf_offdie(w->dw, w->sh->unit_offsets[index], &cudie))
		return -1;
	if (dwarf_tag(&cudie) != DW_TAG_compile_unit || dwarf_srclang(&cudie) == DW_LANG_RUST)
		return 0;
	Dwarf_Attribute attr;
	w->comp_dir = dwarf_formstring(dwarf_attr(&cudie, DW_AT_comp_dir, &attr));
	if (too_long(w->comp_dir) || too_long(dwarf_diename(&cudie))) {
		walk_why = "a unit name or DW_AT_comp_dir longer than 4096 bytes";
		return -1;
	}
	w->has_stmt_list = dwarf_attr(&cudie, DW_AT_stmt_list, &attr) &&
			   dwarf_formudata(&attr, &w->stmt_list) == 0;
	const char *name = dwarf_diename(&cudie);
	w->unit_name = name ? name : "";
	w->unit_path = intern_path(w, w->comp_dir, w->unit_name);
	int r = walk_children(w, &cudie, &cudie, 0);
	if (walk_why)
		r = -1;
	/* The merge key by content, computed here on the walking threads. */
	for (size_t i = 0; i < w->entries.n; i++) {
		struct unit_entry *ue = &w->entries.v[i];
		uint64_t h = hash_str(ue->name);
		if (!ue->external)
			h = hash_mix(hash_mix(h, hash_str(ue->loc)), hash_str(ue->unit_name));
		ue->merge_hash = h;
	}
	struct unit_result *res = &w->sh->results[index];
	res->entries = w->entries.v;
	res->n = w->entries.n;
	return r;
}

/* The size of .debug_info as libdw reads it: decompressed when it was compressed. */
static bool debug_info_size(Dwarf *dw, uint64_t *size)
{
	Elf *elf = dwarf_getelf(dw);
	size_t shstrndx;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) < 0)
		return false;
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
		GElf_Shdr sh;
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".debug_info"))
			continue;
		GElf_Chdr ch;
		if (!(sh.sh_flags & SHF_COMPRESSED))
			*size = sh.sh_size;
		else if (gelf_getchdr(scn, &ch))
			*size = ch.ch_size;
		else
			return false;
		return true;
	}
	return false;
}

/*
 * The unit headers must tile .debug_info exactly, each unit ending inside
 * the section and the last at its end.  libdw takes a unit whose length runs
 * past the section as if the section ended there, which would read a
 * damaged image as one of a few functions, silently.
 */
static int units_cover_section(struct ks_elf *ef, Dwarf *dw)
{
	uint64_t size;
	if (!debug_info_size(dw, &size))
		return 0;
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (off < size &&
	       dwarf_next_unit(dw, off, &next, &hsize, NULL, NULL, NULL, NULL, NULL, NULL) == 0 &&
	       next > off && next <= size)
		off = next;
	if (off != size) {
		ks_error("%s: malformed DWARF: the unit at offset %#llx of .debug_info claims a length "
			 "past the section's end (%#llx bytes): the DWARF is cut or damaged",
			 ef->path, (unsigned long long)off, (unsigned long long)size);
		return -1;
	}
	return 0;
}

/* What made this thread's unit fail, never "no error". */
static const char *walk_error(void)
{
	if (walk_why)
		return walk_why;
	int e = dwarf_errno();
	return e ? dwarf_errmsg(e) : "a DIE libdw could not read";
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct walk_shared *sh = w->sh;
	for (;;) {
		size_t i = atomic_fetch_add(&sh->next_unit, 1);
		if (i >= sh->n_units || atomic_load(&sh->failed))
			break;
		if (walk_unit(w, i) < 0) {
			if (!atomic_exchange(&sh->failed, 1)) /* the first failure speaks */
				ks_error("%s: malformed DWARF in compile unit at offset %#llx: %s",
					 sh->ef->path, (unsigned long long)sh->unit_offsets[i], walk_error());
			break;
		}
		atomic_store(&sh->results[i].done, true);
		atomic_fetch_add(&sh->done_units, 1);
	}
	return NULL;
}

/* --- merging units in DWARF order --- */

struct merge_slot {
	uint64_t hash;
	const char *unit_name; /* a static entry's unit, as written */
	uint64_t ranges_addr;
	VEC(const char *) inl;
	VEC(const char *) dir;
};

struct merge_state {
	struct ks_surface *s;
	struct hindex index; /* key hash -> merged entry */
	VEC(struct merge_slot) slots;
};

/*
 * A static entry's key holds its unit's name as written, not the normalized
 * path: one source file compiled in two units (arm64's kvm/hyp/vhe/../x.c and
 * kvm/hyp/nvhe/../x.c, both kvm/hyp/x.c) gives two entries.
 */
static bool same_key(const struct ks_func_entry *e, const struct merge_slot *slot,
		     const struct unit_entry *ue)
{
	if (e->external != ue->external || strcmp(e->name, ue->name))
		return false;
	return ue->external || (!strcmp(e->loc, ue->loc) && !strcmp(slot->unit_name, ue->unit_name));
}

static void merge_unit(struct merge_state *m, struct unit_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct unit_entry *ue = &r->entries[i];
		if (!strncmp(ue->name, COMPILETIME_ASSERT, sizeof(COMPILETIME_ASSERT) - 1)) {
			/* never an entry; its callers go too (found by fuzz_vmlinux: a leak) */
			vec_free(&ue->inline_callers);
			vec_free(&ue->direct_callers);
			continue;
		}
		uint64_t h = ue->merge_hash;
		int32_t found = -1;
		for (uint32_t *p = hindex_first(&m->index, h); p;
		     p = hindex_next(&m->index, h, p)) {
			if (m->slots.v[*p].hash == h &&
			    same_key(&m->s->entries.v[*p], &m->slots.v[*p], ue)) {
				found = (int32_t)*p;
				break;
			}
		}
		if (found < 0) {
			struct ks_func_entry e = { 0 };
			e.name = ue->name;
			e.external = ue->external;
			e.inline_status = KS_INL_NOT_SEEN;
			found = (int32_t)m->s->entries.n;
			vec_push(&m->s->entries, e);
			vec_grow(&m->slots);
			memset(&m->slots.v[m->slots.n], 0, sizeof(m->slots.v[0]));
			m->slots.v[m->slots.n].unit_name = ue->unit_name;
			m->slots.v[m->slots.n++].hash = h;
			hindex_insert(&m->index, h, (uint32_t)found);
		}
		struct ks_func_entry *e = &m->s->entries.v[found];
		struct merge_slot *slot = &m->slots.v[found];
		/* The first known inline status wins; any definition beats "not seen". */
		if ((e->inline_status == KS_INL_NOT_SEEN ||
		     e->inline_status == KS_INL_SEEN_UNKNOWN) &&
		    ue->inline_status != KS_INL_NOT_SEEN)
			e->inline_status = ue->inline_status;
		if (!e->loc && ue->loc) {
			e->loc = ue->loc;
			e->file = ue->file;
		}
		if (e->addr == 0)
			e->addr = ue->addr;
		if (slot->ranges_addr == 0)
			slot->ranges_addr = ue->ranges_addr;
		for (size_t k = 0; k < ue->inline_callers.n; k++)
			vec_push(&slot->inl, ue->inline_callers.v[k]);
		for (size_t k = 0; k < ue->direct_callers.n; k++)
			vec_push(&slot->dir, ue->direct_callers.v[k]);
		vec_free(&ue->inline_callers);
		vec_free(&ue->direct_callers);
	}
	free(r->entries);
	r->entries = NULL;
}

static void merge_finish(struct merge_state *m)
{
	for (size_t i = 0; i < m->s->entries.n; i++) {
		struct ks_func_entry *e = &m->s->entries.v[i];
		struct merge_slot *slot = &m->slots.v[i];
		if (e->addr == 0)
			e->addr = slot->ranges_addr;
		e->inline_callers = slot->inl.v;
		e->n_inline_callers = (uint32_t)slot->inl.n;
		e->direct_callers = slot->dir.v;
		e->n_direct_callers = (uint32_t)slot->dir.n;
	}
	vec_free(&m->slots);
	hindex_free(&m->index);
}

/* --- driver --- */

struct walk_keepalive {
	struct worker *workers;
	int n;
};

static void release_workers(void *arg)
{
	struct walk_keepalive *k = arg;
	for (int i = 0; i < k->n; i++) {
		struct worker *w = &k->workers[i];
		if (w->dw)
			dwarf_end(w->dw);
		if (w->elf)
			elf_end(w->elf);
		arena_free(&w->strings);
	}
	free(k->workers);
	free(k);
}

static void free_unit_scratch(struct worker *w)
{
	hindex_free(&w->entry_index);
	hindex_free(&w->die_index);
	hindex_free(&w->path_index);
	vec_free(&w->die_cache);
	vec_free(&w->paths);
	free(w->file_paths);
	w->file_paths = NULL;
	vec_free(&w->line_files);
}

/* Uncompressed .debug_line, .debug_line_str and .debug_str, for line_files.c. */
static void line_sections_of(struct ks_elf *ef, struct line_sections *ls)
{
	static const char *const names[] = { ".debug_line", ".debug_line_str", ".debug_str" };
	const unsigned char **bufs[] = { &ls->line, &ls->line_str, &ls->str };
	size_t *lens[] = { &ls->line_len, &ls->line_str_len, &ls->str_len };
	memset(ls, 0, sizeof(*ls));
	ls->big_endian = ef->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
	for (int i = 0; i < 3; i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = ks_elf_section(ef, names[i], &sh);
		Elf_Data *d = scn && !(sh.sh_flags & SHF_COMPRESSED) && sh.sh_type != SHT_NOBITS
				      ? elf_rawdata(scn, NULL)
				      : NULL;
		if (d && d->d_buf) {
			*bufs[i] = d->d_buf;
			*lens[i] = d->d_size;
		}
	}
}

int func_walk(struct ks_elf *ef, struct ks_surface *s, int nthreads)
{
	if (nthreads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		nthreads = n > 0 ? (int)n : 1;
	}
	if (nthreads > 64)
		nthreads = 64;

	static const char *const sections[] = {
		".debug_info", ".debug_abbrev", ".debug_str", ".debug_line", ".debug_line_str",
		".debug_rnglists", ".debug_ranges", ".debug_addr", ".debug_str_offsets", NULL,
	};
	ks_elf_prefault(ef, sections);

	struct walk_keepalive *keep = xcalloc(1, sizeof(*keep));
	keep->workers = xcalloc((size_t)nthreads, sizeof(struct worker));
	keep->n = nthreads;
	struct walk_shared sh = { .ef = ef };
	line_sections_of(ef, &sh.lines);
	int ret = -1;

	for (int i = 0; i < nthreads; i++) {
		struct worker *w = &keep->workers[i];
		w->sh = &sh;
		w->elf = ks_elf_clone(ef);
		w->dw = w->elf ? dwarf_begin_elf(w->elf, DWARF_C_READ, NULL) : NULL;
		if (!w->dw) {
			ks_error("%s: cannot read DWARF: %s", ef->path, dwarf_errmsg(-1));
			goto out;
		}
	}

	/* Enumerate the units (headers only). */
	VEC(Dwarf_Off) offs = { 0 };
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	uint8_t unit_type;
	int r;
	while ((r = dwarf_get_units(keep->workers[0].dw, cu, &cu, NULL, &unit_type, &cudie,
				    NULL)) == 0)
		vec_push(&offs, dwarf_dieoffset(&cudie));
	if (r < 0) {
		ks_error("%s: malformed DWARF unit header: %s", ef->path, dwarf_errmsg(-1));
		vec_free(&offs);
		goto out;
	}
	if (units_cover_section(ef, keep->workers[0].dw) < 0) {
		vec_free(&offs);
		goto out;
	}
	sh.unit_offsets = offs.v;
	sh.n_units = offs.n;
	sh.results = xcalloc(sh.n_units ? sh.n_units : 1, sizeof(*sh.results));

	pthread_t *threads = xcalloc((size_t)nthreads, sizeof(*threads));
	int started = 0; /* threads[1..started] run; a failed start ends the starting
			  * (the others' units are walked by those running) */
	for (int i = 1; i < nthreads; i++) {
		if (xthread_create(&threads[i], worker_main, &keep->workers[i]) != 0)
			break;
		started = i;
	}
	/*
	 * The calling thread walks units too, and between them merges the units
	 * finished so far, in DWARF order; it reports progress.
	 */
	struct worker *self = &keep->workers[0];
	struct merge_state m = { .s = s };
	size_t merged = 0;
	for (;;) {
		size_t i = atomic_fetch_add(&sh.next_unit, 1);
		if (i >= sh.n_units || atomic_load(&sh.failed))
			break;
		if (walk_unit(self, i) < 0) {
			if (!atomic_exchange(&sh.failed, 1))
				ks_error("%s: malformed DWARF in compile unit at offset %#llx: %s",
					 ef->path, (unsigned long long)sh.unit_offsets[i], walk_error());
			break;
		}
		atomic_store(&sh.results[i].done, true);
		atomic_fetch_add(&sh.done_units, 1);
		while (merged < sh.n_units && atomic_load(&sh.results[merged].done))
			merge_unit(&m, &sh.results[merged++]);
		progress_update("reading DWARF units", atomic_load(&sh.done_units), sh.n_units);
	}
	for (int i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	progress_done();
	for (int i = 0; i < nthreads; i++)
		free_unit_scratch(&keep->workers[i]);

	if (!atomic_load(&sh.failed)) {
		while (merged < sh.n_units)
			merge_unit(&m, &sh.results[merged++]);
		ret = 0;
	}
	/* On failure the merged entries go with the surface; the rest here. */
	merge_finish(&m);
	for (size_t i = merged; i < sh.n_units; i++) {
		for (size_t k = 0; k < sh.results[i].n; k++) {
			vec_free(&sh.results[i].entries[k].inline_callers);
			vec_free(&sh.results[i].entries[k].direct_callers);
		}
		free(sh.results[i].entries);
	}
	free(sh.results);
	vec_free(&offs);
out:
	if (ret == 0) {
		/* Names and paths point into the workers' mappings and arenas. */
		s->release_fn = release_workers;
		s->release_arg = keep;
	} else {
		release_workers(keep);
	}
	return ret;
}
