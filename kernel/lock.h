/*
 * lock.h: spin locks.
 *
 * A spin lock disables interrupts on this CPU while it is held, so an
 * interrupt handler can never spin on a lock its own CPU holds.  Pagoda runs
 * on one CPU today, but every shared structure is protected as if there were
 * several: the atomic exchange below is what makes that true.
 */
#ifndef _KERNEL_LOCK_H_
#define _KERNEL_LOCK_H_

#include "kernel/types.h"

struct spinlock {
	volatile int	locked;		/* 1 while held */
	uint64_t	saved_intr;	/* the holder's interrupt state */
	const char	*name;		/* for panics and debuggers */
};

#define SPINLOCK_INITIALIZER(n)	{ .locked = 0, .saved_intr = 0, .name = (n) }

void	spin_init(struct spinlock *lock, const char *name);
void	spin_lock(struct spinlock *lock);
void	spin_unlock(struct spinlock *lock);
bool	spin_held(const struct spinlock *lock);

#endif /* !_KERNEL_LOCK_H_ */
