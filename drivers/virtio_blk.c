/*
 * virtio_blk.c: the virtio block device (virtio 1.x, 5.2), as a
 * struct blk_dev (drivers/blk.h).
 *
 * One request is one chain of descriptors in the request queue (queue 0):
 *
 *   header (device reads)    type (IN, OUT, FLUSH, DISCARD), sector
 *   data   (reads: device writes; writes: device reads), one descriptor
 *          per segment; for DISCARD, one range (sector, count)
 *   status (device writes)   one byte: OK, IOERR or UNSUPP
 *
 * The header and the status byte must be in memory the device can reach
 * while the request is in flight, so each request takes a slot from a
 * table of them; the slot is the cookie the virtqueue hands back when the
 * device is done.  The interrupt handler collects finished requests under
 * the queue's lock, then calls their done() functions without it, and
 * wakes submitters that found the queue full.
 */
#include "drivers/blk.h"
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "machine/vmparam.h"
#include "vm/kmem.h"

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX	1	/* size_max: bytes in a segment */
#define VIRTIO_BLK_F_SEG_MAX	2	/* seg_max: segments in a request */
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_FLUSH	9
#define VIRTIO_BLK_F_DISCARD	13

/* Configuration space (5.2.4), byte offsets. */
#define CFG_CAPACITY		0	/* le64, in 512-byte sectors */
#define CFG_SIZE_MAX		8	/* le32 */
#define CFG_SEG_MAX		12	/* le32 */
#define CFG_MAX_DISCARD_SECTORS	36	/* le32 */

/* Request types and statuses (5.2.6). */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_DISCARD	11
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_UNSUPP	2	/* (1, IOERR, and anything else: -EIO) */

#define VBLK_QUEUE_SIZE		256	/* at most; the device may say less */
#define VBLK_MAX_SEGS		64	/* our own cap: bufs[] is on the stack */

/* What the device reads and writes besides the data, per request. */
struct vblk_slot {
	struct {			/* struct virtio_blk_req's header */
		uint32_t	type;
		uint32_t	reserved;
		uint64_t	sector;
	} hdr;
	struct {			/* a discard's one range */
		uint64_t	sector;
		uint32_t	num_sectors;
		uint32_t	flags;
	} range;
	uint8_t		status;
	struct blk_req	*req;
	struct vblk_slot *next_free;
};

struct vblk {
	struct blk_dev	bdev;
	struct virtio_dev *vdev;
	struct virtq	*vq;		/* its lock covers the slots too */
	struct vblk_slot *slots;
	struct vblk_slot *free_slots;
};

static int vblk_count;			/* disks so far: vda, vdb, ... */

static vm_paddr_t
kva_to_pa(const void *p)
{
	return DMAP_TO_PHYS((vm_offset_t)p);
}

/* The descriptors of req's data: its segments, a discard's range, or
 * none (a flush). */
static int
data_bufs(const struct blk_req *req)
{
	switch (req->op) {
	case BLK_READ:
	case BLK_WRITE:
		return req->nsegs;
	case BLK_DISCARD:
		return 1;
	default:
		return 0;
	}
}

/* The chain for req in bufs (room for VBLK_MAX_SEGS + 2); its length. */
static int
build_chain(struct vblk_slot *slot, const struct blk_req *req,
    struct virtq_buf *bufs)
{
	static const uint32_t types[] = {
		[BLK_READ] = VIRTIO_BLK_T_IN, [BLK_WRITE] = VIRTIO_BLK_T_OUT,
		[BLK_FLUSH] = VIRTIO_BLK_T_FLUSH,
		[BLK_DISCARD] = VIRTIO_BLK_T_DISCARD,
	};
	int n = 0;

	slot->hdr.type = types[req->op];
	slot->hdr.reserved = 0;
	slot->hdr.sector = req->op == BLK_FLUSH ? 0 : req->sector;
	slot->status = 0xff;		/* what the device did not write */
	bufs[n++] = (struct virtq_buf){ kva_to_pa(&slot->hdr),
	    sizeof(slot->hdr), false };
	if (req->op == BLK_DISCARD) {
		slot->range.sector = req->sector;
		slot->range.num_sectors = req->nsectors;
		slot->range.flags = 0;
		bufs[n++] = (struct virtq_buf){ kva_to_pa(&slot->range),
		    sizeof(slot->range), false };
	}
	for (int i = 0; data_bufs(req) > 0 && i < req->nsegs; i++)
		bufs[n++] = (struct virtq_buf){ req->segs[i].pa,
		    req->segs[i].len, req->op == BLK_READ };
	bufs[n++] = (struct virtq_buf){ kva_to_pa(&slot->status), 1, true };
	return n;
}

/*
 * Start req: wait, sleeping, for a slot and n free descriptors, then put
 * the chain in the ring and ring the doorbell.
 */
static int
vblk_submit(struct blk_dev *bdev, struct blk_req *req)
{
	struct virtq_buf bufs[VBLK_MAX_SEGS + 2];
	struct vblk *vb = bdev->softc;
	struct virtq *vq = vb->vq;
	int n = data_bufs(req) + 2;
	struct vblk_slot *slot;

	spin_lock(&vq->lock);
	while (vb->free_slots == NULL || vq->nfree < n)
		sleep_on(vb, &vq->lock);
	slot = vb->free_slots;
	vb->free_slots = slot->next_free;
	slot->req = req;
	if (build_chain(slot, req, bufs) != n || virtq_add(vq, bufs, n,
	    slot) != 0)
		panic("vblk_submit: no room after waiting for it");
	/* (and build_chain() made the n descriptors counted) */
	virtq_notify(vq);
	spin_unlock(&vq->lock);
	return 0;
}

/* The errno of a finished request. */
static int
status_error(uint8_t status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return -EOPNOTSUPP;
	default:
		return -EIO;		/* IOERR, or no status at all */
	}
}

/* Count req's outcome on its device. */
static void
account(struct blk_dev *bdev, const struct blk_req *req)
{
	if (req->error != 0)
		bdev->nerrors++;
	else if (req->op == BLK_READ)
		bdev->nreads++;
	else if (req->op == BLK_WRITE)
		bdev->nwrites++;
}

/* The queue interrupt: finish what the device finished. */
static void
vblk_intr(struct virtio_dev *vdev)
{
	struct vblk *vb = vdev->softc;
	struct blk_req *done = NULL, *req;
	struct vblk_slot *slot;
	uint32_t len;

	spin_lock(&vb->vq->lock);
	while ((slot = virtq_next_used(vb->vq, &len)) != NULL) {
		req = slot->req;
		req->error = status_error(slot->status);
		account(&vb->bdev, req);
		req->link = done;
		done = req;
		slot->req = NULL;
		slot->next_free = vb->free_slots;
		vb->free_slots = slot;
	}
	wakeup(vb);			/* room for whoever waits */
	spin_unlock(&vb->vq->lock);
	while ((req = done) != NULL) {
		done = req->link;
		req->done(req);
	}
}

static const struct blk_ops vblk_ops = {
	.submit = vblk_submit,
};

/* Read the limits from the configuration space into bdev. */
static void
read_config(struct virtio_dev *vdev, struct blk_dev *bdev, uint16_t qsize)
{
	const struct virtio_transport *tp = vdev->tp;
	uint32_t seg_max = qsize - 2, size_max = 4U << 20;

	bdev->sectors = tp->config_read(vdev, CFG_CAPACITY, 8);
	if (virtio_has(vdev, VIRTIO_BLK_F_SEG_MAX))
		seg_max = MIN(seg_max, (uint32_t)tp->config_read(vdev,
		    CFG_SEG_MAX, 4));
	if (virtio_has(vdev, VIRTIO_BLK_F_SIZE_MAX))
		size_max = MIN(size_max, (uint32_t)tp->config_read(vdev,
		    CFG_SIZE_MAX, 4));
	bdev->max_segs = (int)MIN(MAX(seg_max, 1U), VBLK_MAX_SEGS);
	bdev->max_seg_bytes = MAX(rounddown2(size_max, BLK_SECTOR_SIZE),
	    BLK_SECTOR_SIZE);
	bdev->read_only = virtio_has(vdev, VIRTIO_BLK_F_RO);
	bdev->can_flush = virtio_has(vdev, VIRTIO_BLK_F_FLUSH);
	bdev->can_discard = virtio_has(vdev, VIRTIO_BLK_F_DISCARD);
	if (bdev->can_discard)
		bdev->max_discard_sectors = (uint32_t)tp->config_read(vdev,
		    CFG_MAX_DISCARD_SECTORS, 4);
}

/* The slot table, all free. */
static int
alloc_slots(struct vblk *vb, uint16_t n)
{
	if ((vb->slots = kmalloc(n * sizeof(*vb->slots), KM_ZERO)) == NULL)
		return -ENOMEM;
	for (uint16_t i = 0; i < n; i++) {
		vb->slots[i].next_free = vb->free_slots;
		vb->free_slots = &vb->slots[i];
	}
	return 0;
}

static void
print_disk(const struct vblk *vb)
{
	const struct blk_dev *b = &vb->bdev;

	printf("%s: virtio-blk on %s, %lu sectors (%lu KiB), queue %u, "
	    "%d segments of %u KiB%s%s%s\n", b->name, vb->vdev->where,
	    b->sectors, b->sectors / 2, vb->vq->size, b->max_segs,
	    b->max_seg_bytes >> 10, b->can_flush ? ", flush" : "",
	    b->can_discard ? ", discard" : "",
	    b->read_only ? ", read-only" : "");
}

int
virtio_blk_attach(struct virtio_dev *vdev)
{
	struct vblk *vb = kmalloc(sizeof(*vb), KM_ZERO);
	int error;

	if (vb == NULL)
		return -ENOMEM;
	vb->vdev = vdev;
	if ((error = virtio_negotiate(vdev, 1ULL << VIRTIO_BLK_F_SIZE_MAX |
	    1ULL << VIRTIO_BLK_F_SEG_MAX | 1ULL << VIRTIO_BLK_F_RO |
	    1ULL << VIRTIO_BLK_F_FLUSH |
	    1ULL << VIRTIO_BLK_F_DISCARD)) != 0 ||
	    (error = vdev->tp->setup_intr(vdev)) != 0 ||
	    (error = virtq_create(vdev, 0, VBLK_QUEUE_SIZE, &vb->vq)) != 0 ||
	    (error = alloc_slots(vb, vb->vq->size)) != 0) {
		kfree(vb);		/* (a virtqueue stays: boot time) */
		return error;
	}
	read_config(vdev, &vb->bdev, vb->vq->size);
	snprintf(vb->bdev.name, sizeof(vb->bdev.name), "vd%c",
	    'a' + vblk_count++);
	vb->bdev.ops = &vblk_ops;
	vb->bdev.softc = vb;
	vdev->softc = vb;
	vdev->intr = vblk_intr;
	virtio_driver_ok(vdev);
	print_disk(vb);
	return blk_register(&vb->bdev);
}
