/*
 * vmbench: the costs a student can feel in the VM system, measured the
 * same way on Linux and on Pagoda.
 *
 *   fork_exit_wait   fork a child that exits at once, wait for it: the
 *                    round trip, in microseconds
 *   minor_fault      touch every page of a fresh anonymous region: one
 *                    zero-fill fault per 4 KiB page (MADV_NOHUGEPAGE), in
 *                    microseconds per fault, and MiB/s
 *   cow_fault        after fork, the child writes every page: one copy on
 *                    write per page, in microseconds per fault
 *
 * Output: one machine-readable line per result,
 *   RESULT bench=NAME value=V unit=U
 * Usage: vmbench [MiB]   (default 64, as the Linux peer's workload)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096
#define FORK_ROUNDS	200

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void
result(const char *name, double value, const char *unit)
{
	printf("RESULT bench=%s value=%.2f unit=%s\n", name, value, unit);
}

static void
bench_fork(void)
{
	double start = now_us();
	int status;

	for (int i = 0; i < FORK_ROUNDS; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			perror("vmbench: fork");
			exit(1);
		}
	}
	result("fork_exit_wait", (now_us() - start) / FORK_ROUNDS, "us");
}

/* A fresh anonymous region of len bytes, small pages only. */
static char *
region(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("vmbench: mmap");
		exit(1);
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static void
touch(char *p, size_t len, char value)
{
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = value;
}

static void
bench_faults(size_t mib)
{
	size_t len = mib << 20, pages = len / PAGE;
	char *p = region(len);
	double start = now_us(), us;
	int status;
	pid_t pid;

	touch(p, len, 1);
	us = now_us() - start;
	result("minor_fault", us / pages, "us");
	result("minor_fault_fill", mib / (us / 1e6), "MiB/s");
	pid = fork();
	if (pid == 0) {
		start = now_us();
		touch(p, len, 2);
		result("cow_fault", (now_us() - start) / pages, "us");
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		fprintf(stderr, "vmbench: the copy-on-write child failed\n");
		exit(1);
	}
	for (size_t off = 0; off < len; off += PAGE)
		if (p[off] != 1) {
			fprintf(stderr, "vmbench: page %zu changed\n",
			    off / PAGE);
			exit(1);
		}
	munmap(p, len);
}

int
main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64;

	if (mib == 0)
		mib = 64;
	bench_fork();
	bench_faults(mib);
	return 0;
}
