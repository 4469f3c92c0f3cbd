/* fuzz_line_files.c — libFuzzer target: .debug_line headers (src/dwarf/line_files.c).
 * The input is the section; the first byte picks the byte order, the next
 * ones the unit offset. */
#include <stddef.h>
#include <stdint.h>

#include "dwarf/line_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	struct line_sections ls = { .line = data + 3, .line_len = size - 3,
				    .line_str = data + 3, .line_str_len = size - 3,
				    .str = data + 3, .str_len = size - 3, .big_endian = data[0] & 1 };
	line_file_vec v = { 0 };
	char buf[4096];
	if (line_files_read(&ls, (uint64_t)(data[1] | data[2] << 8) % (size - 2), "/comp", &v) == 0)
		for (size_t i = 0; i < v.n; i++)
			line_file_path(&v.v[i], buf, sizeof(buf));
	vec_free(&v);
	return 0;
}
