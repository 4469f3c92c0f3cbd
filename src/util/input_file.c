#include "util/input_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

static const char *what(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
	       : S_ISSOCK(m) ? "a socket" : S_ISDIR(m) ? "a directory" : "not a plain file";
}

static int open_input(const char *path, int extra)
{
	/* O_NONBLOCK: opening a FIFO without a writer returns at once */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | extra);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP && (extra & O_NOFOLLOW))
			ks_error("%s: a symbolic link (only the directory's own files are read)", path);
		else
			ks_error("%s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		ks_error("%s: not a regular file (%s)", path, what(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int input_open(const char *path)
{
	return open_input(path, 0);
}

int input_open_here(const char *path)
{
	return open_input(path, O_NOFOLLOW);
}
