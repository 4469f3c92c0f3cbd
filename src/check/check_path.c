/* check_path.c — the files a check takes: a file, or every file of a directory holding BPF objects. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpf/bpf_object.h"
#include "check/check.h"
#include "util/error.h"

/* Whether PATH is a regular file with a BPF object in it. */
static bool holds_objects(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	bool any = false;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			any = bpf_objects_present(m, (size_t)st.st_size);
			munmap(m, (size_t)st.st_size);
		}
	}
	if (fd >= 0)
		close(fd);
	return any;
}

/* Every file of directory DIR (recursively) holding a BPF object, by name. */
static int check_dir(struct check_run *run, const char *dir, int depth)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		ks_error("%s: cannot read the directory", dir);
		return -1;
	}
	int ret = 0;
	for (int i = 0; i < n; i++) {
		char path[4096];
		if (list[i]->d_name[0] == '.') {
			free(list[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		free(list[i]);
		struct stat st;
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth >= 8)
				ks_warn("%s: nested deeper than 8 directories, skipped", path);
			else if (check_dir(run, path, depth + 1) < 0)
				ret = -1;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		/* in a directory, a file without BPF objects is no error */
		if (holds_objects(path) && check_run_file(run, path) < 0)
			ret = -1;
	}
	free(list);
	return ret;
}

int check_run_path(struct check_run *run, const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode) ? check_dir(run, path, 0)
							   : check_run_file(run, path);
}
