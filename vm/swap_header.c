/*
 * swap_header.c: reading a swap area's header (see swap_header.h).
 */
#include "vm/swap_header.h"
#include "kernel/errno.h"
#include "kernel/systm.h"

/* The little-endian u32 at off (copied: the page may be unaligned). */
static uint32_t
get32(const uint8_t *p, size_t off)
{
	return (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 |
	    (uint32_t)p[off + 2] << 16 | (uint32_t)p[off + 3] << 24;
}

static int
refuse(const char **why, const char *what)
{
	*why = what;
	return -EINVAL;
}

/* The signature and the version; the format's own checks. */
static int
check_format(const uint8_t *p, const char **why)
{
	uint32_t version;

	if (memcmp(p + SWAP_MAGIC_OFF, "SWAP-SPACE", 10) == 0)
		return refuse(why, "old swap format (version 0): run mkswap");
	if (memcmp(p + SWAP_MAGIC_OFF, SWAP_MAGIC, 10) != 0)
		return refuse(why, "no swap signature (SWAPSPACE2): run mkswap");
	version = get32(p, SWAP_VERSION_OFF);
	if (version == 0x01000000)
		return refuse(why, "a header of the other byte order");
	if (version != 1)
		return refuse(why, "unknown swap header version");
	return 0;
}

/* The bad-page list: in range, and counted out of the good pages. */
static int
read_badpages(const uint8_t *p, struct swap_header_info *out,
    const char **why)
{
	for (uint32_t i = 0; i < out->nr_badpages; i++) {
		uint32_t page = get32(p, SWAP_BADPAGES_OFF + 4 * i);

		if (page == 0 || page > out->last_page)
			return refuse(why, "a bad page outside the area");
		out->badpages[i] = page;
	}
	return 0;
}

int
swap_header_parse(const void *hdr, uint64_t disk_pages,
    struct swap_header_info *out, const char **why)
{
	const uint8_t *p = hdr;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = check_format(p, why)) != 0)
		return error;
	out->last_page = get32(p, SWAP_LAST_PAGE_OFF);
	out->nr_badpages = get32(p, SWAP_NR_BADPAGES_OFF);
	if (out->nr_badpages > SWAP_MAX_BADPAGES)
		return refuse(why, "too many bad pages");
	if (out->last_page == 0)
		return refuse(why, "an empty swap area");
	if (out->last_page >= disk_pages)
		return refuse(why, "the area is bigger than the disk");
	if ((error = read_badpages(p, out, why)) != 0)
		return error;
	/* (a page listed twice is counted twice: Linux does the same) */
	if (out->nr_badpages >= out->last_page)
		return refuse(why, "no usable page");
	out->good_pages = out->last_page - out->nr_badpages;
	memcpy(out->uuid, p + SWAP_UUID_OFF, 16);
	memcpy(out->label, p + SWAP_LABEL_OFF, 16);
	out->label[16] = '\0';
	*why = NULL;
	return 0;
}
