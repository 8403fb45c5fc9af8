/*
 * multiboot2.c: read GRUB's multiboot2 boot information into a bootinfo.
 *
 * The information is a list of tags, each 8-byte aligned:
 *
 *   u32 total_size, u32 reserved, then tags until type 0:
 *   +--------+--------+------------------+
 *   | u32 type        | u32 size         |  size includes this header
 *   +--------+--------+------------------+
 *   | ... type-specific payload ...      |
 *
 * We use tag 1 (command line), 3 (module: the initramfs) and 6 (memory map:
 * entries of u64 base, u64 length, u32 type, u32 reserved; type 1 is RAM).
 */
#include "arch/amd64/amd64.h"
#include "kernel/systm.h"
#include "machine/vmparam.h"

#define MB2_BOOTLOADER_MAGIC	0x36d76289
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_MMAP_AVAILABLE	1

struct mb2_tag {
	uint32_t	type;
	uint32_t	size;
};

struct mb2_module {
	struct mb2_tag	tag;
	uint32_t	mod_start;
	uint32_t	mod_end;
	char		cmdline[];
};

struct mb2_mmap {
	struct mb2_tag	tag;
	uint32_t	entry_size;
	uint32_t	entry_version;
	/* entries follow */
};

struct mb2_mmap_entry {
	uint64_t	base;
	uint64_t	length;
	uint32_t	type;
	uint32_t	reserved;
};

static void
parse_mmap(const struct mb2_mmap *mm, struct bootinfo *bi)
{
	const char *p = (const char *)(mm + 1);
	const char *end = (const char *)mm + mm->tag.size;

	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += mm->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;

		if (e->type == MB2_MMAP_AVAILABLE && e->length > 0)
			bootinfo_add_mem(bi, e->base, e->base + e->length);
	}
	bi->have_memory_map = true;
}

/* Does the command-line tag contain word?  (Read before anything else.) */
static bool
find_cmdline(const char *base, uint32_t total, const char *word)
{
	const char *p = base + 8;
	size_t len = strlen(word);

	while (p < base + total) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			for (const char *s = p + sizeof(*tag); *s; s++)
				if (strncmp(s, word, len) == 0)
					return true;
		p += roundup2(tag->size, 8);
	}
	return false;
}

void
multiboot2_parse(uint32_t magic, vm_paddr_t mbi, struct bootinfo *bi)
{
	const char *base = (const char *)PHYS_TO_DMAP(mbi);
	uint32_t total = *(const uint32_t *)base;
	const char *p = base + 8;
	bool ignore_mmap;

	if (magic != MB2_BOOTLOADER_MAGIC)
		panic("multiboot2_parse: bad magic 0x%x: not booted by a "
		    "multiboot2 loader", magic);
	bootinfo_add_reserved(bi, mbi, mbi + total);
	/* Fault injection for the tests: act as if the loader gave no map. */
	ignore_mmap = find_cmdline(base, total, "bootinfo.nommap");
	while (p < base + total) {
		const struct mb2_tag *tag = (const void *)p;

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_CMDLINE)
			strlcpy(bi->cmdline, p + sizeof(*tag),
			    sizeof(bi->cmdline));
		if (tag->type == MB2_TAG_MMAP && !ignore_mmap)
			parse_mmap((const void *)tag, bi);
		if (tag->type == MB2_TAG_MODULE) {
			const struct mb2_module *mod = (const void *)tag;

			bi->initrd.start = mod->mod_start;
			bi->initrd.end = mod->mod_end;
			bootinfo_add_reserved(bi, mod->mod_start, mod->mod_end);
		}
		p += roundup2(tag->size, 8);
	}
}
