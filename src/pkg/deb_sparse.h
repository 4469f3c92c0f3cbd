/* deb_sparse.h — a kernel debug package's vmlinux, decoding only what ksurf reads. */
#ifndef KSURF_PKG_DEB_SPARSE_H
#define KSURF_PKG_DEB_SPARSE_H
#include <stddef.h>

/*
 * The first file of PATH's data.tar.xz matching PATTERN (an ELF image) as an
 * anonymous mapping of its size (*MAP_OUT, *SIZE_OUT; munmap it) holding its
 * headers and every section but relocations, location lists, frame tables
 * and code, decoded on THREADS threads; its path in MEMBER.  Returns 0; 1
 * when this does not apply (no data.tar.xz, a single xz block, no such file,
 * not an ELF, an odd layout: stream the package instead); -1 after an error
 * line (damaged xz data).
 */
int deb_vmlinux_sparse(const char *path, const char *pattern, int threads, void **map_out,
		       size_t *size_out, char *member, size_t member_len);

#endif
