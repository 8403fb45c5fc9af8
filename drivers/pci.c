/*
 * pci.c: PCI configuration space, bus enumeration, BARs and MSI-X, on top
 * of the machine's 32-bit configuration accessors (pci.h).
 *
 * Pagoda does not assign addresses: the firmware (SeaBIOS, under GRUB on
 * amd64) has already numbered the buses behind each bridge and placed
 * every BAR.  We only read what it chose, size BARs to map them, and
 * point a device's MSI-X entries at our interrupt vectors.
 *
 * A configuration register is reached one aligned 32-bit word at a time,
 * so 8- and 16-bit writes read the word, change their part and write the
 * word back.  That read-modify-write would also write back the part it
 * did not mean to change; where that part is the status register, whose
 * error bits are cleared by writing ones, it writes zeros instead.
 */
#include "drivers/pci.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "vm/vm_kern.h"

#define PCI_HEADER_MULTIFUNC	0x80
#define PCI_HEADER_LAYOUT	0x7f
#define  PCI_HEADER_NORMAL	0x00	/* six BARs */
#define  PCI_HEADER_BRIDGE	0x01	/* PCI-to-PCI bridge: two BARs */
#define PCI_BRIDGE_SECONDARY	0x19	/* 8 bits: the bus behind the bridge */

#define PCI_BAR_IO		0x1	/* bit 0: an I/O BAR */
#define PCI_BAR_TYPE_MASK	0x6	/* bits 2:1 of a memory BAR */
#define  PCI_BAR_TYPE_32	0x0
#define  PCI_BAR_TYPE_64	0x4
#define PCI_BAR_ADDR_MASK	(~0xfU)

#define PCI_CAP_ID_MSI		0x05
#define PCI_MSI_CTRL		2	/* 16 bits; bit 0: MSI enable */
#define  PCI_MSI_ENABLE		0x0001

/*
 * The MSI-X capability: a message control word, then where the table and
 * the pending-bit array live, each as a BAR number (BIR, bits 2:0) and an
 * offset into that BAR (the rest, 8-byte aligned).
 */
#define PCI_MSIX_CTRL		2	/* 16 bits */
#define  PCI_MSIX_TABLE_SIZE	0x07ff	/* entries - 1 */
#define  PCI_MSIX_FMASK		0x4000	/* function mask: every entry */
#define  PCI_MSIX_ENABLE	0x8000
#define PCI_MSIX_TABLE		4	/* 32 bits: offset | BIR */
#define  PCI_MSIX_BIR		0x7

/* One 16-byte MSI-X table entry, in the BAR (32-bit accesses only). */
#define MSIX_ENTRY_SIZE		16
#define MSIX_ENTRY_ADDR_LO	0
#define MSIX_ENTRY_ADDR_HI	4
#define MSIX_ENTRY_DATA		8
#define MSIX_ENTRY_CTRL		12
#define  MSIX_ENTRY_MASKED	0x1

#define PCI_NBUS		256
#define PCI_NSLOT		32
#define PCI_NFUNC		8
/* A capability is at least 4 bytes in 192 bytes after the header. */
#define PCI_CAP_MAX		48

/*
 * Serialises BAR sizing: while a BAR holds all ones the device decodes
 * nonsense, and nobody else may look at it.
 */
static struct spinlock pci_lock = SPINLOCK_INITIALIZER("pci");

uint8_t
pci_cfg_read8(const struct pci_dev *dev, unsigned off)
{
	return (uint8_t)(pci_cfg_read32(dev, off & ~3U) >> ((off & 3) * 8));
}

uint16_t
pci_cfg_read16(const struct pci_dev *dev, unsigned off)
{
	KASSERT((off & 1) == 0, ("pci_cfg_read16: offset 0x%x unaligned", off));
	return (uint16_t)(pci_cfg_read32(dev, off & ~3U) >> ((off & 3) * 8));
}

/*
 * pci_cfg_write16: write v at off (2-aligned) by read-modify-write of its
 * word.  The other half goes back as read, except the status register,
 * which goes back as zeros (see the top of the file).
 */
void
pci_cfg_write16(const struct pci_dev *dev, unsigned off, uint16_t v)
{
	unsigned word = off & ~3U, shift = (off & 3) * 8;
	uint32_t old;

	KASSERT((off & 1) == 0, ("pci_cfg_write16: offset 0x%x unaligned",
	    off));
	old = word == PCI_COMMAND ? 0 : pci_cfg_read32(dev, word);
	old &= ~(0xffffU << shift);
	pci_cfg_write32(dev, word, old | (uint32_t)v << shift);
}

/* Fill *dev for the function at bus:slot.func; false if there is none. */
static bool
pci_probe(struct pci_dev *dev, unsigned bus, unsigned slot, unsigned func)
{
	uint32_t id;

	dev->bus = (uint8_t)bus;
	dev->slot = (uint8_t)slot;
	dev->func = (uint8_t)func;
	id = pci_cfg_read32(dev, PCI_VENDOR_ID);
	if ((id & 0xffff) == 0xffff)
		return false;
	dev->vendor = (uint16_t)id;
	dev->device = (uint16_t)(id >> 16);
	dev->subsystem = pci_cfg_read16(dev, PCI_SUBSYSTEM_ID);
	dev->revision = pci_cfg_read8(dev, PCI_CLASS_REVISION);
	return true;
}

/* The pieces of a scan: which buses wait, and what was seen. */
struct pci_scan_state {
	uint64_t	pending[PCI_NBUS / 64];	/* buses found, not scanned */
	uint64_t	seen[PCI_NBUS / 64];	/* buses ever queued */
	bool		(*attach)(const struct pci_dev *dev);
	unsigned	nfunc, nattached, nbus;
};

/* Queue bus for scanning, unless it was already: a loop cannot recur. */
static void
pci_scan_queue(struct pci_scan_state *st, unsigned bus)
{
	uint64_t bit = 1ULL << (bus % 64);

	if (st->seen[bus / 64] & bit)
		return;
	st->seen[bus / 64] |= bit;
	st->pending[bus / 64] |= bit;
}

/* One function: offer it to the driver; queue the bus behind a bridge. */
static void
pci_scan_func(struct pci_scan_state *st, const struct pci_dev *dev,
    uint8_t header)
{
	unsigned secondary;

	st->nfunc++;
	if ((header & PCI_HEADER_LAYOUT) == PCI_HEADER_BRIDGE) {
		secondary = pci_cfg_read8(dev, PCI_BRIDGE_SECONDARY);
		/* 0: the firmware left the bridge unnumbered. */
		if (secondary != 0)
			pci_scan_queue(st, secondary);
	}
	if (st->attach(dev))
		st->nattached++;
}

/*
 * One bus: every slot's function 0, and functions 1-7 of a slot whose
 * function 0 says it has several (the multi-function bit of its header
 * type): a single-function device may answer for all eight.
 */
static void
pci_scan_bus(struct pci_scan_state *st, unsigned bus)
{
	struct pci_dev dev;
	unsigned nfunc;
	uint8_t header;

	st->nbus++;
	for (unsigned slot = 0; slot < PCI_NSLOT; slot++) {
		if (!pci_probe(&dev, bus, slot, 0))
			continue;
		header = pci_cfg_read8(&dev, PCI_HEADER_TYPE);
		nfunc = (header & PCI_HEADER_MULTIFUNC) ? PCI_NFUNC : 1;
		pci_scan_func(st, &dev, header);
		for (unsigned func = 1; func < nfunc; func++)
			if (pci_probe(&dev, bus, slot, func))
				pci_scan_func(st, &dev, pci_cfg_read8(&dev,
				    PCI_HEADER_TYPE));
	}
}

/*
 * pci_scan: breadth by bus number rather than depth first: a worklist of
 * bus numbers (a bitmap) instead of recursion, so a bridge that names an
 * already scanned bus, or a deep tree, costs no kernel stack.
 */
void
pci_scan(bool (*attach)(const struct pci_dev *dev))
{
	struct pci_scan_state st = { .attach = attach };
	bool more = true;

	pci_scan_queue(&st, 0);
	while (more) {
		more = false;
		for (unsigned bus = 0; bus < PCI_NBUS; bus++) {
			uint64_t bit = 1ULL << (bus % 64);

			if ((st.pending[bus / 64] & bit) == 0)
				continue;
			st.pending[bus / 64] &= ~bit;
			pci_scan_bus(&st, bus);
			more = true;
		}
	}
	printf("pci: %u functions on %u bus%s, %u attached\n", st.nfunc,
	    st.nbus, st.nbus == 1 ? "" : "es", st.nattached);
}

/*
 * pci_find_cap: walk the capability list from its head (from == 0) or
 * from the capability at from, inclusive; so the next match after cap is
 * pci_find_cap(dev, id, pci_cfg_read8(dev, cap + 1)), its next pointer.
 * The walk is bounded: a corrupt list that loops ends as "none".
 */
unsigned
pci_find_cap(const struct pci_dev *dev, uint8_t id, unsigned from)
{
	unsigned off = from;

	KASSERT(from < 256 && (from & 3) == 0,
	    ("pci_find_cap: bad offset 0x%x", from));
	if (off == 0) {
		if ((pci_cfg_read16(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST) == 0)
			return 0;
		off = pci_cfg_read8(dev, PCI_CAP_PTR);
	}
	for (int n = 0; n < PCI_CAP_MAX; n++) {
		off &= ~3U;		/* the low bits are reserved */
		if (off < 0x40)		/* 0 ends the list; less is the header */
			return 0;
		if (pci_cfg_read8(dev, off) == id)
			return off;
		off = pci_cfg_read8(dev, off + 1);
	}
	return 0;
}

/* How many BARs a function of dev's header layout has (a bridge: two). */
static int
pci_nbars(const struct pci_dev *dev)
{
	uint8_t layout = pci_cfg_read8(dev, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT;

	if (layout == PCI_HEADER_NORMAL)
		return 6;
	return layout == PCI_HEADER_BRIDGE ? 2 : 0;
}

/*
 * pci_bar_is_mem: is bar a memory BAR of its own, neither an I/O BAR nor
 * the upper half of the 64-bit BAR before it?  *is64 says if it takes the
 * next slot too.  Only a walk from BAR 0 tells an upper half: its value
 * is just address bits.
 */
static bool
pci_bar_is_mem(const struct pci_dev *dev, int bar, bool *is64)
{
	int nbars = pci_nbars(dev), i = 0;
	uint32_t v;

	KASSERT(bar >= 0 && bar < 6, ("pci_bar_is_mem: bad BAR %d", bar));
	if (bar >= nbars)
		return false;
	for (;;) {
		v = pci_cfg_read32(dev, PCI_BAR0 + 4 * i);
		*is64 = (v & (PCI_BAR_IO | PCI_BAR_TYPE_MASK)) == PCI_BAR_TYPE_64;
		if (i == bar)
			break;
		i += *is64 ? 2 : 1;
		if (i > bar)
			return false;	/* bar is an upper half */
	}
	if ((v & PCI_BAR_IO) != 0)
		return false;
	if (*is64 && bar + 1 >= nbars)
		return false;		/* a 64-bit BAR cut off: broken */
	return (v & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_32 || *is64;
}

/* The physical address firmware gave memory BAR bar; 0 if none. */
static vm_paddr_t
pci_bar_addr(const struct pci_dev *dev, int bar)
{
	unsigned off = PCI_BAR0 + 4 * bar;
	vm_paddr_t pa;
	bool is64;

	if (!pci_bar_is_mem(dev, bar, &is64))
		return 0;
	pa = pci_cfg_read32(dev, off) & PCI_BAR_ADDR_MASK;
	if (is64)
		pa |= (vm_paddr_t)pci_cfg_read32(dev, off + 4) << 32;
	return pa;
}

/*
 * pci_bar_size: the size of memory BAR bar, by the specification's recipe:
 * with memory decoding off (the BAR briefly holds nonsense), write all
 * ones, read back which address bits stick (the bits below the size read
 * as zero), put the old value back.  0 if the BAR is not implemented.
 */
static uint64_t
pci_bar_size(const struct pci_dev *dev, int bar, bool is64)
{
	unsigned off = PCI_BAR0 + 4 * bar;
	uint32_t lo, hi = 0, lo_mask, hi_mask = 0xffffffff;
	uint16_t cmd;
	uint64_t mask;

	spin_lock(&pci_lock);
	cmd = pci_cfg_read16(dev, PCI_COMMAND);
	pci_cfg_write16(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	lo = pci_cfg_read32(dev, off);
	pci_cfg_write32(dev, off, 0xffffffff);
	lo_mask = pci_cfg_read32(dev, off) & PCI_BAR_ADDR_MASK;
	pci_cfg_write32(dev, off, lo);
	if (is64) {
		hi = pci_cfg_read32(dev, off + 4);
		pci_cfg_write32(dev, off + 4, 0xffffffff);
		hi_mask = pci_cfg_read32(dev, off + 4);
		pci_cfg_write32(dev, off + 4, hi);
	}
	pci_cfg_write16(dev, PCI_COMMAND, cmd);
	spin_unlock(&pci_lock);
	mask = (uint64_t)hi_mask << 32 | lo_mask;
	if (lo_mask == 0 && (!is64 || hi_mask == 0))
		return 0;
	return ~mask + 1;
}

/*
 * pci_bar_map: size the BAR, map it, then let the device decode memory
 * and master the bus.  Every call maps anew (mappings are never taken
 * down), so a driver maps each BAR once.  A BAR the firmware left at 0 is
 * treated as absent: Pagoda does not assign addresses.
 */
void *
pci_bar_map(const struct pci_dev *dev, int bar, size_t *size)
{
	vm_paddr_t pa;
	uint64_t len;
	bool is64;
	void *va;

	if (bar < 0 || bar >= 6 || !pci_bar_is_mem(dev, bar, &is64))
		return NULL;
	pa = pci_bar_addr(dev, bar);
	len = pci_bar_size(dev, bar, is64);
	if (pa == 0 || len == 0)
		return NULL;
	KASSERT(powerof2(len) && (pa & (len - 1)) == 0,
	    ("pci_bar_map: BAR %d at 0x%lx of size 0x%lx misaligned", bar, pa,
	    len));
	va = vm_mapdev(pa, len);
	if (va == NULL) {
		printf("pci: %02x:%02x.%x BAR %d (0x%lx bytes): no room in the "
		    "device window\n", dev->bus, dev->slot, dev->func, bar, len);
		return NULL;
	}
	pci_cfg_write16(dev, PCI_COMMAND, pci_cfg_read16(dev, PCI_COMMAND) |
	    PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (size != NULL)
		*size = len;
	return va;
}

/*
 * The MSI-X table entry entry of the function whose MSI-X capability is
 * at cap, mapped (one page of the device window each call); NULL if the
 * table's BAR is absent.
 */
static volatile uint32_t *
pci_msix_entry(const struct pci_dev *dev, unsigned cap, unsigned entry)
{
	uint32_t table = pci_cfg_read32(dev, cap + PCI_MSIX_TABLE);
	unsigned bir = table & PCI_MSIX_BIR;
	vm_paddr_t bar_pa;

	if (bir >= 6 || (bar_pa = pci_bar_addr(dev, (int)bir)) == 0)
		return NULL;
	return vm_mapdev(bar_pa + (table & ~PCI_MSIX_BIR) +
	    entry * MSIX_ENTRY_SIZE, MSIX_ENTRY_SIZE);
}

/*
 * Before MSI-X: the table is in memory space and the message is a bus
 * write, so decoding and bus mastering go on; the legacy INTx line and
 * plain MSI (never both with MSI-X) go off.
 */
static void
pci_msix_prepare(const struct pci_dev *dev)
{
	unsigned msi = pci_find_cap(dev, PCI_CAP_ID_MSI, 0);

	pci_cfg_write16(dev, PCI_COMMAND, pci_cfg_read16(dev, PCI_COMMAND) |
	    PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
	    PCI_COMMAND_INTX_DISABLE);
	if (msi != 0)
		pci_cfg_write16(dev, msi + PCI_MSI_CTRL, pci_cfg_read16(dev,
		    msi + PCI_MSI_CTRL) & ~PCI_MSI_ENABLE);
}

/*
 * pci_msix_setup: the order matters.  The entry is written with the whole
 * function masked (an interrupt that arrives meanwhile waits in the
 * pending-bit array) and its own mask set (the specification forbids
 * changing an unmasked entry); then both masks come off.  The read of the
 * vector control word pushes the posted writes to the device before the
 * function mask is cleared.
 */
int
pci_msix_setup(const struct pci_dev *dev, unsigned entry, uint64_t address,
    uint32_t data)
{
	unsigned cap = pci_find_cap(dev, PCI_CAP_ID_MSIX, 0);
	volatile uint32_t *e;
	uint16_t ctrl;

	if (cap == 0)
		return -ENODEV;
	ctrl = pci_cfg_read16(dev, cap + PCI_MSIX_CTRL);
	if (entry > (ctrl & PCI_MSIX_TABLE_SIZE))
		return -ENODEV;
	if ((e = pci_msix_entry(dev, cap, entry)) == NULL)
		return -ENODEV;
	pci_msix_prepare(dev);
	pci_cfg_write16(dev, cap + PCI_MSIX_CTRL,
	    ctrl | PCI_MSIX_ENABLE | PCI_MSIX_FMASK);
	e[MSIX_ENTRY_CTRL / 4] = MSIX_ENTRY_MASKED;
	e[MSIX_ENTRY_ADDR_LO / 4] = (uint32_t)address;
	e[MSIX_ENTRY_ADDR_HI / 4] = (uint32_t)(address >> 32);
	e[MSIX_ENTRY_DATA / 4] = data;
	e[MSIX_ENTRY_CTRL / 4] = 0;
	(void)e[MSIX_ENTRY_CTRL / 4];
	pci_cfg_write16(dev, cap + PCI_MSIX_CTRL,
	    (ctrl | PCI_MSIX_ENABLE) & ~PCI_MSIX_FMASK);
	return 0;
}
