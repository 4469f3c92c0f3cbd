#include "elf/identity.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "elf/symtab.h"
#include "util/hash.h"
#include "util/vec.h"

/* Debian release suffixes that only name the architecture: flavor "generic". */
static const char *const arch_suffixes[] = {
	"amd64", "arm64", "s390x", "powerpc64le", "riscv64", "loong64", "ppc64el", "i386",
	"armhf", "armel", "mips64el", NULL,
};

static bool is_arch_suffix(const char *s, size_t len)
{
	for (const char *const *d = arch_suffixes; *d; d++)
		if (strlen(*d) == len && !memcmp(s, *d, len))
			return true;
	return false;
}

void ks_parse_release(struct arena *a, const char *release, const char **base, const char **abi,
		      const char **flavor)
{
	const char *p = release;
	/* X.Y[.Z] */
	while (*p && (isdigit((unsigned char)*p) || *p == '.'))
		p++;
	/* +debNN or another local version glued to it stays: two builds of one
	 * upstream version (bookworm's 6.12.117+deb12, trixie's +deb13) are two
	 * images */
	if (*p == '+')
		while (*p && *p != '-')
			p++;
	*base = arena_strndup(a, release, (size_t)(p - release));
	*abi = "";
	if (*p == '-' && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '-' || *q == '\0' || *q == '+') {
			*abi = arena_strndup(a, p + 1, (size_t)(q - p - 1));
			p = q;
			if (*p == '+')
				while (*p && *p != '-')
					p++;
		}
	}
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)release[0])) { /* no release (a raw BTF file "vmlinux") */
		*flavor = "";
		return;
	}
	/*
	 * The suffix: one that only names the arch is "generic", cloud-ARCH is
	 * "cloud", rt-ARCH "rt"; any other is its own flavor (686-pae,
	 * rt-686-pae, armmp, octeon, arm64-16k; Ubuntu's generic, aws, ...).
	 */
	size_t len = strlen(p);
	if (!len || is_arch_suffix(p, len))
		*flavor = "generic";
	else if (!strncmp(p, "cloud-", 6) && is_arch_suffix(p + 6, len - 6))
		*flavor = "cloud";
	else if (!strncmp(p, "rt-", 3) && is_arch_suffix(p + 3, len - 3))
		*flavor = "rt";
	else
		*flavor = arena_strndup(a, p, len);
}

static const char *read_banner(struct ks_elf *ef, struct ks_surface *s)
{
	const struct ks_symbol *sym = ks_find_symbol(s, "linux_banner");
	if (!sym || sym->size == 0)
		return NULL;
	size_t avail = 0;
	const unsigned char *p = ks_elf_vaddr_bytes(ef, sym->value, 1, &avail);
	if (!p)
		return NULL;
	size_t max = sym->size < avail ? sym->size : avail;
	size_t n = strnlen((const char *)p, max);
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	return arena_strndup(&s->strings, (const char *)p, n);
}

static void read_comment(struct ks_elf *ef, struct ks_surface *s)
{
	GElf_Shdr sh;
	Elf_Scn *scn = ks_elf_section(ef, ".comment", &sh);
	s->info.compiler = "";
	s->info.comment = "";
	if (!scn || sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
		return;
	const char *p = (const char *)ef->map + sh.sh_offset;
	size_t n = sh.sh_size;
	/* Strings separated by NULs; keep each once, in order, joined by newlines
	 * (a hash of those kept: linear in the section, whatever its size). */
	char *out = arena_alloc(&s->strings, n + 1);
	size_t o = 0;
	struct hindex seen = { 0 };
	struct kept_str {
		size_t off, len;
	};
	VEC(struct kept_str) kept = { 0 };
	for (size_t i = 0; i < n;) {
		size_t len = strnlen(p + i, n - i);
		if (len > 0) {
			uint64_t h = hash_bytes(p + i, len, 0);
			bool dup = false;
			for (uint32_t *k = hindex_first(&seen, h); k && !dup; k = hindex_next(&seen, h, k))
				dup = kept.v[*k].len == len && !memcmp(out + kept.v[*k].off, p + i, len);
			if (!dup) {
				if (o)
					out[o++] = '\n';
				hindex_insert(&seen, h, (uint32_t)kept.n);
				vec_push(&kept, ((struct kept_str){ o, len }));
				memcpy(out + o, p + i, len);
				o += len;
			}
		}
		i += len + 1;
	}
	hindex_free(&seen);
	vec_free(&kept);
	out[o] = '\0';
	s->info.comment = out;
	size_t first = strcspn(out, "\n");
	s->info.compiler = arena_strndup(&s->strings, out, first);
}

void ks_identify_release(struct ks_surface *s, const char *banner, const char *release,
			 const char *arch, const char *name)
{
	struct ks_image_info *info = &s->info;
	struct arena *a = &s->strings;
	info->arch = arch ? arch : "";
	info->banner = banner ? banner : "";
	info->release = release ? release : "";
	if (!release && banner && !strncmp(banner, "Linux version ", 14)) {
		const char *r = banner + 14;
		info->release = arena_strndup(a, r, strcspn(r, " \n"));
	}
	const char *base, *abi, *flavor;
	ks_parse_release(a, info->release, &base, &abi, &flavor);
	info->abi = abi;
	info->flavor = flavor;
	/* Debian banners carry the full upstream version: "... Debian 6.1.192-2 ...",
	 * a release candidate in experimental "Debian 7.3~rc7-1~exp1": 7.3-rc7, as
	 * the kernel's own tags write it. */
	info->version = base;
	info->distro = strstr(info->banner, " Debian ") ? "Debian"
		       : strstr(info->banner, "Ubuntu") ? "Ubuntu" : "";
	const char *deb = strstr(info->banner, " Debian ");
	if (deb) {
		const char *v = deb + 8;
		size_t vl = 0;
		while (isdigit((unsigned char)v[vl]) || v[vl] == '.')
			vl++;
		size_t rc = 0;
		if (vl && !strncmp(v + vl, "~rc", 3))
			while (isdigit((unsigned char)v[vl + 3 + rc]))
				rc++;
		if (vl && rc)
			info->version = arena_printf(a, "%.*s-rc%.*s", (int)vl, v, (int)rc, v + vl + 3);
		else if (vl)
			info->version = arena_strndup(a, v, vl);
	}
	if (name)
		info->name = arena_strdup(a, name);
	else if (*info->release && *info->arch)
		info->name = *abi ? arena_printf(a, "%s-%s-%s-%s", base, abi, flavor, info->arch)
				  : arena_printf(a, "%s-%s-%s", base, flavor, info->arch);
	else if (*info->release)
		info->name = info->release;
	else
		info->name = NULL; /* the caller must be told to pass --name */
}

void ks_identify_image(struct ks_elf *ef, struct ks_surface *s, const char *name)
{
	struct ks_image_info *info = &s->info;
	struct arena *a = &s->strings;
	info->kind = "vmlinux";
	info->source = arena_strdup(a, ef->path);
	const char *arch = ks_elf_arch(ef);
	read_comment(ef, s);
	ks_identify_release(s, read_banner(ef, s), NULL,
			    arch ? arch : arena_printf(a, "machine%u", (unsigned)ef->ehdr.e_machine),
			    name);
}
