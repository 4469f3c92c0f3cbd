/* whole_file.h — files that appear whole or not at all.
 *
 * A file is written into a temporary file beside it, ".NAME.tmp-XXXXXX",
 * created with O_EXCL (never through a symbolic link planted at either name)
 * and held under flock() while written, then renamed over NAME.  A writer
 * that dies leaves its temporary file unlocked: whole_sweep removes those. */
#ifndef KSURF_UTIL_WHOLE_FILE_H
#define KSURF_UTIL_WHOLE_FILE_H
#include <stddef.h>
#include <stdio.h>

struct whole_file {
	FILE *f;
	char tmp[4200];
	const char *path;
};

/* 0 with W->f open for writing; -1 with errno. */
int whole_open(struct whole_file *w, const char *path);
/* Close and rename into place: 0; -1 with errno (the temporary removed). */
int whole_commit(struct whole_file *w);
/* Close and remove the temporary file. */
void whole_abort(struct whole_file *w);

/* DATA as PATH's whole content: 0; -1 with errno. */
int whole_write(const char *path, const char *data, size_t len);

/* Remove the temporary files of dead writers in DIR (not below it): how many. */
size_t whole_sweep(const char *dir);

#endif
