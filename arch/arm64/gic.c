/*
 * gic.c (arm64): the GICv2 interrupt controller of QEMU virt.
 *
 * Two blocks of registers: the *distributor* decides which interrupts are
 * enabled and where they go; the *CPU interface* is where a CPU
 * acknowledges an interrupt (reading GICC_IAR gives its ID) and signals
 * its end (writing the ID to GICC_EOIR).  IDs 16-31 are per-CPU
 * interrupts (PPIs), such as the timers; 32 and up are devices (SPIs).
 */
#include "arch/arm64/arm64.h"
#include "kernel/systm.h"
#include "vm/vm_kern.h"

#define GICD_CTLR	0x000
#define GICD_ISENABLER	0x100		/* one bit per ID, 32 per word */
#define GICD_IPRIORITYR	0x400		/* one byte per ID */
#define GICC_CTLR	0x000
#define GICC_PMR	0x004		/* priority mask */
#define GICC_BPR	0x008
#define GICC_IAR	0x00c		/* acknowledge: the pending ID */
#define GICC_EOIR	0x010		/* end of interrupt */

#define GIC_SPURIOUS	1023

static volatile uint32_t *gicd, *gicc;

void
gic_init(vm_paddr_t dist, vm_paddr_t cpu)
{
	gicd = vm_mapdev(dist, 0x1000);
	gicc = vm_mapdev(cpu, 0x2000);
	if (gicd == NULL || gicc == NULL)
		panic("gic_init: cannot map the GIC");
	gicd[GICD_CTLR / 4] = 1;		/* forward interrupts */
	gicc[GICC_PMR / 4] = 0xff;		/* let every priority through */
	gicc[GICC_BPR / 4] = 0;
	gicc[GICC_CTLR / 4] = 1;		/* signal them to this CPU */
}

void
gic_enable_irq(unsigned irq)
{
	volatile uint8_t *prio = (volatile uint8_t *)gicd + GICD_IPRIORITYR;

	prio[irq] = 0x80;
	gicd[GICD_ISENABLER / 4 + irq / 32] = 1U << (irq % 32);
}

/* The ID of the interrupt being taken (GIC_SPURIOUS if none). */
unsigned
gic_ack(void)
{
	return gicc[GICC_IAR / 4] & 0x3ff;
}

void
gic_eoi(unsigned irq)
{
	gicc[GICC_EOIR / 4] = irq;
}
