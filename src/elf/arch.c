/* arch.c — the Debian architecture name of an ELF image.
 *
 * Machine, class and byte order name it, but for 32-bit ARM: Debian's armhf
 * (ARMv7, hard float) and armel (ARMv5/v6, soft float) kernels are both built
 * with the soft-float ABI, so e_flags' float flag decides only when it says
 * hard.  Otherwise the CPU architecture the build targeted, Tag_CPU_arch of
 * the .ARM.attributes section, does: v7 or later is armhf, earlier armel.
 * Without either, armhf.
 */
#include <string.h>

#include "elf/elf_file.h"

#define EF_ARM_FLOAT_HARD 0x400
#define TAG_FILE 1
#define TAG_CPU_RAW_NAME 4
#define TAG_CPU_NAME 5
#define TAG_CPU_ARCH 6
#define TAG_COMPATIBILITY 32
#define CPU_ARCH_V7 10

static bool uleb(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	*out = 0;
	for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
		unsigned char b = *(*p)++;
		*out |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

static bool skip_string(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *nul = memchr(*p, 0, (size_t)(end - *p));
	if (!nul)
		return false;
	*p = nul + 1;
	return true;
}

/* Tag_CPU_arch of the "aeabi" file attributes, -1 when not found. */
static long arm_cpu_arch(struct ks_elf *ef)
{
	GElf_Shdr sh;
	if (!ks_elf_section(ef, ".ARM.attributes", &sh) || sh.sh_type == SHT_NOBITS ||
	    sh.sh_offset > ef->size || sh.sh_size > ef->size - sh.sh_offset || sh.sh_size < 1)
		return -1;
	const unsigned char *p = ef->map + sh.sh_offset, *end = p + sh.sh_size;
	if (*p++ != 'A')
		return -1;
	bool le = ef->ehdr.e_ident[EI_DATA] == ELFDATA2LSB;
	while (end - p >= 4) { /* subsections: u32 length, vendor name, data */
		uint32_t len = le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
					    (uint32_t)p[3] << 24
				  : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
					    (uint32_t)p[0] << 24;
		if (len < 4 || len > (size_t)(end - p))
			return -1;
		const unsigned char *sub = p + 4, *sub_end = p + len;
		p = sub_end;
		const unsigned char *vendor = sub;
		if (!skip_string(&sub, sub_end) || strcmp((const char *)vendor, "aeabi"))
			continue;
		while (sub < sub_end) { /* attribute groups: tag, u32 size, attributes */
			unsigned char tag = *sub;
			if (sub_end - sub < 5)
				return -1;
			uint32_t size = le ? (uint32_t)sub[1] | (uint32_t)sub[2] << 8 |
						     (uint32_t)sub[3] << 16 | (uint32_t)sub[4] << 24
					   : (uint32_t)sub[4] | (uint32_t)sub[3] << 8 |
						     (uint32_t)sub[2] << 16 | (uint32_t)sub[1] << 24;
			if (size < 5 || size > (size_t)(sub_end - sub))
				return -1;
			const unsigned char *a = sub + 5, *a_end = sub + size;
			sub = a_end;
			if (tag != TAG_FILE)
				continue;
			while (a < a_end) {
				uint64_t t, v;
				if (!uleb(&a, a_end, &t))
					return -1;
				if (t == TAG_CPU_ARCH)
					return uleb(&a, a_end, &v) ? (long)v : -1;
				bool string = t == TAG_CPU_RAW_NAME || t == TAG_CPU_NAME ||
					      (t > TAG_COMPATIBILITY && (t & 1));
				if (t == TAG_COMPATIBILITY && !uleb(&a, a_end, &v))
					return -1;
				if (string || t == TAG_COMPATIBILITY ? !skip_string(&a, a_end)
								     : !uleb(&a, a_end, &v))
					return -1;
			}
		}
	}
	return -1;
}

const char *ks_elf_arch(struct ks_elf *ef)
{
	bool is64 = ef->ehdr.e_ident[EI_CLASS] == ELFCLASS64;
	bool le = ef->ehdr.e_ident[EI_DATA] == ELFDATA2LSB;
	switch (ef->ehdr.e_machine) {
	case EM_X86_64: return "amd64";
	case EM_386: return "i386";
	case EM_AARCH64: return "arm64";
	case EM_ARM: {
		if (ef->ehdr.e_flags & EF_ARM_FLOAT_HARD)
			return "armhf";
		long cpu = arm_cpu_arch(ef);
		return cpu >= 0 && cpu < CPU_ARCH_V7 ? "armel" : "armhf";
	}
	case EM_PPC64: return le ? "ppc64el" : "ppc64";
	case EM_PPC: return "powerpc";
	case EM_S390: return "s390x";
	case EM_RISCV: return is64 ? "riscv64" : "riscv32";
	case EM_MIPS: return is64 ? (le ? "mips64el" : "mips64") : (le ? "mipsel" : "mips");
	case EM_LOONGARCH: return "loong64";
	}
	return NULL;
}
