/*
 * sys_proc.c: the process system calls: fork, clone, wait4, execve,
 * getppid, kill.  (exit and getpid are in syscall.c.)
 */
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
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
	int error = proc_fork(&child);

	return error != 0 ? error : child->p_pid;
}

/*
 * clone(flags, stack, parent_tid, child_tid, tls) (amd64 order; arm64
 * swaps the last two, which a fork does not use): only the fork kind, with
 * SIGCHLD as the exit signal and no new stack, is supported.
 */
long
sys_clone(const struct syscall_args *a)
{
	unsigned long flags = (unsigned long)a->arg[0];

	if ((flags & CSIGNAL) != SIGCHLD || a->arg[1] != 0 ||
	    (flags & ~(CSIGNAL | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)))
		return -EINVAL;
	return sys_fork(a);
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
 * Copy a user string of at most max bytes (NUL included) into a new
 * kernel buffer; -EFAULT, -ENAMETOOLONG (-E2BIG for arguments).
 */
static int
copyin_string(const char *ustr, size_t max, int toolong, char **out)
{
	char *buf = kmalloc(max, 0);
	int error;

	if (buf == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < max; i++) {
		if ((error = copyin(ustr + i, &buf[i], 1)) != 0) {
			kfree(buf);
			return error;
		}
		if (buf[i] == '\0') {
			*out = buf;
			return 0;
		}
	}
	kfree(buf);
	return toolong;
}

#define EXECVE_ARGS	32		/* argv or envp entries at most */
#define EXECVE_ARG_MAX	1024		/* bytes of one argument */

static void
free_strings(char **list)
{
	for (int i = 0; list[i] != NULL; i++)
		kfree(list[i]);
}

/* Copy a NULL-terminated user array of strings into list (kernel). */
static int
copyin_strings(char *const *uarray, char **list)
{
	int error;

	list[0] = NULL;
	for (int i = 0; uarray != NULL; i++) {
		char *ustr;

		if (i == EXECVE_ARGS)
			return -E2BIG;
		if ((error = copyin(&uarray[i], &ustr, sizeof(ustr))) != 0)
			return error;
		if (ustr == NULL)
			break;
		if ((error = copyin_string(ustr, EXECVE_ARG_MAX, -E2BIG,
		    &list[i])) != 0)
			return error;
		list[i + 1] = NULL;
	}
	return 0;
}

/* execve(path, argv, envp): on success, returns into the new program. */
long
sys_execve(const struct syscall_args *a)
{
	char *argv[EXECVE_ARGS + 1], *envp[EXECVE_ARGS + 1], *path = NULL;
	int error;

	argv[0] = envp[0] = NULL;
	if ((error = copyin_string((const char *)a->arg[0], 256,
	    -ENAMETOOLONG, &path)) != 0 ||
	    (error = copyin_strings((char *const *)a->arg[1], argv)) != 0 ||
	    (error = copyin_strings((char *const *)a->arg[2], envp)) != 0)
		goto out;
	error = exec_replace(path, (const char *const *)argv,
	    (const char *const *)envp);
out:
	free_strings(argv);
	free_strings(envp);
	kfree(path);
	return error;
}
