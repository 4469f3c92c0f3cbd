/* config_text.h — a kernel .config as text: from a file, gzip-compressed or not. */
#ifndef KSURF_CONFIG_CONFIG_TEXT_H
#define KSURF_CONFIG_CONFIG_TEXT_H
#include <stddef.h>

/* The whole text of PATH (/proc/config.gz is gzip) in *OUT (malloc'd, NUL-
 * terminated).  It must look like a kernel config.  -1 after an error line. */
int config_text_read(const char *path, char **out, size_t *len);

#endif
