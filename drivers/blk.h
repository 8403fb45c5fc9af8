/*
 * blk.h: block devices and block requests (drivers/blk.c; docs/virtio.md).
 *
 * A block device is an array of 512-byte sectors.  Its users (the swap
 * code to come, /dev/vdX, the tests) do not wait for the disk: they fill
 * in a struct blk_req (the operation, the first sector, a list of
 * physical segments, a function to call when it is done) and submit it;
 * blk_submit() returns as soon as the device has it, and the driver calls
 * req->done() from its interrupt handler when the disk has finished, with
 * req->error set.  Many requests can be in flight at once, as many as the
 * device's queue holds; a submitter that finds the queue full sleeps
 * until a request finishes.  blk_rw() is the synchronous wrapper, for the
 * few callers that want to wait.
 */
#ifndef _DRIVERS_BLK_H_
#define _DRIVERS_BLK_H_

#include "kernel/list.h"
#include "kernel/types.h"

#define BLK_SECTOR_SIZE	512
#define BLK_NAME_MAX	8

enum blk_op {
	BLK_READ,
	BLK_WRITE,
	BLK_FLUSH,	/* everything written so far, to stable storage */
	BLK_DISCARD,	/* the sectors' contents may be forgotten */
};

/* One physically contiguous piece of a request's memory. */
struct blk_seg {
	vm_paddr_t	pa;
	uint32_t	len;		/* a multiple of BLK_SECTOR_SIZE */
};

struct blk_req {
	struct blk_dev	*dev;
	enum blk_op	op;
	uint64_t	sector;		/* the first; READ, WRITE, DISCARD */
	uint32_t	nsectors;	/* DISCARD only: how many */
	int		nsegs;		/* READ, WRITE: the memory */
	struct blk_seg	*segs;
	/*
	 * Called once the request is finished, usually from interrupt
	 * context (a flush on a device without a cache: from blk_submit()
	 * itself): it must not sleep, nor submit (the queue may be full).
	 */
	void		(*done)(struct blk_req *req);
	void		*arg;		/* the caller's */
	int		error;		/* 0, -EIO, -EOPNOTSUPP; set before
					   done() */
	struct blk_req	*link;		/* the driver's, while in flight */
};

struct blk_dev;

/* What a driver does for the block layer. */
struct blk_ops {
	/*
	 * Start req (checked by blk_submit()), sleeping while the queue is
	 * full: 0, or an error if it could not be started (done() is then
	 * not called).
	 */
	int		(*submit)(struct blk_dev *dev, struct blk_req *req);
};

struct blk_dev {
	char		name[BLK_NAME_MAX];	/* "vda" */
	uint64_t	sectors;	/* the capacity */
	int		max_segs;	/* segments in one request */
	uint32_t	max_seg_bytes;	/* bytes in one segment */
	bool		can_flush;	/* else BLK_FLUSH is a no-op */
	bool		can_discard;	/* else BLK_DISCARD is -EOPNOTSUPP */
	bool		read_only;
	uint32_t	max_discard_sectors;
	const struct blk_ops *ops;
	void		*softc;		/* the driver's */
	int		index;		/* set by blk_register(): 0, 1, ... */
	/* Counters, for the tests (and /proc, to come). */
	uint64_t	nreads, nwrites, nerrors;
};

/*
 * blk_register: add dev to the devices (the caller has set everything but
 * index).  Its name is its driver's choice ("vda").  0, -ENOSPC.
 */
int	blk_register(struct blk_dev *dev);

/* blk_lookup: the device named name ("vda"), or NULL. */
struct blk_dev *blk_lookup(const char *name);
/* blk_get: the index-th device (0, 1, ...), or NULL. */
struct blk_dev *blk_get(int index);

/*
 * blk_submit: start req (see the top).  From a thread (it may sleep for
 * a free slot).  0; -EINVAL (sectors past the end, too many segments, a
 * segment too big or not a whole number of sectors), -EROFS (a write to
 * a read-only device), -EOPNOTSUPP (discard on a device without it).
 * A device error is reported later, in req->error.
 */
int	blk_submit(struct blk_req *req);

/*
 * blk_rw: op on len bytes at sector, to or from the physically
 * contiguous memory at pa, and wait for it.  Split into segments of the
 * device's size.  0 or an error (the device's -EIO included).
 */
int	blk_rw(struct blk_dev *dev, enum blk_op op, uint64_t sector,
	    vm_paddr_t pa, size_t len);

/*
 * blk_wait / blk_wait_done: wait for one request (blk_rw() does this).
 * Set req->done = blk_wait_done and req->arg = &wait, submit, then
 * blk_wait(&wait) returns when done() has run.
 */
struct blk_wait {
	bool		done;
};
void	blk_wait_done(struct blk_req *req);
void	blk_wait(struct blk_wait *wait);

/*
 * blk_bench: the raw speed of vda, measured in the kernel
 * (drivers/blkbench.c): RESULT lines on the console.  0, -ENODEV, -ENOMEM.
 */
int	blk_bench(void);

#endif /* !_DRIVERS_BLK_H_ */
