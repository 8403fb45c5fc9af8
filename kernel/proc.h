/*
 * proc.h: processes and kernel threads.
 *
 * A struct proc is one thread of execution with its own kernel stack; for
 * now every process has exactly one thread, and a kernel thread is a
 * process without user space.  Its life:
 *
 *   kthread_create()       RUNNABLE, on the run queue
 *   the scheduler picks it RUNNING
 *   sleep_on(chan)         SLEEPING, on the sleep queue, until wakeup(chan)
 *   kthread_exit(status)   ZOMBIE, until kthread_join() frees it
 *
 * Locking: (c) constant after creation; (s) sched_lock (sched.c); (t)
 * proc_lock (proc.c).
 */
#ifndef _KERNEL_PROC_H_
#define _KERNEL_PROC_H_

#include "kernel/list.h"
#include "kernel/types.h"
#include "machine/pcb.h"

#define NPROC		64		/* processes at most, all kinds */
#define KSTACK_ORDER	2		/* 16 KiB kernel stacks */
#define KSTACK_SIZE	(PAGE_SIZE << KSTACK_ORDER)

enum proc_state {
	PROC_NEW,		/* being created */
	PROC_RUNNABLE,		/* on the run queue */
	PROC_RUNNING,		/* on the CPU: curproc */
	PROC_SLEEPING,		/* on the sleep queue, waiting for p_wchan */
	PROC_ZOMBIE,		/* exited, waiting to be reaped */
};

struct vm_page;

struct proc {
	int		p_pid;		/* (c) process ID */
	char		p_name[16];	/* (c) for ps and panics */
	enum proc_state	p_state;	/* (s) */
	struct list_node p_queue;	/* (s) run queue or sleep queue */
	struct list_node p_all;		/* (t) allproc */
	const void	*p_wchan;	/* (s) what it sleeps on */
	int		p_quantum;	/* (s) ticks left before preemption */
	int		p_exit_status;	/* (s) kthread_exit()'s argument */
	struct vm_page	*p_kstack;	/* (c) its kernel stack, a folio */
	struct pcb	p_pcb;		/* (s) registers while not running */
	void		(*p_fn)(void *); /* (c) a kernel thread's function */
	void		*p_arg;		/* (c) and its argument */
};

/* The thread running on this CPU. */
extern struct proc *curproc;

/* Set up proc0 (the boot thread) and the idle thread; start scheduling. */
void	proc_init(void);

/*
 * kthread_create: a new kernel thread that runs fn(arg), runnable at once.
 * NULL when out of memory or when NPROC processes exist.
 */
struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg);

/* End the calling kernel thread with status; a return from fn does too. */
void	kthread_exit(int status) __noreturn;

/* Wait for p to exit, free it, and return its exit status. */
int	kthread_join(struct proc *p);

/* Processes in the table, for tests and ps. */
int	proc_count(void);

/* proc.c's internals that sched.c needs. */
void	proc_free(struct proc *p);

#endif /* !_KERNEL_PROC_H_ */
