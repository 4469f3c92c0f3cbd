/* fuzz_type_diff.c — libFuzzer target: the type diff and rendering over
 * fuzzed types (src/diff/type_diff.c, src/types/type_render.c), as the
 * report pages and `ksurf diff` run them on stored types.  The input is two
 * normalized types as JSON, one per line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diff/type_diff.h"
#include "types/type_render.h"
#include "util/json_parse.h"
#include "util/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	if (!nl)
		return 0;
	struct arena a = { 0 };
	struct jv old, new;
	char err[64];
	if (json_parse(text, (size_t)(nl - text), &a, &old, err, sizeof(err)) == 0 &&
	    json_parse(nl + 1, size - (size_t)(nl + 1 - text), &a, &new, err, sizeof(err)) == 0) {
		diff_changes ch = { 0 };
		diff_types(&old, &new, &ch);
		diff_changes_free(&ch);
		struct strbuf sb = { 0 };
		render_definition(&sb, &old);
		render_type(&sb, &new);
		render_decl(&sb, &new, "x");
		sb_free(&sb);
	}
	arena_free(&a);
	return 0;
}
