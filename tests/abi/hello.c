/*
 * hello.c: a program nobody wrote for Pagoda.  tools/check.sh builds it on
 * the host with the host's C library (`gcc -static`: glibc), runs it there,
 * runs the same binary on Pagoda, and compares the output line for line.
 * It exercises what a C library does on its own at start-up: the thread
 * pointer (arch_prctl), the auxiliary vector, malloc (brk, mmap), stdio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int
main(int argc, char **argv)
{
	size_t sizes[] = { 16, 4000, 200000, 3 << 20 };
	unsigned long sum = 0;

	printf("argc %d\n", argc);
	printf("pagesz %lu\n", getauxval(AT_PAGESZ));
	printf("random %s\n", getauxval(AT_RANDOM) != 0 ? "yes" : "no");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = malloc(sizes[i]);

		if (p == NULL)
			return 2;
		memset(p, (int)i + 1, sizes[i]);
		for (size_t j = 0; j < sizes[i]; j += 4096)
			sum += p[j];
		free(p);
	}
	printf("malloc sum %lu\n", sum);
	return 7;
}
