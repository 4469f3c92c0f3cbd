/* cmd_add.c — `ksurf add VMLINUX`: compute an image's surface and store it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/btf.h>
#include <pthread.h>

#include "btf/btf_normalize.h"
#include "btf/btf_source.h"
#include "cli/cli.h"
#include "dwarf/func_walk.h"
#include "elf/elf_file.h"
#include "elf/identity.h"
#include "elf/symtab.h"
#include "store/store.h"
#include "surface/func_groups.h"
#include "util/error.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf add VMLINUX [--name NAME] [--replace] [--jobs N]\n"
		"\n"
		"Read a kernel image (an ELF vmlinux with .symtab and DWARF, such as\n"
		"usr/lib/debug/boot/vmlinux-RELEASE from a Debian linux-image-*-dbg package)\n"
		"and store its function surface in the dataset, in one transaction.\n"
		"\n"
		"  --name NAME   dataset name (default: RELEASE-ARCH style from linux_banner,\n"
		"                e.g. 6.1.0-56-cloud-amd64, 6.1.0-56-generic-amd64)\n"
		"  --replace     replace an image of the same name instead of failing\n"
		"  --jobs N      threads reading DWARF (default: online CPUs)\n");
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void timing(const char *what, double *t)
{
	static int enabled = -1;
	if (enabled < 0)
		enabled = getenv("KSURF_TIMING") != NULL;
	double n = now();
	if (enabled)
		fprintf(stderr, "ksurf: timing: %-12s %.3f s\n", what, n - *t);
	*t = n;
}

/* The image's types, read beside the DWARF walk. */
struct types_job {
	struct ks_elf *ef;
	struct ks_surface *s;
	int rc;
};

static void *types_main(void *arg)
{
	struct types_job *job = arg;
	struct ks_elf *ef = job->ef;
	struct btf *btf = NULL;
	GElf_Shdr sh;
	Elf_Scn *scn = ef->has_btf ? ks_elf_section(ef, ".BTF", &sh) : NULL;
	Elf_Data *d = scn ? elf_rawdata(scn, NULL) : NULL;
	if (d && d->d_buf)
		btf = btf_source_bytes(d->d_buf, d->d_size, ef->path);
	else
		btf = btf_source_pahole(ef->path);
	job->rc = btf ? btf_normalize(btf, job->s, ef->path) : -1;
	btf__free(btf);
	return NULL;
}

int do_add(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL;
	bool replace = false;
	int jobs = 0, c;
	while ((c = getopt_long(argc, argv, "n:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'r':
			replace = true;
			break;
		case 'j':
			jobs = atoi(optarg);
			if (jobs < 1) {
				ks_error("add: --jobs takes a positive number");
				return KS_EXIT_ERROR;
			}
			break;
		case 'h':
			usage(stdout);
			return KS_EXIT_OK;
		default:
			usage(stderr);
			return KS_EXIT_ERROR;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return KS_EXIT_ERROR;
	}
	if (name && !*name) {
		ks_error("add: --name must not be empty");
		return KS_EXIT_ERROR;
	}
	const char *path = argv[optind];
	double t = now();

	struct ks_elf ef;
	if (ks_elf_open(path, &ef) < 0)
		return KS_EXIT_ERROR;
	struct ks_surface s = { 0 };
	struct ks_store st = { 0 };
	int ret = KS_EXIT_ERROR;

	if (ks_read_symtab(&ef, &s) < 0)
		goto out;
	if (!ef.has_dwarf) {
		ks_error("%s: no DWARF (.debug_info); ksurf needs the debug vmlinux "
			 "(e.g. from a linux-image-*-dbg package)", path);
		goto out;
	}
	ks_identify_image(&ef, &s, name);
	if (!s.info.name) {
		ks_error("%s: no linux_banner to name the image by; pass --name", path);
		goto out;
	}
	if (cli_open_store(g, &st, true) < 0)
		goto out;
	/* Fail early on a duplicate; the transaction checks again. */
	int64_t existing = ks_store_image_id(&st, s.info.name);
	if (existing < 0)
		goto out;
	if (existing > 0 && !replace) {
		ks_error("%s: image %s is already in the dataset (use --replace, or --name)",
			 st.path, s.info.name);
		goto out;
	}
	timing("symbols", &t);
	struct types_job tj = { .ef = &ef, .s = &s, .rc = -1 };
	pthread_t types_thread;
	bool types_threaded = pthread_create(&types_thread, NULL, types_main, &tj) == 0;
	if (!types_threaded)
		types_main(&tj);
	int walk_rc = func_walk(&ef, &s, jobs);
	if (types_threaded)
		pthread_join(types_thread, NULL);
	if (walk_rc < 0 || tj.rc < 0)
		goto out;
	timing("dwarf+btf", &t);
	func_groups_build(&s);
	timing("groups", &t);
	if (ks_store_add_image(&st, &s, replace) < 0)
		goto out;
	timing("store", &t);
	printf("added %s: %zu function groups, %zu entries, %zu symbols\n", s.info.name,
	       s.groups.n, s.entries.n, s.symbols.n);
	ret = KS_EXIT_OK;
out:
	ks_store_close(&st);
	surface_free(&s);
	ks_elf_close(&ef);
	return ret;
}
