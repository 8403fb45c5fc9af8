/*
 * virtio.c: the virtio core, the part that is the same on every transport
 * (see virtio.h, and docs/virtio.md for the pictures).
 *
 * Bringing a device up (virtio 1.x, 3.1.1):
 *
 *   reset (status 0) -> ACKNOWLEDGE -> DRIVER -> read the device's
 *   features, write the ones we keep -> FEATURES_OK (and read it back: the
 *   device may refuse) -> set up the queues -> DRIVER_OK
 *
 * and from then on the driver talks to it through virtqueues.  A split
 * virtqueue is three arrays in ordinary memory: the descriptor table, the
 * available ring (driver to device) and the used ring (device to driver).
 * The free descriptors are kept in a list threaded through their own
 * next fields, as the device ignores a descriptor that no chain reaches.
 *
 * Ordering.  The device reads the rings while we write them, so the
 * order in which our writes become visible matters: a chain's
 * descriptors before the ring entry that names it, the ring entry before
 * avail->idx that publishes it, avail->idx before we read used->flags to
 * decide whether to kick; and on the way back, used->idx before the used
 * entries it covers.  virtio_mb() is a full barrier (an mfence, a dmb),
 * more than some of these need, and easy to reason about.
 */
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/vm_page.h"

#define virtio_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Add bits to the device status (the bits already set stay). */
static void
add_status(struct virtio_dev *dev, uint8_t bits)
{
	dev->tp->set_status(dev, dev->tp->get_status(dev) | bits);
}

void
virtio_fail(struct virtio_dev *dev, const char *why)
{
	printf("virtio: %s: %s\n", dev->where, why);
	add_status(dev, VIRTIO_STATUS_FAILED);
}

int
virtio_attach(struct virtio_dev *dev)
{
	int error;

	dev->tp->set_status(dev, 0);		/* reset, done when it reads 0 */
	for (int i = 0; i < 1000000 && dev->tp->get_status(dev) != 0; i++)
		continue;
	add_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	switch (dev->type) {
	case VIRTIO_ID_BLOCK:
		add_status(dev, VIRTIO_STATUS_DRIVER);
		error = virtio_blk_attach(dev);
		break;
	default:
		printf("virtio: %s: device type %u, no driver\n", dev->where,
		    dev->type);
		return -ENODEV;
	}
	if (error != 0)
		add_status(dev, VIRTIO_STATUS_FAILED);
	return error;
}

int
virtio_negotiate(struct virtio_dev *dev, uint64_t wanted)
{
	uint64_t offered = dev->tp->get_features(dev);

	wanted |= 1ULL << VIRTIO_F_VERSION_1;
	if ((offered & (1ULL << VIRTIO_F_VERSION_1)) == 0) {
		virtio_fail(dev, "no VIRTIO_F_VERSION_1: a legacy device");
		return -ENODEV;
	}
	dev->features = offered & wanted;
	dev->tp->set_features(dev, dev->features);
	add_status(dev, VIRTIO_STATUS_FEATURES_OK);
	if ((dev->tp->get_status(dev) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		virtio_fail(dev, "the device refused our features");
		return -ENODEV;
	}
	return 0;
}

void
virtio_driver_ok(struct virtio_dev *dev)
{
	add_status(dev, VIRTIO_STATUS_DRIVER_OK);
}

void
virtio_intr(void *arg)
{
	struct virtio_dev *dev = arg;

	if (dev->tp->intr_ack(dev) && dev->intr != NULL)
		dev->intr(dev);
}

/* ---- virtqueues ---------------------------------------------------- */

/* Bytes of each part for size descriptors (2.6: alignments 16, 2, 4). */
#define DESC_BYTES(n)	((size_t)(n) * sizeof(struct virtq_desc))
#define AVAIL_BYTES(n)	(sizeof(struct virtq_avail) + 2 * (size_t)(n) + 2)
#define USED_BYTES(n)	(sizeof(struct virtq_used) + \
			    (size_t)(n) * sizeof(struct virtq_used_elem) + 2)

/* Lay the three parts out in one zeroed folio; link the free list. */
static int
virtq_alloc_rings(struct virtq *vq)
{
	size_t avail_off = DESC_BYTES(vq->size);
	size_t used_off = roundup2(avail_off + AVAIL_BYTES(vq->size), 4);
	size_t bytes = used_off + USED_BYTES(vq->size);
	char *base;

	vq->rings = vm_page_alloc(vm_page_order(bytes), VM_ALLOC_ZERO);
	vq->cookie = kmalloc(vq->size * sizeof(void *), KM_ZERO);
	if (vq->rings == NULL || vq->cookie == NULL)
		return -ENOMEM;
	vq->desc_pa = VM_PAGE_TO_PHYS(vq->rings);
	vq->avail_pa = vq->desc_pa + avail_off;
	vq->used_pa = vq->desc_pa + used_off;
	base = (char *)PHYS_TO_DMAP(vq->desc_pa);
	vq->desc = (struct virtq_desc *)base;
	vq->avail = (struct virtq_avail *)(base + avail_off);
	vq->used = (struct virtq_used *)(base + used_off);
	for (uint16_t i = 0; i < vq->size; i++)
		vq->desc[i].next = (uint16_t)(i + 1);
	vq->free_head = 0;
	vq->nfree = vq->size;
	return 0;
}

int
virtq_create(struct virtio_dev *dev, uint16_t index, uint16_t max_size,
    struct virtq **out)
{
	uint16_t dev_max = dev->tp->queue_max(dev, index);
	struct virtq *vq;
	int error;

	if (dev_max == 0)
		return -ENODEV;
	if ((vq = kmalloc(sizeof(*vq), KM_ZERO)) == NULL)
		return -ENOMEM;
	spin_init(&vq->lock, "virtq");
	vq->dev = dev;
	vq->index = index;
	vq->size = MIN(dev_max, max_size);
	while (!powerof2(vq->size))	/* the ring's index is taken mod size */
		vq->size &= (uint16_t)(vq->size - 1);
	if ((error = virtq_alloc_rings(vq)) != 0 ||
	    (error = dev->tp->queue_setup(dev, vq)) != 0) {
		if (vq->rings != NULL)
			vm_page_free(vq->rings);
		kfree(vq->cookie);
		kfree(vq);
		return error;
	}
	*out = vq;
	return 0;
}

int
virtq_add(struct virtq *vq, const struct virtq_buf *bufs, int n,
    void *cookie)
{
	uint16_t head = vq->free_head, d = head, last = head;

	KASSERT(spin_held(&vq->lock), ("virtq_add: lock not held"));
	KASSERT(n > 0 && cookie != NULL, ("virtq_add: %d buffers", n));
	if (n > vq->nfree)
		return -ENOSPC;
	for (int i = 0; i < n; i++) {
		struct virtq_desc *desc = &vq->desc[d];

		desc->addr = bufs[i].pa;
		desc->len = bufs[i].len;
		desc->flags = (uint16_t)((bufs[i].device_writes ?
		    VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT :
		    0));
		last = d;
		d = desc->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->nfree = (uint16_t)(vq->nfree - n);
	vq->cookie[head] = cookie;
	vq->avail->ring[vq->avail->idx & (vq->size - 1)] = head;
	virtio_mb();		/* the chain and its entry, then the index */
	vq->avail->idx++;
	return 0;
}

void
virtq_notify(struct virtq *vq)
{
	KASSERT(spin_held(&vq->lock), ("virtq_notify: lock not held"));
	virtio_mb();		/* avail->idx out before used->flags is read */
	if ((vq->used->flags & VIRTQ_USED_F_NO_NOTIFY) == 0)
		vq->dev->tp->notify(vq->dev, vq);
}

/* Put the chain that starts at head back on the free list. */
static void
virtq_free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t d = head;
	int n = 1;

	while (vq->desc[d].flags & VIRTQ_DESC_F_NEXT) {
		d = vq->desc[d].next;
		n++;
	}
	vq->desc[d].next = vq->free_head;
	vq->free_head = head;
	vq->nfree = (uint16_t)(vq->nfree + n);
}

void *
virtq_next_used(struct virtq *vq, uint32_t *len)
{
	struct virtq_used_elem *elem;
	void *cookie;
	uint16_t head;

	KASSERT(spin_held(&vq->lock), ("virtq_next_used: lock not held"));
	if (vq->last_used == *(volatile uint16_t *)&vq->used->idx)
		return NULL;
	virtio_mb();		/* the index, then the entries it covers */
	elem = &vq->used->ring[vq->last_used & (vq->size - 1)];
	vq->last_used++;
	head = (uint16_t)elem->id;
	KASSERT(head < vq->size && vq->cookie[head] != NULL,
	    ("virtq_next_used: bad head %u", head));
	cookie = vq->cookie[head];
	vq->cookie[head] = NULL;
	*len = elem->len;
	virtq_free_chain(vq, head);
	return cookie;
}
