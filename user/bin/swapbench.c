/*
 * swapbench: how fast anonymous memory goes out to swap and comes back,
 * measured the same way on Linux and on Pagoda.
 *
 *   swapbench thp|small|fork|random [-n MIB] [-p MIB]
 *             [-m press|pageout|both] [-4] [-r SEED]
 *
 * This is the team's Linux swap workload (../shared/bench/linux-peer/
 * swapbench.c, run on Debian's Linux 6.1 under the same QEMU) in Pagoda's
 * style and built with Pagoda's libc.  The regions, the page pattern, the
 * phases and the RESULT lines are the same, so its numbers sit next to
 * the peer's (tools/swapbench.sh prints both).
 *
 * Region A (-n, default 128 MiB) is mapped 2 MiB-aligned, with
 * MADV_HUGEPAGE (mode thp) or MADV_NOHUGEPAGE (small, or -4); fork and
 * random use THP unless -4.  Region B (-p, default 256 MiB), separate and
 * MADV_NOHUGEPAGE, is the memory pressure.  The phases, in order:
 *
 *   fill       write every 4 KiB page of A with its own pattern
 *   swapout    -m pageout, both: madvise(A, MADV_PAGEOUT), then wait until
 *              nothing is under writeback: all of A's write I/O;
 *              -m press: touch every page of B (ordinary reclaim; the
 *              time includes B's faults and whatever of B went out too)
 *   evict      -m both: touch every page of B.  On Linux MADV_PAGEOUT
 *              leaves the written pages in the swap cache, so without this
 *              the read-back would find them there and do no I/O
 *   release    press, both: munmap(B); swap_kb then says how much of A is
 *              on swap
 *   swapin     read back and check every page of A: in order, or (random)
 *              in a random permutation
 *   reread     the same again, everything resident by now
 *
 * Mode fork instead forks after the swap-out: the child checks every page
 * (child-swapin) and rewrites each with another pattern (child-cow, one
 * copy on write per page); the parent waits and checks that its own copy
 * is unchanged (parent-verify).
 *
 * Output, one line per phase (pg is what was asked for; anonhuge_kb says
 * whether huge pages were had):
 *
 *   RESULT mode=small pg=4k method=pageout phase=swapin mib=64.0
 *       ms=2437.909 mibps=26.3 io_mib=64.0 io_mibps=26.3 majflt=2050
 *       minflt=16381 pswpin=16384 pswpout=0 thp_swpout=0 ... rss_kb=65552
 *       swap_kb=92 anonhuge_kb=0 errors=0 csum=2595965710
 *
 * (on one line).  mibps is the region's size over the phase's time;
 * io_mibps the pages written (swapout, evict) or read (the others) over
 * the same time.  The counters are /proc/vmstat's, system-wide, as deltas
 * over the phase, so the machine should be otherwise idle; one that the
 * system does not have reads 0.  rss_kb and swap_kb are this process's
 * VmRSS and VmSwap, anonhuge_kb is /proc/meminfo's AnonHugePages, all at
 * the end of the phase.  csum is the low 32 bits of the sum of A's words.
 *
 * Exit status 0 if every page came back right, 1 if not, 2 if the
 * workload could not be set up (a usage error, a failed mmap...).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE	4096UL
#define HUGE_SIZE	(2UL << 20)	/* a 2 MiB huge page */
#define PAGE_WORDS	(PAGE_SIZE / sizeof(uint64_t))
#define MIB		(1024UL * 1024)

/* What to do: the command line. */
struct options {
	const char	*mode;		/* thp, small, fork or random */
	const char	*pg;		/* "thp" or "4k": the page size asked */
	const char	*method;	/* press, pageout or both */
	bool		small;		/* 4 KiB pages (small, or -4) */
	unsigned long	mib;		/* region A */
	unsigned long	pressure_mib;	/* region B; 0: none */
	uint64_t	seed;
};

static struct options opt;

/* die: say what failed and exit 2, the peer's "ERROR ..." line. */
static void __attribute__((noreturn))
die(const char *what)
{
	printf("ERROR %s\n", what);
	fflush(stdout);
	_exit(2);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* ---- the counters: /proc/vmstat, /proc/self/status, /proc/meminfo ---- */

/*
 * The events, as /proc/vmstat names them, then the gauges, which are
 * printed as they are at the end of a phase rather than as deltas.
 * Pagoda has the Linux names where it counts the same thing; one that a
 * system lacks reads 0 (Pagoda, with no huge pages yet, has no
 * thp_split_page or thp_collapse_alloc).  The order is the RESULT line's.
 */
enum counter {
	C_PSWPIN, C_PSWPOUT, C_PGMAJFAULT, C_PGFAULT, C_THP_SWPOUT,
	C_THP_SWPOUT_FALLBACK, C_THP_SPLIT_PMD, C_THP_SPLIT_PAGE,
	C_THP_FAULT_ALLOC, C_THP_FAULT_FALLBACK, C_THP_COLLAPSE_ALLOC,
	C_SWAP_RA, C_SWAP_RA_HIT, C_PGSTEAL_KSWAPD, C_PGSTEAL_DIRECT,
	NEVENTS,
	G_RSS_KB = NEVENTS, G_SWAP_KB, G_ANONHUGE_KB,
	NCOUNTERS
};

static const char *const counter_names[NCOUNTERS] = {
	"pswpin", "pswpout", "pgmajfault", "pgfault", "thp_swpout",
	"thp_swpout_fallback", "thp_split_pmd", "thp_split_page",
	"thp_fault_alloc", "thp_fault_fallback", "thp_collapse_alloc",
	"swap_ra", "swap_ra_hit", "pgsteal_kswapd", "pgsteal_direct",
	"rss_kb", "swap_kb", "anonhuge_kb",
};

struct snapshot {
	unsigned long	value[NCOUNTERS];
};

static char proc_text[16384];	/* Linux's /proc/vmstat is about 5 KiB */

/*
 * proc_read: the file at path, whole (up to the size of proc_text), into
 * proc_text as a string; false if it cannot be opened.
 */
static bool
proc_read(const char *path)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	while (len < sizeof(proc_text) - 1 &&
	    (n = read(fd, proc_text + len, sizeof(proc_text) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	proc_text[len] = '\0';
	return true;
}

/*
 * proc_value: the number after "key" at the start of a line of
 * proc_text, past any spaces, tabs and colons ("pgfault 12",
 * "VmRSS:\t  123 kB"); 0 if no line has that key.  A longer key
 * ("swap_ra_hit" for "swap_ra") does not match.
 */
static unsigned long
proc_value(const char *key)
{
	size_t keylen = strlen(key);
	const char *line, *p;

	for (line = proc_text; *line != '\0'; line = p) {
		p = line + strcspn(line, "\n");
		if (*p == '\n')
			p++;
		if (strncmp(line, key, keylen) != 0 ||
		    strchr(" :\t", line[keylen]) == NULL ||
		    line[keylen] == '\0')
			continue;
		return strtoul(line + keylen + strspn(line + keylen, " :\t"),
		    NULL, 10);
	}
	return 0;
}

/* counters_snapshot: every counter now; 0 for those that are missing. */
static void
counters_snapshot(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	if (proc_read("/proc/vmstat"))
		for (int i = 0; i < NEVENTS; i++)
			s->value[i] = proc_value(counter_names[i]);
	if (proc_read("/proc/self/status")) {
		s->value[G_RSS_KB] = proc_value("VmRSS");
		s->value[G_SWAP_KB] = proc_value("VmSwap");
	}
	if (proc_read("/proc/meminfo"))
		s->value[G_ANONHUGE_KB] = proc_value("AnonHugePages");
}

/*
 * wait_writeback_idle: return once no page is being written out, so that
 * the swap-out phase's time covers all of its I/O.  Linux's MADV_PAGEOUT
 * only starts the writes, and /proc/vmstat's nr_writeback counts the
 * pages still under way: poll it every millisecond, for at most a minute.
 * Pagoda's MADV_PAGEOUT returns only once its writes are done, and its
 * /proc/vmstat has no nr_writeback (so it reads 0): nothing to wait for.
 */
static void
wait_writeback_idle(void)
{
	struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < 60000; i++) {
		if (!proc_read("/proc/vmstat") || proc_value("nr_writeback") == 0)
			return;
		nanosleep(&ms, NULL);
	}
}

/* ---- phases and their RESULT lines ---- */

/* A phase being measured: the counters and the clock at its start. */
struct phase {
	struct snapshot	before;
	uint64_t	start_ns;
};

static void
phase_begin(struct phase *ph)
{
	counters_snapshot(&ph->before);
	ph->start_ns = now_ns();
}

/*
 * print_fixed: " key=V", V being milli/1000 with one decimal (rounded)
 * or three (cut short), as the peer prints its numbers.
 */
static void
print_fixed(const char *key, uint64_t milli, int decimals)
{
	unsigned long tenths = (unsigned long)((milli + 50) / 100);

	if (decimals == 1)
		printf(" %s=%lu.%lu", key, tenths / 10, tenths % 10);
	else
		printf(" %s=%lu.%03lu", key, (unsigned long)(milli / 1000),
		    (unsigned long)(milli % 1000));
}

/* per_second_milli: bytes done in us microseconds, in MiB/s times 1000. */
static uint64_t
per_second_milli(uint64_t bytes, uint64_t us)
{
	return bytes * 1000000 / MIB * 1000 / us;
}

/*
 * phase_end: stop the clock, take the counters, and print the phase's
 * RESULT line: bytes is the size of the region it went over, errors the
 * pages that were wrong, csum their checksum (0 where nothing was read).
 */
static void
phase_end(struct phase *ph, const char *name, uint64_t bytes,
    uint64_t errors, uint64_t csum)
{
	uint64_t us = (now_ns() - ph->start_ns) / 1000;
	uint64_t rate_us = us != 0 ? us : 1;
	unsigned long delta[NEVENTS];
	struct snapshot after;
	uint64_t io_bytes;
	int c;

	counters_snapshot(&after);
	for (c = 0; c < NEVENTS; c++)
		delta[c] = after.value[c] - ph->before.value[c];
	if (strcmp(name, "swapout") == 0 || strcmp(name, "evict") == 0)
		io_bytes = delta[C_PSWPOUT] * PAGE_SIZE;
	else
		io_bytes = delta[C_PSWPIN] * PAGE_SIZE;

	printf("RESULT mode=%s pg=%s method=%s phase=%s", opt.mode, opt.pg,
	    opt.method, name);
	print_fixed("mib", bytes * 1000 / MIB, 1);
	print_fixed("ms", us, 3);
	print_fixed("mibps", per_second_milli(bytes, rate_us), 1);
	print_fixed("io_mib", io_bytes * 1000 / MIB, 1);
	print_fixed("io_mibps", per_second_milli(io_bytes, rate_us), 1);
	printf(" majflt=%lu minflt=%lu", delta[C_PGMAJFAULT],
	    delta[C_PGFAULT] - delta[C_PGMAJFAULT]);
	for (c = 0; c < NEVENTS; c++)
		if (c != C_PGMAJFAULT && c != C_PGFAULT)
			printf(" %s=%lu", counter_names[c], delta[c]);
	for (c = NEVENTS; c < NCOUNTERS; c++)
		printf(" %s=%lu", counter_names[c], after.value[c]);
	printf(" errors=%lu csum=%lu\n", (unsigned long)errors,
	    (unsigned long)(csum & 0xffffffff));
	fflush(stdout);
}

/* ---- the pattern ---- */

/* mix: a 64-bit hash (MurmurHash3's finaliser). */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/* page_base: the number page p's words count up from. */
static uint64_t
page_base(uint64_t p, uint64_t seed)
{
	return mix(p * 0x9e3779b97f4a7c15ULL ^ seed);
}

/*
 * fill_page: write page p's pattern at w and return the sum of its words.
 * Word 0 is the page's index (a page that comes back at the wrong
 * address shows there); words 1 to 511 count up from page_base():
 *
 *   w[0] = p ^ seed    w[1] = base + 1    ...    w[511] = base + 511
 */
static uint64_t
fill_page(uint64_t *w, uint64_t p, uint64_t seed)
{
	uint64_t base = page_base(p, seed), sum = p ^ seed;

	w[0] = p ^ seed;
	for (unsigned i = 1; i < PAGE_WORDS; i++) {
		w[i] = base + i;
		sum += base + i;
	}
	return sum;
}

/*
 * check_page: the sum of page p's words at w, as fill_page() returned
 * it; one more in *errors if any word is not what fill_page() wrote.
 */
static uint64_t
check_page(const uint64_t *w, uint64_t p, uint64_t seed, uint64_t *errors)
{
	uint64_t base = page_base(p, seed), sum = w[0];
	bool bad = w[0] != (p ^ seed);

	for (unsigned i = 1; i < PAGE_WORDS; i++) {
		bad |= w[i] != base + i;
		sum += w[i];
	}
	*errors += bad;
	return sum;
}

/*
 * fill_range, check_range: fill_page() or check_page() on each of A's
 * npages pages, in order or in the order given (order[i] is the i-th
 * page to check); the sum of all their words.
 */
static uint64_t
fill_range(char *a, uint64_t npages, uint64_t seed)
{
	uint64_t sum = 0;

	for (uint64_t p = 0; p < npages; p++)
		sum += fill_page((uint64_t *)(a + p * PAGE_SIZE), p, seed);
	return sum;
}

static uint64_t
check_range(const char *a, uint64_t npages, uint64_t seed,
    const uint32_t *order, uint64_t *errors)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < npages; i++) {
		uint64_t p = order != NULL ? order[i] : i;

		sum += check_page((const uint64_t *)(a + p * PAGE_SIZE), p,
		    seed, errors);
	}
	return sum;
}

/* ---- memory ---- */

static void *
map_anon(uint64_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

/*
 * map_aligned: an anonymous region of bytes at a 2 MiB boundary, so that
 * huge pages can map it: map 2 MiB more and unmap the ends.
 */
static char *
map_aligned(uint64_t bytes)
{
	char *raw = map_anon(bytes + HUGE_SIZE);
	uintptr_t start = ((uintptr_t)raw + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	uint64_t head = start - (uintptr_t)raw, tail = HUGE_SIZE - head;

	if (head != 0)
		munmap(raw, head);
	if (tail != 0)
		munmap((char *)start + bytes, tail);
	return (char *)start;
}

/*
 * random_order: a random permutation of 0 .. npages-1 (Fisher-Yates,
 * with xorshift64 seeded from the seed, as the peer does).
 */
static uint32_t *
random_order(uint64_t npages, uint64_t seed)
{
	uint64_t bytes = (npages * sizeof(uint32_t) + PAGE_SIZE - 1) &
	    ~(PAGE_SIZE - 1);
	uint32_t *order = map_anon(bytes), swap;
	uint64_t state = 88172645463325252ULL ^ mix(seed), j;

	for (uint64_t i = 0; i < npages; i++)
		order[i] = (uint32_t)i;
	for (uint64_t i = npages - 1; i > 0; i--) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		j = state % (i + 1);
		swap = order[i];
		order[i] = order[j];
		order[j] = swap;
	}
	return order;
}

/* ---- the workload ---- */

/* swap_out_pageout: the swapout phase of -m pageout and both. */
static void
swap_out_pageout(char *a, uint64_t bytes)
{
	struct phase ph;

	phase_begin(&ph);
	if (madvise(a, bytes, MADV_PAGEOUT) != 0)
		die("madvise(MADV_PAGEOUT)");
	wait_writeback_idle();
	phase_end(&ph, "swapout", bytes, 0, 0);
}

/*
 * swap_out_press: touch one word of every page of a pressure region B
 * (the swapout phase of -m press, the evict phase of both), then unmap
 * it (release).  Only the clock says how long B took; the line gives A's
 * size, as the peer's does.
 */
static void
swap_out_press(uint64_t bytes)
{
	uint64_t pressure = opt.pressure_mib * MIB;
	char *b = map_anon(pressure);
	struct phase ph;

	madvise(b, pressure, MADV_NOHUGEPAGE);
	phase_begin(&ph);
	for (uint64_t off = 0; off < pressure; off += PAGE_SIZE)
		*(volatile uint64_t *)(b + off) = off | 1;
	phase_end(&ph, strcmp(opt.method, "both") == 0 ? "evict" : "swapout",
	    bytes, 0, 0);

	phase_begin(&ph);
	munmap(b, pressure);
	phase_end(&ph, "release", pressure, 0, 0);
}

/*
 * swap_in: read A back (swapin) and again (reread), in order or in
 * random order; 0 if every page was right both times, else 1.
 */
static int
swap_in(char *a, uint64_t npages, uint64_t expected_sum)
{
	uint32_t *order = NULL;
	uint64_t errors = 0, swapin_errors, sum;
	struct phase ph;

	if (strcmp(opt.mode, "random") == 0)
		order = random_order(npages, opt.seed);
	phase_begin(&ph);
	sum = check_range(a, npages, opt.seed, order, &errors);
	if (sum != expected_sum && errors == 0)
		errors = 1;
	phase_end(&ph, "swapin", npages * PAGE_SIZE, errors, sum);

	/* Each line counts its own pass's errors, as the peer's do. */
	swapin_errors = errors;
	errors = 0;
	phase_begin(&ph);
	sum = check_range(a, npages, opt.seed, order, &errors);
	phase_end(&ph, "reread", npages * PAGE_SIZE, errors, sum);
	return swapin_errors != 0 || errors != 0;
}

/*
 * fork_child: in the child after a swap-out, with ph begun before the
 * fork: check every page (child-swapin), then write another pattern over
 * them all (child-cow), and exit 0 if both patterns were right.
 */
static void __attribute__((noreturn))
fork_child(struct phase *ph, char *a, uint64_t npages, uint64_t expected_sum)
{
	uint64_t errors = 0, errors2 = 0, sum, seed2 = opt.seed ^ 0xc0ffee;

	ph->start_ns = now_ns();	/* the clock starts after the fork */
	sum = check_range(a, npages, opt.seed, NULL, &errors);
	if (sum != expected_sum && errors == 0)
		errors = 1;
	phase_end(ph, "child-swapin", npages * PAGE_SIZE, errors, sum);

	phase_begin(ph);
	fill_range(a, npages, seed2);
	phase_end(ph, "child-cow", npages * PAGE_SIZE, 0, 0);
	check_range(a, npages, seed2, NULL, &errors2);
	_exit(errors != 0 || errors2 != 0);
}

/*
 * fork_verify: mode fork's read-back: a child reads A and rewrites it
 * (fork_child()), then the parent checks that its A is unchanged
 * (parent-verify); 0 if all was right, else 1.
 */
static int
fork_verify(char *a, uint64_t npages, uint64_t expected_sum)
{
	uint64_t errors = 0, sum;
	struct phase ph;
	int status = 0;
	pid_t pid;

	phase_begin(&ph);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		fork_child(&ph, a, npages, expected_sum);
	waitpid(pid, &status, 0);

	phase_begin(&ph);
	sum = check_range(a, npages, opt.seed, NULL, &errors);
	if (sum != expected_sum && errors == 0)
		errors = 1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errors += 1000000;	/* the peer's mark of a failed child */
	phase_end(&ph, "parent-verify", npages * PAGE_SIZE, errors, sum);
	return errors != 0;
}

static void __attribute__((noreturn))
usage(void)
{
	die("usage: swapbench thp|small|fork|random [-n MiB] [-p MiB] "
	    "[-m press|pageout|both] [-4] [-r seed]");
}

/* parse_args: fill in opt from argv, or exit with the usage message. */
static void
parse_args(int argc, char **argv)
{
	const char *m;

	opt = (struct options){ .method = "press", .mib = 128,
	    .pressure_mib = 256, .seed = 0x5eed };
	if (argc < 2)
		usage();
	m = opt.mode = argv[1];
	if (strcmp(m, "small") == 0)
		opt.small = true;
	else if (strcmp(m, "thp") != 0 && strcmp(m, "fork") != 0 &&
	    strcmp(m, "random") != 0)
		usage();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-4") == 0)
			opt.small = true;
		else if (i + 1 == argc)
			usage();
		else if (strcmp(argv[i], "-n") == 0)
			opt.mib = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-p") == 0)
			opt.pressure_mib = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-m") == 0)
			opt.method = argv[++i];
		else if (strcmp(argv[i], "-r") == 0)
			opt.seed = strtoul(argv[++i], NULL, 10);
		else
			usage();
	}
	m = opt.method;
	if (strcmp(m, "press") != 0 && strcmp(m, "pageout") != 0 &&
	    strcmp(m, "both") != 0)
		usage();
	opt.pg = opt.small ? "4k" : "thp";
}

int
main(int argc, char **argv)
{
	uint64_t bytes, npages, expected_sum;
	struct phase ph;
	char *a;
	int failed;

	parse_args(argc, argv);
	bytes = opt.mib * MIB;
	npages = bytes / PAGE_SIZE;
	if (npages == 0)
		usage();

	a = map_aligned(bytes);
	if (madvise(a, bytes, opt.small ? MADV_NOHUGEPAGE : MADV_HUGEPAGE) != 0)
		die("madvise(HUGEPAGE/NOHUGEPAGE)");
	phase_begin(&ph);
	expected_sum = fill_range(a, npages, opt.seed);
	phase_end(&ph, "fill", bytes, 0, expected_sum);

	if (strcmp(opt.method, "press") != 0)
		swap_out_pageout(a, bytes);
	if (opt.pressure_mib != 0 && strcmp(opt.method, "pageout") != 0)
		swap_out_press(bytes);

	if (strcmp(opt.mode, "fork") == 0)
		failed = fork_verify(a, npages, expected_sum);
	else
		failed = swap_in(a, npages, expected_sum);
	munmap(a, bytes);
	return failed;
}
