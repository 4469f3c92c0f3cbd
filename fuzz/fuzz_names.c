/* fuzz_names.c — libFuzzer target: the rules for names from untrusted input.
 * The input is two names split at its first NUL.  Checked, not only run:
 *   site file names (src/site/site_html.c) are one per name: two different
 *   names never share a file; a file name has no '/', does not start with
 *   '.', and fits a file system's 255 bytes;
 *   HTML escaping (src/util/text_esc.c) leaves no markup character and no
 *   control byte; the visible form leaves no control byte;
 *   the image-name rule (src/surface) runs on both.
 * A broken rule aborts: libFuzzer reports it as a crash. */
#include <stdlib.h>

#include "site/site_html.h"
#include "surface/surface.h"
#include "util/strbuf.h"
#include "util/text_esc.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return 0;
}

static void file_name_ok(const char *file)
{
	size_t n = strlen(file);
	if (n > 255 || strchr(file, '/') || file[0] == '.')
		abort();
}

static void escaped_ok(const char *name)
{
	struct strbuf h = { 0 }, v = { 0 };
	sb_add_html(&h, name);
	sb_add_visible(&v, name, strlen(name), false);
	for (const unsigned char *p = (const unsigned char *)sb_str(&h); *p; p++)
		if (*p == '<' || *p == '>' || *p == '"' || *p == '\'' || *p < 0x20 || *p == 0x7f)
			abort();
	for (const unsigned char *p = (const unsigned char *)sb_str(&v); *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			abort();
	sb_free(&h);
	sb_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = malloc(size + 1);
	memcpy(a, data, size);
	a[size] = 0;
	size_t la = strlen(a);
	const char *b = la < size ? a + la + 1 : "";
	struct strbuf fa = { 0 }, fb = { 0 };
	site_file_name(&fa, a);
	site_file_name(&fb, b);
	file_name_ok(sb_str(&fa));
	file_name_ok(sb_str(&fb));
	if (strcmp(a, b) && !strcmp(sb_str(&fa), sb_str(&fb)))
		abort(); /* two names, one page */
	escaped_ok(a);
	escaped_ok(b);
	(void)ks_image_name_problem(a);
	(void)ks_image_name_problem(b);
	sb_free(&fa);
	sb_free(&fb);
	free(a);
	return 0;
}
