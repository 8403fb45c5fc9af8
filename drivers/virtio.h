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
 */
#ifndef _DRIVERS_VIRTIO_H_
#define _DRIVERS_VIRTIO_H_

#include "kernel/lock.h"
#include "kernel/types.h"

struct pci_dev;

/* Entry points for the machine layer (machine_attach_devices()). */
bool	virtio_pci_attach(const struct pci_dev *dev);
int	virtio_mmio_attach(vm_paddr_t base, size_t size, unsigned irq);

#endif /* !_DRIVERS_VIRTIO_H_ */
