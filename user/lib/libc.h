/*
 * libc.h: what the library's own files share and programs do not see.
 *
 * Every system call goes through __syscall6() (arch/<arch>/syscall.S),
 * which returns the kernel's raw result: a value, or -errno in
 * -4095..-1.  A wrapper passes that through __syscall_ret(), which sets
 * errno and returns -1 for an error, so the usual wrapper is one line:
 *
 *	return __syscall_ret(__syscall3(SYS_read, fd, buf, n));
 */
#ifndef _LIBC_H_
#define _LIBC_H_

#include <stdio.h>
#include <sys/syscall.h>

long	__syscall6(long n, long a, long b, long c, long d, long e, long f);
long	__syscall_ret(long ret);

#define __syscall0(n)		__syscall6(n, 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a)	__syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define __syscall2(n, a, b)	__syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define __syscall3(n, a, b, c)						\
	__syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __syscall4(n, a, b, c, d)					\
	__syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __syscall5(n, a, b, c, d, e)					\
	__syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d),	\
	    (long)(e), 0)

/* The largest value that is an error: -4095..-1 are -errno. */
#define SYSCALL_ERR_MAX		4095L

/* lib/start.c: argv[0], for messages; "?" if there was none. */
extern const char *__progname;

/* lib/stdio.c: the byte sink that printf uses for streams. */
void	__stdio_putc(FILE *f, char c);
/* lib/stdio.c: the end of one stdio call (unbuffered streams flush). */
void	__stdio_done(FILE *f);

#endif /* !_LIBC_H_ */
