/*
 * syscall.c: system-call dispatch and the first handlers.
 *
 * Handlers take user pointers as plain numbers and never dereference them:
 * copyin() and copyout() check the range and survive a bad address, which
 * comes back as -EFAULT instead of a kernel panic.
 */
#include "kernel/syscall.h"
#include "kernel/cons.h"
#include "kernel/copy.h"
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

/*
 * write(fd, buf, count): only the console for now (fd 1 and 2).  The user
 * buffer comes in through a small kernel buffer, a piece at a time.
 */
long
sys_write(const struct syscall_args *a)
{
	int fd = (int)a->arg[0];
	const char *ubuf = (const char *)a->arg[1];
	size_t count = (size_t)a->arg[2], done = 0;
	char kbuf[128];
	int error;

	if (fd != 1 && fd != 2)
		return -EBADF;
	while (done < count) {
		size_t n = MIN(count - done, sizeof(kbuf));

		if ((error = copyin(ubuf + done, kbuf, n)) != 0)
			return done > 0 ? (long)done : error;
		cons_lock();
		for (size_t i = 0; i < n; i++)
			cons_putc(kbuf[i]);
		cons_unlock();
		done += n;
	}
	return (long)done;
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
