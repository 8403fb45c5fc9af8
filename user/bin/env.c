/*
 * env: run a command in a changed environment, or print the environment.
 *
 *	env [-i] [NAME=VALUE]... [COMMAND [ARG]...]
 *
 * -i starts from an empty environment instead of this one; each
 * NAME=VALUE then sets a variable (a later one for the same NAME wins).
 * With no COMMAND, env prints the resulting environment, a variable a
 * line.  COMMAND is looked up in $PATH as the shell does (execvp), so
 * "env -i A=1 ./prog" gives a program exactly the environment A=1, on
 * Pagoda as on Linux: the scripted tests run programs this way.
 * Exit status: COMMAND's; 127 if it is not found, 126 if it cannot run.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_VARS	256

static char *vars[MAX_VARS + 1];
static int nvars;

/* set_var: put NAME=VALUE in vars, replacing one of the same NAME. */
static int
set_var(char *assignment)
{
	size_t namelen = (size_t)(strchr(assignment, '=') - assignment) + 1;

	for (int i = 0; i < nvars; i++) {
		if (strncmp(vars[i], assignment, namelen) == 0) {
			vars[i] = assignment;
			return 0;
		}
	}
	if (nvars == MAX_VARS)
		return -1;
	vars[nvars++] = assignment;
	vars[nvars] = NULL;
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, error;

	if (i < argc && strcmp(argv[i], "-i") == 0)
		i++;
	else
		for (char **e = environ; *e != NULL; e++)
			if (set_var(*e) < 0)
				break;
	for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
		if (set_var(argv[i]) < 0) {
			fprintf(stderr, "env: too many variables\n");
			return 125;
		}
	}
	if (i == argc) {
		for (int v = 0; v < nvars; v++)
			printf("%s\n", vars[v]);
		return 0;
	}
	environ = vars;
	execvp(argv[i], argv + i);
	error = errno;
	fprintf(stderr, "env: %s: %s\n", argv[i], strerror(error));
	return error == ENOENT ? 127 : 126;
}
