/*
 * pci_cfg.c (arm64): no PCI.  QEMU virt has a PCI Express host bridge
 * (ECAM), but Pagoda's arm64 devices are on virtio-mmio, so configuration
 * space is not reached: every read answers all ones, what an absent
 * function answers, and pci_scan() finds nothing.
 */
#include "drivers/pci.h"
#include "kernel/systm.h"

uint32_t
pci_cfg_read32(const struct pci_dev *dev, unsigned off)
{
	return 0xffffffff;
}

void
pci_cfg_write32(const struct pci_dev *dev, unsigned off, uint32_t v)
{
	panic("pci_cfg_write32: no PCI on arm64 (%02x:%02x.%x offset 0x%x)",
	    dev->bus, dev->slot, dev->func, off);
}
