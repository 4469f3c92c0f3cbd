#include "config/config_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "util/error.h"
#include "util/input_file.h"
#include "util/xalloc.h"


int config_text_read(const char *path, char **out, size_t *len)
{
	/* gzread reads plain files as they are, and gzip ones decompressed. */
	int fd = input_open(path);
	if (fd < 0)
		return -1;
	gzFile f = gzdopen(fd, "rb");
	if (!f) {
		close(fd);
		ks_error("%s: %s", path, strerror(errno ? errno : ENOMEM));
		return -1;
	}
	size_t cap = 1 << 18, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= CONFIG_TEXT_MAX) {
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
	/* a gzip stream cut short ends like a file: zlib tells them apart here */
	int e = Z_OK;
	const char *why = gzerror(f, &e);
	if (e != Z_OK) {
		const char *colon = !strncmp(why, "<fd:", 4) ? strstr(why, ": ") : NULL;
		ks_error("%s: %s (a truncated or damaged gzip file)", path, colon ? colon + 2 : why);
		goto fail;
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

int config_text_from_gzip(const void *data, size_t len, const char *what, char **out,
			  size_t *out_len)
{
	z_stream z = { 0 };
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		ks_error("%s: cannot start zlib", what);
		return -1;
	}
	size_t cap = 1 << 18, n = 0;
	char *buf = xmalloc(cap + 1);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (n == cap) {
			if (cap >= CONFIG_TEXT_MAX)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		z.next_out = (Bytef *)buf + n;
		z.avail_out = (uInt)(cap - n);
		rc = inflate(&z, Z_NO_FLUSH);
		n = cap - z.avail_out;
	}
	inflateEnd(&z);
	buf[n] = '\0';
	if (rc != Z_STREAM_END || memchr(buf, '\0', n) || !strstr(buf, "CONFIG_")) {
		ks_error("%s: the embedded config (IKCONFIG) does not decompress", what);
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

bool config_next(const char **cursor, struct config_entry *e)
{
	static const char not_set[] = " is not set";
	const size_t ns = sizeof(not_set) - 1;
	for (const char *p = *cursor; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		const char *line = p;
		p = nl ? nl + 1 : NULL;
		*cursor = p;
		size_t eq = strcspn(line, "=\n");
		if (!strncmp(line, "CONFIG_", 7) && eq < l) {
			*e = (struct config_entry){ line, line + eq + 1, eq, l - eq - 1, false };
			return true;
		}
		if (!strncmp(line, "# CONFIG_", 9) && l > 2 + ns && !memcmp(line + l - ns, not_set, ns)) {
			*e = (struct config_entry){ line + 2, line + l, l - 2 - ns, 0, true };
			return true;
		}
	}
	*cursor = NULL;
	return false;
}

size_t config_count_entries(const char *text)
{
	size_t n = 0;
	struct config_entry e;
	for (const char *p = text; config_next(&p, &e);)
		n++;
	return n;
}

int config_lookup(const char *text, const char *name, char *buf, size_t len, bool *not_set)
{
	size_t nl = strlen(name);
	struct config_entry e;
	*not_set = false;
	for (const char *p = text; config_next(&p, &e);) {
		if (e.name_len != nl || memcmp(e.name, name, nl))
			continue;
		if (!e.not_set) {
			snprintf(buf, len, "%.*s", (int)e.value_len, e.value);
			return 1;
		}
		*not_set = true;
	}
	return 0;
}
