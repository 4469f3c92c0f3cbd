#include "util/pager.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/color.h"
#include "util/text_esc.h"

static bool disabled;
static pid_t pager_pid = -1;
static int saved_stderr = -1;

void pager_disable(void)
{
	disabled = true;
}

/* Whether PROG is an executable file in a directory of $PATH. */
static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t l = strcspn(p, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)l, l ? p : ".", prog);
		if (access(buf, X_OK) == 0)
			return true;
		p += l + (p[l] == ':');
	}
	return false;
}

/* The pager's command line; NULL for none. */
static const char *pager_command(void)
{
	const char *cmd = getenv("KSURF_PAGER");
	if (!cmd)
		cmd = getenv("PAGER");
	if (!cmd)
		return in_path("less") ? "less -FRX" : NULL;
	cmd += strspn(cmd, " \t");
	return *cmd && strcmp(cmd, "cat") ? cmd : NULL;
}

void pager_start(void)
{
	color_on(); /* decided on the terminal, before stdout becomes the pipe */
	const char *cmd;
	int fds[2];
	if (disabled || pager_pid > 0 || !isatty(STDOUT_FILENO) || !(cmd = pager_command()))
		return;
	if (pipe(fds) < 0)
		return;
	fflush(stdout);
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	pager_pid = pid;
	int guard = stdout_guard_fd();
	dup2(fds[1], STDOUT_FILENO);
	if (guard >= 0)
		dup2(fds[1], guard);
	if (isatty(STDERR_FILENO)) {
		saved_stderr = dup(STDERR_FILENO);
		dup2(fds[1], STDERR_FILENO);
	}
	close(fds[0]);
	close(fds[1]);
}

void pager_finish(void)
{
	if (pager_pid <= 0)
		return;
	stdout_guard_flush();
	fflush(stderr);
	/* the pager sees the end of its input once no copy of the pipe is open */
	int guard = stdout_guard_fd();
	int null = open("/dev/null", O_WRONLY);
	if (guard >= 0)
		dup2(null, guard);
	dup2(null, STDOUT_FILENO);
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
	if (null >= 0)
		close(null);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}
