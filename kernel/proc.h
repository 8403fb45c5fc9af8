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
 * proc_lock (proc.c); (p) only the process itself touches it.
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
struct filedesc;
struct pmap;
struct vm_map;
struct trapframe;

/* Wait statuses, encoded as Linux's wait4() reports them. */
#define PROC_EXITED(code)	(((code) & 0xff) << 8)	/* exit(code) */
#define PROC_SIGNALED(sig)	((sig) & 0x7f)		/* killed by sig */

/* Signal numbers (Linux's) of the faults that kill a process. */
#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGSEGV		11
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGURG		23
#define SIGWINCH	28

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
	struct filedesc	*p_fd;		/* (c) open files (kernel/file.h), or
					   NULL for kernel threads */
	struct proc	*p_parent;	/* (t) who waits for it */
	struct list_node p_children;	/* (t) its children (p_sibling) */
	struct list_node p_sibling;	/* (t) on the parent's p_children */
	int		p_killed;	/* (s) a signal is pending: die of it */
	struct pmap	*p_pmap;	/* (c) user page table, or NULL */
	struct vm_map	*p_map;		/* (c) user address space it owns, or
					   NULL (then p_pmap is lent) */
	struct trapframe *p_frame;	/* (c) user registers, at the stack top */
	int		*p_set_tid;	/* (p) clone(CLONE_CHILD_SETTID): store
					   the tid here before user mode */
	int		*p_clear_tid;	/* (p) clone(CLONE_CHILD_CLEARTID),
					   set_tid_address(): for threads to
					   come (see proc_exit_user()) */
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

/*
 * uproc_create: a new process that runs in user mode in pmap, starting at
 * pc with stack pointer sp.  With map NULL, the caller has mapped its code
 * and stack and keeps pmap and what it maps; with a map, the process owns
 * map and pmap and destroys them when it exits.  NULL like
 * kthread_create().
 */
struct proc *uproc_create(const char *name, struct pmap *pmap,
	    struct vm_map *map, vm_offset_t pc, vm_offset_t sp);

/* End the calling user process with a wait status (PROC_EXITED...). */
void	proc_exit_user(int status) __noreturn;

/*
 * proc_fault_signal: the calling process made a fault it cannot survive
 * (a bad access, an illegal instruction): say so on the console and kill
 * it with sig.  The kernel goes on.
 */
void	proc_fault_signal(int sig, vm_offset_t addr, vm_offset_t pc) __noreturn;

/* Processes in the table, for tests and ps. */
int	proc_count(void);

/*
 * proc_fork: a copy of the calling user process, copy on write, returning
 * 0 to the child.  set_tid and clear_tid (user addresses, or NULL) are
 * clone()'s CLONE_CHILD_SETTID and CLONE_CHILD_CLEARTID pointers: the
 * child stores its tid at set_tid before it runs user code, and keeps
 * clear_tid (kernel/exit.c says why it is not zeroed yet).  0 and the
 * child in *out; -EAGAIN when the process table is full, -ENOMEM.
 */
int	proc_fork(struct proc **out, int *set_tid, int *clear_tid);

/*
 * proc_wait: wait for a child (pid, or any child for -1) to end, reap it,
 * put its wait status in *status and return its pid; 0 with WNOHANG when
 * none has ended yet; -ECHILD when there is no such child; -EINTR when the
 * waiter is being killed.
 */
#define WNOHANG		1
int	proc_wait(int pid, int options, int *status);

/*
 * Send sig to pid: 0, -ESRCH, -EINVAL.  There are no handlers: the target
 * dies of it, unless its default action is to be ignored (SIGCHLD,
 * SIGCONT, SIGURG, SIGWINCH), and sig 0 only checks that pid exists.
 */
int	proc_kill(int pid, int sig);

/* Called on every return to user mode: die if a signal is pending. */
void	proc_userret(void);

/* With proc_lock held: the live process with pid, or NULL. */
struct proc *proc_find_locked(int pid);

/*
 * proc_next_locked: with proc_lock held, the process after p in the
 * table (the first for NULL; NULL after the last), zombies included.
 */
struct proc *proc_next_locked(struct proc *p);

/* The first user process, which inherits orphans (NULL: none yet). */
extern struct proc *initproc;
extern struct spinlock proc_lock;

/* proc.c's internals that sched.c needs. */
void	proc_free(struct proc *p);
void	*proc_kstack_top(struct proc *p);

#endif /* !_KERNEL_PROC_H_ */
