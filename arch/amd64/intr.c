/*
 * intr.c (amd64): device interrupts are message-signalled (PCI MSI-X).
 *
 * An MSI is a memory write by the device: to an address in the window
 * 0xfee00000-0xfeefffff, which the chipset turns into an interrupt at a
 * local APIC instead of a memory access, with data that says which vector.
 * The Intel SDM ("Message Signalled Interrupts") gives both formats:
 *
 *   address  31      20 19          12 11        4  3   2  1 0
 *           +----------+--------------+-----------+----+----+---+
 *           |  0xfee   | dest APIC ID | reserved  | RH | DM | 0 |
 *           +----------+--------------+-----------+----+----+---+
 *   data     15  14  13   11 10      8 7              0
 *           +---+---+-------+---------+----------------+
 *           | T | L |  0    |  mode   |     vector     |
 *           +---+---+-------+---------+----------------+
 *
 * We send every message to the boot CPU's APIC ID in physical mode
 * (RH = DM = 0), and use fixed delivery (mode 0) and edge trigger
 * (T = 0): data is just the vector.
 *
 * The vectors: IDT_MSI_BASE.. (amd64.h), IDT_MSI_COUNT of them, above the
 * timer's 0x20 and below the 8259s' 0xe0.  The APIC ranks a vector by its
 * upper four bits, so the devices' classes (3 to 6) outrank the timer's
 * (2); with one CPU and interrupt gates (handlers run with interrupts
 * off) that only orders two requests pending together.  Every vector has
 * its IDT gate already: trap.c fills all 256 with exception.S's stubs.
 *
 * The end of an interrupt: the APIC sets the vector's in-service bit when
 * it delivers it, and blocks that vector's class and lower until the
 * kernel writes the EOI register.  intr_msi_dispatch() writes it after the
 * handler: a second message that arrives meanwhile is held as pending
 * (IRR) and delivered after the EOI, once interrupts are on again, so an
 * edge is never lost.
 */
#include "arch/amd64/amd64.h"
#include "drivers/pci.h"
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

#define MSI_ADDR_BASE		0xfee00000UL
#define MSI_ADDR_DEST_SHIFT	12
#define MSI_DATA_VECTOR		0xff	/* the rest 0: fixed, edge */

struct msi_vector {
	intr_handler_t	handler;	/* (intr_lock) NULL: free */
	void		*arg;		/* (intr_lock) */
};

static struct spinlock intr_lock = SPINLOCK_INITIALIZER("intr");
static struct msi_vector msi_vectors[IDT_MSI_COUNT];

/* The message address that reaches this CPU (the boot CPU). */
static uint64_t
msi_address(void)
{
	return MSI_ADDR_BASE | (uint64_t)lapic_id() << MSI_ADDR_DEST_SHIFT;
}

/*
 * The msi_vectors index that the message (address, data) raises, or -1 if
 * it is not a message intr_alloc_msi() would make.
 */
static int
msi_index(uint64_t address, uint32_t data)
{
	if (address != msi_address() || (data & ~MSI_DATA_VECTOR) != 0)
		return -1;
	if (data < IDT_MSI_BASE || data >= IDT_MSI_BASE + IDT_MSI_COUNT)
		return -1;
	return (int)(data - IDT_MSI_BASE);
}

int
intr_alloc_msi(intr_handler_t handler, void *arg, uint64_t *address,
    uint32_t *data)
{
	int error = -ENOSPC;

	KASSERT(handler != NULL, ("intr_alloc_msi: no handler"));
	spin_lock(&intr_lock);
	for (unsigned i = 0; i < IDT_MSI_COUNT; i++) {
		if (msi_vectors[i].handler != NULL)
			continue;
		msi_vectors[i].handler = handler;
		msi_vectors[i].arg = arg;
		*address = msi_address();
		*data = IDT_MSI_BASE + i;
		error = 0;
		break;
	}
	spin_unlock(&intr_lock);
	return error;
}

void
intr_free_msi(uint64_t address, uint32_t data)
{
	int i = msi_index(address, data);

	spin_lock(&intr_lock);
	if (i < 0 || msi_vectors[i].handler == NULL)
		panic("intr_free_msi: message 0x%x to 0x%lx was not allocated",
		    data, address);
	msi_vectors[i].handler = NULL;
	msi_vectors[i].arg = NULL;
	spin_unlock(&intr_lock);
}

/*
 * intr_msi_dispatch: trap.c's entry for a vector in the MSI range, with
 * interrupts off.  The handler is called without intr_lock held, so that
 * it may allocate or free vectors; then the EOI (see the top of the file).
 * A vector with no handler (freed while its message was in flight) is
 * reported and dropped.
 */
void
intr_msi_dispatch(unsigned vector)
{
	intr_handler_t handler;
	void *arg;

	KASSERT(vector >= IDT_MSI_BASE && vector < IDT_MSI_BASE + IDT_MSI_COUNT,
	    ("intr_msi_dispatch: vector %u is not an MSI vector", vector));
	KASSERT(!intr_enabled(), ("intr_msi_dispatch: interrupts on"));
	spin_lock(&intr_lock);
	handler = msi_vectors[vector - IDT_MSI_BASE].handler;
	arg = msi_vectors[vector - IDT_MSI_BASE].arg;
	spin_unlock(&intr_lock);
	if (handler != NULL)
		handler(arg);
	else
		printf("intr: stray interrupt on vector 0x%x\n", vector);
	lapic_eoi();
}

/* No wired interrupts: the IOAPIC is not programmed (PCI devices use MSI-X). */
int
intr_establish(unsigned irq, bool level, intr_handler_t handler, void *arg)
{
	return -ENODEV;
}

void
intr_disestablish(unsigned irq)
{
	panic("intr_disestablish: no wired interrupts on amd64 (irq %u)", irq);
}

int
intr_test_irq(void)
{
	return -ENODEV;
}

int
intr_test_raise(unsigned irq)
{
	return -ENODEV;
}

/*
 * The kernel cannot write to the MSI window the way a device does (a CPU's
 * write there reaches its own APIC's registers), so the test delivers the
 * message's vector by a self-IPI: fixed and edge-triggered, like the MSI.
 */
int
intr_test_send_msi(uint64_t address, uint32_t data)
{
	int i = msi_index(address, data);
	bool allocated;

	spin_lock(&intr_lock);
	allocated = i >= 0 && msi_vectors[i].handler != NULL;
	spin_unlock(&intr_lock);
	if (!allocated)
		return -EINVAL;
	lapic_self_ipi(IDT_MSI_BASE + (unsigned)i);
	return 0;
}

void
machine_attach_devices(void)
{
	pci_scan(virtio_pci_attach);
}
