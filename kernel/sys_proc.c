/*
 * sys_proc.c: the process system calls: fork, clone, wait4, execve,
 * getppid, kill, tkill, tgkill.  (exit and getpid are in syscall.c.)
 */
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/sys_file.h"
#include "kernel/systm.h"
#include "vm/kmem.h"

/* clone() flags that a plain fork may carry (glibc's and musl's forks). */
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL			0xff

long
sys_fork(const struct syscall_args *a)
{
	struct proc *child;
	int error = proc_fork(&child, NULL, NULL);

	return error != 0 ? error : child->p_pid;
}

/*
 * clone(flags, stack, parent_tid, child_tid, tls) (amd64's order; arm64
 * swaps the last two: syscall_clone_child_tid_arg): only the fork kind,
 * with SIGCHLD as the exit signal and no new stack, is supported.
 * glibc's fork() is clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID |
 * SIGCHLD, 0, NULL, &self->tid): the child's tid is stored in the
 * child's copy of its thread block before it runs; the clear-at-exit
 * address is kept (proc_exit_user() says why it is not zeroed yet).
 */
long
sys_clone(const struct syscall_args *a)
{
	unsigned long flags = (unsigned long)a->arg[0];
	int *child_tid = (int *)a->arg[syscall_clone_child_tid_arg];
	struct proc *child;
	int error;

	if ((flags & CSIGNAL) != SIGCHLD || a->arg[1] != 0 ||
	    (flags & ~(CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)))
		return -EINVAL;
	error = proc_fork(&child,
	    (flags & CLONE_CHILD_SETTID) ? child_tid : NULL,
	    (flags & CLONE_CHILD_CLEARTID) ? child_tid : NULL);
	return error != 0 ? error : child->p_pid;
}

/* wait4(pid, status, options, rusage): rusage is not kept (zeros). */
long
sys_wait4(const struct syscall_args *a)
{
	int *ustatus = (int *)a->arg[1];
	int pid = (int)a->arg[0], options = (int)a->arg[2], status = 0;
	int error;

	if (pid < -1 || pid == 0)
		return -EINVAL;		/* process groups: not yet */
	if (options & ~WNOHANG)
		return -EINVAL;
	error = proc_wait(pid, options, &status);
	if (error > 0 && ustatus != NULL &&
	    copyout(&status, ustatus, sizeof(status)) != 0)
		return -EFAULT;
	return error;
}

long
sys_getppid(const struct syscall_args *a)
{
	struct proc *parent = curproc->p_parent;

	return parent != NULL ? parent->p_pid : 0;
}

long
sys_kill(const struct syscall_args *a)
{
	return proc_kill((int)a->arg[0], (int)a->arg[1]);
}

/*
 * tkill(tid, sig) and tgkill(tgid, tid, sig): a signal to one thread.
 * With one thread per process the tid is the pid (and the tgid too):
 * raise() and abort() come this way.
 */
long
sys_tkill(const struct syscall_args *a)
{
	if ((int)a->arg[0] <= 0)
		return -EINVAL;
	return proc_kill((int)a->arg[0], (int)a->arg[1]);
}

long
sys_tgkill(const struct syscall_args *a)
{
	int tgid = (int)a->arg[0], tid = (int)a->arg[1];

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;		/* no such thread in that group */
	return proc_kill(tid, (int)a->arg[2]);
}

/*
 * execve(path, argv, envp): on success, returns into the new program.  A
 * relative path starts at the working directory.  An empty argv gets an
 * argv[0] of "", as Linux (5.18 on) gives it, so that argv[0] is never
 * NULL.
 */
long
sys_execve(const struct syscall_args *a)
{
	struct exec_args *args = exec_args_create();
	struct file *dir = NULL;
	char *path = NULL;
	int error;

	if (args == NULL)
		return -ENOMEM;
	if ((error = copyin_path((const char *)a->arg[0], &path)) != 0 ||
	    (error = exec_args_copyin(args, (char *const *)a->arg[1],
	    false)) != 0 ||
	    (args->argc == 0 && (error = exec_args_add(args, "", false)) != 0) ||
	    (error = exec_args_copyin(args, (char *const *)a->arg[2],
	    true)) != 0 ||
	    (error = at_dir(AT_FDCWD, path, &dir)) != 0)
		goto out;
	error = exec_replace(dir, path, args);
out:
	drop_dir(dir);
	exec_args_destroy(args);
	kfree(path);
	return error;
}
