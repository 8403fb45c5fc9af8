/*
 * thptest: transparent huge pages and their swap, tested from user space
 * (issue 7): a 2 MiB huge page goes to swap whole, as one 2 MiB swap
 * leaf over 512 consecutive slots, and comes back whole in one fault;
 * every path that meets it (fork, copy on write, munmap, mprotect,
 * MADV_DONTNEED, swapoff) keeps every byte; and where a 2 MiB resource
 * is missing (a free swap cluster, a free 2 MiB of memory) it falls back
 * to 512 small pages, counted, with the data intact.
 *
 *	thptest [-s SEED] [-m MODE] DEV [TEST...]
 *
 * DEV is a swap area (a disk made by mkswap), turned on here if
 * /proc/swaps does not list it, and off again at the end.  It should be
 * the only area, a small one (swap_fragmented fills it all with 4 KiB
 * pages), in a small machine (memory_fragmented needs 64 MiB or less):
 * make check boots Pagoda with 64 MiB and a 32 MiB area.  Without TEST,
 * every test runs.  -m sets the THP mode (always, madvise or never) for
 * the run, and puts the old one back at the end: Linux turns THP off at
 * boot in less than 512 MiB of RAM, whatever its command line says.
 *
 * Every test maps 2 MiB-aligned memory with MADV_HUGEPAGE and fills it
 * with a pattern in which every 8-byte word encodes the seed, the test
 * and its 4 KiB page (<memtest.h>): the first word of each page names
 * the page, so slots that come back in the wrong order are caught, and
 * every byte is compared after every trip.  The seed is printed; -s
 * repeats a run.
 *
 * What is checked where.  The data, everywhere.  On Pagoda also the exact
 * counts: /proc/vmstat's thp_* counters, pgmajfault, pswpin and pswpout;
 * what /proc/self/pmd (Pagoda's own: per 2 MiB chunk "2m", "4k:N",
 * "swap2m", "swap:N" or "none") says of each chunk; the pagemap's slots
 * (512 consecutive ones, the first a multiple of 512); SwapFree, VmSwap
 * and smaps.  Linux (Debian's 6.1, tools/linux-thptest.sh) splits a huge
 * page at swap-out and brings it back 4 KiB at a time: there the tests
 * that are about the 2 MiB path itself skip, saying so, and the rest
 * check the data and what Linux shows too.  Linux's MADV_PAGEOUT also
 * leaves the pages in the swap cache; the tests push them out with
 * memory pressure where they need them gone (push_out_swap_cache()).
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
#include <stdarg.h>
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

#define PAGE		MT_PAGE
#define WORDS		MT_WORDS
#define HUGE		(2L << 20)		/* a huge page, in bytes */
#define HUGE_PAGES	(HUGE / PAGE)		/* 512 */
#define HUGE_KIB	(HUGE / 1024)
#define HUGE_WORDS	(HUGE / 8)
#define MIB_PAGES	(1024 * 1024 / PAGE)
#define PAGES_KIB(n)	((n) * (PAGE / 1024))

#define NHUGE		2	/* huge pages per test, unless it says */
#define NTRIPS		5	/* five_roundtrips */
#define PTE_NHUGE	4	/* no_pte_page */
#define FILL_CHUNK	1024	/* swap_fragmented fills this many at a time */

#define THP_ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

static unsigned long seed;
static bool on_pagoda;
static const char *dev_path;
static int swapon_flags;	/* DEV's priority, to turn it on again */
static long ram_pages;		/* MemTotal */

/* Each test's pattern has its own tag, so that their data differ. */
enum tag {
	TAG_ROUNDTRIP = 1, TAG_TRIP0, TAG_FORK = TAG_TRIP0 + NTRIPS,
	TAG_FORK_CHILD, TAG_FORK_PARENT, TAG_ONE_PAGE, TAG_ONE_PAGE_NEW,
	TAG_MUNMAP, TAG_MPROTECT, TAG_DONTNEED, TAG_SWAPOFF, TAG_SWAPFRAG,
	TAG_FILLER, TAG_MEMFRAG, TAG_PTE, TAG_POLICY, TAG_PRESSURE,
	TAG_LAST = TAG_PRESSURE
};

/* ---- the counters ---- */

/* The /proc/vmstat counters the tests follow. */
enum counter {
	THP_FAULT_ALLOC, THP_FAULT_FALLBACK, THP_SPLIT_PMD, THP_SPLIT_PAGE,
	THP_SWPOUT, THP_SWPOUT_FALLBACK, PGMAJFAULT, PSWPIN, PSWPOUT,
	/* Linux 6.1 has none of these: */
	THP_SWPOUT_PMD, THP_SWPIN, THP_SWPIN_FALLBACK,
	/* Pagoda's own: */
	COW_COPY, COW_REUSE, NCOUNTERS
};
#define NLINUX_COUNTERS	THP_SWPOUT_PMD	/* the ones Linux 6.1 has */

static const char *const counter_names[NCOUNTERS] = {
	"thp_fault_alloc", "thp_fault_fallback", "thp_split_pmd",
	"thp_split_page", "thp_swpout", "thp_swpout_fallback", "pgmajfault",
	"pswpin", "pswpout", "thp_swpout_pmd", "thp_swpin",
	"thp_swpin_fallback", "pagoda_cow_copy", "pagoda_cow_reuse",
};

/* A reading of every counter, at one moment. */
struct counters {
	long	v[NCOUNTERS];
};

/*
 * counters_read: every counter now (-1 for one /proc/vmstat lacks).  The
 * buffer is written before it is read into: after a fork, its copy on
 * write (pagoda_cow_copy) then comes before the reading, not in it.
 */
static void
counters_read(struct counters *c)
{
	static char text[16384];

	memset(text, 0, sizeof(text));
	if (!read_text("/proc/vmstat", text, sizeof(text)))
		text[0] = '\0';
	for (int i = 0; i < NCOUNTERS; i++) {
		char key[64];

		snprintf(key, sizeof(key), "%s ", counter_names[i]);
		c->v[i] = line_value(text, key);
	}
}

/*
 * rises: on Pagoda, has each counter of the list (enum counter, then the
 * rise expected, ..., ending with -1) risen by exactly that since
 * *before?  Each that has not is said, with when (a phrase), and the
 * test fails.  On Linux, true: its counts are its own business.
 */
static bool
rises(const struct counters *before, const char *when, ...)
{
	struct counters now;
	bool ok = true;
	va_list ap;
	int i;

	if (!on_pagoda)
		return true;
	counters_read(&now);
	va_start(ap, when);
	while ((i = va_arg(ap, int)) >= 0) {
		long want = va_arg(ap, long);
		long got = now.v[i] - before->v[i];

		if (got != want) {
			printf("  %s: %s rose by %ld, not %ld\n", when,
			    counter_names[i], got, want);
			ok = false;
		}
	}
	va_end(ap);
	if (!ok)
		utest_fail();
	return ok;
}

/* RISES(before, when, counter, rise, ...): rises() with the end mark. */
#define RISES(before, when, ...)	rises((before), (when), __VA_ARGS__, -1)

/* ---- what /proc says of our memory ---- */

/* next_line: the line after line in a text, or NULL after the last. */
static const char *
next_line(const char *line)
{
	line = strchr(line, '\n');
	return line != NULL && line[1] != '\0' ? line + 1 : NULL;
}

/* status_kib: field ("VmPTE:") of /proc/self/status, in KiB; or -1. */
static long
status_kib(const char *field)
{
	return file_value("/proc/self/status", field);
}

/*
 * pmd_kind: what /proc/self/pmd says of the 2 MiB chunk at va ("2m",
 * "4k:512", "swap2m", "swap:N", "none"), in kind; "" if it has no line
 * for va (no region there), false if there is no such file.
 */
static bool
pmd_kind(const void *va, char *kind, size_t size)
{
	static char text[65536];
	const char *line;

	kind[0] = '\0';
	if (!read_text("/proc/self/pmd", text, sizeof(text)))
		return false;
	for (line = text; line != NULL; line = next_line(line)) {
		char *end;
		unsigned long start = strtoul(line, &end, 16);
		size_t len;

		if (start != (unsigned long)va)
			continue;
		strtoul(end, &end, 16);			/* the chunk's end */
		while (*end == ' ')
			end++;
		len = strcspn(end, "\n");
		snprintf(kind, size, "%.*s", (int)(len < size ? len : size - 1),
		    end);
		return true;
	}
	return true;
}

/*
 * pmd_is: on Pagoda, does /proc/self/pmd say want of each of the n
 * chunks at p?  If not, say what it says (when: a phrase) and fail.
 */
static bool
pmd_is(const void *p, long n, const char *want, const char *when)
{
	char kind[64];

	if (!on_pagoda)
		return true;
	for (long i = 0; i < n; i++) {
		const char *va = (const char *)p + i * HUGE;

		if (!pmd_kind(va, kind, sizeof(kind))) {
			printf("  no /proc/self/pmd\n");
			utest_fail();
			return false;
		}
		if (strcmp(kind, want) != 0) {
			printf("  %s: /proc/self/pmd says \"%s\" of chunk %ld "
			    "(%p), not \"%s\"\n", when, kind, i, va, want);
			utest_fail();
			return false;
		}
	}
	return true;
}

/*
 * smaps_kib: field ("AnonHugePages:", "Swap:") of the region of
 * /proc/self/smaps that holds va, in KiB; -1 if there is no such file,
 * region or field.
 */
static long
smaps_kib(const void *va, const char *field)
{
	static char text[65536];
	const char *line;
	bool inside = false;

	if (!read_text("/proc/self/smaps", text, sizeof(text)))
		return -1;
	for (line = text; line != NULL; line = next_line(line)) {
		char *end;
		unsigned long start = strtoul(line, &end, 16);

		if (*end == '-') {		/* a region's first line */
			unsigned long stop = strtoul(end + 1, &end, 16);

			inside = start <= (unsigned long)va &&
			    (unsigned long)va < stop && *end == ' ';
		} else if (inside && strncmp(line, field, strlen(field)) == 0)
			return strtol(line + strlen(field), NULL, 10);
	}
	return -1;
}

/*
 * smaps_is: does smaps say kib of field for the region at p?  On Pagoda
 * exactly; on Linux at least nine tenths of it (a few pages may still be
 * on their way).  If not, say so and fail.
 */
static bool
smaps_is(const void *p, const char *field, long kib, const char *when)
{
	long got = smaps_kib(p, field);

	if (got == kib || (!on_pagoda && got >= 0 && got >= kib - kib / 10 &&
	    got <= kib))
		return true;
	printf("  %s: smaps says %s %ld kB, not %ld\n", when, field, got, kib);
	utest_fail();
	return false;
}

/*
 * Linux's /proc/<pid>/pagemap: a 64-bit entry per page.  Bit 63: the
 * page is present; bit 62: it is in swap, and then bits 0-4 are the
 * swap type (the area) and bits 5-54 the slot.
 */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_SWAP_TYPE(e)	((unsigned)((e) & 0x1f))
#define PM_SWAP_SLOT(e)	(((e) & ((1ULL << 55) - 1)) >> 5)

/* pagemap_read: the entries of n pages at p, in out[]; false if none. */
static bool
pagemap_read(const void *p, long n, uint64_t *out)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t want = n * 8, got = -1;

	if (fd >= 0) {
		got = pread(fd, out, want, (uintptr_t)p / PAGE * 8);
		close(fd);
	}
	if (got == want)
		return true;
	printf("  /proc/self/pagemap: read %ld of %ld bytes: %s\n", (long)got,
	    (long)want, fd < 0 || got < 0 ? strerror(errno) : "short");
	utest_fail();
	return false;
}

/*
 * pagemap_swapped: does the pagemap say that all n pages at p are in
 * swap?  With whole, on Pagoda, also that each 2 MiB chunk's 512 are in
 * consecutive slots of one area, the first a multiple of 512 (a whole
 * cluster).  If not, say so and fail.
 */
static bool
pagemap_swapped(const void *p, long n, bool whole, const char *when)
{
	static uint64_t map[16 * HUGE_PAGES];

	if (n > (long)(sizeof(map) / sizeof(map[0])))
		n = sizeof(map) / sizeof(map[0]);
	if (!pagemap_read(p, n, map))
		return false;
	for (long i = 0; i < n; i++) {
		uint64_t e = map[i], first = map[i - i % HUGE_PAGES];
		long k = i % HUGE_PAGES;

		if ((e & (PM_PRESENT | PM_SWAP)) != PM_SWAP) {
			printf("  %s: pagemap of page %ld is %#lx: not in "
			    "swap\n", when, i, (unsigned long)e);
			goto fail;
		}
		if (!whole || !on_pagoda)
			continue;
		if (PM_SWAP_TYPE(e) != PM_SWAP_TYPE(first) ||
		    PM_SWAP_SLOT(e) != PM_SWAP_SLOT(first) + k ||
		    PM_SWAP_SLOT(first) % HUGE_PAGES != 0) {
			printf("  %s: page %ld is in slot %lu of area %u; page "
			    "%ld (the chunk's first) in slot %lu of area %u\n",
			    when, i, (unsigned long)PM_SWAP_SLOT(e),
			    PM_SWAP_TYPE(e), i - k,
			    (unsigned long)PM_SWAP_SLOT(first),
			    PM_SWAP_TYPE(first));
			goto fail;
		}
	}
	return true;
fail:
	utest_fail();
	return false;
}

/*
 * pagemap_count: of the n pages at p, how many the pagemap says are
 * present, and how many in swap; false (failed) if it cannot be read.
 */
static bool
pagemap_count(const void *p, long n, long *present, long *swapped)
{
	static uint64_t map[HUGE_PAGES];

	*present = *swapped = 0;
	if (n > HUGE_PAGES || !pagemap_read(p, n, map))
		return false;
	for (long i = 0; i < n; i++) {
		*present += (map[i] & PM_PRESENT) != 0;
		*swapped += (map[i] & PM_SWAP) != 0;
	}
	return true;
}

/* swap_used_kib: SwapTotal - SwapFree. */
static long
swap_used_kib(void)
{
	return meminfo_kib("SwapTotal:") - meminfo_kib("SwapFree:");
}

/*
 * swap_used_is: does swap in use come to kib (give or take: Linux keeps
 * freed slots aside in per-CPU caches, up to 64 of them, and takes 64
 * ahead; it may also be a moment late)?  Else say so and fail.
 */
static bool
swap_used_is(long kib, const char *when)
{
	long slack = on_pagoda ? 0 : 1024;
	long now = swap_used_kib();

	for (int i = 0; i < SETTLE_SECONDS * 20 &&
	    (now < kib - slack || now > kib + slack); i++) {
		usleep(50 * 1000);
		now = swap_used_kib();
	}
	if (now >= kib - slack && now <= kib + slack)
		return true;
	printf("  %s: %ld KiB of swap in use, not %ld\n", when, now, kib);
	utest_fail();
	return false;
}

/* swap_is: does VmSwap come to kib?  (Linux: give or take 64 pages.) */
static bool
swap_is(long kib, const char *when)
{
	long slack = on_pagoda ? 0 : PAGES_KIB(64);
	long now = self_swap_kib();

	if (now >= kib - slack && now <= kib + slack)
		return true;
	printf("  %s: VmSwap is %ld kB, not %ld\n", when, now, kib);
	utest_fail();
	return false;
}

/* ---- memory ---- */

/*
 * aligned_map: n huge pages' worth of private anonymous memory, 2 MiB
 * aligned, with the advice given (MADV_HUGEPAGE, MADV_NOHUGEPAGE, or
 * none if -1); NULL (failed) if none.
 */
static uint64_t *
aligned_map(long n, int advice)
{
	size_t size = n * HUGE;
	char *p = mmap(NULL, size + HUGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *aligned;

	if (!CHECK(p != MAP_FAILED))
		return NULL;
	aligned = (char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	if (aligned > p)
		munmap(p, aligned - p);
	munmap(aligned + size, p + HUGE - aligned);
	if (advice >= 0 && !CHECK(madvise(aligned, size, advice) == 0))
		return NULL;
	return (uint64_t *)aligned;
}

/* huge_map: aligned_map() with MADV_HUGEPAGE, where every test starts. */
static uint64_t *
huge_map(long n)
{
	return aligned_map(n, MADV_HUGEPAGE);
}

/* small_map: n pages of private anonymous memory that is never huge. */
static uint64_t *
small_map(long n)
{
	void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!CHECK(p != MAP_FAILED))
		return NULL;
	CHECK(madvise(p, n * PAGE, MADV_NOHUGEPAGE) == 0);
	return p;
}

/*
 * huge_fill: fill n huge pages at p with tag's pattern; true if they are
 * huge pages then (Pagoda: /proc/self/pmd says "2m" of each; Linux:
 * smaps's AnonHugePages).  On Linux a test without them skips, saying
 * so (its memory may be too fragmented); on Pagoda it fails.
 */
static bool
huge_fill(uint64_t *p, long n, enum tag tag)
{
	long kib;

	pattern_fill(p, 0, n * HUGE_PAGES, tag);
	if (on_pagoda)
		return pmd_is(p, n, "2m", "after the first touch");
	if ((kib = smaps_kib(p, "AnonHugePages:")) >= n * HUGE_KIB)
		return true;
	printf("  smaps: AnonHugePages %ld kB after the first touch\n", kib);
	utest_skip("Linux gave no huge pages here");
	return false;
}

/* pageout: MADV_PAGEOUT on n bytes at p; true if it returned 0. */
static bool
pageout(void *p, long bytes)
{
	if (madvise(p, bytes, MADV_PAGEOUT) == 0)
		return true;
	printf("  madvise(MADV_PAGEOUT): %s\n", strerror(errno));
	utest_fail();
	return false;
}

/* pressure_body: touch n pages, then exit: other memory must make room. */
static void
pressure_body(long n)
{
	uint64_t *p = small_map(n);

	if (p != NULL)
		pattern_fill(p, 0, n, TAG_PRESSURE);
}

/*
 * pressure_pages: how much a child touches to push memory out: what is
 * free or in the swap cache, less 4 MiB, and 8 MiB more (or half the
 * free swap, if less) that must go to swap.  The area is small: touching
 * all the RAM, as reclaimtest does, would fill it (and call the OOM
 * killer), and Linux keeps more of the RAM to itself than Pagoda.
 */
static long
pressure_pages(void)
{
	long kib = meminfo_kib("MemFree:") + meminfo_kib("SwapCached:") - 4096;
	long spare = meminfo_kib("SwapFree:") / 2;

	kib += spare < 8192 ? spare : 8192;
	return kib > 0 ? kib / PAGES_KIB(1) : 0;
}

/*
 * push_out_swap_cache: on Linux, make reclaim free the clean swap-cache
 * pages MADV_PAGEOUT left behind, by memory pressure in a child.  On
 * Pagoda nothing is left behind.
 */
static void
push_out_swap_cache(void)
{
	if (!on_pagoda)
		reaped_ok(spawn(pressure_body, pressure_pages()),
		    "the pressure child");
}

/*
 * huge_send: send n huge pages at p, dirty, to swap whole: Pagoda counts
 * one whole write per huge page, its pmd and pagemap show 2 MiB swap
 * leaves over whole clusters; on Linux, the pagemap shows every page in
 * swap.  true if the test can go on.
 */
static bool
huge_send(uint64_t *p, long n)
{
	struct counters c;

	counters_read(&c);
	if (!pageout(p, n * HUGE))
		return false;
	RISES(&c, "MADV_PAGEOUT of huge pages", THP_SWPOUT, n,
	    THP_SWPOUT_PMD, n, PSWPOUT, n * HUGE_PAGES, THP_SWPOUT_FALLBACK,
	    0L, THP_SPLIT_PAGE, 0L, THP_SPLIT_PMD, 0L);
	pmd_is(p, n, "swap2m", "after MADV_PAGEOUT");
	pagemap_swapped(p, n * HUGE_PAGES, true, "after MADV_PAGEOUT");
	push_out_swap_cache();
	return !utest_has_failed();
}

/* huge_out: huge_fill() with tag's pattern, then huge_send(). */
static bool
huge_out(uint64_t *p, long n, enum tag tag)
{
	return huge_fill(p, n, tag) && huge_send(p, n);
}

/*
 * huge_map_out: where most tests start: n huge pages (huge_map()) of
 * tag's pattern, out whole (huge_out()); NULL if a step failed (the test
 * failed or skipped).
 */
static uint64_t *
huge_map_out(long n, enum tag tag)
{
	uint64_t *p = huge_map(n);

	return p != NULL && huge_out(p, n, tag) ? p : NULL;
}

/*
 * huge_in: read n huge pages at p back (tag's pattern for pages first...):
 * on Pagoda one major fault and one read per huge page, each mapped
 * whole again.
 */
static void
huge_in(const uint64_t *p, long first, long n, enum tag tag,
    const char *what)
{
	struct counters c;

	counters_read(&c);
	pattern_verify(p, first, n * HUGE_PAGES, tag, what);
	RISES(&c, what, PGMAJFAULT, n, THP_SWPIN, n, PSWPIN, n * HUGE_PAGES,
	    THP_SWPIN_FALLBACK, 0L, THP_SPLIT_PMD, 0L);
	pmd_is(p, n, "2m", what);
}

/* skip_on_linux: on Linux, skip the test for the reason why; true if so. */
static bool
skip_on_linux(const char *why)
{
	if (on_pagoda)
		return false;
	utest_skip(why);
	return true;
}

/* ---- the tests ---- */

/* The counters, /proc files and fields the tests read are there. */
static void
test_counters(void)
{
	static const char *const files[] = {
		"/proc/self/pagemap", "/proc/self/smaps", THP_ENABLED,
		"/proc/self/pmd",	/* Pagoda's own, checked there only */
	};
	struct counters c;
	size_t nfiles = sizeof(files) / sizeof(files[0]);

	counters_read(&c);
	for (int i = 0; i < (on_pagoda ? NCOUNTERS : NLINUX_COUNTERS); i++)
		if (c.v[i] < 0) {
			printf("  /proc/vmstat has no %s\n", counter_names[i]);
			utest_fail();
		}
	if (meminfo_kib("AnonHugePages:") < 0) {
		printf("  /proc/meminfo has no AnonHugePages\n");
		utest_fail();
	}
	for (size_t i = 0; i < (on_pagoda ? nfiles : nfiles - 1); i++) {
		int fd = open(files[i], O_RDONLY);

		if (fd < 0) {
			printf("  %s: %s\n", files[i], strerror(errno));
			utest_fail();
		}
		close(fd);
	}
	CHECK(status_kib("VmPTE:") >= 0);
	CHECK(swaps_listed(dev_path));
}

/*
 * The round trip: MADV_PAGEOUT sends each huge page out whole (one
 * write, 512 consecutive slots of a free cluster, one 2 MiB swap leaf);
 * VmSwap, smaps and SwapFree show it out; reading it back takes one
 * major fault and one read per huge page, which is huge again after,
 * and every byte is back.
 */
static void
test_roundtrip(void)
{
	long n = NHUGE, used = swap_used_kib(), huge_kib;
	uint64_t *p = huge_map_out(n, TAG_ROUNDTRIP);

	if (p == NULL)
		return;
	swap_is(n * HUGE_KIB, "after MADV_PAGEOUT");
	smaps_is(p, "Swap:", n * HUGE_KIB, "after MADV_PAGEOUT");
	smaps_is(p, "AnonHugePages:", 0, "after MADV_PAGEOUT");
	swap_used_is(used + n * HUGE_KIB, "after MADV_PAGEOUT");
	huge_kib = meminfo_kib("AnonHugePages:");
	huge_in(p, 0, n, TAG_ROUNDTRIP, "read back");
	swap_is(0, "after the read");
	if (on_pagoda) {
		smaps_is(p, "AnonHugePages:", n * HUGE_KIB, "after the read");
		CHECK(meminfo_kib("AnonHugePages:") - huge_kib == n * HUGE_KIB);
	}
}

/*
 * Five round trips, each with new data: each time out whole and back
 * whole, intact.  Then a sixth without writing: the huge pages are
 * still in the swap cache, clean, so they go out with no write at all,
 * and come back as they were.
 */
static void
test_five_roundtrips(void)
{
	long n = NHUGE;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_TRIP0);

	if (p == NULL)
		return;
	huge_in(p, 0, n, TAG_TRIP0, "trip 1, read back");
	for (int trip = 1; trip < NTRIPS && !utest_has_failed(); trip++) {
		counters_read(&c);
		pattern_fill(p, 0, n * HUGE_PAGES, TAG_TRIP0 + trip);
		/* The write fault on a cached huge page took it whole. */
		RISES(&c, "rewriting cached huge pages", COW_REUSE, n,
		    COW_COPY, 0L);
		pmd_is(p, n, "2m", "rewritten");
		if (!huge_send(p, n))
			return;
		huge_in(p, 0, n, TAG_TRIP0 + trip, "a trip, read back");
	}
	counters_read(&c);
	if (!pageout(p, n * HUGE))
		return;
	RISES(&c, "MADV_PAGEOUT of clean huge pages", PSWPOUT, 0L,
	    THP_SWPOUT, 0L, THP_SWPOUT_PMD, n);
	pmd_is(p, n, "swap2m", "after MADV_PAGEOUT of clean huge pages");
	push_out_swap_cache();
	huge_in(p, 0, n, TAG_TRIP0 + NTRIPS - 1,
	    "a clean trip, read back");
}

static uint64_t *fork_region;	/* the fork tests' */

/*
 * A page shared by the fork tests' two processes: [0] the parent's step,
 * [1] the child's, each written by its own process only.
 */
static volatile int *fork_state;

/* state_map: a zeroed MAP_SHARED page for fork_state; false if none. */
static bool
state_map(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	fork_state = p;
	return CHECK(p != MAP_FAILED);
}

/*
 * fork_out: where most fork tests start: fork_state (state_map()), and
 * at fork_region n huge pages of tag's pattern, out whole
 * (huge_map_out()); false if a step failed.
 */
static bool
fork_out(long n, enum tag tag)
{
	return state_map() && (fork_region = huge_map_out(n, tag)) != NULL;
}

/* fork_verify: pattern_verify() of all fork_region (NHUGE huge pages). */
static bool
fork_verify(enum tag tag, const char *what)
{
	return pattern_verify(fork_region, 0, NHUGE * HUGE_PAGES, tag, what);
}

/* The child that reads: one major fault per huge page, huge after. */
static void
fork_reader_body(long unused)
{
	(void)unused;
	huge_in(fork_region, 0, NHUGE, TAG_FORK, "the child's read");
}

/*
 * fork after MADV_PAGEOUT shares the 2 MiB swap leaves; the child reads
 * them (one read per huge page), then the parent finds the huge pages in
 * the swap cache: no major fault, no read, and huge in both.
 */
static void
test_fork_both_read(void)
{
	struct counters c;

	if ((fork_region = huge_map_out(NHUGE, TAG_FORK)) == NULL)
		return;
	reaped_ok(spawn(fork_reader_body, 0), "the child that reads");
	counters_read(&c);
	fork_verify(TAG_FORK, "the parent's read, after the child's");
	RISES(&c, "the parent's read", PGMAJFAULT, 0L, PSWPIN, 0L, THP_SWPIN,
	    (long)NHUGE, THP_SWPIN_FALLBACK, 0L);
	pmd_is(fork_region, NHUGE, "2m", "the parent's read");
}

/* The child of fork_read_together: at the parent's word, it reads. */
static void
fork_together_body(long unused)
{
	(void)unused;
	fork_state[1] = 1;
	if (!wait_until(&fork_state[0], 1))
		return;
	fork_verify(TAG_FORK, "the child's read");
	pmd_is(fork_region, NHUGE, "2m", "the child's read");
}

/*
 * After fork and MADV_PAGEOUT, parent and child read at the same time:
 * whichever faults second on a huge page waits for the other's read
 * (the 2 MiB folio in the swap cache, being read) and maps the same
 * folio: one read per huge page in all.
 */
static void
test_fork_read_together(void)
{
	struct counters c;
	pid_t pid;

	if (!fork_out(NHUGE, TAG_FORK))
		return;
	pid = spawn(fork_together_body, 0);
	if (!wait_until(&fork_state[1], 1))
		return;
	counters_read(&c);
	fork_state[0] = 1;
	fork_verify(TAG_FORK, "the parent's read");
	reaped_ok(pid, "the child");
	RISES(&c, "both reads", PSWPIN, NHUGE * HUGE_PAGES, THP_SWPIN,
	    2L * NHUGE, THP_SWPIN_FALLBACK, 0L, THP_SPLIT_PMD, 0L);
	pmd_is(fork_region, NHUGE, "2m", "the parent's read");
}

/* The child that writes: over the shared swap leaves, then its own. */
static void
fork_writer_body(long unused)
{
	struct counters c;

	(void)unused;
	counters_read(&c);
	pattern_fill(fork_region, 0, NHUGE * HUGE_PAGES, TAG_FORK_CHILD);
	RISES(&c, "the child's write", PGMAJFAULT, (long)NHUGE, THP_SWPIN,
	    (long)NHUGE, COW_COPY, (long)NHUGE, THP_SPLIT_PMD, 0L);
	pmd_is(fork_region, NHUGE, "2m", "after the child's write");
	fork_verify(TAG_FORK_CHILD, "the child, its own writes");
}

/*
 * fork after MADV_PAGEOUT, and the child writes: its fault reads each
 * huge page in and copies it at once (the parent's swap leaf still wants
 * the original); the parent then reads the original, from the cache.
 */
static void
test_fork_cow_child_writes(void)
{
	if ((fork_region = huge_map_out(NHUGE, TAG_FORK)) == NULL)
		return;
	reaped_ok(spawn(fork_writer_body, 0), "the child that writes");
	fork_verify(TAG_FORK, "the parent, after the child wrote");
	pmd_is(fork_region, NHUGE, "2m", "the parent's read");
}

/* The child that keeps: its huge pages after the parent wrote its own. */
static void
fork_keeper_body(long unused)
{
	(void)unused;
	if (!wait_until(&fork_state[0], 1))
		return;
	fork_verify(TAG_FORK, "the child, after the parent wrote");
	pmd_is(fork_region, NHUGE, "2m", "the child's read");
}

/*
 * fork after MADV_PAGEOUT, and the parent writes: it gets its own copy
 * of each huge page; the child still reads the original.
 */
static void
test_fork_cow_parent_writes(void)
{
	struct counters c;
	pid_t pid;

	if (!fork_out(NHUGE, TAG_FORK))
		return;
	pid = spawn(fork_keeper_body, 0);
	counters_read(&c);
	pattern_fill(fork_region, 0, NHUGE * HUGE_PAGES, TAG_FORK_PARENT);
	RISES(&c, "the parent's write", PGMAJFAULT, (long)NHUGE, COW_COPY,
	    (long)NHUGE, THP_SPLIT_PMD, 0L);
	fork_state[0] = 1;
	reaped_ok(pid, "the child that keeps");
	fork_verify(TAG_FORK_PARENT, "the parent, its own writes");
	pmd_is(fork_region, NHUGE, "2m", "after the parent's write");
}

/*
 * The child of fork_split_shared: it reads the huge pages (whole: the
 * first huge page's folio is then in the swap cache and mapped by its
 * 2 MiB leaf), and once the parent has split that folio, reads them
 * again.
 */
static void
fork_split_child_body(long unused)
{
	(void)unused;
	huge_in(fork_region, 0, NHUGE, TAG_FORK, "the child's read");
	fork_state[1] = 1;
	if (!wait_until(&fork_state[0], 1))
		return;
	pmd_is(fork_region, 1, "4k:512", "the child, after the split");
	pmd_is(fork_region + HUGE_WORDS, NHUGE - 1, "2m",
	    "the child, after the split");
	fork_verify(TAG_FORK,
	    "the child, after the parent split the folio it maps");
}

/*
 * A folio mapped whole by one process while another's swap leaves still
 * name its slots: after fork and MADV_PAGEOUT the child reads a huge
 * page back (2 MiB leaf, folio in the swap cache); the parent cuts its
 * own 2 MiB swap leaf in two (mprotect of half) and reads: its fault on
 * a 4 KiB swap leaf finds the 2 MiB folio in the cache and splits it,
 * the child's 2 MiB leaf with it.  No read from swap, every byte intact
 * on both sides, and the parent's writable half writable.
 */
static void
test_fork_split_shared(void)
{
	long half = HUGE_PAGES / 2;
	struct counters c;
	pid_t pid;

	if (!fork_out(NHUGE, TAG_FORK))
		return;
	pid = spawn(fork_split_child_body, 0);
	if (wait_until(&fork_state[1], 1)) {
		counters_read(&c);
		CHECK(mprotect(fork_region, HUGE / 2, PROT_READ) == 0);
		pattern_verify(fork_region, 0, HUGE_PAGES, TAG_FORK,
		    "the parent, its split half");
		RISES(&c, "the parent's read of its split swap leaf",
		    THP_SPLIT_PMD, 2L, THP_SPLIT_PAGE, 1L, PGMAJFAULT, 0L,
		    PSWPIN, 0L, THP_SWPIN, 0L);
		pmd_is(fork_region, 1, "4k:256", "the parent, after the split");
	}
	fork_state[0] = 1;
	reaped_ok(pid, "the child");
	pattern_fill(fork_region + half * WORDS, half, half, TAG_FORK);
	fork_verify(TAG_FORK, "the parent, at the end");
}

/* verify_one_page_test: pages of one_page: page 7 new, the rest old. */
static void
verify_one_page_test(const uint64_t *p, const char *what)
{
	long n = NHUGE * HUGE_PAGES;

	pattern_verify(p, 0, 7, TAG_ONE_PAGE, what);
	pattern_verify(p + 7 * WORDS, 7, 1, TAG_ONE_PAGE_NEW, what);
	pattern_verify(p + 8 * WORDS, 8, n - 8, TAG_ONE_PAGE, what);
}

/*
 * After a swap-in, a write to one page of a huge page (its only owner)
 * makes the 2 MiB writable as it is: no copy, no split, the other 511
 * pages intact; the next MADV_PAGEOUT writes that huge page again and
 * sends the other, clean, without a write.  A write straight to a
 * swapped-out huge page brings it in whole and writable in one fault.
 */
static void
test_write_one_page(void)
{
	long n = NHUGE;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_ONE_PAGE);

	if (p == NULL)
		return;
	huge_in(p, 0, n, TAG_ONE_PAGE, "read back");
	counters_read(&c);
	pattern_fill(p + 7 * WORDS, 7, 1, TAG_ONE_PAGE_NEW);
	RISES(&c, "a write to one page", COW_REUSE, 1L, COW_COPY, 0L,
	    THP_SPLIT_PMD, 0L, PGMAJFAULT, 0L);
	pmd_is(p, n, "2m", "after a write to one page");
	verify_one_page_test(p, "after a write to one page");
	counters_read(&c);
	if (!pageout(p, n * HUGE))
		return;
	RISES(&c, "MADV_PAGEOUT, one huge page written to", THP_SWPOUT, 1L,
	    THP_SWPOUT_PMD, n, PSWPOUT, HUGE_PAGES);
	pagemap_swapped(p, n * HUGE_PAGES, true, "out again");
	push_out_swap_cache();
	counters_read(&c);
	verify_one_page_test(p, "read back again");
	RISES(&c, "read back again", PGMAJFAULT, n, THP_SWPIN, n);
	pmd_is(p, n, "2m", "read back again");

	/* A write straight to a swapped-out huge page: in whole, writable. */
	pattern_fill(p + 7 * WORDS, 7, 1, TAG_ONE_PAGE);
	if (!pageout(p, n * HUGE))
		return;
	push_out_swap_cache();
	counters_read(&c);
	pattern_fill(p + 7 * WORDS, 7, 1, TAG_ONE_PAGE_NEW);
	RISES(&c, "a write to a swapped-out huge page", PGMAJFAULT, 1L,
	    THP_SWPIN, 1L, COW_REUSE, 0L, COW_COPY, 0L, THP_SPLIT_PMD, 0L);
	pmd_is(p, 1, "2m", "after a write to a swapped-out huge page");
	pmd_is(p + HUGE_WORDS, n - 1, "swap2m",
	    "after a write to the huge page before");
	verify_one_page_test(p, "after a write to a swapped-out huge page");
}

/*
 * The kernel's own accesses to swapped-out huge pages, as system calls
 * make them: read() into one (its copy-out faults it in whole, and
 * writable: the 16 bytes read, words 1 and 2 of page 5, land, and the
 * rest stays), and write() from another (its copy-in reads it whole,
 * here in a write to THP_ENABLED that is refused, EINVAL, for its text).
 */
static void
test_kernel_access(void)
{
	static const char first[] = "MemTotal:       ";	/* Linux's */
	long n = NHUGE;
	uint64_t *p = huge_map(n), *page5 = p + 5 * WORDS;
	struct counters c;
	int fd;

	if (p == NULL || !huge_out(p, n, TAG_ONE_PAGE))
		return;
	counters_read(&c);
	fd = open("/proc/meminfo", O_RDONLY);
	if (!CHECK(fd >= 0) || !CHECK(read(fd, page5 + 1, 16) == 16))
		return;
	close(fd);
	RISES(&c, "read() into a swapped-out huge page", PGMAJFAULT, 1L,
	    THP_SWPIN, 1L, THP_SPLIT_PMD, 0L);
	pmd_is(p, 1, "2m", "after read() into it");
	CHECK(memcmp(page5 + 1, first, 16) == 0);
	page5[1] = pattern_word(pattern_key(TAG_ONE_PAGE), 5, 1);
	page5[2] = pattern_word(pattern_key(TAG_ONE_PAGE), 5, 2);
	pattern_verify(p, 0, HUGE_PAGES, TAG_ONE_PAGE, "after read() into it");

	if ((fd = open(THP_ENABLED, O_WRONLY)) < 0) {
		if (on_pagoda)
			CHECK(fd >= 0);
		return;
	}
	counters_read(&c);
	CHECK_ERRNO(write(fd, p + HUGE_WORDS + 9 * WORDS, 16), -1, EINVAL);
	close(fd);
	RISES(&c, "write() from a swapped-out huge page", PGMAJFAULT, 1L,
	    THP_SWPIN, 1L, THP_SPLIT_PMD, 0L);
	pmd_is(p + HUGE_WORDS, 1, "2m", "after write() from it");
	pattern_verify(p + HUGE_WORDS, HUGE_PAGES, HUGE_PAGES, TAG_ONE_PAGE,
	    "after write() from it");
}

/*
 * munmap of a swapped-out huge page frees its 512 slots at once: swap in
 * use drops by 2 MiB, VmSwap too; the other huge page is intact; after
 * the last, swap in use is what it was.
 */
static void
test_munmap_whole(void)
{
	long n = NHUGE, used = swap_used_kib();
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_MUNMAP);

	if (p == NULL)
		return;
	swap_used_is(used + n * HUGE_KIB, "after MADV_PAGEOUT");
	counters_read(&c);
	CHECK(munmap(p, HUGE) == 0);
	RISES(&c, "munmap of a whole swapped huge page", THP_SPLIT_PMD, 0L);
	swap_used_is(used + (n - 1) * HUGE_KIB, "after munmap of 2 MiB");
	swap_is((n - 1) * HUGE_KIB, "after munmap of 2 MiB");
	huge_in(p + HUGE_WORDS, HUGE_PAGES, n - 1, TAG_MUNMAP,
	    "the rest, read back");
	CHECK(munmap(p + HUGE_WORDS, (n - 1) * HUGE) == 0);
	swap_used_is(used, "after munmap of the rest");
}

/*
 * munmap of half a swapped-out huge page splits its swap leaf (512 small
 * swap leaves with consecutive slots) and frees the 256 slots of that
 * half; the other half comes back as small pages, intact.
 */
static void
test_munmap_half(void)
{
	long n = NHUGE, used = swap_used_kib(), half = HUGE_PAGES / 2;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_MUNMAP);

	if (p == NULL)
		return;
	counters_read(&c);
	CHECK(munmap(p + half * WORDS, HUGE / 2) == 0);
	RISES(&c, "munmap of half a swapped huge page", THP_SPLIT_PMD, 1L);
	pmd_is(p, 1, "swap:256", "after munmap of half");
	pmd_is(p + HUGE_WORDS, n - 1, "swap2m", "after munmap of half");
	pagemap_swapped(p, half, true, "the half left");
	swap_used_is(used + n * HUGE_KIB - HUGE_KIB / 2,
	    "after munmap of half");
	swap_is(n * HUGE_KIB - HUGE_KIB / 2, "after munmap of half");
	counters_read(&c);
	pattern_verify(p, 0, half, TAG_MUNMAP, "the half left, read back");
	RISES(&c, "the half left, read back", PSWPIN, half, THP_SWPIN, 0L,
	    THP_SWPIN_FALLBACK, 0L);
	pmd_is(p, 1, "4k:256", "the half left, read back");
	/* The next huge page is untouched by all this. */
	pattern_verify(p + HUGE_WORDS, HUGE_PAGES, (n - 1) * HUGE_PAGES,
	    TAG_MUNMAP, "the next huge page");
	pmd_is(p + HUGE_WORDS, n - 1, "2m", "the next huge page");
}

/*
 * munmap of the second half of one swapped-out huge page and the first
 * half of the next splits both 2 MiB swap leaves; what is left of each
 * comes back intact.
 */
static void
test_munmap_across(void)
{
	long n = NHUGE, used = swap_used_kib(), half = HUGE_PAGES / 2;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_MUNMAP);

	if (p == NULL)
		return;
	counters_read(&c);
	CHECK(munmap(p + half * WORDS, HUGE) == 0);
	RISES(&c, "munmap across two swapped huge pages", THP_SPLIT_PMD, 2L);
	pmd_is(p, 1, "swap:256", "after munmap across");
	pmd_is(p + (HUGE_PAGES + half) * WORDS, 1, "swap:256",
	    "after munmap across");
	swap_used_is(used + (n - 1) * HUGE_KIB, "after munmap across");
	pattern_verify(p, 0, half, TAG_MUNMAP, "the first half left");
	pattern_verify(p + (HUGE_PAGES + half) * WORDS, HUGE_PAGES + half,
	    (n - 1) * HUGE_PAGES - half, TAG_MUNMAP, "the rest");
}

/* segv_write_body: write to the word at arg: must die of SIGSEGV. */
static void
segv_write_body(long arg)
{
	*(volatile uint64_t *)arg = 1;
	printf("  a write to a read-only page went through\n");
	utest_fail();
}

/* died_of_segv: did the write to va in a child die of SIGSEGV? */
static bool
died_of_segv(void *va)
{
	int status = reap(spawn(segv_write_body, (long)va));

	if (status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		return true;
	printf("  a write to read-only %p: wait status %#x\n", va, status);
	utest_fail();
	return false;
}

/*
 * mprotect of a whole swapped-out huge page keeps its 2 MiB swap leaf:
 * PROT_READ, then PROT_NONE and back; it comes back whole, read-only
 * (a write dies of SIGSEGV), then writable again.
 */
static void
test_mprotect_whole(void)
{
	long n = NHUGE;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_MPROTECT);

	if (p == NULL)
		return;
	counters_read(&c);
	CHECK(mprotect(p, HUGE, PROT_READ) == 0);
	CHECK(mprotect(p + HUGE_WORDS, HUGE, PROT_NONE) == 0);
	CHECK(mprotect(p + HUGE_WORDS, HUGE, PROT_READ | PROT_WRITE) == 0);
	RISES(&c, "mprotect of whole swapped huge pages", THP_SPLIT_PMD, 0L);
	pmd_is(p, n, "swap2m", "after mprotect of whole huge pages");
	pagemap_swapped(p, n * HUGE_PAGES, true, "after mprotect");
	huge_in(p, 0, n, TAG_MPROTECT, "read back after mprotect");
	died_of_segv(p + 100 * WORDS);
	CHECK(mprotect(p, HUGE, PROT_READ | PROT_WRITE) == 0);
	pattern_fill(p, 0, 1, TAG_MPROTECT);	/* the same words again */
	pmd_is(p, n, "2m", "after a write");
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_MPROTECT, "after a write");
}

/*
 * mprotect of half a swapped-out huge page splits its swap leaf; the
 * huge page comes back as 512 small pages, intact, the read-only half
 * read-only, the other half writable.
 */
static void
test_mprotect_half(void)
{
	long n = NHUGE, half = HUGE_PAGES / 2;
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_MPROTECT);

	if (p == NULL)
		return;
	counters_read(&c);
	CHECK(mprotect(p, HUGE / 2, PROT_READ) == 0);
	RISES(&c, "mprotect of half a swapped huge page", THP_SPLIT_PMD, 1L);
	/* Two regions now, and a line each in /proc/self/pmd. */
	pmd_is(p, 1, "swap:256", "after mprotect of half");
	pmd_is(p + half * WORDS, 1, "swap:256", "after mprotect of half");
	pmd_is(p + HUGE_WORDS, n - 1, "swap2m", "after mprotect of half");
	pagemap_swapped(p, n * HUGE_PAGES, true, "after mprotect of half");
	counters_read(&c);
	pattern_verify(p, 0, HUGE_PAGES, TAG_MPROTECT, "the split one");
	RISES(&c, "the split one, read back", PSWPIN, HUGE_PAGES, THP_SWPIN,
	    0L, THP_SWPIN_FALLBACK, 0L);
	pmd_is(p, 1, "4k:256", "the split one, read back");
	pmd_is(p + half * WORDS, 1, "4k:256", "the split one, read back");
	huge_in(p + HUGE_WORDS, HUGE_PAGES, n - 1, TAG_MPROTECT,
	    "the next, read back");
	died_of_segv(p + 100 * WORDS);
	pattern_fill(p + half * WORDS, half, 1, TAG_MPROTECT);
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_MPROTECT, "after a write");
}

/* verify_zero: are the n pages at p all zeros?  Else say so and fail. */
static bool
verify_zero(const uint64_t *p, long n, const char *what)
{
	for (long i = 0; i < n * WORDS; i++)
		if (p[i] != 0) {
			printf("  %s: page %ld, byte %ld is word %#lx, not 0\n",
			    what, i / WORDS, i % WORDS * 8,
			    (unsigned long)p[i]);
			utest_fail();
			return false;
		}
	return true;
}

/*
 * MADV_DONTNEED of a whole swapped-out huge page frees its 512 slots at
 * once; the memory then reads zeros (a new huge page).  Of a quarter of
 * one: the swap leaf is split, that quarter's slots are freed and read
 * zeros, the rest is intact.
 */
static void
test_dontneed(void)
{
	long n = NHUGE, used = swap_used_kib(), quarter = HUGE_PAGES / 4;
	uint64_t *p = huge_map(n), *q = p + HUGE_WORDS;
	struct counters c;

	if (p == NULL || !huge_out(p, n, TAG_DONTNEED))
		return;
	counters_read(&c);
	CHECK(madvise(p, HUGE, MADV_DONTNEED) == 0);
	RISES(&c, "MADV_DONTNEED of a swapped huge page", THP_SPLIT_PMD, 0L);
	pmd_is(p, 1, "none", "after MADV_DONTNEED");
	swap_used_is(used + (n - 1) * HUGE_KIB, "after MADV_DONTNEED");
	swap_is((n - 1) * HUGE_KIB, "after MADV_DONTNEED");
	counters_read(&c);
	verify_zero(p, HUGE_PAGES, "after MADV_DONTNEED");
	RISES(&c, "reading zeros", THP_FAULT_ALLOC, 1L, PSWPIN, 0L);
	pmd_is(p, 1, "2m", "reading zeros");

	counters_read(&c);
	CHECK(madvise(q + quarter * WORDS, quarter * PAGE,
	    MADV_DONTNEED) == 0);
	RISES(&c, "MADV_DONTNEED of a quarter", THP_SPLIT_PMD, 1L);
	pmd_is(q, 1, "swap:384", "after MADV_DONTNEED of a quarter");
	swap_used_is(used + (n - 1) * HUGE_KIB - HUGE_KIB / 4,
	    "after MADV_DONTNEED of a quarter");
	pattern_verify(q, HUGE_PAGES, quarter, TAG_DONTNEED, "first quarter");
	verify_zero(q + quarter * WORDS, quarter, "the quarter dropped");
	pattern_verify(q + 2 * quarter * WORDS, HUGE_PAGES + 2 * quarter,
	    2 * quarter, TAG_DONTNEED, "the last half");

	/* Read back, a huge page stays in the swap cache; DONTNEED frees
	   its slots all the same. */
	CHECK(madvise(q, HUGE, MADV_DONTNEED) == 0);
	swap_used_is(used, "after MADV_DONTNEED of the rest");
	if (!pageout(p, HUGE))
		return;
	push_out_swap_cache();
	verify_zero(p, HUGE_PAGES, "zeros, read back");
	pmd_is(p, 1, "2m", "zeros, read back");
	CHECK(madvise(p, HUGE, MADV_DONTNEED) == 0);
	swap_used_is(used, "after MADV_DONTNEED of a cached huge page");
}

/*
 * read_after_swapoff: after swapoff, the n huge pages at p (TAG_SWAPOFF's
 * pattern) read back intact with no major fault and no read; then DEV is
 * turned on again as it was.
 */
static void
read_after_swapoff(const uint64_t *p, long n)
{
	struct counters c;

	counters_read(&c);
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_SWAPOFF, "after swapoff");
	RISES(&c, "read after swapoff", PGMAJFAULT, 0L, PSWPIN, 0L);
	CHECK(swapon(dev_path, swapon_flags) == 0);
}

/*
 * swapoff brings each 2 MiB swap leaf back as a huge page before
 * anything touches it: /proc/self/pmd says "2m" right after; then the
 * data reads back without a major fault or a read.  The area is turned
 * on again as it was.
 */
static void
test_swapoff(void)
{
	long n = NHUGE, huge_kib;
	int priority = swaps_priority(dev_path);
	struct counters c;
	uint64_t *p = huge_map_out(n, TAG_SWAPOFF);

	if (p == NULL)
		return;
	huge_kib = meminfo_kib("AnonHugePages:");
	if (!swapoff_or_fail(dev_path))
		return;
	counters_read(&c);
	CHECK(!swaps_listed(dev_path));
	pmd_is(p, n, "2m", "right after swapoff");
	if (on_pagoda)
		CHECK(meminfo_kib("AnonHugePages:") - huge_kib == n * HUGE_KIB);
	swap_is(0, "after swapoff");
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_SWAPOFF, "after swapoff");
	CHECK(vmstat("pswpin") == c.v[PSWPIN]);
	CHECK(vmstat("pgmajfault") == c.v[PGMAJFAULT]);
	CHECK(swapon(dev_path, swapon_flags) == 0);
	CHECK(swaps_priority(dev_path) == priority);
}

/* The child of swapoff_shared: after swapoff, huge, intact, its own. */
static void
swapoff_child_body(long unused)
{
	(void)unused;
	if (!wait_until(&fork_state[0], 1))
		return;
	pmd_is(fork_region, NHUGE, "2m", "the child, right after swapoff");
	fork_verify(TAG_SWAPOFF, "the child, after swapoff");
	fork_state[1] = 1;
	if (!wait_until(&fork_state[0], 2))
		return;
	fork_verify(TAG_SWAPOFF, "the child, after the parent wrote");
	pmd_is(fork_region, NHUGE, "2m", "the child, at the end");
}

/*
 * swapoff of 2 MiB swap leaves that a fork shares: both processes get
 * the huge page back whole, one folio mapped by both, read-only; then a
 * write by the parent copies the 2 MiB, and the child keeps the data.
 */
static void
test_swapoff_shared(void)
{
	struct counters c;
	pid_t pid;

	if (!fork_out(NHUGE, TAG_SWAPOFF))
		return;
	pid = spawn(swapoff_child_body, 0);
	if (swapoff_or_fail(dev_path)) {
		pmd_is(fork_region, NHUGE, "2m", "right after swapoff");
		fork_state[0] = 1;
		if (wait_until(&fork_state[1], 1)) {
			counters_read(&c);
			pattern_fill(fork_region, 0, NHUGE * HUGE_PAGES,
			    TAG_FORK_PARENT);
			RISES(&c, "the parent's write after swapoff", COW_COPY,
			    (long)NHUGE, PGMAJFAULT, 0L, THP_SPLIT_PMD, 0L);
			pmd_is(fork_region, NHUGE, "2m", "after the write");
		}
		CHECK(swapon(dev_path, swapon_flags) == 0);
	}
	fork_state[0] = 2;
	reaped_ok(pid, "the child");
	fork_verify(TAG_FORK_PARENT, "the parent, its own write");
}

/*
 * swapoff of a 2 MiB swap leaf in a PROT_NONE region: it comes back
 * (split, on Pagoda, as small PROT_NONE leaves), and reads back intact
 * once the region is readable again.
 */
static void
test_swapoff_prot_none(void)
{
	long n = NHUGE;
	uint64_t *p = huge_map_out(n, TAG_SWAPOFF);

	if (p == NULL)
		return;
	CHECK(mprotect(p, HUGE, PROT_NONE) == 0);
	if (!swapoff_or_fail(dev_path))
		return;
	pmd_is(p + HUGE_WORDS, n - 1, "2m", "right after swapoff");
	swap_is(0, "after swapoff");
	CHECK(mprotect(p, HUGE, PROT_READ | PROT_WRITE) == 0);
	read_after_swapoff(p, n);
}

/*
 * fill_swap: put as many small pages as there is free swap in it, in
 * small pages of a region of their own, FILL_CHUNK at a time: nfill
 * pages at *filler, of which *filled (a multiple of FILL_CHUNK) were
 * touched.  On Pagoda no slot is left; true if all went well.
 */
static bool
fill_swap(uint64_t **filler, long *filled)
{
	long nfill = meminfo_kib("SwapFree:") / PAGES_KIB(1) + FILL_CHUNK;

	*filled = 0;
	if ((*filler = small_map(nfill)) == NULL)
		return false;
	while (*filled + FILL_CHUNK <= nfill && meminfo_kib("SwapFree:") > 0) {
		uint64_t *chunk = *filler + *filled * WORDS;

		pattern_fill(chunk, *filled, FILL_CHUNK, TAG_FILLER);
		if (!pageout(chunk, FILL_CHUNK * PAGE))
			return false;
		*filled += FILL_CHUNK;
	}
	/*
	 * No push_out_swap_cache(): the pages hold their slots all the same,
	 * and Linux does not reclaim anonymous pages, swap cache or not,
	 * while no swap is free: the pressure would call the OOM killer.
	 */
	return !on_pagoda || CHECK(meminfo_kib("SwapFree:") == 0);
}

/* verify_filler: the pages of fill_swap() left, every step-th, intact. */
static void
verify_filler(const uint64_t *filler, long filled, long step)
{
	for (long i = 0; i < filled; i += step)
		if (!pattern_verify(filler + i * WORDS, i, 1, TAG_FILLER,
		    "the filler"))
			break;
}

/*
 * No free slot at all: MADV_PAGEOUT of huge pages sends nothing out
 * (Pagoda splits them trying, as Linux does), and they stay intact.
 */
static void
test_swap_full(void)
{
	long n = NHUGE, filled;
	uint64_t *p = huge_map(n), *filler;
	struct counters c;

	if (p == NULL || !huge_fill(p, n, TAG_SWAPFRAG) ||
	    !fill_swap(&filler, &filled))
		return;
	counters_read(&c);
	if (!pageout(p, n * HUGE))
		return;
	RISES(&c, "MADV_PAGEOUT with no free slot", THP_SWPOUT, 0L,
	    THP_SWPOUT_PMD, 0L, PSWPOUT, 0L);
	if (on_pagoda)
		CHECK(meminfo_kib("SwapFree:") == 0);
	counters_read(&c);
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_SWAPFRAG,
	    "after MADV_PAGEOUT with no free slot");
	RISES(&c, "read after MADV_PAGEOUT with no free slot", PSWPIN, 0L,
	    PGMAJFAULT, 0L);
	verify_filler(filler, filled, 64);
}

/*
 * No free cluster in swap: a huge page cannot go out whole, so it is
 * split and goes out as 512 small pages (thp_swpout_fallback), and comes
 * back intact.  To leave no free cluster, fill every free slot with a
 * small page (small pages take slots from the cluster they took from
 * last, then from other partly used ones, then from free ones, then from
 * what is left), then drop every other page: every cluster is then half
 * used, and half the slots are free.
 */
static void
test_swap_fragmented(void)
{
	long n = NHUGE, filled, free_kib;
	uint64_t *p = huge_map(n), *filler;
	struct counters c;

	if (p == NULL || !huge_fill(p, n, TAG_SWAPFRAG) ||
	    !fill_swap(&filler, &filled))
		return;
	for (long i = 1; i < filled; i += 2)
		if (!CHECK(madvise(filler + i * WORDS, PAGE,
		    MADV_DONTNEED) == 0))
			return;
	free_kib = meminfo_kib("SwapFree:");
	if (!CHECK(free_kib >= n * HUGE_KIB)) {
		printf("  %ld KiB of swap free after dropping half of the "
		    "filler\n", free_kib);
		return;
	}
	counters_read(&c);
	if (!pageout(p, n * HUGE))
		return;
	RISES(&c, "MADV_PAGEOUT without a free cluster", THP_SWPOUT, 0L,
	    THP_SWPOUT_PMD, 0L, THP_SWPOUT_FALLBACK, n, THP_SPLIT_PAGE, n,
	    PSWPOUT, n * HUGE_PAGES);
	pmd_is(p, n, "swap:512", "after MADV_PAGEOUT without a free cluster");
	pagemap_swapped(p, n * HUGE_PAGES, false, "after MADV_PAGEOUT");
	push_out_swap_cache();
	counters_read(&c);
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_SWAPFRAG, "read back");
	/* (Read-ahead may bring in the filler's pages beside them too.) */
	RISES(&c, "read back", THP_SWPIN, 0L, THP_SWPIN_FALLBACK, 0L);
	if (on_pagoda)
		CHECK(vmstat("pswpin") - c.v[PSWPIN] >= n * HUGE_PAGES);
	pmd_is(p, n, "4k:512", "read back");
	verify_filler(filler, filled, 2);
}

/*
 * kernel_min_pages: Pagoda's min watermark (vm/vm_pageout.c): 1/64 of
 * memory, at least 1 MiB, at most 16 MiB.  User memory may not take
 * the last min pages; the page daemon wakes below 1.5 times that.
 */
static long
kernel_min_pages(void)
{
	long min = ram_pages / 64;

	return min < 256 ? 256 : min > 4096 ? 4096 : min;
}

/*
 * fragment_memory: take all free memory but a few hundred pages in small
 * pages, then give back every other one: half of it is free again, but
 * in single pages, no 2 MiB block.  What is left free at first (target)
 * is fewer than 512 pages, and more than the page daemon's wake-up mark,
 * so that it does not reclaim (and free) pages behind our back.  Each
 * round takes 15/16 of what is free beyond target, so that what the
 * kernel takes for page tables and the like on the way cannot overshoot.
 * The memory is *pp, *np pages; true if done.
 */
static bool
fragment_memory(uint64_t **pp, long *np)
{
	long target = kernel_min_pages() * 3 / 2 + 64, n, free, touched = 0;
	uint64_t *p;

	*pp = NULL;
	if (target + 32 >= HUGE_PAGES) {
		utest_skip("needs 64 MiB of RAM or less, to leave no 2 MiB "
		    "free");
		return false;
	}
	n = meminfo_kib("MemFree:") / PAGES_KIB(1);
	if ((p = small_map(n)) == NULL)
		return false;
	while ((free = meminfo_kib("MemFree:") / PAGES_KIB(1)) > target + 16 &&
	    touched < n) {
		long step = free - target - (free - target) / 16;

		if (step > n - touched)
			step = n - touched;

		for (long i = touched; i < touched + step; i++)
			p[i * WORDS] = i + 1;
		touched += step;
	}
	for (long i = 1; i < touched; i += 2)
		if (!CHECK(madvise(p + i * WORDS, PAGE, MADV_DONTNEED) == 0))
			return false;
	*pp = p;
	*np = touched;
	return true;
}

/* verify_fragmenter: the pages fragment_memory() kept, as it wrote them. */
static void
verify_fragmenter(const uint64_t *frag, long nfrag)
{
	for (long i = 0; i < nfrag; i += 2)
		if (!CHECK(frag[i * WORDS] == (uint64_t)i + 1))
			break;
}

/*
 * Memory fragmented so that no 2 MiB block is free at swap-in: a fault
 * on a 2 MiB swap leaf then splits it (thp_swpin_fallback) and brings
 * the 512 pages in as small pages, intact.
 */
static void
test_memory_fragmented(void)
{
	long n = NHUGE, nfrag;
	uint64_t *p, *frag;
	struct counters c;

	if (skip_on_linux("Linux 6.1 swaps in 4 KiB pages only: no 2 MiB "
	    "to fall back from") ||
	    (p = huge_map_out(n, TAG_MEMFRAG)) == NULL ||
	    !fragment_memory(&frag, &nfrag))
		return;
	counters_read(&c);
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_MEMFRAG,
	    "read back into fragmented memory");
	RISES(&c, "read back into fragmented memory", THP_SWPIN_FALLBACK, n,
	    THP_SPLIT_PMD, n, THP_SWPIN, 0L, PSWPIN, n * HUGE_PAGES);
	pmd_is(p, n, "4k:512", "read back into fragmented memory");
	verify_fragmenter(frag, nfrag);
}

/*
 * The first touch of a huge region when memory is fragmented: no 2 MiB
 * to be had, so the region gets small pages, and thp_fault_fallback
 * rises by one, as on Linux: the fault that found no huge page falls
 * back, and the other 511 faults of the region are small-page faults
 * beside small pages, which try no huge page.
 */
static void
test_fault_fallback(void)
{
	long nfrag;
	uint64_t *p, *frag;
	struct counters c;

	if (skip_on_linux("the test fragments memory as Pagoda's allocator "
	    "works") || (p = huge_map(1)) == NULL ||
	    !fragment_memory(&frag, &nfrag))
		return;
	counters_read(&c);
	pattern_fill(p, 0, HUGE_PAGES, TAG_MEMFRAG);
	pmd_is(p, 1, "4k:512", "a first touch in fragmented memory");
	pattern_verify(p, 0, HUGE_PAGES, TAG_MEMFRAG, "a first touch");
	verify_fragmenter(frag, nfrag);
	RISES(&c, "a first touch in fragmented memory", THP_FAULT_FALLBACK,
	    1L, THP_FAULT_ALLOC, 0L);
}

/* The child of cow_fragmented: it writes over the shared huge pages. */
static void
cow_writer_body(long unused)
{
	(void)unused;
	pattern_fill(fork_region, 0, NHUGE * HUGE_PAGES, TAG_FORK_CHILD);
	fork_verify(TAG_FORK_CHILD, "the child, its own writes");
}

/*
 * Copy on write of a huge page with no 2 MiB to copy into: the shared
 * huge page is split (in both processes) and only the pages written are
 * copied, 4 KiB each; both sides keep their data.
 */
static void
test_cow_fragmented(void)
{
	long n = NHUGE, nfrag;
	uint64_t *frag;
	struct counters c;

	if (skip_on_linux("the test fragments memory as Pagoda's allocator "
	    "works") || (fork_region = huge_map(n)) == NULL ||
	    !huge_fill(fork_region, n, TAG_FORK) ||
	    !fragment_memory(&frag, &nfrag))
		return;
	counters_read(&c);
	reaped_ok(spawn(cow_writer_body, 0), "the child that writes");
	RISES(&c, "the child's write, no 2 MiB free", THP_SPLIT_PAGE, n,
	    THP_SPLIT_PMD, 2 * n);
	pmd_is(fork_region, n, "4k:512", "the parent, after the child wrote");
	pattern_verify(fork_region, 0, n * HUGE_PAGES, TAG_FORK,
	    "the parent, after the child wrote");
	verify_fragmenter(frag, nfrag);
}

/*
 * swapoff when memory is fragmented: no 2 MiB folio for a 2 MiB swap
 * leaf, so swapoff splits it and brings the pages back as small pages,
 * intact, without a fault.
 */
static void
test_swapoff_fragmented(void)
{
	long n = NHUGE, nfrag;
	uint64_t *p, *frag;
	struct counters c;

	if (skip_on_linux("Linux 6.1 has no 2 MiB swap leaf to split") ||
	    (p = huge_map_out(n, TAG_SWAPOFF)) == NULL ||
	    !fragment_memory(&frag, &nfrag))
		return;
	counters_read(&c);
	if (!swapoff_or_fail(dev_path))
		return;
	RISES(&c, "swapoff into fragmented memory", THP_SPLIT_PMD, n,
	    PSWPIN, n * HUGE_PAGES);
	pmd_is(p, n, "4k:512", "right after swapoff into fragmented memory");
	swap_is(0, "after swapoff");
	read_after_swapoff(p, n);
}

/*
 * MADV_PAGEOUT of part of a huge page (its second half) sends out that
 * part only, as Linux does: the huge page is split, its first half stays
 * in memory (the pagemap says present), its second half goes to swap.
 * Every byte reads back.
 */
static void
test_pageout_part(void)
{
	long n = NHUGE, half = HUGE_PAGES / 2, present, swapped;
	uint64_t *p = huge_map(n);
	struct counters c;

	if (p == NULL || !huge_fill(p, n, TAG_ROUNDTRIP))
		return;
	counters_read(&c);
	if (!pageout(p + half * WORDS, HUGE / 2) ||
	    !pagemap_count(p, half, &present, &swapped))
		return;
	if (!CHECK(present == half && swapped == 0))
		printf("  after MADV_PAGEOUT of the second half, the first "
		    "has %ld pages present, %ld in swap\n", present, swapped);
	pagemap_swapped(p + half * WORDS, half, false,
	    "the half paged out");
	RISES(&c, "MADV_PAGEOUT of half a huge page", THP_SPLIT_PAGE, 1L,
	    THP_SPLIT_PMD, 1L, THP_SWPOUT, 0L, PSWPOUT, half);
	pmd_is(p, 1, "4k:256 swap:256", "after MADV_PAGEOUT of half");
	pmd_is(p + HUGE_WORDS, n - 1, "2m", "the next huge page");
	push_out_swap_cache();
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_ROUNDTRIP, "read back");
}

#define PRESSURE_NHUGE	8	/* pressure: 16 MiB of huge pages */

/* The child of pressure: it shares the huge pages, and reads them. */
static void
pressure_keeper_body(long unused)
{
	(void)unused;
	if (wait_until(&fork_state[0], 1))
		pattern_verify(fork_region, 0, PRESSURE_NHUGE * HUGE_PAGES,
		    TAG_FORK, "the child, after the pressure");
}

/* The pressure of test_pressure: without the huge pages, which it got
   from the fork, the pressure child of push_out_swap_cache(). */
static void
pressure_only_body(long n)
{
	CHECK(munmap(fork_region, PRESSURE_NHUGE * HUGE) == 0);
	pressure_body(n);
}

/*
 * The page daemon and direct reclaim take huge pages whole too, and
 * shared ones (MADV_PAGEOUT leaves those alone): 16 MiB of huge pages,
 * shared with a child since a fork, touched first; another child then
 * touches all the free memory and 8 MiB more (pressure_pages()), which
 * pushes some of them out, each as one write and a 2 MiB swap leaf in
 * each process (on Pagoda: thp_swpout rises, and thp_swpout_pmd twice as
 * much); both processes read every byte back.
 */
static void
test_pressure(void)
{
	long n = PRESSURE_NHUGE, out;
	struct counters c;
	pid_t pid;

	if (!state_map() || (fork_region = huge_map(n)) == NULL ||
	    !huge_fill(fork_region, n, TAG_FORK))
		return;
	pid = spawn(pressure_keeper_body, 0);
	counters_read(&c);
	reaped_ok(spawn(pressure_only_body, pressure_pages()),
	    "the pressure child");
	/* The writes may still be in flight: each is counted at its end. */
	for (int i = 0; i < SETTLE_SECONDS * 20; i++) {
		out = vmstat("thp_swpout") - c.v[THP_SWPOUT];
		if (vmstat("thp_swpout_pmd") - c.v[THP_SWPOUT_PMD] == 2 * out)
			break;
		usleep(50 * 1000);
	}
	if (on_pagoda && !CHECK(out > 0))
		printf("  no huge page went out whole under pressure\n");
	RISES(&c, "pressure", THP_SWPOUT_PMD, 2 * out);
	fork_state[0] = 1;
	reaped_ok(pid, "the child");
	pattern_verify(fork_region, 0, n * HUGE_PAGES, TAG_FORK,
	    "the parent, after the pressure");
}

#define KILL_ROUNDS	6	/* kill_during_swapin */

/* The child of kill_during_swapin: it reads, until it is killed. */
static void
kill_reader_body(long unused)
{
	(void)unused;
	fork_state[1] = 1;
	for (;;)
		pattern_verify(fork_region, 0, PRESSURE_NHUGE * HUGE_PAGES,
		    TAG_FORK, "the child that is killed");
}

/*
 * A process killed while it swaps huge pages in (SIGKILL, at a moment
 * that varies from round to round: its 2 MiB reads in flight, or done
 * and its fault on the way out): nothing leaks, the books stay right
 * (the harness's audit), and the parent, whose 2 MiB swap leaves name
 * the same slots, reads every byte.
 */
static void
test_kill_during_swapin(void)
{
	long n = PRESSURE_NHUGE, used = swap_used_kib();
	int status;
	pid_t pid;

	if (!fork_out(n, TAG_FORK))
		return;
	for (int round = 0; round < KILL_ROUNDS; round++) {
		fork_state[1] = 0;
		pid = spawn(kill_reader_body, 0);
		if (!wait_until(&fork_state[1], 1))
			return;
		usleep(round * 2000);
		CHECK(kill(pid, SIGKILL) == 0);
		status = reap(pid);
		if (!CHECK(status != -1 && WIFSIGNALED(status) &&
		    WTERMSIG(status) == SIGKILL))
			printf("  round %d: the child's wait status %#x\n",
			    round, status);
	}
	pmd_is(fork_region, n, "swap2m", "after the kills");
	pattern_verify(fork_region, 0, n * HUGE_PAGES, TAG_FORK,
	    "the parent, after the kills");
	CHECK(munmap(fork_region, n * HUGE) == 0);
	swap_used_is(used, "after munmap");
}

/* The child of dontneed_under_pressure: all the pressure, all at once. */
static void
pressure_child_body(long n)
{
	CHECK(munmap(fork_region, PRESSURE_NHUGE * HUGE) == 0);
	pressure_body(n);
}

/*
 * Huge pages dropped and touched again while reclaim sends them out:
 * a child makes memory pressure (pressure_pages()) while the parent, a
 * huge page at a time, drops its huge pages (MADV_DONTNEED: whether in
 * memory, being written or in swap) and fills them again, and checks
 * each.  Every byte is right, and once the child is gone no swap is held
 * by no one (other processes' pages may have gone out, and stay there).
 */
static void
test_dontneed_under_pressure(void)
{
	long n = PRESSURE_NHUGE, before = swap_unaccounted_kib();
	uint64_t *p;
	pid_t pid;

	if ((fork_region = p = huge_map(n)) == NULL ||
	    !huge_fill(p, n, TAG_DONTNEED))
		return;
	pid = spawn(pressure_child_body, pressure_pages());
	for (int round = 0; round < 4; round++)
		for (long i = 0; i < n; i++) {
			uint64_t *chunk = p + i * HUGE_WORDS;

			CHECK(madvise(chunk, HUGE, MADV_DONTNEED) == 0);
			pattern_fill(chunk, i * HUGE_PAGES, HUGE_PAGES,
			    TAG_DONTNEED + round % 2);
			if (!pattern_verify(chunk, i * HUGE_PAGES, HUGE_PAGES,
			    TAG_DONTNEED + round % 2, "refilled"))
				break;
		}
	reaped_ok(pid, "the pressure child");
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_DONTNEED + 1, "at the end");
	CHECK(swap_settles(before));
}

/*
 * A swapped-out huge page costs no page-table page: a 2 MiB swap leaf
 * sits where the 2 MiB leaf was, in the table above.  VmPTE and
 * nr_page_table_pages stay as they were across MADV_PAGEOUT of
 * PTE_NHUGE huge pages; splitting one (mprotect of half) costs one page,
 * which shows that the count would have seen them.
 */
static void
test_no_pte_page(void)
{
	long n = PTE_NHUGE, pte0, pte1, nr1;
	uint64_t *p;

	if (skip_on_linux("Linux keeps a page-table page with each huge page "
	    "and splits it at swap-out") || (p = huge_map(n)) == NULL)
		return;
	pte0 = status_kib("VmPTE:");
	if (!huge_fill(p, n, TAG_PTE))
		return;
	pte1 = status_kib("VmPTE:");
	nr1 = vmstat("nr_page_table_pages");
	/* The tables above a 2 MiB leaf: at most a few, not one per page. */
	if (!CHECK(pte1 - pte0 < n * PAGES_KIB(1)))
		printf("  VmPTE %ld kB before the touch, %ld after\n", pte0,
		    pte1);
	if (!pageout(p, n * HUGE))
		return;
	pmd_is(p, n, "swap2m", "after MADV_PAGEOUT");
	if (!CHECK(status_kib("VmPTE:") == pte1 &&
	    vmstat("nr_page_table_pages") == nr1))
		printf("  VmPTE %ld kB, nr_page_table_pages %ld before "
		    "MADV_PAGEOUT; %ld and %ld after\n", pte1, nr1,
		    status_kib("VmPTE:"), vmstat("nr_page_table_pages"));
	CHECK(mprotect(p, HUGE / 2, PROT_READ) == 0);
	pmd_is(p, 1, "swap:256", "after mprotect of half");
	CHECK(status_kib("VmPTE:") == pte1 + PAGES_KIB(1));
	pattern_verify(p, 0, n * HUGE_PAGES, TAG_PTE, "read back");
}

static const char *const thp_modes[] = { "always", "madvise", "never" };

/*
 * thp_mode: the THP mode in THP_ENABLED: 0 always, 1 madvise, 2 never;
 * -1 if it cannot be read.
 */
static int
thp_mode(void)
{
	static const char *const texts[] = {
		"[always] madvise never\n", "always [madvise] never\n",
		"always madvise [never]\n",
	};
	char text[64];

	if (!read_text(THP_ENABLED, text, sizeof(text)))
		return -1;
	for (int m = 0; m < 3; m++)
		if (strcmp(text, texts[m]) == 0)
			return m;
	return -1;
}

/* thp_mode_set: write mode m to THP_ENABLED, as echo does; true if done. */
static bool
thp_mode_set(int m)
{
	char line[16];
	int fd = open(THP_ENABLED, O_WRONLY);
	ssize_t len = snprintf(line, sizeof(line), "%s\n", thp_modes[m]);
	bool done = fd >= 0 && write(fd, line, len) == len;

	if (fd >= 0)
		close(fd);
	return done;
}

/*
 * policy_body: what the test of the THP mode checks while it is set:
 * with "never", a MADV_HUGEPAGE region gets no huge page (thp_fault_alloc
 * stays); with "always", a region with MADV_NOHUGEPAGE gets none, and a
 * region without advice gets one.
 */
static void
policy_body(void)
{
	uint64_t *p = aligned_map(1, MADV_HUGEPAGE);
	uint64_t *q = aligned_map(1, MADV_NOHUGEPAGE);
	uint64_t *r = aligned_map(1, -1);
	struct counters c;

	if (p == NULL || q == NULL || r == NULL)
		return;
	if (!CHECK(thp_mode_set(2) && thp_mode() == 2))
		return;
	counters_read(&c);
	pattern_fill(p, 0, HUGE_PAGES, TAG_POLICY);
	CHECK(vmstat("thp_fault_alloc") == c.v[THP_FAULT_ALLOC]);
	CHECK(smaps_kib(p, "AnonHugePages:") == 0);
	pmd_is(p, 1, "4k:512", "MADV_HUGEPAGE under \"never\"");

	if (!CHECK(thp_mode_set(0) && thp_mode() == 0))
		return;
	counters_read(&c);
	pattern_fill(q, 0, HUGE_PAGES, TAG_POLICY);
	CHECK(vmstat("thp_fault_alloc") == c.v[THP_FAULT_ALLOC]);
	CHECK(smaps_kib(q, "AnonHugePages:") == 0);
	pmd_is(q, 1, "4k:512", "MADV_NOHUGEPAGE under \"always\"");
	pattern_fill(r, 0, HUGE_PAGES, TAG_POLICY);
	if (on_pagoda)
		CHECK(vmstat("thp_fault_alloc") == c.v[THP_FAULT_ALLOC] + 1);
	else
		CHECK(vmstat("thp_fault_alloc") > c.v[THP_FAULT_ALLOC]);
	CHECK(smaps_kib(r, "AnonHugePages:") == HUGE_KIB);
	pmd_is(r, 1, "2m", "no advice under \"always\"");
	pattern_verify(p, 0, HUGE_PAGES, TAG_POLICY, "under \"never\"");
	pattern_verify(q, 0, HUGE_PAGES, TAG_POLICY, "MADV_NOHUGEPAGE");
	pattern_verify(r, 0, HUGE_PAGES, TAG_POLICY, "under \"always\"");
}

/*
 * The THP mode in /sys: "never" and "always" do what they say; the mode
 * the machine had is put back after.
 */
static void
test_policy(void)
{
	int old = thp_mode();

	if (old < 0) {
		utest_skip("cannot read " THP_ENABLED);
		return;
	}
	if (!thp_mode_set(old)) {
		utest_skip("cannot write " THP_ENABLED);
		return;
	}
	policy_body();
	CHECK(thp_mode_set(old));
	CHECK(thp_mode() == old);
}

/* ---- the command line ---- */

static const struct memtest_test tests[] = {
	{ "counters", test_counters, true },
	{ "roundtrip", test_roundtrip, true },
	{ "five_roundtrips", test_five_roundtrips, true },
	{ "fork_both_read", test_fork_both_read, true },
	{ "fork_read_together", test_fork_read_together, true },
	{ "fork_cow_child_writes", test_fork_cow_child_writes, true },
	{ "fork_cow_parent_writes", test_fork_cow_parent_writes, true },
	{ "fork_split_shared", test_fork_split_shared, true },
	{ "write_one_page", test_write_one_page, true },
	{ "kernel_access", test_kernel_access, true },
	{ "munmap_whole", test_munmap_whole, true },
	{ "munmap_half", test_munmap_half, true },
	{ "munmap_across", test_munmap_across, true },
	{ "mprotect_whole", test_mprotect_whole, true },
	{ "mprotect_half", test_mprotect_half, true },
	{ "dontneed", test_dontneed, true },
	{ "swapoff", test_swapoff, true },
	{ "swapoff_shared", test_swapoff_shared, true },
	{ "swapoff_prot_none", test_swapoff_prot_none, true },
	{ "no_pte_page", test_no_pte_page, true },
	{ "pageout_part", test_pageout_part, true },
	{ "swap_full", test_swap_full, true },
	{ "swap_fragmented", test_swap_fragmented, true },
	{ "memory_fragmented", test_memory_fragmented, true },
	{ "fault_fallback", test_fault_fallback, true },
	{ "swapoff_fragmented", test_swapoff_fragmented, true },
	{ "cow_fragmented", test_cow_fragmented, true },
	{ "pressure", test_pressure, true },
	{ "kill_during_swapin", test_kill_during_swapin, true },
	{ "dontneed_under_pressure", test_dontneed_under_pressure, true },
	{ "policy", test_policy, true },
};

static int start_mode = -1;	/* -m MODE: the THP mode to run in */

/* mode_index: the index in thp_modes of name, or -1. */
static int
mode_index(const char *name)
{
	for (int m = 0; m < 3; m++)
		if (strcmp(thp_modes[m], name) == 0)
			return m;
	return -1;
}

/* mode_option: take -m MODE; false for another option or a bad MODE. */
static bool
mode_option(const char *flag, const char *value)
{
	return strcmp(flag, "-m") == 0 &&
	    (start_mode = mode_index(value)) >= 0;
}

static const struct memtest_program program = {
	.name = "thptest",
	.options = "[-m always|madvise|never] ",
	.option = mode_option,
	.tests = tests,
	.ntests = (int)(sizeof(tests) / sizeof(tests[0])),
	.ntags = TAG_LAST,
};

int
main(int argc, char **argv)
{
	int first = memtest_start(&program, argc, argv, &seed, &dev_path);
	int old_mode = -1, status;
	bool turned_on;

	on_pagoda = is_pagoda();
	ram_pages = meminfo_kib("MemTotal:") / PAGES_KIB(1);
	/* Swap first: a swapon that fails exits, and must not leave the
	 * machine's THP mode changed behind it. */
	turned_on = memtest_swap_on(&program, dev_path, &swapon_flags);
	if (start_mode >= 0 && ((old_mode = thp_mode()) < 0 ||
	    !thp_mode_set(start_mode))) {
		fprintf(stderr, "thptest: cannot set the THP mode in %s\n",
		    THP_ENABLED);
		memtest_swap_off(&program, dev_path, turned_on, 2);
		return 2;
	}
	printf("thptest: %s, %ld MiB of RAM, %ld MiB of swap, THP mode %s, "
	    "seed %lu (repeat: thptest -s %lu %s)\n", dev_path,
	    ram_pages / MIB_PAGES, meminfo_kib("SwapTotal:") / 1024,
	    thp_mode() >= 0 ? thp_modes[thp_mode()] : "unknown", seed, seed,
	    dev_path);
	status = memtest_run(&program, first, argc, argv);
	status = memtest_swap_off(&program, dev_path, turned_on, status);
	if (old_mode >= 0 && !thp_mode_set(old_mode))
		printf("thptest: cannot put the THP mode back to %s\n",
		    thp_modes[old_mode]);
	return status;
}
