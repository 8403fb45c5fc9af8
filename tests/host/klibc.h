/*
 * klibc.h: the kernel's own printf and string functions, as the host tests
 * see them.
 *
 * kernel/printf.c and kernel/string.c define printf, memcpy, strlen, ...:
 * the same names as the host's C library, which the sanitizers and the test
 * programs need.  The Makefile therefore renames every such symbol in the
 * host-built kernel objects (objcopy --redefine-syms=kernel-libc.syms):
 * kernel code calls kstrlen() and the tests call ksnprintf(), while the rest
 * of the program keeps the host's.
 */
#ifndef _TESTS_HOST_KLIBC_H_
#define _TESTS_HOST_KLIBC_H_

#include <stdarg.h>
#include <stddef.h>

int	kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int	ksnprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void	*kmemset(void *dst, int c, size_t len);
void	*kmemcpy(void *dst, const void *src, size_t len);
void	*kmemmove(void *dst, const void *src, size_t len);
int	kmemcmp(const void *a, const void *b, size_t len);
size_t	kstrlen(const char *s);
size_t	kstrnlen(const char *s, size_t max);
int	kstrcmp(const char *a, const char *b);
int	kstrncmp(const char *a, const char *b, size_t len);
char	*kstrchr(const char *s, int c);
size_t	kstrlcpy(char *dst, const char *src, size_t size);
unsigned long kstrtoul(const char *s, char **end, int base);

/* What the kernel's printf() sent to the console (host_test.c's shim). */
const char *host_console_output(void);
void	host_console_clear(void);

#endif /* !_TESTS_HOST_KLIBC_H_ */
