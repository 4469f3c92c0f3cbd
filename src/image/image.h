/* image.h — reading one kernel image, of any kind, into a surface.
 *
 *   vmlinux   an ELF with .symtab and DWARF: symbols, function entries and
 *             groups, identity, and types from .BTF (or pahole)
 *   btf       a raw BTF file (/sys/kernel/btf/vmlinux, BTFHub): types only
 *   deb       a kernel debug package: its vmlinux, streamed out (src/pkg/)
 *   running   the running kernel: /sys/kernel/btf/vmlinux, /proc/kallsyms
 *             (groups derived from symbols), /proc/version, its config
 */
#ifndef KSURF_IMAGE_IMAGE_H
#define KSURF_IMAGE_IMAGE_H
#include <stdbool.h>

#include "elf/elf_file.h"
#include "surface/surface.h"

struct image_opts {
	const char *name;   /* dataset name, or NULL to derive it */
	const char *config; /* a .config file (plain or gzip), or NULL */
	int jobs;           /* DWARF threads, 0: online CPUs */
	bool no_types;      /* vmlinux: skip BTF types */
	/* asked as soon as the image's name is known, before the long work:
	 * non-zero stops the read (after an error line of its own) */
	int (*name_check)(const char *name, void *arg);
	void *name_arg;
};

enum image_kind { IMAGE_VMLINUX, IMAGE_BTF, IMAGE_DEB };

/* What PATH holds, by its first bytes; -1 after an error line. */
int image_sniff(const char *path, enum image_kind *kind);

/* Each reader returns -1 after an error line (O->name_check's included). */

/* EF stays open while S is used (S points into its mapping). */
int image_read_vmlinux(struct ks_elf *ef, const struct image_opts *o, struct ks_surface *s);
int image_read_btf(const char *path, const struct image_opts *o, struct ks_surface *s);
int image_read_running(const struct image_opts *o, struct ks_surface *s);

/*
 * A kernel debug package (.deb/.ddeb): its usr/lib/debug/boot/vmlinux-* is
 * streamed out to a temporary file in $TMPDIR (removed once mapped), then read
 * as a vmlinux into EF and S.  CONFIG_PKG, when not NULL, is the image package
 * of the same release, whose boot/config-RELEASE becomes the image's config.
 */
int image_read_deb(const char *path, const char *config_pkg, const struct image_opts *o,
		   struct ks_elf *ef, struct ks_surface *s);

#endif
