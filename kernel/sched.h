/*
 * sched.h: the scheduler: round robin, preemptive on the clock tick, with
 * sleep and wakeup.
 */
#ifndef _KERNEL_SCHED_H_
#define _KERNEL_SCHED_H_

#include "kernel/lock.h"
#include "kernel/types.h"

struct proc;

#define SCHED_QUANTUM	2	/* ticks a thread runs before it is preempted */

/* The lock of the run queue, the sleep queue and every p_state. */
extern struct spinlock sched_lock;

/* Put a new thread on the run queue. */
void	sched_add(struct proc *p);

/* Give the CPU to the next runnable thread, staying runnable. */
void	sched_yield(void);

/*
 * sleep_on: sleep until wakeup(chan).  lock, held by the caller, is
 * released while sleeping and held again on return, so that a wakeup
 * between the caller's check and the sleep cannot be lost.  Wakeups may
 * be spurious: callers sleep in a loop that checks their condition.
 */
void	sleep_on(const void *chan, struct spinlock *lock);

/* Make every thread sleeping on chan runnable. */
void	wakeup(const void *chan);

/* Make p runnable now if it sleeps (kill: it must notice and die). */
void	sched_wake_proc(struct proc *p);

/* Sleep for at least n clock ticks (less if the thread is being killed). */
void	pause_ticks(uint64_t n);

/* Called by hardclock(): charge the tick to the running thread. */
void	sched_clock(void);

/*
 * sched_preempt: called by the machine's interrupt code on its way back to
 * a context that had interrupts enabled: switch if the tick asked for it.
 */
void	sched_preempt(void);

/* Context switches since boot. */
extern uint64_t sched_switches;

/* sched.c's internals that proc.c needs. */
void	sched_init(struct proc *boot, struct proc *idle);
void	sched_exit(struct proc *p, int status) __noreturn;

#endif /* !_KERNEL_SCHED_H_ */
