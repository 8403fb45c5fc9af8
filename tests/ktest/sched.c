/*
 * sched.c: in-kernel tests of kernel threads, the scheduler, sleep and
 * wakeup, and preemption.  Every wait is bounded in ticks, so a broken
 * scheduler fails a test instead of hanging the run.
 */
#include "kernel/clock.h"
#include "kernel/ktest.h"
#include "kernel/lock.h"
#include "kernel/proc.h"
#include "kernel/sched.h"

#define WAIT_TICKS	(2 * HZ)	/* the longest any test waits */

static void
set_flag(void *arg)
{
	*(volatile int *)arg = 1;
}

KTEST(sched_kthread_runs)
{
	volatile int flag = 0;
	struct proc *p = kthread_create("ktest", set_flag, (void *)&flag);
	int before = proc_count();

	KT_ASSERT(p != NULL);
	KT_ASSERT(p->p_pid >= 2);
	KT_EQ(kthread_join(p), 0);
	KT_EQ(flag, 1);
	KT_EQ(proc_count(), before - 1);
}

static void
exit_with_arg(void *arg)
{
	kthread_exit((int)(intptr_t)arg);
}

KTEST(sched_exit_status)
{
	struct proc *p[4];

	for (int i = 0; i < 4; i++) {
		p[i] = kthread_create("exit", exit_with_arg, (void *)(intptr_t)(i * 7));
		KT_ASSERT(p[i] != NULL);
	}
	for (int i = 3; i >= 0; i--)
		KT_EQ(kthread_join(p[i]), i * 7);
}

/* Threads that yield to each other while counting. */
static struct {
	struct spinlock	lock;
	int		count;
} counter = { SPINLOCK_INITIALIZER("ktest counter"), 0 };

static void
count_and_yield(void *arg)
{
	for (int i = 0; i < 200; i++) {
		spin_lock(&counter.lock);
		counter.count++;
		spin_unlock(&counter.lock);
		sched_yield();
	}
}

KTEST(sched_many_threads)
{
	struct proc *p[8];
	uint64_t switches = sched_switches;

	counter.count = 0;
	for (int i = 0; i < 8; i++) {
		p[i] = kthread_create("counter", count_and_yield, NULL);
		KT_ASSERT(p[i] != NULL);
	}
	for (int i = 0; i < 8; i++)
		KT_EQ(kthread_join(p[i]), 0);
	KT_EQ(counter.count, 8 * 200);
	KT_ASSERT(sched_switches - switches >= 8 * 200);
}

/* A sleeper waits for a condition; the test sets it and wakes it up. */
static struct {
	struct spinlock	lock;
	int		ready;
	int		seen;
} event = { SPINLOCK_INITIALIZER("ktest event"), 0, 0 };

static void
wait_for_event(void *arg)
{
	spin_lock(&event.lock);
	while (!event.ready)
		sleep_on(&event, &event.lock);
	event.seen++;
	spin_unlock(&event.lock);
}

KTEST(sched_sleep_wakeup)
{
	struct proc *p[3];

	event.ready = 0;
	event.seen = 0;
	for (int i = 0; i < 3; i++) {
		p[i] = kthread_create("sleeper", wait_for_event, NULL);
		KT_ASSERT(p[i] != NULL);
	}
	pause_ticks(2);			/* let them all go to sleep */
	KT_EQ(event.seen, 0);
	for (int i = 0; i < 3; i++)
		KT_EQ(p[i]->p_state, PROC_SLEEPING);
	spin_lock(&event.lock);
	event.ready = 1;
	wakeup(&event);
	spin_unlock(&event.lock);
	for (int i = 0; i < 3; i++)
		KT_EQ(kthread_join(p[i]), 0);
	KT_EQ(event.seen, 3);
}

KTEST(sched_pause_ticks)
{
	uint64_t start = ticks;

	pause_ticks(5);
	KT_ASSERT(ticks >= start + 5);
	KT_ASSERT(ticks < start + 5 + WAIT_TICKS);
}

/*
 * Preemption: a thread that never yields spins until the test thread,
 * which also never yields, has seen it make progress.  Without a
 * preemptive clock one of them would spin forever; with it, both move.
 */
static volatile int spin_progress, spin_stop;

static void
spin_without_yielding(void *arg)
{
	while (!spin_stop)
		spin_progress++;
}

KTEST(sched_preemption)
{
	struct proc *p;
	uint64_t deadline = ticks + WAIT_TICKS;
	int seen;

	spin_progress = 0;
	spin_stop = 0;
	p = kthread_create("spinner", spin_without_yielding, NULL);
	KT_ASSERT(p != NULL);
	while (spin_progress == 0 && ticks < deadline)
		;	/* busy: only preemption lets the spinner run */
	seen = spin_progress;
	spin_stop = 1;
	KT_EQ(kthread_join(p), 0);
	KT_ASSERT(seen > 0);
}

/* The table is bounded: creation fails cleanly when it is full. */
KTEST(sched_table_full)
{
	static struct proc *p[NPROC];
	int n = 0;

	while (n < NPROC && (p[n] = kthread_create("filler", exit_with_arg,
	    NULL)) != NULL)
		n++;
	KT_ASSERT(n < NPROC);
	KT_EQ(proc_count(), NPROC);
	for (int i = 0; i < n; i++)
		KT_EQ(kthread_join(p[i]), 0);
}
