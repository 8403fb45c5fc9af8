/*
 * pci.c: in-kernel tests of PCI configuration space, enumeration, BARs
 * and MSI-X (drivers/pci.h), the same source on every machine.
 *
 * Whether a machine has PCI is its own business (arm64 reaches its
 * devices on virtio-mmio and finds no PCI function); what every machine
 * shares is the rule that message-signalled interrupts come from PCI
 * devices, so a machine that has them must find PCI functions.  The tests
 * look at whatever functions the scan finds (q35: the host bridge, the
 * ICH9's LPC, SATA and SMBus functions, and any virtio disk) and change
 * nothing they do not put back.
 */
#include "drivers/pci.h"
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/ktest.h"
#include "vm/pmap.h"
#include "vm/vm_kern.h"

#define MAX_FUNCS	64

static struct pci_dev funcs[MAX_FUNCS];
static int nfuncs;

static void
no_handler(void *arg)
{
}

static bool
record(const struct pci_dev *dev)
{
	if (nfuncs < MAX_FUNCS)
		funcs[nfuncs++] = *dev;
	return false;			/* take nothing */
}

/*
 * Scan into funcs[], the first time; does the machine have
 * message-signalled interrupts?
 */
static bool
scan(void)
{
	static bool scanned;
	uint64_t address;
	uint32_t data;
	bool msi;

	msi = intr_alloc_msi(no_handler, NULL, &address, &data) == 0;
	if (msi)
		intr_free_msi(address, data);
	if (!scanned)
		pci_scan(record);
	scanned = true;
	return msi;
}

/* The narrow accessors agree with the 32-bit one; the scan's IDs too. */
KTEST(pci_scan_consistent)
{
	bool msi = scan();

	KT_ASSERT(!msi || nfuncs > 0);
	for (int i = 0; i < nfuncs; i++) {
		const struct pci_dev *dev = &funcs[i];
		uint32_t id = pci_cfg_read32(dev, PCI_VENDOR_ID);

		KT_ASSERT(dev->vendor != 0xffff);
		KT_EQ(pci_cfg_read16(dev, PCI_VENDOR_ID), dev->vendor);
		KT_EQ(pci_cfg_read16(dev, PCI_DEVICE_ID), dev->device);
		KT_EQ(id, (uint32_t)dev->device << 16 | dev->vendor);
		for (unsigned b = 0; b < 4; b++)
			KT_EQ(pci_cfg_read8(dev, b), (id >> (8 * b)) & 0xff);
		KT_EQ(pci_cfg_read8(dev, PCI_CLASS_REVISION), dev->revision);
		KT_EQ(pci_cfg_read16(dev, PCI_SUBSYSTEM_ID), dev->subsystem);
	}
}

/* Every PCI hierarchy starts with a host bridge (class 06, subclass 00). */
KTEST(pci_host_bridge)
{
	uint32_t class;

	scan();
	if (nfuncs == 0)
		return;
	KT_EQ(funcs[0].bus, 0);
	KT_EQ(funcs[0].slot, 0);
	KT_EQ(funcs[0].func, 0);
	class = pci_cfg_read32(&funcs[0], PCI_CLASS_REVISION) >> 8;
	KT_EQ(class >> 8, 0x0600);
}

/*
 * Walk each capability list by hand: pci_find_cap() finds each ID from the
 * head, finds each capability from its own offset (inclusive), and a
 * search for an ID the list lacks ends with 0.
 */
KTEST(pci_find_cap)
{
	scan();
	for (int i = 0; i < nfuncs; i++) {
		const struct pci_dev *dev = &funcs[i];
		bool seen[256] = { false };
		unsigned off = 0;

		if (pci_cfg_read16(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST)
			off = pci_cfg_read8(dev, PCI_CAP_PTR) & ~3U;
		for (int n = 0; off != 0 && n < 48; n++) {
			uint8_t id = pci_cfg_read8(dev, off);
			unsigned first = pci_find_cap(dev, id, 0);

			KT_ASSERT(first != 0);
			KT_EQ(pci_cfg_read8(dev, first), id);
			if (!seen[id])
				KT_EQ(first, off);
			KT_EQ(pci_find_cap(dev, id, off), off);
			seen[id] = true;
			off = pci_cfg_read8(dev, off + 1) & ~3U;
		}
		KT_EQ(off, 0);
		for (unsigned id = 0; id < 256; id++)
			if (!seen[id])
				KT_EQ(pci_find_cap(dev, (uint8_t)id, 0), 0);
	}
}

/* A memory BAR's physical address and 64-bit flag, read by hand. */
static vm_paddr_t
bar_address(const struct pci_dev *dev, int bar, bool *is64)
{
	uint32_t lo = pci_cfg_read32(dev, PCI_BAR0 + 4 * bar);
	vm_paddr_t pa = lo & ~0xfU;

	*is64 = (lo & 0x7) == 0x4;
	if (*is64)
		pa |= (vm_paddr_t)pci_cfg_read32(dev, PCI_BAR0 + 4 * bar + 4)
		    << 32;
	return pa;
}

/*
 * pci_bar_map on each BAR of each ordinary function: an I/O BAR and the
 * upper half of a 64-bit one give NULL; a memory BAR is mapped at its
 * address, with a power-of-two size, and the BAR holds its address again
 * after sizing.  The command register is put back after.
 */
KTEST(pci_bar_map)
{
	scan();
	for (int i = 0; i < nfuncs; i++) {
		const struct pci_dev *dev = &funcs[i];
		uint16_t cmd = pci_cfg_read16(dev, PCI_COMMAND);

		if ((pci_cfg_read8(dev, PCI_HEADER_TYPE) & 0x7f) != 0)
			continue;	/* bridges: not ours to disturb */
		for (int bar = 0; bar < 6; bar++) {
			uint32_t before = pci_cfg_read32(dev, PCI_BAR0 + 4 * bar);
			bool is64, mem = (before & 1) == 0;
			vm_paddr_t pa = mem ? bar_address(dev, bar, &is64) : 0;
			size_t size = 0;
			void *va = pci_bar_map(dev, bar, &size);
			vm_paddr_t mapped = 0;

			KT_EQ(pci_cfg_read32(dev, PCI_BAR0 + 4 * bar), before);
			if (va != NULL)
				pmap_extract(kernel_pmap, (vm_offset_t)va, &mapped);
			pci_cfg_write16(dev, PCI_COMMAND, cmd);
			if (!mem || pa == 0) {
				KT_ASSERT(va == NULL);
				continue;
			}
			KT_ASSERT(va != NULL);
			KT_ASSERT(size >= 16 && powerof2(size));
			KT_EQ(mapped, pa);
			if (is64) {	/* the upper half is no BAR of its own */
				KT_ASSERT(pci_bar_map(dev, bar + 1, NULL) == NULL);
				bar++;
			}
		}
	}
}

/* MSI-X: -ENODEV without the capability, or for an entry past the table. */
KTEST(pci_msix_absent)
{
	scan();
	for (int i = 0; i < nfuncs; i++) {
		const struct pci_dev *dev = &funcs[i];
		unsigned cap = pci_find_cap(dev, PCI_CAP_ID_MSIX, 0);
		uint32_t cmd = pci_cfg_read32(dev, PCI_COMMAND);
		uint32_t ctrl = cap ? pci_cfg_read32(dev, cap) : 0;
		unsigned entries = ((ctrl >> 16) & 0x7ff) + 1;

		KT_EQ(pci_msix_setup(dev, cap ? entries : 0, 0xfee00000, 0x30),
		    -ENODEV);
		KT_EQ(pci_cfg_read32(dev, PCI_COMMAND) & 0xffff, cmd & 0xffff);
		if (cap != 0)
			KT_EQ(pci_cfg_read32(dev, cap), ctrl);
	}
}

/* The first function with MSI-X, its capability in *cap; NULL if none. */
static const struct pci_dev *
find_msix(unsigned *cap)
{
	for (int i = 0; i < nfuncs; i++)
		if ((*cap = pci_find_cap(&funcs[i], PCI_CAP_ID_MSIX, 0)) != 0)
			return &funcs[i];
	return NULL;
}

/* MSI-X table entry entry, mapped by hand (BIR and offset at cap + 4). */
static volatile uint32_t *
msix_entry(const struct pci_dev *dev, unsigned cap, unsigned entry)
{
	uint32_t table = pci_cfg_read32(dev, cap + 4);
	bool is64;
	vm_paddr_t pa = bar_address(dev, (int)(table & 7), &is64);

	return vm_mapdev(pa + (table & ~7U) + 16 * entry, 16);
}

/*
 * MSI-X: program the last entry of the first function that has MSI-X (a
 * virtio device, when a disk is attached) and read it back: the message,
 * unmasked; MSI-X on, the function unmasked; INTx off, bus mastering on.
 * The entry, the capability and the command register are put back.
 */
KTEST(pci_msix_setup)
{
	const struct pci_dev *dev;
	volatile uint32_t *e;
	uint32_t saved[4], got[4], data;
	uint16_t cmd, ctrl, ctrl_after, cmd_after;
	unsigned cap, entry;
	uint64_t address;
	int error;

	if (!scan() || (dev = find_msix(&cap)) == NULL)
		return;
	ctrl = pci_cfg_read16(dev, cap + 2);
	cmd = pci_cfg_read16(dev, PCI_COMMAND);
	entry = ctrl & 0x7ff;
	KT_ASSERT((e = msix_entry(dev, cap, entry)) != NULL);
	KT_EQ(intr_alloc_msi(no_handler, NULL, &address, &data), 0);
	for (int w = 0; w < 4; w++)
		saved[w] = e[w];
	error = pci_msix_setup(dev, entry, address, data);
	for (int w = 0; w < 4; w++)
		got[w] = e[w];
	ctrl_after = pci_cfg_read16(dev, cap + 2);
	cmd_after = pci_cfg_read16(dev, PCI_COMMAND);
	e[3] = 1;			/* masked while it changes back */
	for (int w = 0; w < 4; w++)
		e[w] = saved[w];
	pci_cfg_write16(dev, cap + 2, ctrl);
	pci_cfg_write16(dev, PCI_COMMAND, cmd);
	intr_free_msi(address, data);
	KT_EQ(error, 0);
	KT_EQ(got[0], (uint32_t)address);
	KT_EQ(got[1], (uint32_t)(address >> 32));
	KT_EQ(got[2], data);
	KT_EQ(got[3] & 1, 0);
	KT_EQ(ctrl_after & 0xc000, 0x8000);	/* enabled, not masked */
	KT_EQ(cmd_after & (PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_MASTER |
	    PCI_COMMAND_MEMORY), PCI_COMMAND_INTX_DISABLE | PCI_COMMAND_MASTER |
	    PCI_COMMAND_MEMORY);
}
