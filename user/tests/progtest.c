/*
 * progtest: run the programs of user/bin and check their exit statuses.
 *
 *	progtest [BINDIR [ETCDIR]]
 *
 * BINDIR is where our programs are (default /bin), ETCDIR where the files
 * of user/etc are (default /etc).  On Pagoda the defaults are right; on
 * Linux, /bin holds Linux's programs, so "make -C user check" passes the
 * build's bin directory and user/etc.
 *
 * Each test runs one of our programs with fork and execve, with
 * PATH=BINDIR so that the shell also finds ours, and checks its exit
 * status: there are no pipes yet to catch the output with, so the output
 * is not checked; it shows among the test lines, for a reader.  Each
 * test prints "test NAME: ok", "test NAME: FAILED" (after a line saying
 * what went wrong) or "test NAME: skipped (why)", and the run ends with
 * "N passed, N failed" (", N skipped" when some were); the exit status
 * is 0 only if nothing failed.
 *
 * "progtest --kill-myself" dies by SIGKILL: the shell's test of a command
 * killed by a signal runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS	4	/* in a test's command */
#define EXEC_FAILED	125	/* a child's status when execve failed */

/*
 * A test: run BINDIR/args[0] with the arguments args (where "@bin" and
 * "@etc" at the start of an argument stand for BINDIR and ETCDIR), with
 * ETCDIR/stdin_file as its stdin if that is not NULL; it must exit with
 * status.
 */
struct prog_test {
	const char	*name;
	const char	*args[MAX_ARGS + 1];
	const char	*stdin_file;
	int		status;
};

static const struct prog_test tests[] = {
	{ "true", { "true" }, NULL, 0 },
	{ "false", { "false" }, NULL, 1 },
	{ "echo", { "echo", "progtest:", "echo", "works" }, NULL, 0 },
	{ "cat", { "cat", "@etc/motd" }, NULL, 0 },
	{ "cat_stdin", { "cat" }, "motd", 0 },
	{ "cat_missing", { "cat", "/nonexistent" }, NULL, 1 },
	{ "ls", { "ls", "@etc" }, NULL, 0 },
	{ "ls_long", { "ls", "-l", "@etc" }, NULL, 0 },
	{ "ls_missing", { "ls", "/nonexistent" }, NULL, 1 },
	{ "sh_true", { "sh", "-c", "true" }, NULL, 0 },
	{ "sh_false", { "sh", "-c", "false" }, NULL, 1 },
	{ "sh_exit", { "sh", "-c", "exit 7" }, NULL, 7 },
	{ "sh_quotes", { "sh", "-c", "sh -c 'exit 5'" }, NULL, 5 },
	{ "sh_bad_quote", { "sh", "-c", "echo 'oops" }, NULL, 2 },
	{ "sh_not_found", { "sh", "-c", "/bin/nonexistent" }, NULL, 127 },
	{ "sh_not_in_path", { "sh", "-c", "nonexistent" }, NULL, 127 },
	{ "sh_not_executable", { "sh", "-c", "@etc/motd" }, NULL, 126 },
	{ "sh_killed", { "sh", "-c", "progtest --kill-myself" }, NULL,
	    128 + SIGKILL },
	{ "sh_script", { "sh", "@etc/test.sh" }, NULL, 3 },
	{ "sh_script_missing", { "sh", "/nonexistent" }, NULL, 127 },
	{ "sh_stdin", { "sh" }, "test.sh", 3 },
	{ "ps", { "ps" }, NULL, 0 },
	{ "free", { "free" }, NULL, 0 },
	{ "vmstat", { "vmstat" }, NULL, 0 },
	{ "vmstat_interval", { "vmstat", "1", "2" }, NULL, 0 },
	{ "vmstat_bad_interval", { "vmstat", "0" }, NULL, 2 },
	{ "pmap_self", { "pmap", "self" }, NULL, 0 },
	{ "pmap_bad_pid", { "pmap", "999999999" }, NULL, 1 },
};

static const char *bindir = "/bin";
static const char *etcdir = "/etc";

/*
 * expand: arg with a leading "@bin" or "@etc" replaced by its directory,
 * in buf[PATH_MAX] if it needs replacing.
 */
static const char *
expand(const char *arg, char *buf)
{
	if (strncmp(arg, "@bin", 4) == 0)
		snprintf(buf, PATH_MAX, "%s%s", bindir, arg + 4);
	else if (strncmp(arg, "@etc", 4) == 0)
		snprintf(buf, PATH_MAX, "%s%s", etcdir, arg + 4);
	else
		return arg;
	return buf;
}

/*
 * redirect_stdin: make fd 0 the file at path.  There is no dup2 yet, but
 * open() returns the lowest free descriptor: with 0 closed, that is 0
 * (how Unix redirected before dup2 existed).
 */
static int
redirect_stdin(const char *path)
{
	close(STDIN_FILENO);
	return open(path, O_RDONLY) == STDIN_FILENO ? 0 : -1;
}

/*
 * run_test_program: run t's command in a child and wait for it; the wait
 * status, or -1 if fork or wait failed.  A child that cannot execve
 * says why and exits with EXEC_FAILED.
 */
static int
run_test_program(const struct prog_test *t)
{
	static char bufs[MAX_ARGS][PATH_MAX];
	char path[PATH_MAX], stdin_path[PATH_MAX], path_var[PATH_MAX + 5];
	char *argv[MAX_ARGS + 1] = { NULL };
	char *envp[] = { path_var, "HOME=/", NULL };
	int status;
	pid_t pid;

	for (int i = 0; i < MAX_ARGS && t->args[i] != NULL; i++)
		argv[i] = (char *)expand(t->args[i], bufs[i]);
	snprintf(path, sizeof(path), "%s/%s", bindir, t->args[0]);
	snprintf(path_var, sizeof(path_var), "PATH=%s", bindir);
	if (t->stdin_file != NULL)
		snprintf(stdin_path, sizeof(stdin_path), "%s/%s", etcdir,
		    t->stdin_file);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (t->stdin_file != NULL && redirect_stdin(stdin_path) < 0) {
			printf("  %s: %s\n", stdin_path, strerror(errno));
			fflush(stdout);
			_exit(EXEC_FAILED);
		}
		execve(path, argv, envp);
		printf("  execve %s: %s\n", path, strerror(errno));
		fflush(stdout);
		_exit(EXEC_FAILED);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* describe: a wait status in words, in buf[64]. */
static const char *
describe(int status, char *buf)
{
	if (status == -1)
		snprintf(buf, 64, "fork or wait failed");
	else if (WIFSIGNALED(status))
		snprintf(buf, 64, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, 64, "exit status %d", WEXITSTATUS(status));
	return buf;
}

/*
 * exec_problem: NULL if this process can execve our programs, else why
 * not.  Under qemu-aarch64 on an amd64 host it cannot: the emulator hands
 * execve to the host's kernel, which cannot run an arm64 program without
 * a binfmt_misc handler, and says ENOEXEC.
 */
static const char *
exec_problem(void)
{
	char path[PATH_MAX];
	char *argv[] = { path, NULL };
	int status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/true", bindir);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execve(path, argv, argv + 1);
		_exit(100 + errno);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 100 + ENOEXEC)
		return "ENOEXEC: emulated, with no binfmt_misc handler?";
	return NULL;
}

int
main(int argc, char **argv)
{
	int npassed = 0, nfailed = 0, nskipped = 0, status;
	const char *skip_reason;
	char what[64];

	if (argc == 2 && strcmp(argv[1], "--kill-myself") == 0) {
		kill(getpid(), SIGKILL);
		return 99;		/* not reached */
	}
	if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: progtest [BINDIR [ETCDIR]]\n");
		return 2;
	}
	if (argc > 1)
		bindir = argv[1];
	if (argc > 2)
		etcdir = argv[2];
	skip_reason = exec_problem();

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		const struct prog_test *t = &tests[i];

		if (skip_reason != NULL) {
			printf("test %s: skipped (%s)\n", t->name, skip_reason);
			nskipped++;
			continue;
		}
		status = run_test_program(t);
		if (status != -1 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == t->status) {
			printf("test %s: ok\n", t->name);
			npassed++;
		} else {
			printf("  %s: %s, expected exit status %d\n",
			    t->name, describe(status, what), t->status);
			printf("test %s: FAILED\n", t->name);
			nfailed++;
		}
	}
	printf("%d passed, %d failed", npassed, nfailed);
	if (nskipped > 0)
		printf(", %d skipped", nskipped);
	printf("\n");
	return nfailed == 0 ? 0 : 1;
}
