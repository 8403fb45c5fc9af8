/*
 * echo: write the arguments to stdout, separated by spaces, and a
 * newline.
 *
 *	echo [-n] [ARG...]
 *
 * -n (only as the first argument) leaves out the newline.  There are no
 * backslash escapes.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = false;
		i++;
	}
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		fputs(argv[i], stdout);
	}
	if (newline)
		putchar('\n');
	/* exit() flushes stdout; a failed write is a failed echo. */
	fflush(stdout);
	return ferror(stdout) ? 1 : 0;
}
