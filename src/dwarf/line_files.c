#include "dwarf/line_files.h"

#include <dwarf.h>
#include <string.h>

struct cursor {
	const unsigned char *p, *end;
	bool be, bad;
};

static uint64_t get_n(struct cursor *c, unsigned n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = true;
		return 0;
	}
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)c->p[c->be ? n - 1 - i : i] << (8 * i);
	c->p += n;
	return v;
}

static uint64_t get_uleb(struct cursor *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0; !c->bad && c->p < c->end; shift += 7) {
		unsigned char b = *c->p++;
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

static void skip(struct cursor *c, uint64_t n)
{
	if (c->bad || (uint64_t)(c->end - c->p) < n)
		c->bad = true;
	else
		c->p += n;
}

/* A NUL-terminated string inside [p, end). */
static const char *get_cstr(struct cursor *c)
{
	if (c->bad || c->p >= c->end) {
		c->bad = true;
		return NULL;
	}
	const unsigned char *nul = memchr(c->p, '\0', (size_t)(c->end - c->p));
	if (!nul) {
		c->bad = true;
		return NULL;
	}
	const char *s = (const char *)c->p;
	c->p = nul + 1;
	return s;
}

/* The string at OFF in a string section, NULL when out of it or unterminated. */
static const char *section_str(const unsigned char *sec, size_t len, uint64_t off)
{
	if (!sec || off >= len || !memchr(sec + off, '\0', len - off))
		return NULL;
	return (const char *)sec + off;
}

struct entry_format {
	uint64_t content, form;
};

/* One attribute of a DWARF 5 directory or file entry. */
static void read_form(struct cursor *c, const struct line_sections *secs, unsigned offset_size,
		      uint64_t form, const char **str, uint64_t *num)
{
	*str = NULL;
	*num = 0;
	switch (form) {
	case DW_FORM_string:
		*str = get_cstr(c);
		break;
	case DW_FORM_line_strp:
	case DW_FORM_strp: {
		uint64_t off = get_n(c, offset_size);
		*str = form == DW_FORM_line_strp ? section_str(secs->line_str, secs->line_str_len, off)
						 : section_str(secs->str, secs->str_len, off);
		if (!*str)
			c->bad = true;
		break;
	}
	case DW_FORM_udata:
		*num = get_uleb(c);
		break;
	case DW_FORM_data1:
		*num = get_n(c, 1);
		break;
	case DW_FORM_data2:
		*num = get_n(c, 2);
		break;
	case DW_FORM_data4:
		*num = get_n(c, 4);
		break;
	case DW_FORM_data8:
		*num = get_n(c, 8);
		break;
	case DW_FORM_data16:
		skip(c, 16);
		break;
	case DW_FORM_block:
		skip(c, get_uleb(c));
		break;
	default: /* strx forms need .debug_str_offsets: leave those to libdw */
		c->bad = true;
	}
}

static bool read_formats(struct cursor *c, struct entry_format *fmt, unsigned *n)
{
	*n = (unsigned)get_n(c, 1);
	if (*n > 16)
		return false;
	for (unsigned i = 0; i < *n; i++) {
		fmt[i].content = get_uleb(c);
		fmt[i].form = get_uleb(c);
	}
	return !c->bad;
}

/* DWARF 5 directory or file entries: COUNT of them in FORMAT. */
static bool read_v5_entries(struct cursor *c, const struct line_sections *secs,
			    unsigned offset_size, const struct entry_format *fmt, unsigned nfmt,
			    line_file_vec *out, bool files, const line_file_vec *dirs)
{
	uint64_t count = get_uleb(c);
	if (count > (uint64_t)(c->end - c->p))
		return false; /* every entry takes at least one byte */
	for (uint64_t i = 0; i < count && !c->bad; i++) {
		struct line_file f = { 0 };
		uint64_t dir = 0;
		for (unsigned k = 0; k < nfmt; k++) {
			const char *s;
			uint64_t v;
			read_form(c, secs, offset_size, fmt[k].form, &s, &v);
			if (fmt[k].content == DW_LNCT_path)
				f.name = s;
			else if (fmt[k].content == DW_LNCT_directory_index)
				dir = v;
		}
		if (!f.name)
			return false;
		if (files) {
			if (dir >= dirs->n)
				return false;
			f.dir = dirs->v[dir].name;
		}
		vec_push(out, f);
	}
	return !c->bad;
}

int line_files_read(const struct line_sections *secs, uint64_t offset, const char *comp_dir,
		    line_file_vec *out)
{
	out->n = 0;
	if (!secs->line || offset >= secs->line_len)
		return -1;
	struct cursor c = { secs->line + offset, secs->line + secs->line_len, secs->big_endian,
			    false };
	unsigned offset_size = 4;
	uint64_t unit_length = get_n(&c, 4);
	if (unit_length == 0xffffffff) {
		offset_size = 8;
		unit_length = get_n(&c, 8);
	} else if (unit_length >= 0xfffffff0) {
		return -1;
	}
	if (c.bad || unit_length > (uint64_t)(c.end - c.p))
		return -1;
	c.end = c.p + unit_length;
	unsigned version = (unsigned)get_n(&c, 2);
	if (version < 2 || version > 5)
		return -1;
	if (version >= 5)
		skip(&c, 2); /* address_size, segment_selector_size */
	uint64_t header_length = get_n(&c, offset_size);
	if (c.bad || header_length > (uint64_t)(c.end - c.p))
		return -1;
	c.end = c.p + header_length; /* the tables lie inside the header */
	skip(&c, version >= 4 ? 5 : 4); /* min_inst_length, [max_ops], default_is_stmt,
					   line_base, line_range */
	unsigned opcode_base = (unsigned)get_n(&c, 1);
	skip(&c, opcode_base ? opcode_base - 1 : 0);
	if (c.bad)
		return -1;

	if (version < 5) {
		line_file_vec dirs = { 0 };
		struct line_file d0 = { NULL, comp_dir };
		vec_push(&dirs, d0);
		for (;;) {
			const char *d = get_cstr(&c);
			if (!d || !*d)
				break;
			struct line_file f = { NULL, d };
			vec_push(&dirs, f);
		}
		struct line_file f0 = { NULL, "???" };
		vec_push(out, f0);
		for (;;) {
			const char *name = get_cstr(&c);
			if (!name || !*name)
				break;
			uint64_t dir = get_uleb(&c);
			get_uleb(&c); /* mtime */
			get_uleb(&c); /* length */
			if (dir >= dirs.n) {
				c.bad = true;
				break;
			}
			struct line_file f = { dirs.v[dir].name, name };
			vec_push(out, f);
		}
		vec_free(&dirs);
		return c.bad ? -1 : 0;
	}

	struct entry_format fmt[16];
	unsigned nfmt;
	line_file_vec dirs = { 0 };
	int ret = -1;
	if (read_formats(&c, fmt, &nfmt) &&
	    read_v5_entries(&c, secs, offset_size, fmt, nfmt, &dirs, false, NULL) &&
	    read_formats(&c, fmt, &nfmt) &&
	    read_v5_entries(&c, secs, offset_size, fmt, nfmt, out, true, &dirs))
		ret = 0;
	vec_free(&dirs);
	return ret;
}

const char *line_file_path(const struct line_file *f, char *buf, size_t n)
{
	size_t ln = strlen(f->name);
	if (f->name[0] == '/' || !f->dir) {
		if (ln + 1 > n)
			return NULL;
		memcpy(buf, f->name, ln + 1);
		return buf;
	}
	size_t ld = strlen(f->dir);
	if (ld + 1 + ln + 1 > n)
		return NULL;
	memcpy(buf, f->dir, ld);
	buf[ld] = '/';
	memcpy(buf + ld + 1, f->name, ln + 1);
	return buf;
}
