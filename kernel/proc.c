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
#include "vm/vm_page.h"

#define PID_MAX		32767
#define PID_FIRST	2

static struct spinlock proc_lock = SPINLOCK_INITIALIZER("proc");
static struct list_node allproc = LIST_HEAD_INIT(allproc);	/* (t) */
static int nprocs;						/* (t) */
static int next_pid = PID_FIRST;				/* (t) */
static struct kmem_zone *proc_zone;				/* (c) */
static struct proc proc0, idle_proc;

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
proc_alloc(const char *name)
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
	p->p_pid = pid_alloc();
	list_insert_tail(&allproc, &p->p_all);
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
	list_remove(&p->p_all);
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
	struct proc *p = proc_alloc(name);

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

/* Where a user process starts: leave the kernel for its first instruction. */
static void
user_start(void *arg)
{
	cpu_enter_user(curproc->p_frame);
}

struct proc *
uproc_create(const char *name, struct pmap *pmap, struct vm_map *map,
    vm_offset_t pc, vm_offset_t sp)
{
	struct proc *p = proc_alloc(name);

	if (p == NULL)
		return NULL;
	p->p_pmap = pmap;
	p->p_map = map;
	p->p_fn = user_start;
	p->p_frame = cpu_user_frame(kstack_top(p), pc, sp);
	cpu_thread_setup(&p->p_pcb, p->p_frame, thread_start);
	sched_add(p);
	return p;
}

/*
 * Free the address space of the calling process, if it owns one.  It runs
 * on that address space's page table, so it moves to the kernel's first.
 */
static void
proc_release_map(struct proc *p)
{
	struct vm_map *map = p->p_map;
	struct pmap *pmap = p->p_pmap;

	if (map == NULL)
		return;
	/* First forget it, so that a switch back never reactivates it. */
	p->p_map = NULL;
	p->p_pmap = NULL;
	pmap_activate(kernel_pmap);
	vm_map_destroy(map);
	pmap_destroy(pmap);
}

void
proc_exit_user(int status)
{
	proc_release_map(curproc);
	sched_exit(curproc, status);
}

void
proc_fault_signal(int sig, vm_offset_t addr, vm_offset_t pc)
{
	struct proc *p = curproc;

	printf("pid %d (%s): killed by signal %d: fault at 0x%lx, pc 0x%lx\n",
	    p->p_pid, p->p_name, sig, addr, pc);
	proc_release_map(p);
	sched_exit(p, PROC_SIGNALED(sig));
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
