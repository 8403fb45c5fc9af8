/*
 * utest.h: the harness of the test programs that run each test in a child
 * process of their own (usertests, blktest); Pagoda's own, not a standard
 * header.  docs/userlib.md, "Writing a user test", tells how to use it.
 *
 *	static void
 *	test_dup(void)
 *	{
 *		int fd = dup(STDOUT_FILENO);
 *
 *		if (!CHECK(fd >= 0))
 *			return;
 *		CHECK_ERRNO(dup(-1), -1, EBADF);
 *		close(fd);
 *	}
 *
 *	int
 *	main(void)
 *	{
 *		utest_run("dup", test_dup);
 *		return utest_summary();
 *	}
 *
 * prints "test dup: ok", then "1 passed, 0 failed".  tools/check.sh reads
 * these lines: their format is fixed.
 */
#ifndef _UTEST_H_
#define _UTEST_H_

#include <errno.h>
#include <stdbool.h>

/*
 * utest_run: run test in a child process and print its verdict:
 *
 *	test NAME: ok
 *	test NAME: skipped (REASON)	the test called utest_skip(REASON)
 *	test NAME: FAILED		after the lines that say why
 *
 * A test fails if a check failed (or it called utest_fail()), if its
 * process died of a signal or exited by itself, or, on Pagoda, if free
 * memory (MemFree plus SwapCached in /proc/meminfo) is more than 16 KiB
 * lower after it, once its process and any orphans have been reaped.
 * Whatever the test did to its process (mappings, descriptors, children)
 * dies with it.
 */
void	utest_run(const char *name, void (*test)(void));

/*
 * utest_summary: print the closing line, "N passed, N failed" (and
 * ", N skipped" if any were); the exit status for main(): 0 if no test
 * failed, else 1.
 */
int	utest_summary(void);

/*
 * The rest is for the test, in its child.
 *
 * utest_check: if !ok, print "  FILE:LINE: what" (FILE without its
 * directory) and mark the running test failed; returns ok, so that a test
 * can stop at a check that leaves nothing to test:
 *
 *	if (!CHECK(p != NULL))
 *		return;
 */
bool	utest_check(bool ok, const char *what, const char *file, int line);

#define CHECK(cond)		CHECK_MSG((cond), #cond)
#define CHECK_MSG(cond, what)	utest_check((cond), (what), __FILE__, __LINE__)

/* CHECK_ERRNO: expr gives fail (-1, MAP_FAILED, NULL) and sets errno to err. */
#define CHECK_ERRNO(expr, fail, err) do {				\
	errno = 0;							\
	CHECK((expr) == (fail));					\
	CHECK_MSG(errno == (err), #expr " sets errno to " #err);	\
} while (0)

/* utest_fail: mark the running test failed; the caller has said why. */
void	utest_fail(void);

/* utest_has_failed: has the running test failed so far? */
bool	utest_has_failed(void);

/*
 * utest_skip: the running test is skipped, for the reason why (a short
 * phrase, copied): there is nothing to test here.  A failed check still
 * makes it FAILED.
 */
void	utest_skip(const char *why);

#endif /* !_UTEST_H_ */
