/*
 * pci_cfg.c (amd64): PCI configuration space through I/O ports 0xcf8 and
 * 0xcfc ("configuration mechanism #1" of the PCI Local Bus specification).
 *
 * Writing an address to 0xcf8 selects one 32-bit register of one
 * function; 0xcfc then reads or writes it:
 *
 *    31  30     24 23    16 15    11 10     8 7        2 1 0
 *   +---+---------+--------+--------+--------+----------+---+
 *   | E | reserved|  bus   |  slot  |function| register | 0 |
 *   +---+---------+--------+--------+--------+----------+---+
 *   E: enable (must be 1)
 *
 * Two port accesses make one register access, so a lock keeps another
 * access (an interrupt handler's, or another CPU's) from moving the
 * address in between.  The mechanism reaches only the first 256 bytes of
 * a function's space; PCI Express's extended space (ECAM) is not used.
 */
#include "drivers/pci.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

#define PCI_CONF_ADDR		0xcf8
#define PCI_CONF_DATA		0xcfc
#define PCI_CONF_ENABLE		0x80000000U

static struct spinlock pci_cfg_lock = SPINLOCK_INITIALIZER("pci_cfg");

static uint32_t
pci_cfg_address(const struct pci_dev *dev, unsigned off)
{
	KASSERT(off < 256 && (off & 3) == 0,
	    ("pci_cfg_address: bad offset 0x%x", off));
	KASSERT(dev->slot < 32 && dev->func < 8,
	    ("pci_cfg_address: bad function %02x:%02x.%x", dev->bus,
	    dev->slot, dev->func));
	return PCI_CONF_ENABLE | (uint32_t)dev->bus << 16 |
	    (uint32_t)dev->slot << 11 | (uint32_t)dev->func << 8 | off;
}

uint32_t
pci_cfg_read32(const struct pci_dev *dev, unsigned off)
{
	uint32_t addr = pci_cfg_address(dev, off), v;

	spin_lock(&pci_cfg_lock);
	outl(PCI_CONF_ADDR, addr);
	v = inl(PCI_CONF_DATA);
	spin_unlock(&pci_cfg_lock);
	return v;
}

void
pci_cfg_write32(const struct pci_dev *dev, unsigned off, uint32_t v)
{
	uint32_t addr = pci_cfg_address(dev, off);

	spin_lock(&pci_cfg_lock);
	outl(PCI_CONF_ADDR, addr);
	outl(PCI_CONF_DATA, v);
	spin_unlock(&pci_cfg_lock);
}
