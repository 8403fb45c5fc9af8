/*
 * blkbench.c: the disk's raw speed, measured in the kernel (the command
 * line "blkbench", tools/blkbench.sh; docs/virtio.md).
 *
 * What swap will see: requests straight from kernel memory to the disk,
 * with no copy and no system call.  Sequential reads, then writes, of
 * BLKBENCH_MIB MiB of vda in requests of 4 KiB and of 2 MiB, with 1 and
 * with 32 requests in flight: each finished request is replaced at once
 * by the next, from the completion callback's wakeup.  One line each:
 *
 *   RESULT bench=kblk_read bs=4096 depth=32 mib=64 value=MIB_S unit=MiB/s
 *
 * The memory is the same few folios over and over: the disk, not the
 * memory, is what is measured.  It writes over the first 64 MiB of vda.
 */
#include "drivers/blk.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/machdep.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/vm_page.h"

#define BLKBENCH_MIB	64
#define BLKBENCH_DEPTH	32

/* A pass: the requests' slots, and which of them are free. */
struct bench_run {
	struct spinlock	lock;
	struct blk_req	reqs[BLKBENCH_DEPTH];
	struct blk_seg	segs[BLKBENCH_DEPTH];
	int		free[BLKBENCH_DEPTH];	/* (l) a stack of slots */
	int		nfree;			/* (l) */
	int		errors;			/* (l) */
};

/* A request is back: its slot is free again. */
static void
bench_done(struct blk_req *req)
{
	struct bench_run *run = req->arg;

	spin_lock(&run->lock);
	run->free[run->nfree++] = (int)(req - run->reqs);
	if (req->error != 0)
		run->errors++;
	wakeup(run);
	spin_unlock(&run->lock);
}

/* A free slot, sleeping until one is; or wait for all with all = true. */
static int
bench_slot(struct bench_run *run, int depth, bool all)
{
	int slot = -1;

	spin_lock(&run->lock);
	while (all ? run->nfree < depth : run->nfree == 0)
		sleep_on(run, &run->lock);
	if (!all)
		slot = run->free[--run->nfree];
	spin_unlock(&run->lock);
	return slot;
}

/*
 * One sequential pass of op over BLKBENCH_MIB MiB in bs-byte requests,
 * depth in flight, slot s reading or writing folio m[s]: nanoseconds,
 * or 0 on an error.
 */
static uint64_t
bench_pass(struct blk_dev *dev, enum blk_op op, size_t bs, int depth,
    struct vm_page **m, struct bench_run *run)
{
	uint64_t n = ((uint64_t)BLKBENCH_MIB << 20) / bs, start;

	spin_init(&run->lock, "blkbench");
	run->errors = 0;
	run->nfree = depth;
	for (int s = 0; s < depth; s++)
		run->free[s] = s;
	start = machine_nanotime();
	for (uint64_t i = 0; i < n; i++) {
		int s = bench_slot(run, depth, false);

		run->segs[s] = (struct blk_seg){ VM_PAGE_TO_PHYS(m[s]),
		    (uint32_t)bs };
		run->reqs[s] = (struct blk_req){ .dev = dev, .op = op,
		    .sector = i * (bs / BLK_SECTOR_SIZE), .nsegs = 1,
		    .segs = &run->segs[s], .done = bench_done, .arg = run };
		if (blk_submit(&run->reqs[s]) != 0)
			panic("bench_pass: a request blk_bench() checked was "
			    "refused");
	}
	bench_slot(run, depth, true);
	return run->errors == 0 ? machine_nanotime() - start : 0;
}

/* One line: a pass, as MiB/s. */
static void
bench_one(struct blk_dev *dev, enum blk_op op, size_t bs, int depth,
    struct vm_page **m, struct bench_run *run)
{
	uint64_t ns = bench_pass(dev, op, bs, depth, m, run);
	uint64_t mibps100 = ns == 0 ? 0 :
	    (uint64_t)BLKBENCH_MIB * 100 * 1000000000ULL / ns;

	printf("RESULT bench=kblk_%s bs=%zu depth=%d mib=%d value=%lu.%02lu "
	    "unit=MiB/s%s\n", op == BLK_READ ? "read" : "write", bs, depth,
	    BLKBENCH_MIB, mibps100 / 100, mibps100 % 100,
	    ns == 0 ? " error=1" : "");
}

/*
 * blk_bench: the matrix on vda (2 MiB folios, one per slot: 64 MiB of
 * memory).  0, or -ENODEV without a disk, -ENOMEM.
 */
int
blk_bench(void)
{
	static struct bench_run run;
	static const size_t sizes[] = { 4096, 2U << 20 };
	static const int depths[] = { 1, BLKBENCH_DEPTH };
	struct blk_dev *dev = blk_lookup("vda");
	struct vm_page *m[BLKBENCH_DEPTH] = { 0 };
	int error = 0;

	if (dev == NULL)
		return -ENODEV;
	if (dev->sectors * BLK_SECTOR_SIZE < ((uint64_t)BLKBENCH_MIB << 20) ||
	    dev->max_seg_bytes < (2U << 20) || dev->read_only) {
		printf("blkbench: vda must be writable, hold %d MiB and take "
		    "2 MiB segments\n", BLKBENCH_MIB);
		return -EINVAL;
	}
	for (int s = 0; s < BLKBENCH_DEPTH; s++)
		if ((m[s] = vm_page_alloc(9, 0)) == NULL)
			error = -ENOMEM;
	for (int op = 0; error == 0 && op < 2; op++)
		for (size_t b = 0; b < nitems(sizes); b++)
			for (size_t d = 0; d < nitems(depths); d++)
				bench_one(dev, op == 0 ? BLK_READ : BLK_WRITE,
				    sizes[b], depths[d], m, &run);
	for (int s = 0; s < BLKBENCH_DEPTH; s++)
		if (m[s] != NULL)
			vm_page_free(m[s]);
	return error;
}
