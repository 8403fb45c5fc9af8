/*
 * swap_header.h: the first page of a swap area, in Linux's format
 * (vm/swap_header.c; docs/swap.md).
 *
 * util-linux's mkswap writes it, and so does Pagoda's (user/bin/mkswap.c),
 * so a disk prepared on either system works on both.  Byte offsets in the
 * 4 KiB page:
 *
 *      0  boot bits (1024 bytes, left alone: a boot sector may live there)
 *   1024  version           u32, 1
 *   1028  last_page         u32, the last usable page (the area's size - 1)
 *   1032  nr_badpages       u32, how many entries badpages[] has
 *   1036  uuid[16]
 *   1052  volume label[16]
 *   1068  padding (117 x u32)
 *   1536  badpages[]        u32 page numbers never to use, at most 637
 *   4086  "SWAPSPACE2"      the signature, the page's last 10 bytes
 *
 * All numbers are little-endian (the machine's: both of ours are); a
 * header written by a big-endian machine is refused, as is the old
 * "SWAP-SPACE" (version 0) format.
 */
#ifndef _VM_SWAP_HEADER_H_
#define _VM_SWAP_HEADER_H_

#include "kernel/types.h"

#define SWAP_HEADER_SIZE	4096
#define SWAP_MAGIC		"SWAPSPACE2"
#define SWAP_MAGIC_OFF		(SWAP_HEADER_SIZE - 10)
#define SWAP_VERSION_OFF	1024
#define SWAP_LAST_PAGE_OFF	1028
#define SWAP_NR_BADPAGES_OFF	1032
#define SWAP_UUID_OFF		1036
#define SWAP_LABEL_OFF		1052
#define SWAP_BADPAGES_OFF	1536
#define SWAP_MAX_BADPAGES	((SWAP_MAGIC_OFF - SWAP_BADPAGES_OFF) / 4)

struct swap_header_info {
	uint32_t	last_page;	/* slots 0 .. last_page; 0 the header */
	uint32_t	nr_badpages;
	uint32_t	badpages[SWAP_MAX_BADPAGES];
	uint32_t	good_pages;	/* usable: last_page - bad */
	uint8_t		uuid[16];
	char		label[17];	/* NUL-terminated */
};

/*
 * swap_header_parse: check the header page hdr (SWAP_HEADER_SIZE bytes)
 * of a disk of disk_pages 4 KiB pages and describe it in *out.  0, or
 * -EINVAL with *why saying what is wrong in a few words.  Pages past the
 * disk's end, a bad page 0 or past last_page, and an area with no usable
 * page are all refused, as Linux refuses them.
 */
int	swap_header_parse(const void *hdr, uint64_t disk_pages,
	    struct swap_header_info *out, const char **why);

#endif /* !_VM_SWAP_HEADER_H_ */
