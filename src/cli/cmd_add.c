/* cmd_add.c — `ksurf add`: compute the surface of images (src/image/) and store them. */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "image/image.h"
#include "image/inputs.h"
#include "store/store.h"
#include "util/error.h"
#include "util/mem_budget.h"
#include "util/progress.h"
#include "util/timing.h"
#include "util/xalloc.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf add INPUT... [--name NAME] [--config FILE] [--replace]\n"
		"                 [-j N | --images-at-once N] [--threads-per-image N] [--no-types]\n"
		"                 [--memory-limit SIZE]\n"
		"       ksurf add --running [--name NAME] [--config FILE] [--replace]\n"
		"\n"
		"Read kernel images and store each one's surface in the dataset, each in one\n"
		"transaction.  An INPUT is\n"
		"\n"
		"  VMLINUX     an ELF vmlinux with .symtab and DWARF, such as\n"
		"              usr/lib/debug/boot/vmlinux-RELEASE from a Debian linux-image-*-dbg\n"
		"              package: symbols, function groups, and types from its .BTF (or,\n"
		"              when it has none, from BTF that pahole generates from the DWARF)\n"
		"  PKG.deb     a kernel debug package (Debian linux-image-*-dbg, Ubuntu\n"
		"  PKG.ddeb    linux-image-*-dbgsym): its vmlinux is streamed out and read; an\n"
		"              image package of the same release given alongside\n"
		"              (linux-image-RELEASE[-unsigned]_*.deb) supplies the config\n"
		"  FILE.btf    a raw BTF file: types only; named after the file\n"
		"  --running   the running kernel: /sys/kernel/btf/vmlinux, /proc/kallsyms\n"
		"              (function groups derived from symbols only), /proc/version, and\n"
		"              /proc/config.gz or /boot/config-RELEASE\n"
		"\n"
		"  --name NAME    dataset name, one input only (default: RELEASE-ARCH style from\n"
		"                 linux_banner, e.g. 6.1.0-56-cloud-amd64, 6.1.0-56-generic-amd64)\n"
		"  --config FILE  the kernel config (plain or gzip), one input only\n"
		"  --replace      replace an image of the same name instead of failing\n"
		"  -j, --images-at-once N\n"
		"                 how many inputs are read at the same time (default: online CPUs)\n"
		"  --threads-per-image N\n"
		"                 threads each input uses for its DWARF walk and xz decoding\n"
		"                 (default: online CPUs)\n"
		"  --no-types     a vmlinux's functions and symbols only, without its BTF types\n"
		CLI_MEMORY_LIMIT_HELP
		"                 (a vmlinux's own mapping counts)\n"
		"\n"
		"An input that fails is reported on one line and leaves the dataset as it was;\n"
		"the others still land; the exit status is then 2.  A dataset that does not\n"
		"exist yet appears with the first image that lands, never empty.\n");
}

struct add_run {
	struct image_input *inputs;
	size_t n;
	atomic_size_t next;
	atomic_int failed;
	struct image_opts opts;
	bool replace, running;
	struct ks_store *st;
	pthread_mutex_t store_mu;
};

/* The early refusal of a name the dataset has (the store checks again). */
static int name_taken(const char *name, void *arg)
{
	struct add_run *run = arg;
	if (run->replace)
		return 0;
	pthread_mutex_lock(&run->store_mu);
	int64_t id = ks_store_image_id(run->st, name);
	pthread_mutex_unlock(&run->store_mu);
	if (id > 0)
		ks_error("%s: image %s is already in the dataset (use --replace, or --name)",
			 run->st->path, name);
	return id != 0;
}

/* Read and store one input; -1 on failure (reported). */
static int add_one(struct add_run *run, const struct image_input *in)
{
	struct ks_surface s = { 0 };
	struct ks_elf ef;
	bool have_elf = false;
	int rc;
	ks_timing("start");
	xalloc_set_input(in->path);
	if (run->running) {
		rc = image_read_running(&run->opts, &s);
	} else if (in->kind == IMAGE_BTF) {
		rc = image_read_btf(in->path, &run->opts, &s);
	} else if (in->kind == IMAGE_DEB) {
		rc = image_read_deb(in->path, in->config_pkg, &run->opts, &ef, &s);
		have_elf = rc == 0;
	} else {
		rc = ks_elf_open(in->path, &ef);
		have_elf = rc == 0;
		if (rc == 0)
			rc = image_read_vmlinux(&ef, &run->opts, &s);
	}
	if (rc == 0 && !s.info.name) {
		ks_error("%s: cannot tell the image's name; pass --name", in->path);
		rc = -1;
	}
	if (rc == 0) {
		pthread_mutex_lock(&run->store_mu);
		rc = ks_store_add_image(run->st, &s, run->replace);
		pthread_mutex_unlock(&run->store_mu);
		ks_timing("store");
	}
	if (rc == 0)
		printf("added %s: %zu function groups, %zu entries, %zu symbols, %zu types%s%s\n",
		       s.info.name, s.groups.n, s.entries.n, s.symbols.n, s.types.n,
		       s.config ? ", config" : "", in->kind == IMAGE_DEB ? " (from the package)" : "");
	fflush(stdout);
	surface_free(&s);
	if (have_elf)
		ks_elf_close(&ef);
	xalloc_set_input(NULL);
	return rc;
}

static void *add_worker(void *arg)
{
	struct add_run *run = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&run->next, 1);
		if (i >= run->n)
			break;
		if (add_one(run, &run->inputs[i]) < 0)
			atomic_store(&run->failed, 1);
	}
	return NULL;
}

/*
 * glibc reads its tunables once, at startup: `add` runs itself again with
 * glibc.malloc.hugetlb=1 so that malloc's heaps use transparent huge pages.
 * A few hundred MB of fresh memory otherwise costs ~100k page faults, 10-15 %
 * of all cycles on a VM (docs/performance.md).  Nothing changes if THP is off
 * or the exec fails.
 */
static void reexec_with_huge_pages(void)
{
	const char *t = getenv("GLIBC_TUNABLES");
	if (t && strstr(t, "glibc.malloc.hugetlb"))
		return;
	char *argv_buf = NULL;
	size_t len = 0;
	FILE *f = fopen("/proc/self/cmdline", "r");
	if (!f)
		return;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		argv_buf = xrealloc(argv_buf, len + n + 1);
		memcpy(argv_buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!len) {
		free(argv_buf);
		return;
	}
	argv_buf[len] = '\0';
	size_t argc = 0;
	for (size_t i = 0; i < len; i++)
		argc += argv_buf[i] == '\0';
	char **args = xcalloc(argc + 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < len && k < argc; i += strlen(argv_buf + i) + 1)
		args[k++] = argv_buf + i;
	char tun[1024];
	snprintf(tun, sizeof(tun), "%s%sglibc.malloc.hugetlb=1", t ? t : "", t && *t ? ":" : "");
	setenv("GLIBC_TUNABLES", tun, 1);
	fflush(NULL);
	execv("/proc/self/exe", args);
	/* not possible here: go on as we are */
	free(args);
	free(argv_buf);
}

int do_add(struct ks_global *g, int argc, char **argv)
{
	reexec_with_huge_pages();
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'c' },
		{ "running", no_argument, NULL, 'R' },
		{ "replace", no_argument, NULL, 'r' },
		{ "images-at-once", required_argument, NULL, 'j' },
		{ "threads-per-image", required_argument, NULL, 'J' },
		{ "no-types", no_argument, NULL, 'T' },
		{ "memory-limit", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct add_run run = { 0 };
	uint64_t budget = mem_budget_default();
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int parallel = cpus > 0 ? (int)cpus : 1, c;
	while ((c = getopt_long(argc, argv, ":n:c:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			run.opts.name = optarg;
			break;
		case 'c':
			run.opts.config = optarg;
			break;
		case 'R':
			run.running = true;
			break;
		case 'r':
			run.replace = true;
			break;
		case 'j':
		case 'J': {
			int v = atoi(optarg);
			if (v < 1) {
				ks_error("add: %s takes a positive number",
					 c == 'j' ? "-j (--images-at-once)" : "--threads-per-image");
				return KS_EXIT_ERROR;
			}
			if (c == 'j')
				parallel = v;
			else
				run.opts.jobs = v;
			break;
		}
		case 'T':
			run.opts.no_types = true;
			break;
		case 'M':
			if (!cli_memory_limit("add", optarg, &budget))
				return KS_EXIT_ERROR;
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	size_t n = (size_t)(argc - optind);
	if (run.running ? n != 0 : n == 0) {
		fprintf(stderr, "ksurf add: %s (see 'ksurf add --help')\n",
			run.running ? "--running reads this machine's kernel, not INPUT files"
				    : "missing INPUT");
		return KS_EXIT_ERROR;
	}
	if (run.opts.name && !*run.opts.name) {
		ks_error("add: --name must not be empty");
		return KS_EXIT_ERROR;
	}
	struct image_input running_input = { .path = "running" };
	run.inputs = run.running ? &running_input : xcalloc(n, sizeof(*run.inputs));
	for (size_t i = 0; i < n; i++)
		run.inputs[i].path = argv[optind + (int)i];
	run.n = run.running ? 1 : n;
	if (!run.running) {
		bool failed = false;
		run.n = image_pair_inputs(run.inputs, run.n, &failed);
		if (failed)
			atomic_store(&run.failed, 1);
	}
	if (run.n == 0) {
		free(run.inputs);
		return KS_EXIT_ERROR;
	}
	if (run.n > 1 && (run.opts.name || run.opts.config)) {
		ks_error("add: --name and --config apply to one input; %zu given", run.n);
		free(run.inputs);
		return KS_EXIT_ERROR;
	}
	/* Each input keeps every core (--threads-per-image): one input's single-threaded
	 * phases then overlap another's parallel ones, and no core idles while the
	 * last input finishes. */
	if ((size_t)parallel > run.n)
		parallel = (int)run.n;
	if (parallel > 1)
		progress_set_enabled(0);
	if (mem_budget_apply(budget, (unsigned)parallel) < 0) {
		if (!run.running)
			free(run.inputs);
		return KS_EXIT_ERROR;
	}

	struct ks_store st;
	if (cli_open_store(g, &st, true) < 0) {
		if (!run.running)
			free(run.inputs);
		return KS_EXIT_ERROR;
	}
	run.st = &st;
	run.opts.name_check = name_taken;
	run.opts.name_arg = &run;
	pthread_mutex_init(&run.store_mu, NULL);
	pthread_t *threads = xcalloc((size_t)parallel, sizeof(*threads));
	int started = 0;
	for (int i = 1; i < parallel; i++)
		if (pthread_create(&threads[i], NULL, add_worker, &run) == 0)
			started = i;
	add_worker(&run);
	for (int i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_mutex_destroy(&run.store_mu);
	ks_store_close(&st);
	if (!run.running)
		free(run.inputs);
	return atomic_load(&run.failed) ? KS_EXIT_ERROR : KS_EXIT_OK;
}
