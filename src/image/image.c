#include "image/image.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "btf/btf_normalize.h"
#include "btf/btf_source.h"
#include "config/config_text.h"
#include "decode/syscalls.h"
#include "decode/tracepoints.h"
#include "dwarf/func_walk.h"
#include "elf/identity.h"
#include "elf/mcount.h"
#include "elf/symtab.h"
#include "pkg/deb.h"
#include "pkg/deb_sparse.h"
#include "running/kallsyms.h"
#include "running/tracefs.h"
#include "surface/func_groups.h"
#include "util/error.h"
#include "util/xalloc.h"
#include "util/input_file.h"
#include "util/progress.h"
#include "util/timing.h"

int image_sniff(const char *path, enum image_kind *kind)
{
	int fd = input_open(path);
	if (fd < 0)
		return -1;
	unsigned char m[8] = { 0 };
	ssize_t n = read(fd, m, sizeof(m));
	close(fd);
	if (n == 8 && !memcmp(m, "!<arch>\n", 8)) {
		*kind = IMAGE_DEB;
		return 0;
	}
	if (n >= 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F') {
		*kind = IMAGE_VMLINUX;
		return 0;
	}
	/* BTF magic 0xeB9F in either byte order */
	if (n >= 2 && ((m[0] == 0x9f && m[1] == 0xeb) || (m[0] == 0xeb && m[1] == 0x9f))) {
		*kind = IMAGE_BTF;
		return 0;
	}
	ks_error("%s: not an ELF file, raw BTF or a Debian package", path);
	return -1;
}

/*
 * The config a kernel built with CONFIG_IKCONFIG carries: gzip data between
 * the markers IKCFG_ST and IKCFG_ED in an allocated section.  0 also when there
 * is none; -1 after an error line when the data does not decompress.
 */
static int find_ikconfig(struct ks_elf *ef, struct ks_surface *s)
{
	static const char st[] = "IKCFG_ST", ed[] = "IKCFG_ED";
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(ef->elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS ||
		    sh.sh_offset > ef->size || sh.sh_size > ef->size - sh.sh_offset)
			continue;
		const unsigned char *base = ef->map + sh.sh_offset;
		const unsigned char *a = memmem(base, sh.sh_size, st, sizeof(st) - 1);
		if (!a)
			continue;
		a += sizeof(st) - 1;
		const unsigned char *b = memmem(a, sh.sh_size - (size_t)(a - base), ed, sizeof(ed) - 1);
		if (!b)
			continue;
		if (config_text_from_gzip(a, (size_t)(b - a), ef->path, &s->config, &s->config_len) < 0)
			return -1;
		return 0;
	}
	return 0;
}

static int read_config(const char *path, struct ks_surface *s)
{
	return path ? config_text_read(path, &s->config, &s->config_len) : 0;
}

/* The image's types, read beside the DWARF walk. */
struct types_job {
	struct ks_elf *ef;
	struct ks_surface *s;
	int rc;
	char error[1024]; /* its error, printed only when the DWARF walk succeeded */
};

static void *types_main(void *arg)
{
	struct types_job *job = arg;
	struct ks_elf *ef = job->ef;
	ks_error_hold(job->error, sizeof(job->error));
	struct btf *btf = NULL;
	GElf_Shdr sh;
	Elf_Scn *scn = ef->has_btf ? ks_elf_section(ef, ".BTF", &sh) : NULL;
	Elf_Data *d = scn ? elf_rawdata(scn, NULL) : NULL;
	if (d && d->d_buf)
		btf = btf_source_bytes(d->d_buf, d->d_size, ef->path);
	else
		btf = btf_source_pahole(ef->file, ef->path);
	job->rc = btf ? btf_normalize(btf, job->s, ef->path) : -1;
	btf__free(btf);
	ks_error_hold_end();
	return NULL;
}

int image_read_vmlinux(struct ks_elf *ef, const struct image_opts *o, struct ks_surface *s)
{
	if (ks_read_symtab(ef, s) < 0)
		return -1;
	if (!ef->has_dwarf) {
		ks_error("%s: no DWARF (.debug_info); ksurf needs the debug vmlinux "
			 "(e.g. from a linux-image-*-dbg package)", ef->path);
		return -1;
	}
	ks_identify_image(ef, s, o->name);
	if (!s->info.name) {
		ks_error("%s: no linux_banner to name the image by; pass --name", ef->path);
		return -1;
	}
	if (o->name_check && o->name_check(s->info.name, o->name_arg))
		return -1;
	if (read_config(o->config, s) < 0)
		return -1;
	ks_timing("symbols");
	struct types_job tj = { .ef = ef, .s = s, .rc = 0 };
	pthread_t thread;
	bool threaded = !o->no_types && xthread_create(&thread, types_main, &tj) == 0;
	if (!threaded && !o->no_types)
		types_main(&tj);
	int walk = func_walk(ef, s, o->jobs);
	if (threaded)
		pthread_join(thread, NULL);
	if (walk < 0)
		return -1; /* the types' error, if any, follows from the same damage */
	if (tj.rc < 0) {
		ks_error("%s", tj.error);
		return -1;
	}
	ks_timing("dwarf+btf");
	/* what the image's data says, with the types at hand */
	if (decode_syscalls(ef, s) < 0 || decode_tracepoints(ef, s) < 0)
		return -1;
	decode_lsm_kfuncs(s);
	if (!s->config && find_ikconfig(ef, s) < 0)
		return -1;
	if (ks_read_notrace(ef, s) < 0)
		return -1;
	ks_timing("decoders");
	func_groups_build(s);
	ks_timing("groups");
	return 0;
}

static const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int image_read_btf(const char *path, const struct image_opts *o, struct ks_surface *s)
{
	struct btf *btf = btf_source_file(path);
	if (!btf)
		return -1;
	int rc = btf_normalize(btf, s, path);
	btf__free(btf);
	if (rc < 0)
		return -1;
	decode_lsm_kfuncs(s);
	/* BTFHub names files by release: 5.4.0-26-generic.btf */
	const char *base = path_basename(path);
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".btf"))
		len -= 4;
	s->info.kind = "btf";
	s->info.source = arena_strdup(&s->strings, path);
	ks_identify_release(s, NULL, arena_strndup(&s->strings, base, len), "", o->name);
	if (o->name_check && o->name_check(s->info.name, o->name_arg))
		return -1;
	s->info.compiler = s->info.comment = "";
	return read_config(o->config, s);
}

/* Debian's name for the machine uname reports. */
static const char *debian_arch(const char *machine)
{
	static const char *const map[][2] = {
		{ "x86_64", "amd64" },	   { "aarch64", "arm64" },   { "armv7l", "armhf" },
		{ "i686", "i386" },	   { "i586", "i386" },	     { "ppc64le", "ppc64el" },
		{ "s390x", "s390x" },	   { "riscv64", "riscv64" }, { "mips64", "mips64el" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(machine, map[i][0]))
			return map[i][1];
	return machine;
}

int image_read_running(const struct image_opts *o, struct ks_surface *s)
{
	struct utsname u;
	if (uname(&u) < 0) {
		ks_error("uname: %s", strerror(errno));
		return -1;
	}
	struct btf *btf = btf_source_file("/sys/kernel/btf/vmlinux");
	if (!btf)
		return -1;
	int rc = btf_normalize(btf, s, "/sys/kernel/btf/vmlinux");
	if (rc == 0)
		rc = tracefs_read(btf, s);
	btf__free(btf);
	if (rc < 0 || kallsyms_read("/proc/kallsyms", s) < 0)
		return -1;
	func_groups_from_symbols(s);
	decode_lsm_kfuncs(s);

	char banner[1024] = "";
	FILE *f = fopen("/proc/version", "r");
	if (f) {
		if (!fgets(banner, sizeof(banner), f))
			banner[0] = '\0';
		fclose(f);
	}
	banner[strcspn(banner, "\n")] = '\0';
	s->info.kind = "running";
	s->info.source = "/sys/kernel/btf/vmlinux";
	ks_identify_release(s, arena_strdup(&s->strings, banner),
			    arena_strdup(&s->strings, u.release),
			    arena_strdup(&s->strings, debian_arch(u.machine)), o->name);
	if (o->name_check && o->name_check(s->info.name, o->name_arg))
		return -1;
	s->info.compiler = s->info.comment = "";
	syscalls_from_symbols(s); /* the table's memory is not ours to read */

	/* Its config: as given, else the kernel's own, else the one in /boot. */
	if (o->config)
		return read_config(o->config, s);
	char boot[512];
	snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
	if (access("/proc/config.gz", R_OK) == 0)
		return read_config("/proc/config.gz", s);
	if (access(boot, R_OK) == 0)
		return read_config(boot, s);
	return 0;
}

/* A temporary file in $TMPDIR, unlinked at once so that nothing is left behind
 * whatever ends the process (SIGKILL included); BUF gets a path that still
 * names it while the descriptor is open (/proc/self/fd/N, also in a child
 * such as pahole, which inherits the descriptor).  -1 after an error line. */
static int temp_file(char *buf, size_t len, const char *what)
{
	const char *dir = getenv("TMPDIR");
	snprintf(buf, len, "%s/ksurf-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(buf);
	if (fd < 0) {
		ks_error("%s: cannot create a temporary file in %s: %s", what,
			 dir && *dir ? dir : "/tmp", strerror(errno));
		return -1;
	}
	unlink(buf);
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return fd;
}

/* The config of release RELEASE in package PKG into S->config. */
static int read_config_from_deb(const char *pkg, const char *release, struct ks_surface *s)
{
	char tmp[4096], pattern[800], member[512];
	int fd = temp_file(tmp, sizeof(tmp), pkg);
	if (fd < 0)
		return -1;
	/* the image package's boot/config-R, or linux-base-R's usr/lib/modules/R/config (7.x) */
	snprintf(pattern, sizeof(pattern), "boot/config-%s|usr/lib/modules/%s/config|lib/modules/%s/config",
		 release, release, release);
	int r = deb_extract(pkg, pattern, fd, member, sizeof(member));
	if (r == 1)
		ks_error("%s: has no boot/config-%s nor usr/lib/modules/%s/config", pkg, release, release);
	if (r == 0)
		r = config_text_read(tmp, &s->config, &s->config_len);
	close(fd);
	return r == 0 ? 0 : -1;
}

/* Where Debian's and Ubuntu's debug packages put the image: boot/ until the
 * 7.x packages, which keep it under lib/modules/ (boot/ holds a symlink). */
#define VMLINUX_PATTERN "usr/lib/debug/boot/vmlinux-*|usr/lib/debug/lib/modules/*/vmlinux"

/* The package's vmlinux opened into EF: decoded sparsely in memory when the
 * package allows, else streamed out to the temporary file FD (path TMP). */
static int open_deb_vmlinux(const char *path, int fd, const char *tmp, int threads,
			    struct ks_elf *ef, struct ks_surface *s)
{
	char member[512];
	void *map;
	size_t size;
	int r = deb_vmlinux_sparse(path, VMLINUX_PATTERN, threads, &map, &size, member,
				   sizeof(member));
	if (r == 0) {
		ks_timing("extract");
		r = ks_elf_open_memory(map, size, arena_printf(&s->strings, "%s:%s", path, member), ef);
		if (r < 0 || ef->has_btf)
			return r;
		/* no .BTF: pahole must read the whole file, sections skipped above included */
		ks_elf_close(ef);
	}
	if (r < 0)
		return -1;
	r = deb_extract(path, VMLINUX_PATTERN, fd, member, sizeof(member));
	if (r == 1)
		ks_error("%s: has no usr/lib/debug/boot/vmlinux-* nor usr/lib/debug/lib/modules/*/vmlinux "
			 "(not a kernel debug package?)", path);
	ks_timing("extract");
	if (r != 0)
		return -1;
	return ks_elf_open_fd(fd, arena_printf(&s->strings, "%s:%s", path, member),
			      arena_strdup(&s->strings, tmp), ef);
}

int image_read_deb(const char *path, const char *config_pkg, const struct image_opts *o,
		   struct ks_elf *ef, struct ks_surface *s)
{
	/* The name the package's release and arch give, asked before the vmlinux
	 * is decoded (its banner decides in the end). */
	struct deb_control ctl;
	char release[160];
	bool debug;
	if (o->name_check && deb_read_control(path, &ctl) == 0 &&
	    deb_kernel_release(ctl.package, release, sizeof(release), &debug)) {
		struct ks_surface pre = { 0 };
		ks_identify_release(&pre, NULL, release, ctl.architecture, o->name);
		int taken = pre.info.name && o->name_check(pre.info.name, o->name_arg);
		surface_free(&pre);
		if (taken)
			return -1;
	}
	char tmp[4096];
	int fd = temp_file(tmp, sizeof(tmp), path);
	if (fd < 0)
		return -1;
	progress_note("%s: extracting the vmlinux", path);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = o->jobs ? o->jobs : cpus > 0 ? (int)cpus : 1;
	int r = open_deb_vmlinux(path, fd, tmp, threads, ef, s);
	if (r == 0) {
		struct image_opts po = *o;
		po.config = NULL;
		progress_note("%s: reading %s", path, ef->path);
		r = image_read_vmlinux(ef, &po, s);
		if (r == 0)
			s->info.source = arena_strdup(&s->strings, path);
		/* a config given or packaged wins over one embedded in the image */
		if (r == 0 && (o->config || config_pkg)) {
			free(s->config);
			s->config = NULL;
			r = o->config ? read_config(o->config, s)
				      : read_config_from_deb(config_pkg, s->info.release, s);
		}
	}
	close(fd);
	return r == 0 ? 0 : -1;
}
