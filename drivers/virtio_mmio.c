/*
 * virtio_mmio.c: the virtio MMIO transport, version 2 (virtio 1.x, 4.2).
 *
 * On a machine without PCI (QEMU's arm64 "virt" board, here) each virtio
 * device is a window of registers at a fixed physical address, with one
 * wired interrupt; the device tree lists the windows ("virtio,mmio"), and
 * an empty one reads device ID 0.  The registers used:
 *
 *   0x000 magic "virt"   0x004 version (2)   0x008 device ID
 *   0x010 device features (32 at a time: 0x014 selects which 32)
 *   0x020 driver features (0x024 selects)
 *   0x030 queue select, 0x034 its max size, 0x038 its size, 0x044 ready
 *   0x050 queue notify (the doorbell: write the queue's index)
 *   0x060 interrupt status, 0x064 interrupt acknowledge
 *   0x070 status
 *   0x080/0x090/0x0a0 the queue's descriptor, driver (available) and
 *         device (used) areas, 64 bits as two 32-bit halves
 *   0x100 the device's own configuration
 *
 * Version 1 is the legacy interface, which we refuse; QEMU offers it by
 * default for compatibility (tools/qemu.sh passes
 * "-global virtio-mmio.force-legacy=false").  The interrupt is level
 * triggered: it stays up until the handler writes the status bits it saw
 * back to the acknowledge register.
 */
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/vm_kern.h"

#define MMIO_MAGIC		0x000
#define MMIO_VERSION		0x004
#define MMIO_DEVICE_ID		0x008
#define MMIO_DEVICE_FEATURES	0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES	0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL		0x030
#define MMIO_QUEUE_NUM_MAX	0x034
#define MMIO_QUEUE_NUM		0x038
#define MMIO_QUEUE_READY	0x044
#define MMIO_QUEUE_NOTIFY	0x050
#define MMIO_INTERRUPT_STATUS	0x060
#define MMIO_INTERRUPT_ACK	0x064
#define MMIO_STATUS		0x070
#define MMIO_QUEUE_DESC		0x080
#define MMIO_QUEUE_DRIVER	0x090
#define MMIO_QUEUE_DEVICE	0x0a0
#define MMIO_CONFIG		0x100

#define MMIO_MAGIC_VALUE	0x74726976	/* "virt", little-endian */

struct virtio_mmio {
	volatile uint8_t *regs;
	unsigned	irq;
};

#define VMMIO_REGS(dev)	(((struct virtio_mmio *)(dev)->tp_data)->regs)

static uint32_t
rd(struct virtio_dev *dev, unsigned reg)
{
	return *(volatile uint32_t *)(VMMIO_REGS(dev) + reg);
}

static void
wr(struct virtio_dev *dev, unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(VMMIO_REGS(dev) + reg) = v;
}

static uint8_t
vmmio_get_status(struct virtio_dev *dev)
{
	return (uint8_t)rd(dev, MMIO_STATUS);
}

static void
vmmio_set_status(struct virtio_dev *dev, uint8_t status)
{
	wr(dev, MMIO_STATUS, status);
}

static uint64_t
vmmio_get_features(struct virtio_dev *dev)
{
	uint64_t f;

	wr(dev, MMIO_DEVICE_FEATURES_SEL, 0);
	f = rd(dev, MMIO_DEVICE_FEATURES);
	wr(dev, MMIO_DEVICE_FEATURES_SEL, 1);
	return f | (uint64_t)rd(dev, MMIO_DEVICE_FEATURES) << 32;
}

static void
vmmio_set_features(struct virtio_dev *dev, uint64_t f)
{
	wr(dev, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(dev, MMIO_DRIVER_FEATURES, (uint32_t)f);
	wr(dev, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(dev, MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

/* The config space, read with accesses of the field's own width. */
static uint64_t
vmmio_config_read(struct virtio_dev *dev, unsigned off, int size)
{
	volatile uint8_t *p = VMMIO_REGS(dev) + MMIO_CONFIG + off;

	switch (size) {
	case 1:
		return *p;
	case 2:
		return *(volatile uint16_t *)p;
	case 4:
		return *(volatile uint32_t *)p;
	default:
		return *(volatile uint32_t *)p |
		    (uint64_t)*(volatile uint32_t *)(p + 4) << 32;
	}
}

static uint16_t
vmmio_queue_max(struct virtio_dev *dev, uint16_t index)
{
	wr(dev, MMIO_QUEUE_SEL, index);
	return (uint16_t)MIN(rd(dev, MMIO_QUEUE_NUM_MAX), 0x8000);
}

/* A 64-bit queue address as two halves, low first. */
static void
wr64(struct virtio_dev *dev, unsigned reg, uint64_t v)
{
	wr(dev, reg, (uint32_t)v);
	wr(dev, reg + 4, (uint32_t)(v >> 32));
}

static int
vmmio_queue_setup(struct virtio_dev *dev, struct virtq *vq)
{
	wr(dev, MMIO_QUEUE_SEL, vq->index);
	if (rd(dev, MMIO_QUEUE_READY) != 0) {
		virtio_fail(dev, "queue already in use");
		return -EBUSY;
	}
	wr(dev, MMIO_QUEUE_NUM, vq->size);
	wr64(dev, MMIO_QUEUE_DESC, vq->desc_pa);
	wr64(dev, MMIO_QUEUE_DRIVER, vq->avail_pa);
	wr64(dev, MMIO_QUEUE_DEVICE, vq->used_pa);
	wr(dev, MMIO_QUEUE_READY, 1);
	return 0;
}

static void
vmmio_notify(struct virtio_dev *dev, struct virtq *vq)
{
	wr(dev, MMIO_QUEUE_NOTIFY, vq->index);
}

static int
vmmio_setup_intr(struct virtio_dev *dev)
{
	struct virtio_mmio *vmmio = dev->tp_data;
	int error = intr_establish(vmmio->irq, true, virtio_intr, dev);

	if (error != 0)
		virtio_fail(dev, "cannot take its interrupt");
	return error;
}

/* Read the interrupt status and acknowledge exactly those bits. */
static bool
vmmio_intr_ack(struct virtio_dev *dev)
{
	uint32_t status = rd(dev, MMIO_INTERRUPT_STATUS);

	if (status != 0)
		wr(dev, MMIO_INTERRUPT_ACK, status);
	return (status & 1) != 0;	/* bit 0: a used buffer */
}

static const struct virtio_transport virtio_mmio_transport = {
	.name = "mmio",
	.get_status = vmmio_get_status,
	.set_status = vmmio_set_status,
	.get_features = vmmio_get_features,
	.set_features = vmmio_set_features,
	.config_read = vmmio_config_read,
	.queue_max = vmmio_queue_max,
	.queue_setup = vmmio_queue_setup,
	.notify = vmmio_notify,
	.setup_intr = vmmio_setup_intr,
	.intr_ack = vmmio_intr_ack,
};

/*
 * Is the window at regs a modern virtio device?  0; -ENODEV for an empty
 * slot (silently) or a foreign one; -ENOTSUP for a legacy one (with a
 * message).
 */
static int
probe(volatile uint8_t *regs, vm_paddr_t base)
{
	uint32_t magic = *(volatile uint32_t *)(regs + MMIO_MAGIC);
	uint32_t version = *(volatile uint32_t *)(regs + MMIO_VERSION);

	if (magic != MMIO_MAGIC_VALUE ||
	    *(volatile uint32_t *)(regs + MMIO_DEVICE_ID) == 0)
		return -ENODEV;
	if (version != 2) {
		printf("virtio: mmio 0x%lx: a legacy device (version %u); "
		    "Pagoda drives modern devices only\n", base, version);
		return -ENOTSUP;
	}
	return 0;
}

int
virtio_mmio_attach(vm_paddr_t base, size_t size, unsigned irq)
{
	volatile uint8_t *regs = vm_mapdev(base, size);
	struct virtio_mmio *vmmio;
	struct virtio_dev *dev;
	int error;

	if (regs == NULL)
		return -ENOMEM;
	if ((error = probe(regs, base)) != 0)
		return error;		/* (the mapping stays: it is small) */
	vmmio = kmalloc(sizeof(*vmmio), KM_ZERO);
	dev = kmalloc(sizeof(*dev), KM_ZERO);
	if (vmmio == NULL || dev == NULL)
		panic("virtio_mmio_attach: out of memory at boot");
	vmmio->regs = regs;
	vmmio->irq = irq;
	dev->tp = &virtio_mmio_transport;
	dev->tp_data = vmmio;
	dev->type = *(volatile uint32_t *)(regs + MMIO_DEVICE_ID);
	snprintf(dev->where, sizeof(dev->where), "mmio 0x%lx", base);
	return virtio_attach(dev);
}
