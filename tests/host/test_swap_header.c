/*
 * test_swap_header.c: swap_header_parse() (vm/swap_header.c) on headers
 * built in memory: what mkswap writes is taken, and every way the header
 * can be wrong is refused with -EINVAL and a reason.
 */
#include <errno.h>
#include <string.h>

#include "host_test.h"
#include "vm/swap_header.h"

#define KEINVAL		(-22)
#define DISK_PAGES	4096		/* a 16 MiB disk */

static unsigned char hdr[SWAP_HEADER_SIZE];
static struct swap_header_info info;
static const char *why;

static void
put32(size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		hdr[off + i] = (unsigned char)(v >> (8 * i));
}

/* What mkswap writes for a whole 16 MiB disk, with bad pages 7 and 9. */
static void
header_reset(void)
{
	memset(hdr, 0xa5, 1024);	/* boot bits: not ours to read */
	memset(hdr + 1024, 0, sizeof(hdr) - 1024);
	put32(SWAP_VERSION_OFF, 1);
	put32(SWAP_LAST_PAGE_OFF, DISK_PAGES - 1);
	put32(SWAP_NR_BADPAGES_OFF, 2);
	put32(SWAP_BADPAGES_OFF, 7);
	put32(SWAP_BADPAGES_OFF + 4, 9);
	memcpy(hdr + SWAP_LABEL_OFF, "pagoda-swap-0123", 16);	/* no NUL */
	memcpy(hdr + SWAP_MAGIC_OFF, SWAP_MAGIC, 10);
}

static int
parse(void)
{
	return swap_header_parse(hdr, DISK_PAGES, &info, &why);
}

HOST_TEST(swap_header_good)
{
	header_reset();
	HT_EQ(parse(), 0);
	HT_EQ(info.last_page, DISK_PAGES - 1);
	HT_EQ(info.nr_badpages, 2);
	HT_EQ(info.badpages[1], 9);
	HT_EQ(info.good_pages, DISK_PAGES - 1 - 2);
	HT_ASSERT(strcmp(info.label, "pagoda-swap-0123") == 0);
	/* An area smaller than its disk is fine too. */
	put32(SWAP_LAST_PAGE_OFF, 100);
	HT_EQ(parse(), 0);
	HT_EQ(info.good_pages, 98);
}

/* Each way to be wrong: -EINVAL and a reason. */
static void
expect_refused(struct host_ctx *ht, const char *want_why)
{
	why = NULL;
	HT_EQ(parse(), KEINVAL);
	HT_ASSERT(why != NULL && strstr(why, want_why) != NULL);
}

HOST_TEST(swap_header_signature)
{
	header_reset();
	memcpy(hdr + SWAP_MAGIC_OFF, "SWAP-SPACE", 10);
	expect_refused(ht, "version 0");
	memset(hdr + SWAP_MAGIC_OFF, 0, 10);
	expect_refused(ht, "no swap signature");
	memset(hdr, 0, sizeof(hdr));		/* a blank disk */
	expect_refused(ht, "no swap signature");
}

HOST_TEST(swap_header_version)
{
	header_reset();
	put32(SWAP_VERSION_OFF, 0x01000000);
	expect_refused(ht, "other byte order");
	put32(SWAP_VERSION_OFF, 2);
	expect_refused(ht, "version");
}

HOST_TEST(swap_header_size)
{
	header_reset();
	put32(SWAP_LAST_PAGE_OFF, DISK_PAGES);	/* one page too many */
	expect_refused(ht, "bigger than the disk");
	put32(SWAP_LAST_PAGE_OFF, 0xffffffff);
	expect_refused(ht, "bigger than the disk");
	put32(SWAP_LAST_PAGE_OFF, 0);
	expect_refused(ht, "empty");
}

HOST_TEST(swap_header_badpages)
{
	header_reset();
	put32(SWAP_BADPAGES_OFF, 0);		/* the header itself */
	expect_refused(ht, "bad page outside");
	header_reset();
	put32(SWAP_BADPAGES_OFF + 4, DISK_PAGES);	/* past last_page */
	expect_refused(ht, "bad page outside");
	header_reset();
	put32(SWAP_NR_BADPAGES_OFF, SWAP_MAX_BADPAGES + 1);
	expect_refused(ht, "too many bad pages");
	/* Every page bad: nothing left. */
	header_reset();
	put32(SWAP_LAST_PAGE_OFF, 2);
	put32(SWAP_BADPAGES_OFF, 1);
	put32(SWAP_BADPAGES_OFF + 4, 2);
	expect_refused(ht, "no usable page");
	/* The most bad pages a header holds is fine. */
	header_reset();
	put32(SWAP_NR_BADPAGES_OFF, SWAP_MAX_BADPAGES);
	for (uint32_t i = 0; i < SWAP_MAX_BADPAGES; i++)
		put32(SWAP_BADPAGES_OFF + 4 * i, 1 + i);
	HT_EQ(parse(), 0);
	HT_EQ(info.good_pages, DISK_PAGES - 1 - SWAP_MAX_BADPAGES);
}
