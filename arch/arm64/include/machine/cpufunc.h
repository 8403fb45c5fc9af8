/*
 * cpufunc.h (arm64): single instructions and system-register accesses
 * wrapped as C.  Inline assembly lives only here, in arch/ and in boot/.
 */
#ifndef _MACHINE_CPUFUNC_H_
#define _MACHINE_CPUFUNC_H_

#include "kernel/types.h"

/* Read or write a system register by name: READ_SPECIALREG(ttbr0_el1). */
#define READ_SPECIALREG(reg) ({						\
	uint64_t _val;							\
	__asm__ volatile("mrs %0, " #reg : "=r"(_val));			\
	_val;								\
})
#define WRITE_SPECIALREG(reg, val)					\
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory")

/* Barriers: instruction sync, data sync (full system / inner shareable). */
#define isb()		__asm__ volatile("isb" : : : "memory")
#define dsb(opt)	__asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt)	__asm__ volatile("dmb " #opt : : : "memory")

#define DAIF_I		(1UL << 7)	/* IRQs masked */

static inline void
intr_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void
intr_disable_raw(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* Disable interrupts; return a cookie for intr_restore(). */
static inline uint64_t
intr_disable(void)
{
	uint64_t daif = READ_SPECIALREG(daif);

	intr_disable_raw();
	return daif;
}

static inline void
intr_restore(uint64_t daif)
{
	if ((daif & DAIF_I) == 0)
		intr_enable();
}

static inline bool
intr_enabled(void)
{
	return (READ_SPECIALREG(daif) & DAIF_I) == 0;
}

static inline void
cpu_spinwait(void)
{
	__asm__ volatile("yield");
}

static inline void
halt(void)
{
	__asm__ volatile("wfi");
}

#endif /* !_MACHINE_CPUFUNC_H_ */
