/* store_create.c — a new dataset appears whole or not at all.
 *
 * `add` or `import` into a path where no dataset exists writes a staging
 * dataset beside it, `.NAME.new-XXXXXX` in the same directory, and links it
 * into place once its first image is committed: until then the path has
 * nothing (a failed first image, a full disk or a kill leave no dataset, no
 * WAL).  When another process created the dataset meanwhile, link() fails
 * and the image is added to that dataset instead, as any add would be.
 *
 * The staging file is private (journal in memory, no -wal or -shm beside it)
 * and held under flock() while in use; a staging file whose lock anyone can
 * take belongs to a process that died, and the next open of the dataset
 * removes it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "util/error.h"
#include "util/xalloc.h"

/* PATH's directory (into DIR) and file name (into BASE); -1 when too long. */
static int split_path(const char *path, char *dir, size_t dlen, char *base, size_t blen)
{
	const char *slash = strrchr(path, '/');
	int n = slash ? snprintf(dir, dlen, "%.*s", (int)(slash - path) + (slash == path), path)
		      : snprintf(dir, dlen, ".");
	int m = snprintf(base, blen, "%s", slash ? slash + 1 : path);
	return n < 0 || (size_t)n >= dlen || m < 0 || (size_t)m >= blen || !*base ? -1 : 0;
}

void store_stage_sweep(const char *path)
{
	char dir[PATH_MAX], base[NAME_MAX + 1], prefix[NAME_MAX + 8];
	if (split_path(path, dir, sizeof(dir), base, sizeof(base)) < 0)
		return;
	int plen = snprintf(prefix, sizeof(prefix), ".%s.new-", base);
	if (plen < 0 || (size_t)plen >= sizeof(prefix))
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	int dfd = dirfd(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, (size_t)plen) || strlen(e->d_name) != (size_t)plen + 6)
			continue;
		int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat sb;
		/* its creator is gone when its lock is free: remove it under the lock */
		if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dfd, e->d_name, 0);
		close(fd);
	}
	closedir(d);
}

/* The staging file of this process, removed when an allocation past the
 * memory budget ends it (xalloc_before_exit): a kill's is swept later. */
static char dying_unlink[PATH_MAX];

static void unlink_staging(void)
{
	if (dying_unlink[0])
		unlink(dying_unlink);
}

/* The staging file, created and locked: its fd, its name into NAME; -1 after an error line. */
static int stage_file(const char *path, char *name, size_t len)
{
	char dir[PATH_MAX], base[NAME_MAX + 1];
	if (split_path(path, dir, sizeof(dir), base, sizeof(base)) < 0 ||
	    snprintf(name, len, "%s/.%s.new-XXXXXX", dir, base) >= (int)len) {
		ks_error("%s: cannot create a dataset here: the path is too long", path);
		return -1;
	}
	char pattern[PATH_MAX];
	snprintf(pattern, sizeof(pattern), "%s", name);
	for (int tries = 0; tries < 8; tries++) {
		snprintf(name, len, "%s", pattern);
		int fd = mkostemp(name, O_CLOEXEC);
		if (fd < 0) {
			ks_error("%s: cannot create a dataset here: %s", path, strerror(errno));
			return -1;
		}
		struct stat a, b;
		/* a sweeper may have taken it between the create and the lock: then
		 * the name no longer leads to this file, and another one is made */
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 && stat(name, &b) == 0 &&
		    a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
			mode_t mask = umask(0);
			umask(mask);
			fchmod(fd, 0644 & ~mask); /* as SQLite creates a database */
			return fd;
		}
		close(fd);
	}
	ks_error("%s: cannot create a dataset here: its staging file keeps vanishing", path);
	return -1;
}

int store_stage_open(struct ks_store *st, const char *path)
{
	char name[PATH_MAX];
	int fd = stage_file(path, name, sizeof(name));
	if (fd < 0)
		return -1;
	st->stage_fd = fd;
	st->stage_path = xstrdup(name);
	snprintf(dying_unlink, sizeof(dying_unlink), "%s", name);
	xalloc_before_exit(unlink_staging);
	if (sqlite3_open_v2(name, &st->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		ks_error("%s: cannot create dataset: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		return -1;
	}
	/* nobody else sees the file before it is complete: no journal on disk, and a
	 * single fsync before it is linked into place */
	if (store_exec(st, "PRAGMA journal_mode=MEMORY") < 0 ||
	    store_exec(st, "PRAGMA synchronous=OFF") < 0 || store_exec(st, "PRAGMA foreign_keys=ON") < 0)
		return -1;
	if (store_exec(st, "BEGIN") < 0)
		return -1;
	if (store_create_schema(st) < 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return store_exec(st, "COMMIT");
}

/* Close the SQLite side of ST (statements, strings, connection), keeping the rest. */
static void close_connection(struct ks_store *st)
{
	int fd = st->stage_fd;
	char *stage = st->stage_path;
	const char *path = st->path;
	st->stage_path = NULL;
	ks_store_close(st);
	st->path = path;
	st->stage_fd = fd;
	st->stage_path = stage;
}

void store_stage_discard(struct ks_store *st)
{
	if (!st->stage_path)
		return;
	unlink(st->stage_path);
	if (!strcmp(dying_unlink, st->stage_path)) {
		xalloc_before_exit(NULL);
		dying_unlink[0] = 0;
	}
	close(st->stage_fd);
	free(st->stage_path);
	st->stage_path = NULL;
	st->stage_fd = -1;
}

int store_stage_publish(struct ks_store *st)
{
	const char *path = st->path;
	close_connection(st);
	if (fsync(st->stage_fd) < 0) {
		ks_error("%s: cannot write the new dataset: %s", path, strerror(errno));
		store_stage_discard(st);
		return -1;
	}
	int r = link(st->stage_path, path) == 0 ? 0 : errno == EEXIST ? 1 : -1;
	if (r < 0)
		ks_error("%s: cannot create dataset: %s", path, strerror(errno));
	if (r == 0) { /* the new name on disk too */
		char dir[PATH_MAX], base[NAME_MAX + 1];
		int dfd = split_path(path, dir, sizeof(dir), base, sizeof(base)) < 0
				  ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	store_stage_discard(st);
	if (r < 0)
		return -1;
	/* the dataset now at PATH, ours or another process's, opened as any other */
	if (ks_store_open(st, path, false) < 0)
		return -1;
	return r;
}
