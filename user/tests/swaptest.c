/*
 * swaptest: swap areas, turned on and off (swapon(2), swapoff(2),
 * /proc/swaps, /proc/meminfo).
 *
 *	swaptest GOOD1 GOOD2 BLANK
 *
 * GOOD1 and GOOD2 are disks made swap areas by mkswap (tools/check.sh
 * makes one with Pagoda's mkswap and, when the host has it, one with
 * util-linux's); BLANK is a disk of zeros, which swapon must refuse.  It
 * needs spare disks and root, so it runs on Pagoda only (make check runs
 * it through tools/pagoda-run with three --disk).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>
#include <utest.h>

static const char *good1, *good2, *blank;

/* The whole of the small text file path, in buf; false if unreadable. */
static bool
slurp(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0;
}

/* The value of field ("SwapTotal:") in /proc/meminfo, in KiB; or -1. */
static long
meminfo_kib(const char *field)
{
	char buf[2048], *p;

	if (!slurp("/proc/meminfo", buf, sizeof(buf)) ||
	    (p = strstr(buf, field)) == NULL)
		return -1;
	return strtol(p + strlen(field), NULL, 10);
}

/*
 * The priority /proc/swaps gives path (its line's last field), or
 * -1000 if path has no line.
 */
static int
swaps_prio(const char *path)
{
	char buf[2048], *line, *end, *tab;

	if (!slurp("/proc/swaps", buf, sizeof(buf)))
		return -1000;
	for (line = buf; line != NULL && *line != '\0'; line = end) {
		end = strchr(line, '\n');
		if (end != NULL)
			*end++ = '\0';
		if (strncmp(line, path, strlen(path)) == 0 &&
		    line[strlen(path)] == ' ' &&
		    (tab = strrchr(line, '\t')) != NULL)
			return atoi(tab + 1);
	}
	return -1000;
}

/* A disk of zeros is no swap area: EINVAL (the console says why). */
static void
test_bad_header(void)
{
	CHECK_ERRNO(swapon(blank, 0), -1, EINVAL);
	CHECK(swaps_prio(blank) == -1000);
}

/* Not a disk at all, or no such disk. */
static void
test_not_a_disk(void)
{
	CHECK_ERRNO(swapon("/etc/motd", 0), -1, ENOTBLK);
	CHECK_ERRNO(swapon("/dev/vdz", 0), -1, ENOENT);
	CHECK_ERRNO(swapon(good1, 0x7fffffff), -1, EINVAL);	/* flags */
	CHECK_ERRNO(swapoff(good1), -1, EINVAL);		/* not on */
}

/*
 * Two areas on, one with a priority and one with the default (-2 for
 * the first, as Linux numbers them); /proc/swaps and /proc/meminfo show
 * them; a second swapon of one is EBUSY; off again, SwapTotal is 0.
 */
static void
test_on_off(void)
{
	long one;

	CHECK(meminfo_kib("SwapTotal:") == 0);
	CHECK(swapon(good1, 0) == 0);
	one = meminfo_kib("SwapTotal:");
	CHECK(one > 0 && meminfo_kib("SwapFree:") == one);
	CHECK(swapon(good2, SWAP_FLAG_PREFER | 5) == 0);
	CHECK(swaps_prio(good2) == 5);
	CHECK(swaps_prio(good1) < 0);
	CHECK(meminfo_kib("SwapTotal:") > one);
	CHECK_ERRNO(swapon(good1, 0), -1, EBUSY);
	CHECK(swapoff(good1) == 0);
	CHECK_ERRNO(swapoff(good1), -1, EINVAL);
	CHECK(swapoff(good2) == 0);
	CHECK(meminfo_kib("SwapTotal:") == 0);
	CHECK(swaps_prio(good1) == -1000 && swaps_prio(good2) == -1000);
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: swaptest GOOD1 GOOD2 BLANK\n");
		return 2;
	}
	good1 = argv[1];
	good2 = argv[2];
	blank = argv[3];
	utest_run("swap_bad_header", test_bad_header);
	utest_run("swap_not_a_disk", test_not_a_disk);
	utest_run("swap_on_off", test_on_off);
	return utest_summary();
}
