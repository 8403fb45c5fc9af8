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
 * Only the process the kernel started powers off: the one without a
 * parent, for which getppid() is 0 (pid 1, on Linux and on Pagoda).  Run
 * by hand on Linux, init just exits
 * when the shell does: reboot() would fail there with EPERM, but not for
 * root, for whom it would really power the host off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MOTD	"/etc/motd"
#define SHELL	"/bin/sh"
#define RC	"/etc/rc"

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
 * wait_for_shell: wait until the shell ends, reaping whatever else ends
 * meanwhile; the shell's wait status, or -1 if waiting failed.
 */
static int
wait_for_shell(pid_t shell)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait(&status);
		if (pid == shell)
			return status;
		if (pid < 0 && errno != EINTR) {
			fprintf(stderr, "init: wait: %s\n", strerror(errno));
			return -1;
		}
		/* Any other pid: an orphan, now reaped. */
	}
}

int
main(void)
{
	struct stat st;
	pid_t shell;
	int status = -1;

	print_motd();
	if (stat(RC, &st) == 0 && (shell = start_shell(RC)) > 0)
		wait_for_shell(shell);		/* the startup script */
	shell = start_shell("-i");
	if (shell > 0)
		status = wait_for_shell(shell);
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
