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

int
dup(int fd)
{
	return __syscall_ret(__syscall1(SYS_dup, fd));
}

/*
 * dup2: arm64 has only dup3, which refuses fd == newfd; dup2 then only
 * says whether fd is open, as fcntl(F_GETFD) does.
 */
int
dup2(int fd, int newfd)
{
#ifdef SYS_dup2
	return __syscall_ret(__syscall2(SYS_dup2, fd, newfd));
#else
	if (fd == newfd)
		return fcntl(fd, F_GETFD) < 0 ? -1 : fd;
	return __syscall_ret(__syscall3(SYS_dup3, fd, newfd, 0));
#endif
}

int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);		/* F_GETFD has none: harmless */
	va_end(ap);
	return __syscall_ret(__syscall3(SYS_fcntl, fd, cmd, arg));
}

int
chdir(const char *path)
{
	return __syscall_ret(__syscall1(SYS_chdir, path));
}

/* getcwd: the system call returns the length; the C function, buf. */
char *
getcwd(char *buf, size_t size)
{
	return __syscall_ret(__syscall2(SYS_getcwd, buf, size)) < 0 ? NULL :
	    buf;
}

off_t
lseek(int fd, off_t offset, int whence)
{
	return __syscall_ret(__syscall3(SYS_lseek, fd, offset, whence));
}

/*
 * pread, pwrite: the system calls are pread64 and pwrite64 on both
 * architectures (the "64" is for 32-bit systems, where the offset took
 * two registers; here it is one long).
 */
ssize_t
pread(int fd, void *buf, size_t n, off_t offset)
{
	return __syscall_ret(__syscall4(SYS_pread64, fd, buf, n, offset));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t offset)
{
	return __syscall_ret(__syscall4(SYS_pwrite64, fd, buf, n, offset));
}

int
fdatasync(int fd)
{
	return __syscall_ret(__syscall1(SYS_fdatasync, fd));
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
