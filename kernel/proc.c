/*
 * proc.c: the process table and kernel threads.
 *
 * Every process is on allproc; pids are handed out upwards from 2 and
 * wrap, skipping pids in use (pid 0 is the boot thread, pid 1 is kept for
 * the first user process, init).  NPROC bounds the table, so that a fork
 * storm ends in EAGAIN instead of eating all memory.
 */
#include "kernel/proc.h"
#include "kernel/lock.h"
#include "kernel/machdep.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "vm/vm_page.h"

#define PID_MAX		32767
#define PID_FIRST	2

struct spinlock proc_lock = SPINLOCK_INITIALIZER("proc");
static struct list_node allproc = LIST_HEAD_INIT(allproc);	/* (t) */
static int nprocs;						/* (t) */
static int next_pid = PID_FIRST;				/* (t) */
static struct kmem_zone *proc_zone;				/* (c) */
static struct proc proc0, idle_proc;
struct proc *initproc;					/* (t) */

static void proc_abandon(struct proc *p);

/* With proc_lock held: is pid taken? */
static bool
pid_in_use(int pid)
{
	struct list_node *n;

	list_foreach(n, &allproc)
		if (list_entry(n, struct proc, p_all)->p_pid == pid)
			return true;
	return false;
}

struct proc *
proc_next_locked(struct proc *p)
{
	struct list_node *n = p == NULL ? allproc.next : p->p_all.next;

	KASSERT(spin_held(&proc_lock), ("proc_next_locked: proc_lock"));
	return n == &allproc ? NULL : list_entry(n, struct proc, p_all);
}

struct proc *
proc_find_locked(int pid)
{
	struct list_node *n;

	KASSERT(spin_held(&proc_lock), ("proc_find_locked: proc_lock"));
	list_foreach(n, &allproc) {
		struct proc *p = list_entry(n, struct proc, p_all);

		if (p->p_pid == pid && p->p_state != PROC_ZOMBIE)
			return p;
	}
	return NULL;
}

/* With proc_lock held: the next free pid. */
static int
pid_alloc(void)
{
	int pid;

	do {
		pid = next_pid;
		next_pid = next_pid == PID_MAX ? PID_FIRST : next_pid + 1;
	} while (pid_in_use(pid));
	return pid;
}

/*
 * proc_alloc: a new process (state PROC_NEW) with a pid, a kernel stack
 * and a place in the table, or NULL if memory or the table is full.
 */
static struct proc *
proc_alloc(const char *name, bool want_init_pid)
{
	struct proc *p = kmem_zone_alloc(proc_zone, KM_ZERO);

	if (p == NULL)
		return NULL;
	p->p_kstack = vm_page_alloc(KSTACK_ORDER, 0);
	if (p->p_kstack == NULL)
		goto fail;
	strlcpy(p->p_name, name, sizeof(p->p_name));
	list_init(&p->p_queue);
	spin_lock(&proc_lock);
	if (nprocs == NPROC) {
		spin_unlock(&proc_lock);
		vm_page_free(p->p_kstack);
		goto fail;
	}
	nprocs++;
	p->p_pid = want_init_pid && !pid_in_use(1) ? 1 : pid_alloc();
	list_insert_tail(&allproc, &p->p_all);
	list_init(&p->p_children);
	p->p_parent = curproc;
	list_insert_tail(&curproc->p_children, &p->p_sibling);
	spin_unlock(&proc_lock);
	return p;
fail:
	kmem_zone_free(proc_zone, p);
	return NULL;
}

/* Take a zombie out of the table and free it. */
void
proc_free(struct proc *p)
{
	KASSERT(p->p_state == PROC_ZOMBIE, ("proc_free: %d is not a zombie",
	    p->p_pid));
	spin_lock(&proc_lock);
	KASSERT(list_empty(&p->p_children), ("proc_free: %d has children",
	    p->p_pid));
	list_remove(&p->p_all);
	list_remove(&p->p_sibling);
	nprocs--;
	spin_unlock(&proc_lock);
	vm_page_free(p->p_kstack);
	kmem_zone_free(proc_zone, p);
}

static void *
kstack_top(struct proc *p)
{
	return (char *)vm_page_to_virt(p->p_kstack) + KSTACK_SIZE;
}

/*
 * Where a new thread starts: it is entered from sched_switch() in another
 * thread, with sched_lock held and interrupts off.  Release both, then run.
 */
static void
thread_start(void)
{
	struct proc *p = curproc;

	spin_unlock(&sched_lock);
	intr_enable();
	p->p_fn(p->p_arg);
	kthread_exit(0);
}

struct proc *
kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct proc *p = proc_alloc(name, false);

	if (p == NULL)
		return NULL;
	p->p_fn = fn;
	p->p_arg = arg;
	cpu_thread_setup(&p->p_pcb, kstack_top(p), thread_start);
	sched_add(p);
	return p;
}

void
kthread_exit(int status)
{
	sched_exit(curproc, status);
}

int
kthread_join(struct proc *p)
{
	int status;

	spin_lock(&sched_lock);
	while (p->p_state != PROC_ZOMBIE)
		sleep_on(p, &sched_lock);
	status = p->p_exit_status;
	spin_unlock(&sched_lock);
	proc_free(p);
	return status;
}

/*
 * Where a user process starts: leave the kernel for its first instruction.
 * A child of clone(CLONE_CHILD_SETTID) first stores its tid where asked,
 * in its own address space; a bad address is ignored, as on Linux.
 */
static void
user_start(void *arg)
{
	struct proc *p = curproc;

	if (p->p_set_tid != NULL) {
		(void)copyout(&p->p_pid, p->p_set_tid, sizeof(p->p_pid));
		p->p_set_tid = NULL;
	}
	cpu_enter_user(p->p_frame);
}

struct proc *
uproc_create(const char *name, struct pmap *pmap, struct vm_map *map,
    vm_offset_t pc, vm_offset_t sp)
{
	/* The first process with an address space of its own is init: pid 1. */
	struct proc *p = proc_alloc(name, map != NULL && initproc == NULL);

	if (p == NULL)
		return NULL;
	p->p_pmap = pmap;
	p->p_map = map;
	if (map != NULL && (p->p_fd = fd_table_create()) == NULL) {
		p->p_state = PROC_ZOMBIE;
		proc_free(p);
		return NULL;
	}
	p->p_fn = user_start;
	p->p_frame = cpu_user_frame(kstack_top(p), pc, sp);
	cpu_thread_setup(&p->p_pcb, p->p_frame, thread_start);
	sched_add(p);
	return p;
}

/*
 * proc_fork: a copy of the calling user process: the same address space,
 * copy on write (vm_map_fork), the same open files, the same registers,
 * but 0 as the result of the system call.  The child is runnable.
 */
int
proc_fork(struct proc **out, int *set_tid, int *clear_tid)
{
	struct proc *parent = curproc, *child;
	int error = -ENOMEM;

	if ((child = proc_alloc(parent->p_name, false)) == NULL)
		return -EAGAIN;
	if ((child->p_pmap = pmap_create()) == NULL ||
	    (child->p_map = vm_map_create(child->p_pmap, VM_MIN_USER_ADDRESS,
	    VM_MAX_USER_ADDRESS)) == NULL ||
	    (error = vm_map_fork(child->p_map, parent->p_map)) != 0 ||
	    (parent->p_fd != NULL &&
	    (child->p_fd = fd_table_dup(parent->p_fd)) == NULL)) {
		proc_abandon(child);
		return error != 0 ? error : -ENOMEM;
	}
	child->p_frame = (struct trapframe *)((char *)kstack_top(child) -
	    cpu_frame_size());
	memcpy(child->p_frame, parent->p_frame, cpu_frame_size());
	cpu_set_retval(child->p_frame, 0);
	child->p_fn = user_start;
	cpu_thread_setup(&child->p_pcb, child->p_frame, thread_start);
	cpu_fpu_save(&child->p_pcb);	/* the parent's live FP registers */
	cpu_tls_fork(&child->p_pcb);	/* and its thread pointer */
	child->p_set_tid = set_tid;
	child->p_clear_tid = clear_tid;
	*out = child;
	sched_add(child);
	return 0;
}

/* Undo a proc_fork() that failed half way: free what it got. */
static void
proc_abandon(struct proc *p)
{
	if (p->p_map != NULL)
		vm_map_destroy(p->p_map);
	if (p->p_pmap != NULL)
		pmap_destroy(p->p_pmap);
	p->p_map = NULL;
	p->p_pmap = NULL;
	p->p_state = PROC_ZOMBIE;
	proc_free(p);
}

/* The kernel stack top of p, where its trap frames go. */
void *
proc_kstack_top(struct proc *p)
{
	return p->p_kstack != NULL ? kstack_top(p) : NULL;
}

int
proc_count(void)
{
	return nprocs;
}

/* The idle thread: wait for interrupts; run whatever becomes runnable. */
static void
idle_loop(void)
{
	spin_unlock(&sched_lock);
	for (;;) {
		intr_enable();
		machine_idle();
		sched_yield();
	}
}

/*
 * proc_init: the boot thread becomes proc0 (pid 0, on the boot stack), the
 * idle thread gets a stack of its own; from here on, threads can be made.
 */
void
proc_init(void)
{
	proc_zone = kmem_zone_create("proc", sizeof(struct proc));
	if (proc_zone == NULL)
		panic("proc_init: no memory for the process zone");
	strlcpy(proc0.p_name, "kernel", sizeof(proc0.p_name));
	list_init(&proc0.p_queue);
	list_init(&proc0.p_children);
	list_insert_tail(&allproc, &proc0.p_all);
	nprocs = 1;
	strlcpy(idle_proc.p_name, "idle", sizeof(idle_proc.p_name));
	idle_proc.p_pid = -1;
	list_init(&idle_proc.p_queue);
	idle_proc.p_kstack = vm_page_alloc(0, 0);
	if (idle_proc.p_kstack == NULL)
		panic("proc_init: no memory for the idle stack");
	cpu_thread_setup(&idle_proc.p_pcb, (char *)vm_page_to_virt(
	    idle_proc.p_kstack) + PAGE_SIZE, idle_loop);
	sched_init(&proc0, &idle_proc);
}
