/*
 * timer.c (arm64): the clock tick from the generic timer.
 *
 * Every arm64 CPU has a system counter that ticks at a fixed rate
 * (CNTFRQ_EL0; 62.5 MHz under QEMU), and per-CPU timers that compare
 * against it.  We use the EL1 virtual timer: write the ticks until the next
 * interrupt to CNTV_TVAL_EL0, enable it in CNTV_CTL_EL0; its interrupt is
 * a PPI whose ID the device tree gives.  Unlike the x86 APIC timer there
 * is nothing to calibrate: the frequency is a register.
 */
#include "arch/arm64/arm64.h"
#include "kernel/clock.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

#define CNTV_CTL_ENABLE		(1 << 0)

unsigned timer_irq = 27;	/* QEMU virt: virtual timer, PPI 11 */
static uint64_t ticks_per_hz;

static void
timer_arm(void)
{
	WRITE_SPECIALREG(cntv_tval_el0, ticks_per_hz);
	WRITE_SPECIALREG(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

void
timer_intr(void)
{
	timer_arm();
	hardclock();
}

/* The system counter, converted: it runs from reset at CNTFRQ_EL0 Hz. */
uint64_t
machine_nanotime(void)
{
	uint64_t freq = READ_SPECIALREG(cntfrq_el0);
	uint64_t count;

	isb();
	count = READ_SPECIALREG(cntvct_el0);
	return count / freq * 1000000000ULL +
	    count % freq * 1000000000ULL / freq;
}

void
machine_initclocks(void)
{
	uint64_t freq = READ_SPECIALREG(cntfrq_el0);

	gic_init(gic_dist_pa, gic_cpu_pa);
	ticks_per_hz = freq / HZ;
	gic_enable_irq(timer_irq);
	timer_arm();
	printf("clock: generic timer, %lu.%03lu MHz, %d Hz tick (irq %u)\n",
	    freq / 1000000, freq / 1000 % 1000, HZ, timer_irq);
}
