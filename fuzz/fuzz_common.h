/* fuzz_common.h — helpers the libFuzzer targets share: the input as a file
 * (memfd: the parsers that take a path read /proc/self/fd/N), an anonymous
 * mapping for the readers that own and unmap theirs.  (Error lines are silenced
 * by run.sh with -close_fd_mask=2: libFuzzer keeps its own copy of stderr.) */
#ifndef KSURF_FUZZ_COMMON_H
#define KSURF_FUZZ_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* DATA as a file; its path in PATH (64 bytes); the descriptor, -1 on failure. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* DATA copied into an anonymous mapping (munmap'd by its reader). */
static inline void *fuzz_mapping(const uint8_t *data, size_t size)
{
	void *m = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	memcpy(m, data, size);
	return m;
}

#endif
