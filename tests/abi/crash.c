/*
 * crash.c: a program that ends badly on purpose, to check that a
 * scripted run (tools/pagoda-run) reports the end as a shell would.
 *
 *	crash segv	write through a NULL pointer: SIGSEGV, status 139
 *	crash kill N	kill itself with signal N: status 128 + N
 *	crash exit N	print to stdout and stderr, then exit with status N
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "segv") == 0) {
		*(volatile int *)0 = 1;
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "kill") == 0) {
		kill(getpid(), atoi(argv[2]));
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "exit") == 0) {
		printf("to stdout\n");
		fprintf(stderr, "to stderr\n");
		return atoi(argv[2]);
	}
	fprintf(stderr, "usage: crash segv | kill N | exit N\n");
	return 2;
}
