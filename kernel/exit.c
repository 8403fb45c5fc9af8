/*
 * exit.c: how user processes end, and how their parents learn it.
 *
 *   exit(status), or a fatal signal
 *     1. the address space is freed (frames, page tables), the files closed;
 *     2. the children go to init (or, before there is one, to the kernel),
 *        so that somebody can reap them;
 *     3. the process becomes a ZOMBIE holding only its wait status, and
 *        wakes its parent;
 *   wait4() in the parent finds the zombie, takes the status and frees it.
 *
 * A kill() only marks the target (p_killed) and wakes it if it sleeps; the
 * target dies the next time it is about to return to user mode
 * (proc_userret()), so a process is never torn down while it is in the
 * middle of a kernel operation.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"

/*
 * Free the address space of the calling process, if it owns one.  It runs
 * on that address space's page table, so it moves to the kernel's first.
 */
static void
release_address_space(struct proc *p)
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

/* Give p's children to init, or to the kernel if p is init. */
static void
reparent_children(struct proc *p)
{
	struct proc *heir = initproc != NULL && initproc != p ? initproc :
	    p->p_parent;
	struct list_node *n;

	spin_lock(&proc_lock);
	while ((n = p->p_children.next) != &p->p_children) {
		struct proc *c = list_entry(n, struct proc, p_sibling);

		list_remove(&c->p_sibling);
		c->p_parent = heir;
		list_insert_tail(&heir->p_children, &c->p_sibling);
	}
	if (p == initproc)
		initproc = NULL;
	spin_unlock(&proc_lock);
	wakeup(heir);		/* it may have zombies to reap now */
}

/*
 * proc_exit_user: the end of a user process (see the top).
 *
 * The tid address (set_tid_address, CLONE_CHILD_CLEARTID) is left alone:
 * Linux zeroes it, and wakes a futex there, only when other threads share
 * the address space, for that is how a joiner learns a thread is gone.
 * With one thread per process nobody shares it, so there is nothing to
 * do yet; p_clear_tid is kept for when there are threads.
 */
void
proc_exit_user(int status)
{
	struct proc *p = curproc;

	release_address_space(p);
	if (p->p_fd != NULL) {
		fd_table_destroy(p->p_fd);
		p->p_fd = NULL;
	}
	reparent_children(p);
	sched_exit(p, status);
}

void
proc_fault_signal(int sig, vm_offset_t addr, vm_offset_t pc)
{
	struct proc *p = curproc;

	printf("pid %d (%s): killed by signal %d: fault at 0x%lx, pc 0x%lx\n",
	    p->p_pid, p->p_name, sig, addr, pc);
	proc_exit_user(PROC_SIGNALED(sig));
}

void
proc_userret(void)
{
	int sig = curproc->p_killed;

	if (sig != 0)
		proc_exit_user(PROC_SIGNALED(sig));
}

/* With proc_lock held: a zombie child matching pid, or NULL. */
static struct proc *
find_zombie(struct proc *parent, int pid, bool *any)
{
	struct list_node *n;

	*any = false;
	list_foreach(n, &parent->p_children) {
		struct proc *c = list_entry(n, struct proc, p_sibling);

		if (pid != -1 && c->p_pid != pid)
			continue;
		*any = true;
		if (c->p_state == PROC_ZOMBIE)
			return c;
	}
	return NULL;
}

int
proc_wait(int pid, int options, int *status)
{
	struct proc *p = curproc, *z;
	bool any;
	int zpid;

	spin_lock(&proc_lock);
	while ((z = find_zombie(p, pid, &any)) == NULL) {
		if (!any || (options & WNOHANG) || p->p_killed) {
			spin_unlock(&proc_lock);
			return !any ? -ECHILD : p->p_killed ? -EINTR : 0;
		}
		sleep_on(p, &proc_lock);
	}
	spin_unlock(&proc_lock);
	*status = z->p_exit_status;
	zpid = z->p_pid;
	proc_free(z);
	return zpid;
}

/*
 * The signals whose default action is to do nothing (signal(7)): with no
 * handlers, sending one only checks that the target exists.
 */
static bool
sig_ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	    sig == SIGWINCH;
}

int
proc_kill(int pid, int sig)
{
	struct proc *p;

	if (sig < 0 || sig > 64)
		return -EINVAL;
	if (sig_ignored_by_default(sig))
		sig = 0;		/* only the check that pid exists */
	spin_lock(&proc_lock);
	p = proc_find_locked(pid);
	if (p == NULL || p->p_fd == NULL) {	/* no such user process */
		spin_unlock(&proc_lock);
		return -ESRCH;
	}
	if (sig != 0) {
		p->p_killed = sig;
		sched_wake_proc(p);
	}
	spin_unlock(&proc_lock);
	return 0;
}
