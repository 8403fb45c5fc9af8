/*
 * lock.h: spin locks.
 *
 * A spin lock disables interrupts on this CPU while it is held, so an
 * interrupt handler can never spin on a lock its own CPU holds.  Pagoda runs
 * on one CPU today, but every shared structure is protected as if there were
 * several: the atomic exchange in spin_lock() is what makes that true.
 *
 * Interrupts are disabled by nesting, not per lock: the first lock taken
 * remembers whether interrupts were on, the last one released puts them
 * back.  So locks may be released in any order, and a lock may be handed to
 * another thread across a context switch (the scheduler does that).
 */
#ifndef _KERNEL_LOCK_H_
#define _KERNEL_LOCK_H_

#include "kernel/types.h"

struct spinlock {
	volatile int	locked;		/* 1 while held */
	const char	*name;		/* for panics and debuggers */
};

#define SPINLOCK_INITIALIZER(n)	{ .locked = 0, .name = (n) }

void	spin_init(struct spinlock *lock, const char *name);
void	spin_lock(struct spinlock *lock);
void	spin_unlock(struct spinlock *lock);
bool	spin_held(const struct spinlock *lock);

/*
 * intr_push, intr_pop: disable interrupts, nesting; the outermost pop puts
 * back the state the outermost push found.  spin_lock()/spin_unlock() use
 * them; so may code that only needs interrupts off.
 */
void	intr_push(void);
void	intr_pop(void);

/*
 * The interrupt state the outermost intr_push() found.  The scheduler saves
 * and restores it around a context switch: it belongs to the thread, not to
 * the CPU.
 */
uint64_t intr_saved_state(void);
void	intr_set_saved_state(uint64_t state);
int	intr_depth(void);
void	intr_forget(void);

#endif /* !_KERNEL_LOCK_H_ */
