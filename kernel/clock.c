/*
 * clock.c: the tick count, and the scheduler's tick.
 */
#include "kernel/clock.h"
#include "kernel/sched.h"

volatile uint64_t ticks;

void
hardclock(void)
{
	ticks++;
	sched_clock();
}

uint64_t
clock_ms(void)
{
	return ticks * (1000 / HZ);
}
