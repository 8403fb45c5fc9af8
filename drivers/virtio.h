/*
 * virtio.h: the virtio core (virtio 1.x, "modern" devices only), its two
 * transports and the split virtqueue (docs/virtio.md draws it).
 *
 * A virtio device is found on a transport: a PCI function on amd64
 * (drivers/virtio_pci.c), a memory-mapped slot on arm64
 * (drivers/virtio_mmio.c).  The transport knows where the device's
 * registers are; everything else (the status handshake, feature
 * negotiation, the rings) is the same for both and lives in virtio.c,
 * which then hands the device to the driver of its type (virtio-blk).
 *
 * The facts (register layouts, bit numbers) are the virtio 1.x
 * specification's ("Virtual I/O Device (VIRTIO) Version 1.1").
 */
#ifndef _DRIVERS_VIRTIO_H_
#define _DRIVERS_VIRTIO_H_

#include "kernel/lock.h"
#include "kernel/types.h"

struct pci_dev;
struct vm_page;

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	0x01	/* we saw it */
#define VIRTIO_STATUS_DRIVER		0x02	/* we can drive it */
#define VIRTIO_STATUS_DRIVER_OK		0x04	/* ready: go */
#define VIRTIO_STATUS_FEATURES_OK	0x08	/* features agreed */
#define VIRTIO_STATUS_FAILED		0x80	/* we gave up on it */

/* Feature bits every device type shares (6). */
#define VIRTIO_F_VERSION_1		32	/* virtio 1.x: little-endian,
						   modern layout */

/* Device types (5). */
#define VIRTIO_ID_BLOCK			2

/* ---- the split virtqueue (2.6) ---------------------------------------- */

/*
 * The three parts of a split virtqueue, in memory both the driver and the
 * device see.  The driver puts a chain of descriptors (buffers) in the
 * descriptor table and the chain's head in the available ring; the device
 * processes it and puts the head, and how many bytes it wrote, in the used
 * ring.  Each part is written by one side only.
 */
struct virtq_desc {
	uint64_t	addr;		/* physical address of the buffer */
	uint32_t	len;
	uint16_t	flags;		/* VIRTQ_DESC_F_* */
	uint16_t	next;		/* the next in the chain (F_NEXT) */
};

#define VIRTQ_DESC_F_NEXT	1	/* the chain goes on at next */
#define VIRTQ_DESC_F_WRITE	2	/* the device writes it (else reads) */

struct virtq_avail {			/* driver -> device */
	uint16_t	flags;
	uint16_t	idx;		/* where the next head goes, mod size */
	uint16_t	ring[];		/* heads of chains */
};

struct virtq_used_elem {
	uint32_t	id;		/* the head of a finished chain */
	uint32_t	len;		/* bytes the device wrote into it */
};

struct virtq_used {			/* device -> driver */
	uint16_t	flags;		/* VIRTQ_USED_F_NO_NOTIFY */
	uint16_t	idx;
	struct virtq_used_elem ring[];
};

#define VIRTQ_USED_F_NO_NOTIFY	1	/* the device needs no kick now */

/* One buffer of a request, for virtq_add(). */
struct virtq_buf {
	vm_paddr_t	pa;
	uint32_t	len;
	bool		device_writes;	/* a buffer the device fills */
};

struct virtio_dev;

struct virtq {
	struct virtio_dev *dev;
	struct spinlock	lock;		/* the rings and the fields below */
	uint16_t	index;		/* which queue of the device */
	uint16_t	size;		/* descriptors; a power of 2 */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	vm_paddr_t	desc_pa, avail_pa, used_pa;
	uint16_t	free_head;	/* the free descriptors, a list */
	uint16_t	nfree;
	uint16_t	last_used;	/* used->idx we have processed up to */
	void		**cookie;	/* per head: what virtq_add() was given */
	struct vm_page	*rings;		/* the memory of all three parts */
	void		*notify;	/* the transport's doorbell for it */
};

/* ---- devices and transports ------------------------------------------- */

/*
 * What a transport does for the core.  Every call is on the device's own
 * registers; none sleeps.
 */
struct virtio_transport {
	const char	*name;			/* "pci", "mmio" */
	uint8_t		(*get_status)(struct virtio_dev *dev);
	void		(*set_status)(struct virtio_dev *dev, uint8_t status);
	uint64_t	(*get_features)(struct virtio_dev *dev);
	void		(*set_features)(struct virtio_dev *dev, uint64_t f);
	/* size (1, 2, 4 or 8) bytes of the device's config space at off. */
	uint64_t	(*config_read)(struct virtio_dev *dev, unsigned off,
			    int size);
	/* The most descriptors queue index may have; 0: no such queue. */
	uint16_t	(*queue_max)(struct virtio_dev *dev, uint16_t index);
	/* Tell the device where vq's rings are, and enable it. */
	int		(*queue_setup)(struct virtio_dev *dev, struct virtq *vq);
	/* Ring vq's doorbell. */
	void		(*notify)(struct virtio_dev *dev, struct virtq *vq);
	/* Route the device's queue interrupts to virtio_intr(dev). */
	int		(*setup_intr)(struct virtio_dev *dev);
	/* In the interrupt: acknowledge it; false if it was not ours. */
	bool		(*intr_ack)(struct virtio_dev *dev);
};

struct virtio_dev {
	const struct virtio_transport *tp;
	void		*tp_data;	/* the transport's own */
	char		where[24];	/* "pci 00:03.0", "mmio 0xa003e00" */
	uint32_t	type;		/* VIRTIO_ID_* */
	uint64_t	features;	/* negotiated */
	/* The driver's: its queue interrupt, and its own data. */
	void		(*intr)(struct virtio_dev *dev);
	void		*softc;
};

/*
 * virtio_attach: a transport found dev: reset it, say hello, and hand it
 * to the driver of its type.  0, or an error (the device is then marked
 * FAILED and left alone).
 */
int	virtio_attach(struct virtio_dev *dev);

/*
 * virtio_negotiate: offer the features in wanted (bit numbers as masks,
 * VIRTIO_F_VERSION_1 included by the core) that the device has; set
 * FEATURES_OK and check the device kept it.  0; -ENODEV if it refused.
 */
int	virtio_negotiate(struct virtio_dev *dev, uint64_t wanted);

/* virtio_has: did negotiation keep feature bit? */
static inline bool
virtio_has(const struct virtio_dev *dev, int bit)
{
	return (dev->features >> bit) & 1;
}

/* virtio_driver_ok: the driver is set up; the device may start. */
void	virtio_driver_ok(struct virtio_dev *dev);

/* virtio_fail: give up on dev (status FAILED), with a message. */
void	virtio_fail(struct virtio_dev *dev, const char *why);

/* The transport's interrupt handler: the driver's, if it was ours. */
void	virtio_intr(void *arg);

/*
 * virtq_create: queue index of dev, with at most max_size descriptors
 * (fewer if the device allows fewer), set up and enabled.  0 and it in
 * *out; -ENODEV (no such queue), -ENOMEM.
 */
int	virtq_create(struct virtio_dev *dev, uint16_t index,
	    uint16_t max_size, struct virtq **out);

/*
 * virtq_add: with vq->lock held, put the chain of n buffers (those the
 * device reads first, then those it writes) in the ring, remembering
 * cookie.  0; -ENOSPC if fewer than n descriptors are free.  The device
 * learns of it at the next virtq_notify().
 */
int	virtq_add(struct virtq *vq, const struct virtq_buf *bufs, int n,
	    void *cookie);

/* virtq_notify: with vq->lock held, ring the doorbell if the device
 * wants it. */
void	virtq_notify(struct virtq *vq);

/*
 * virtq_next_used: with vq->lock held, the cookie of the next chain the
 * device has finished (its descriptors are free again), and the bytes it
 * wrote in *len; NULL if there is none.
 */
void	*virtq_next_used(struct virtq *vq, uint32_t *len);

/* Entry points for the machine layer (machine_attach_devices()). */
bool	virtio_pci_attach(const struct pci_dev *dev);
int	virtio_mmio_attach(vm_paddr_t base, size_t size, unsigned irq);

/* Drivers, by type. */
int	virtio_blk_attach(struct virtio_dev *dev);

#endif /* !_DRIVERS_VIRTIO_H_ */
