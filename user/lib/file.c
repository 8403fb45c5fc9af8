/*
 * file.c: file-descriptor system calls.
 *
 * open() is openat(AT_FDCWD, ...) on both architectures: arm64 has no
 * open system call, and one path is easier to read than two.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libc.h"

ssize_t
read(int fd, void *buf, size_t n)
{
	return __syscall_ret(__syscall3(SYS_read, fd, buf, n));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	return __syscall_ret(__syscall3(SYS_write, fd, buf, n));
}

/*
 * openat: the mode argument is there only with O_CREAT; reading it
 * otherwise would read garbage (harmless, but untidy).
 */
int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __syscall_ret(__syscall4(SYS_openat, dirfd, path, flags, mode));
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __syscall_ret(__syscall4(SYS_openat, AT_FDCWD, path, flags,
	    mode));
}

int
close(int fd)
{
	return __syscall_ret(__syscall1(SYS_close, fd));
}

off_t
lseek(int fd, off_t offset, int whence)
{
	return __syscall_ret(__syscall3(SYS_lseek, fd, offset, whence));
}

int
fstat(int fd, struct stat *st)
{
	return __syscall_ret(__syscall2(SYS_fstat, fd, st));
}

int
stat(const char *path, struct stat *st)
{
	return __syscall_ret(__syscall4(SYS_newfstatat, AT_FDCWD, path, st,
	    0));
}

ssize_t
getdents64(int fd, void *buf, size_t size)
{
	return __syscall_ret(__syscall3(SYS_getdents64, fd, buf, size));
}
