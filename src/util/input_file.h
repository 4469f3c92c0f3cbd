/* input_file.h — opening a file ksurf reads as input: a regular file only.
 *
 * A FIFO would block open() forever and a device (/dev/zero, also behind a
 * symlink) never ends; both are refused before a byte is read. */
#ifndef KSURF_UTIL_INPUT_FILE_H
#define KSURF_UTIL_INPUT_FILE_H

/* A descriptor (blocking, close-on-exec) of the regular file PATH; -1 after an
 * error line naming PATH ("not a regular file (a FIFO)", ...), errno kept for
 * a missing file (ENOENT). */
int input_open(const char *path);

/* The same for a file found inside a directory ksurf reads (import): a
 * symbolic link is refused too, never followed out of the directory. */
int input_open_here(const char *path);

#endif
