/*
 * virtio_pci.c: the virtio PCI transport, modern (virtio 1.x, 4.1).
 *
 * A modern virtio PCI function describes its registers with vendor
 * capabilities in its configuration space, each naming a BAR, an offset
 * and a length:
 *
 *   COMMON  the status, the features, and the queue registers (select a
 *           queue, then read or write its size, addresses, enable)
 *   NOTIFY  the doorbells: queue q's is at
 *           queue_notify_off(q) * notify_off_multiplier
 *   ISR     the interrupt status (only read with INTx; we use MSI-X,
 *           and do not map it)
 *   DEVICE  the device's own configuration (virtio-blk: its capacity...)
 *
 * A legacy-only device (virtio 0.9: registers in an I/O BAR, no such
 * capabilities) is refused.  A transitional device (IDs 0x1000-0x103f,
 * QEMU's default for virtio-blk-pci) has both, and we use the modern face.
 *
 * Interrupts come by MSI-X, one vector for the request queue (table entry
 * 0): the device writes the message the machine layer gave
 * (intr_alloc_msi()), which raises virtio_intr() directly; there is
 * nothing to acknowledge.
 */
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/systm.h"
#include "vm/kmem.h"

#define VIRTIO_PCI_VENDOR	0x1af4
#define VIRTIO_PCI_MODERN_BASE	0x1040	/* + type: modern-only IDs */

/* The vendor capability (4.1.4). */
#define CAP_CFG_TYPE		3	/* byte offsets in the capability */
#define CAP_BAR			4
#define CAP_OFFSET		8
#define CAP_LENGTH		12
#define CAP_NOTIFY_MULT		16
#define CFG_COMMON		1
#define CFG_NOTIFY		2
#define CFG_DEVICE		4

/* The common configuration structure (4.1.4.3), byte offsets. */
#define COMMON_DFSELECT		0	/* device_feature_select, le32 */
#define COMMON_DF		4
#define COMMON_GFSELECT		8	/* driver_feature_select */
#define COMMON_GF		12
#define COMMON_MSIX		16	/* config_msix_vector, le16 */
#define COMMON_NUMQ		18
#define COMMON_STATUS		20	/* u8 */
#define COMMON_Q_SELECT		22	/* le16 */
#define COMMON_Q_SIZE		24
#define COMMON_Q_MSIX		26
#define COMMON_Q_ENABLE		28
#define COMMON_Q_NOFF		30
#define COMMON_Q_DESC		32	/* le64 */
#define COMMON_Q_AVAIL		40
#define COMMON_Q_USED		48
#define VIRTIO_MSI_NO_VECTOR	0xffff

struct virtio_pci {
	struct pci_dev	pci;
	volatile uint8_t *common;
	volatile uint8_t *notify;
	uint32_t	notify_mult;
	volatile uint8_t *device;
};

#define VP(dev)	((struct virtio_pci *)(dev)->tp_data)

/*
 * Register access, by width.  Virtio 1.x registers are little-endian, as
 * both our machines are, so there is nothing to swap.
 */
#define rd8(p)		(*(volatile uint8_t *)(p))
#define rd16(p)		(*(volatile uint16_t *)(p))
#define rd32(p)		(*(volatile uint32_t *)(p))
#define wr8(p, v)	(*(volatile uint8_t *)(p) = (v))
#define wr16(p, v)	(*(volatile uint16_t *)(p) = (v))
#define wr32(p, v)	(*(volatile uint32_t *)(p) = (v))

/* A 64-bit register as two 32-bit halves, low first (4.1.3.1). */
static void
wr64(volatile uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static uint8_t
vp_get_status(struct virtio_dev *dev)
{
	return rd8(VP(dev)->common + COMMON_STATUS);
}

static void
vp_set_status(struct virtio_dev *dev, uint8_t status)
{
	wr8(VP(dev)->common + COMMON_STATUS, status);
}

static uint64_t
vp_get_features(struct virtio_dev *dev)
{
	volatile uint8_t *c = VP(dev)->common;
	uint64_t f;

	wr32(c + COMMON_DFSELECT, 0);
	f = rd32(c + COMMON_DF);
	wr32(c + COMMON_DFSELECT, 1);
	return f | (uint64_t)rd32(c + COMMON_DF) << 32;
}

static void
vp_set_features(struct virtio_dev *dev, uint64_t f)
{
	volatile uint8_t *c = VP(dev)->common;

	wr32(c + COMMON_GFSELECT, 0);
	wr32(c + COMMON_GF, (uint32_t)f);
	wr32(c + COMMON_GFSELECT, 1);
	wr32(c + COMMON_GF, (uint32_t)(f >> 32));
}

static uint64_t
vp_config_read(struct virtio_dev *dev, unsigned off, int size)
{
	volatile uint8_t *p = VP(dev)->device + off;

	switch (size) {
	case 1:
		return rd8(p);
	case 2:
		return rd16(p);
	case 4:
		return rd32(p);
	default:
		return rd32(p) | (uint64_t)rd32(p + 4) << 32;
	}
}

static uint16_t
vp_queue_max(struct virtio_dev *dev, uint16_t index)
{
	volatile uint8_t *c = VP(dev)->common;

	if (index >= rd16(c + COMMON_NUMQ))
		return 0;
	wr16(c + COMMON_Q_SELECT, index);
	return rd16(c + COMMON_Q_SIZE);
}

/* Select vq, give its size, rings and MSI-X entry 0, and enable it. */
static int
vp_queue_setup(struct virtio_dev *dev, struct virtq *vq)
{
	struct virtio_pci *vp = VP(dev);
	volatile uint8_t *c = vp->common;

	wr16(c + COMMON_Q_SELECT, vq->index);
	wr16(c + COMMON_Q_SIZE, vq->size);
	wr64(c + COMMON_Q_DESC, vq->desc_pa);
	wr64(c + COMMON_Q_AVAIL, vq->avail_pa);
	wr64(c + COMMON_Q_USED, vq->used_pa);
	wr16(c + COMMON_Q_MSIX, 0);
	if (rd16(c + COMMON_Q_MSIX) != 0) {
		virtio_fail(dev, "the device took no MSI-X vector");
		return -ENODEV;
	}
	vq->notify = (void *)(vp->notify + rd16(c + COMMON_Q_NOFF) *
	    vp->notify_mult);
	wr16(c + COMMON_Q_ENABLE, 1);
	return 0;
}

static void
vp_notify(struct virtio_dev *dev, struct virtq *vq)
{
	wr16(vq->notify, vq->index);
}

/* One MSI-X vector, for the queues; none for configuration changes. */
static int
vp_setup_intr(struct virtio_dev *dev)
{
	struct virtio_pci *vp = VP(dev);
	uint64_t address;
	uint32_t data;
	int error;

	if ((error = intr_alloc_msi(virtio_intr, dev, &address, &data)) != 0 ||
	    (error = pci_msix_setup(&vp->pci, 0, address, data)) != 0) {
		virtio_fail(dev, "no MSI-X");
		return error;
	}
	wr16(vp->common + COMMON_MSIX, VIRTIO_MSI_NO_VECTOR);
	return 0;
}

/* With MSI-X, an interrupt on our vector is ours: nothing to read. */
static bool
vp_intr_ack(struct virtio_dev *dev)
{
	return true;
}

static const struct virtio_transport virtio_pci_transport = {
	.name = "pci",
	.get_status = vp_get_status,
	.set_status = vp_set_status,
	.get_features = vp_get_features,
	.set_features = vp_set_features,
	.config_read = vp_config_read,
	.queue_max = vp_queue_max,
	.queue_setup = vp_queue_setup,
	.notify = vp_notify,
	.setup_intr = vp_setup_intr,
	.intr_ack = vp_intr_ack,
};

/* Map the structure the vendor capability at cap describes. */
static volatile uint8_t *
map_cap(const struct pci_dev *pci, unsigned cap)
{
	int bar = pci_cfg_read8(pci, cap + CAP_BAR);
	uint32_t off = pci_cfg_read32(pci, cap + CAP_OFFSET);
	uint32_t len = pci_cfg_read32(pci, cap + CAP_LENGTH);
	size_t size;
	uint8_t *base;

	if (bar > 5 || (base = pci_bar_map(pci, bar, &size)) == NULL ||
	    off > size || len > size - off)
		return NULL;
	return base + off;
}

/* The vendor capability after cap, or 0 at the end of the list. */
static unsigned
next_vendor_cap(const struct pci_dev *pci, unsigned cap)
{
	unsigned next = pci_cfg_read8(pci, cap + 1);

	return next != 0 ? pci_find_cap(pci, PCI_CAP_ID_VENDOR, next) : 0;
}

/* Find and map the three structures; false if one is missing. */
static bool
find_caps(struct virtio_pci *vp)
{
	const struct pci_dev *pci = &vp->pci;

	for (unsigned cap = pci_find_cap(pci, PCI_CAP_ID_VENDOR, 0);
	    cap != 0; cap = next_vendor_cap(pci, cap)) {
		switch (pci_cfg_read8(pci, cap + CAP_CFG_TYPE)) {
		case CFG_COMMON:
			if (vp->common == NULL)
				vp->common = map_cap(pci, cap);
			break;
		case CFG_NOTIFY:
			if (vp->notify == NULL) {
				vp->notify = map_cap(pci, cap);
				vp->notify_mult = pci_cfg_read32(pci,
				    cap + CAP_NOTIFY_MULT);
			}
			break;
		case CFG_DEVICE:
			if (vp->device == NULL)
				vp->device = map_cap(pci, cap);
			break;
		}
	}
	return vp->common != NULL && vp->notify != NULL && vp->device != NULL;
}

/* The virtio device type of a virtio PCI function (4.1.2.1). */
static uint32_t
device_type(const struct pci_dev *pci)
{
	if (pci->device >= VIRTIO_PCI_MODERN_BASE)
		return pci->device - VIRTIO_PCI_MODERN_BASE;
	return pci->subsystem;		/* transitional: 0x1000-0x103f */
}

bool
virtio_pci_attach(const struct pci_dev *pci)
{
	struct virtio_pci *vp;
	struct virtio_dev *dev;

	if (pci->vendor != VIRTIO_PCI_VENDOR || pci->device < 0x1000 ||
	    pci->device > 0x107f)
		return false;
	vp = kmalloc(sizeof(*vp), KM_ZERO);
	dev = kmalloc(sizeof(*dev), KM_ZERO);
	if (vp == NULL || dev == NULL)
		panic("virtio_pci_attach: out of memory at boot");
	vp->pci = *pci;
	dev->tp = &virtio_pci_transport;
	dev->tp_data = vp;
	dev->type = device_type(pci);
	snprintf(dev->where, sizeof(dev->where), "pci %02x:%02x.%x",
	    pci->bus, pci->slot, pci->func);
	if (!find_caps(vp)) {
		printf("virtio: %s: a legacy-only device (no virtio 1.x "
		    "capabilities); Pagoda drives modern devices only\n",
		    dev->where);
		kfree(vp);
		kfree(dev);
		return true;
	}
	virtio_attach(dev);
	return true;
}
