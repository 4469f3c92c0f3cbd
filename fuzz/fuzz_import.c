/* fuzz_import.c — libFuzzer target: `ksurf import` of one image in the
 * published layout (src/import: every per-image file, JSON lines through
 * src/util/json_parse.c).  The input is split at "\n--\n" into the files
 * image/F.json, func_groups/F.jsonl, symtab/F.jsonl, types_struct/F.jsonl,
 * tracepoints/F.jsonl, syscalls/F.json, written into a scratch directory. */
#include <stdlib.h>
#include <sys/stat.h>

#include "import/import.h"
#include "surface/surface.h"
#include "fuzz_common.h"

static char dir[64];
static const char *const files[] = { "image/F.json", "func_groups/F.jsonl", "symtab/F.jsonl",
				     "types_struct/F.jsonl", "tracepoints/F.jsonl", "syscalls/F.json" };
#define N_FILES (sizeof(files) / sizeof(files[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv)
{

	snprintf(dir, sizeof(dir), "/tmp/ksurf-fuzz-import-%d", (int)getpid());
	mkdir(dir, 0700);
	for (size_t i = 0; i < N_FILES; i++) {
		char d[160];
		snprintf(d, sizeof(d), "%s/%s", dir, files[i]);
		*strchr(d + strlen(dir) + 1, '/') = 0;
		mkdir(d, 0700);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < N_FILES; i++) {
		const uint8_t *sep = p < end ? memmem(p, (size_t)(end - p), "\n--\n", 4) : NULL;
		const uint8_t *e = sep ? sep : end;
		char path[200];
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		FILE *f = fopen(path, "wb");
		if (f) {
			if (e > p)
				fwrite(p, 1, (size_t)(e - p), f);
			fclose(f);
		}
		p = sep ? sep + 4 : end;
	}
	struct ks_surface s;
	memset(&s, 0, sizeof(s));
	import_image(dir, "F", &s);
	surface_free(&s);
	return 0;
}
