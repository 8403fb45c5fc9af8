/*
 * swapon: turn swap areas on, or list them.
 *
 *	swapon [-p PRIORITY] PATH...
 *	swapon			(no PATH: print /proc/swaps)
 *
 * Each PATH (a disk made a swap area by mkswap) is handed to swapon(2);
 * -p gives them a priority (higher is used first).  A refused area is
 * reported as "swapon: PATH: reason", and the exit status is then 1; the
 * kernel's console line says what is wrong with a bad header.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/swap.h>
#include <unistd.h>

/* Copy /proc/swaps to stdout. */
static int
list_swaps(void)
{
	char buf[512];
	ssize_t n;
	int fd = open("/proc/swaps", O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "swapon: /proc/swaps: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	int flags = 0, status = 0, i = 1;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		flags = SWAP_FLAG_PREFER |
		    (atoi(argv[2]) & SWAP_FLAG_PRIO_MASK);
		i = 3;
	}
	if (i == argc)
		return i == 1 ? list_swaps() : 2;
	for (; i < argc; i++) {
		if (swapon(argv[i], flags) != 0) {
			fprintf(stderr, "swapon: %s: %s\n", argv[i],
			    strerror(errno));
			status = 1;
		}
	}
	return status;
}
