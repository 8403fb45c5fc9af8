/*
 * pci.h: PCI configuration space, BARs, capabilities and MSI-X, for the
 * drivers (drivers/pci.c; docs/virtio.md).
 *
 * A PCI function is named by bus, device (slot) and function; its
 * configuration space is 256 bytes (4 KiB on PCI Express) of registers:
 * the IDs, the command register, six BARs (base address registers: where
 * the device's own registers appear in physical memory), and a linked
 * list of capabilities (MSI-X, and virtio's own).  How configuration
 * space is reached is the machine's business: pci_cfg_read32() and
 * pci_cfg_write32() are machine-dependent (amd64: I/O ports 0xcf8/0xcfc).
 */
#ifndef _DRIVERS_PCI_H_
#define _DRIVERS_PCI_H_

#include "kernel/types.h"

/* Configuration-space offsets (the PCI Local Bus specification's). */
#define PCI_VENDOR_ID		0x00	/* 16 bits; 0xffff: no function */
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04	/* 16 bits */
#define  PCI_COMMAND_MEMORY	0x0002	/* decode memory BARs */
#define  PCI_COMMAND_MASTER	0x0004	/* may do DMA (and MSI writes) */
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06	/* 16 bits */
#define  PCI_STATUS_CAP_LIST	0x0010
#define PCI_CLASS_REVISION	0x08
#define PCI_HEADER_TYPE		0x0e	/* 8 bits; bit 7: multi-function */
#define PCI_BAR0		0x10	/* six of them, 4 bytes apart */
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAP_PTR		0x34	/* 8 bits: the first capability */

#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_VENDOR	0x09	/* virtio's capabilities are these */

struct pci_dev {
	uint8_t		bus, slot, func;
	uint16_t	vendor, device;
	uint16_t	subsystem;
	uint8_t		revision;
};

/* Machine-dependent: one 32-bit configuration register (off 4-aligned). */
uint32_t pci_cfg_read32(const struct pci_dev *dev, unsigned off);
void	pci_cfg_write32(const struct pci_dev *dev, unsigned off, uint32_t v);

/* 8- and 16-bit accesses, built on the 32-bit ones. */
uint8_t	pci_cfg_read8(const struct pci_dev *dev, unsigned off);
uint16_t pci_cfg_read16(const struct pci_dev *dev, unsigned off);
void	pci_cfg_write16(const struct pci_dev *dev, unsigned off, uint16_t v);

/*
 * pci_scan: call attach(dev) for every function on every bus reachable
 * from bus 0 (through PCI-to-PCI bridges); attach says whether it took
 * the device (true) or not.
 */
void	pci_scan(bool (*attach)(const struct pci_dev *dev));

/*
 * pci_find_cap: the offset of the first capability with ID id at or after
 * offset from (0: from the start of the list), or 0 if there is none.
 */
unsigned pci_find_cap(const struct pci_dev *dev, uint8_t id, unsigned from);

/*
 * pci_bar_map: map BAR bar (0-5, a memory BAR; a 64-bit BAR takes two
 * slots) into kernel virtual memory, uncached, and turn on memory decoding
 * and bus mastering.  Its kernel address, its size in *size (may be NULL);
 * NULL if the BAR is absent or an I/O BAR.
 */
void	*pci_bar_map(const struct pci_dev *dev, int bar, size_t *size);

/*
 * pci_msix_setup: enable MSI-X on dev with vector entry entry sending
 * data to address (intr_alloc_msi()), unmasked, and legacy INTx off.
 * 0; -ENODEV if dev has no MSI-X capability or fewer entries.
 */
int	pci_msix_setup(const struct pci_dev *dev, unsigned entry,
	    uint64_t address, uint32_t data);

#endif /* !_DRIVERS_PCI_H_ */
