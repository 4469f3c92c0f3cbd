/* The Debian arch of 32-bit ARM images: armhf vs armel (elf/arch.c). */
#include <elf.h>
#include <stdint.h>
#include <sys/mman.h>

#include "elf/elf_file.h"
#include "tap.h"

/* A minimal ELF32 ARM file: sections null, .ARM.attributes (Tag_CPU_arch CPU
 * unless < 0), .shstrtab; e_flags FLAGS. */
static const char *arch_of(uint32_t flags, int cpu)
{
	static unsigned char buf[512];
	memset(buf, 0, sizeof(buf));
	Elf32_Ehdr *eh = (Elf32_Ehdr *)buf;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_flags = flags;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shentsize = sizeof(Elf32_Shdr);
	/* .ARM.attributes at 64: 'A', subsection "aeabi" with a Tag_File group:
	 * Tag_CPU_name "5TE" (a string), Tag_CPU_arch CPU, Tag_ARM_ISA_use 1 */
	unsigned char attrs[] = { 'A', 0, 0, 0, 0, 'a', 'e', 'a', 'b', 'i', 0,
				  1, 0, 0, 0, 0, 5, '5', 'T', 'E', 0, 6, (unsigned char)cpu, 8, 1 };
	size_t alen = sizeof(attrs);
	attrs[1] = (unsigned char)(alen - 1);         /* subsection length */
	attrs[12] = (unsigned char)(alen - 11);       /* Tag_File group size */
	memcpy(buf + 64, attrs, alen);
	const char names[] = "\0.ARM.attributes\0.shstrtab";
	memcpy(buf + 128, names, sizeof(names));
	eh->e_shoff = 192;
	eh->e_shnum = 3;
	eh->e_shstrndx = 2;
	Elf32_Shdr *sh = (Elf32_Shdr *)(buf + 192);
	sh[1] = (Elf32_Shdr){ .sh_name = 1, .sh_type = SHT_ARM_ATTRIBUTES, .sh_offset = 64,
			      .sh_size = cpu < 0 ? 0 : (Elf32_Word)alen, .sh_addralign = 1 };
	sh[2] = (Elf32_Shdr){ .sh_name = 17, .sh_type = SHT_STRTAB, .sh_offset = 128,
			      .sh_size = sizeof(names), .sh_addralign = 1 };
	void *map = mmap(NULL, sizeof(buf), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(map, buf, sizeof(buf));
	struct ks_elf ef;
	if (ks_elf_open_memory(map, sizeof(buf), "arm-fixture", &ef) < 0)
		return "(open failed)";
	const char *arch = ks_elf_arch(&ef);
	ks_elf_close(&ef);
	return arch;
}

int main(void)
{
	tap_plan(5);
	CHECK_STR(arch_of(0x5000200, 10), "armhf"); /* Debian armmp: soft-float ABI, ARMv7 */
	CHECK_STR(arch_of(0x5000200, 5), "armel");  /* marvell: ARMv5TE */
	CHECK_STR(arch_of(0x5000200, 6), "armel");  /* rpi: ARMv6 */
	CHECK_STR(arch_of(0x5000400, 5), "armhf");  /* the hard-float flag decides */
	CHECK_STR(arch_of(0x5000200, -1), "armhf"); /* nothing to tell by */
	return tap_done();
}
