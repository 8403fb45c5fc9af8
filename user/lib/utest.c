/*
 * utest.c: the harness of usertests and blktest (<utest.h>): each test in
 * a child process of its own, its verdict printed in the lines
 * tools/check.sh reads.
 *
 * Why a child per test: a test that crashes, or leaves its process in a
 * mess (mappings, descriptors, a full process table), fails alone, and the
 * next test starts from the parent's clean state.  The price is that a
 * test cannot hand anything on to the next one, which it should not.
 *
 * The child tells the parent how the test went by its exit status:
 * CHILD_OK, CHILD_FAILED (a check failed, and the child printed why) or
 * CHILD_SKIPPED.  The skip's reason does not fit in an exit status, so
 * the child writes it into a page the parent mapped MAP_SHARED before the
 * first fork; a CHILD_SKIPPED with no reason there is a test that called
 * _exit(64) itself.  Any other end (a signal, another status, a leak) is
 * a failure that the parent explains.
 *
 * The leak check: on Pagoda the parent reads MemFree plus SwapCached from
 * /proc/meminfo before each test and again after it, once the child and
 * any orphans handed to us (if we are init) are reaped; a drop of more
 * than LEAK_SLACK_KIB fails the test.  SwapCached counts because a test
 * that pushes memory into swap pushes other processes' pages out too (ours,
 * init's), and when they come back, swap-in reads ahead: the neighbours
 * it brings sit in the swap cache, taken from MemFree but no leak.  On
 * Linux, whose free memory moves for reasons of its own, there is no
 * leak check.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utest.h>

/* A test child's exit status. */
#define CHILD_OK	0
#define CHILD_FAILED	1
#define CHILD_SKIPPED	64	/* the reason is in skip_reason */

#define REASON_SIZE	4096	/* the shared page, the reason's room */
#define LEAK_SLACK_KIB	16	/* a drop in free memory a test may make */

/*
 * (p) the parent's, (c) the running test's child's, (s) shared: the
 * child writes it, the parent reads it after the child is reaped.
 */
static bool leak_check;		/* (p) on Pagoda: MemFree is meaningful */
static int npassed, nfailed, nskipped;	/* (p) */
static char *skip_reason;	/* (s) why the test skipped, or ""; NULL
				   until start() maps it */
static bool test_failed;	/* (c) */

/* ---- the test's side ---- */

bool
utest_check(bool ok, const char *what, const char *file, int line)
{
	const char *slash = strrchr(file, '/');

	if (!ok) {
		printf("  %s:%d: %s\n", slash != NULL ? slash + 1 : file, line,
		    what);
		test_failed = true;
	}
	return ok;
}

void
utest_fail(void)
{
	test_failed = true;
}

bool
utest_has_failed(void)
{
	return test_failed;
}

void
utest_skip(const char *why)
{
	if (skip_reason != NULL)	/* NULL: not in a test */
		snprintf(skip_reason, REASON_SIZE, "%s",
		    why[0] != '\0' ? why : "no reason given");
}

/* run_child: the child's end of utest_run(): run test, exit with how. */
static void __attribute__((noreturn))
run_child(void (*test)(void))
{
	test_failed = false;
	test();
	fflush(stdout);
	if (test_failed)
		_exit(CHILD_FAILED);
	_exit(skip_reason[0] != '\0' ? CHILD_SKIPPED : CHILD_OK);
}

/* ---- the parent's side ---- */

/*
 * start: once, before the first test: the shared page (without it no
 * test could be skipped, so the run stops here) and the leak check.
 */
static void
start(void)
{
	struct utsname name;
	void *page;

	if (skip_reason != NULL)
		return;
	page = mmap(NULL, REASON_SIZE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		fprintf(stderr, "utest: a shared page for skip reasons: %s\n",
		    strerror(errno));
		exit(1);
	}
	skip_reason = page;
	leak_check = uname(&name) == 0 && strcmp(name.sysname, "Pagoda") == 0;
}

/*
 * meminfo_free_kib: memory free or in the swap cache, MemFree plus
 * SwapCached from /proc/meminfo, in KiB; or -1.
 */
static long
meminfo_free_kib(void)
{
	char buf[2048], *free_field, *cached_field;
	ssize_t n, len = 0;
	int fd;

	if (!leak_check || (fd = open("/proc/meminfo", O_RDONLY)) < 0)
		return -1;
	while (len < (ssize_t)sizeof(buf) - 1 &&
	    (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	free_field = strstr(buf, "MemFree:");
	cached_field = strstr(buf, "SwapCached:");
	if (free_field == NULL || cached_field == NULL)
		return -1;
	return strtol(free_field + 8, NULL, 10) +
	    strtol(cached_field + 11, NULL, 10);
}

/*
 * leaked_kib: how much less memory is free than before (0 if no more
 * than LEAK_SLACK_KIB, or if there is no meminfo).  A dead process may
 * be freed a moment after wait returns, so look again before blaming.
 */
static long
leaked_kib(long before)
{
	long after = meminfo_free_kib();

	for (int i = 0; i < 5 && before >= 0 && after >= 0 &&
	    before - after > LEAK_SLACK_KIB; i++) {
		usleep(20 * 1000);
		after = meminfo_free_kib();
	}
	if (before < 0 || after < 0)
		return 0;
	if (after != before)
		printf("  MemFree + SwapCached %ld KiB before, %ld KiB after\n",
		    before, after);
	return before - after > LEAK_SLACK_KIB ? before - after : 0;
}

/*
 * audit_ok: after a test, Pagoda's audit of its own books (/proc/vmaudit:
 * swap counts against swap leaves, page counters; vm/vm_audit.h): true
 * if it says "ok", or if there is no such file (Linux).
 */
static bool
audit_ok(void)
{
	char buf[1024];
	ssize_t n;
	int fd = open("/proc/vmaudit", O_RDONLY);

	if (fd < 0)
		return true;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (strncmp(buf, "ok", 2) == 0)
		return true;
	printf("  /proc/vmaudit after the test:\n%s", buf);
	return false;
}

/* reap_orphans: as init, reap whatever exited and was handed to us. */
static void
reap_orphans(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		continue;
}

/*
 * report: print the test's line and count it, from its child's wait
 * status (-1: no child, or no status), the memory the test leaked and
 * whether the kernel's audit found its books right afterwards.
 */
static void
report(const char *name, int status, long leaked, bool audited)
{
	int code = WEXITSTATUS(status);
	int verdict = CHILD_FAILED;

	if (status == -1)
		printf("  %s: fork or wait failed: %s\n", name,
		    strerror(errno));
	else if (WIFSIGNALED(status))
		printf("  %s: the test's process was killed by signal %d\n",
		    name, WTERMSIG(status));
	else if (leaked > 0)
		printf("  %s: leaked %ld KiB\n", name, leaked);
	else if (!audited)
		printf("  %s: the kernel's audit failed\n", name);
	else if (code == CHILD_OK ||
	    (code == CHILD_SKIPPED && skip_reason[0] != '\0'))
		verdict = code;
	else if (code != CHILD_FAILED)
		printf("  %s: the test's process exited with %d\n", name, code);

	if (verdict == CHILD_OK) {
		printf("test %s: ok\n", name);
		npassed++;
	} else if (verdict == CHILD_SKIPPED) {
		printf("test %s: skipped (%s)\n", name, skip_reason);
		nskipped++;
	} else {
		printf("test %s: FAILED\n", name);
		nfailed++;
	}
}

void
utest_run(const char *name, void (*test)(void))
{
	int status = -1;
	long before;
	pid_t pid;

	start();
	skip_reason[0] = '\0';
	before = meminfo_free_kib();
	fflush(stdout);			/* or the child prints it again */
	pid = fork();
	if (pid == 0)
		run_child(test);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	reap_orphans();
	report(name, status, leaked_kib(before), audit_ok());
}

int
utest_summary(void)
{
	printf("%d passed, %d failed", npassed, nfailed);
	if (nskipped > 0)
		printf(", %d skipped", nskipped);
	printf("\n");
	return nfailed == 0 ? 0 : 1;
}
