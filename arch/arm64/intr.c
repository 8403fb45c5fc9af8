/*
 * intr.c (arm64): device interrupts are wired: GIC shared peripheral
 * interrupts (SPIs).
 *
 * On QEMU virt each virtio-mmio slot has its own SPI, which the device
 * tree names (fdt_bootinfo.c); the transport's driver establishes a
 * handler for it here.  The way in:
 *
 *   device raises its line -> distributor (enabled? priority, target CPU)
 *     -> CPU interface -> IRQ exception -> trap_irq(): GICC_IAR gives the
 *     ID -> intr_dispatch(ID) -> handler(arg) -> GICC_EOIR
 *
 * A level-triggered SPI stays pending while the line is high, so the
 * handler must quiet the device (virtio-mmio: write InterruptACK) before
 * trap_irq() writes the EOI, or the interrupt is taken again at once.
 * An edge-triggered one is latched by the distributor: an edge that
 * comes while the handler runs is taken after the EOI.
 *
 * No message-signalled interrupts: Pagoda does not drive PCI on arm64
 * (QEMU virt's GICv2m frame, which would give them, is unused).
 */
#include "arch/arm64/arm64.h"
#include "drivers/virtio.h"
#include "kernel/errno.h"
#include "kernel/intr.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

#define SPI_BASE	32		/* the first shared interrupt's ID */
#define SPI_MAX		(1020 - SPI_BASE)	/* GICv2's most */

struct spi_handler {
	intr_handler_t	handler;	/* (intr_lock) NULL: none */
	void		*arg;		/* (intr_lock) */
};

/* Also serialises the distributor's shared configuration words. */
static struct spinlock intr_lock = SPINLOCK_INITIALIZER("intr");
static struct spi_handler spi_handlers[SPI_MAX];

/* Is irq a shared interrupt this GIC implements? */
static bool
spi_valid(unsigned irq)
{
	return irq >= SPI_BASE && irq < gic_nirqs();
}

/*
 * intr_establish: the handler is in place before the interrupt is
 * enabled, so the first one finds it.  Interrupt IDs below 32 (SGIs, and
 * PPIs such as the timer's) are the machine layer's own: -EINVAL.
 */
int
intr_establish(unsigned irq, bool level, intr_handler_t handler, void *arg)
{
	struct spi_handler *h;
	int error = 0;

	KASSERT(handler != NULL, ("intr_establish: no handler"));
	if (!spi_valid(irq))
		return -EINVAL;
	h = &spi_handlers[irq - SPI_BASE];
	spin_lock(&intr_lock);
	if (h->handler != NULL) {
		error = -EBUSY;
	} else {
		h->handler = handler;
		h->arg = arg;
		gic_config_spi(irq, level);
		gic_enable_irq(irq);
	}
	spin_unlock(&intr_lock);
	return error;
}

void
intr_disestablish(unsigned irq)
{
	struct spi_handler *h;

	if (!spi_valid(irq))
		panic("intr_disestablish: %u is not a shared interrupt", irq);
	h = &spi_handlers[irq - SPI_BASE];
	spin_lock(&intr_lock);
	if (h->handler == NULL)
		panic("intr_disestablish: irq %u has no handler", irq);
	gic_disable_irq(irq);
	h->handler = NULL;
	h->arg = NULL;
	spin_unlock(&intr_lock);
}

/*
 * intr_dispatch: trap_irq()'s entry for every ID but the timer's, with
 * interrupts off, between acknowledge and EOI.  The handler runs without
 * intr_lock held.  An ID with no handler (disestablished while pending,
 * or never established) is reported and dropped.
 */
void
intr_dispatch(unsigned irq)
{
	intr_handler_t handler = NULL;
	void *arg = NULL;

	KASSERT(!intr_enabled(), ("intr_dispatch: interrupts on"));
	if (spi_valid(irq)) {
		spin_lock(&intr_lock);
		handler = spi_handlers[irq - SPI_BASE].handler;
		arg = spi_handlers[irq - SPI_BASE].arg;
		spin_unlock(&intr_lock);
	}
	if (handler != NULL)
		handler(arg);
	else
		printf("intr: stray interrupt %u\n", irq);
}

int
intr_alloc_msi(intr_handler_t handler, void *arg, uint64_t *address,
    uint32_t *data)
{
	return -ENODEV;
}

void
intr_free_msi(uint64_t address, uint32_t data)
{
	panic("intr_free_msi: no message-signalled interrupts on arm64");
}

/* Is irq one the device tree gives a device (a virtio-mmio slot's)? */
static bool
spi_wired_to_device(unsigned irq)
{
	for (int i = 0; i < virtio_mmio_nslots; i++)
		if (virtio_mmio_slots[i].irq == irq)
			return true;
	return false;
}

/* The highest SPI the GIC implements that no slot uses (virt: 287). */
int
intr_test_irq(void)
{
	for (unsigned irq = gic_nirqs() - 1; irq >= SPI_BASE; irq--)
		if (!spi_wired_to_device(irq) && irq != timer_irq)
			return (int)irq;
	return -ENODEV;
}

int
intr_test_raise(unsigned irq)
{
	if (!spi_valid(irq))
		return -EINVAL;
	gic_set_pending(irq);
	return 0;
}

int
intr_test_send_msi(uint64_t address, uint32_t data)
{
	return -ENODEV;
}

/* The index of the slot with the highest base not yet taken. */
static int
highest_slot(const bool *taken)
{
	int best = -1;

	for (int i = 0; i < virtio_mmio_nslots; i++)
		if (!taken[i] && (best < 0 ||
		    virtio_mmio_slots[i].base > virtio_mmio_slots[best].base))
			best = i;
	return best;
}

/*
 * Offer every virtio-mmio slot to the transport; QEMU virt lists 32
 * slots whether or not a device sits in them, and an empty one answers
 * -ENODEV.  QEMU fills the slots from the highest address down, so
 * taking them in that order names the disks in command-line order (the
 * first -device is vda), as Linux names them.
 */
void
machine_attach_devices(void)
{
	bool taken[VIRTIO_MMIO_MAX] = { false };
	int i;

	while ((i = highest_slot(taken)) >= 0) {
		const struct mmio_slot *slot = &virtio_mmio_slots[i];
		int error = virtio_mmio_attach(slot->base, slot->size,
		    slot->irq);

		taken[i] = true;
		/* (empty slots and refused devices have said enough) */
		if (error != 0 && error != -ENODEV && error != -ENOTSUP)
			printf("virtio-mmio: slot at 0x%lx irq %u: error %d\n",
			    slot->base, slot->irq, error);
	}
}
