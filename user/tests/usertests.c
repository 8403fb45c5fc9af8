/*
 * usertests: the kernel's process and memory system calls, tested from
 * user space, each test in a child process of its own.
 *
 *	usertests [-s seed]
 *
 * Each test runs in a child (fork) of its own, under the harness in
 * <utest.h>, which prints "test NAME: ok", "test NAME: FAILED" (after one
 * line per failed check, or a line saying how the child died) or "test
 * NAME: skipped (why)".  A test that crashes fails without taking the
 * suite down.  The run ends with "N passed, N failed" (", N skipped" when
 * some were); the exit status is 0 only if nothing failed.
 *
 * Every expectation is Linux's behaviour: the suite passes on the Linux
 * host ("make -C user check"), natively or under qemu-user, and then
 * runs on Pagoda, where it is booted as the first process:
 *
 *	tools/qemu.sh --cmdline init=/bin/usertests
 *
 * As pid 1 it is also init, so orphans come to it: the harness reaps them
 * between tests.  On Pagoda the harness also reads MemFree from
 * /proc/meminfo before and after each test (once the child and any
 * orphans are reaped); a test after which free memory has dropped by more
 * than 16 KiB fails with "leaked N KiB".  Without /proc/meminfo, and on
 * Linux, whose free memory moves for reasons of its own, there is no leak
 * check.
 *
 * fork_large_region is random: it prints its seed, and -s repeats a run.
 * "usertests --echo-args ..." is the program the exec tests run.
 *
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utest.h>

#define PAGE		4096
#define LARGE_PAGES	2048	/* fork_large_region: 8 MiB */
#define CHAIN_DEPTH	20	/* processes in fork_chain */
#define MANY_CHILDREN	30	/* fork_many */
#define STORM_MAX	1000	/* forks fork_storm tries at most */
#define ECHO_OK		42	/* "--echo-args" exits with this if all is well */

/*
 * System calls the library does not wrap, and lib/arch/ARCH/syscall_nr.h
 * does not list: Linux's numbers (which Pagoda uses too).
 */
#if defined(__x86_64__)
#define NR_writev	20
#define NR_readlinkat	267
#define NR_getrandom	318
#define NR_set_tid_address 218
#elif defined(__aarch64__)
#define NR_writev	66
#define NR_readlinkat	78
#define NR_getrandom	278
#define NR_set_tid_address 96
#endif

struct iovec {
	void	*iov_base;
	size_t	iov_len;
};

/* Why the exec tests skip under qemu-user (can_exec_self()). */
static const char *const why_emulated_exec =
    "ENOEXEC: emulated, with no binfmt_misc handler?";

static unsigned long seed;
static const char *self_path;		/* this program, for execve */
static bool emulated;			/* under qemu-user (cannot exec us) */
static bool on_pagoda;			/* uname says Pagoda */

/* Bad pointers: just past NULL, and in the kernel's half on both arches. */
static void *volatile const bad_pointers[] = {
	(void *)16, (void *)0xffffffffffff0000UL,
};
#define NBAD	(sizeof(bad_pointers) / sizeof(bad_pointers[0]))

/* ---- checking (and <utest.h>'s CHECK, CHECK_ERRNO) ---- */

/* CHECK_EFAULT: expr is -1 with errno EFAULT, for the bad pointer bad. */
#define CHECK_EFAULT(expr, bad) do {					\
	errno = 0;							\
	if (!CHECK_MSG((expr) == -1 && errno == EFAULT,		\
	    #expr " fails with EFAULT"))				\
		printf("    (pointer %p: errno %d)\n", (bad), errno);	\
} while (0)

/* ---- helpers ---- */

static void
nap_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
}

/*
 * sleep_until_orphaned: for a child its parent means to kill; if the
 * parent dies first (a failed test), it exits rather than linger.
 */
static void __attribute__((noreturn))
sleep_until_orphaned(void)
{
	pid_t parent = getppid();

	while (getppid() == parent)
		nap_ms(1000);
	_exit(0);
}

/* fork, with stdout flushed so that the child does not print it again. */
static pid_t
fork_flushed(void)
{
	fflush(stdout);
	return fork();
}

/* wait_status: wait for child pid; its wait status, or -1. */
static int
wait_status(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static bool
exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static bool
killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static unsigned char *
map_pages(size_t npages)
{
	void *p = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* read_all: read fd until its end or n bytes: the count, or -1. */
static ssize_t
read_all(int fd, char *buf, size_t n)
{
	size_t done = 0;
	ssize_t got = 0;

	while (done < n && (got = read(fd, buf + done, n - done)) > 0)
		done += (size_t)got;
	return got < 0 && done == 0 ? -1 : (ssize_t)done;
}

static bool
all_bytes(const unsigned char *p, size_t n, unsigned char value)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != value)
			return false;
	return true;
}

/*
 * touch_status: in a child, read (or write) the byte at addr; the child's
 * wait status: exit 0 if the access worked, SIGSEGV if it faulted.
 */
static int
touch_status(void *addr, bool write)
{
	volatile unsigned char *p = addr;
	pid_t pid = fork_flushed();

	if (pid == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		_exit(0);
	}
	return wait_status(pid);
}

/* ---- fork: private memory after fork ---- */

static int inherited_global = 1;

/* What the parent wrote before fork, the child sees. */
static void
test_fork_inherits_memory(void)
{
	unsigned char *page = map_pages(1), *heap = malloc(100);
	int on_stack = 5;
	pid_t pid;

	if (!CHECK(page != NULL && heap != NULL))
		return;
	inherited_global = 2;
	memset(page, 0x5a, PAGE);
	memset(heap, 0x6b, 100);
	pid = fork_flushed();
	if (pid == 0)
		_exit(inherited_global == 2 && on_stack == 5 &&
		    all_bytes(page, PAGE, 0x5a) && all_bytes(heap, 100, 0x6b) ?
		    0 : 1);
	CHECK(exited_with(wait_status(pid), 0));
}

/*
 * cow_child: the child's side of the copy-on-write tests, after nap ms:
 * exit 0 if it saw what the parent wrote before fork, then its own write.
 */
static void __attribute__((noreturn))
cow_child(unsigned char *page, long nap)
{
	bool saw_parent;

	if (nap > 0)
		nap_ms(nap);
	saw_parent = all_bytes(page, PAGE, 0xaa);
	memset(page, 0xcc, PAGE);
	_exit(saw_parent && all_bytes(page, PAGE, 0xcc) ? 0 : 1);
}

/*
 * Copy on write, the child first: the child writes the page while the
 * parent waits, so the child's write is the one that breaks the sharing.
 */
static void
test_fork_cow_child_first(void)
{
	unsigned char *page = map_pages(1);
	pid_t pid;

	if (!CHECK(page != NULL))
		return;
	memset(page, 0xaa, PAGE);
	pid = fork_flushed();
	if (pid == 0)
		cow_child(page, 0);
	CHECK(exited_with(wait_status(pid), 0));
	CHECK(all_bytes(page, PAGE, 0xaa));	/* the child's write unseen */
	memset(page, 0xbb, PAGE);
	CHECK(all_bytes(page, PAGE, 0xbb));
}

/*
 * Copy on write, the parent first: the child naps before it looks, so
 * that the parent's write breaks the sharing.  (The nap only orders
 * them; either order must give the same result.)
 */
static void
test_fork_cow_parent_first(void)
{
	unsigned char *page = map_pages(1);
	pid_t pid;

	if (!CHECK(page != NULL))
		return;
	memset(page, 0xaa, PAGE);
	pid = fork_flushed();
	if (pid == 0)
		cow_child(page, 50);
	memset(page, 0xbb, PAGE);
	CHECK(all_bytes(page, PAGE, 0xbb));
	CHECK(exited_with(wait_status(pid), 0));
	CHECK(all_bytes(page, PAGE, 0xbb));	/* the child's write unseen */
}

/*
 * The words of the large region: which page, which word, whose write
 * (0 before fork, 1 the child, 2 the parent) and this run's seed.
 */
static uint64_t
large_word(size_t page, size_t word, uint64_t writer)
{
	return seed ^ (writer << 56) ^ ((uint64_t)page << 16) ^ word;
}

static void
large_fill(uint64_t *region, size_t from, size_t to, uint64_t writer)
{
	for (size_t page = from; page < to; page++)
		for (size_t w = 0; w < PAGE / 8; w++)
			region[page * (PAGE / 8) + w] = large_word(page, w,
			    writer);
}

/*
 * large_intact: does the first half of the region hold first's words
 * and the second half second's?  Says where it does not.
 */
static bool
large_intact(const uint64_t *region, uint64_t first, uint64_t second,
    const char *who)
{
	for (size_t page = 0; page < LARGE_PAGES; page++) {
		uint64_t writer = page < LARGE_PAGES / 2 ? first : second;

		for (size_t w = 0; w < PAGE / 8; w++) {
			uint64_t got = region[page * (PAGE / 8) + w];

			if (got == large_word(page, w, writer))
				continue;
			printf("  %s: page %zu word %zu is %#lx, want %#lx\n",
			    who, page, w, (unsigned long)got,
			    (unsigned long)large_word(page, w, writer));
			return false;
		}
	}
	return true;
}

/*
 * A large region, written before fork; then the child rewrites the
 * first half and the parent the second, at the same time, and each
 * checks every word of the whole region.
 */
static void
test_fork_large_region(void)
{
	uint64_t *region = (uint64_t *)map_pages(LARGE_PAGES);
	size_t half = LARGE_PAGES / 2;
	pid_t pid;

	printf("  fork_large_region: seed %lu (rerun: usertests -s %lu)\n",
	    seed, seed);
	if (!CHECK(region != NULL))
		return;
	large_fill(region, 0, LARGE_PAGES, 0);
	pid = fork_flushed();
	if (pid == 0) {
		large_fill(region, 0, half, 1);
		bool intact = large_intact(region, 1, 0, "child");

		fflush(stdout);			/* _exit does not */
		_exit(intact ? 0 : 1);
	}
	large_fill(region, half, LARGE_PAGES, 2);
	CHECK(large_intact(region, 0, 2, "parent"));
	CHECK(exited_with(wait_status(pid), 0));
	CHECK(large_intact(region, 0, 2, "parent, after the child's exit"));
}

/* ---- exit statuses and wait ---- */

static void
test_exit_codes(void)
{
	int codes[] = { 0, 1, 255, 256 };
	int status;

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = fork_flushed();

		if (pid == 0)
			exit(codes[i]);
		status = wait_status(pid);
		if (!CHECK(exited_with(status, codes[i] & 0xff)))
			printf("    (exit(%d) gave status %#x)\n", codes[i],
			    status);
		CHECK(!WIFSIGNALED(status));
	}
}

static void
write_null(void)
{
	volatile int *volatile null = NULL;

	*null = 1;
}

static void
test_exit_by_signal(void)
{
	pid_t pid;
	int status;

	pid = fork_flushed();
	if (pid == 0) {
		write_null();
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(killed_by(status, SIGSEGV) && !WIFEXITED(status));
	pid = fork_flushed();
	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(0);
	}
	status = wait_status(pid);
	CHECK(killed_by(status, SIGKILL) && !WIFEXITED(status));
}

/* waitpid for one child leaves the other; wait(-1) then takes it. */
static void
test_wait_pid_and_any(void)
{
	pid_t first, second;
	int status;

	first = fork_flushed();
	if (first == 0)
		_exit(11);
	second = fork_flushed();
	if (second == 0)
		_exit(22);
	CHECK(first > 0 && second > 0);
	nap_ms(20);		/* both dead: waitpid must take the one asked */
	CHECK(exited_with(wait_status(second), 22));
	CHECK(wait(&status) == first && exited_with(status, 11));
	CHECK_ERRNO(wait(&status), -1, ECHILD);
}

static void
test_wait_nohang(void)
{
	pid_t pid = fork_flushed();
	int status;

	if (pid == 0)
		sleep_until_orphaned();
	CHECK(pid > 0);
	CHECK(waitpid(pid, &status, WNOHANG) == 0);	/* still running */
	CHECK(waitpid(-1, &status, WNOHANG) == 0);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(killed_by(wait_status(pid), SIGKILL));
	CHECK_ERRNO(waitpid(pid, &status, WNOHANG), -1, ECHILD);
}

static void
test_wait_no_children(void)
{
	int status;

	CHECK_ERRNO(wait(&status), -1, ECHILD);
	CHECK_ERRNO(waitpid(-1, &status, 0), -1, ECHILD);
	CHECK_ERRNO(waitpid(-1, &status, WNOHANG), -1, ECHILD);
	CHECK_ERRNO(waitpid(getppid(), &status, 0), -1, ECHILD);
	CHECK_ERRNO(waitpid(getpid(), &status, 0), -1, ECHILD);
}

/*
 * chain_link: process number depth of the fork chain.  The last exits
 * with CHAIN_DEPTH; each other forks the next and exits with its status,
 * or with 100 + depth if something went wrong there.
 */
static void __attribute__((noreturn))
chain_link(int depth)
{
	int status;
	pid_t pid;

	if (depth == CHAIN_DEPTH)
		_exit(depth);
	pid = fork();
	if (pid == 0)
		chain_link(depth + 1);
	status = wait_status(pid);
	if (status == -1 || !WIFEXITED(status))
		_exit(100 + depth);
	_exit(WEXITSTATUS(status));
}

static void
test_fork_chain(void)
{
	pid_t pid = fork_flushed();
	int status;

	if (pid == 0)
		chain_link(1);
	status = wait_status(pid);
	if (!CHECK(exited_with(status, CHAIN_DEPTH)))
		printf("    (status %#x; 100 + n: link n failed)\n", status);
}

/* Children that end in another order than they began, reaped as they end. */
static void
test_fork_many(void)
{
	pid_t pids[MANY_CHILDREN], pid;
	int i, status, seen[MANY_CHILDREN] = { 0 };

	for (i = 0; i < MANY_CHILDREN; i++) {
		pids[i] = fork_flushed();
		if (pids[i] == 0) {
			nap_ms((MANY_CHILDREN - i) % 4 * 5);
			_exit(i + 1);
		}
		CHECK(pids[i] > 0);
	}
	while ((pid = wait(&status)) > 0) {
		for (i = 0; i < MANY_CHILDREN && pids[i] != pid; i++)
			continue;
		if (CHECK(i < MANY_CHILDREN)) {
			seen[i]++;
			CHECK(exited_with(status, i + 1));
		}
	}
	CHECK(errno == ECHILD);
	for (i = 0; i < MANY_CHILDREN; i++)
		if (!CHECK(seen[i] == 1))
			printf("    (child %d reaped %d times)\n", i, seen[i]);
}

/* ---- exec ---- */

/*
 * "usertests --echo-args a b c", run by test_exec_args with the
 * environment below: ECHO_OK if argv and envp are exactly what it was
 * given, else what was wrong.
 */
static int
echo_args(int argc, char **argv, char **envp)
{
	if (argc != 5 || argv[5] != NULL)
		return 10;
	if (strcmp(argv[0], "usertests") != 0 || strcmp(argv[2], "a") != 0 ||
	    strcmp(argv[3], "b") != 0 || strcmp(argv[4], "c") != 0)
		return 11;
	if (envp[0] == NULL || strcmp(envp[0], "USERTESTS=echo") != 0 ||
	    envp[1] == NULL || strcmp(envp[1], "EMPTY=") != 0 ||
	    envp[2] != NULL)
		return 12;
	if (environ != envp || getenv("EMPTY") == NULL ||
	    strcmp(getenv("USERTESTS"), "echo") != 0)
		return 13;
	return ECHO_OK;
}

static void
test_exec_args(void)
{
	char *argv[] = { "usertests", "--echo-args", "a", "b", "c", NULL };
	char *envp[] = { "USERTESTS=echo", "EMPTY=", NULL };
	pid_t pid;
	int status;

	if (emulated) {
		utest_skip(why_emulated_exec);
		return;
	}
	pid = fork_flushed();
	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(100 + errno);
	}
	status = wait_status(pid);
	if (!CHECK(exited_with(status, ECHO_OK)))
		printf("    (status %#x)\n", status);
}

static void
test_exec_missing(void)
{
	char *argv[] = { "missing", NULL };

	CHECK_ERRNO(execve("/no/such/program", argv, argv + 1), -1, ENOENT);
	CHECK_ERRNO(execve("/bin/no-such-program", argv, argv + 1), -1,
	    ENOENT);
}

/* A text file is no program: ENOEXEC, or EACCES if it is not executable. */
static void
test_exec_not_elf(void)
{
	char *argv[] = { "/etc/motd", NULL };
	struct stat st;

	if (stat("/etc/motd", &st) != 0) {
		utest_skip("no /etc/motd");
		return;
	}
	errno = 0;
	CHECK(execve("/etc/motd", argv, argv + 1) == -1);
	if (!CHECK(errno == ENOEXEC || errno == EACCES))
		printf("    (errno %d)\n", errno);
}

#define MANY_ARGS	2000		/* exec_many_args: 2000 x 300 bytes */
#define MANY_ARG_LEN	300

/* "--count-args": the child of exec_many_args checks what it was given. */
static int
count_args(int argc, char **argv)
{
	if (argc != MANY_ARGS + 2)
		return 10;
	for (int i = 2; i < argc; i++)
		if (strlen(argv[i]) != MANY_ARG_LEN - 1 ||
		    argv[i][0] != (char)('a' + i % 26))
			return 11;
	return ECHO_OK;
}

/*
 * 600 KB of arguments in 2000 strings: more than the old 128 KiB ARG_MAX,
 * well under Linux's quarter of the stack limit (2 MiB), and spread over
 * many pages of the kernel's copy.
 */
static void
test_exec_many_args(void)
{
	char **argv = calloc(MANY_ARGS + 3, sizeof(char *));
	char *strings = malloc((size_t)MANY_ARGS * MANY_ARG_LEN);
	pid_t pid;

	if (emulated) {
		utest_skip(why_emulated_exec);
		return;
	}
	if (!CHECK(argv != NULL && strings != NULL))
		return;
	argv[0] = "usertests";
	argv[1] = "--count-args";
	for (int i = 2; i < MANY_ARGS + 2; i++) {
		argv[i] = strings + (size_t)(i - 2) * MANY_ARG_LEN;
		memset(argv[i], 'a' + i % 26, MANY_ARG_LEN - 1);
		argv[i][MANY_ARG_LEN - 1] = '\0';
	}
	pid = fork_flushed();
	if (pid == 0) {
		execve(self_path, argv, environ);
		_exit(100 + errno);
	}
	CHECK(exited_with(wait_status(pid), ECHO_OK));
	free(strings);
	free(argv);
}

/*
 * An exec with no arguments at all gives the program argv[0] = "" and
 * argc 1, as Linux does since 5.18: argv[0] is never NULL.
 */
static void
test_exec_no_args(void)
{
	char *argv[] = { NULL };
	char *envp[] = { "USERTESTS_ARGC0=1", NULL };
	pid_t pid;

	if (emulated) {
		utest_skip(why_emulated_exec);
		return;
	}
	pid = fork_flushed();
	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(100 + errno);
	}
	CHECK(exited_with(wait_status(pid), ECHO_OK));
}

/*
 * One argument longer than 128 KiB (MAX_ARG_STRLEN, on Linux and here) is
 * E2BIG, and the caller goes on in its old image.
 */
static void
test_exec_arg_too_long(void)
{
	size_t len = 200 * 1024;
	char *big = malloc(len + 1);
	char *argv[] = { "usertests", big, NULL };

	if (!CHECK(big != NULL))
		return;
	memset(big, 'x', len);
	big[len] = '\0';
	CHECK_ERRNO(execve(self_path, argv, argv + 2), -1, E2BIG);
	free(big);
}

/* ---- descriptors, the working directory, /dev/null ---- */

/* dup and dup2 share one open file, so one offset; fcntl's flags. */
static void
test_dup_shares_offset(void)
{
	char a[4], b[4];
	int fd = open("/etc/motd", O_RDONLY), fd2, fd3;

	if (fd < 0) {
		utest_skip("no /etc/motd");
		return;
	}
	fd2 = dup(fd);
	CHECK(fd2 > fd);
	CHECK(read(fd, a, 4) == 4 && read(fd2, b, 4) == 4);
	CHECK(lseek(fd, 0, SEEK_CUR) == 8);
	CHECK(dup2(fd, 20) == 20);
	CHECK(lseek(20, 0, SEEK_CUR) == 8);
	CHECK(dup2(fd, fd) == fd);
	CHECK(fcntl(20, F_GETFD) == 0);
	CHECK(fcntl(20, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(20, F_GETFD) == FD_CLOEXEC);
	fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 30);
	CHECK(fd3 >= 30 && fcntl(fd3, F_GETFD) == FD_CLOEXEC);
	/* Linux adds O_LARGEFILE (which qemu-user fails to translate). */
	CHECK((fcntl(fd, F_GETFL) & ~O_LARGEFILE) == O_RDONLY);
	CHECK(emulated || (fcntl(fd, F_GETFL) & O_LARGEFILE) != 0);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	CHECK((fcntl(fd2, F_GETFL) & ~O_LARGEFILE) == (O_RDONLY | O_NONBLOCK));
	CHECK_ERRNO(dup(-1), -1, EBADF);
	CHECK_ERRNO(dup2(fd, -1), -1, EBADF);
	CHECK_ERRNO(dup2(-1, 5), -1, EBADF);
	CHECK_ERRNO(fcntl(-1, F_GETFD), -1, EBADF);
	close(fd3);
	close(fd2);
	close(20);
	close(fd);
}

/* chdir moves where relative paths start; getcwd says where that is. */
static void
test_chdir_getcwd(void)
{
	char buf[256], want[32];
	int fd;

	CHECK(chdir("/proc") == 0);
	CHECK(getcwd(buf, sizeof(buf)) == buf && strcmp(buf, "/proc") == 0);
	fd = open("self/stat", O_RDONLY);
	CHECK(fd >= 0);
	close(fd);
	CHECK(chdir("..") == 0);
	CHECK(getcwd(buf, sizeof(buf)) == buf && strcmp(buf, "/") == 0);
	/* /proc/self is the caller's /proc/<pid>, resolved once. */
	CHECK(chdir("/proc/self") == 0);
	snprintf(want, sizeof(want), "/proc/%d", getpid());
	CHECK(getcwd(buf, sizeof(buf)) == buf && strcmp(buf, want) == 0);
	CHECK(chdir("/") == 0);
	CHECK_ERRNO(chdir("/no/such/directory"), -1, ENOENT);
	CHECK_ERRNO(chdir("/proc/self/stat"), -1, ENOTDIR);
	CHECK_ERRNO(getcwd(buf, 1), NULL, ERANGE);
}

/* /dev/null: every read is at the end, every write vanishes whole. */
static void
test_dev_null(void)
{
	char buf[8];
	int fd = open("/dev/null", O_RDWR);

	if (!CHECK(fd >= 0))
		return;
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	CHECK(write(fd, "discard", 7) == 7);
	close(fd);
}

/*
 * set_tid_address() returns the tid.  Its address is zeroed at exit only
 * when other threads share the address space (Linux's mm_release()), so
 * a process of one thread leaves it alone: here it is in memory the
 * parent shares, to see that.
 */
static void
test_tid_address_kept(void)
{
	int *tid = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	if (!CHECK(tid != MAP_FAILED))
		return;
	*tid = -1;
	pid = fork_flushed();
	if (pid == 0) {
		*tid = (int)syscall(NR_set_tid_address, tid);
		_exit(*tid == getpid() ? 0 : 1);
	}
	CHECK(exited_with(wait_status(pid), 0));
	CHECK(*tid == pid);
	munmap(tid, PAGE);
}

/* A signal whose default action is to ignore it does not kill. */
static void
test_kill_ignored_signal(void)
{
	CHECK(kill(getpid(), SIGCHLD) == 0);
	CHECK(kill(getpid(), 0) == 0);
}

/* ---- mmap and munmap ---- */

static void
test_mmap_bad_arguments(void)
{
	unsigned char *p = map_pages(2);

	if (!CHECK(p != NULL))
		return;
	CHECK_ERRNO(mmap(p + 1, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS | MAP_FIXED, -1, 0), MAP_FAILED, EINVAL);
	CHECK_ERRNO(mmap(NULL, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0), MAP_FAILED, EINVAL);
	CHECK_ERRNO(munmap(p + 1, PAGE), -1, EINVAL);
	CHECK_ERRNO(munmap(p, 0), -1, EINVAL);
	CHECK(touch_status(p, true) == 0);	/* none of it unmapped p */
}

/* munmap of a range with holes in it, or nothing in it, succeeds. */
static void
test_munmap_partly_unmapped(void)
{
	unsigned char *p = map_pages(4);

	if (!CHECK(p != NULL))
		return;
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK(munmap(p, 4 * PAGE) == 0);
	CHECK(munmap(p, 4 * PAGE) == 0);
	CHECK(killed_by(touch_status(p, false), SIGSEGV));
	CHECK(killed_by(touch_status(p + 3 * PAGE, false), SIGSEGV));
}

/* MAP_FIXED over a mapping: fresh zero pages, the rest untouched. */
static void
test_mmap_fixed_replaces(void)
{
	unsigned char *p = map_pages(4), *q;

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x5a, 4 * PAGE);
	q = mmap(p + PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (!CHECK(q == p + PAGE))
		return;
	CHECK(all_bytes(p + PAGE, 2 * PAGE, 0));
	CHECK(all_bytes(p, PAGE, 0x5a));
	CHECK(all_bytes(p + 3 * PAGE, PAGE, 0x5a));
	CHECK(munmap(p, 4 * PAGE) == 0);
}

static void
test_munmap_middle(void)
{
	unsigned char *p = map_pages(3);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x3c, 3 * PAGE);
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK(all_bytes(p, PAGE, 0x3c));
	CHECK(all_bytes(p + 2 * PAGE, PAGE, 0x3c));
	CHECK(killed_by(touch_status(p + PAGE, false), SIGSEGV));
	CHECK(killed_by(touch_status(p + 2 * PAGE - 1, true), SIGSEGV));
}

/* A hint without MAP_FIXED is where the mapping goes, if it is free. */
static void
test_mmap_hint(void)
{
	unsigned char *p = map_pages(16), *hint, *q;

	if (!CHECK(p != NULL))
		return;
	CHECK(munmap(p, 16 * PAGE) == 0);	/* now a known free range */
	hint = p + 4 * PAGE;
	q = mmap(hint, 2 * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!CHECK(q == hint))
		printf("    (hint %p, got %p)\n", (void *)hint, (void *)q);
	if (q != MAP_FAILED)
		CHECK(all_bytes(q, 2 * PAGE, 0));
}

/* ---- mprotect ---- */

static void
test_mprotect_read_only(void)
{
	unsigned char *p = map_pages(1);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x42, PAGE);
	CHECK(mprotect(p, PAGE, PROT_READ) == 0);
	CHECK(killed_by(touch_status(p + 10, true), SIGSEGV));
	CHECK(touch_status(p + 10, false) == 0);
	CHECK(all_bytes(p, PAGE, 0x42));
}

static void
test_mprotect_none(void)
{
	unsigned char *p = map_pages(1);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x42, PAGE);
	CHECK(mprotect(p, PAGE, PROT_NONE) == 0);
	CHECK(killed_by(touch_status(p + 10, false), SIGSEGV));
	CHECK(killed_by(touch_status(p + 10, true), SIGSEGV));
}

static void
test_mprotect_restore(void)
{
	unsigned char *p = map_pages(2);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x42, 2 * PAGE);
	CHECK(mprotect(p, 2 * PAGE, PROT_NONE) == 0);
	CHECK(mprotect(p, 2 * PAGE, PROT_READ) == 0);
	CHECK(mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
	CHECK(all_bytes(p, 2 * PAGE, 0x42));
	memset(p, 0x24, 2 * PAGE);
	CHECK(all_bytes(p, 2 * PAGE, 0x24));
}

static void
test_mprotect_unmapped(void)
{
	unsigned char *p = map_pages(3);

	if (!CHECK(p != NULL))
		return;
	CHECK(munmap(p + PAGE, PAGE) == 0);
	CHECK_ERRNO(mprotect(p + PAGE, PAGE, PROT_READ), -1, ENOMEM);
	CHECK_ERRNO(mprotect(p, 3 * PAGE, PROT_READ), -1, ENOMEM);
	CHECK(munmap(p, 3 * PAGE) == 0);
	CHECK_ERRNO(mprotect(p, 3 * PAGE, PROT_READ), -1, ENOMEM);
}

/* ---- transparent huge pages: madvise, and the mode in /sys ---- */

#define THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"
#define HUGE_SIZE	(2UL << 20)

/*
 * MADV_HUGEPAGE and NOHUGEPAGE on part of a mapping and all of it: 0,
 * the data stays; over a hole, ENOMEM (qemu-user answers 0 to any
 * madvise() hint, so not checked there).
 */
static void
test_madvise_hugepage(void)
{
	size_t npages = 2 * HUGE_SIZE / PAGE;
	unsigned char *p = map_pages(npages);

	if (!CHECK(p != NULL))
		return;
	memset(p, 0x5c, npages * PAGE);
	CHECK(madvise(p + PAGE, HUGE_SIZE, MADV_HUGEPAGE) == 0);
	CHECK(madvise(p, npages * PAGE, MADV_NOHUGEPAGE) == 0);
	CHECK(madvise(p, npages * PAGE, MADV_HUGEPAGE) == 0);
	CHECK(all_bytes(p, npages * PAGE, 0x5c));
	memset(p, 0xc5, npages * PAGE);
	CHECK(all_bytes(p, npages * PAGE, 0xc5));
	if (emulated)
		return;
	CHECK(munmap(p + 2 * PAGE, PAGE) == 0);
	CHECK_ERRNO(madvise(p, 4 * PAGE, MADV_NOHUGEPAGE), -1, ENOMEM);
	CHECK_ERRNO(madvise(p + 2 * PAGE, PAGE, MADV_HUGEPAGE), -1, ENOMEM);
	CHECK(all_bytes(p, 2 * PAGE, 0xc5));
}

/*
 * thp_read_mode: read THP_ENABLED through fd from its start and check
 * Linux's text: "always madvise never\n" with one of the three in
 * brackets.  That one's index (0 always, 1 madvise, 2 never), or -1.
 */
static int
thp_read_mode(int fd)
{
	static const char *const texts[] = {
		"[always] madvise never\n",
		"always [madvise] never\n",
		"always madvise [never]\n",
	};
	char buf[128];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (!CHECK(n > 0))
		return -1;
	buf[n] = '\0';
	for (int m = 0; m < 3; m++)
		if (strcmp(buf, texts[m]) == 0)
			return m;
	printf("  %s reads \"%s\"\n", THP_ENABLED, buf);
	return -1;
}

/* thp_write: write text to fd: 0, or the errno. */
static int
thp_write(int fd, const char *text)
{
	ssize_t n = write(fd, text, strlen(text));

	if (n < 0)
		return errno;
	CHECK(n == (ssize_t)strlen(text));
	return 0;
}

/*
 * The mode in /sys, as Linux has it: read, refuse what is no mode, take
 * a mode with echo's newline or without.  Each mode is written and read
 * back on Pagoda only, the one it had put back last: on Linux (where a
 * root may write it) the host's setting is left as it is, and only the
 * mode it has is written back.
 */
static void
test_thp_sysfs_enabled(void)
{
	static const char *const modes[] = { "always", "madvise", "never" };
	char line[16];
	struct stat st;
	int fd, mode, m;

	if ((fd = open(THP_ENABLED, O_RDONLY)) < 0) {
		utest_skip("no " THP_ENABLED);
		return;
	}
	mode = thp_read_mode(fd);
	CHECK(mode >= 0);
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0777) == 0644 && st.st_size == 4096);
	close(fd);
	if (mode < 0)
		return;
	/* As echo MODE > THP_ENABLED opens it. */
	fd = open(THP_ENABLED, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 && !on_pagoda && (errno == EACCES || errno == EPERM ||
	    errno == EROFS)) {
		utest_skip("Linux: not allowed to write it here");
		return;
	}
	if (!CHECK(fd >= 0))
		return;
	close(fd);
	if (!CHECK((fd = open(THP_ENABLED, O_RDWR)) >= 0))
		return;
	CHECK(thp_write(fd, "sometimes\n") == EINVAL);
	CHECK(thp_write(fd, "[never]") == EINVAL);
	CHECK(thp_read_mode(fd) == mode);
	for (int i = 0; i < 4 && on_pagoda; i++) {
		m = (mode + 1 + i) % 3;
		snprintf(line, sizeof(line), i % 2 ? "%s\n" : "%s", modes[m]);
		CHECK(thp_write(fd, line) == 0);
		CHECK(thp_read_mode(fd) == m);
	}
	snprintf(line, sizeof(line), "%s\n", modes[mode]);
	CHECK(thp_write(fd, line) == 0);
	CHECK(thp_read_mode(fd) == mode);
	close(fd);
}

/* ---- /proc/self/pagemap and smaps ---- */

/* pagemap's bits (Linux's Documentation/admin-guide/mm/pagemap.rst). */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAPPED	(1ULL << 62)
#define PM_EXCLUSIVE	(1ULL << 56)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_PFN_MASK	((1ULL << 55) - 1)

/*
 * /proc/self/pagemap: a page written reads present and mapped by this
 * process alone; a page never touched reads 0 (but for bit 55,
 * soft-dirty, which Linux sets for new regions); lseek and read as well
 * as pread; offsets and lengths not a multiple of 8 are EINVAL; far past
 * the user range, 0 bytes.  Three pages: too few for a huge page to map
 * the untouched one too.  The PFN only on Pagoda: Linux shows 0 to a
 * reader without CAP_SYS_ADMIN.  Under qemu-user the file is the
 * emulator's own, at other addresses: skipped.
 */
static void
test_proc_pagemap(void)
{
	unsigned char *p = map_pages(3);
	uint64_t e[3];
	off_t off;
	int fd;

	if (!CHECK(p != NULL))
		return;
	if (emulated) {
		utest_skip("qemu-user: the pagemap is the emulator's");
		return;
	}
	if (!CHECK((fd = open("/proc/self/pagemap", O_RDONLY)) >= 0))
		return;
	p[0] = 1;
	off = (off_t)((uintptr_t)p / PAGE * 8);
	CHECK(pread(fd, e, sizeof(e), off) == sizeof(e));
	CHECK((e[0] & (PM_PRESENT | PM_SWAPPED | PM_EXCLUSIVE)) ==
	    (PM_PRESENT | PM_EXCLUSIVE));
	CHECK((e[1] & ~PM_SOFT_DIRTY) == 0);
	CHECK((e[2] & ~PM_SOFT_DIRTY) == 0);
	if (on_pagoda)
		CHECK((e[0] & PM_PFN_MASK) != 0 && e[1] == 0);
	CHECK(lseek(fd, off + 8, SEEK_SET) == off + 8);
	CHECK(read(fd, e, 8) == 8 && (e[0] & ~PM_SOFT_DIRTY) == 0);
	CHECK(lseek(fd, 0, SEEK_CUR) == off + 16);
	p[2 * PAGE] = 1;
	CHECK(read(fd, e, 8) == 8 && (e[0] & PM_PRESENT));
	CHECK_ERRNO(pread(fd, e, 8, off + 4), -1, EINVAL);
	CHECK_ERRNO(pread(fd, e, 4, off), -1, EINVAL);
	CHECK(pread(fd, e, 8, (off_t)((1ULL << 56) / PAGE * 8)) == 0);
	close(fd);
	munmap(p, 3 * PAGE);
}

/*
 * /proc/self/smaps and smaps_rollup: readable, in Linux's layout ("Rss:"
 * padded to 16 columns, 8 of kB), with the lines Pagoda and Linux share.
 */
static void
test_proc_smaps(void)
{
	static const char *const smaps_has[] = { "\nSize:           ",
	    "\nRss:            ", "\nPss:            ",
	    "\nAnonHugePages:  ", "\nSwap:           ",
	    "\nTHPeligible:    ", "\nVmFlags: rd wr " };
	static char buf[64 * 1024];
	ssize_t n;
	int fd;

	if (!CHECK((fd = open("/proc/self/smaps", O_RDONLY)) >= 0))
		return;
	n = read_all(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (!CHECK(n > 0))
		return;
	buf[n] = '\0';
	for (size_t i = 0; i < sizeof(smaps_has) / sizeof(smaps_has[0]); i++)
		CHECK_MSG(strstr(buf, smaps_has[i]) != NULL, smaps_has[i] + 1);
	if (!CHECK((fd = open("/proc/self/smaps_rollup", O_RDONLY)) >= 0))
		return;
	n = read_all(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (!CHECK(n > 0))
		return;
	buf[n] = '\0';
	CHECK(strstr(buf, " [rollup]\nRss:            ") != NULL);
	CHECK(strstr(buf, "\nSwap:           ") != NULL);
}

/* ---- bad pointers: EFAULT, never a crash ---- */

static void
test_bad_pointer_io(void)
{
	int fd = open(self_path, O_RDONLY);

	if (!CHECK(fd >= 0))
		return;
	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];
		struct iovec iov[2] = { { "ok", 2 }, { bad, 16 } };

		CHECK_EFAULT(read(fd, bad, 16), bad);
		/* Stdout must be a file, tty or pipe: /dev/null reads nothing. */
		CHECK_EFAULT(write(STDOUT_FILENO, bad, 16), bad);
		CHECK_EFAULT(syscall(NR_writev, STDOUT_FILENO, bad, 1), bad);
		CHECK_EFAULT(syscall(NR_writev, STDOUT_FILENO, iov + 1, 1),
		    bad);
	}
	close(fd);
}

static void
test_bad_pointer_paths(void)
{
	char *argv[] = { "usertests", NULL };
	char buf[64];

	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];
		char *bad_argv[] = { "usertests", bad, NULL };
		struct stat st;

		CHECK_EFAULT(openat(AT_FDCWD, bad, O_RDONLY), bad);
		CHECK_EFAULT(stat(bad, &st), bad);
		CHECK_EFAULT(syscall(NR_readlinkat, AT_FDCWD, bad, buf,
		    sizeof(buf)), bad);
		CHECK_EFAULT(execve(bad, argv, argv + 1), bad);
		/* These fail before the old image is gone. */
		CHECK_EFAULT(execve(self_path, bad, argv + 1), bad);
		CHECK_EFAULT(execve(self_path, bad_argv, argv + 1), bad);
		CHECK_EFAULT(execve(self_path, argv, bad), bad);
	}
}

static void
test_bad_pointer_structs(void)
{
	int fd = open(self_path, O_RDONLY), dir = open("/", O_RDONLY |
	    O_DIRECTORY);

	if (!CHECK(fd >= 0 && dir >= 0))
		return;
	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];

		CHECK_EFAULT(fstat(fd, bad), bad);
		CHECK_EFAULT(stat(self_path, bad), bad);
		CHECK_EFAULT(getdents64(dir, bad, 4096), bad);
		CHECK_EFAULT(clock_gettime(CLOCK_MONOTONIC, bad), bad);
		CHECK_EFAULT(clock_gettime(CLOCK_REALTIME, bad), bad);
		CHECK_EFAULT(uname(bad), bad);
		CHECK_EFAULT(syscall(NR_getrandom, bad, 16, 0), bad);
	}
	close(fd);
	close(dir);
}

/*
 * nanosleep with a bad request.  Apart from the others because
 * qemu-user (7.2, the host's) answers EINVAL here, where Linux says
 * EFAULT.
 */
static void
test_bad_pointer_nanosleep(void)
{
	if (emulated) {
		utest_skip("emulated: qemu-user says EINVAL, not EFAULT");
		return;
	}
	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];

		CHECK_EFAULT(nanosleep(bad, NULL), bad);
	}
}

/*
 * wait4 with a bad status pointer: EFAULT.  (Linux has reaped the child
 * by then; either way, the second waitpid leaves none behind.)
 */
static void
test_bad_pointer_wait(void)
{
	int status;

	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];
		pid_t pid = fork_flushed();

		if (pid == 0)
			_exit(3);
		CHECK(pid > 0);
		CHECK_EFAULT(wait4(pid, bad, 0, NULL), bad);
		waitpid(pid, &status, 0);
	}
}

/* readlinkat with a bad buffer needs a symbolic link to read. */
static void
test_bad_pointer_readlink(void)
{
	const char *link = "/proc/self/exe";
	char buf[256];

	if (syscall(NR_readlinkat, AT_FDCWD, link, buf, sizeof(buf)) <= 0) {
		utest_skip("no symbolic link to read");
		return;
	}
	for (size_t i = 0; i < NBAD; i++) {
		void *bad = bad_pointers[i];

		CHECK_EFAULT(syscall(NR_readlinkat, AT_FDCWD, link, bad,
		    sizeof(buf)), bad);
	}
}

/* ---- the fork storm ---- */

/*
 * Fork until fork fails: that is EAGAIN (or ENOMEM), not a crash or a
 * hang.  Then every child is killed and reaped, and fork works again.
 */
static void
test_fork_storm(void)
{
	pid_t pids[STORM_MAX], pid;
	int n, error = 0, status, reaped = 0, killed = 0;

	for (n = 0; n < STORM_MAX; n++) {
		pids[n] = fork_flushed();
		if (pids[n] == 0)
			sleep_until_orphaned();
		if (pids[n] < 0) {
			error = errno;
			break;
		}
	}
	printf("  fork_storm: %d forks, then %s\n", n,
	    error != 0 ? strerror(error) : "stopped trying");
	CHECK(n > 0);
	if (n < STORM_MAX)
		CHECK(error == EAGAIN || error == ENOMEM);
	for (int i = 0; i < n; i++)
		CHECK(kill(pids[i], SIGKILL) == 0);
	while ((pid = wait(&status)) > 0) {
		reaped++;
		killed += killed_by(status, SIGKILL);
	}
	CHECK(errno == ECHILD);
	CHECK(reaped == n && killed == n);
	pid = fork_flushed();
	if (pid == 0)
		_exit(7);
	CHECK(exited_with(wait_status(pid), 7));
	if (n == STORM_MAX)
		utest_skip("no fork failed in 1000: no process limit here");
}

/* ---- setup ---- */

/*
 * can_exec_self: can this process execve its own program?  (If not, it
 * is emulated: the exec and nanosleep tests are skipped.)  Under
 * qemu-aarch64 on an amd64 host it cannot: the emulator hands execve to
 * the host's kernel, which has no binfmt_misc handler for arm64 and says
 * ENOEXEC.
 */
static bool
can_exec_self(void)
{
	char *argv[] = { "usertests", "--echo-args", "a", "b", "c", NULL };
	pid_t pid;

	pid = fork_flushed();
	if (pid == 0) {
		execve(self_path, argv, argv + 5);
		_exit(100 + errno);
	}
	return !exited_with(wait_status(pid), 100 + ENOEXEC);
}

/* setup: seed (-s SEED or the clock), self_path, the host's nature. */
static bool
setup(int argc, char **argv)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	struct utsname name;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	seed = (unsigned long)now.tv_nsec * 2654435761UL + now.tv_sec + 1;
	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		seed = strtoul(argv[2], NULL, 0);
	else if (argc != 1)
		return false;
	if (execfn != NULL && strchr(execfn, '/') != NULL)
		self_path = execfn;
	else if (argc > 0 && strchr(argv[0], '/') != NULL)
		self_path = argv[0];
	else
		self_path = "/bin/usertests";
	on_pagoda = uname(&name) == 0 && strcmp(name.sysname, "Pagoda") == 0;
	emulated = !on_pagoda && !can_exec_self();
	return true;
}

int
main(int argc, char **argv, char **envp)
{
	if (argc >= 2 && strcmp(argv[1], "--echo-args") == 0)
		return echo_args(argc, argv, envp);
	if (argc >= 2 && strcmp(argv[1], "--count-args") == 0)
		return count_args(argc, argv);
	if (getenv("USERTESTS_ARGC0") != NULL)	/* exec_no_args's child */
		return argc == 1 && argv[0][0] == '\0' ? ECHO_OK : 10;
	if (!setup(argc, argv)) {
		fprintf(stderr, "usage: usertests [-s seed]\n");
		return 2;
	}
	printf("usertests: pid %d, parent %d, seed %lu\n", getpid(), getppid(),
	    seed);

	utest_run("fork_inherits_memory", test_fork_inherits_memory);
	utest_run("fork_cow_child_first", test_fork_cow_child_first);
	utest_run("fork_cow_parent_first", test_fork_cow_parent_first);
	utest_run("fork_large_region", test_fork_large_region);
	utest_run("exit_codes", test_exit_codes);
	utest_run("exit_by_signal", test_exit_by_signal);
	utest_run("wait_pid_and_any", test_wait_pid_and_any);
	utest_run("wait_nohang", test_wait_nohang);
	utest_run("wait_no_children", test_wait_no_children);
	utest_run("fork_chain", test_fork_chain);
	utest_run("fork_many", test_fork_many);
	utest_run("exec_args", test_exec_args);
	utest_run("exec_missing", test_exec_missing);
	utest_run("exec_not_elf", test_exec_not_elf);
	utest_run("exec_many_args", test_exec_many_args);
	utest_run("exec_no_args", test_exec_no_args);
	utest_run("exec_arg_too_long", test_exec_arg_too_long);
	utest_run("dup_shares_offset", test_dup_shares_offset);
	utest_run("chdir_getcwd", test_chdir_getcwd);
	utest_run("dev_null", test_dev_null);
	utest_run("tid_address_kept", test_tid_address_kept);
	utest_run("kill_ignored_signal", test_kill_ignored_signal);
	utest_run("mmap_bad_arguments", test_mmap_bad_arguments);
	utest_run("munmap_partly_unmapped", test_munmap_partly_unmapped);
	utest_run("mmap_fixed_replaces", test_mmap_fixed_replaces);
	utest_run("munmap_middle", test_munmap_middle);
	utest_run("mmap_hint", test_mmap_hint);
	utest_run("mprotect_read_only", test_mprotect_read_only);
	utest_run("mprotect_none", test_mprotect_none);
	utest_run("mprotect_restore", test_mprotect_restore);
	utest_run("mprotect_unmapped", test_mprotect_unmapped);
	utest_run("madvise_hugepage", test_madvise_hugepage);
	utest_run("thp_sysfs_enabled", test_thp_sysfs_enabled);
	utest_run("proc_pagemap", test_proc_pagemap);
	utest_run("proc_smaps", test_proc_smaps);
	utest_run("bad_pointer_io", test_bad_pointer_io);
	utest_run("bad_pointer_paths", test_bad_pointer_paths);
	utest_run("bad_pointer_structs", test_bad_pointer_structs);
	utest_run("bad_pointer_nanosleep", test_bad_pointer_nanosleep);
	utest_run("bad_pointer_wait", test_bad_pointer_wait);
	utest_run("bad_pointer_readlink", test_bad_pointer_readlink);
	/* Last: it fills the process table. */
	utest_run("fork_storm", test_fork_storm);

	return utest_summary();
}
