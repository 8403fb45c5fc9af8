/*
 * forkwait.c: process birth and death as the C library sees them.  The
 * parent forks a handful of children at once; they exit with statuses 0,
 * 1, 42, 255 and 256, or die of SIGKILL or SIGTERM sent to themselves with
 * kill() and no handler installed.  The parent then reaps each one by pid,
 * in a fixed order that is not the order they died in, so the kernel must
 * keep every zombie and its status until its own waitpid() comes.  Then
 * wait() with no children left must fail with ECHILD, and a child must see
 * its parent's pid from getppid().
 *
 * Machine-specific lines: the pids, printed in braces ("{1234}"); the
 * harness turns them into "{N}" before comparing.  The text after ECHILD is
 * the C library's strerror() and differs between glibc and musl.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What each child does: exit with `status`, or, if `signal` is not 0,
 * send itself that signal and die of it. */
struct child {
	const char	*what;
	int		 status;
	int		 signal;
	pid_t		 pid;
};

static struct child children[] = {
	{ "exit 0", 0, 0, 0 },
	{ "exit 1", 1, 0, 0 },
	{ "exit 42", 42, 0, 0 },
	{ "exit 255", 255, 0, 0 },
	{ "exit 256", 256, 0, 0 },	/* only the low 8 bits survive: 0 */
	{ "kill SIGKILL", 0, SIGKILL, 0 },
	{ "kill SIGTERM", 0, SIGTERM, 0 },
};
#define NCHILDREN (int)(sizeof(children) / sizeof(children[0]))

/*
 * The child's side.  _exit(), not exit(): the child must not flush the
 * stdio buffer it inherited (the parent flushes before fork anyway; see
 * stdiofork.c for what happens otherwise).  POSIX says a signal a process
 * sends itself is delivered before kill() returns, so the _exit(100) after
 * it is reached only if the kernel got that wrong.
 */
static void
run_child(const struct child *c)
{
	if (c->signal != 0) {
		kill(getpid(), c->signal);
		_exit(100);
	}
	_exit(c->status);
}

static void
print_status(const struct child *c, int status)
{
	printf("%s: exited %s", c->what, WIFEXITED(status) ? "yes" : "no");
	if (WIFEXITED(status))
		printf(" status %d", WEXITSTATUS(status));
	printf(", signaled %s", WIFSIGNALED(status) ? "yes" : "no");
	if (WIFSIGNALED(status))
		printf(" signal %d (%s)", WTERMSIG(status),
		    WTERMSIG(status) == SIGKILL ? "SIGKILL" :
		    WTERMSIG(status) == SIGTERM ? "SIGTERM" : "other");
	printf("\n");
}

/* A child that exits 0 if getppid() names its parent, 1 if not. */
static void
check_getppid(void)
{
	pid_t parent = getpid();
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(getppid() == parent ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("getppid child: fork or waitpid failed: %s\n",
		    strerror(errno));
		return;
	}
	printf("getppid in child is the parent's pid: %s\n",
	    WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
}

int
main(void)
{
	int status;
	pid_t pid;

	printf("parent pid {%d}\n", (int)getpid());
	fflush(stdout);
	for (int i = 0; i < NCHILDREN; i++) {
		children[i].pid = fork();
		if (children[i].pid == 0)
			run_child(&children[i]);
		if (children[i].pid < 0) {
			printf("fork: %s\n", strerror(errno));
			return 1;
		}
	}
	/* Reap last-born first: by now most children are zombies. */
	for (int i = NCHILDREN - 1; i >= 0; i--) {
		pid = waitpid(children[i].pid, &status, 0);
		if (pid != children[i].pid) {
			printf("waitpid {%d}: returned %d: %s\n",
			    (int)children[i].pid, (int)pid, strerror(errno));
			continue;
		}
		printf("child pid {%d} ", (int)pid);
		print_status(&children[i], status);
	}
	check_getppid();
	errno = 0;
	pid = wait(&status);
	printf("wait with no children: %d %s (%s)\n", (int)pid,
	    errno == ECHILD ? "ECHILD" : "not ECHILD", strerror(errno));
	return 0;
}
