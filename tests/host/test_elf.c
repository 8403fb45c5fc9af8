/*
 * test_elf.c: host tests of elf_parse() (kernel/elf.c).
 *
 * Every test starts from one small, valid static executable built in
 * memory by image_reset() (the layout is drawn below), changes a field or
 * two, and parses it.  parse_cut() hands elf_parse() a heap block of
 * exactly the bytes it claims, so AddressSanitizer sees any read past the
 * end of the image.  The bad images must all give -ENOEXEC; a last test
 * flips random bytes of the headers and checks that whatever elf_parse()
 * accepts keeps every promise of elf.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel/elf.h"

/* kernel/errno.h's values are Linux's, as are the host's. */
#define KENOEXEC	(-ENOEXEC)

/*
 * The image (ET_EXEC; image_reset_dyn() moves every address down by
 * TEXT_VADDR to make a static-pie ET_DYN of it):
 *
 *   file offset   contents                      loads at
 *   0x0000        ELF header                    0x400000  text: R-X,
 *   0x0040        PH_SLOTS program headers      0x400040  file 0x2000,
 *                 (PH_USED in use)                        mem 0x2000
 *   0x0300        a PT_NOTE's bytes             0x400300
 *   0x1000        the entry point               0x401000
 *   0x2010        data: file 0x100 bytes        0x403010  data: RW-,
 *   0x2110        end of file                             mem 0x3000
 *                                                         (0x2f00 bss)
 *
 * Program headers: [0] PT_LOAD text, [1] PT_LOAD data, [2] PT_NOTE,
 * [3] PT_GNU_STACK (ignored, as every non-PT_LOAD header but PT_INTERP).
 */
#define TEXT_VADDR	0x400000ULL
#define TEXT_SIZE	0x2000ULL
#define NOTE_OFFSET	0x300ULL
#define ENTRY		0x401000ULL
#define DATA_OFFSET	0x2010ULL
#define DATA_VADDR	0x403010ULL
#define DATA_FILESZ	0x100ULL
#define DATA_MEMSZ	0x3000ULL
#define IMAGE_SIZE	(DATA_OFFSET + DATA_FILESZ)
#define PHOFF		sizeof(struct elf64_ehdr)
#define PH_SLOTS	10
#define PH_USED		4
#define PH_TABLE_END	(PHOFF + PH_USED * sizeof(struct elf64_phdr))

#define PT_NOTE		4
#define PT_GNU_STACK	0x6474e551
#define ET_NONE		0
#define ET_REL		1
#define ET_CORE		4

/* What exec passes on amd64 (kernel/exec.c): the stack's guard gap. */
#define USER_MAX	0x7fffff7ef000ULL
#define DYN_BASE	0x555555554000ULL	/* USER_PIE_BASE */

static union {
	uint8_t		bytes[IMAGE_SIZE];
	uint64_t	align;
} image;

static struct elf64_ehdr *
ehdr(void)
{
	return (struct elf64_ehdr *)image.bytes;
}

static struct elf64_phdr *
phdr(int i)
{
	return (struct elf64_phdr *)(image.bytes + PHOFF) + i;
}

static void
set_phdr(int i, uint32_t type, uint32_t flags, uint64_t offset,
    uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	*phdr(i) = (struct elf64_phdr){ .p_type = type, .p_flags = flags,
	    .p_offset = offset, .p_vaddr = vaddr, .p_paddr = vaddr,
	    .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
}

/* Make image the valid ET_EXEC drawn above. */
static void
image_reset(void)
{
	struct elf64_ehdr *eh = ehdr();

	for (size_t i = 0; i < IMAGE_SIZE; i++)
		image.bytes[i] = (uint8_t)(i * 7 + 1);
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELF_MAGIC, 4);
	eh->e_ident[4] = ELFCLASS64;
	eh->e_ident[5] = ELFDATA2LSB;
	eh->e_ident[6] = 1;			/* EV_CURRENT */
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = 1;
	eh->e_entry = ENTRY;
	eh->e_phoff = PHOFF;
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	eh->e_phnum = PH_USED;
	memset(phdr(0), 0, PH_SLOTS * sizeof(struct elf64_phdr));
	set_phdr(0, PT_LOAD, PF_R | PF_X, 0, TEXT_VADDR, TEXT_SIZE,
	    TEXT_SIZE);
	set_phdr(1, PT_LOAD, PF_R | PF_W, DATA_OFFSET, DATA_VADDR,
	    DATA_FILESZ, DATA_MEMSZ);
	set_phdr(2, PT_NOTE, PF_R, NOTE_OFFSET, TEXT_VADDR + NOTE_OFFSET,
	    0x20, 0x20);
	set_phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

/* The same program linked as a static-pie: its addresses start at 0. */
static void
image_reset_dyn(void)
{
	image_reset();
	ehdr()->e_type = ET_DYN;
	ehdr()->e_entry -= TEXT_VADDR;
	for (int i = 0; i < 3; i++) {
		phdr(i)->p_vaddr -= TEXT_VADDR;
		phdr(i)->p_paddr -= TEXT_VADDR;
	}
}

/*
 * elf_parse() on the first size bytes of image, copied into a heap block
 * of exactly that size (AddressSanitizer guards its end).
 */
static int
parse_cut(size_t size, uint16_t machine, struct elf_info *info)
{
	uint8_t *copy = malloc(size > 0 ? size : 1);
	int error;

	if (copy == NULL)
		abort();
	memcpy(copy, image.bytes, size);
	error = elf_parse(copy, size, machine, DYN_BASE, USER_MAX, info);
	free(copy);
	return error;
}

static int
parse(struct elf_info *info)
{
	return parse_cut(IMAGE_SIZE, EM_X86_64, info);
}

/* Only the verdict. */
static int
parse_status(void)
{
	struct elf_info info;

	return parse(&info);
}

/* Check what elf_parse() said of the valid image moved up by base. */
static void
check_valid_info(struct host_ctx *ht, const struct elf_info *info,
    uint16_t type, uint64_t base)
{
	const struct elf_segment want[2] = {
		{ TEXT_VADDR + base, TEXT_SIZE, 0, TEXT_SIZE, PF_R | PF_X },
		{ DATA_VADDR + base, DATA_MEMSZ, DATA_OFFSET, DATA_FILESZ,
		    PF_R | PF_W },
	};

	HT_EQ(info->type, type);
	HT_EQ(info->entry, ENTRY + base);
	HT_EQ(info->phdr_vaddr, TEXT_VADDR + PHOFF + base);
	HT_EQ(info->phnum, PH_USED);
	HT_EQ(info->phentsize, sizeof(struct elf64_phdr));
	HT_EQ(info->nsegments, 2);
	for (int i = 0; i < 2; i++) {
		HT_EQ(info->segments[i].vaddr, want[i].vaddr);
		HT_EQ(info->segments[i].memsz, want[i].memsz);
		HT_EQ(info->segments[i].offset, want[i].offset);
		HT_EQ(info->segments[i].filesz, want[i].filesz);
		HT_EQ(info->segments[i].flags, want[i].flags);
	}
}

/* ---- good images -------------------------------------------------------- */

HOST_TEST(elf_exec_valid)
{
	struct elf_info info;

	image_reset();
	HT_EQ(parse(&info), 0);
	check_valid_info(ht, &info, ET_EXEC, 0);
}

/* A static-pie is placed at dyn_base: every address moves, no offset. */
HOST_TEST(elf_dyn_at_dyn_base)
{
	struct elf_info info;

	image_reset_dyn();
	HT_EQ(parse(&info), 0);
	check_valid_info(ht, &info, ET_DYN, DYN_BASE - TEXT_VADDR);
	HT_EQ(info.segments[0].vaddr, DYN_BASE);
}

/* The machine is the caller's: an arm64 image for arm64 only. */
HOST_TEST(elf_machine)
{
	struct elf_info info;

	image_reset();
	ehdr()->e_machine = EM_AARCH64;
	HT_EQ(parse_cut(IMAGE_SIZE, EM_AARCH64, &info), 0);
	HT_EQ(parse_cut(IMAGE_SIZE, EM_X86_64, &info), KENOEXEC);
	image_reset();
	HT_EQ(parse_cut(IMAGE_SIZE, EM_AARCH64, &info), KENOEXEC);
	ehdr()->e_machine = 3;				/* EM_386 */
	HT_EQ(parse_cut(IMAGE_SIZE, EM_X86_64, &info), KENOEXEC);
}

/* The limits themselves are allowed: [4 KiB, user_max). */
HOST_TEST(elf_range_limits_ok)
{
	image_reset();
	phdr(1)->p_memsz = USER_MAX - DATA_VADDR;
	HT_EQ(parse_status(), 0);
	image_reset();
	phdr(0)->p_vaddr = 0x1000;
	ehdr()->e_entry = 0x1000;
	HT_EQ(parse_status(), 0);
}

/*
 * Segments may abut on a page boundary; a PT_LOAD of no size maps nothing
 * and is ignored, wherever it claims to be (as Linux does).
 */
HOST_TEST(elf_segments_abut_ok)
{
	image_reset();
	phdr(1)->p_vaddr = TEXT_VADDR + TEXT_SIZE + 0x10;
	HT_EQ(parse_status(), 0);
	image_reset();
	set_phdr(3, PT_LOAD, PF_R, 0x123, ~0ULL, 0, 0);
	HT_EQ(parse_status(), 0);
}

/* ---- not an executable for us ------------------------------------------ */

HOST_TEST(elf_bad_magic)
{
	for (int i = 0; i < 4; i++) {
		image_reset();
		image.bytes[i] ^= 0x20;
		HT_EQ(parse_status(), KENOEXEC);
	}
	image_reset();
	memcpy(image.bytes, "this is not a program\n", 22);
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_class32)
{
	image_reset();
	ehdr()->e_ident[4] = 1;				/* ELFCLASS32 */
	HT_EQ(parse_status(), KENOEXEC);
	ehdr()->e_ident[4] = 0;			/* ELFCLASSNONE */
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_big_endian)
{
	image_reset();
	ehdr()->e_ident[5] = 2;				/* ELFDATA2MSB */
	HT_EQ(parse_status(), KENOEXEC);
	ehdr()->e_ident[5] = 0;
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_bad_type)
{
	const uint16_t types[] = { ET_NONE, ET_REL, ET_CORE, 0xfe00 };

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		image_reset();
		ehdr()->e_type = types[i];
		HT_EQ(parse_status(), KENOEXEC);
	}
}

HOST_TEST(elf_interp)
{
	image_reset();
	phdr(2)->p_type = PT_INTERP;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset_dyn();			/* a PIE, not a static-pie */
	phdr(2)->p_type = PT_INTERP;
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_no_load)
{
	image_reset();
	phdr(0)->p_type = PT_NOTE;
	phdr(1)->p_type = PT_NOTE;
	HT_EQ(parse_status(), KENOEXEC);
	/* PT_LOADs of no size do not count. */
	image_reset();
	phdr(0)->p_filesz = phdr(0)->p_memsz = 0;
	phdr(1)->p_filesz = phdr(1)->p_memsz = 0;
	HT_EQ(parse_status(), KENOEXEC);
}

/* ---- the file is short -------------------------------------------------- */

HOST_TEST(elf_truncated_header)
{
	struct elf_info info;
	const size_t sizes[] = { 0, 1, 4, 16, 24, 58, PHOFF - 1 };

	image_reset();
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		HT_EQ(parse_cut(sizes[i], EM_X86_64, &info), KENOEXEC);
}

HOST_TEST(elf_truncated_phdrs)
{
	struct elf_info info;

	image_reset();
	HT_EQ(parse_cut(PHOFF, EM_X86_64, &info), KENOEXEC);
	HT_EQ(parse_cut(PHOFF + 1, EM_X86_64, &info), KENOEXEC);
	HT_EQ(parse_cut(PHOFF + sizeof(struct elf64_phdr), EM_X86_64, &info),
	    KENOEXEC);
	HT_EQ(parse_cut(PH_TABLE_END - 1, EM_X86_64, &info), KENOEXEC);
}

HOST_TEST(elf_truncated_segment)
{
	struct elf_info info;

	image_reset();
	HT_EQ(parse_cut(IMAGE_SIZE - 1, EM_X86_64, &info), KENOEXEC);
	HT_EQ(parse_cut(DATA_OFFSET + DATA_FILESZ / 2, EM_X86_64, &info),
	    KENOEXEC);
	HT_EQ(parse_cut(TEXT_SIZE / 2, EM_X86_64, &info), KENOEXEC);
}

/* The data segment's bytes end the file: every shorter cut is refused. */
HOST_TEST(elf_truncated_every_size)
{
	struct elf_info info;

	image_reset();
	for (size_t size = 0; size < IMAGE_SIZE; size++)
		if (parse_cut(size, EM_X86_64, &info) != KENOEXEC)
			HT_FAIL("cut at %zu bytes: not -ENOEXEC", size);
	HT_EQ(parse_cut(IMAGE_SIZE, EM_X86_64, &info), 0);
}

/* ---- the program header table ------------------------------------------ */

HOST_TEST(elf_bad_phentsize)
{
	const uint16_t sizes[] = { 0, 32, 55, 57, 64 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		image_reset();
		ehdr()->e_phentsize = sizes[i];
		HT_EQ(parse_status(), KENOEXEC);
	}
}

HOST_TEST(elf_phnum_zero)
{
	image_reset();
	ehdr()->e_phnum = 0;
	HT_EQ(parse_status(), KENOEXEC);
}

/* e_phoff past the end, or wrapping around. */
HOST_TEST(elf_phoff_outside)
{
	image_reset();
	ehdr()->e_phoff = IMAGE_SIZE - 8;
	HT_EQ(parse_status(), KENOEXEC);
	ehdr()->e_phoff = IMAGE_SIZE + 0x1000;
	HT_EQ(parse_status(), KENOEXEC);
	ehdr()->e_phoff = ~0ULL - 0x3f;	/* + the table wraps around */
	HT_EQ(parse_status(), KENOEXEC);
}

/*
 * An archive member is only 4-byte aligned (cpio newc): the image, and
 * its program header table within it, may start off an 8-byte boundary.
 * (Under UBSan, reading the headers in place would fail here.)
 */
HOST_TEST(elf_misaligned_image)
{
	struct elf_info info;
	uint8_t *block = malloc(IMAGE_SIZE + 4);

	HT_ASSERT(block != NULL);
	image_reset();
	memmove(image.bytes + PHOFF + 4, phdr(0),
	    PH_USED * sizeof(struct elf64_phdr));
	ehdr()->e_phoff = PHOFF + 4;
	memcpy(block + 4, image.bytes, IMAGE_SIZE);
	HT_EQ(elf_parse(block + 4, IMAGE_SIZE, EM_X86_64, DYN_BASE, USER_MAX,
	    &info), 0);
	HT_EQ(info.entry, ENTRY);
	HT_EQ(info.nsegments, 2);
	free(block);
}

/* ELF_MAX_SEGMENTS PT_LOADs are allowed, one more is not. */
HOST_TEST(elf_too_many_segments)
{
	image_reset();
	for (int i = 2; i < ELF_MAX_SEGMENTS + 1; i++)
		set_phdr(i, PT_LOAD, PF_R, 0, 0x500000 + i * 0x1000, 0,
		    0x1000);
	ehdr()->e_phnum = ELF_MAX_SEGMENTS;
	HT_EQ(parse_status(), 0);
	ehdr()->e_phnum = ELF_MAX_SEGMENTS + 1;
	HT_EQ(parse_status(), KENOEXEC);
}

/* ---- one segment is wrong ----------------------------------------------- */

HOST_TEST(elf_filesz_over_memsz)
{
	image_reset();
	phdr(1)->p_memsz = DATA_FILESZ - 1;
	HT_EQ(parse_status(), KENOEXEC);
}

/* A segment's file bytes out of the file, or wrapping around. */
HOST_TEST(elf_file_bytes_outside)
{
	image_reset();
	phdr(1)->p_filesz = DATA_FILESZ + 1;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_offset += 0x1000;
	phdr(1)->p_vaddr += 0x1000;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_offset = ~0ULL - 0xfef;	/* page offset 0x010 */
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_segment_above_user_max)
{
	image_reset();
	phdr(1)->p_memsz = USER_MAX - DATA_VADDR + 1;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_vaddr = USER_MAX + 0x10;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_vaddr = 0xffff800000000010ULL;	/* kernel space */
	HT_EQ(parse_status(), KENOEXEC);
	/* A static-pie that dyn_base pushes past user_max. */
	image_reset_dyn();
	phdr(1)->p_memsz = USER_MAX - DYN_BASE - (DATA_VADDR - TEXT_VADDR) + 1;
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_segment_below_4k)
{
	image_reset();
	phdr(0)->p_vaddr = 0;
	ehdr()->e_entry = 0x1000;
	HT_EQ(parse_status(), KENOEXEC);
	/* A static-pie at dyn_base 0 would start at page 0. */
	image_reset_dyn();
	HT_EQ(elf_parse(image.bytes, IMAGE_SIZE, EM_X86_64, 0, USER_MAX,
	    &(struct elf_info){ 0 }), KENOEXEC);
}

/* vaddr + memsz wraps to a small address, below user_max. */
HOST_TEST(elf_segment_wraps)
{
	image_reset();
	phdr(1)->p_vaddr = 0xfffffffffffff010ULL;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(0)->p_memsz = ~0ULL - TEXT_VADDR + 0x1001;
	HT_EQ(parse_status(), KENOEXEC);
}

/*
 * A static-pie whose p_vaddr + dyn_base wraps around to a fine user
 * address (below its other segment, and holding the entry point, so that
 * only the wrap is wrong).
 */
HOST_TEST(elf_dyn_base_wraps)
{
	image_reset_dyn();
	phdr(0)->p_vaddr = TEXT_VADDR - DYN_BASE;
	ehdr()->e_entry = ENTRY - DYN_BASE;
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_page_offset_mismatch)
{
	image_reset();
	phdr(1)->p_vaddr += 8;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_offset -= 8;
	HT_EQ(parse_status(), KENOEXEC);
}

HOST_TEST(elf_write_and_exec)
{
	image_reset();
	phdr(1)->p_flags = PF_R | PF_W | PF_X;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(0)->p_flags = PF_W | PF_X;
	HT_EQ(parse_status(), KENOEXEC);
}

/* Overlapping bytes, a shared page, or segments out of order. */
HOST_TEST(elf_overlap)
{
	image_reset();
	phdr(1)->p_vaddr = TEXT_VADDR + 0x1010;
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_vaddr = TEXT_VADDR + TEXT_SIZE + 0x10;
	phdr(0)->p_memsz = TEXT_SIZE + 8;	/* no common byte, one page */
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(1)->p_vaddr = TEXT_VADDR - 0x10000 + 0x10;
	HT_EQ(parse_status(), KENOEXEC);
	/* The same segment twice. */
	image_reset();
	*phdr(1) = *phdr(0);
	HT_EQ(parse_status(), KENOEXEC);
}

/* ---- the entry point ---------------------------------------------------- */

HOST_TEST(elf_entry_outside)
{
	const uint64_t entries[] = { 0, TEXT_VADDR - 1, TEXT_VADDR + TEXT_SIZE,
	    DATA_VADDR + DATA_MEMSZ, 0x500000, ~0ULL };

	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		image_reset();
		ehdr()->e_entry = entries[i];
		HT_EQ(parse_status(), KENOEXEC);
	}
	image_reset();
	ehdr()->e_entry = TEXT_VADDR;			/* first byte */
	HT_EQ(parse_status(), 0);
	ehdr()->e_entry = TEXT_VADDR + TEXT_SIZE - 1;	/* last byte */
	HT_EQ(parse_status(), 0);
}

HOST_TEST(elf_entry_not_exec)
{
	image_reset();
	ehdr()->e_entry = DATA_VADDR;
	HT_EQ(parse_status(), KENOEXEC);
	ehdr()->e_entry = DATA_VADDR + DATA_MEMSZ - 1;	/* in the bss */
	HT_EQ(parse_status(), KENOEXEC);
	image_reset();
	phdr(0)->p_flags = PF_R;			/* no X anywhere */
	HT_EQ(parse_status(), KENOEXEC);
}

/* ---- random damage ------------------------------------------------------ */

#define RND_ROUNDS	20000

/* Does s keep every promise elf.h makes of an accepted segment? */
static bool
segment_sane(const struct elf_segment *s, size_t size)
{
	return s->vaddr >= 0x1000 && s->memsz > 0 &&
	    s->vaddr + s->memsz > s->vaddr && s->vaddr + s->memsz <= USER_MAX &&
	    s->filesz <= s->memsz && s->offset <= size &&
	    s->filesz <= size - s->offset &&
	    (s->vaddr & 0xfff) == (s->offset & 0xfff) &&
	    (s->flags & (PF_W | PF_X)) != (PF_W | PF_X);
}

/* An accepted image: sane, ordered segments and an executable entry. */
static bool
info_sane(const struct elf_info *info, size_t size)
{
	bool entry_found = false;

	if (info->nsegments < 1 || info->nsegments > ELF_MAX_SEGMENTS ||
	    (info->type != ET_EXEC && info->type != ET_DYN))
		return false;
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->segments[i];

		if (!segment_sane(s, size))
			return false;
		if (i > 0 && ((s[-1].vaddr + s[-1].memsz + 0xfff) & ~0xfffULL) >
		    (s->vaddr & ~0xfffULL))
			return false;
		if ((s->flags & PF_X) && info->entry >= s->vaddr &&
		    info->entry < s->vaddr + s->memsz)
			entry_found = true;
	}
	return entry_found;
}

/*
 * Flip a few random bytes of the header and program headers, sometimes
 * cut the file too: never a sanitizer report, and anything accepted is
 * sane.  Some rounds start from the static-pie.
 */
HOST_TEST(elf_random_damage)
{
	struct elf_info info;
	int accepted = 0;

	for (int round = 0; round < RND_ROUNDS; round++) {
		size_t size = IMAGE_SIZE;
		int nflips = 1 + (int)host_random_below(4);

		if (host_random_below(2) == 0)
			image_reset();
		else
			image_reset_dyn();
		for (int i = 0; i < nflips; i++)
			image.bytes[host_random_below(PH_TABLE_END)] ^=
			    (uint8_t)(1 << host_random_below(8));
		if (host_random_below(8) == 0)
			size = host_random_below(IMAGE_SIZE + 1);
		if (parse_cut(size, EM_X86_64, &info) != 0)
			continue;
		accepted++;
		if (!info_sane(&info, size))
			HT_FAIL("round %d: accepted a bad image (seed %lu)",
			    round, (unsigned long)host_seed());
	}
	/* Flips in unused fields (e_shoff, p_paddr, ...) are harmless. */
	HT_ASSERT(accepted > 0);
}
