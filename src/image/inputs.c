/* inputs.c — the inputs of `ksurf add` sorted and paired (inputs.h). */
#include "image/inputs.h"

#include <stdlib.h>
#include <string.h>

#include "pkg/deb.h"
#include "util/error.h"
#include "util/xalloc.h"

/* What one input is, as far as pairing goes. */
struct input_pkg {
	char release[160]; /* a package: the kernel release it is of */
	bool debug;        /* a debug package (else an image package) */
	bool bad;          /* unreadable, or no kernel package: dropped */
};

/* Sniff IN and read a package's control fields into P; -1 after an error line. */
static int read_input(struct image_input *in, struct input_pkg *p)
{
	if (image_sniff(in->path, &in->kind) < 0)
		return -1;
	if (in->kind != IMAGE_DEB)
		return 0;
	struct deb_control c;
	if (deb_read_control(in->path, &c) < 0)
		return -1;
	if (!deb_kernel_release(c.package, p->release, sizeof(p->release), &p->debug)) {
		ks_error("%s: package %s is not a kernel image or debug package", in->path,
			 c.package);
		return -1;
	}
	return 0;
}

/* Whether input I, a package read, is an image package (a config source). */
static bool is_image_pkg(const struct image_input *in, const struct input_pkg *pk, size_t i)
{
	return !pk[i].bad && in[i].kind == IMAGE_DEB && !pk[i].debug;
}

/* The last image package of RELEASE among the N inputs, or NULL. */
static const char *config_pkg_of(const struct image_input *in, const struct input_pkg *pk,
				 size_t n, const char *release)
{
	const char *found = NULL;
	for (size_t k = 0; k < n; k++)
		if (is_image_pkg(in, pk, k) && !strcmp(pk[k].release, release))
			found = in[k].path;
	return found;
}

/* Whether a debug package of RELEASE is among the N inputs. */
static bool has_debug_pkg(const struct image_input *in, const struct input_pkg *pk, size_t n,
			  const char *release)
{
	for (size_t k = 0; k < n; k++)
		if (!pk[k].bad && in[k].kind == IMAGE_DEB && pk[k].debug &&
		    !strcmp(pk[k].release, release))
			return true;
	return false;
}

size_t image_pair_inputs(struct image_input *in, size_t n, bool *failed)
{
	struct input_pkg *pk = xcalloc(n, sizeof(*pk));
	for (size_t i = 0; i < n; i++)
		pk[i].bad = read_input(&in[i], &pk[i]) < 0;
	/* paired while every input is still at its index */
	for (size_t i = 0; i < n; i++)
		if (!pk[i].bad && in[i].kind == IMAGE_DEB && pk[i].debug)
			in[i].config_pkg = config_pkg_of(in, pk, n, pk[i].release);
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (pk[i].bad) {
			*failed = true;
			continue;
		}
		if (is_image_pkg(in, pk, i)) {
			if (!has_debug_pkg(in, pk, n, pk[i].release)) {
				ks_error("%s: an image package without the debug package of its "
					 "release (linux-image-%s-dbg)", in[i].path, pk[i].release);
				*failed = true;
			}
			continue; /* a config source */
		}
		in[out++] = in[i];
	}
	free(pk);
	return out;
}
