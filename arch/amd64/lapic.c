/*
 * lapic.c (amd64): the local APIC and its timer, the source of the clock
 * tick.
 *
 * The local APIC timer counts down at a rate the CPU does not tell us, so
 * we measure it once against the legacy PIT, whose input clock is fixed at
 * 1,193,182 Hz: start the APIC counter, let PIT channel 2 count down 10 ms,
 * read how far the APIC counter went.  Then program the APIC timer to fire
 * periodically HZ times a second on vector IDT_TIMER.
 *
 * The 8259 PICs are remapped away from the exception vectors and masked:
 * every interrupt we use comes through the APIC.
 */
#include "arch/amd64/amd64.h"
#include "kernel/clock.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "vm/vm_kern.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1 << 11)

/* Local APIC registers, as byte offsets into its 4 KiB page. */
#define LAPIC_ID		0x020
#define LAPIC_TPR		0x080
#define LAPIC_EOI		0x0b0
#define LAPIC_SVR		0x0f0
#define LAPIC_ICR_LO		0x300	/* interrupt command: the IPI itself */
#define LAPIC_ICR_HI		0x310	/* its destination */
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_TIMER_INIT	0x380
#define LAPIC_TIMER_CUR		0x390
#define LAPIC_TIMER_DIV		0x3e0

#define SVR_ENABLE		0x100
#define LVT_MASKED		(1 << 16)
#define LVT_PERIODIC		(1 << 17)
#define TIMER_DIV_16		0x3
#define ICR_PENDING		(1 << 12)	/* delivery status: not sent yet */
#define ICR_ASSERT		(1 << 14)
#define ICR_DEST_SELF		(1 << 18)	/* shorthand: this CPU */

#define PIT_HZ			1193182
#define PIT_CH2			0x42
#define PIT_MODE		0x43
#define PIT_GATE		0x61	/* bit 0: ch2 gate, bit 5: ch2 out */
#define CALIBRATE_MS		10

static volatile uint32_t *lapic;
static uint32_t lapic_per_tick;		/* timer counts in one tick */
static uint64_t last_nanotime;		/* never go backwards */

static uint32_t
lapic_read(int reg)
{
	return lapic[reg / 4];
}

static void
lapic_write(int reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* This CPU's local APIC ID (xAPIC mode: bits 31:24), the MSI target. */
unsigned
lapic_id(void)
{
	KASSERT(lapic != NULL, ("lapic_id: the local APIC is not mapped"));
	return lapic_read(LAPIC_ID) >> 24;
}

/*
 * lapic_self_ipi: raise vector on this CPU, as a fixed, edge-triggered
 * interrupt, the same kind an MSI delivers (the test hook's way in).
 */
void
lapic_self_ipi(unsigned vector)
{
	KASSERT(vector >= 32 && vector < 256,
	    ("lapic_self_ipi: bad vector %u", vector));
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		cpu_spinwait();
	lapic_write(LAPIC_ICR_HI, 0);
	lapic_write(LAPIC_ICR_LO, ICR_DEST_SELF | ICR_ASSERT | vector);
}

/* Remap the 8259 PICs to IDT_PIC_BASE.. and mask every line. */
static void
pic_disable(void)
{
	outb(0x20, 0x11);			/* ICW1: init, ICW4 follows */
	outb(0xa0, 0x11);
	outb(0x21, IDT_PIC_BASE);		/* ICW2: vector base */
	outb(0xa1, IDT_PIC_BASE + 8);
	outb(0x21, 4);				/* ICW3: slave on line 2 */
	outb(0xa1, 2);
	outb(0x21, 1);				/* ICW4: 8086 mode */
	outb(0xa1, 1);
	outb(0x21, 0xff);			/* mask all */
	outb(0xa1, 0xff);
}

/* Count how many APIC timer ticks (divide by 16) pass in CALIBRATE_MS. */
static uint32_t
lapic_calibrate(void)
{
	uint32_t count = PIT_HZ * CALIBRATE_MS / 1000;

	/* PIT channel 2, mode 0 (count down once), gate low while loading. */
	outb(PIT_GATE, inb(PIT_GATE) & ~0x03);
	outb(PIT_MODE, 0xb0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);	/* gate high: go */
	while ((inb(PIT_GATE) & 0x20) == 0)
		cpu_spinwait();
	return 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
}

void
lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	pic_disable();
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	lapic = (volatile uint32_t *)vm_mapdev(base & ~0xfffULL, PAGE_SIZE);
	if (lapic == NULL)
		panic("lapic_init: cannot map the local APIC");
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | IDT_SPURIOUS);
}

/*
 * The tick count plus how far the APIC timer has counted down into the
 * current tick.  A tick that ends between the two reads is caught by
 * reading the tick count again; the result is clamped so that it never
 * goes backwards (the APIC count only approximates time under TCG).
 */
uint64_t
machine_nanotime(void)
{
	uint64_t flags = intr_disable(), t, ns;
	uint32_t left;

	do {
		t = ticks;
		left = lapic_per_tick ? lapic_read(LAPIC_TIMER_CUR) : 0;
	} while (t != ticks);
	ns = t * (1000000000ULL / HZ);
	if (lapic_per_tick != 0 && left <= lapic_per_tick)
		ns += (uint64_t)(lapic_per_tick - left) * (1000000000ULL / HZ) /
		    lapic_per_tick;
	if (ns < last_nanotime)
		ns = last_nanotime;
	last_nanotime = ns;
	intr_restore(flags);
	return ns;
}

void
machine_initclocks(void)
{
	uint32_t per_tick;

	lapic_init();
	per_tick = lapic_calibrate() * (1000 / CALIBRATE_MS) / HZ;
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | IDT_TIMER);
	lapic_write(LAPIC_TIMER_INIT, per_tick);
	lapic_per_tick = per_tick;
	printf("clock: local APIC timer, %u.%03u MHz, %d Hz tick\n",
	    per_tick * HZ / 1000000, per_tick * HZ / 1000 % 1000, HZ);
}
