/*
 * elf.h: reading ELF64 executables (the format Linux and Pagoda run).
 *
 * elf_parse() checks a whole executable image in memory and describes its
 * loadable segments; it never trusts a field: every offset and size is
 * checked against the image, and anything wrong is -ENOEXEC, as Linux
 * says.  Loading (mapping the segments) is exec's business.
 */
#ifndef _KERNEL_ELF_H_
#define _KERNEL_ELF_H_

#include "kernel/types.h"

/* The header fields we use (ELF-64 Object File Format, version 1.5). */
#define ELF_MAGIC	"\177ELF"
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define ET_DYN		3
#define PT_LOAD		1
#define PT_INTERP	3
#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4
#define EM_X86_64	62
#define EM_AARCH64	183

struct elf64_ehdr {
	uint8_t		e_ident[16];
	uint16_t	e_type;
	uint16_t	e_machine;
	uint32_t	e_version;
	uint64_t	e_entry;
	uint64_t	e_phoff;
	uint64_t	e_shoff;
	uint32_t	e_flags;
	uint16_t	e_ehsize;
	uint16_t	e_phentsize;
	uint16_t	e_phnum;
	uint16_t	e_shentsize;
	uint16_t	e_shnum;
	uint16_t	e_shstrndx;
};

struct elf64_phdr {
	uint32_t	p_type;
	uint32_t	p_flags;
	uint64_t	p_offset;
	uint64_t	p_vaddr;
	uint64_t	p_paddr;
	uint64_t	p_filesz;
	uint64_t	p_memsz;
	uint64_t	p_align;
};

#define ELF_MAX_SEGMENTS	8

/* One loadable segment: [vaddr, vaddr + memsz), file bytes first. */
struct elf_segment {
	uint64_t	vaddr;
	uint64_t	memsz;
	uint64_t	offset;		/* of the file bytes in the image */
	uint64_t	filesz;
	uint32_t	flags;		/* PF_R | PF_W | PF_X */
};

struct elf_info {
	uint64_t	entry;
	uint16_t	type;		/* ET_EXEC or ET_DYN (static-pie) */
	uint64_t	phdr_vaddr;	/* where the program headers load (AT_PHDR) */
	uint16_t	phnum;
	uint16_t	phentsize;
	int		nsegments;
	struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/*
 * elf_parse: check the executable at image (size bytes) for machine
 * (EM_X86_64, EM_AARCH64) and fill *info, with every address of a
 * position-independent (ET_DYN, static-pie) executable moved up by
 * dyn_base.  0; -ENOEXEC for anything it cannot run: not ELF, not 64-bit
 * little-endian, another machine, a dynamically linked program
 * (PT_INTERP), segments out of the file, out of [4 KiB, user_max),
 * overlapping, misaligned, writable and executable at once, an entry point
 * outside the executable segments.
 */
int	elf_parse(const void *image, size_t size, uint16_t machine,
	    uint64_t dyn_base, uint64_t user_max, struct elf_info *info);

#endif /* !_KERNEL_ELF_H_ */
