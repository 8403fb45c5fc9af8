/*
 * free: how much memory is used and free, from /proc/meminfo.
 *
 *	free
 *
 * Prints Linux's free table, in KiB:
 *
 *	               total        used        free      shared  buff/cache   available
 *	Mem:          127884         336      127548           0           0      127548
 *	Swap:              0           0           0
 *
 * where, from the fields of /proc/meminfo (proc(5)):
 *
 *	total       MemTotal: the memory the kernel manages
 *	free        MemFree: not used for anything
 *	shared      Shmem (Pagoda has none: 0)
 *	buff/cache  Buffers + Cached + SReclaimable: memory that holds
 *	            copies of something and can be taken back at once
 *	            (Pagoda has no page cache: 0)
 *	used        total - free - buff/cache
 *	available   MemAvailable: what a program could get without swapping
 *	Swap        SwapTotal, SwapTotal - SwapFree, SwapFree
 *
 * A field /proc/meminfo lacks counts as 0, but MemTotal and MemFree must
 * be there.  Exit status 0, or 1 if /proc/meminfo cannot be read.  The
 * same program runs on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MEMINFO_MAX	8192	/* Linux's is about 1.5 KiB */

/* read_small: up to size - 1 bytes of the file at path, NUL-terminated. */
static bool
read_small(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return len > 0;
}

/*
 * meminfo_kib: the value of the line "name:   1234 kB" in text, in KiB;
 * -1 if there is no such line.
 */
static long
meminfo_kib(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; *line != '\0';) {
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			return strtol(line + len + 1, NULL, 10);
		if ((line = strchr(line, '\n')) == NULL)
			break;
		line++;
	}
	return -1;
}

/* The value of name, or 0 if /proc/meminfo has no such field. */
static long
kib_or_zero(const char *text, const char *name)
{
	long kib = meminfo_kib(text, name);

	return kib < 0 ? 0 : kib;
}

int
main(int argc, char **argv)
{
	static char text[MEMINFO_MAX];
	long total, free_kib, cache, swap_total, swap_free;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	if (!read_small("/proc/meminfo", text, sizeof(text))) {
		fprintf(stderr, "free: /proc/meminfo: %s\n", strerror(errno));
		return 1;
	}
	total = meminfo_kib(text, "MemTotal");
	free_kib = meminfo_kib(text, "MemFree");
	if (total < 0 || free_kib < 0) {
		fprintf(stderr, "free: /proc/meminfo has no MemTotal or "
		    "MemFree\n");
		return 1;
	}
	cache = kib_or_zero(text, "Buffers") + kib_or_zero(text, "Cached") +
	    kib_or_zero(text, "SReclaimable");
	swap_total = kib_or_zero(text, "SwapTotal");
	swap_free = kib_or_zero(text, "SwapFree");
	printf("%-7s %11s %11s %11s %11s %11s %11s\n", "", "total", "used",
	    "free", "shared", "buff/cache", "available");
	printf("%-7s %11ld %11ld %11ld %11ld %11ld %11ld\n", "Mem:", total,
	    total - free_kib - cache, free_kib, kib_or_zero(text, "Shmem"),
	    cache, kib_or_zero(text, "MemAvailable"));
	printf("%-7s %11ld %11ld %11ld\n", "Swap:", swap_total,
	    swap_total - swap_free, swap_free);
	return 0;
}
