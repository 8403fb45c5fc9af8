/*
 * lock.c: spin locks (see lock.h for why they disable interrupts).
 */
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"

/* This CPU's interrupt-disable nesting (one CPU for now). */
static struct {
	int		depth;		/* intr_push() calls not yet popped */
	uint64_t	saved;		/* the state the outermost push found */
} cpu_intr;

void
intr_push(void)
{
	uint64_t state = intr_disable();

	if (cpu_intr.depth++ == 0)
		cpu_intr.saved = state;
}

void
intr_pop(void)
{
	KASSERT(!intr_enabled(), ("intr_pop: interrupts are enabled"));
	KASSERT(cpu_intr.depth > 0, ("intr_pop: not pushed"));
	if (--cpu_intr.depth == 0)
		intr_restore(cpu_intr.saved);
}

uint64_t
intr_saved_state(void)
{
	return cpu_intr.saved;
}

void
intr_set_saved_state(uint64_t state)
{
	cpu_intr.saved = state;
}

int
intr_depth(void)
{
	return cpu_intr.depth;
}

/*
 * intr_forget: drop the nesting of abandoned intr_push()es.  Only for code
 * that abandons a context which held locks: the host test harness, after
 * it catches a KASSERT with longjmp.
 */
void
intr_forget(void)
{
	cpu_intr.depth = 0;
}

void
spin_init(struct spinlock *lock, const char *name)
{
	lock->locked = 0;
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
	intr_push();
	KASSERT(!lock->locked, ("spin_lock: recursion on %s", lock->name));
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE) != 0)
		cpu_spinwait();
}

void
spin_unlock(struct spinlock *lock)
{
	KASSERT(lock->locked, ("spin_unlock: %s is not held", lock->name));
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
	intr_pop();
}

bool
spin_held(const struct spinlock *lock)
{
	return lock->locked != 0;
}
