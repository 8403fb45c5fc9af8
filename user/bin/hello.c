/*
 * hello: print the arguments and the environment, one per line.  The
 * first program to run on a new kernel: it shows that exec built the
 * initial stack right and that write reaches the console.
 */
#include <stdio.h>

int
main(int argc, char **argv, char **envp)
{
	int i;

	printf("hello: %d argument%s\n", argc,
	    argc == 1 ? "" : "s");
	for (i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	for (i = 0; envp[i] != NULL; i++)
		printf("envp[%d] = \"%s\"\n", i, envp[i]);
	return 0;
}
