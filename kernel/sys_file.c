/*
 * sys_file.c: the file system calls: read, write, pread64, pwrite64,
 * open, openat, close,
 * lseek, fstat, newfstatat, faccessat, getdents64, ioctl, writev,
 * fsync, fdatasync, readlinkat.
 *
 * Each handler turns registers into a call of kernel/file.c: a user path
 * is copied in first (copyin_path), a descriptor becomes a struct file
 * held for the length of the call (fd_get, so a close() by someone else
 * cannot free it under us), and a user buffer is passed on as it is, with
 * UIO_USERSPACE: file.c's bounded copy loop is the one place that touches
 * it.  The process's table is curproc->p_fd; a process without one sees
 * the console on fds 0, 1 and 2 (fd_get).
 */
#include "kernel/syscall.h"
#include "kernel/sys_file.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/proc.h"
#include "kernel/systm.h"
#include "machine/vmparam.h"
#include "vm/kmem.h"

#define IOV_MAX		1024		/* iovecs in one writev */
#define RW_MAX		0x7ffff000UL	/* bytes one call moves at most
					   (Linux's MAX_RW_COUNT) */

/* struct iovec, as user space lays it out. */
struct linux_iovec {
	void		*iov_base;
	size_t		iov_len;
};

/* copyin_path: see sys_file.h. */
int
copyin_path(const char *upath, char **out)
{
	char *path = kmalloc(PATH_MAX, 0);
	int error;

	if (path == NULL)
		return -ENOMEM;
	if ((error = copyinstr(upath, path, PATH_MAX, NULL)) != 0) {
		kfree(path);
		return error;
	}
	*out = path;
	return 0;
}

/* at_dir: see sys_file.h. */
int
at_dir(int dirfd, const char *path, struct file **out)
{
	*out = NULL;
	if (path[0] == '/' || path[0] == '\0')
		return 0;
	if (dirfd == AT_FDCWD) {
		*out = fd_cwd(curfd());
		return 0;
	}
	return fd_get(curfd(), dirfd, out);
}

void
drop_dir(struct file *dir)
{
	if (dir != NULL)
		file_drop(dir);
}

/* open and openat: the new descriptor, or an error. */
static long
open_at(int dirfd, const char *upath, int flags)
{
	struct file *dir = NULL, *fp;
	char *path;
	int ret;

	if ((ret = copyin_path(upath, &path)) != 0)
		return ret;
	if ((ret = at_dir(dirfd, path, &dir)) == 0 &&
	    (ret = file_open(dir, path, flags, &fp)) == 0 &&
	    (ret = fd_install(curfd(), fp, (flags & O_CLOEXEC) ?
	    FD_CLOEXEC : 0)) < 0)
		file_drop(fp);
	drop_dir(dir);
	kfree(path);
	return ret;
}

/* open(path, flags, mode): amd64 only; mode is for O_CREAT, never used. */
long
sys_open(const struct syscall_args *a)
{
	return open_at(AT_FDCWD, (const char *)a->arg[0], (int)a->arg[1]);
}

/* openat(dirfd, path, flags, mode) */
long
sys_openat(const struct syscall_args *a)
{
	return open_at((int)a->arg[0], (const char *)a->arg[1],
	    (int)a->arg[2]);
}

/* close(fd) */
long
sys_close(const struct syscall_args *a)
{
	return fd_close(curfd(), (int)a->arg[0]);
}

/* read(fd, buf, count) */
long
sys_read(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	ret = file_read(fp, (void *)a->arg[1], MIN((size_t)a->arg[2],
	    RW_MAX), UIO_USERSPACE);
	file_drop(fp);
	return ret;
}

/* write(fd, buf, count) */
long
sys_write(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	ret = file_write(fp, (const void *)a->arg[1], MIN((size_t)a->arg[2],
	    RW_MAX), UIO_USERSPACE);
	file_drop(fp);
	return ret;
}

/* pread64(fd, buf, count, offset), pwrite64(...): at offset, which stays. */
static long
rw_at(const struct syscall_args *a, bool write)
{
	int64_t off = (int64_t)a->arg[3];
	size_t len = MIN((size_t)a->arg[2], RW_MAX);
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	if (off < 0)
		ret = -EINVAL;
	else if (write)
		ret = file_pwrite(fp, (const void *)a->arg[1], len,
		    (uint64_t)off, UIO_USERSPACE);
	else
		ret = file_pread(fp, (void *)a->arg[1], len, (uint64_t)off,
		    UIO_USERSPACE);
	file_drop(fp);
	return ret;
}

long
sys_pread64(const struct syscall_args *a)
{
	return rw_at(a, false);
}

long
sys_pwrite64(const struct syscall_args *a)
{
	return rw_at(a, true);
}

/*
 * The iovec array of writev, copied in and checked: at most IOV_MAX
 * entries (the caller checks), a total that fits in a ssize_t.
 */
static int
iov_copyin(const void *uiov, int iovcnt, struct linux_iovec **out)
{
	size_t size = (size_t)iovcnt * sizeof(struct linux_iovec), total = 0;
	struct linux_iovec *iov = kmalloc(size, 0);
	int error;

	if (iov == NULL)
		return -ENOMEM;
	error = copyin(uiov, iov, size);
	for (int i = 0; error == 0 && i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)INT64_MAX - total)
			error = -EINVAL;
		total += iov[i].iov_len;
	}
	if (error != 0) {
		kfree(iov);
		return error;
	}
	*out = iov;
	return 0;
}

/* Write each piece in turn; stop at a short write or an error. */
static long
write_iov(struct file *fp, const struct linux_iovec *iov, int iovcnt)
{
	size_t done = 0;
	ssize_t n;

	for (int i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len == 0)
			continue;
		n = file_write(fp, iov[i].iov_base, MIN(iov[i].iov_len,
		    RW_MAX), UIO_USERSPACE);
		if (n < 0)
			return done > 0 ? (long)done : n;
		done += n;
		if ((size_t)n < iov[i].iov_len || done >= RW_MAX)
			break;
	}
	return (long)done;
}

/* writev(fd, iov, iovcnt) */
long
sys_writev(const struct syscall_args *a)
{
	int iovcnt = (int)a->arg[2];
	struct linux_iovec *iov = NULL;
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		ret = -EINVAL;
	else if (iovcnt > 0)
		ret = iov_copyin((const void *)a->arg[1], iovcnt, &iov);
	if (ret == 0)
		ret = write_iov(fp, iov, iovcnt);
	kfree(iov);
	file_drop(fp);
	return ret;
}

/* lseek(fd, offset, whence) */
long
sys_lseek(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	ret = file_lseek(fp, (int64_t)a->arg[1], (int)a->arg[2]);
	file_drop(fp);
	return ret;
}

/* fstat of a descriptor, into *st. */
static int
stat_fd(int fd, struct linux_stat *st)
{
	struct file *fp;
	int error;

	if ((error = fd_get(curfd(), fd, &fp)) != 0)
		return error;
	error = file_stat(fp, st);
	file_drop(fp);
	return error;
}

/* fstat(fd, statbuf) */
long
sys_fstat(const struct syscall_args *a)
{
	struct linux_stat st;
	int error;

	if ((error = stat_fd((int)a->arg[0], &st)) != 0)
		return error;
	return copyout(&st, (void *)a->arg[1], sizeof(st));
}

/*
 * newfstatat's lookup: AT_EMPTY_PATH with "" names dirfd itself (glibc's
 * fstat is this), and AT_FDCWD the working directory.
 */
static int
stat_at(int dirfd, const char *path, int flags, struct linux_stat *st)
{
	struct file *dir;
	int error;

	if (path[0] == '\0' && (flags & AT_EMPTY_PATH))
		return dirfd == AT_FDCWD ? stat_at(dirfd, ".", 0, st) :
		    stat_fd(dirfd, st);
	if ((error = at_dir(dirfd, path, &dir)) != 0)
		return error;
	error = file_stat_path(dir, path, flags, st);
	drop_dir(dir);
	return error;
}

/* access() modes. */
#define X_OK	1
#define W_OK	2
#define R_OK	4

/*
 * faccessat(dirfd, path, mode), and access(path, mode) on amd64: may the
 * caller (root, as everyone here) read, write or execute path?  Root
 * reads everything; executes what has an execute bit or is a directory;
 * writes only devices: the archive is read-only (-EROFS).
 */
static long
access_at(int dirfd, const char *upath, int mode)
{
	struct linux_stat st;
	char *path;
	long ret;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if ((ret = copyin_path(upath, &path)) != 0)
		return ret;
	if ((ret = stat_at(dirfd, path, 0, &st)) == 0) {
		if ((mode & W_OK) && !S_ISCHR(st.st_mode))
			ret = -EROFS;
		else if ((mode & X_OK) && !S_ISDIR(st.st_mode) &&
		    (st.st_mode & 0111) == 0)
			ret = -EACCES;
	}
	kfree(path);
	return ret;
}

long
sys_faccessat(const struct syscall_args *a)
{
	return access_at((int)a->arg[0], (const char *)a->arg[1],
	    (int)a->arg[2]);
}

long
sys_access(const struct syscall_args *a)
{
	return access_at(AT_FDCWD, (const char *)a->arg[0], (int)a->arg[1]);
}

/* newfstatat(dirfd, path, statbuf, flags) */
long
sys_newfstatat(const struct syscall_args *a)
{
	const char *upath = (const char *)a->arg[1];
	int flags = (int)a->arg[3];
	struct linux_stat st;
	char *path;
	int error;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if (upath == NULL && (flags & AT_EMPTY_PATH))	/* as Linux 6.11 */
		error = stat_at((int)a->arg[0], "", flags, &st);
	else if ((error = copyin_path(upath, &path)) == 0) {
		error = stat_at((int)a->arg[0], path, flags, &st);
		kfree(path);
	}
	if (error != 0)
		return error;
	return copyout(&st, (void *)a->arg[2], sizeof(st));
}

/* getdents64(fd, dirp, count) */
long
sys_getdents64(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	ret = file_getdents(fp, (void *)a->arg[1], MIN((size_t)a->arg[2],
	    RW_MAX), UIO_USERSPACE);
	file_drop(fp);
	return ret;
}

/*
 * ioctl(fd, request, arg): no file here is a terminal, so every request
 * is -ENOTTY, which is what the C libraries expect of TIOCGWINSZ (0x5413)
 * on a non-terminal: they then buffer stdout fully instead of by line.
 */
long
sys_ioctl(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	file_drop(fp);
	return -ENOTTY;
}

/*
 * fsync(fd), fdatasync(fd): a block device's write cache is flushed; the
 * archive and the console have nothing to flush.
 */
long
sys_fsync(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	ret = file_sync(fp);
	file_drop(fp);
	return ret;
}

long
sys_fdatasync(const struct syscall_args *a)
{
	return sys_fsync(a);
}

/* readlinkat(dirfd, path, buf, bufsiz) */
long
sys_readlinkat(const struct syscall_args *a)
{
	int bufsiz = (int)a->arg[3];
	struct file *dir = NULL;
	char *path;
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	if ((ret = copyin_path((const char *)a->arg[1], &path)) != 0)
		return ret;
	if ((ret = at_dir((int)a->arg[0], path, &dir)) == 0)
		ret = file_readlink(dir, path, (void *)a->arg[2],
		    (size_t)bufsiz, UIO_USERSPACE);
	drop_dir(dir);
	kfree(path);
	return ret;
}
