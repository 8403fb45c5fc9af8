/*
 * cpufunc.h (host shim): the few machine functions the host-built kernel
 * files need (kernel/lock.c), without a single instruction of assembly.
 *
 * Interrupts are modelled by one flag, so that a test can check that spin
 * locks disable them while held and put them back as they found them.
 */
#ifndef _MACHINE_CPUFUNC_H_
#define _MACHINE_CPUFUNC_H_

#include "kernel/types.h"

/* True while "interrupts are enabled"; the harness sets it before a test. */
extern bool host_intr_on;

static inline uint64_t
intr_disable(void)
{
	uint64_t was = host_intr_on;

	host_intr_on = false;
	return was;
}

/* Like amd64's: enable again if the cookie says they were enabled. */
static inline void
intr_restore(uint64_t flags)
{
	if (flags != 0)
		host_intr_on = true;
}

static inline void
intr_enable(void)
{
	host_intr_on = true;
}

static inline bool
intr_enabled(void)
{
	return host_intr_on;
}

static inline void
cpu_spinwait(void)
{
}

#endif /* !_MACHINE_CPUFUNC_H_ */
