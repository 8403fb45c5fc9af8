/*
 * proc.c: process system calls: fork, exec, exit, wait, signals.
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libc.h"

/*
 * fork: amd64 has the old fork call; arm64's generic table has only
 * clone, which with just SIGCHLD (the signal the parent gets when the
 * child dies) and no new stack is exactly fork.
 */
pid_t
fork(void)
{
#ifdef SYS_fork
	return __syscall_ret(__syscall0(SYS_fork));
#else
	return __syscall_ret(__syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0));
#endif
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	return __syscall_ret(__syscall3(SYS_execve, path, argv, envp));
}

int
execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/*
 * execvp: try DIR/file for each DIR of $PATH in turn (an empty DIR is the
 * working directory), as glibc and musl do: a directory where file is
 * missing (ENOENT, ENOTDIR) lets the search go on, and so does EACCES
 * (there, but not runnable), which is reported if nothing later runs;
 * any other error ends the search at once.
 */
int
execvp(const char *file, char *const argv[])
{
	const char *dirs = getenv("PATH"), *end;
	char path[PATH_MAX];
	bool denied = false;
	size_t len;

	if (file[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/') != NULL)
		return execv(file, argv);
	for (dirs = dirs != NULL ? dirs : "/bin"; ; dirs = end + 1) {
		if ((end = strchr(dirs, ':')) == NULL)
			end = dirs + strlen(dirs);
		len = (size_t)(end - dirs);
		if (len + 2 + strlen(file) <= sizeof(path)) {
			memcpy(path, len > 0 ? dirs : ".", len > 0 ? len : 1);
			len = len > 0 ? len : 1;
			path[len] = '/';
			strcpy(path + len + 1, file);
			execv(path, argv);
			if (errno == EACCES)
				denied = true;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (*end == '\0')
			break;
	}
	errno = denied ? EACCES : ENOENT;
	return -1;
}

/*
 * _exit: end the process now, without flushing stdio.  exit_group ends
 * every thread, which is what a process exit means; the loop only
 * convinces the compiler that we never return.
 */
void
_exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

pid_t
getpid(void)
{
	return __syscall0(SYS_getpid);
}

pid_t
getppid(void)
{
	return __syscall0(SYS_getppid);
}

pid_t
gettid(void)
{
	return __syscall0(SYS_gettid);
}

pid_t
wait4(pid_t pid, int *status, int options, struct rusage *rusage)
{
	return __syscall_ret(__syscall4(SYS_wait4, pid, status, options,
	    rusage));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t
wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

int
kill(pid_t pid, int sig)
{
	return __syscall_ret(__syscall2(SYS_kill, pid, sig));
}

int
raise(int sig)
{
	return kill(getpid(), sig);
}

int
sched_yield(void)
{
	return __syscall_ret(__syscall0(SYS_sched_yield));
}
