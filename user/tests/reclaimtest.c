/*
 * reclaimtest: reclaim and swap of 4 KiB anonymous pages, tested from
 * user space: what a program writes is what it reads back, byte for
 * byte, however often its pages went to the swap area and came back, by
 * MADV_PAGEOUT or by the page daemon, across fork, exit, swapoff and the
 * OOM killer; and the counters in /proc say so.
 *
 *	reclaimtest [-s SEED] DEV [TEST...]
 *
 * DEV is a swap area (a disk made by mkswap).  If /proc/swaps does not
 * list it, reclaimtest turns it on (default priority) and off again at
 * the end.  It should be the only area, in a small machine: make check
 * boots Pagoda with 64 MiB and a 256 MiB area; tools/linux-reclaimtest.sh
 * boots Linux likewise, which checks the *test*.  Sizes follow MemTotal:
 * "4x RAM" is four times /proc/meminfo's MemTotal, and a test that needs
 * more swap than there is skips, saying why.  It needs root on Linux.
 *
 * Without TEST, every test but the disk-error ones runs.  Those need a
 * disk that fails, and a fresh area on it (QEMU's blkdebug):
 *
 *	reclaimtest DEV writeerr   writes of slots 1 to 1024 (ERR_MIB MiB
 *	                           from sector 8) fail: the pages stay in
 *	                           memory, intact
 *	reclaimtest DEV readerr    reads of those slots fail: the process
 *	                           that reads them dies of SIGBUS, nothing
 *	                           else does
 *
 * Every 8-byte word a test writes encodes the seed, the test (its tag)
 * and the word's page (pattern_word(), <memtest.h>), so a page that
 * comes back from the wrong slot, from another process or as zeros is
 * told apart, and every byte is compared after every trip.  The seed is
 * printed; -s repeats a run.
 *
 * Linux and Pagoda differ in one way the tests allow for: Pagoda's
 * MADV_PAGEOUT waits for its writes and frees the pages, while Linux's
 * leaves them in the swap cache, clean, until reclaim comes back to them.
 * Where a test needs the pages really gone (to see them read back), it
 * pushes them out on Linux with memory pressure (push_out_swap_cache()).
 *
 * Each test runs in a child process of its own under <utest.h>; on
 * Pagoda the harness also fails a test after which free memory dropped
 * or /proc/vmaudit is not ok.  Exit status: 0 if every test passed, 1
 * if one failed, 2 for bad usage or a DEV that cannot be turned on, 3 if
 * DEV, turned on here, cannot be turned off at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>
#include <memtest.h>
#include <utest.h>

#define PAGE		4096L
#define MIB_PAGES	(1024 * 1024 / PAGE)	/* pages in a MiB */
#define PAGES_KIB(n)	((n) * (PAGE / 1024))

#define ROUNDTRIP_MIB	16	/* pageout_roundtrip, at most RAM / 4 */
#define FORK_MIB	8	/* fork_after_swapout */
#define SWAPOFF_MIB	8	/* swapoff_with_data_out */
#define ERR_MIB		4	/* writeerr, readerr: the failing slots */
#define OOM_CHUNK_MIB	4	/* oom_kill maps this much at a time */
#define NPROCS		3	/* several_procs */

static unsigned long seed;
static bool on_pagoda;
static const char *dev_path;
static int swapon_flags;	/* DEV's priority, to turn it on again */
static long ram_pages;		/* MemTotal */

/* Each test's pattern has its own tag, so that their data differ. */
enum tag {
	TAG_ROUNDTRIP = 1, TAG_4X, TAG_PROC0, TAG_FORK = TAG_PROC0 + NPROCS,
	TAG_FORK_CHILD, TAG_FORK_PARENT, TAG_EXIT, TAG_SWAPOFF, TAG_HOLDER,
	TAG_OOM, TAG_AFTER, TAG_ERR, TAG_PRESSURE, TAG_LAST = TAG_PRESSURE
};

/* ---- what /proc says ---- */

/*
 * VMSWAP_LAG_KIB: how far VmSwap may be behind.  Linux counts a fault's
 * change to it in the faulting thread and adds it to the process's count
 * only every 64 events, so up to 64 swap-ins may not show yet.
 */
#define VMSWAP_LAG_KIB	(on_pagoda ? 0 : PAGES_KIB(64))

/* most: nine tenths of n, what "most of the pages" means here. */
static long
most(long n)
{
	return n - n / 10;
}

/* ---- memory and processes ---- */

/* region_map: n private anonymous 4 KiB pages; NULL (failed) if none. */
static uint64_t *
region_map(long n)
{
	void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!CHECK(p != MAP_FAILED))
		return NULL;
	CHECK(madvise(p, n * PAGE, MADV_NOHUGEPAGE) == 0);
	return p;
}

/* pageout: MADV_PAGEOUT on n pages at base; true if it returned 0. */
static bool
pageout(uint64_t *base, long n)
{
	if (madvise(base, n * PAGE, MADV_PAGEOUT) == 0)
		return true;
	printf("  madvise(MADV_PAGEOUT): %s\n", strerror(errno));
	utest_fail();
	return false;
}

/*
 * A page shared by a test's processes (they have no pipes on Pagoda):
 * state says how far the test is; ready has a flag per process at a
 * barrier, each written by its own process (no atomic instructions).
 */
struct shared {
	volatile int	state;
	volatile int	ready[NPROCS];
};

static struct shared *
shared_map(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return CHECK(p != MAP_FAILED) ? p : NULL;
}

/* barrier: process i of NPROCS is here; wait until all are. */
static bool
barrier(struct shared *shared, int i)
{
	shared->ready[i] = 1;
	for (int other = 0; other < NPROCS; other++)
		if (!wait_until(&shared->ready[other], 1))
			return false;
	return true;
}

/* pressure_body: touch n pages, then exit: other memory must make room. */
static void
pressure_body(long n)
{
	uint64_t *p = region_map(n);

	if (p != NULL)
		pattern_fill(p, 0, n, TAG_PRESSURE);
}

/*
 * push_out_swap_cache: on Linux, make reclaim free the clean swap-cache
 * pages MADV_PAGEOUT left behind (they are the first it takes), by
 * touching as much memory as there is in a child.  On Pagoda nothing is
 * left behind.
 */
static void
push_out_swap_cache(void)
{
	if (!on_pagoda)
		reaped_ok(spawn(pressure_body, ram_pages), "the pressure child");
}

/* swap_free_pages: SwapFree, in pages. */
static long
swap_free_pages(void)
{
	return meminfo_kib("SwapFree:") / PAGES_KIB(1);
}

/* need_swap: is there n pages' worth of free swap?  Else skip, saying so. */
static bool
need_swap(long n)
{
	char why[128];

	if (swap_free_pages() >= n)
		return true;
	snprintf(why, sizeof(why), "needs %ld MiB of free swap, has %ld",
	    n / MIB_PAGES, swap_free_pages() / MIB_PAGES);
	utest_skip(why);
	return false;
}

/* ---- the tests ---- */

/*
 * MADV_PAGEOUT sends a region to swap at once: pswpout and VmSwap show
 * it gone; reading it back (major faults, pswpin) gives every byte back,
 * and VmSwap falls again.
 */
static void
test_pageout_roundtrip(void)
{
	long n = ROUNDTRIP_MIB * MIB_PAGES < ram_pages / 4 ?
	    ROUNDTRIP_MIB * MIB_PAGES : ram_pages / 4;
	long out0 = vmstat("pswpout"), in0, maj0;
	uint64_t *p = region_map(n);

	if (p == NULL)
		return;
	pattern_fill(p, 0, n, TAG_ROUNDTRIP);
	if (!pageout(p, n))
		return;
	CHECK(vmstat("pswpout") - out0 >= n);
	CHECK(self_swap_kib() >= PAGES_KIB(most(n)));
	push_out_swap_cache();
	in0 = vmstat("pswpin");
	maj0 = vmstat("pgmajfault");
	CHECK(pattern_verify(p, 0, n, TAG_ROUNDTRIP,
	    "read back after MADV_PAGEOUT"));
	CHECK(vmstat("pswpin") - in0 >= most(n));
	CHECK(vmstat("pgmajfault") > maj0);
	CHECK(self_swap_kib() < PAGES_KIB(n / 10));
}

/*
 * One process touches four times the RAM, then reads it all back: the
 * page daemon (and direct reclaim) must send at least three times the
 * RAM out, and bring back in what was out.
 */
static void
test_touch_4x_ram(void)
{
	long n = 4 * ram_pages;
	long out0 = vmstat("pswpout"), in0 = vmstat("pswpin");
	long steal0 = vmstat("pgsteal_kswapd") + vmstat("pgsteal_direct");
	long kswapd0 = vmstat("pgsteal_kswapd");
	uint64_t *p;

	if (!need_swap(n - ram_pages / 2) || (p = region_map(n)) == NULL)
		return;
	pattern_fill(p, 0, n, TAG_4X);
	CHECK(vmstat("pswpout") - out0 >= n - ram_pages);
	CHECK(pattern_verify(p, 0, n, TAG_4X, "4x RAM, read back"));
	CHECK(vmstat("pswpin") - in0 >= n - 2 * ram_pages);
	CHECK(vmstat("pgsteal_kswapd") + vmstat("pgsteal_direct") - steal0 >=
	    n - ram_pages);
	CHECK(vmstat("pgsteal_kswapd") > kswapd0);	/* the daemon worked */
}

static struct shared *procs_shared;	/* several_procs: mapped before
					   the forks */

/* One of several_procs: wait for all, touch its pages, read them back. */
static void
several_body(long i)
{
	long n = 3 * ram_pages / 4;
	uint64_t *p;

	if (!barrier(procs_shared, i) || (p = region_map(n)) == NULL)
		return;
	pattern_fill(p, 0, n, TAG_PROC0 + i);
	CHECK(pattern_verify(p, 0, n, TAG_PROC0 + i,
	    "one of several processes"));
}

/*
 * NPROCS processes at once, each touching three quarters of the RAM
 * (more than twice the RAM in all), each reading its own back.
 */
static void
test_several_procs(void)
{
	pid_t pids[NPROCS];

	if (!need_swap(NPROCS * 3 * ram_pages / 4 - ram_pages / 2) ||
	    (procs_shared = shared_map()) == NULL)
		return;
	for (int i = 0; i < NPROCS; i++)
		pids[i] = spawn(several_body, i);
	for (int i = 0; i < NPROCS; i++)
		reaped_ok(pids[i], "a process");
}

static struct shared *fork_shared;	/* fork_after_swapout's */
static uint64_t *fork_region;
#define FORK_PAGES	(FORK_MIB * MIB_PAGES)

/* The child that writes: the parent's pages, then its own. */
static void
fork_writer_body(long unused)
{
	(void)unused;
	if (!pattern_verify(fork_region, 0, FORK_PAGES, TAG_FORK,
	    "the child, before it writes"))
		return;
	pattern_fill(fork_region, 0, FORK_PAGES, TAG_FORK_CHILD);
	CHECK(pattern_verify(fork_region, 0, FORK_PAGES, TAG_FORK_CHILD,
	    "the child, its own writes"));
}

/* The child that keeps: its pages after the parent wrote its own. */
static void
fork_keeper_body(long unused)
{
	(void)unused;
	if (wait_until(&fork_shared->state, 1))
		CHECK(pattern_verify(fork_region, 0, FORK_PAGES, TAG_FORK,
		    "the child, after the parent wrote"));
}

/*
 * fork after MADV_PAGEOUT shares the swapped pages; copy-on-write keeps
 * each side's writes to itself, both ways: the child writes and the
 * parent still reads its own; then (pages out again) the parent writes
 * and the child still reads the original.
 */
static void
test_fork_after_swapout(void)
{
	pid_t pid;

	if ((fork_shared = shared_map()) == NULL ||
	    (fork_region = region_map(FORK_PAGES)) == NULL)
		return;
	pattern_fill(fork_region, 0, FORK_PAGES, TAG_FORK);
	if (!pageout(fork_region, FORK_PAGES))
		return;
	push_out_swap_cache();
	reaped_ok(spawn(fork_writer_body, 0), "the child that writes");
	CHECK(pattern_verify(fork_region, 0, FORK_PAGES, TAG_FORK,
	    "the parent, after the child wrote"));

	if (!pageout(fork_region, FORK_PAGES))
		return;
	push_out_swap_cache();
	pid = spawn(fork_keeper_body, 0);
	pattern_fill(fork_region, 0, FORK_PAGES, TAG_FORK_PARENT);
	fork_shared->state = 1;
	reaped_ok(pid, "the child that keeps");
	CHECK(pattern_verify(fork_region, 0, FORK_PAGES, TAG_FORK_PARENT,
	    "the parent, its own writes"));
}

/* Touch n pages and exit at once, with writes to swap in flight. */
static void
exit_body(long n)
{
	uint64_t *p = region_map(n);

	if (p != NULL)
		pattern_fill(p, 0, n, TAG_EXIT);
	_exit(utest_has_failed() ? 1 : 0);
}

/*
 * A process that fills more than the RAM exits while the page daemon is
 * writing its pages out: every slot it held is given back.
 */
static void
test_exit_under_writeback(void)
{
	long n = ram_pages + ram_pages / 4;
	long before = swap_unaccounted_kib();

	if (!need_swap(n - ram_pages / 2))
		return;
	reaped_ok(spawn(exit_body, n), "the process that exits");
	CHECK(swap_settles(before));
}

/*
 * swapoff brings every page back in: afterwards the data reads back
 * without a single swap-in or major fault, and nothing of ours is left
 * in swap.  The area is turned on again as it was.
 */
static void
test_swapoff_with_data_out(void)
{
	long n = SWAPOFF_MIB * MIB_PAGES, in0, maj0;
	int priority = swaps_priority(dev_path);
	uint64_t *p = region_map(n);

	if (p == NULL)
		return;
	pattern_fill(p, 0, n, TAG_SWAPOFF);
	if (!pageout(p, n))
		return;
	push_out_swap_cache();
	CHECK(self_swap_kib() >= PAGES_KIB(most(n)));
	if (!swapoff_or_fail(dev_path))
		return;
	in0 = vmstat("pswpin");
	maj0 = vmstat("pgmajfault");
	CHECK(!swaps_listed(dev_path));
	CHECK(self_swap_kib() <= VMSWAP_LAG_KIB);
	CHECK(pattern_verify(p, 0, n, TAG_SWAPOFF, "after swapoff"));
	CHECK(vmstat("pswpin") == in0);
	CHECK(vmstat("pgmajfault") == maj0);
	CHECK(swapon(dev_path, swapon_flags) == 0);
	CHECK(swaps_priority(dev_path) == priority);
}

static struct shared *holder_shared;	/* swapoff_enomem's */

/* The holder: n pages, most of them out, read back when told to. */
static void
holder_body(long n)
{
	uint64_t *p = region_map(n);

	if (p != NULL)
		pattern_fill(p, 0, n, TAG_HOLDER);
	holder_shared->state = 1;
	if (p != NULL && wait_until(&holder_shared->state, 2))
		CHECK(pattern_verify(p, 0, n, TAG_HOLDER,
		    "the holder, after the swapoff that failed"));
}

/*
 * overcommit_mode: set Linux's vm.overcommit_memory to mode; what it was,
 * or 0 where there is no such setting (Pagoda) or it cannot be set.
 */
static char
overcommit_mode(char mode)
{
	char old[4] = "";
	int fd = open("/proc/sys/vm/overcommit_memory", O_RDWR);

	if (fd < 0)
		return 0;
	if (read(fd, old, 1) != 1 || lseek(fd, 0, SEEK_SET) != 0 ||
	    write(fd, &mode, 1) != 1)
		old[0] = 0;
	close(fd);
	return old[0];
}

/*
 * swapoff when memory cannot hold what is out (a process holds a quarter
 * more than the RAM): ENOMEM, the area stays on, and the holder reads
 * every byte back.  Linux refuses up front only under strict overcommit
 * accounting (vm.overcommit_memory 2, set around the call); in its
 * default mode it would bring pages in until the OOM killer killed the
 * holder.
 */
static void
test_swapoff_enomem(void)
{
	long n = ram_pages + ram_pages / 4;
	int rc, err;
	char mode;
	pid_t pid;

	if (!need_swap(n - ram_pages / 2) ||
	    (holder_shared = shared_map()) == NULL)
		return;
	pid = spawn(holder_body, n);
	if (wait_until(&holder_shared->state, 1)) {
		mode = overcommit_mode('2');
		rc = swapoff(dev_path);
		err = errno;
		if (mode != 0)
			overcommit_mode(mode);
		if (!CHECK(rc == -1 && err == ENOMEM)) {
			printf("  swapoff gave %d (%s)\n", rc, strerror(err));
			if (rc == 0)
				CHECK(swapon(dev_path, swapon_flags) == 0);
		}
		CHECK(swaps_listed(dev_path));
	}
	holder_shared->state = 2;
	reaped_ok(pid, "the holder");
}

/*
 * The least SwapFree the grower saw (KiB), in memory it shares with the
 * test: the test's own samples may miss the moment before the kill.
 */
static volatile long *grow_least;

/* Map and touch without end: only the OOM killer may stop it. */
static void
grow_body(long limit)
{
	long chunk = OOM_CHUNK_MIB * MIB_PAGES, swap_free;

	for (long done = 0; done < limit; done += chunk) {
		swap_free = meminfo_kib("SwapFree:");
		if (grow_least != NULL && swap_free < *grow_least)
			*grow_least = swap_free;
		uint64_t *p = mmap(NULL, chunk * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED) {
			printf("  the grower: mmap failed after %ld MiB: %s\n",
			    done / MIB_PAGES, strerror(errno));
			_exit(3);
		}
		madvise(p, chunk * PAGE, MADV_NOHUGEPAGE);
		pattern_fill(p, done, chunk, TAG_OOM);
	}
	printf("  the grower touched %ld MiB and lives\n", limit / MIB_PAGES);
	_exit(3);
}

/* memory_works: 8 MiB can be had, written and read back. */
static void
memory_works(void)
{
	long n = 8 * MIB_PAGES;
	uint64_t *p = region_map(n);

	if (p != NULL) {
		pattern_fill(p, 0, n, TAG_AFTER);
		CHECK(pattern_verify(p, 0, n, TAG_AFTER, "memory after"));
		munmap(p, n * PAGE);
	}
}

/*
 * A process that allocates without end fills the RAM and then the swap
 * (we watch SwapFree fall below a tenth), and then the OOM killer kills
 * it with SIGKILL, not us; its slots come back, and memory can be had.
 */
static void
test_oom_kill(void)
{
	long kills0 = vmstat("oom_kill"), before = swap_unaccounted_kib();
	long total = meminfo_kib("SwapTotal:"), least = total;
	pid_t pid, got = -1;
	int status = -1;

	grow_least = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!CHECK(grow_least != MAP_FAILED))
		return;
	*grow_least = total;
	pid = spawn(grow_body, 4 * (ram_pages + total / PAGES_KIB(1)));

	while (pid > 0 && (got = waitpid(pid, &status, WNOHANG)) == 0) {
		long swap_free = meminfo_kib("SwapFree:");

		if (swap_free < least)
			least = swap_free;
		usleep(50 * 1000);
	}
	if (!CHECK(got == pid && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGKILL))
		printf("  the grower's wait status: %#x\n", status);
	if (*grow_least < least)
		least = *grow_least;
	munmap((void *)grow_least, PAGE);
	grow_least = NULL;
	CHECK(least < total / 10);
	CHECK(vmstat("oom_kill") > kills0);
	CHECK(swap_settles(before));
	memory_works();
}

/* The counters of reclaim and swap are there, under Linux's names. */
static void
test_counters(void)
{
	static const char *const vmstat_names[] = {
		"pgfault", "pgmajfault", "pswpin", "pswpout", "pgscan_kswapd",
		"pgscan_direct", "pgsteal_kswapd", "pgsteal_direct",
		"pgactivate", "pgdeactivate", "oom_kill",
		/* Pagoda's own, checked on Pagoda only: */
		"pagoda_swapcache_add", "pagoda_swapcache_hit",
	};
	static const char *const meminfo_names[] = {
		"SwapTotal:", "SwapFree:", "SwapCached:",
	};
	size_t n = sizeof(vmstat_names) / sizeof(vmstat_names[0]);

	for (size_t i = 0; i < (on_pagoda ? n : n - 2); i++)
		if (vmstat(vmstat_names[i]) < 0) {
			printf("  /proc/vmstat has no %s\n", vmstat_names[i]);
			utest_fail();
		}
	for (size_t i = 0; i < 3; i++)
		if (meminfo_kib(meminfo_names[i]) < 0) {
			printf("  /proc/meminfo has no %s\n", meminfo_names[i]);
			utest_fail();
		}
	CHECK(self_swap_kib() >= 0);
	CHECK(meminfo_kib("SwapTotal:") > 0);
	CHECK(swaps_listed(dev_path));
}

/*
 * writeerr: the disk fails every write to the first ERR_MIB MiB of slots,
 * where a fresh area puts the first pages out.  MADV_PAGEOUT (which may
 * say EIO) leaves the pages in memory: they read back intact without a
 * swap-in; after a second try too (which a kernel may send elsewhere).
 */
static void
test_write_error(void)
{
	long n = ERR_MIB * MIB_PAGES, in0 = vmstat("pswpin");
	long before = swap_unaccounted_kib();
	uint64_t *p = region_map(n);

	if (p == NULL)
		return;
	pattern_fill(p, 0, n, TAG_ERR);
	if (madvise(p, n * PAGE, MADV_PAGEOUT) != 0)
		CHECK_MSG(errno == EIO, "MADV_PAGEOUT succeeds or says EIO");
	usleep(200 * 1000);		/* Linux's writes end after it returns */
	CHECK(pattern_verify(p, 0, n, TAG_ERR,
	    "after writes that failed"));
	CHECK(vmstat("pswpin") == in0);
	if (madvise(p, n * PAGE, MADV_PAGEOUT) != 0)
		CHECK_MSG(errno == EIO, "MADV_PAGEOUT succeeds or says EIO");
	usleep(200 * 1000);
	CHECK(pattern_verify(p, 0, n, TAG_ERR, "after a second MADV_PAGEOUT"));
	munmap(p, n * PAGE);
	CHECK(swap_settles(before));
}

/* The reader: its pages out to the failing slots, then read back. */
static void
read_error_body(long n)
{
	uint64_t *p = region_map(n);

	if (p == NULL)
		return;
	pattern_fill(p, 0, n, TAG_ERR);
	if (!pageout(p, n))
		return;
	push_out_swap_cache();
	pattern_verify(p, 0, n, TAG_ERR, "read back from a disk that fails");
	printf("  the reader read its pages back with no error\n");
	utest_fail();
}

/*
 * readerr: the disk fails every read of the first ERR_MIB MiB of slots.
 * The process whose pages are there dies of SIGBUS when it reads them;
 * we do not, its slots come back, and memory can be had.
 */
static void
test_read_error(void)
{
	long before = swap_unaccounted_kib();
	int status = reap(spawn(read_error_body, ERR_MIB * MIB_PAGES));

	if (!CHECK(status != -1 && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGBUS))
		printf("  the reader's wait status: %#x\n", status);
	CHECK(swap_settles(before));
	memory_works();
}

/* ---- the command line ---- */

static const struct memtest_test tests[] = {
	{ "counters", test_counters, true },
	{ "pageout_roundtrip", test_pageout_roundtrip, true },
	{ "fork_after_swapout", test_fork_after_swapout, true },
	{ "swapoff_with_data_out", test_swapoff_with_data_out, true },
	{ "swapoff_enomem", test_swapoff_enomem, true },
	{ "exit_under_writeback", test_exit_under_writeback, true },
	{ "touch_4x_ram", test_touch_4x_ram, true },
	{ "several_procs", test_several_procs, true },
	{ "oom_kill", test_oom_kill, true },
	/* Not by default: they need a disk that fails. */
	{ "writeerr", test_write_error, false },
	{ "readerr", test_read_error, false },
};

static const struct memtest_program program = {
	.name = "reclaimtest",
	.options = "",
	.tests = tests,
	.ntests = (int)(sizeof(tests) / sizeof(tests[0])),
	.ntags = TAG_LAST,
};

int
main(int argc, char **argv)
{
	int first = memtest_start(&program, argc, argv, &seed, &dev_path);
	bool turned_on;
	int status;

	on_pagoda = is_pagoda();
	ram_pages = meminfo_kib("MemTotal:") / PAGES_KIB(1);
	turned_on = memtest_swap_on(&program, dev_path, &swapon_flags);
	printf("reclaimtest: %s, %ld MiB of RAM, %ld MiB of swap, seed %lu "
	    "(repeat: reclaimtest -s %lu %s)\n", dev_path,
	    ram_pages / MIB_PAGES, meminfo_kib("SwapTotal:") / 1024, seed,
	    seed, dev_path);
	status = memtest_run(&program, first, argc, argv);
	return memtest_swap_off(&program, dev_path, turned_on, status);
}
