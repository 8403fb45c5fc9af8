/*
 * clock.c: the tick count.  The scheduler will hook in here.
 */
#include "kernel/clock.h"

volatile uint64_t ticks;

void
hardclock(void)
{
	ticks++;
}

uint64_t
clock_ms(void)
{
	return ticks * (1000 / HZ);
}
