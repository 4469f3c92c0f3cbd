#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/mem_budget.h"

static _Thread_local const char *reading;
static void (*_Atomic before_exit)(void);

void xalloc_before_exit(void (*fn)(void))
{
	before_exit = fn;
}

void xalloc_set_input(const char *path)
{
	reading = path;
}

struct thread_start {
	void *(*fn)(void *);
	void *arg;
	const char *reading;
};

static void *thread_main(void *p)
{
	struct thread_start t = *(struct thread_start *)p;
	free(p);
	reading = t.reading;
	return t.fn(t.arg);
}

int xthread_create(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	struct thread_start *t = malloc(sizeof(*t));
	if (!t)
		return -1;
	*t = (struct thread_start){ fn, arg, reading };
	if (pthread_create(thread, NULL, thread_main, t) != 0) {
		free(t);
		return -1;
	}
	return 0;
}

/* One line, exit 2: never abort() (a crash) for an input too big for its budget. */
static void die_oom(size_t n)
{
	uint64_t limit = mem_budget_limit();
	char budget[160] = "";
	if (limit)
		snprintf(budget, sizeof(budget), ", past the memory budget of %llu MB (--memory-limit, KSURF_MEMORY_LIMIT)",
			 (unsigned long long)(limit >> 20));
	fprintf(stderr, "ksurf: %s%sout of memory allocating %zu bytes%s\n", reading ? reading : "",
		reading ? ": " : "", n, budget);
	fflush(stdout);
	void (*fn)(void) = before_exit;
	if (fn)
		fn();
	_exit(KS_EXIT_ERROR);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}
