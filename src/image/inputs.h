/* inputs.h — the inputs of `ksurf add`, sorted and paired before any is read.
 *
 * A Debian kernel comes in two packages: the debug package
 * (linux-image-RELEASE-dbg; Ubuntu's linux-image-RELEASE-dbgsym .ddeb) holds
 * the vmlinux, the image package (linux-image-RELEASE[-unsigned], or
 * linux-base-RELEASE for 7.x) the config.  Given together they are one image.
 */
#ifndef KSURF_IMAGE_INPUTS_H
#define KSURF_IMAGE_INPUTS_H
#include <stdbool.h>
#include <stddef.h>

#include "image/image.h"

struct image_input {
	const char *path;
	enum image_kind kind;   /* what PATH holds (image_sniff) */
	const char *config_pkg; /* a debug package: the image package of its
				 * release (its config), or NULL */
};

/*
 * Sort the N inputs of IN, of which only PATH is set: each one's kind is
 * sniffed and a package's control fields are read.  An image package is no
 * input of its own but the CONFIG_PKG of the debug packages of its release
 * (the last such image package given, if several).  Dropped, each after an
 * error line naming it: an input that cannot be read, a package that is no
 * kernel image or debug package, an image package without the debug package
 * of its release.  The kept inputs move to the front of IN in their order;
 * returns how many, and sets *FAILED when one was dropped (leaves it as it
 * was otherwise).
 */
size_t image_pair_inputs(struct image_input *in, size_t n, bool *failed);

#endif
