/*
 * swap.c: in-kernel tests of swap areas, their slots and the slots' I/O
 * (vm/swap.c).  They make vda a swap area themselves (writing a header
 * the way mkswap does), so they need the disks tools/check.sh gives the
 * in-kernel tests; without vda they are skipped.  vda is 8 MiB: 2048
 * slots, 4 clusters, of which cluster 0 holds the header, so three 2 MiB
 * folios fit.
 */
#include "drivers/blk.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "tests/ktest/swapdisk.h"
#include "vm/swap.h"
#include "vm/swap_header.h"
#include "vm/vm_page.h"

static void *
kva(struct vm_page *m)
{
	return (void *)PHYS_TO_DMAP(VM_PAGE_TO_PHYS(m));
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int
ktest_swap_disk_on(const char *name, int flags)
{
	struct blk_dev *dev = blk_lookup(name);
	char path[16];
	struct vm_page *m = vm_page_alloc(0, VM_ALLOC_ZERO);
	uint8_t *h;
	int error;

	if (dev == NULL || m == NULL) {
		if (m != NULL)
			vm_page_free(m);
		return -ENODEV;
	}
	h = kva(m);
	put32(h + SWAP_VERSION_OFF, 1);
	put32(h + SWAP_LAST_PAGE_OFF, (uint32_t)(dev->sectors /
	    (PAGE_SIZE / BLK_SECTOR_SIZE)) - 1);
	memcpy(h + SWAP_MAGIC_OFF, SWAP_MAGIC, 10);
	error = blk_rw(dev, BLK_WRITE, 0, VM_PAGE_TO_PHYS(m), PAGE_SIZE);
	vm_page_free(m);
	snprintf(path, sizeof(path), "/dev/%s", name);
	return error != 0 ? error : swap_on(path, flags);
}

/* Fill 2^order pages with the pattern of the slots from entry on. */
static void
fill(struct vm_page *m, int order, swp_entry_t e, bool check, bool *ok)
{
	uint64_t *w = kva(m);

	for (size_t i = 0; i < (PAGE_SIZE << order) / 8; i++) {
		uint64_t want = (e.val + i / (PAGE_SIZE / 8)) ^ (i * 2654435761U);

		if (!check)
			w[i] = want;
		else if (w[i] != want)
			*ok = false;
	}
}

/* Out to its slots and back into another folio: every byte returns. */
static bool
round_trip(int order, swp_entry_t e)
{
	struct vm_page *out = vm_page_alloc(order, 0);
	struct vm_page *in = vm_page_alloc(order, VM_ALLOC_ZERO);
	bool ok = out != NULL && in != NULL;

	if (ok) {
		fill(out, order, e, false, &ok);
		ok = swap_folio_rw(e, out, order, true) == 0 &&
		    swap_folio_rw(e, in, order, false) == 0;
		fill(in, order, e, true, &ok);
	}
	if (out != NULL)
		vm_page_free(out);
	if (in != NULL)
		vm_page_free(in);
	return ok;
}

/*
 * Slots of both orders, their pages out and back; a 2 MiB folio is one
 * request; the area is full when it is full, and off again at the end
 * with every slot given back.
 */
KTEST(swap_slots_io)
{
	struct blk_dev *dev = blk_lookup("vda");
	swp_entry_t small, huge[3], extra;
	uint64_t writes;
	bool ok = true;

	if (dev == NULL)
		KT_SKIP("no disk vda");
	KT_EQ(ktest_swap_disk_on("vda", 0), 0);
	KT_EQ(swap_slot_alloc(0, &small), 0);
	ok = ok && round_trip(0, small);
	for (int i = 0; i < 3; i++)
		KT_EQ(swap_slot_alloc(9, &huge[i]), 0);
	KT_EQ(swap_slot_alloc(9, &extra), -ENOSPC);	/* no free cluster */
	writes = dev->nwrites;
	ok = ok && round_trip(9, huge[1]);
	KT_EQ(dev->nwrites, writes + 1);		/* one request */
	KT_EQ(swp_offset(huge[1]) % 512, 0);
	swap_slot_put(small, 1);
	for (int i = 0; i < 3; i++)
		swap_slot_put(huge[i], 512);
	KT_EQ(swap_off("/dev/vda"), 0);
	KT_ASSERT(ok);
}

/*
 * Two areas: slots come from the one of higher priority (vdb, given 5,
 * over vda's default -2), and from the other once it has none of the
 * order asked (vdb, 768 slots, has no whole free cluster).
 */
KTEST(swap_priority)
{
	swp_entry_t e, h;
	unsigned small_from, huge_from;

	if (blk_lookup("vda") == NULL || blk_lookup("vdb") == NULL)
		KT_SKIP("no disks vda and vdb");
	KT_EQ(ktest_swap_disk_on("vda", 0), 0);
	KT_EQ(ktest_swap_disk_on("vdb", SWAP_FLAG_PREFER | 5), 0);
	KT_EQ(swap_slot_alloc(0, &e), 0);
	KT_EQ(swap_slot_alloc(9, &h), 0);
	small_from = swp_type(e);	/* areas are numbered as they come: */
	huge_from = swp_type(h);	/* vda 0, vdb 1 */
	swap_slot_put(e, 1);
	swap_slot_put(h, 512);
	KT_EQ(swap_off("/dev/vda"), 0);
	KT_EQ(swap_off("/dev/vdb"), 0);
	KT_EQ(swap_off("/dev/vda"), -EINVAL);
	KT_EQ(swap_slot_alloc(0, &e), -ENOSPC);	/* no area at all */
	/* (checked after the areas are off, so a failure leaves none on) */
	KT_EQ(small_from, 1);
	KT_EQ(huge_from, 0);
}
