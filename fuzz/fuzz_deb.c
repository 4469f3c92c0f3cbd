/* fuzz_deb.c — libFuzzer target: a kernel package from its bytes (src/pkg:
 * the ar archive, control and data tarballs through libarchive, the xz index
 * and block-by-block decoding, the sparse vmlinux reader).  Seeds: the
 * fixture packages. */
#include <stdlib.h>

#include "pkg/deb.h"
#include "pkg/deb_sparse.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{

	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], member[512];
	int fd = fuzz_file(data, size, path);
	if (fd < 0)
		return 0;
	struct deb_control c;
	deb_read_control(path, &c);
	int out = memfd_create("out", 0);
	if (out >= 0) {
		deb_extract(path, "usr/lib/debug/boot/vmlinux-*", out, member, sizeof(member));
		close(out);
	}
	void *map;
	size_t len;
	if (deb_vmlinux_sparse(path, "usr/lib/debug/boot/vmlinux-*", 1, &map, &len, member,
			       sizeof(member)) == 0)
		munmap(map, len);
	close(fd);
	return 0;
}
