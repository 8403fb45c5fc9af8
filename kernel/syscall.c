/*
 * syscall.c: system-call dispatch and the first handlers.  The file
 * calls (read, write, open, ...) are in sys_file.c.
 *
 * Handlers take user pointers as plain numbers and never dereference them:
 * copyin() and copyout() check the range and survive a bad address, which
 * comes back as -EFAULT instead of a kernel panic.
 */
#include "kernel/syscall.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"

uint64_t syscall_count;

long
syscall_dispatch(const struct syscall_args *a)
{
	syscall_count++;
	if (a->nr < 0 || (size_t)a->nr >= syscall_table_size ||
	    syscall_table[a->nr].fn == NULL)
		return -ENOSYS;
	return syscall_table[a->nr].fn(a);
}

/* exit(status) and exit_group(status): one thread per process, the same. */
long
sys_exit(const struct syscall_args *a)
{
	proc_exit_user(PROC_EXITED((int)a->arg[0]));
}

long
sys_getpid(const struct syscall_args *a)
{
	return curproc->p_pid;
}

long
sys_sched_yield(const struct syscall_args *a)
{
	sched_yield();
	return 0;
}
