/*
 * swapoff: turn swap areas off.
 *
 *	swapoff PATH...
 *
 * Each area's pages come back into memory first (swapoff(2)); an area
 * that is not on, or whose pages do not fit, is reported as
 * "swapoff: PATH: reason", and the exit status is then 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: swapoff PATH...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (swapoff(argv[i]) != 0) {
			fprintf(stderr, "swapoff: %s: %s\n", argv[i],
			    strerror(errno));
			status = 1;
		}
	}
	return status;
}
