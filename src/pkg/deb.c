#include "pkg/deb.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fnmatch.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/xalloc.h"

#define IN_SIZE (1 << 16)
#define OUT_SIZE (1 << 20)

/* The ar archive of PATH, positioned before its first member; NULL after an error line. */
static struct archive *open_package(const char *path)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_ar(a);
	if (archive_read_open_filename(a, path, 1 << 20) != ARCHIVE_OK) {
		int e = archive_errno(a);
		ks_error("%s: %s", path,
			 e > 0 ? strerror(e) : archive_error_string(a) ? archive_error_string(a) : "cannot open");
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* The next ar member whose name starts with PREFIX: 0, 1 when none, -1 after an error line. */
static int next_member(struct archive *a, const char *path, const char *prefix, char *name,
		       size_t len)
{
	struct archive_entry *e;
	int r;
	bool any = false;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		any = true;
		const char *n = archive_entry_pathname(e);
		if (n && !strncmp(n, prefix, strlen(prefix))) {
			snprintf(name, len, "%s", n);
			return 0;
		}
	}
	if (r == ARCHIVE_EOF)
		return 1;
	ks_error("%s: %s (%s)", path, any ? "damaged package" : "not a Debian package",
		 archive_error_string(a) ? archive_error_string(a) : "unreadable");
	return -1;
}

/* Bytes of an ar member, decompressed by liblzma when it is .xz, for libarchive's tar reader. */
struct member_src {
	struct archive *outer;
	bool xz, in_eof, lz_end;
	lzma_stream lz;
	unsigned char *in, *out;
};

static la_ssize_t member_read(struct archive *a, void *data, const void **buf)
{
	struct member_src *src = data;
	if (!src->xz) {
		la_ssize_t n = archive_read_data(src->outer, src->in, IN_SIZE);
		if (n < 0)
			archive_set_error(a, EIO, "%s", archive_error_string(src->outer));
		*buf = src->in;
		return n;
	}
	if (src->lz_end)
		return 0;
	src->lz.next_out = src->out;
	src->lz.avail_out = OUT_SIZE;
	while (src->lz.avail_out == OUT_SIZE) {
		if (src->lz.avail_in == 0 && !src->in_eof) {
			la_ssize_t n = archive_read_data(src->outer, src->in, IN_SIZE);
			if (n < 0) {
				archive_set_error(a, EIO, "%s", archive_error_string(src->outer));
				return -1;
			}
			src->in_eof = n == 0;
			src->lz.next_in = src->in;
			src->lz.avail_in = (size_t)n;
		}
		lzma_ret r = lzma_code(&src->lz, src->in_eof ? LZMA_FINISH : LZMA_RUN);
		if (r == LZMA_STREAM_END) {
			src->lz_end = true;
			break;
		}
		if (r != LZMA_OK) {
			archive_set_error(a, EIO, "xz: %s",
					  r == LZMA_BUF_ERROR ? "compressed data cut short"
					  : r == LZMA_DATA_ERROR ? "compressed data is corrupt"
					  : r == LZMA_FORMAT_ERROR ? "not xz data"
					  : r == LZMA_MEM_ERROR ? "out of memory" : "decoder error");
			return -1;
		}
	}
	*buf = src->out;
	return (la_ssize_t)(OUT_SIZE - src->lz.avail_out);
}

/* A tar reader over the current ar member (a compressed tarball); NULL after an error line. */
static struct archive *open_member_tar(struct archive *outer, const char *path, const char *name,
				       struct member_src *src)
{
	memset(src, 0, sizeof(*src));
	src->outer = outer;
	src->in = xmalloc(IN_SIZE);
	size_t nl = strlen(name);
	src->xz = nl > 3 && !strcmp(name + nl - 3, ".xz");
	if (src->xz) {
		src->out = xmalloc(OUT_SIZE);
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		uint64_t mem = lzma_physmem() / 4;
		lzma_mt mt = {
			.flags = LZMA_CONCATENATED,
			.threads = cpus > 0 ? (uint32_t)cpus : 1,
			.memlimit_threading = mem ? mem : (uint64_t)1 << 30,
			.memlimit_stop = UINT64_MAX,
		};
		src->lz = (lzma_stream)LZMA_STREAM_INIT;
		if (lzma_stream_decoder_mt(&src->lz, &mt) != LZMA_OK) {
			ks_error("%s: cannot start the xz decoder", path);
			return NULL;
		}
	}
	struct archive *t = archive_read_new();
	archive_read_support_format_tar(t);
	if (!src->xz)
		archive_read_support_filter_all(t);
	if (archive_read_open(t, src, NULL, member_read, NULL) != ARCHIVE_OK) {
		ks_error("%s: %s: %s", path, name,
			 archive_error_string(t) ? archive_error_string(t) : "unreadable");
		archive_read_free(t);
		return NULL;
	}
	return t;
}

static void close_member_tar(struct archive *t, struct member_src *src)
{
	if (t)
		archive_read_free(t);
	if (src->xz)
		lzma_end(&src->lz);
	free(src->in);
	free(src->out);
}

bool deb_path_matches(const char *patterns, const char *name)
{
	char one[512];
	for (const char *p = patterns; *p;) {
		size_t n = strcspn(p, "|");
		if (n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = '\0';
			if (!fnmatch(one, name, FNM_PATHNAME))
				return true;
		}
		p += n + (p[n] == '|');
	}
	return false;
}

static const char *strip_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/*
 * In the tar T, the first regular file matching PATTERN (alternatives
 * separated by '|'): its data handed to
 * SINK.  0, 1 when none matches, -1 after an error line.
 */
static int find_file(struct archive *t, const char *path, const char *member, const char *pattern,
		     int (*sink)(const void *buf, size_t n, void *arg), void *arg, char *found,
		     size_t found_len)
{
	struct archive_entry *e;
	int r;
	while ((r = archive_read_next_header(t, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		const char *name = strip_dot(archive_entry_pathname(e) ? archive_entry_pathname(e) : "");
		if (archive_entry_filetype(e) != AE_IFREG || !deb_path_matches(pattern, name))
			continue;
		snprintf(found, found_len, "%s", name);
		int64_t want = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
		int64_t got = 0;
		const void *buf;
		size_t n;
		la_int64_t off;
		while ((r = archive_read_data_block(t, &buf, &n, &off)) == ARCHIVE_OK) {
			if (sink(buf, n, arg) < 0) {
				ks_error("%s: writing %s out: %s", path, name, strerror(errno));
				return -1;
			}
			got += (int64_t)n;
		}
		if (r != ARCHIVE_EOF || (want >= 0 && got != want)) {
			ks_error("%s: %s is cut short (%lld of %lld bytes): %s", path, name,
				 (long long)got, (long long)want,
				 archive_error_string(t) ? archive_error_string(t) : "truncated package");
			return -1;
		}
		return 0;
	}
	if (r == ARCHIVE_EOF)
		return 1;
	ks_error("%s: damaged package: %s: %s", path, member,
		 archive_error_string(t) ? archive_error_string(t) : "unreadable");
	return -1;
}

static int write_fd(const void *buf, size_t n, void *arg)
{
	int fd = *(int *)arg;
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int deb_extract(const char *path, const char *pattern, int out_fd, char *member,
		size_t member_len)
{
	struct archive *a = open_package(path);
	if (!a)
		return -1;
	char name[256];
	int r = next_member(a, path, "data.tar", name, sizeof(name));
	if (r == 1) {
		ks_error("%s: not a Debian package (no data.tar member)", path);
		r = -1;
	}
	if (r == 0) {
		struct member_src src;
		struct archive *t = open_member_tar(a, path, name, &src);
		r = t ? find_file(t, path, name, pattern, write_fd, &out_fd, member, member_len) : -1;
		close_member_tar(t, &src);
	}
	archive_read_free(a);
	return r;
}

struct text {
	char buf[1 << 16];
	size_t n;
};

static int append_text(const void *buf, size_t n, void *arg)
{
	struct text *t = arg;
	if (n > sizeof(t->buf) - 1 - t->n)
		n = sizeof(t->buf) - 1 - t->n;
	memcpy(t->buf + t->n, buf, n);
	t->n += n;
	return 0;
}

static void field(const char *text, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == ':') {
			const char *v = p + kl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			size_t vl = strcspn(v, "\r\n");
			snprintf(out, len, "%.*s", (int)vl, v);
			return;
		}
	}
	out[0] = '\0';
}

int deb_read_control(const char *path, struct deb_control *c)
{
	memset(c, 0, sizeof(*c));
	struct archive *a = open_package(path);
	if (!a)
		return -1;
	char name[256], found[256];
	int r = next_member(a, path, "control.tar", name, sizeof(name));
	if (r == 1) {
		ks_error("%s: not a Debian package (no control.tar member)", path);
		r = -1;
	}
	struct text *text = NULL;
	if (r == 0) {
		struct member_src src;
		text = xcalloc(1, sizeof(*text));
		/* small: libarchive's own (single-threaded) xz filter will do */
		struct archive *t = archive_read_new();
		archive_read_support_format_tar(t);
		archive_read_support_filter_all(t);
		memset(&src, 0, sizeof(src));
		src.outer = a;
		src.in = xmalloc(IN_SIZE);
		if (archive_read_open(t, &src, NULL, member_read, NULL) != ARCHIVE_OK) {
			ks_error("%s: damaged package: %s: %s", path, name,
				 archive_error_string(t) ? archive_error_string(t) : "unreadable");
			r = -1;
		} else {
			r = find_file(t, path, name, "control", append_text, text, found, sizeof(found));
			if (r == 1) {
				ks_error("%s: damaged package: %s has no control file", path, name);
				r = -1;
			}
		}
		archive_read_free(t);
		free(src.in);
	}
	if (r == 0) {
		field(text->buf, "Package", c->package, sizeof(c->package));
		field(text->buf, "Version", c->version, sizeof(c->version));
		field(text->buf, "Architecture", c->architecture, sizeof(c->architecture));
		if (!c->package[0]) {
			ks_error("%s: damaged package: no Package field", path);
			r = -1;
		}
	}
	free(text);
	archive_read_free(a);
	return r;
}

bool deb_kernel_release(const char *package, char *release, size_t len, bool *is_debug)
{
	const char *p = package;
	if (!strncmp(p, "linux-base-", 11)) {
		/* 7.x: linux-base-R holds the config linux-image-R held before */
		p += 11;
		*is_debug = false;
		size_t n = strlen(p);
		if (n == 0 || p[0] < '0' || p[0] > '9' || n >= len)
			return false;
		memcpy(release, p, n + 1);
		return true;
	}
	if (strncmp(p, "linux-image-", 12))
		return false;
	p += 12;
	if (!strncmp(p, "unsigned-", 9))
		p += 9;
	size_t n = strlen(p);
	*is_debug = false;
	static const char *const debug_suffixes[] = { "-dbgsym", "-dbg" };
	for (int i = 0; i < 2; i++) {
		size_t sl = strlen(debug_suffixes[i]);
		if (n > sl && !strcmp(p + n - sl, debug_suffixes[i])) {
			n -= sl;
			*is_debug = true;
			break;
		}
	}
	if (n > 9 && !strncmp(p + n - 9, "-unsigned", 9))
		n -= 9;
	/* a release starts with a digit: not linux-image-amd64 (a meta-package) */
	if (n == 0 || p[0] < '0' || p[0] > '9' || n >= len)
		return false;
	memcpy(release, p, n);
	release[n] = '\0';
	return true;
}
