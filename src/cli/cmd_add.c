/* cmd_add.c — `ksurf add`: compute an image's surface (src/image/) and store it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "image/image.h"
#include "store/store.h"
#include "util/error.h"
#include "util/timing.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf add VMLINUX|FILE.btf [--name NAME] [--config FILE] [--replace] [--jobs N]\n"
		"                 [--no-types]\n"
		"       ksurf add --running [--name NAME] [--config FILE] [--replace]\n"
		"\n"
		"Read a kernel image and store its surface in the dataset, in one transaction.\n"
		"\n"
		"  VMLINUX     an ELF vmlinux with .symtab and DWARF, such as\n"
		"              usr/lib/debug/boot/vmlinux-RELEASE from a Debian linux-image-*-dbg\n"
		"              package: symbols, function groups, and types from its .BTF (or,\n"
		"              when it has none, from BTF that pahole generates from the DWARF)\n"
		"  FILE.btf    a raw BTF file: types only; named after the file\n"
		"  --running   the running kernel: /sys/kernel/btf/vmlinux, /proc/kallsyms\n"
		"              (function groups derived from symbols only), /proc/version, and\n"
		"              /proc/config.gz or /boot/config-RELEASE\n"
		"\n"
		"  --name NAME    dataset name (default: RELEASE-ARCH style from linux_banner,\n"
		"                 e.g. 6.1.0-56-cloud-amd64, 6.1.0-56-generic-amd64)\n"
		"  --config FILE  the image's kernel config (plain or gzip)\n"
		"  --replace      replace an image of the same name instead of failing\n"
		"  --jobs N       threads reading DWARF (default: online CPUs)\n"
		"  --no-types     a vmlinux's functions and symbols only, without its BTF types\n");
}

int do_add(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "config", required_argument, NULL, 'c' },
		{ "running", no_argument, NULL, 'R' },
		{ "replace", no_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "no-types", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct image_opts o = { 0 };
	bool replace = false, running = false;
	int c;
	while ((c = getopt_long(argc, argv, "n:c:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.name = optarg;
			break;
		case 'c':
			o.config = optarg;
			break;
		case 'R':
			running = true;
			break;
		case 'r':
			replace = true;
			break;
		case 'T':
			o.no_types = true;
			break;
		case 'j':
			o.jobs = atoi(optarg);
			if (o.jobs < 1) {
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
	if (optind + (running ? 0 : 1) != argc) {
		usage(stderr);
		return KS_EXIT_ERROR;
	}
	if (o.name && !*o.name) {
		ks_error("add: --name must not be empty");
		return KS_EXIT_ERROR;
	}
	ks_timing("start");

	const char *path = running ? NULL : argv[optind];
	enum image_kind kind = IMAGE_VMLINUX;
	if (path && image_sniff(path, &kind) < 0)
		return KS_EXIT_ERROR;
	struct ks_elf ef;
	bool have_elf = false;
	struct ks_surface s = { 0 };
	struct ks_store st = { 0 };
	int ret = KS_EXIT_ERROR;
	int rc;
	if (running) {
		rc = image_read_running(&o, &s);
	} else if (kind == IMAGE_BTF) {
		rc = image_read_btf(path, &o, &s);
	} else {
		if (ks_elf_open(path, &ef) < 0)
			return KS_EXIT_ERROR;
		have_elf = true;
		rc = image_read_vmlinux(&ef, &o, &s);
	}
	if (rc < 0)
		goto out;
	if (!s.info.name) {
		ks_error("%s: cannot tell the image's name; pass --name", path ? path : "running");
		goto out;
	}
	if (cli_open_store(g, &st, true) < 0)
		goto out;
	if (ks_store_add_image(&st, &s, replace) < 0)
		goto out;
	ks_timing("store");
	printf("added %s: %zu function groups, %zu entries, %zu symbols, %zu types\n", s.info.name,
	       s.groups.n, s.entries.n, s.symbols.n, s.types.n);
	ret = KS_EXIT_OK;
out:
	ks_store_close(&st);
	surface_free(&s);
	if (have_elf)
		ks_elf_close(&ef);
	return ret;
}
