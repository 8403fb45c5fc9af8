/*
 * blk.c: in-kernel tests of the block layer and the virtio-blk driver.
 *
 * They need disks: tools/check.sh boots the in-kernel tests with two,
 * vda (8 MiB) and vdb (an odd size: 3 MiB and 7 sectors), and boots
 * "test=blkerr" once more with a disk whose sector blkerr= (on the
 * command line) QEMU's blkdebug fails.  Without a disk a test is skipped,
 * never passed.  Every test writes patterns that encode the sector and a
 * seed, and checks every byte it reads back.
 */
#include "drivers/blk.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/lock.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "vm/vm_page.h"

#define SECTOR		BLK_SECTOR_SIZE

static void *
page_kva(struct vm_page *m)
{
	return (void *)PHYS_TO_DMAP(VM_PAGE_TO_PHYS(m));
}

/* Fill len bytes at p with the pattern of the sectors from sector on. */
static void
fill_pattern(void *p, size_t len, uint64_t sector, uint64_t seed)
{
	uint64_t *w = p;

	for (size_t i = 0; i < len / 8; i++)
		w[i] = ((sector + i * 8 / SECTOR) << 20) ^ (i * 0x9e3779b9) ^
		    seed;
}

/* Does len bytes at p hold that pattern? */
static bool
check_pattern(const void *p, size_t len, uint64_t sector, uint64_t seed)
{
	const uint64_t *w = p;

	for (size_t i = 0; i < len / 8; i++)
		if (w[i] != (((sector + i * 8 / SECTOR) << 20) ^
		    (i * 0x9e3779b9) ^ seed))
			return false;
	return true;
}

/* Write a pattern to n sectors at sector through folio m, read it back. */
static bool
round_trip(struct blk_dev *dev, struct vm_page *m, uint64_t sector,
    size_t len, uint64_t seed)
{
	fill_pattern(page_kva(m), len, sector, seed);
	if (blk_rw(dev, BLK_WRITE, sector, VM_PAGE_TO_PHYS(m), len) != 0)
		return false;
	memset(page_kva(m), 0, len);
	if (blk_rw(dev, BLK_READ, sector, VM_PAGE_TO_PHYS(m), len) != 0)
		return false;
	return check_pattern(page_kva(m), len, sector, seed);
}

/* Read after write at random sectors, of random lengths up to 32 KiB. */
KTEST(blk_random_sectors)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *m;
	uint64_t seed = random_u64();

	if (dev == NULL)
		KT_SKIP("no disk vda");
	KT_ASSERT((m = vm_page_alloc(3, 0)) != NULL);
	for (int i = 0; i < 64; i++) {
		size_t len = (1 + random_u64() % 64) * SECTOR;
		uint64_t sector = random_u64() % (dev->sectors - len / SECTOR);

		if (!round_trip(dev, m, sector, len, seed)) {
			vm_page_free(m);
			KT_ASSERT(!"pattern lost at a random sector");
		}
	}
	vm_page_free(m);
}

/* The last sector of each disk works; one past it is refused. */
KTEST(blk_bounds)
{
	struct blk_dev *dev;
	struct vm_page *m;
	int ndisks = 0;

	KT_ASSERT((m = vm_page_alloc(0, 0)) != NULL);
	for (int i = 0; (dev = blk_get(i)) != NULL; i++, ndisks++) {
		KT_ASSERT(round_trip(dev, m, dev->sectors - 1, SECTOR, i));
		KT_EQ(blk_rw(dev, BLK_READ, dev->sectors, VM_PAGE_TO_PHYS(m),
		    SECTOR), -EINVAL);
		KT_EQ(blk_rw(dev, BLK_READ, dev->sectors - 1,
		    VM_PAGE_TO_PHYS(m), 2 * SECTOR), -EINVAL);
	}
	vm_page_free(m);
	if (ndisks == 0)
		KT_SKIP("no disk");
}

/* A 2 MiB folio goes down as one segment, one request each way. */
KTEST(blk_2mib_folio)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *m;
	uint64_t reads, writes;
	bool ok;

	if (dev == NULL)
		KT_SKIP("no disk vda");
	KT_ASSERT(dev->max_seg_bytes >= (2U << 20));
	KT_ASSERT((m = vm_page_alloc(9, 0)) != NULL);
	reads = dev->nreads;
	writes = dev->nwrites;
	ok = round_trip(dev, m, 4096 + 8, 2U << 20, 42);
	vm_page_free(m);
	KT_ASSERT(ok);
	KT_EQ(dev->nreads, reads + 1);
	KT_EQ(dev->nwrites, writes + 1);
}

#define MANY_SEGS	32

/* Submit one request over pages[] (one segment each) and wait for it. */
static int
rw_pages(struct blk_dev *dev, enum blk_op op, uint64_t sector,
    struct vm_page **pages, int n)
{
	struct blk_seg segs[MANY_SEGS];
	struct blk_wait wait = { false };
	struct blk_req req = { .dev = dev, .op = op, .sector = sector,
	    .nsegs = n, .segs = segs, .done = blk_wait_done, .arg = &wait };
	int error;

	for (int i = 0; i < n; i++)
		segs[i] = (struct blk_seg){ VM_PAGE_TO_PHYS(pages[i]),
		    PAGE_SIZE };
	if ((error = blk_submit(&req)) != 0)
		return error;
	blk_wait(&wait);
	return req.error;
}

static void
free_pages_array(struct vm_page **pages, int n)
{
	for (int i = 0; i < n; i++)
		if (pages[i] != NULL)
			vm_page_free(pages[i]);
}

/* One request over 32 scattered pages, read back into 32 others. */
KTEST(blk_many_segments)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *out[MANY_SEGS] = { 0 }, *in[MANY_SEGS] = { 0 };
	int n, error = 0, bad = 0;
	uint64_t sector = 1000;

	if (dev == NULL)
		KT_SKIP("no disk vda");
	n = MIN(MANY_SEGS, dev->max_segs);
	KT_ASSERT(n >= 2);
	for (int i = 0; i < n; i++) {
		out[i] = vm_page_alloc(0, 0);
		in[i] = vm_page_alloc(0, VM_ALLOC_ZERO);
		if (out[i] != NULL)
			fill_pattern(page_kva(out[i]), PAGE_SIZE,
			    sector + i * 8, 7);
	}
	for (int i = 0; i < n; i++)
		if (out[i] == NULL || in[i] == NULL)
			error = -ENOMEM;
	if (error == 0 && (error = rw_pages(dev, BLK_WRITE, sector, out,
	    n)) == 0)
		error = rw_pages(dev, BLK_READ, sector, in, n);
	for (int i = 0; error == 0 && i < n; i++)
		bad += !check_pattern(page_kva(in[i]), PAGE_SIZE,
		    sector + i * 8, 7);
	free_pages_array(out, n);
	free_pages_array(in, n);
	KT_EQ(error, 0);
	KT_EQ(bad, 0);
	/* A request with no segment at all is refused. */
	KT_EQ(rw_pages(dev, BLK_READ, sector, in, 0), -EINVAL);
}

/* ---- many requests in flight ------------------------------------------ */

#define INFLIGHT	160	/* 3 descriptors each: more than the queue's
				   256, so some submitters sleep */

static struct spinlock inflight_lock = SPINLOCK_INITIALIZER("kt inflight");
static int inflight_done, inflight_errors;

static void
inflight_done_fn(struct blk_req *req)
{
	spin_lock(&inflight_lock);
	inflight_done++;
	if (req->error != 0)
		inflight_errors++;
	wakeup(&inflight_done);
	spin_unlock(&inflight_lock);
}

/* Submit n requests of a page each (pages[i] at sector base + 8 i). */
static int
submit_all(struct blk_dev *dev, enum blk_op op, struct vm_page **pages,
    struct blk_req *reqs, struct blk_seg *segs, int n, uint64_t base)
{
	inflight_done = inflight_errors = 0;
	for (int i = 0; i < n; i++) {
		int error;

		segs[i] = (struct blk_seg){ VM_PAGE_TO_PHYS(pages[i]),
		    PAGE_SIZE };
		reqs[i] = (struct blk_req){ .dev = dev, .op = op,
		    .sector = base + 8 * (uint64_t)i, .nsegs = 1,
		    .segs = &segs[i], .done = inflight_done_fn };
		if ((error = blk_submit(&reqs[i])) != 0)
			return error;
	}
	spin_lock(&inflight_lock);
	while (inflight_done < n)
		sleep_on(&inflight_done, &inflight_lock);
	spin_unlock(&inflight_lock);
	return inflight_errors == 0 ? 0 : -EIO;
}

/* 160 writes submitted without waiting, then 160 reads: all land. */
KTEST(blk_many_in_flight)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *reqmem, *pages[INFLIGHT] = { 0 };
	struct blk_req *reqs;
	struct blk_seg *segs;
	int error = 0, bad = 0;

	if (dev == NULL)
		KT_SKIP("no disk vda");
	KT_ASSERT((reqmem = vm_page_alloc(4, VM_ALLOC_ZERO)) != NULL);
	reqs = page_kva(reqmem);
	segs = (struct blk_seg *)(reqs + INFLIGHT);
	for (int i = 0; i < INFLIGHT; i++)
		if ((pages[i] = vm_page_alloc(0, 0)) == NULL)
			error = -ENOMEM;
		else
			fill_pattern(page_kva(pages[i]), PAGE_SIZE,
			    2048 + 8 * i, 11);
	if (error == 0 && (error = submit_all(dev, BLK_WRITE, pages, reqs,
	    segs, INFLIGHT, 2048)) == 0) {
		for (int i = 0; i < INFLIGHT; i++)
			memset(page_kva(pages[i]), 0, PAGE_SIZE);
		error = submit_all(dev, BLK_READ, pages, reqs, segs, INFLIGHT,
		    2048);
	}
	for (int i = 0; error == 0 && i < INFLIGHT; i++)
		bad += !check_pattern(page_kva(pages[i]), PAGE_SIZE,
		    2048 + 8 * i, 11);
	free_pages_array(pages, INFLIGHT);
	vm_page_free(reqmem);
	KT_EQ(error, 0);
	KT_EQ(bad, 0);
}

/* Flush always works; discard where the device offers it. */
KTEST(blk_flush_discard)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct blk_wait wait = { false };
	struct blk_req req;

	if (dev == NULL)
		KT_SKIP("no disk vda");
	KT_EQ(blk_rw(dev, BLK_FLUSH, 0, 0, 0), 0);
	req = (struct blk_req){ .dev = dev, .op = BLK_DISCARD,
	    .sector = 8192, .nsectors = 64, .done = blk_wait_done,
	    .arg = &wait };
	if (!dev->can_discard) {
		KT_EQ(blk_submit(&req), -EOPNOTSUPP);
		return;
	}
	KT_EQ(blk_submit(&req), 0);
	blk_wait(&wait);
	KT_EQ(req.error, 0);
}

/* ---- errors (boot with blkdebug: see the top) -------------------------- */

/*
 * The sector blkdebug fails reads and writes at is an I/O error (-EIO),
 * the requests around it are not, and the disk goes on working.
 */
KTEST(blkerr_read_write)
{
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *m;
	char arg[24];
	uint64_t bad, errors;

	if (dev == NULL || !cmdline_get("blkerr", arg, sizeof(arg)))
		KT_SKIP("no blkdebug disk (blkerr=SECTOR)");
	bad = strtoul(arg, NULL, 10);
	errors = dev->nerrors;
	KT_ASSERT((m = vm_page_alloc(0, 0)) != NULL);
	KT_EQ(blk_rw(dev, BLK_READ, bad, VM_PAGE_TO_PHYS(m), SECTOR), -EIO);
	KT_EQ(blk_rw(dev, BLK_WRITE, bad, VM_PAGE_TO_PHYS(m), SECTOR), -EIO);
	KT_EQ(blk_rw(dev, BLK_READ, bad - 8, VM_PAGE_TO_PHYS(m), 8 * SECTOR),
	    0);
	KT_ASSERT(round_trip(dev, m, bad + 1, 8 * SECTOR, 3));
	KT_EQ(dev->nerrors, errors + 2);
	vm_page_free(m);
}
