/*
 * sleep: wait for a number of seconds.
 *
 *	sleep SECONDS
 *
 * Whole seconds only.  (tools/pagoda-run's tests use it as a command that
 * outlasts a --timeout.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char *end;
	long n;

	if (argc != 2 || (n = strtol(argv[1], &end, 10)) < 0 ||
	    *end != '\0' || argv[1][0] == '\0') {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	sleep((unsigned int)n);
	return 0;
}
