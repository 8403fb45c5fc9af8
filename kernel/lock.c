/*
 * lock.c: spin locks (see lock.h for why they disable interrupts).
 */
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

void
spin_init(struct spinlock *lock, const char *name)
{
	lock->locked = 0;
	lock->saved_intr = 0;
	lock->name = name;
}

/*
 * spin_lock: disable interrupts, then take the lock.  On one CPU the lock
 * can only be found held if this very CPU holds it: that is a recursion,
 * which would spin forever, so debug builds catch it.
 */
void
spin_lock(struct spinlock *lock)
{
	uint64_t saved = intr_disable();

	KASSERT(!lock->locked, ("spin_lock: recursion on %s", lock->name));
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) != 0)
		cpu_spinwait();
	lock->saved_intr = saved;
}

void
spin_unlock(struct spinlock *lock)
{
	uint64_t saved = lock->saved_intr;

	KASSERT(lock->locked, ("spin_unlock: %s is not held", lock->name));
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	intr_restore(saved);
}

bool
spin_held(const struct spinlock *lock)
{
	return lock->locked != 0;
}
