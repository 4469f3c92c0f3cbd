/* color.h — whether ksurf's own output is coloured, decided once.
 *
 * The rule (git's): --color=always colours, --color=never does not, and auto
 * (the default) colours when stdout is a terminal, NO_COLOR is unset or empty
 * and TERM is not "dumb".  The global `ksurf --color=WHEN COMMAND` sets the
 * choice, a command's own --color[=WHEN] overrides it; the first color_on()
 * fixes the decision for the rest of the run (a pager started later does not
 * change it).  Only the colour differs: coloured and plain output carry the
 * same text.
 */
#ifndef KSURF_UTIL_COLOR_H
#define KSURF_UTIL_COLOR_H
#include <stdbool.h>

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define COLOR_RED "\033[31m"
#define COLOR_GREEN "\033[32m"
#define COLOR_YELLOW "\033[33m"
#define COLOR_CYAN "\033[36m"
#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"

/* "auto", "always" or "never" (NULL, a bare --color: always); -1 for another word. */
int color_when_parse(const char *arg);

/* The choice of an option; the last before the first color_on() wins. */
void color_choose(enum color_when when);

/* Whether to colour: decided at the first call, the same answer after. */
bool color_on(void);

/* SEQ when colouring, else "". */
const char *color(const char *seq);

/* The --help lines of a command's --color option. */
#define COLOR_OPTION_HELP                                                              \
	"  --color[=WHEN]  colour: auto (the default: on a terminal, unless NO_COLOR is\n" \
	"                  set), always (also when piped), never; the text is the same\n"

#endif
