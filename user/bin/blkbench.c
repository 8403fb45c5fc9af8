/*
 * blkbench: how fast a disk reads and writes, with nothing in between:
 * sequential O_DIRECT requests, measured the same way on Linux and on
 * Pagoda.
 *
 *   blkbench [-w] [-b 4k|2m|SIZE] [-j JOBS] [-m MIB] DEV
 *
 * reads (or with -w writes) the first MIB MiB of DEV (default 64) in
 * requests of SIZE bytes (default 4k; a number with an optional k or m,
 * a multiple of 512), with JOBS processes (default 1) each doing its own
 * contiguous slice of the region, one request at a time.  So JOBS is the
 * number of requests in flight, the "queue depth" of fio and friends:
 *
 *   DEV:  | job 0 -> | job 1 -> | job 2 -> | ... | job JOBS-1 -> |
 *         0                                                  MIB MiB
 *
 * Each job opens DEV itself (O_DIRECT, so the data goes straight between
 * its buffer and the device, with no page cache: on Pagoda every access
 * to /dev/vdX is like that) and uses pread/pwrite.  With -w each job
 * ends with fdatasync, so the time includes getting the data onto the
 * device, not only handing it over.
 *
 * The clock runs from before the first fork to after the last child has
 * been waited for: process creation is part of the cost of JOBS in
 * flight, on both systems.  Output, one machine-readable line:
 *
 *   RESULT bench=blk_read bs=4096 jobs=32 mib=64 value=123.45 unit=MiB/s
 *
 * Exit status 0; 1 with a message naming the offset if a request failed
 * or came back short; 2 for a usage error.  Writes destroy DEV's data.
 */
#include <errno.h>
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

#define SECTOR		512
#define MIB		(1024L * 1024)

/* What to do: the command line. */
struct bench {
	bool		write;
	long		request_size;	/* bytes, a multiple of SECTOR */
	int		jobs;
	long		mib;		/* the region: [0, mib MiB) */
	const char	*dev;
};

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: blkbench [-w] [-b 4k|2m|SIZE] [-j JOBS] "
	    "[-m MIB] DEV\n");
	exit(2);
}

/* parse_size: "4096", "4k", "2m" in bytes; -1 if it is not a size. */
static long
parse_size(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || n <= 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		n *= 1024, end++;
	else if (*end == 'm' || *end == 'M')
		n *= MIB, end++;
	return *end == '\0' ? n : -1;
}

/* parse_args: fill in b from argv, or exit with the usage message. */
static void
parse_args(int argc, char **argv, struct bench *b)
{
	int i;

	*b = (struct bench){ false, 4096, 1, 64, NULL };
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-w") == 0)
			b->write = true;
		else if (i + 1 == argc)
			usage();
		else if (strcmp(argv[i], "-b") == 0)
			b->request_size = parse_size(argv[++i]);
		else if (strcmp(argv[i], "-j") == 0)
			b->jobs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-m") == 0)
			b->mib = atol(argv[++i]);
		else
			usage();
	}
	if (i + 1 != argc || b->request_size <= 0 || b->jobs <= 0 ||
	    b->mib <= 0)
		usage();
	b->dev = argv[i];
}

/*
 * check_args: the sizes must fit together, and DEV must be there, open
 * the way the jobs will open it, and as big as the region.  Said once
 * here rather than 32 times by the jobs.  Exits if anything is wrong.
 */
static void
check_args(const struct bench *b, int open_flags)
{
	long region = b->mib * MIB, requests = region / b->request_size;
	off_t size;
	int fd;

	if (b->request_size % SECTOR != 0 || region % b->request_size != 0 ||
	    b->jobs > requests) {
		fprintf(stderr, "blkbench: %ld MiB is not a whole number of "
		    "%ld-byte requests (a multiple of %d), at least one for "
		    "each of %d jobs\n", b->mib, b->request_size, SECTOR,
		    b->jobs);
		exit(2);
	}
	fd = open(b->dev, open_flags);
	if (fd < 0) {
		fprintf(stderr, "blkbench: %s: %s\n", b->dev, strerror(errno));
		exit(1);
	}
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	if (size < region) {
		fprintf(stderr, "blkbench: %s: %ld bytes, smaller than the "
		    "%ld MiB region\n", b->dev, (long)size, b->mib);
		exit(1);
	}
}

/*
 * shared_buffer: one buffer of len bytes for all the jobs, filled with a
 * pattern for writes (any bytes but zeros, which a clever layer below
 * could skip).  Set up before the clock starts, so that the time is the
 * I/O's and not the page faults'.  MAP_SHARED so that fork shares it
 * instead of copying it on write: a read's data lands in it in every
 * child, and the jobs' reads overwrite each other's data there, which
 * nobody looks at.  Page aligned, as Linux's O_DIRECT requires of a
 * buffer (Pagoda takes any).
 */
static uint64_t *
shared_buffer(size_t len)
{
	uint64_t *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED) {
		perror("blkbench: mmap");
		exit(1);
	}
	for (size_t i = 0; i < len / sizeof(*buf); i++)
		buf[i] = 0x9e3779b97f4a7c15ULL * (i + 1);
	return buf;
}

/*
 * io_failed: say what went wrong with the request at offset, in a job
 * (n is what pread or pwrite returned), and end the job with status 1.
 */
static void __attribute__((noreturn))
io_failed(const struct bench *b, int job, off_t offset, ssize_t n)
{
	const char *call = b->write ? "pwrite" : "pread";

	if (n < 0)
		fprintf(stderr, "blkbench: job %d: %s of %ld bytes at offset "
		    "%ld: %s\n", job, call, b->request_size, (long)offset,
		    strerror(errno));
	else
		fprintf(stderr, "blkbench: job %d: %s of %ld bytes at offset "
		    "%ld: only %ld done\n", job, call, b->request_size,
		    (long)offset, (long)n);
	_exit(1);
}

/*
 * run_job: the child's part.  Job number job of b->jobs does requests
 * [first, last) of the region, in order, one at a time, through its own
 * descriptor, then exits: 0 if every request was done in full.
 */
static void __attribute__((noreturn))
run_job(const struct bench *b, int job, int open_flags, void *buf)
{
	long requests = b->mib * MIB / b->request_size;
	long first = job * requests / b->jobs;
	long last = (job + 1) * requests / b->jobs;
	int fd = open(b->dev, open_flags);

	if (fd < 0) {
		fprintf(stderr, "blkbench: job %d: %s: %s\n", job, b->dev,
		    strerror(errno));
		_exit(1);
	}
	for (long r = first; r < last; r++) {
		off_t offset = r * b->request_size;
		ssize_t n = b->write ?
		    pwrite(fd, buf, b->request_size, offset) :
		    pread(fd, buf, b->request_size, offset);

		if (n != b->request_size)
			io_failed(b, job, offset, n);
	}
	if (b->write && fdatasync(fd) != 0) {
		fprintf(stderr, "blkbench: job %d: fdatasync: %s\n", job,
		    strerror(errno));
		_exit(1);
	}
	_exit(0);
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * run_jobs: fork the jobs, wait for them all; the seconds that took, or
 * -1 if a job failed (it has said why) or could not be started.
 */
static double
run_jobs(const struct bench *b, int open_flags, void *buf)
{
	double start = now_seconds();
	int started = 0, status;
	bool failed = false;

	fflush(stdout);
	for (int job = 0; job < b->jobs; job++) {
		pid_t pid = fork();

		if (pid == 0)
			run_job(b, job, open_flags, buf);
		if (pid < 0) {
			perror("blkbench: fork");
			failed = true;
			break;
		}
		started++;
	}
	for (; started > 0; started--)
		if (wait(&status) < 0 || status != 0)
			failed = true;
	return failed ? -1 : now_seconds() - start;
}

int
main(int argc, char **argv)
{
	struct bench b;
	int open_flags;
	double seconds;
	void *buf;

	parse_args(argc, argv, &b);
	open_flags = O_DIRECT | (b.write ? O_RDWR : O_RDONLY);
	check_args(&b, open_flags);
	buf = shared_buffer(b.request_size);
	seconds = run_jobs(&b, open_flags, buf);
	if (seconds < 0)
		return 1;
	printf("RESULT bench=%s bs=%ld jobs=%d mib=%ld value=%.2f "
	    "unit=MiB/s\n", b.write ? "blk_write" : "blk_read",
	    b.request_size, b.jobs, b.mib, b.mib / seconds);
	return 0;
}
