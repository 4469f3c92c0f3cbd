/* btf_source.h — an image's BTF, from wherever it comes, checked before use.
 *
 * Sources: the .BTF section of a vmlinux; a raw BTF file such as
 * /sys/kernel/btf/vmlinux or a BTFHub file; for a vmlinux with DWARF but no
 * .BTF, BTF that `pahole --btf_encode_detached` generates.  libbpf parses the
 * bytes (either byte order); each of these then checks (check_types in
 * btf_source.c) that every type id and string offset a type holds is in
 * range, which libbpf 1.1 does not, so nothing downstream can follow a bad
 * reference.
 */
#ifndef KSURF_BTF_BTF_SOURCE_H
#define KSURF_BTF_BTF_SOURCE_H
#include <stddef.h>

struct btf;

/* BTF from SIZE bytes at DATA (copied).  WHAT names the source in errors. */
struct btf *btf_source_bytes(const void *data, size_t size, const char *what);

/* BTF from a raw BTF file. */
struct btf *btf_source_file(const char *path);

/* BTF generated from the DWARF of the file VMLINUX (named WHAT in errors) with
 * pahole into a temporary file. */
struct btf *btf_source_pahole(const char *vmlinux, const char *what);

#endif
