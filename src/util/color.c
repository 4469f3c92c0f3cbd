#include "util/color.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum color_when chosen = COLOR_AUTO;
static int decided = -1; /* -1 not yet, else 0 or 1 */

int color_when_parse(const char *arg)
{
	if (!arg || !strcmp(arg, "always"))
		return COLOR_ALWAYS;
	if (!strcmp(arg, "never"))
		return COLOR_NEVER;
	if (!strcmp(arg, "auto"))
		return COLOR_AUTO;
	return -1;
}

void color_choose(enum color_when when)
{
	chosen = when;
}

static bool auto_on(void)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	if (no && *no)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(STDOUT_FILENO);
}

bool color_on(void)
{
	if (decided < 0)
		decided = chosen == COLOR_ALWAYS ? 1 : chosen == COLOR_NEVER ? 0 : auto_on();
	return decided;
}

const char *color(const char *seq)
{
	return color_on() ? seq : "";
}
