/*
 * clock.h: the periodic clock tick.
 */
#ifndef _KERNEL_CLOCK_H_
#define _KERNEL_CLOCK_H_

#include "kernel/types.h"

#define HZ	100		/* ticks per second */

/* Ticks since the clock started. */
extern volatile uint64_t ticks;

/* Called by the machine's timer interrupt, HZ times a second. */
void	hardclock(void);

/* Milliseconds since the clock started, at tick resolution. */
uint64_t clock_ms(void);

#endif /* !_KERNEL_CLOCK_H_ */
