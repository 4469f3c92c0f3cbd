/* cmd_check.c — `ksurf check FILE...`: which kernels eBPF programs break on, and how. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "cli/cli.h"
#include "image/image.h"
#include "report/group_settings.h"
#include "store/store.h"
#include "util/error.h"
#include "util/color.h"
#include "util/pager.h"
#include "util/mem_budget.h"
#include "util/words.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: ksurf check FILE... [--image IMAGE,... | --groups G,... | --running]\n"
		"                   [--format text|md|json|jsonl] [--color[=WHEN]] [--no-pager]\n"
		"                   [--fail-on fails|misses|wrong-data|degraded]\n"
		"                   [--memory-limit SIZE]\n"
		"\n"
		"Check eBPF programs against the dataset's images: for each image, whether\n"
		"each program loads, attaches, misses events or reads wrong data, and because\n"
		"of which dependency.  A FILE is a BPF object (.bpf.o), or any file embedding\n"
		"BPF objects (libbpf skeleton binaries such as /usr/sbin/biotop, Go and Rust\n"
		"loaders); a directory checks every such file in it.\n"
		"\n"
		"Dependencies: the functions, system calls, tracepoints and LSM hooks the\n"
		"program sections attach to, the program type, attach type and config each\n"
		"section needs, the structs, fields, types and enum values of its CO-RE\n"
		"relocations, its kfuncs and typed ksyms, helpers, map types and kconfig\n"
		"externs.  Each is decided per image as the kernel's loader decides it: a\n"
		"CO-RE relocation matched by libbpf's rules, and a missing one failing a\n"
		"program only where the program reaches it once the image's tests\n"
		"(bpf_core_field_exists, ...), LINUX_KERNEL_VERSION, CONFIG_ externs and\n"
		"the object's const volatile settings (at their initial values) are folded\n"
		"to their values.\n"
		"\n"
		"Consequences, worst first: fails (a hook's target absent, fully inlined,\n"
		"only a compiler copy, notrace, or a name two functions share where the\n"
		"kernel refuses it; fentry without BTF or with too many arguments; a\n"
		"program reading an argument its target lacks there; a reached\n"
		"relocation unresolved; a helper, kfunc, map type or need absent), misses\n"
		"(inlined into other functions, duplicate, collision, a pattern matching\n"
		"fewer functions; never a .cold part), wrong-data (a parameter the program\n"
		"reads, a return type under a return probe, a read field: changed beyond\n"
		"typedefs against the image its group compares it with), degraded (a\n"
		"missing dependency the program does not reach, a weak extern, a `?`\n"
		"section), ok.  Each program gets a verdict, its worst consequence; an\n"
		"object's verdict is its programs' worst.  For what fails or misses events,\n"
		"what the image offers instead, each attachable there: callers with a\n"
		"symbol, compiler copies, functions of a close name with the same\n"
		"prototype, the ksyscall form of a system call's entry point.\n"
		"\n"
		"  --image IMAGE,...  these images (names as `ksurf diff` takes them)\n"
		"  --groups G,...     the images of these groups around the baseline\n"
		"                     (regular, lts, revision, arch, flavor, toolchain), the\n"
		"                     baseline too\n"
		"  --running          this machine's kernel instead, without the dataset\n"
		"  --format F         text (the default, on a terminal or piped: the same text,\n"
		"                     coloured on a terminal only): a matrix per program,\n"
		"                     dependency x image, with marks and a verdict row (in\n"
		"                     slices of images, each within 100 columns; a legend of\n"
		"                     the images [N] and marks under it); md: the matrix and\n"
		"                     each dependency's section; json: {\"images\", \"programs\": [{\"file\", \"object\",\n"
		"                     \"programs\": [{\"section\", \"name\", \"type\", \"attach\",\n"
		"                     \"verdict\"}], \"dependencies\": [{\"kind\", \"name\", \"uses\",\n"
		"                     \"guarded\", \"programs\", \"images\": {IMAGE: {\"issues\",\n"
		"                     \"consequence\", \"alternatives\"}}}], \"relocations\",\n"
		"                     \"verdict\"}], \"summary\"}; jsonl: one such object per line\n"
		"                     (one per BPF object found), without the summary\n"
		"  --fail-on C        exit 1 when a verdict is C or worse (default fails)\n"
		"  --color[=WHEN]     colour the verdicts: auto (on a terminal, unless NO_COLOR\n"
		"                     is set), always, never\n"
		"  --no-pager         on a terminal the output goes through a pager\n"
		"                     ($KSURF_PAGER, else $PAGER, else less -FRX): not with this\n"
		CLI_MEMORY_LIMIT_HELP
		"\n"
		"Among several inputs, a file without a BPF object is a warning and skipped.\n"
		"Exit status: 0 when no verdict reaches --fail-on, 1 when one does, 2 for bad\n"
		"input (a malformed object, an unreadable file, an unknown image, no BPF\n"
		"object in any input).\n");
}

int do_check(struct ks_global *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "groups", required_argument, NULL, 'g' },
		{ "running", no_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "memory-limit", required_argument, NULL, 'M' },
		CLI_OUTPUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *images = NULL, *groups = NULL;
	bool running = false;
	uint64_t budget = mem_budget_default();
	int format = KS_FORMAT_TEXT, fail_on = CONS_FAILS, c, r;
	while ((c = getopt_long(argc, argv, ":i:g:f:h", opts, NULL)) != -1) {
		if ((r = cli_output_option(c, optarg, "check")) != 0) {
			if (r < 0)
				return KS_EXIT_ERROR;
			continue;
		}
		switch (c) {
		case 'i':
			images = optarg;
			break;
		case 'g':
			groups = optarg;
			if (groups_parse(groups) <= 0) {
				fprintf(stderr, "ksurf check: --groups takes regular, lts, revision, arch, "
						"flavor, toolchain (see 'ksurf check --help')\n");
				return KS_EXIT_ERROR;
			}
			break;
		case 'R':
			running = true;
			break;
		case 'M':
			if (!cli_memory_limit("check", optarg, &budget))
				return KS_EXIT_ERROR;
			break;
		case 'f':
			format = cli_parse_format(optarg, "text,md,json,jsonl");
			if (format < 0)
				return KS_EXIT_ERROR;
			break;
		case 'F':
			fail_on = check_cons_parse(optarg);
			if (fail_on <= CONS_OK) {
				fprintf(stderr, "ksurf check: --fail-on takes fails, misses, wrong-data or "
						"degraded (see 'ksurf check --help')\n");
				return KS_EXIT_ERROR;
			}
			break;
		default:
			return cli_option_end(c, argv, usage);
		}
	}
	if (optind == argc) {
		fprintf(stderr, "ksurf check: missing FILE (see 'ksurf check --help')\n");
		return KS_EXIT_ERROR;
	}
	if ((images != NULL) + (groups != NULL) + running > 1) {
		fprintf(stderr, "ksurf check: --image, --groups and --running choose the images: one of "
				"them (see 'ksurf check --help')\n");
		return KS_EXIT_ERROR;
	}
	if (mem_budget_apply(budget, 1) < 0)
		return KS_EXIT_ERROR;
	struct ks_store st;
	if (running) {
		/* this machine's kernel, in a dataset of its own that lives in memory */
		struct ks_surface s = { 0 };
		struct image_opts o = { 0 };
		if (ks_store_open(&st, ":memory:", true) < 0)
			return KS_EXIT_ERROR;
		int r = image_read_running(&o, &s);
		if (r == 0)
			r = ks_store_add_image(&st, &s, false);
		surface_free(&s);
		if (r < 0) {
			ks_store_close(&st);
			return KS_EXIT_ERROR;
		}
	} else if (cli_open_store(g, &st, false) < 0) {
		return KS_EXIT_ERROR;
	}
	/* the images: named, of groups, or all */
	VEC(const char *) names = { 0 };
	struct arena a = { 0 };
	int ret = KS_EXIT_OK;
	const char *w;
	size_t l;
	for (const char *p = images; p && words_next(&p, &w, &l);) {
		char want[512], canon[512];
		snprintf(want, sizeof(want), "%.*s", (int)l, w);
		if (ks_store_find_image(&st, "check", want, canon, sizeof(canon)) <= 0) {
			ret = KS_EXIT_ERROR;
			break;
		}
		vec_push(&names, arena_strdup(&a, canon));
	}
	if (groups && ret == KS_EXIT_OK) {
		struct image_idents il;
		struct group_settings gs = { .mask = groups_parse(groups) };
		struct group_choice gc;
		if (image_idents_load(&st, &il) < 0 ||
		    group_settings_resolve(&st, "check", &gs, il.v.v, il.v.n, &gc) < 0) {
			ks_error("check: no groups form around a baseline in %s (see `ksurf config`)",
				 st.path);
			ret = KS_EXIT_ERROR;
		} else {
			vec_push(&names, arena_strdup(&a, gc.baseline_name));
			for (size_t k = 0; k < gc.ng; k++)
				for (size_t j = 0; j < gc.groups[k].n; j++)
					vec_push(&names, arena_strdup(&a, gc.groups[k].images[j].name));
			group_choice_free(&gc);
		}
		image_idents_free(&il);
	}
	struct check_run run;
	if (ret == KS_EXIT_OK &&
	    check_run_init(&run, &st, images || groups ? names.v : NULL, names.n) < 0)
		ret = KS_EXIT_ERROR;
	else if (ret == KS_EXIT_OK && run.images.n == 0) {
		ks_error("check: %s has no images (add some with `ksurf add`)", st.path);
		check_run_free(&run);
		ret = KS_EXIT_ERROR;
	}
	if (ret != KS_EXIT_OK) {
		vec_free(&names);
		arena_free(&a);
		ks_store_close(&st);
		return ret;
	}
	/* among several inputs, one without a BPF object is skipped with a warning */
	run.skip_empty = argc - optind > 1;
	for (int i = optind; i < argc; i++) {
		if (check_run_path(&run, argv[i]) < 0)
			ret = KS_EXIT_ERROR;
	}
	if (st.read_failed) /* the damage was said: no verdict from a damaged dataset */
		ret = KS_EXIT_ERROR;
	if (ret == KS_EXIT_OK && !run.programs.n) {
		ks_error("check: no BPF object in %s", argc - optind > 1 ? "any input" : argv[optind]);
		ret = KS_EXIT_ERROR;
	}
	if (ret == KS_EXIT_OK) {
		pager_start();
		if (format == KS_FORMAT_JSON)
			check_print_json(&run, stdout);
		else if (format == KS_FORMAT_JSONL)
			check_print_jsonl(&run, stdout);
		else if (format == KS_FORMAT_MD)
			check_print_md(&run, stdout);
		else
			check_print_text(&run, stdout, color_on());
		if (check_run_worst(&run) >= (enum check_cons)fail_on)
			ret = KS_EXIT_PROBLEMS;
	}
	check_run_free(&run);
	vec_free(&names);
	arena_free(&a);
	ks_store_close(&st);
	return ret;
}
