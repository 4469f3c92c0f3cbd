#include "image/image.h"

#include <bpf/btf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "btf/btf_normalize.h"
#include "btf/btf_source.h"
#include "config/config_text.h"
#include "dwarf/func_walk.h"
#include "elf/identity.h"
#include "elf/symtab.h"
#include "running/kallsyms.h"
#include "surface/func_groups.h"
#include "util/error.h"
#include "util/timing.h"

int image_sniff(const char *path, enum image_kind *kind)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ks_error("%s: %s", path, strerror(errno));
		return -1;
	}
	unsigned char m[4] = { 0 };
	ssize_t n = read(fd, m, sizeof(m));
	close(fd);
	if (n == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F') {
		*kind = IMAGE_VMLINUX;
		return 0;
	}
	/* BTF magic 0xeB9F in either byte order */
	if (n >= 2 && ((m[0] == 0x9f && m[1] == 0xeb) || (m[0] == 0xeb && m[1] == 0x9f))) {
		*kind = IMAGE_BTF;
		return 0;
	}
	ks_error("%s: not an ELF file or raw BTF", path);
	return -1;
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
	if (read_config(o->config, s) < 0)
		return -1;
	ks_timing("symbols");
	struct types_job tj = { .ef = ef, .s = s, .rc = 0 };
	pthread_t thread;
	bool threaded = !o->no_types && pthread_create(&thread, NULL, types_main, &tj) == 0;
	if (!threaded && !o->no_types)
		types_main(&tj);
	int walk = func_walk(ef, s, o->jobs);
	if (threaded)
		pthread_join(thread, NULL);
	if (walk < 0 || tj.rc < 0)
		return -1;
	ks_timing("dwarf+btf");
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
	/* BTFHub names files by release: 5.4.0-26-generic.btf */
	const char *base = path_basename(path);
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".btf"))
		len -= 4;
	s->info.kind = "btf";
	s->info.source = arena_strdup(&s->strings, path);
	ks_identify_release(s, NULL, arena_strndup(&s->strings, base, len), "", o->name);
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
	btf__free(btf);
	if (rc < 0 || kallsyms_read("/proc/kallsyms", s) < 0)
		return -1;
	func_groups_from_symbols(s);

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
	s->info.compiler = s->info.comment = "";

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
