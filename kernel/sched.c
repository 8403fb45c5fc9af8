/*
 * sched.c: the scheduler.
 *
 * Round robin: runnable threads wait on one FIFO run queue; the running
 * thread gives the CPU up when it sleeps, yields, exits, or when its
 * quantum (SCHED_QUANTUM ticks) is used up: then the clock interrupt asks
 * for a switch, and the machine's interrupt code calls sched_preempt() on
 * its way back to the interrupted thread.  When nothing is runnable the
 * idle thread runs; it is never on the run queue.
 *
 * Why preempting the kernel anywhere is safe: a thread that holds a spin
 * lock has interrupts disabled, so the clock cannot interrupt it; every
 * other point is fair game.
 *
 * The switch itself: the outgoing thread takes sched_lock, marks itself
 * (runnable, sleeping, zombie), and calls sched_switch(), which picks the
 * next thread and cpu_switch()es to it *with sched_lock held*.  The
 * incoming thread wakes up inside its own earlier sched_switch() (or, the
 * first time, in thread_start()) and releases the lock.  The lock is thus
 * handed from thread to thread, and the interrupt state each thread had
 * when it took the lock travels with it (intr_saved_state()).
 */
#include "kernel/sched.h"
#include "kernel/clock.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/systm.h"
#include "vm/pmap.h"

struct spinlock sched_lock = SPINLOCK_INITIALIZER("sched");
static struct list_node runq = LIST_HEAD_INIT(runq);	/* (s) */
static struct list_node sleepq = LIST_HEAD_INIT(sleepq);	/* (s) */
static struct proc *idleproc;				/* (c) */
static volatile bool need_resched;			/* (s) */
struct proc *curproc;					/* (s) */
uint64_t sched_switches;				/* (s) */

void
sched_init(struct proc *boot, struct proc *idle)
{
	boot->p_state = PROC_RUNNING;
	boot->p_quantum = SCHED_QUANTUM;
	curproc = boot;
	idleproc = idle;
}

/* With sched_lock held: put p at the tail of the run queue. */
static void
runq_add(struct proc *p)
{
	KASSERT(spin_held(&sched_lock), ("runq_add: sched_lock not held"));
	p->p_state = PROC_RUNNABLE;
	if (p != idleproc)
		list_insert_tail(&runq, &p->p_queue);
}

void
sched_add(struct proc *p)
{
	spin_lock(&sched_lock);
	runq_add(p);
	spin_unlock(&sched_lock);
}

/*
 * sched_switch: with sched_lock held and curproc already marked as what it
 * becomes, run the next thread.  Returns, still with sched_lock held, when
 * curproc is chosen again.
 */
static void
sched_switch(void)
{
	struct proc *old = curproc, *new;
	uint64_t intr = intr_saved_state();

	KASSERT(spin_held(&sched_lock) && intr_depth() == 1,
	    ("sched_switch: sched_lock must be the only lock held"));
	KASSERT(old->p_state != PROC_RUNNING, ("sched_switch: still running"));
	new = list_first(&runq, struct proc, p_queue);
	if (new != NULL)
		list_remove(&new->p_queue);
	else
		new = idleproc;
	new->p_state = PROC_RUNNING;
	new->p_quantum = SCHED_QUANTUM;
	need_resched = false;
	if (new != old) {
		curproc = new;
		sched_switches++;
		/* The new thread's address space and its kernel stack. */
		pmap_activate(new->p_pmap != NULL ? new->p_pmap : kernel_pmap);
		cpu_set_kstack(proc_kstack_top(new));
		cpu_fpu_switch(&old->p_pcb, &new->p_pcb);
		cpu_tls_switch(&old->p_pcb, &new->p_pcb);
		cpu_switch(&old->p_pcb, &new->p_pcb);
	}
	intr_set_saved_state(intr);
}

void
sched_yield(void)
{
	spin_lock(&sched_lock);
	runq_add(curproc);
	sched_switch();
	spin_unlock(&sched_lock);
}

void
sleep_on(const void *chan, struct spinlock *lock)
{
	struct proc *p = curproc;

	KASSERT(p != idleproc, ("sleep_on: the idle thread cannot sleep"));
	if (lock != &sched_lock) {
		spin_lock(&sched_lock);
		spin_unlock(lock);
	}
	p->p_wchan = chan;
	p->p_state = PROC_SLEEPING;
	list_insert_tail(&sleepq, &p->p_queue);
	sched_switch();
	p->p_wchan = NULL;
	if (lock != &sched_lock) {
		spin_unlock(&sched_lock);
		spin_lock(lock);
	}
}

/* With sched_lock held: wake every sleeper on chan. */
static void
wakeup_locked(const void *chan)
{
	struct list_node *n, *next;

	for (n = sleepq.next; n != &sleepq; n = next) {
		struct proc *p = list_entry(n, struct proc, p_queue);

		next = n->next;
		if (p->p_wchan != chan)
			continue;
		list_remove(&p->p_queue);
		runq_add(p);
		if (curproc == idleproc)
			need_resched = true;
	}
}

void
wakeup(const void *chan)
{
	spin_lock(&sched_lock);
	wakeup_locked(chan);
	spin_unlock(&sched_lock);
}

void
sched_wake_proc(struct proc *p)
{
	spin_lock(&sched_lock);
	if (p->p_state == PROC_SLEEPING) {
		list_remove(&p->p_queue);
		runq_add(p);
	}
	spin_unlock(&sched_lock);
}

void
pause_ticks(uint64_t n)
{
	uint64_t deadline = ticks + n;

	spin_lock(&sched_lock);
	while (ticks < deadline && !curproc->p_killed)
		sleep_on((const void *)&ticks, &sched_lock);
	spin_unlock(&sched_lock);
}

void
sched_clock(void)
{
	spin_lock(&sched_lock);
	wakeup_locked((const void *)&ticks);
	if (curproc == idleproc ? !list_empty(&runq) :
	    --curproc->p_quantum <= 0)
		need_resched = true;
	spin_unlock(&sched_lock);
}

void
sched_preempt(void)
{
	KASSERT(intr_depth() == 0, ("sched_preempt: a lock is held"));
	if (need_resched)
		sched_yield();
}

/*
 * sched_exit: end curproc as a zombie with status and wake whoever joins
 * it.  The zombie's stack stays until the joiner frees it: we are running
 * on it.
 */
void
sched_exit(struct proc *p, int status)
{
	spin_lock(&sched_lock);
	p->p_exit_status = status;
	p->p_state = PROC_ZOMBIE;
	wakeup_locked(p);		/* kthread_join() */
	if (p->p_parent != NULL)
		wakeup_locked(p->p_parent);	/* wait4() */
	sched_switch();
	panic("sched_exit: zombie %d (%s) ran again", p->p_pid, p->p_name);
}
