/*
 * virtio.c: placeholder attach points while the core is written.
 */
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "kernel/systm.h"

bool
virtio_pci_attach(const struct pci_dev *dev)
{
	if (dev->vendor != 0x1af4)
		return false;
	printf("virtio: pci %02x:%02x.%x device %04x\n", dev->bus, dev->slot,
	    dev->func, dev->device);
	return true;
}

int
virtio_mmio_attach(vm_paddr_t base, size_t size, unsigned irq)
{
	printf("virtio: mmio at 0x%lx size 0x%zx irq %u\n", base, size, irq);
	return 0;
}
