#include "btf/btf_source.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/error.h"
#include "util/xalloc.h"

extern char **environ;

/* libbpf's last warning, to put in our one error line instead of its stderr. */
static _Thread_local char libbpf_msg[256];

static int capture_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level; /* libbpf reports bad headers at debug level */
	vsnprintf(libbpf_msg, sizeof(libbpf_msg), fmt, ap);
	if (!strncmp(libbpf_msg, "libbpf: ", 8))
		memmove(libbpf_msg, libbpf_msg + 8, strlen(libbpf_msg + 8) + 1);
	size_t n = strlen(libbpf_msg);
	while (n && (libbpf_msg[n - 1] == '\n' || libbpf_msg[n - 1] == ' '))
		libbpf_msg[--n] = '\0';
	return 0;
}

static bool id_ok(const struct btf *btf, __u32 id)
{
	return id < btf__type_cnt(btf);
}

static bool name_ok(const struct btf *btf, __u32 off)
{
	return btf__str_by_offset(btf, off) != NULL;
}

/* Every type id and name offset in range; -1 after an error line. */
static int check_types(const struct btf *btf, const char *what)
{
	__u32 n = btf__type_cnt(btf);
	for (__u32 id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		bool ok = t && name_ok(btf, t->name_off);
		__u16 vlen = t ? btf_vlen(t) : 0;
		if (ok) {
			switch (btf_kind(t)) {
			case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
			case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
			case BTF_KIND_VAR: case BTF_KIND_TYPE_TAG: case BTF_KIND_DECL_TAG:
				ok = id_ok(btf, t->type);
				break;
			case BTF_KIND_ARRAY:
				ok = id_ok(btf, btf_array(t)->type) && id_ok(btf, btf_array(t)->index_type);
				break;
			case BTF_KIND_STRUCT: case BTF_KIND_UNION:
				for (__u16 i = 0; ok && i < vlen; i++)
					ok = id_ok(btf, btf_members(t)[i].type) &&
					     name_ok(btf, btf_members(t)[i].name_off);
				break;
			case BTF_KIND_FUNC_PROTO:
				ok = id_ok(btf, t->type);
				for (__u16 i = 0; ok && i < vlen; i++)
					ok = id_ok(btf, btf_params(t)[i].type) &&
					     name_ok(btf, btf_params(t)[i].name_off);
				break;
			case BTF_KIND_ENUM:
				for (__u16 i = 0; ok && i < vlen; i++)
					ok = name_ok(btf, btf_enum(t)[i].name_off);
				break;
			case BTF_KIND_ENUM64:
				for (__u16 i = 0; ok && i < vlen; i++)
					ok = name_ok(btf, btf_enum64(t)[i].name_off);
				break;
			case BTF_KIND_DATASEC:
				for (__u16 i = 0; ok && i < vlen; i++)
					ok = id_ok(btf, btf_var_secinfos(t)[i].type);
				break;
			default:
				break;
			}
		}
		if (!ok) {
			ks_error("%s: malformed BTF: type %u refers to a type id or string "
				 "offset out of range", what, id);
			return -1;
		}
	}
	return 0;
}

struct btf *btf_source_bytes(const void *data, size_t size, const char *what)
{
	libbpf_set_print(capture_print);
	libbpf_msg[0] = '\0';
	if (size > UINT32_MAX) {
		ks_error("%s: BTF of %zu bytes is too large", what, size);
		return NULL;
	}
	struct btf *btf = btf__new(data, (__u32)size);
	if (!btf || libbpf_get_error(btf)) {
		int err = errno;
		ks_error("%s: malformed BTF: %s", what,
			 libbpf_msg[0] ? libbpf_msg : strerror(err ? err : EINVAL));
		return NULL;
	}
	if (check_types(btf, what) < 0) {
		btf__free(btf);
		return NULL;
	}
	return btf;
}

struct btf *btf_source_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ks_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	/* sysfs files report no size: read until the end. */
	size_t cap = 1 << 20, len = 0;
	unsigned char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap >= ((size_t)1 << 31)) {
				ks_error("%s: too large for a BTF file", path);
				free(buf);
				close(fd);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ks_error("%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	struct btf *btf = btf_source_bytes(buf, len, path);
	free(buf);
	return btf;
}

struct btf *btf_source_pahole(const char *vmlinux, const char *what)
{
	/* pahole writes into a file already unlinked, through the descriptor it
	 * inherits: nothing is left in /tmp whatever ends either process */
	char tmpl[] = "/tmp/ksurf-btf.XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		ks_error("%s: cannot create a temporary file for pahole: %s", what,
			 strerror(errno));
		return NULL;
	}
	unlink(tmpl);
	char arg[64], self[64];
	snprintf(arg, sizeof(arg), "--btf_encode_detached=/dev/fd/%d", fd);
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	char *argv[] = { "pahole", arg, (char *)vmlinux, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, "pahole", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	struct btf *btf = NULL;
	int status = 0;
	if (rc != 0) {
		ks_error("%s: has no .BTF and pahole (Debian package dwarves) cannot run: %s",
			 what, strerror(rc));
	} else if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		   WEXITSTATUS(status) != 0) {
		ks_error("%s: has no .BTF and pahole failed to generate it from DWARF", what);
	} else {
		btf = btf_source_file(self);
	}
	close(fd);
	return btf;
}
