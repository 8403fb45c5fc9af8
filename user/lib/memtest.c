/*
 * memtest.c: what the memory test programs share (<memtest.h>): page
 * patterns that encode seed, test and page, numbers from /proc, child
 * processes under <utest.h>, and the command line and run of a test
 * program.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <memtest.h>
#include <utest.h>

/* ---- patterns ---- */

static unsigned long pattern_seed;
static int pattern_ntags;

void
pattern_init(unsigned long seed, int ntags)
{
	pattern_seed = seed;
	pattern_ntags = ntags;
}

/* mix: splitmix64's finaliser, a thorough scramble of x. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t
pattern_key(int tag)
{
	return mix(pattern_seed * 0x100 + tag);
}

void
pattern_fill(uint64_t *base, long first, long n, int tag)
{
	uint64_t key = pattern_key(tag);

	for (long p = first; p < first + n; p++)
		for (long w = 0; w < MT_WORDS; w++)
			*base++ = pattern_word(key, p, w);
}

/*
 * describe_page: print how page p (at got) differs from tag's pattern:
 * zeros, a whole page of some test's pattern (which page, whose), or
 * else its first wrong byte.
 */
static void
describe_page(const uint64_t *got, long p, int tag, const char *what)
{
	long w = 0;

	while (w < MT_WORDS && got[w] == 0)
		w++;
	if (w == MT_WORDS) {
		printf("  page %ld (%s): zeros\n", p, what);
		return;
	}
	for (int t = 1; t <= pattern_ntags; t++) {
		uint64_t key = pattern_key(t), placed = got[0] ^ key;
		long page = (long)(placed / MT_WORDS);

		for (w = 0; w < MT_WORDS && placed % MT_WORDS == 0 &&
		    got[w] == pattern_word(key, page, w); w++)
			continue;
		if (w == MT_WORDS) {
			printf("  page %ld (%s): holds page %ld of %s "
			    "pattern\n", p, what, page,
			    t == tag ? "its own" : "another test's");
			return;
		}
	}
	for (w = 0; w < MT_WORDS - 1 &&
	    got[w] == pattern_word(pattern_key(tag), p, w); w++)
		continue;
	printf("  page %ld (%s): byte %ld is word %#lx, not %#lx\n", p, what,
	    w * 8, (unsigned long)got[w],
	    (unsigned long)pattern_word(pattern_key(tag), p, w));
}

bool
pattern_verify(const uint64_t *base, long first, long n, int tag,
    const char *what)
{
	uint64_t key = pattern_key(tag);
	long bad = 0, first_bad = -1;

	for (long i = 0; i < n; i++) {
		const uint64_t *page = base + i * MT_WORDS;

		for (long w = 0; w < MT_WORDS; w++)
			if (page[w] != pattern_word(key, first + i, w)) {
				if (bad++ == 0)
					first_bad = i;
				break;
			}
	}
	if (bad == 0)
		return true;
	describe_page(base + first_bad * MT_WORDS, first + first_bad, tag,
	    what);
	printf("  %ld of %ld pages wrong (%s)\n", bad, n, what);
	utest_fail();
	return false;
}

/* ---- what /proc says ---- */

bool
read_text(const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	while (len < (ssize_t)size - 1 &&
	    (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return len > 0;
}

const char *
find_line(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *line = text;

	while (line != NULL) {
		if (strncmp(line, name, len) == 0)
			return line + len;
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return NULL;
}

long
line_value(const char *text, const char *name)
{
	const char *value = find_line(text, name);

	return value != NULL ? strtol(value, NULL, 10) : -1;
}

long
file_value(const char *path, const char *name)
{
	static char text[16384];	/* Linux's vmstat is 5 KiB */

	return read_text(path, text, sizeof(text)) ?
	    line_value(text, name) : -1;
}

long
vmstat(const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), "%s ", name);
	return file_value("/proc/vmstat", key);
}

long
meminfo_kib(const char *field)
{
	return file_value("/proc/meminfo", field);
}

long
self_swap_kib(void)
{
	return file_value("/proc/self/status", "VmSwap:");
}

bool
is_pagoda(void)
{
	static int pagoda = -1;
	struct utsname name;

	if (pagoda < 0)
		pagoda = uname(&name) == 0 &&
		    strcmp(name.sysname, "Pagoda") == 0;
	return pagoda;
}

int
swaps_priority(const char *path)
{
	char text[4096], key[256];
	const char *line, *end;

	snprintf(key, sizeof(key), "%s ", path);
	if (!read_text("/proc/swaps", text, sizeof(text)) ||
	    (line = find_line(text, key)) == NULL)
		return NOT_ON;
	end = line + strcspn(line, "\n");
	while (end > line && end[-1] != ' ' && end[-1] != '\t')
		end--;
	return atoi(end);
}

bool
swaps_listed(const char *path)
{
	return swaps_priority(path) != NOT_ON;
}

bool
swapoff_or_fail(const char *dev)
{
	if (swapoff(dev) == 0)
		return true;
	printf("  swapoff %s: %s\n", dev, strerror(errno));
	utest_fail();
	return false;
}

long
swap_unaccounted_kib(void)
{
	long kib = meminfo_kib("SwapTotal:") - meminfo_kib("SwapFree:") -
	    meminfo_kib("SwapCached:");
	struct dirent *d;
	char path[64];
	DIR *dir = opendir("/proc");

	while (dir != NULL && (d = readdir(dir)) != NULL) {
		long swapped;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		if ((swapped = file_value(path, "VmSwap:")) > 0)
			kib -= swapped;
	}
	if (dir != NULL)
		closedir(dir);
	return kib;
}

bool
swap_settles(long before)
{
	long limit = (before > 0 ? before : 0) + (is_pagoda() ? 0 : 1024);
	long now = swap_unaccounted_kib();

	for (int i = 0; i < SETTLE_SECONDS * 20 && now > limit; i++) {
		usleep(50 * 1000);
		now = swap_unaccounted_kib();
	}
	if (now > limit)
		printf("  %ld KiB of swap held by no one (%ld before)\n", now,
		    before);
	return now <= limit;
}

/* ---- processes ---- */

pid_t
spawn(void (*body)(long), long arg)
{
	pid_t pid;

	fflush(stdout);			/* or the child prints it again */
	pid = fork();
	if (pid == 0) {
		body(arg);
		fflush(stdout);
		_exit(utest_has_failed() ? 1 : 0);
	}
	CHECK(pid > 0);
	return pid;
}

int
reap(pid_t pid)
{
	int status;

	if (pid <= 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

bool
reaped_ok(pid_t pid, const char *who)
{
	int status = reap(pid);

	if (status == 0)
		return true;
	if (status == -1)
		printf("  %s: wait failed: %s\n", who, strerror(errno));
	else if (WIFSIGNALED(status))
		printf("  %s: killed by signal %d\n", who, WTERMSIG(status));
	else
		printf("  %s: exited with %d\n", who, WEXITSTATUS(status));
	utest_fail();
	return false;
}

long
seconds_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec;
}

bool
wait_until(volatile int *word, int value)
{
	long deadline = seconds_now() + WAIT_SECONDS;

	while (*word < value) {
		if (seconds_now() > deadline) {
			printf("  waited %d s for another process\n",
			    WAIT_SECONDS);
			return false;
		}
		usleep(1000);
	}
	return true;
}

/* ---- the command line and the run ---- */

/* test_index: the test of prog called name, or -1. */
static int
test_index(const struct memtest_program *prog, const char *name)
{
	for (int i = 0; i < prog->ntests; i++)
		if (strcmp(prog->tests[i].name, name) == 0)
			return i;
	return -1;
}

/* clock_seed: a seed from the monotonic clock, for a run without -s. */
static unsigned long
clock_seed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (unsigned long)now.tv_nsec * 2654435761UL + now.tv_sec + 1;
}

/*
 * parse_args: memtest_start()'s parsing; the index in argv of the first
 * TEST, or -1 for bad usage.
 */
static int
parse_args(const struct memtest_program *prog, int argc, char **argv,
    unsigned long *seed, const char **dev)
{
	int i = 1;

	*seed = clock_seed();
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2)
		if (strcmp(argv[i], "-s") == 0)
			*seed = strtoul(argv[i + 1], NULL, 0);
		else if (prog->option == NULL ||
		    !prog->option(argv[i], argv[i + 1]))
			return -1;
	if (i >= argc || argv[i][0] == '-')
		return -1;
	*dev = argv[i++];
	for (int t = i; t < argc; t++)
		if (test_index(prog, argv[t]) < 0)
			return -1;
	return i;
}

/* usage: say on stderr how to run prog, with its tests' names. */
static void
usage(const struct memtest_program *prog)
{
	fprintf(stderr, "usage: %s [-s seed] %sDEV [TEST...]\n  tests:",
	    prog->name, prog->options);
	for (int i = 0; i < prog->ntests; i++)
		fprintf(stderr, " %s%s", prog->tests[i].name,
		    prog->tests[i].by_default ? "" : " (not by default)");
	fprintf(stderr, "\n");
}

int
memtest_start(const struct memtest_program *prog, int argc, char **argv,
    unsigned long *seed, const char **dev)
{
	int first = parse_args(prog, argc, argv, seed, dev);

	if (first < 0) {
		usage(prog);
		exit(2);
	}
	pattern_init(*seed, prog->ntags);
	if (meminfo_kib("MemTotal:") / (MT_PAGE / 1024) <= 0) {
		fprintf(stderr, "%s: no MemTotal in /proc/meminfo\n",
		    prog->name);
		exit(2);
	}
	return first;
}

bool
memtest_swap_on(const struct memtest_program *prog, const char *dev,
    int *swapon_flags)
{
	int priority = swaps_priority(dev);

	if (priority != NOT_ON) {
		if (priority >= 0)
			*swapon_flags = SWAP_FLAG_PREFER | priority;
		return false;
	}
	if (swapon(dev, 0) != 0) {
		fprintf(stderr, "%s: swapon %s: %s\n", prog->name, dev,
		    strerror(errno));
		exit(2);
	}
	return true;
}

/* wanted: run test i of prog?  The TESTs named, or the default ones. */
static bool
wanted(const struct memtest_program *prog, int i, int first, int argc,
    char **argv)
{
	if (first == argc)
		return prog->tests[i].by_default;
	for (int t = first; t < argc; t++)
		if (strcmp(argv[t], prog->tests[i].name) == 0)
			return true;
	return false;
}

int
memtest_run(const struct memtest_program *prog, int first, int argc,
    char **argv)
{
	for (int i = 0; i < prog->ntests; i++)
		if (wanted(prog, i, first, argc, argv))
			utest_run(prog->tests[i].name, prog->tests[i].test);
	return utest_summary();
}

int
memtest_swap_off(const struct memtest_program *prog, const char *dev,
    bool turned_on, int status)
{
	if (turned_on && swapoff(dev) != 0) {
		printf("%s: swapoff %s at the end: %s\n", prog->name, dev,
		    strerror(errno));
		return 3;
	}
	return status;
}
