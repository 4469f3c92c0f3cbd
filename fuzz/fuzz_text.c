/* fuzz_text.c — libFuzzer target: the text inputs (src/config: a kernel
 * config, plain or gzip; src/running/kallsyms.c: /proc/kallsyms lines).
 * The first byte picks the parser. */
#include <stdlib.h>

#include "config/config_text.h"
#include "running/kallsyms.h"
#include "surface/surface.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{

	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	char path[64];
	int fd = fuzz_file(data + 1, size - 1, path);
	if (fd < 0)
		return 0;
	if (data[0] & 1) {
		char *text = NULL;
		size_t len;
		if (config_text_read(path, &text, &len) == 0)
			free(text);
	} else {
		struct ks_surface s;
		memset(&s, 0, sizeof(s));
		kallsyms_read(path, &s);
		surface_free(&s);
	}
	close(fd);
	return 0;
}
