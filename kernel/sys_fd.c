/*
 * sys_fd.c: the calls on descriptors and on the working directory: dup,
 * dup2, dup3, fcntl, chdir, fchdir, getcwd.
 *
 * A descriptor is a slot in the process's table (kernel/file.h); dup puts
 * the same open file in a second slot, so the two share one offset, as
 * after fork.  A shell redirects this way: open the file, dup2 it onto 0,
 * 1 or 2, close the original, exec.
 *
 * The working directory is an open directory that the table holds, so a
 * relative path is looked up from it exactly as from an *at() call's
 * dirfd; fork shares it (the child holds it too) and exec keeps it.  Its
 * path is the one namei() resolved when it was opened, which is what
 * getcwd() returns: there is no rename, so it cannot go stale.
 */
#include "kernel/syscall.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/sys_file.h"
#include "kernel/systm.h"
#include "vm/kmem.h"

/* fcntl() commands (Linux's). */
#define F_DUPFD			0
#define F_GETFD			1
#define F_SETFD			2
#define F_GETFL			3
#define F_SETFL			4
#define F_DUPFD_CLOEXEC		1030

/* dup(fd): the lowest free descriptor, on the same open file. */
long
sys_dup(const struct syscall_args *a)
{
	return fd_dup(curfd(), (int)a->arg[0], -1, 0, 0);
}

/*
 * dup3(fd, newfd, flags): fd's file on newfd too, closing what newfd had;
 * fd == newfd is -EINVAL (dup2 differs there).
 */
long
sys_dup3(const struct syscall_args *a)
{
	int fd = (int)a->arg[0], newfd = (int)a->arg[1];
	int flags = (int)a->arg[2];

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (fd == newfd)
		return -EINVAL;
	if (newfd < 0)
		return -EBADF;
	return fd_dup(curfd(), fd, newfd, 0,
	    (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
}

/* dup2(fd, newfd) (amd64 only): fd == newfd just checks that fd is open. */
long
sys_dup2(const struct syscall_args *a)
{
	int fd = (int)a->arg[0], newfd = (int)a->arg[1];

	if (fd == newfd)
		return fd_getflags(curfd(), fd) < 0 ? -EBADF : fd;
	if (newfd < 0)
		return -EBADF;
	return fd_dup(curfd(), fd, newfd, 0, 0);
}

/* fcntl's F_GETFL and F_SETFL (kernel/file.h). */
static long
fcntl_fl(int fd, int cmd, int flags)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), fd, &fp)) != 0)
		return ret;
	if (cmd == F_GETFL)
		ret = file_getfl(fp);
	else
		file_setfl(fp, flags);
	file_drop(fp);
	return ret;
}

/*
 * fcntl(fd, cmd, arg): the descriptor flags (FD_CLOEXEC), duplication,
 * and the file status flags (F_GETFL, F_SETFL).  Record locks, owners and
 * leases are not there: -EINVAL, as Linux says of a command it does not
 * know.
 */
long
sys_fcntl(const struct syscall_args *a)
{
	int fd = (int)a->arg[0], cmd = (int)a->arg[1];
	long arg = (long)a->arg[2];

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return fd_dup(curfd(), fd, -1, (int)arg,
		    cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
	case F_GETFD:
		return fd_getflags(curfd(), fd);
	case F_SETFD:
		return fd_setflags(curfd(), fd, (int)arg);
	case F_GETFL:
	case F_SETFL:
		return fcntl_fl(fd, cmd, (int)arg);
	default:
		return -EINVAL;
	}
}

/* Make dir (held by the caller) the working directory. */
static long
change_dir(struct file *dir)
{
	long ret = fd_chdir(curfd(), dir);

	file_drop(dir);
	return ret;
}

/* chdir(path) */
long
sys_chdir(const struct syscall_args *a)
{
	struct file *dir, *fp;
	char *path;
	long ret;

	if ((ret = copyin_path((const char *)a->arg[0], &path)) != 0)
		return ret;
	if ((ret = at_dir(AT_FDCWD, path, &dir)) == 0 &&
	    (ret = file_open(dir, path, O_RDONLY | O_DIRECTORY, &fp)) == 0)
		ret = change_dir(fp);
	drop_dir(dir);
	kfree(path);
	return ret;
}

/* fchdir(fd) */
long
sys_fchdir(const struct syscall_args *a)
{
	struct file *fp;
	long ret;

	if ((ret = fd_get(curfd(), (int)a->arg[0], &fp)) != 0)
		return ret;
	return change_dir(fp);
}

/*
 * getcwd(buf, size): the working directory's path with its NUL; the
 * system call returns its length, NUL included (the C library's getcwd()
 * returns buf).  -ERANGE if it does not fit.
 */
long
sys_getcwd(const struct syscall_args *a)
{
	struct file *dir = fd_cwd(curfd());
	const char *path = dir != NULL ? dir->f_path : "/";
	size_t len = strlen(path) + 1;
	long ret;

	if (len > (size_t)a->arg[1])
		ret = -ERANGE;
	else if ((ret = copyout(path, (void *)a->arg[0], len)) == 0)
		ret = (long)len;
	if (dir != NULL)
		file_drop(dir);
	return ret;
}
