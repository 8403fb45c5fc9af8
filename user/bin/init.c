/*
 * init: the first user program, pid 1.
 *
 * init prints /etc/motd if there is one, runs the startup script /etc/rc
 * (if there is one) with the shell, then runs the shell on the console,
 * "/bin/sh -i" with HOME=/ and PATH=/bin, and waits for it.
 * Meanwhile it reaps every other child that comes to it: a process whose
 * parent exits first is handed to init, and stays a zombie until init
 * waits for it.  When the shell exits, init powers the machine off.
 *
 * A scripted run (tools/pagoda-run, docs/running.md) puts the command to
 * run in /etc/run: its words, each ended by a NUL byte.  init then runs
 * that command instead of the shell, in /host (where the run's files
 * are) with PATH=/host:/bin and standard input on /dev/null, waits for
 * it, and exits with its status (128 + N if signal N killed it): the
 * kernel hands that status to the host as it powers off.  A command that
 * cannot be run gives 127 (not found) or 126 (anything else), as a shell
 * does, with one line on stderr that says why.
 *
 * Only the process the kernel started powers off: the one without a
 * parent, for which getppid() is 0 (pid 1, on Linux and on Pagoda).  Run
 * by hand on Linux, init just exits
 * when the shell does: reboot() would fail there with EPERM, but not for
 * root, for whom it would really power the host off.
 */
#include <errno.h>
#include <exechint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MOTD	"/etc/motd"
#define SHELL	"/bin/sh"
#define RC	"/etc/rc"
#define RUN	"/etc/run"		/* a scripted run's command */
#define RUNDIR	"/host"			/* and its files */
#define RUN_SIZE (256 * 1024)		/* its bytes at most */
#define RUN_WORDS 16384			/* and its words */

/* print_motd: copy /etc/motd to stdout; no motd, no message. */
static void
print_motd(void)
{
	char buf[512];
	ssize_t n;
	int fd = open(MOTD, O_RDONLY);

	if (fd < 0) {
		if (errno != ENOENT)
			fprintf(stderr, "init: %s: %s\n", MOTD,
			    strerror(errno));
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	close(fd);
}

/* start_shell: the shell with argument arg ("-i", or a script): its pid,
 * or -1. */
static pid_t
start_shell(char *arg)
{
	char *argv[] = { SHELL, arg, NULL };
	char *envp[] = { "HOME=/", "PATH=/bin", NULL };
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execve(SHELL, argv, envp);
		fprintf(stderr, "init: %s: %s\n", SHELL, strerror(errno));
		_exit(127);
	}
	return pid;
}

/*
 * wait_for_child: wait until the child ends, reaping whatever else ends
 * meanwhile; the child's wait status, or -1 if waiting failed.
 */
static int
wait_for_child(pid_t child)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait(&status);
		if (pid == child)
			return status;
		if (pid < 0 && errno != EINTR) {
			fprintf(stderr, "init: wait: %s\n", strerror(errno));
			return -1;
		}
		/* Any other pid: an orphan, now reaped. */
	}
}

/*
 * read_run: the words of /etc/run into words[] (NULL-terminated), kept
 * in buf: their count; 0 if there is no /etc/run; -1, with a message,
 * if it is empty or too big to keep whole.
 */
static int
read_run(char *buf, size_t size, char **words)
{
	ssize_t n, len = 0;
	int fd = open(RUN, O_RDONLY), nwords = 0;

	if (fd < 0)
		return 0;
	while ((size_t)len < size &&
	    (n = read(fd, buf + len, size - (size_t)len)) > 0)
		len += n;
	close(fd);
	if (len == 0 || (size_t)len == size || buf[len - 1] != '\0') {
		fprintf(stderr, "pagoda-run: %s is %s\n", RUN, len == 0 ?
		    "empty" : "too long, or not NUL-terminated");
		return -1;
	}
	for (ssize_t i = 0; i < len; i += (ssize_t)strlen(buf + i) + 1) {
		if (nwords == RUN_WORDS) {
			fprintf(stderr, "pagoda-run: more than %d words\n",
			    RUN_WORDS);
			return -1;
		}
		words[nwords++] = buf + i;
	}
	words[nwords] = NULL;
	return nwords;
}

/*
 * hint_path: the file execvp() would have tried for name, for
 * exec_hint(): name itself if it has a '/', else the first of RUNDIR/name
 * and /bin/name that exists.
 */
static const char *
hint_path(const char *name, char *buf, size_t size)
{
	static const char *const dirs[] = { RUNDIR, "/bin" };
	struct stat st;

	if (strchr(name, '/') != NULL)
		return name;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, size, "%s/%s", dirs[i], name);
		if (stat(buf, &st) == 0)
			return buf;
	}
	return name;
}

/* run_child: in the child: set up as the top says, then exec argv. */
static void
run_child(char **argv)
{
	static char *envp[] = { "HOME=/", "PATH=" RUNDIR ":/bin", NULL };
	char path[256];
	int fd, error;

	environ = envp;
	if (chdir(RUNDIR) < 0)
		(void)chdir("/");
	if ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	execvp(argv[0], argv);
	error = errno;
	if (error == ENOENT)
		fprintf(stderr, "pagoda-run: %s: command not found\n",
		    argv[0]);
	else if (error == ENOEXEC)
		fprintf(stderr, "pagoda-run: %s: %s: %s\n", argv[0],
		    strerror(error), exec_hint(hint_path(argv[0], path,
		    sizeof(path))));
	else
		fprintf(stderr, "pagoda-run: %s: %s\n", argv[0],
		    strerror(error));
	_exit(error == ENOENT ? 127 : 126);
}

/* run_command: run argv as a child and wait; the run's exit status. */
static int
run_command(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
		return 126;
	}
	if (pid == 0)
		run_child(argv);
	status = wait_for_child(pid);
	if (status == -1)
		return 126;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int
main(void)
{
	static char runbuf[RUN_SIZE];
	static char *words[RUN_WORDS + 1];
	struct stat st;
	pid_t shell;
	int status = -1, nwords = read_run(runbuf, sizeof(runbuf), words);

	if (nwords != 0)
		return nwords > 0 ? run_command(words) : 126;
	print_motd();
	if (stat(RC, &st) == 0 && (shell = start_shell(RC)) > 0)
		wait_for_child(shell);		/* the startup script */
	shell = start_shell("-i");
	if (shell > 0)
		status = wait_for_child(shell);
	if (status != -1 && WIFSIGNALED(status))
		printf("init: the shell was killed by signal %d",
		    WTERMSIG(status));
	else if (status != -1)
		printf("init: the shell exited with status %d",
		    WEXITSTATUS(status));
	else
		printf("init: no shell");
	if (getppid() != 0) {
		printf("; not the first process, so not powering off\n");
		return status != -1 && WIFEXITED(status) ?
		    WEXITSTATUS(status) : 1;
	}
	printf("; powering off\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	fprintf(stderr, "init: reboot: %s\n", strerror(errno));
	return 1;
}
