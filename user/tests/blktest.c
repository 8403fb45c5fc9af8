/*
 * blktest: a disk as a program sees it (/dev/vda, /dev/vdb, ...), tested
 * from user space: what is written is what is read back, at the right
 * place, whatever the size of the request and however many run at once;
 * and the edges (misaligned requests, the end of the disk) give Linux's
 * answers.
 *
 *	blktest [-s SEED] PATH
 *
 * PATH is opened with O_RDWR | O_DIRECT: every request goes to the
 * device as it is, with no cache in between, and must start and end on
 * a 512-byte sector boundary.  That is how Pagoda's /dev/vdX always
 * behaves, and what Linux does for O_DIRECT, on a disk or on a file.
 * So the suite runs on Linux against an image file, which checks the
 * *test*, before it runs on Pagoda against the device:
 *
 *	truncate -s 64M /tmp/x.img; build/amd64/user/bin/blktest /tmp/x.img
 *	tools/pagoda-run --disk /tmp/x.img -- blktest /dev/vda
 *
 * THE DATA ON PATH IS DESTROYED.  PATH must hold at least 8 MiB.
 *
 * Every sector the suite writes holds a pattern made of its own sector
 * number and the seed (pattern_word()), so a sector read back from the
 * wrong place, or left unwritten, is noticed, and the message says whose
 * data is there instead.  The places and sizes are random: the seed is
 * printed, and -s repeats a run.
 *
 * Each test runs in a child process of its own, under the harness in
 * <utest.h>, as in usertests: "test NAME: ok", "test NAME: FAILED" (after
 * a line per failed check) or "test NAME: skipped (why)"; then "N passed,
 * N failed" (", N skipped"), and exit status 0 only if nothing failed.
 * On Pagoda a test after which MemFree has dropped by more than 16 KiB
 * fails as a leak.
 *
 * Where Linux's answers differ between a disk and a file, the disk's are
 * the ones Pagoda gives: a write at or past the end of a disk fails with
 * ENOSPC, and a file would grow instead, so that test is skipped for a
 * regular file.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utest.h>

#define SECTOR		512
#define WORDS		(SECTOR / 8)		/* 64-bit words in a sector */
#define KIB		1024L
#define MIB		(1024 * KIB)
#define MIN_SIZE	(8 * MIB)		/* the least PATH may hold */
#define LARGE		(2 * MIB)		/* large_request's size */
#define RANDOM_REQUESTS	64			/* rw_random_sectors */
#define RANDOM_MAX	32			/* sectors a random request */
#define JOBS		32			/* concurrent_jobs */
#define JOB_REGION	(128 * KIB)		/* each job's own */
#define BARRIER_SECONDS	10	/* how long a job waits for the others */

static unsigned long seed;
static bool on_pagoda;

/* The device (or file) under test. */
static const char *dev_path;
static off_t dev_size;			/* bytes, a multiple of SECTOR */
static long dev_sectors;
static bool dev_is_file;		/* a regular file, not a device */

/* ---- random numbers and patterns ---- */

/*
 * Each test draws its own random numbers, from the seed and its tag, so
 * that what one test draws does not depend on the tests before it.  The
 * tag also keys the test's data pattern.
 */
enum tag {
	TAG_RANDOM = 1, TAG_POSITION, TAG_LARGE, TAG_LARGE_PIECES,
	TAG_BUFFER, TAG_JOBS, TAG_EINVAL, TAG_EINVAL_OTHER, TAG_END,
	TAG_ZERO, TAG_LAST = TAG_ZERO
};

static uint64_t rng_state;

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

static void
rng_start(enum tag tag)
{
	rng_state = mix(seed ^ ((uint64_t)tag << 56)) | 1;
}

/* random_below: a number in [0, n), n > 0 (xorshift64*). */
static long
random_below(long n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (long)((rng_state * 0x2545f4914f6cdd1dULL >> 1) % n);
}

/* random_sector: the first of n sectors, all on the device. */
static long
random_sector(long n)
{
	return random_below(dev_sectors - n + 1);
}

/*
 * pattern_word: word w (0..63) of sector s, as the test with tag writes
 * it:
 *
 *    63                                         6 5        0
 *   +--------------------------------------------+----------+
 *   |               sector number s              |  word w  |  XOR key
 *   +--------------------------------------------+----------+
 *
 * key = mix(seed, tag).  Every word of the disk differs, and XOR with
 * the key tells where a misplaced word was meant to go.  The pattern
 * depends only on where a sector is, not on which request wrote it, so
 * requests that overlap write the same bytes there.
 */
static uint64_t
pattern_key(enum tag tag)
{
	return mix(seed * 0x100 + tag);
}

static uint64_t
pattern_word(long sector, int w, enum tag tag)
{
	return pattern_key(tag) ^ ((uint64_t)sector << 6 | (uint64_t)w);
}

/* fill_sectors: buf (8-byte aligned) gets n sectors' pattern from first. */
static void
fill_sectors(void *buf, long first, long n, enum tag tag)
{
	uint64_t *word = buf;

	for (long s = 0; s < n; s++)
		for (int w = 0; w < WORDS; w++)
			*word++ = pattern_word(first + s, w, tag);
}

/*
 * placed_sector: if got is a whole sector of some test's pattern of this
 * run, the sector it was meant for (and *tag_found, whose pattern);
 * else -1.
 */
static long
placed_sector(const uint64_t *got, enum tag *tag_found)
{
	for (enum tag tag = TAG_RANDOM; tag <= TAG_LAST; tag++) {
		uint64_t placed = got[0] ^ pattern_key(tag);
		long sector = (long)(placed >> 6);
		int w = 0;

		if ((placed & (WORDS - 1)) != 0 || sector >= dev_sectors)
			continue;
		while (w < WORDS && got[w] == pattern_word(sector, w, tag))
			w++;
		if (w == WORDS) {
			*tag_found = tag;
			return sector;
		}
	}
	return -1;
}

/*
 * describe_sector: print how sector, read into got, differs from tag's
 * pattern: zeros, the data of another sector (maybe another test's), or
 * else the first wrong word.
 */
static void
describe_sector(const uint64_t *got, long sector, enum tag tag,
    const char *what)
{
	enum tag tag_found;
	long placed = placed_sector(got, &tag_found);
	int w = 0;

	while (w < WORDS && got[w] == 0)
		w++;
	if (w == WORDS) {
		printf("  sector %ld (%s): zeros\n", sector, what);
	} else if (placed >= 0) {
		printf("  sector %ld (%s): holds %s data of sector %ld\n",
		    sector, what, tag_found == tag ? "the" : "an earlier write's",
		    placed);
	} else {
		for (w = 0; w < WORDS - 1 &&
		    got[w] == pattern_word(sector, w, tag); w++)
			continue;
		printf("  sector %ld (%s): byte %d is word %#lx, not %#lx\n",
		    sector, what, w * 8, (unsigned long)got[w],
		    (unsigned long)pattern_word(sector, w, tag));
	}
}

/*
 * verify_sectors: are the n sectors in buf (8-byte aligned) first's
 * pattern?  If not, the test fails, and the first bad sector is
 * described, with how many were bad.
 */
static bool
verify_sectors(const void *buf, long first, long n, enum tag tag,
    const char *what)
{
	const uint64_t *word = buf;
	long bad = 0, first_bad = -1;

	for (long s = 0; s < n; s++, word += WORDS)
		for (int w = 0; w < WORDS; w++)
			if (word[w] != pattern_word(first + s, w, tag)) {
				if (bad++ == 0)
					first_bad = s;
				break;
			}
	if (bad == 0)
		return true;
	describe_sector((const uint64_t *)buf + first_bad * WORDS,
	    first + first_bad, tag, what);
	printf("  %ld of %ld sectors from sector %ld are wrong\n", bad, n,
	    first);
	utest_fail();
	return false;
}

/* ---- buffers and requests ---- */

/*
 * map_buffer: len bytes, page aligned (as Linux's O_DIRECT wants),
 * filled with junk (0xa5) so that bytes a read should have replaced and
 * did not stand out.  NULL, and the test failed, if there is no memory.
 */
static void *
map_buffer(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!CHECK(p != MAP_FAILED))
		return NULL;
	memset(p, 0xa5, len);
	return p;
}

/* open_dev: the device under test, as every test opens it; -1 fails. */
static int
open_dev(void)
{
	int fd = open(dev_path, O_RDWR | O_DIRECT);

	if (fd < 0) {
		printf("  open %s: %s\n", dev_path, strerror(errno));
		utest_fail();
	}
	return fd;
}

/* request_done: did pread/pwrite do all len bytes?  If not, say so. */
static bool
request_done(ssize_t got, const char *call, long n, long first)
{
	if (got == n * SECTOR)
		return true;
	if (got < 0)
		printf("  %s of %ld sectors at sector %ld: %s\n", call, n,
		    first, strerror(errno));
	else
		printf("  %s of %ld sectors at sector %ld: %ld bytes done, "
		    "not %ld\n", call, n, first, (long)got, n * SECTOR);
	utest_fail();
	return false;
}

/*
 * write_sectors: write n sectors of tag's pattern at sector first, in
 * one pwrite from buf (room for n sectors); true if it was done in full.
 */
static bool
write_sectors(int fd, void *buf, long first, long n, enum tag tag)
{
	fill_sectors(buf, first, n, tag);
	return request_done(pwrite(fd, buf, n * SECTOR, first * SECTOR),
	    "pwrite", n, first);
}

/*
 * read_sectors: read n sectors at sector first into buf (junk-filled
 * first) in one pread, and check them against tag's pattern.
 */
static bool
read_sectors(int fd, void *buf, long first, long n, enum tag tag,
    const char *what)
{
	memset(buf, 0xa5, n * SECTOR);
	if (!request_done(pread(fd, buf, n * SECTOR, first * SECTOR),
	    "pread", n, first))
		return false;
	return verify_sectors(buf, first, n, tag, what);
}

/* ---- the size, and plain reading and writing ---- */

/* lseek(SEEK_END) is the size; fstat says what the file is. */
static void
test_seek_end(void)
{
	int fd = open_dev();
	struct stat st;

	if (fd < 0)
		return;
	CHECK(lseek(fd, 0, SEEK_END) == dev_size);
	CHECK(lseek(fd, -SECTOR, SEEK_END) == dev_size - SECTOR);
	CHECK(lseek(fd, 0, SEEK_CUR) == dev_size - SECTOR);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	if (CHECK(fstat(fd, &st) == 0)) {
		if (dev_is_file)
			CHECK(st.st_size == dev_size);
		else
			CHECK(S_ISBLK(st.st_mode));
	}
	close(fd);
}

/*
 * Requests of 1 to RANDOM_MAX sectors at random places: each is read
 * back at once, then all again, in the opposite order, through a new
 * descriptor.  A request that went to the wrong sector is caught by the
 * second pass, when another request's data is found there.
 */
static void
test_rw_random_sectors(void)
{
	long first[RANDOM_REQUESTS], n[RANDOM_REQUESTS];
	void *buf = map_buffer(RANDOM_MAX * SECTOR);
	int fd = open_dev();

	printf("  seed %lu (rerun: blktest -s %lu %s)\n", seed, seed,
	    dev_path);
	if (buf == NULL || fd < 0)
		return;
	rng_start(TAG_RANDOM);
	for (int i = 0; i < RANDOM_REQUESTS; i++) {
		n[i] = 1 + random_below(RANDOM_MAX);
		first[i] = random_sector(n[i]);
		if (!write_sectors(fd, buf, first[i], n[i], TAG_RANDOM) ||
		    !read_sectors(fd, buf, first[i], n[i], TAG_RANDOM,
		    "read right after writing"))
			return;
	}
	CHECK(fdatasync(fd) == 0);
	close(fd);
	if ((fd = open_dev()) < 0)
		return;
	for (int i = RANDOM_REQUESTS - 1; i >= 0; i--)
		if (!read_sectors(fd, buf, first[i], n[i], TAG_RANDOM,
		    "read after all the writes"))
			break;
	close(fd);
}

/* read and write go from the file position and move it; pread not. */
static void
test_read_write_position(void)
{
	long n = 4, first;
	char *buf = map_buffer(2 * n * SECTOR);
	int fd = open_dev();

	if (buf == NULL || fd < 0)
		return;
	rng_start(TAG_POSITION);
	first = random_sector(2 * n);
	CHECK(lseek(fd, first * SECTOR, SEEK_SET) == first * SECTOR);
	fill_sectors(buf, first, 2 * n, TAG_POSITION);
	CHECK(write(fd, buf, n * SECTOR) == n * SECTOR);
	CHECK(lseek(fd, 0, SEEK_CUR) == (first + n) * SECTOR);
	CHECK(write(fd, buf + n * SECTOR, n * SECTOR) == n * SECTOR);
	CHECK(lseek(fd, first * SECTOR, SEEK_SET) == first * SECTOR);
	memset(buf, 0xa5, 2 * n * SECTOR);
	CHECK(read(fd, buf, 2 * n * SECTOR) == 2 * n * SECTOR);
	verify_sectors(buf, first, 2 * n, TAG_POSITION, "read()");
	CHECK(lseek(fd, 0, SEEK_CUR) == (first + 2 * n) * SECTOR);
	CHECK(pread(fd, buf, SECTOR, first * SECTOR) == SECTOR);
	CHECK(pwrite(fd, buf, SECTOR, first * SECTOR) == SECTOR);
	CHECK(lseek(fd, 0, SEEK_CUR) == (first + 2 * n) * SECTOR);
	close(fd);
}

/*
 * A 2 MiB request at a sector that is not 2 MiB aligned (so it covers
 * parts of two 2 MiB blocks of the disk), read back whole and in 64 KiB
 * pieces; then written in 32 KiB pieces and read back whole.  A driver
 * that splits a large request (it has more pages than a virtio request
 * takes descriptors, or more bytes than the device takes at once) must
 * put every piece in its place.
 */
static void
test_large_request(void)
{
	long n = LARGE / SECTOR, piece_read = 128, piece_write = 64;
	char *buf = map_buffer(LARGE);
	int fd = open_dev();
	long first;

	if (buf == NULL || fd < 0)
		return;
	rng_start(TAG_LARGE);
	first = random_below(dev_sectors / n - 1) * n + 1 +
	    random_below(n - 1);
	printf("  at sector %ld\n", first);
	if (!write_sectors(fd, buf, first, n, TAG_LARGE) ||
	    !read_sectors(fd, buf, first, n, TAG_LARGE, "one 2 MiB read"))
		return;
	for (long s = 0; s < n; s += piece_read)
		if (!read_sectors(fd, buf, first + s, piece_read, TAG_LARGE,
		    "64 KiB reads"))
			return;
	for (long s = 0; s < n; s += piece_write)
		if (!write_sectors(fd, buf, first + s, piece_write,
		    TAG_LARGE_PIECES))
			return;
	read_sectors(fd, buf, first, n, TAG_LARGE_PIECES,
	    "written in 32 KiB pieces, one 2 MiB read");
	close(fd);
}

/*
 * A buffer at an odd address that crosses page boundaries, for writing
 * and for reading: the driver must move exactly those bytes, not a
 * byte before or after.  Pagoda takes any buffer; Linux's O_DIRECT may
 * refuse one that is not aligned to the device's DMA alignment (EINVAL),
 * and then there is nothing to test.
 */
static void
test_unaligned_buffer(void)
{
	long n = 3, first;
	char *page = map_buffer(4 * 4096), *aligned = map_buffer(n * SECTOR);
	char *wbuf = page + 4096 - 101, *rbuf = page + 3 * 4096 - 7;
	int fd = open_dev();
	ssize_t got;

	if (page == NULL || aligned == NULL || fd < 0)
		return;
	rng_start(TAG_BUFFER);
	first = random_sector(n);
	fill_sectors(aligned, first, n, TAG_BUFFER);
	memcpy(wbuf, aligned, n * SECTOR);
	got = pwrite(fd, wbuf, n * SECTOR, first * SECTOR);
	if (got == -1 && errno == EINVAL && !on_pagoda) {
		utest_skip("Linux's O_DIRECT wants an aligned buffer");
		return;
	}
	if (!request_done(got, "pwrite", n, first))
		return;
	memset(page + 2 * 4096, 0xa5, 2 * 4096);
	if (!request_done(pread(fd, rbuf, n * SECTOR, first * SECTOR),
	    "pread", n, first))
		return;
	CHECK(rbuf[-1] == (char)0xa5 && rbuf[n * SECTOR] == (char)0xa5);
	memcpy(aligned, rbuf, n * SECTOR);
	verify_sectors(aligned, first, n, TAG_BUFFER, "odd buffers");
	close(fd);
}

/* ---- many at once ---- */

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * barrier: mark this job as there, then wait (yielding) until all JOBS
 * are, so that their requests are in flight together rather than one
 * job after another as they are forked.  ready is JOBS flags in shared
 * memory, one written by each job: no atomic instructions needed.  A
 * job that never comes (it died) holds the others up for
 * BARRIER_SECONDS at most.
 */
static void
barrier(volatile int *ready, int job)
{
	double give_up = now_seconds() + BARRIER_SECONDS;
	int there = 0;

	ready[job] = 1;
	while (there < JOBS && now_seconds() < give_up) {
		if (ready[there])
			there++;
		else
			sched_yield();
	}
}

/*
 * run_job: one of concurrent_jobs' children.  It writes its region in
 * requests of one size and reads it back in another (both from 512
 * bytes to 64 KiB, by job number), through its own descriptor (even
 * jobs) or the one they all inherited (odd jobs: pread and pwrite do
 * not share its position).  The exit status: 0 if all was well.
 */
static int
run_job(int job, int shared_fd, long first, volatile int *ready)
{
	long per_job = JOB_REGION / SECTOR;
	long write_n = 1L << (job % 8), read_n = 1L << ((job + 3) % 8);
	void *buf = map_buffer(128 * SECTOR);
	int fd = job % 2 == 0 ? open_dev() : shared_fd;

	barrier(ready, job);
	if (buf == NULL || fd < 0)
		return 1;
	for (long s = 0; s < per_job; s += write_n)
		if (!write_sectors(fd, buf, first + s, write_n, TAG_JOBS))
			return 1;
	for (long s = 0; s < per_job; s += read_n)
		if (!read_sectors(fd, buf, first + s, read_n, TAG_JOBS,
		    "read back by its job"))
			return 1;
	return utest_has_failed() ? 1 : 0;
}

/*
 * JOBS processes each write their own JOB_REGION (side by side), then
 * read it back, at the same time; when all are done, the whole area is
 * read again in 2 MiB requests.  A request completed to the wrong
 * waiter, or data crossing between requests, shows as another region's
 * data in the wrong place.
 */
static void
test_concurrent_jobs(void)
{
	long per_job = JOB_REGION / SECTOR, first, all = JOBS * per_job;
	volatile int *ready = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *buf = map_buffer(LARGE);
	int fd = open_dev(), status;
	pid_t pids[JOBS];

	if (!CHECK(ready != MAP_FAILED) || buf == NULL || fd < 0)
		return;
	rng_start(TAG_JOBS);
	first = random_sector(all);
	for (int job = 0; job < JOBS; job++) {
		fflush(stdout);
		pids[job] = fork();
		if (pids[job] == 0) {
			status = run_job(job, fd, first + job * per_job, ready);
			fflush(stdout);
			_exit(status);
		}
		CHECK(pids[job] > 0);
	}
	for (int job = 0; job < JOBS; job++) {
		status = -1;
		if (pids[job] > 0 && (waitpid(pids[job], &status, 0) !=
		    pids[job] || status != 0)) {
			printf("  job %d failed (wait status %#x)\n", job,
			    status);
			utest_fail();
		}
	}
	for (long s = 0; s < all; s += LARGE / SECTOR)
		if (!read_sectors(fd, buf, first + s, LARGE / SECTOR,
		    TAG_JOBS, "read back after all the jobs"))
			break;
	close(fd);
}

/* ---- the edges ---- */

/*
 * A buffer the process may not use is EFAULT, and nothing else happens:
 * one in the page after NULL's, one in the kernel's half, and a read into
 * memory that is mapped read-only (the device would write it).  They are
 * page aligned, or Linux would say EINVAL for the alignment first.
 */
static void
test_bad_buffer(void)
{
	char *const low_page = (char *)4096;
	char *const kernel_half = (char *)0xffffffffffff0000UL;
	char *const wraps = (char *)0xfffffffffffffe00UL;	/* + 512: 0 */
	char *read_only = mmap(NULL, 4096, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open_dev();

	if (!CHECK(read_only != MAP_FAILED) || fd < 0)
		return;
	CHECK_ERRNO(pread(fd, low_page, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pwrite(fd, low_page, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pread(fd, kernel_half, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pwrite(fd, kernel_half, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pread(fd, wraps, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pwrite(fd, wraps, SECTOR, 0), -1, EFAULT);
	CHECK_ERRNO(pread(fd, read_only, SECTOR, 0), -1, EFAULT);
	CHECK(pwrite(fd, read_only, SECTOR, 0) == SECTOR);
	close(fd);
}


/* expect_einval: got, from call at offset of len bytes, is EINVAL. */
static void
expect_einval(ssize_t got, const char *call, off_t offset, size_t len)
{
	if (got == -1 && errno == EINVAL)
		return;
	printf("  %s of %zu bytes at offset %ld: %ld (%s), not EINVAL\n",
	    call, len, (long)offset, (long)got,
	    got < 0 ? strerror(errno) : "done");
	utest_fail();
}

/*
 * An offset or a length that is not a whole number of sectors is
 * EINVAL, for pread, pwrite, and read and write at such a position
 * (lseek itself takes any position), and a refused write changes
 * nothing.
 */
static void
test_unaligned_einval(void)
{
	static const struct { long offset; size_t len; } bad[] = {
		{ 1, SECTOR }, { 256, SECTOR }, { SECTOR - 1, 2 * SECTOR },
		{ 0, 1 }, { 0, 100 }, { 0, SECTOR + 1 }, { 0, 2 * SECTOR - 1 },
		{ 3, 7 },
	};
	long n = 4, first;
	char *buf = map_buffer(n * SECTOR);
	int fd = open_dev();

	if (buf == NULL || fd < 0)
		return;
	rng_start(TAG_EINVAL);
	first = random_sector(n);
	if (!write_sectors(fd, buf, first, n, TAG_EINVAL))
		return;
	fill_sectors(buf, first, n, TAG_EINVAL_OTHER);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		off_t offset = first * SECTOR + bad[i].offset;

		expect_einval(pread(fd, buf, bad[i].len, offset), "pread",
		    offset, bad[i].len);
		expect_einval(pwrite(fd, buf, bad[i].len, offset), "pwrite",
		    offset, bad[i].len);
	}
	CHECK(lseek(fd, first * SECTOR + 100, SEEK_SET) ==
	    first * SECTOR + 100);
	expect_einval(read(fd, buf, SECTOR), "read", first * SECTOR + 100,
	    SECTOR);
	expect_einval(write(fd, buf, SECTOR), "write", first * SECTOR + 100,
	    SECTOR);
	read_sectors(fd, buf, first, n, TAG_EINVAL,
	    "after the refused writes");
	close(fd);
}

/* A request of 0 bytes at a sector is no error: 0 bytes done. */
static void
test_zero_length(void)
{
	char *buf = map_buffer(SECTOR);
	int fd = open_dev();
	long first;

	if (buf == NULL || fd < 0)
		return;
	rng_start(TAG_ZERO);
	first = random_sector(1);
	CHECK(pread(fd, buf, 0, first * SECTOR) == 0);
	CHECK(pwrite(fd, buf, 0, first * SECTOR) == 0);
	close(fd);
}

/*
 * Reading at or past the end finds nothing (0, end of file); a read
 * across the end stops there, with a short count.  A disk leaves the
 * rest of the buffer alone (Linux truncates the request); a file may
 * not (Linux's ext4 zeroes to the end of its block).
 */
static void
test_read_at_end(void)
{
	long last = dev_sectors - 1;
	char *buf = map_buffer(8 * SECTOR);
	int fd = open_dev();

	if (buf == NULL || fd < 0)
		return;
	if (!write_sectors(fd, buf, last - 2, 3, TAG_END))
		return;
	CHECK(pread(fd, buf, SECTOR, dev_size) == 0);
	CHECK(pread(fd, buf, 8 * SECTOR, dev_size + 64 * KIB) == 0);
	memset(buf, 0xa5, 8 * SECTOR);
	CHECK(pread(fd, buf, 2 * SECTOR, dev_size - SECTOR) == SECTOR);
	verify_sectors(buf, last, 1, TAG_END, "read across the end");
	if (!dev_is_file)
		CHECK(buf[SECTOR] == (char)0xa5 &&
		    buf[2 * SECTOR - 1] == (char)0xa5);
	CHECK(pread(fd, buf, 8 * SECTOR, dev_size - 3 * SECTOR) ==
	    3 * SECTOR);
	verify_sectors(buf, last - 2, 3, TAG_END, "read across the end");
	CHECK(lseek(fd, 0, SEEK_END) == dev_size);
	CHECK(read(fd, buf, SECTOR) == 0);
	CHECK(lseek(fd, -SECTOR, SEEK_END) == dev_size - SECTOR);
	CHECK(read(fd, buf, 2 * SECTOR) == SECTOR);
	CHECK(lseek(fd, 0, SEEK_CUR) == dev_size);
	close(fd);
}

/*
 * Writing at or past the end of a disk is ENOSPC; a write across the
 * end stops there, with a short count (Linux's blkdev_write_iter()).
 * A regular file would grow instead.
 */
static void
test_write_past_end(void)
{
	long last = dev_sectors - 1;
	char *buf = map_buffer(8 * SECTOR);
	int fd;

	if (dev_is_file) {
		utest_skip("a regular file grows instead");
		return;
	}
	if (buf == NULL || (fd = open_dev()) < 0)
		return;
	fill_sectors(buf, last, 2, TAG_END);
	CHECK_ERRNO(pwrite(fd, buf, SECTOR, dev_size), -1, ENOSPC);
	CHECK_ERRNO(pwrite(fd, buf, 8 * SECTOR, dev_size + 64 * KIB), -1,
	    ENOSPC);
	CHECK(lseek(fd, 0, SEEK_END) == dev_size);
	CHECK_ERRNO(write(fd, buf, SECTOR), -1, ENOSPC);
	CHECK(pwrite(fd, buf, 2 * SECTOR, dev_size - SECTOR) == SECTOR);
	CHECK(lseek(fd, 0, SEEK_END) == dev_size);
	read_sectors(fd, buf, last, 1, TAG_END,
	    "the last sector, after a write across the end");
	close(fd);
}

/* ---- setup ---- */

/* setup: the seed (-s SEED, or the clock) and PATH; false: bad usage. */
static bool
setup(int argc, char **argv)
{
	struct utsname name;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	seed = (unsigned long)now.tv_nsec * 2654435761UL + now.tv_sec + 1;
	if (argc == 4 && strcmp(argv[1], "-s") == 0)
		seed = strtoul(argv[2], NULL, 0);
	else if (argc != 2 || argv[1][0] == '-')
		return false;
	dev_path = argv[argc - 1];
	on_pagoda = uname(&name) == 0 && strcmp(name.sysname, "Pagoda") == 0;
	return true;
}

/*
 * probe_device: dev_size, dev_sectors and dev_is_file, or exit with a
 * message if PATH cannot be tested.  It also reads one sector, so that
 * whatever a kernel sets up at a device's first use is there before the
 * first test's leak check.
 */
static void
probe_device(void)
{
	char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open(dev_path, O_RDWR | O_DIRECT);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "blktest: %s (O_RDWR | O_DIRECT): %s\n",
		    dev_path, strerror(errno));
		exit(1);
	}
	dev_is_file = S_ISREG(st.st_mode);
	dev_size = lseek(fd, 0, SEEK_END);
	dev_sectors = dev_size / SECTOR;
	if (dev_size < MIN_SIZE || dev_size % SECTOR != 0) {
		fprintf(stderr, "blktest: %s: lseek(SEEK_END) says %ld bytes; "
		    "the tests need whole sectors, at least %ld MiB\n",
		    dev_path, (long)dev_size, MIN_SIZE / MIB);
		exit(1);
	}
	if (buf == MAP_FAILED || pread(fd, buf, SECTOR, 0) != SECTOR) {
		fprintf(stderr, "blktest: %s: cannot read sector 0: %s\n",
		    dev_path, strerror(errno));
		exit(1);
	}
	close(fd);
	munmap(buf, 4096);
}

int
main(int argc, char **argv)
{
	if (!setup(argc, argv)) {
		fprintf(stderr, "usage: blktest [-s seed] PATH  "
		    "(PATH's data is destroyed)\n");
		return 2;
	}
	probe_device();
	printf("blktest: %s, %s of %ld sectors, seed %lu\n", dev_path,
	    dev_is_file ? "a regular file" : "a device", dev_sectors, seed);

	utest_run("seek_end", test_seek_end);
	utest_run("rw_random_sectors", test_rw_random_sectors);
	utest_run("read_write_position", test_read_write_position);
	utest_run("large_request", test_large_request);
	utest_run("unaligned_buffer", test_unaligned_buffer);
	utest_run("concurrent_jobs", test_concurrent_jobs);
	utest_run("bad_buffer", test_bad_buffer);
	utest_run("unaligned_einval", test_unaligned_einval);
	utest_run("zero_length", test_zero_length);
	utest_run("read_at_end", test_read_at_end);
	utest_run("write_past_end", test_write_past_end);

	return utest_summary();
}
