/*
 * elf.c: checking an ELF64 executable (see elf.h).
 *
 * A static executable is a header, a table of program headers, and the
 * bytes of its segments.  Only PT_LOAD segments matter to a static program:
 * each says "map memsz bytes at vaddr with these rights; the first filesz
 * come from the file at offset, the rest are zero" (the rest is the bss).
 * PT_INTERP would name a dynamic loader, which Pagoda does not have.
 */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/systm.h"

#define PAGE_OFFSET(x)	((x) & 0xfff)

/* Is [off, off + len) inside an image of size bytes? */
static bool
in_image(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/*
 * Is eh (a copy of the first bytes of an image of size bytes, which the
 * caller checked hold a whole header) a 64-bit little-endian executable
 * for machine, with a program header table inside the image?  0 or
 * -ENOEXEC.
 */
static int
check_header(const struct elf64_ehdr *eh, size_t size, uint16_t machine)
{
	if (memcmp(eh->e_ident, ELF_MAGIC, 4) != 0)
		return -ENOEXEC;
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB)
		return -ENOEXEC;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_machine != machine)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    !in_image(eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize,
	    size))
		return -ENOEXEC;
	return 0;
}

/* Check one PT_LOAD program header and add it to info. */
static int
add_segment(const struct elf64_phdr *ph, size_t size, uint64_t base,
    uint64_t user_max, struct elf_info *info)
{
	struct elf_segment *seg;
	uint64_t vaddr = ph->p_vaddr + base;

	if (info->nsegments == ELF_MAX_SEGMENTS)
		return -ENOEXEC;
	if (ph->p_filesz > ph->p_memsz || !in_image(ph->p_offset,
	    ph->p_filesz, size))
		return -ENOEXEC;
	if (vaddr < ph->p_vaddr || vaddr + ph->p_memsz < vaddr ||
	    vaddr + ph->p_memsz > user_max || vaddr < 0x1000)
		return -ENOEXEC;
	/* A page of the file must land on a page of memory. */
	if (PAGE_OFFSET(vaddr) != PAGE_OFFSET(ph->p_offset))
		return -ENOEXEC;
	/* W^X: never writable and executable at once. */
	if ((ph->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return -ENOEXEC;
	seg = &info->segments[info->nsegments++];
	seg->vaddr = vaddr;
	seg->memsz = ph->p_memsz;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->flags = ph->p_flags;
	return 0;
}

/* Segments must be in ascending order and not share a page. */
static int
check_overlap(const struct elf_info *info)
{
	for (int i = 1; i < info->nsegments; i++) {
		const struct elf_segment *a = &info->segments[i - 1];
		const struct elf_segment *b = &info->segments[i];

		if (((a->vaddr + a->memsz + 0xfff) & ~0xfffULL) >
		    (b->vaddr & ~0xfffULL))
			return -ENOEXEC;
	}
	return 0;
}

/* Does the entry point lie in an executable segment? */
static bool
entry_ok(const struct elf_info *info)
{
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->segments[i];

		if ((s->flags & PF_X) && info->entry >= s->vaddr &&
		    info->entry < s->vaddr + s->memsz)
			return true;
	}
	return false;
}

/* Find where the program headers are in memory, for AT_PHDR. */
static void
find_phdr_vaddr(const struct elf64_ehdr *eh, struct elf_info *info)
{
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->segments[i];

		if (eh->e_phoff >= s->offset &&
		    eh->e_phoff < s->offset + s->filesz)
			info->phdr_vaddr = s->vaddr + (eh->e_phoff - s->offset);
	}
}

/*
 * The headers are copied out of the image before they are read: an
 * archive member is only 4-byte aligned (cpio newc), and the structures
 * want 8.
 */
int
elf_parse(const void *image, size_t size, uint16_t machine, uint64_t dyn_base,
    uint64_t user_max, struct elf_info *info)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph;
	uint64_t base;
	int error;

	memset(info, 0, sizeof(*info));
	if (size < sizeof(eh))
		return -ENOEXEC;
	memcpy(&eh, image, sizeof(eh));
	if ((error = check_header(&eh, size, machine)) != 0)
		return error;
	base = eh.e_type == ET_DYN ? dyn_base : 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, (const char *)image + eh.e_phoff + i * sizeof(ph),
		    sizeof(ph));
		if (ph.p_type == PT_INTERP)
			return -ENOEXEC;	/* dynamically linked */
		if (ph.p_type == PT_LOAD && ph.p_memsz > 0 &&
		    (error = add_segment(&ph, size, base, user_max,
		    info)) != 0)
			return error;
	}
	info->entry = eh.e_entry + base;
	if (info->nsegments == 0 || check_overlap(info) != 0 ||
	    !entry_ok(info))
		return -ENOEXEC;
	info->type = eh.e_type;
	info->phnum = eh.e_phnum;
	info->phentsize = eh.e_phentsize;
	find_phdr_vaddr(&eh, info);
	return 0;
}
