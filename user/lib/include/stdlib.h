/*
 * stdlib.h: memory allocation (lib/malloc.c), number conversion,
 * environment and process exit (lib/stdlib.c).
 */
#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1

void	*malloc(size_t size);
void	 free(void *p);
void	*calloc(size_t n, size_t size);
void	*realloc(void *p, size_t size);

int	 atoi(const char *s);
long	 atol(const char *s);
long	 strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int	 abs(int x);
long	 labs(long x);

char	*getenv(const char *name);

/*
 * exit flushes stdout and stderr and ends the process with status & 0xff.
 * There is no atexit(): nothing else runs at exit.
 */
void	 exit(int status) __attribute__((noreturn));
void	 abort(void) __attribute__((noreturn));	/* SIGABRT, no flush */

#endif /* !_STDLIB_H_ */
