#include "config/config_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/error.h"
#include "util/xalloc.h"

#define MAX_CONFIG (64u << 20)

int config_text_read(const char *path, char **out, size_t *len)
{
	/* gzread reads plain files as they are, and gzip ones decompressed. */
	gzFile f = gzopen(path, "rb");
	if (!f) {
		ks_error("%s: %s", path, strerror(errno ? errno : ENOMEM));
		return -1;
	}
	size_t cap = 1 << 18, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= MAX_CONFIG) {
				ks_error("%s: too large for a kernel config", path);
				goto fail;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		int r = gzread(f, buf + n, (unsigned)(cap - n));
		if (r < 0) {
			int e;
			ks_error("%s: %s", path, gzerror(f, &e));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	gzclose(f);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) || (!strstr(buf, "CONFIG_") && n > 0)) {
		ks_error("%s: not a kernel config (no CONFIG_ lines)", path);
		free(buf);
		return -1;
	}
	*out = buf;
	*len = n;
	return 0;
fail:
	gzclose(f);
	free(buf);
	return -1;
}
