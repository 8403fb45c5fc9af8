/*
 * memtest.h: what the memory test programs share (reclaimtest, thptest);
 * Pagoda's own, not a standard header.  Built on <utest.h>: a check that
 * fails here fails the running test.
 *
 *  - Patterns.  Every 8-byte word a test writes encodes the seed, the
 *    test's tag and the word's 4 KiB page, so a page that comes back from
 *    the wrong slot, from another process or as zeros is told apart, and
 *    every byte is compared (pattern_verify()).
 *  - Numbers from /proc: a line of /proc/vmstat, /proc/meminfo,
 *    /proc/self/status, the priority /proc/swaps gives an area.
 *  - Child processes: run a function in one, reap it, wait for another
 *    process to write a word of a shared page.
 *  - The command line and the run: [-s SEED] [OPTION VALUE]... DEV
 *    [TEST...], turning DEV on for the run and off after it, and running
 *    the tests named (or the default ones) under <utest.h>.
 */
#ifndef _MEMTEST_H_
#define _MEMTEST_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MT_PAGE		4096L			/* the tests' page */
#define MT_WORDS	(MT_PAGE / 8)		/* 64-bit words in a page */

/* ---- patterns ---- */

/*
 * pattern_init: the run's seed, and the number of tags its tests use
 * (1 to ntags), so that a misplaced page can be said to be whose.
 */
void	pattern_init(unsigned long seed, int ntags);

/*
 * pattern_word: word w (0..511) of page p as the test with tag writes it:
 *
 *    63                                          9 8          0
 *   +---------------------------------------------+------------+
 *   |                  page number p              |   word w   |  XOR key
 *   +---------------------------------------------+------------+
 *
 * key = pattern_key(tag), a scramble of the seed and the tag.  Every word
 * of a test's memory differs, and XOR with a key tells which page a
 * misplaced word belongs to, and whose.
 */
uint64_t pattern_key(int tag);

static inline uint64_t
pattern_word(uint64_t key, long page, long w)
{
	return key ^ ((uint64_t)page << 9 | (uint64_t)w);
}

/* pattern_fill: n pages at base get tag's pattern for pages first... */
void	pattern_fill(uint64_t *base, long first, long n, int tag);

/*
 * pattern_verify: are all n pages at base tag's pattern for pages
 * first...?  If not, the first bad page is described (zeros, which page
 * of whose pattern it holds, or its first wrong byte), with how many were
 * bad and what (a phrase) was checked, and the test fails.
 */
bool	pattern_verify(const uint64_t *base, long first, long n, int tag,
	    const char *what);

/* ---- what /proc says ---- */

/* read_text: the whole small text file path, in buf; false if none. */
bool	read_text(const char *path, char *buf, size_t size);

/* find_line: just past name where name starts a line of text; or NULL. */
const char *find_line(const char *text, const char *name);

/* line_value: the number after name at the start of a line; -1 if none. */
long	line_value(const char *text, const char *name);

/* file_value: line_value() in the file path; -1 if unreadable. */
long	file_value(const char *path, const char *name);

/* vmstat: counter name of /proc/vmstat; -1 if there is no such line. */
long	vmstat(const char *name);

/* meminfo_kib: field ("SwapFree:") of /proc/meminfo, in KiB; or -1. */
long	meminfo_kib(const char *field);

/* self_swap_kib: VmSwap of this process, in KiB; or -1. */
long	self_swap_kib(void);

/* is_pagoda: is this Pagoda (uname's sysname), not Linux? */
bool	is_pagoda(void);

/*
 * swap_unaccounted_kib: swap in use that no process and no cache holds:
 * SwapTotal - SwapFree - SwapCached - the VmSwap of every process.
 * Near 0 when all is well (it may go below: a cached page whose slot a
 * process also holds is subtracted twice); after a process exits or is
 * killed, it must come back to where it was.
 */
long	swap_unaccounted_kib(void);

#define SETTLE_SECONDS	10	/* the longest to wait for swap to come back */

/*
 * swap_settles: wait up to SETTLE_SECONDS for swap_unaccounted_kib() to
 * come back to before, or to 0 if before was below (pages counted twice
 * then, which may since have left the cache); true if it does, else it
 * says how much is held by no one.  Pagoda must give every slot back.
 * Linux keeps slots aside in per-CPU caches (up to 64 taken ahead and 64
 * freed but not yet given back) and a few more around a failed read: a
 * MiB is allowed there.
 */
bool	swap_settles(long before);

#define NOT_ON	(-100000)	/* swaps_priority() of an area that is off */

/*
 * swaps_priority: the priority /proc/swaps gives path (its line's last
 * field), or NOT_ON if it has no line for path.
 */
int	swaps_priority(const char *path);

/* swaps_listed: does /proc/swaps have a line for path? */
bool	swaps_listed(const char *path);

/*
 * swapoff_or_fail: swapoff(dev) in a test; true if it worked, else it
 * says why and the test fails.
 */
bool	swapoff_or_fail(const char *dev);

/* ---- processes ---- */

#define WAIT_SECONDS	120	/* the longest a process waits for another */

/*
 * spawn: run body(arg) in a child process, which then exits 0 if no
 * check failed in it, else 1; its pid, or -1 (and the test failed).
 */
pid_t	spawn(void (*body)(long), long arg);

/* reap: wait for child pid; its wait status, or -1. */
int	reap(pid_t pid);

/* reaped_ok: reap pid; true if it exited 0, else say how it ended. */
bool	reaped_ok(pid_t pid, const char *who);

/* seconds_now: the monotonic clock, in seconds. */
long	seconds_now(void);

/*
 * wait_until: poll *word (another process writes it, in a MAP_SHARED
 * page) until it is at least value; false, said, after WAIT_SECONDS.
 */
bool	wait_until(volatile int *word, int value);

/* ---- the command line and the run ---- */

/* A test of a program's table. */
struct memtest_test {
	const char	*name;
	void		(*test)(void);
	bool		by_default;	/* else it runs only when named */
};

/* A test program: what memtest_start() parses and memtest_run() runs. */
struct memtest_program {
	const char	*name;		/* "thptest", for messages */
	const char	*options;	/* its options besides -s, for usage */
	/*
	 * option: take "-X VALUE", an option of its own besides -s; false
	 * if flag is none of them or value is bad.  NULL: it has none.
	 */
	bool		(*option)(const char *flag, const char *value);
	const struct memtest_test *tests;
	int		ntests;
	int		ntags;		/* pattern_init()'s ntags */
};

/*
 * memtest_start: parse prog's command line, [-s SEED] [OPTION VALUE]...
 * DEV [TEST...]: *seed (-s, or from the clock; pattern_init() gets it,
 * with prog->ntags), *dev, the options by prog->option; the index in
 * argv of the first TEST (argc if none).  Bad usage (an unknown option,
 * no DEV, a TEST prog does not have) and a /proc/meminfo without
 * MemTotal are said on stderr, and prog exits 2.
 */
int	memtest_start(const struct memtest_program *prog, int argc,
	    char **argv, unsigned long *seed, const char **dev);

/*
 * memtest_swap_on: make sure dev is on, and set *swapon_flags to its
 * priority (to turn it on again as it was) if /proc/swaps lists it;
 * true if it was turned on here (memtest_swap_off() turns it off).  If
 * it cannot be turned on, prog says so and exits 2.
 */
bool	memtest_swap_on(const struct memtest_program *prog, const char *dev,
	    int *swapon_flags);

/*
 * memtest_run: run each test of prog that argv[first...] names (with no
 * TEST, each by_default one), in table order, each by utest_run();
 * utest_summary()'s exit status.
 */
int	memtest_run(const struct memtest_program *prog, int first, int argc,
	    char **argv);

/*
 * memtest_swap_off: at the end of the run, turn dev off if turned_on
 * (memtest_swap_on() turned it on); status, or 3 if it cannot be (said
 * on stdout).
 */
int	memtest_swap_off(const struct memtest_program *prog, const char *dev,
	    bool turned_on, int status);

#endif /* !_MEMTEST_H_ */
