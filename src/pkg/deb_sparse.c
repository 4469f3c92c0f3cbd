/*
 * deb_sparse.c — a package's vmlinux without decoding the whole tarball.
 *
 * Debian's data.tar.xz has dozens of independent xz blocks and an index.
 * The tar header of the vmlinux is found by decoding the first blocks; then
 * only the blocks holding the sections ksurf reads are decoded (on every
 * core) into a sparse copy of the file: relocation sections (.rela.debug_info
 * alone is 255 MB of a 590 MB vmlinux), location lists, frame tables and
 * code are left as zeros.  Anything unusual returns 1 and the caller streams
 * the package instead (deb.c).
 */
#include "pkg/deb_sparse.h"

#include <archive.h>
#include <archive_entry.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pkg/deb.h"
#include "pkg/xz_blocks.h"
#include "util/error.h"
#include "util/vec.h"
#include "util/xalloc.h"

/* data.tar.xz of PATH: offset and size in the file.  0, 1 (not xz or not found), -1. */
static int find_data_member(const char *path, uint64_t *off, uint64_t *size)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_ar(a);
	int ret = 1;
	if (archive_read_open_filename(a, path, 1 << 16) == ARCHIVE_OK) {
		struct archive_entry *e;
		while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
			const char *n = archive_entry_pathname(e);
			if (!n || strncmp(n, "data.tar", 8))
				continue;
			if (!strcmp(n, "data.tar.xz") && archive_entry_size_is_set(e)) {
				*off = (uint64_t)archive_read_header_position(a) + 60;
				*size = (uint64_t)archive_entry_size(e);
				ret = 0;
			}
			break;
		}
	}
	archive_read_free(a);
	return ret;
}

/*
 * The head of the tarball for libarchive's tar reader: decoded as a plain
 * stream, slice by slice, so finding an entry near the start decodes just
 * that far (the first block alone is 25 MB).  Slices stay until the end to
 * locate the entry's data by pointer.
 */
#define SLICE (1 << 20)

struct chunk {
	unsigned char *p;
	uint64_t off, len;
};

struct scan {
	struct xz_blocks *xb;
	lzma_stream lz;
	unsigned char in[1 << 16];
	uint64_t in_pos; /* next compressed byte to read, in the stream */
	VEC(struct chunk) chunks;
	uint64_t pos;
	int failed;
};

static la_ssize_t scan_read(struct archive *a, void *data, const void **buf)
{
	struct scan *sc = data;
	if (sc->chunks.n >= 1024)
		return 0; /* the vmlinux sits near the start: do not decode the world */
	struct chunk c = { .off = sc->pos, .p = xmalloc(SLICE) };
	sc->lz.next_out = c.p;
	sc->lz.avail_out = SLICE;
	while (sc->lz.avail_out) {
		if (sc->lz.avail_in == 0 && sc->in_pos < sc->xb->size) {
			uint64_t left = sc->xb->size - sc->in_pos;
			size_t n = left < sizeof(sc->in) ? (size_t)left : sizeof(sc->in);
			if (pread(sc->xb->fd, sc->in, n, (off_t)(sc->xb->base + sc->in_pos)) != (ssize_t)n) {
				sc->failed = 1;
				break;
			}
			sc->in_pos += n;
			sc->lz.next_in = sc->in;
			sc->lz.avail_in = n;
		}
		lzma_ret r = lzma_code(&sc->lz, sc->in_pos < sc->xb->size ? LZMA_RUN : LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK) {
			sc->failed = 1;
			break;
		}
	}
	c.len = SLICE - sc->lz.avail_out;
	if (sc->failed) {
		free(c.p);
		archive_set_error(a, EIO, "damaged xz data");
		return -1;
	}
	vec_push(&sc->chunks, c);
	sc->pos += c.len;
	*buf = c.p;
	return (la_ssize_t)c.len;
}

/* The path a symlink at NAME to TARGET names, "." and ".." resolved, into
 * OUT; false when it leaves the tree or does not fit. */
static bool link_target(const char *name, const char *target, char *out, size_t len)
{
	char buf[1024];
	const char *slash = strrchr(name, '/');
	int n = target[0] == '/' ? snprintf(buf, sizeof(buf), "%s", target + 1)
				 : snprintf(buf, sizeof(buf), "%.*s%s", slash ? (int)(slash - name + 1) : 0,
					    name, target);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return false;
	/* rebuild component by component */
	size_t o = 0;
	for (char *save, *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		if (!strcmp(c, "..")) {
			if (o == 0)
				return false;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		size_t cl = strlen(c);
		if (o + (o > 0) + cl + 1 > len)
			return false;
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, c, cl);
		o += cl;
	}
	out[o] = '\0';
	return o > 0;
}

/* Where the data of the first tar entry matching PATTERN starts: 0; 1 none;
 * 2 the image is further on: a symlink to MEMBER (a path the pattern
 * matches) came first, or (MEMBER "") modules' debug files did; -1. */
static int find_entry(struct xz_blocks *xb, const char *pattern, uint64_t *data_off,
		      uint64_t *data_len, char *member, size_t member_len, unsigned char head[64],
		      size_t *head_len)
{
	struct scan *scp = xcalloc(1, sizeof(*scp));
	struct scan sc_init = { .xb = xb, .lz = LZMA_STREAM_INIT };
	*scp = sc_init;
#define sc (*scp)
	if (lzma_stream_decoder(&sc.lz, UINT64_MAX, 0) != LZMA_OK) {
		free(scp);
		return 1;
	}
	struct archive *t = archive_read_new();
	archive_read_support_format_tar(t);
	int ret = 1;
	if (archive_read_open(t, &sc, NULL, scan_read, NULL) == ARCHIVE_OK) {
		struct archive_entry *e;
		while (archive_read_next_header(t, &e) == ARCHIVE_OK) {
			const char *name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
			while (name[0] == '.' && name[1] == '/')
				name += 2;
			if (!deb_path_matches(pattern, name)) {
				/* modules' debug files first: the 7.x layout, whose image
				 * comes after them, near the end */
				if (archive_entry_filetype(e) == AE_IFREG &&
				    !strncmp(name, "usr/lib/debug/lib/modules/", 26)) {
					member[0] = '\0';
					ret = 2;
					break;
				}
				continue;
			}
			if (archive_entry_filetype(e) == AE_IFLNK && archive_entry_symlink(e)) {
				/* the new layout: boot/vmlinux-V -> ../lib/modules/V/vmlinux,
				 * a file near the end of the tarball */
				if (link_target(name, archive_entry_symlink(e), member, member_len) &&
				    deb_path_matches(pattern, member))
					ret = 2;
				break;
			}
			if (archive_entry_filetype(e) != AE_IFREG)
				continue;
			const void *buf;
			size_t n;
			la_int64_t o;
			if (!archive_entry_size_is_set(e) ||
			    archive_read_data_block(t, &buf, &n, &o) != ARCHIVE_OK || o != 0)
				break;
			/* the data is returned in place: its chunk gives its offset */
			for (size_t i = 0; i < sc.chunks.n; i++) {
				const unsigned char *p = buf;
				if (p >= sc.chunks.v[i].p && p < sc.chunks.v[i].p + sc.chunks.v[i].len) {
					*data_off = sc.chunks.v[i].off + (uint64_t)(p - sc.chunks.v[i].p);
					*data_len = (uint64_t)archive_entry_size(e);
					/* its first bytes: the ELF header, already decoded */
					*head_len = n < 64 ? n : 64;
					memcpy(head, p, *head_len);
					snprintf(member, member_len, "%s", name);
					ret = 0;
				}
			}
			break;
		}
	}
	archive_read_free(t);
	for (size_t i = 0; i < sc.chunks.n; i++)
		free(sc.chunks.v[i].p);
	vec_free(&sc.chunks);
	lzma_end(&sc.lz);
	if (sc.failed) {
		ks_error("%s: damaged xz data at the start of data.tar.xz", xb->what);
		ret = -1;
	}
#undef sc
	free(scp);
	return ret;
}

/* A ustar header at H (512 bytes, its checksum right) of a regular file:
 * its path (prefix/name, without "./") into NAME, its size into *SIZE. */
static bool tar_file_header(const unsigned char *h, char *name, size_t len, uint64_t *size)
{
	if (memcmp(h + 257, "ustar", 5) || (h[156] != '0' && h[156] != '\0'))
		return false;
	uint64_t sum = 0, want = 0;
	for (int i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	int i = 148;
	while (i < 156 && h[i] == ' ')
		i++;
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
		want = want * 8 + (uint64_t)(h[i] - '0');
	if (sum != want)
		return false;
	uint64_t sz = 0;
	if (h[124] & 0x80) { /* base-256, as GNU tar writes sizes past 8 GiB */
		for (int k = 125; k < 136; k++)
			sz = sz << 8 | h[k];
	} else {
		for (int k = 124; k < 136 && h[k] >= '0' && h[k] <= '7'; k++)
			sz = sz * 8 + (uint64_t)(h[k] - '0');
	}
	char full[300];
	if (h[345])
		snprintf(full, sizeof(full), "%.155s/%.100s", (const char *)h + 345, (const char *)h);
	else
		snprintf(full, sizeof(full), "%.100s", (const char *)h);
	const char *p = full;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	snprintf(name, len, "%s", p);
	*size = sz;
	return true;
}

/* The blocks decoded from the end at most, looking for a member's header. */
#define MAX_TAIL_BLOCKS 128

/*
 * Where the data of the member named WANT (or, WANT "", the last regular file
 * matching PATTERN) starts, its name into MEMBER, found from the end of the
 * tarball: its blocks are decoded last first and each 512-byte boundary in
 * them tried as a ustar header (magic, checksum, type, name).  Debian's 7.x
 * debug packages put the vmlinux after the module debug files, 5,178th of
 * 5,188 entries: its header is ~18 blocks from the end of 315.  0, 1, -1.
 */
static int find_entry_from_end(struct xz_blocks *xb, const char *want, const char *pattern,
			       uint64_t *data_off, uint64_t *data_len, char *member, size_t member_len)
{
	VEC(struct xz_range) blocks = { 0 };
	lzma_index_iter it;
	lzma_index_iter_init(&it, xb->index);
	while (!lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK)) {
		struct xz_range b = { it.block.uncompressed_file_offset, it.block.uncompressed_size };
		vec_push(&blocks, b);
	}
	int ret = 1;
	unsigned char *buf = NULL;
	size_t cap = 0;
	for (size_t k = blocks.n, tried = 0; k-- > 0 && tried < MAX_TAIL_BLOCKS && ret == 1; tried++) {
		uint64_t bo = blocks.v[k].off, bs = blocks.v[k].len;
		if (bs > XZ_MAX_BLOCK)
			break;
		if (cap < bs) {
			buf = xrealloc(buf, bs);
			cap = bs;
		}
		if (xz_blocks_read(xb, bo, bs, buf) < 0) {
			ret = -1;
			break;
		}
		/* the last header first: the member sits late */
		uint64_t first = (bo + 511) / 512 * 512;
		for (uint64_t h = bo + bs >= 512 ? (bo + bs - 512) / 512 * 512 : 0; h + 1 > first; h -= 512) {
			if (h + 512 > bo + bs)
				continue; /* straddles the next block: seen from there */
			char name[300];
			uint64_t size;
			if (tar_file_header(buf + (h - bo), name, sizeof(name), &size) &&
			    (*want ? !strcmp(name, want) : deb_path_matches(pattern, name)) &&
			    h + 512 <= xb->usize && size <= xb->usize - h - 512) {
				*data_off = h + 512;
				*data_len = size;
				snprintf(member, member_len, "%s", name);
				ret = 0;
				break;
			}
			if (h < 512)
				break;
		}
	}
	free(buf);
	vec_free(&blocks);
	return ret;
}

static uint64_t get(const unsigned char *p, unsigned n, bool be)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

/* Sections no decoder reads: relocations (but .rela.dyn, where arm64 and s390
 * keep pointers), location lists, frames, code.  Code is read-only: a
 * writable section flagged executable is data (7.x's x86-64 .data is "WAX",
 * and holds the tracepoint table's events). */
static bool skippable(const char *name, const GElf_Shdr *sh)
{
	if (!strcmp(name, ".rela.dyn"))
		return false;
	return !strncmp(name, ".rela", 5) || !strncmp(name, ".rel.", 5) ||
	       !strcmp(name, ".debug_loclists") || !strcmp(name, ".debug_loc") ||
	       !strcmp(name, ".debug_frame") ||
	       ((sh->sh_flags & SHF_EXECINSTR) && !(sh->sh_flags & SHF_WRITE));
}

int deb_vmlinux_sparse(const char *path, const char *pattern, int threads, void **map_out,
		       size_t *size_out, char *member, size_t member_len)
{
	uint64_t moff, msize;
	if (find_data_member(path, &moff, &msize) != 0)
		return 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	struct stat st;
	if (fstat(fd, &st) < 0 || moff > (uint64_t)st.st_size || msize > (uint64_t)st.st_size - moff) {
		ks_error("%s: truncated package: data.tar.xz ends past the end of the file", path);
		close(fd);
		return -1;
	}
	struct xz_blocks xb;
	int ret = xz_blocks_open(&xb, fd, moff, msize, path);
	if (ret != 0) {
		close(fd);
		return ret;
	}
	uint64_t D = 0, S = 0;
	unsigned char head[64];
	size_t head_len = 0;
	ret = find_entry(&xb, pattern, &D, &S, member, member_len, head, &head_len);
	if (ret == 2) {
		/* a symlink named it: the file itself, from the end of the tarball */
		char want[512];
		snprintf(want, sizeof(want), "%s", member);
		ret = find_entry_from_end(&xb, want, pattern, &D, &S, member, member_len);
		if (ret == 0 && xz_blocks_read(&xb, D, S < 64 ? S : 64, head) == 0)
			head_len = S < 64 ? (size_t)S : 64;
		else if (ret == 0)
			ret = -1;
	}

	unsigned char *map = MAP_FAILED;
	Elf *elf = NULL;
	VEC(struct xz_range) ranges = { 0 };
	if (ret != 0)
		goto out;
	ret = 1; /* from here on, anything odd: let the streaming path judge */
	if (S < 64 || D > xb.usize || S > xb.usize - D || S > ((uint64_t)1 << 40))
		goto out;
	map = mmap(NULL, S, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (map == MAP_FAILED)
		goto out;
	madvise(map, S, MADV_HUGEPAGE);
	if (head_len == 64)
		memcpy(map, head, 64);
	else if (xz_blocks_read(&xb, D, 64, map) < 0) {
		ret = -1;
		goto out;
	}
	if (memcmp(map, ELFMAG, SELFMAG))
		goto out;
	bool is64 = map[EI_CLASS] == ELFCLASS64, be = map[EI_DATA] == ELFDATA2MSB;
	uint64_t shoff = is64 ? get(map + 0x28, 8, be) : get(map + 0x20, 4, be);
	uint64_t shentsize = get(map + (is64 ? 0x3a : 0x2e), 2, be);
	uint64_t shnum = get(map + (is64 ? 0x3c : 0x30), 2, be);
	if (shnum == 0 || shentsize == 0 || shoff > S || shnum * shentsize > S - shoff)
		goto out;
	if (xz_blocks_read(&xb, D + shoff, shnum * shentsize, map + shoff) < 0) {
		ret = -1;
		goto out;
	}
	elf_version(EV_CURRENT);
	elf = elf_memory((char *)map, S);
	size_t shstrndx;
	GElf_Shdr sh;
	Elf_Scn *strscn;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) < 0 || !(strscn = elf_getscn(elf, shstrndx)) ||
	    !gelf_getshdr(strscn, &sh) || sh.sh_offset > S || sh.sh_size > S - sh.sh_offset)
		goto out;
	if (xz_blocks_read(&xb, D + sh.sh_offset, sh.sh_size, map + sh.sh_offset) < 0) {
		ret = -1;
		goto out;
	}
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		if (!gelf_getshdr(scn, &sh))
			goto out;
		const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0 || !name || skippable(name, &sh))
			continue;
		if (sh.sh_offset > S || sh.sh_size > S - sh.sh_offset)
			goto out;
		struct xz_range r = { D + sh.sh_offset, sh.sh_size };
		vec_push(&ranges, r);
	}
	if (xz_blocks_fill(&xb, ranges.v, ranges.n, D, map, S, threads) < 0) {
		ret = -1;
		goto out;
	}
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	vec_free(&ranges);
	xz_blocks_close(&xb);
	close(fd);
	if (ret == 0) {
		*map_out = map;
		*size_out = S;
	} else if (map != MAP_FAILED) {
		munmap(map, S);
	}
	return ret;
}
