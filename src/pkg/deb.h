/* deb.h — Debian/Ubuntu binary packages (.deb, .ddeb), read as streams.
 *
 * A package is an `ar` archive: debian-binary, control.tar.*, data.tar.*.
 * libarchive reads the ar and tar layers and the gzip, bzip2 and zstd
 * filters; a data.tar.xz is decoded with liblzma's multi-threaded decoder
 * (Debian's streams have dozens of blocks), which libarchive does not use.
 * Reading stops as soon as the wanted member is out: a kernel debug
 * package's vmlinux sits near the start of its 2-5 GB tarball.
 */
#ifndef KSURF_PKG_DEB_H
#define KSURF_PKG_DEB_H
#include <stdbool.h>
#include <stddef.h>

struct deb_control {
	char package[160];
	char version[96];
	char architecture[32];
};

/* The control fields of PATH.  -1 after an error line naming PATH. */
int deb_read_control(const char *path, struct deb_control *c);

/* Whether NAME (a path inside a package, without "./") matches one of the
 * fnmatch patterns of PATTERNS, separated by '|'. */
bool deb_path_matches(const char *patterns, const char *name);

/*
 * Write the first file of PATH's data whose path (without a leading "./")
 * matches one of the fnmatch PATTERNS ('|' between them) to OUT_FD, and its path to MEMBER (size
 * MEMBER_LEN).  Returns 0, 1 when no file matches (nothing printed), or -1
 * after an error line naming PATH (a damaged or truncated package, a member
 * cut short, a write error).
 */
int deb_extract(const char *path, const char *pattern, int out_fd, char *member,
		size_t member_len);

/*
 * The kernel release a kernel package is for, from its package name:
 * linux-image-6.1.0-56-cloud-amd64-dbg, linux-image-6.1.0-56-amd64-unsigned,
 * linux-image-unsigned-5.4.0-26-generic-dbgsym, linux-base-7.2.13+deb14-amd64
 * (the 7.x packages' config) -> the release; *IS_DEBUG tells a debug-symbols
 * package from a package giving the config.  false when not a kernel package.
 */
bool deb_kernel_release(const char *package, char *release, size_t len, bool *is_debug);

#endif
