/*
 * syscall.c: from the kernel's -errno convention to C's errno, and the
 * generic syscall() for calls that have no wrapper.
 */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "libc.h"

/*
 * __syscall_ret: ret if the call succeeded; otherwise -1 with errno set.
 * The kernel reports an error as -errno, and no valid result (not even
 * an mmap address) falls in -4095..-1.
 */
long
__syscall_ret(long ret)
{
	if (ret < 0 && ret >= -SYSCALL_ERR_MAX) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/*
 * syscall: system call number with up to six arguments.  Reading six
 * arguments when the caller passed fewer reads whatever is in the
 * argument registers: harmless, since the kernel ignores them too.
 */
long
syscall(long number, ...)
{
	va_list ap;
	long a, b, c, d, e, f;

	va_start(ap, number);
	a = va_arg(ap, long);
	b = va_arg(ap, long);
	c = va_arg(ap, long);
	d = va_arg(ap, long);
	e = va_arg(ap, long);
	f = va_arg(ap, long);
	va_end(ap);
	return __syscall_ret(__syscall6(number, a, b, c, d, e, f));
}
