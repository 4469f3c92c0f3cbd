/* pager.h — long output to a terminal through a pager, as git does.
 *
 * The pager is $KSURF_PAGER, else $PAGER, else "less -FRX" (one screen or
 * less is printed as it is; colours pass); an empty one or "cat" is none.
 * Never when stdout is no terminal (piped, redirected), nor after
 * pager_disable() (--no-pager).  LESS=FRX is set when LESS is unset, for a
 * $PAGER that is less.
 */
#ifndef KSURF_UTIL_PAGER_H
#define KSURF_UTIL_PAGER_H
#include <stdbool.h>

/* No pager for this run (the global or a command's --no-pager). */
void pager_disable(void);

/* Send stdout (and stderr when it is the same terminal) to the pager, when
 * the rule above says so: after the options, before the first output.  The
 * colour decision (util/color.h) is taken first, on the terminal. */
void pager_start(void);

/* The pager has all of the output: wait for it (the user quitting it).
 * Nothing when none runs. */
void pager_finish(void);

#endif
