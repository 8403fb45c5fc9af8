/*
 * gic.c (arm64): the GICv2 interrupt controller of QEMU virt.
 *
 * Two blocks of registers: the *distributor* decides which interrupts are
 * enabled and where they go; the *CPU interface* is where a CPU
 * acknowledges an interrupt (reading GICC_IAR gives its ID) and signals
 * its end (writing the ID to GICC_EOIR).  IDs 16-31 are per-CPU
 * interrupts (PPIs), such as the timers; 32 and up are devices (SPIs),
 * as many as GICD_TYPER says (at most up to 1019; 1020-1023 are special).
 *
 * Most distributor registers are arrays indexed by interrupt ID: one bit
 * per ID (enable, pending), two bits (configuration), or a byte
 * (priority, target CPUs).
 */
#include "arch/arm64/arm64.h"
#include "kernel/systm.h"
#include "vm/vm_kern.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004		/* bits 4:0: 32 * (n + 1) IDs */
#define GICD_ISENABLER	0x100		/* one bit per ID, 32 per word */
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_IPRIORITYR	0x400		/* one byte per ID */
#define GICD_ITARGETSR	0x800		/* one byte per ID: a CPU mask */
#define GICD_ICFGR	0xc00		/* two bits per ID, 16 per word */
#define  ICFGR_EDGE	0x2		/* the upper bit: 1 edge, 0 level */
#define GICC_CTLR	0x000
#define GICC_PMR	0x004		/* priority mask */
#define GICC_BPR	0x008
#define GICC_IAR	0x00c		/* acknowledge: the pending ID */
#define GICC_EOIR	0x010		/* end of interrupt */

#define GIC_SPURIOUS	1023
#define GIC_MAX_IDS	1020

static volatile uint32_t *gicd, *gicc;
static unsigned gic_nids;		/* IDs implemented, from GICD_TYPER */

void
gic_init(vm_paddr_t dist, vm_paddr_t cpu)
{
	gicd = vm_mapdev(dist, 0x1000);
	gicc = vm_mapdev(cpu, 0x2000);
	if (gicd == NULL || gicc == NULL)
		panic("gic_init: cannot map the GIC");
	gic_nids = MIN(32 * ((gicd[GICD_TYPER / 4] & 0x1f) + 1), GIC_MAX_IDS);
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

/* How many interrupt IDs the distributor implements (0 to this - 1). */
unsigned
gic_nirqs(void)
{
	return gic_nids;
}

void
gic_disable_irq(unsigned irq)
{
	gicd[GICD_ICENABLER / 4 + irq / 32] = 1U << (irq % 32);
}

/*
 * gic_config_spi: make the shared interrupt irq edge- or level-triggered
 * and send it to this CPU; it stays disabled (gic_enable_irq() enables
 * it).  Changing the trigger of an enabled interrupt is UNPREDICTABLE in
 * the GICv2 specification, hence the disable first.  A CPU reads its own
 * mask in the target bytes of IDs 0-31, but a uniprocessor GIC reads them
 * as zero (and routes every SPI to its only CPU): then write CPU 0's bit.
 * The caller serialises calls (intr.c's lock): a trigger word holds 16 IDs.
 */
void
gic_config_spi(unsigned irq, bool level)
{
	volatile uint8_t *targets = (volatile uint8_t *)gicd + GICD_ITARGETSR;
	unsigned shift = (irq % 16) * 2;
	uint32_t cfg;
	uint8_t self = targets[0];

	KASSERT(irq >= 32 && irq < gic_nirqs(),
	    ("gic_config_spi: %u is not a shared interrupt", irq));
	gic_disable_irq(irq);
	cfg = gicd[GICD_ICFGR / 4 + irq / 16] & ~(3U << shift);
	if (!level)
		cfg |= ICFGR_EDGE << shift;
	gicd[GICD_ICFGR / 4 + irq / 16] = cfg;
	targets[irq] = self != 0 ? self : 0x01;
}

/* Make irq pending, as if its device had raised it (a test hook). */
void
gic_set_pending(unsigned irq)
{
	gicd[GICD_ISPENDR / 4 + irq / 32] = 1U << (irq % 32);
}
