/*
 * start.c: what runs before main(), and the auxiliary vector.
 *
 * crt0 (arch/<arch>/crt0.S) finds argc, argv and envp on the initial
 * stack and calls __libc_init() with them, then main(), then exit().
 * The auxiliary vector is the array of (type, value) pairs the kernel put
 * just after envp's NULL; getauxval() reads it.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "libc.h"

char **environ;
const char *__progname = "?";

static unsigned long *auxv;	/* pairs; AT_NULL ends them */

void	__libc_init(int argc, char **argv, char **envp);

/* __libc_init: record environ, argv[0] and where the auxv starts. */
void
__libc_init(int argc, char **argv, char **envp)
{
	char **p;

	environ = envp;
	if (argc > 0 && argv[0] != NULL)
		__progname = argv[0];
	for (p = envp; *p != NULL; p++)
		continue;
	auxv = (unsigned long *)(p + 1);
}

/* getauxval: the value of the entry of this type; 0 and ENOENT if none. */
unsigned long
getauxval(unsigned long type)
{
	unsigned long *entry;

	for (entry = auxv; entry != NULL && entry[0] != AT_NULL; entry += 2)
		if (entry[0] == type)
			return entry[1];
	errno = ENOENT;
	return 0;
}

/* getpagesize: the kernel's AT_PAGESZ, or 4096 if it gave none. */
int
getpagesize(void)
{
	static int page_size;

	if (page_size == 0) {
		page_size = (int)getauxval(AT_PAGESZ);
		if (page_size == 0)
			page_size = 4096;
	}
	return page_size;
}
