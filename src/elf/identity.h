/* identity.h — what an image is: release, version, ABI, flavor, arch, compiler. */
#ifndef KSURF_ELF_IDENTITY_H
#define KSURF_ELF_IDENTITY_H
#include "elf/elf_file.h"
#include "surface/surface.h"

/*
 * Fill S->info from the image: linux_banner (needs S->symbols), the ELF
 * header and .comment.  NAME, when given, overrides the derived dataset name.
 */
void ks_identify_image(struct ks_elf *ef, struct ks_surface *s, const char *name);

/*
 * Fill the identity fields of S->info from a linux_banner-style BANNER
 * ("Linux version RELEASE ..."; may be NULL), or RELEASE when given, and
 * ARCH (Debian name, "" when unknown).  NAME, when given, is the dataset name.
 */
void ks_identify_release(struct ks_surface *s, const char *banner, const char *release,
			 const char *arch, const char *name);

/*
 * Split a kernel release string into version base, ABI number and flavor:
 * "6.1.0-56-cloud-amd64" -> "6.1.0", "56", "cloud";  "5.4.0-26-generic" ->
 * "5.4.0", "26", "generic";  "6.12.48+deb12-amd64" -> "6.12.48+deb12", "", "generic";
 * "6.1.0-50-686-pae" -> "6.1.0", "50", "686-pae".  A Debian suffix that only
 * names the arch (amd64, arm64, s390x, powerpc64le, ...) is "generic",
 * cloud-ARCH "cloud", rt-ARCH "rt"; any other suffix is the flavor itself
 * (rt-686-pae, armmp, octeon).  Strings go to A.
 */
void ks_parse_release(struct arena *a, const char *release, const char **base, const char **abi,
		      const char **flavor);

#endif
