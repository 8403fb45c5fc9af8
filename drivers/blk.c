/*
 * blk.c: the block devices and the checks every request passes (see
 * blk.h).  The drivers do the rest.
 */
#include "drivers/blk.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/sched.h"
#include "kernel/systm.h"

#define BLK_MAX_DEVICES	8

static struct blk_dev *blk_devices[BLK_MAX_DEVICES];
static int blk_ndevices;
static struct spinlock blk_lock = SPINLOCK_INITIALIZER("blk");

int
blk_register(struct blk_dev *dev)
{
	int error = -ENOSPC;

	spin_lock(&blk_lock);
	if (blk_ndevices < BLK_MAX_DEVICES) {
		dev->index = blk_ndevices;
		blk_devices[blk_ndevices++] = dev;
		error = 0;
	}
	spin_unlock(&blk_lock);
	return error;
}

struct blk_dev *
blk_get(int index)
{
	struct blk_dev *dev = NULL;

	spin_lock(&blk_lock);
	if (index >= 0 && index < blk_ndevices)
		dev = blk_devices[index];
	spin_unlock(&blk_lock);
	return dev;
}

struct blk_dev *
blk_lookup(const char *name)
{
	struct blk_dev *dev;

	for (int i = 0; (dev = blk_get(i)) != NULL; i++)
		if (strcmp(dev->name, name) == 0)
			return dev;
	return NULL;
}

/* The segments of req: whole sectors, within the device's limits. */
static int
check_segs(const struct blk_dev *dev, const struct blk_req *req,
    uint64_t *sectors)
{
	uint64_t bytes = 0;

	if (req->nsegs < 1 || req->nsegs > dev->max_segs)
		return -EINVAL;
	for (int i = 0; i < req->nsegs; i++) {
		const struct blk_seg *seg = &req->segs[i];

		if (seg->len == 0 || seg->len % BLK_SECTOR_SIZE != 0 ||
		    seg->len > dev->max_seg_bytes)
			return -EINVAL;
		bytes += seg->len;
	}
	*sectors = bytes / BLK_SECTOR_SIZE;
	return 0;
}

/* Is req one the device can take?  0 or why not. */
static int
check_req(const struct blk_dev *dev, const struct blk_req *req)
{
	uint64_t n = 0;
	int error;

	switch (req->op) {
	case BLK_READ:
	case BLK_WRITE:
		if ((error = check_segs(dev, req, &n)) != 0)
			return error;
		if (req->op == BLK_WRITE && dev->read_only)
			return -EROFS;
		break;
	case BLK_DISCARD:
		if (!dev->can_discard)
			return -EOPNOTSUPP;
		if (req->nsectors == 0 ||
		    req->nsectors > dev->max_discard_sectors)
			return -EINVAL;
		n = req->nsectors;
		break;
	case BLK_FLUSH:
		return 0;
	default:
		return -EINVAL;
	}
	if (req->sector > dev->sectors || n > dev->sectors - req->sector)
		return -EINVAL;
	return 0;
}

int
blk_submit(struct blk_req *req)
{
	struct blk_dev *dev = req->dev;
	int error;

	KASSERT(req->done != NULL, ("blk_submit: no done()"));
	if ((error = check_req(dev, req)) != 0)
		return error;
	req->error = 0;
	if (req->op == BLK_FLUSH && !dev->can_flush) {
		req->done(req);		/* nothing to flush: done at once */
		return 0;
	}
	return dev->ops->submit(dev, req);
}

/* ---- waiting for a request -------------------------------------------- */

static struct spinlock blk_wait_lock = SPINLOCK_INITIALIZER("blk wait");

void
blk_wait_done(struct blk_req *req)
{
	struct blk_wait *wait = req->arg;

	spin_lock(&blk_wait_lock);
	wait->done = true;
	wakeup(wait);
	spin_unlock(&blk_wait_lock);
}

void
blk_wait(struct blk_wait *wait)
{
	spin_lock(&blk_wait_lock);
	while (!wait->done)
		sleep_on(wait, &blk_wait_lock);
	spin_unlock(&blk_wait_lock);
}

#define BLK_RW_SEGS	16

int
blk_rw(struct blk_dev *dev, enum blk_op op, uint64_t sector, vm_paddr_t pa,
    size_t len)
{
	struct blk_seg segs[BLK_RW_SEGS];
	struct blk_wait wait = { false };
	struct blk_req req = {
		.dev = dev, .op = op, .sector = sector, .segs = segs,
		.done = blk_wait_done, .arg = &wait,
	};
	int error;

	/* Cut the memory into segments the device takes. */
	for (size_t done = 0; done < len; req.nsegs++) {
		if (req.nsegs == BLK_RW_SEGS)
			return -EINVAL;
		segs[req.nsegs].pa = pa + done;
		segs[req.nsegs].len = (uint32_t)MIN(len - done,
		    dev->max_seg_bytes);
		done += segs[req.nsegs].len;
	}
	if ((error = blk_submit(&req)) != 0)
		return error;
	blk_wait(&wait);
	return req.error;
}
