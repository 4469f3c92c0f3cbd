#include "util/whole_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_MARK ".tmp-"

int whole_open(struct whole_file *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	w->path = path;
	const char *base = strrchr(path, '/');
	size_t dir_len = base ? (size_t)(base - path + 1) : 0;
	base = base ? base + 1 : path;
	if ((size_t)snprintf(w->tmp, sizeof(w->tmp), "%.*s.%s" TMP_MARK "XXXXXX", (int)dir_len, path,
			     base) >= sizeof(w->tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	size_t len = strlen(w->tmp);
	for (int tries = 0; tries < 8; tries++) {
		memcpy(w->tmp + len - 6, "XXXXXX", 6);
		int fd = mkostemp(w->tmp, O_CLOEXEC); /* O_CREAT | O_EXCL */
		if (fd < 0)
			return -1;
		/* between mkostemp and flock another process's whole_sweep may have
		 * taken it for a dead writer's and removed it: then another name */
		struct stat mine, there;
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &mine) == 0 &&
		    (lstat(w->tmp, &there) < 0 || there.st_ino != mine.st_ino)) {
			close(fd);
			continue;
		}
		if (fchmod(fd, 0644) < 0 || !(w->f = fdopen(fd, "w"))) {
			int e = errno;
			close(fd);
			unlink(w->tmp);
			errno = e;
			return -1;
		}
		return 0;
	}
	errno = EAGAIN;
	return -1;
}

int whole_commit(struct whole_file *w)
{
	errno = 0;
	int bad = ferror(w->f);
	if (fclose(w->f) != 0 || bad) {
		int e = errno ? errno : EIO;
		unlink(w->tmp);
		errno = e;
		return -1;
	}
	w->f = NULL;
	if (rename(w->tmp, w->path) < 0) {
		int e = errno;
		unlink(w->tmp);
		errno = e;
		return -1;
	}
	return 0;
}

void whole_abort(struct whole_file *w)
{
	if (w->f)
		fclose(w->f);
	w->f = NULL;
	unlink(w->tmp);
}

int whole_write(const char *path, const char *data, size_t len)
{
	struct whole_file w;
	if (whole_open(&w, path) < 0)
		return -1;
	if (fwrite(data, 1, len, w.f) != len) {
		int e = errno;
		whole_abort(&w);
		errno = e;
		return -1;
	}
	return whole_commit(&w);
}

size_t whole_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *mark = strstr(e->d_name, TMP_MARK);
		if (e->d_name[0] != '.' || !mark || strlen(mark) != strlen(TMP_MARK) + 6)
			continue;
		int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		struct stat sb;
		if (fd < 0)
			continue;
		/* a regular file nobody holds: its writer died */
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
		close(fd);
	}
	closedir(d);
	return n;
}
