/*
 * sys_file.h: what the file system calls (kernel/sys_file.c,
 * kernel/sys_fd.c, kernel/sys_proc.c's execve) share: paths from user
 * space and where a relative one starts.
 */
#ifndef _KERNEL_SYS_FILE_H_
#define _KERNEL_SYS_FILE_H_

#include "kernel/file.h"
#include "kernel/proc.h"

/* The calling process's descriptor table (NULL: it has none). */
static inline struct filedesc *
curfd(void)
{
	return curproc->p_fd;
}

/*
 * copyin_path: the NUL-terminated string at user address upath, in a
 * kmalloc'ed buffer of PATH_MAX bytes that the caller kfree()s.  0;
 * -EFAULT, -ENAMETOOLONG (no NUL in PATH_MAX bytes), -ENOMEM.
 */
int	copyin_path(const char *upath, char **out);

/*
 * at_dir: where an *at() call's relative path starts: the working
 * directory for AT_FDCWD, else the file open on dirfd; held, or NULL for
 * the root (and for an absolute or empty path, which ignore dirfd, as on
 * Linux).  -EBADF.  The caller gives it back with drop_dir().
 */
int	at_dir(int dirfd, const char *path, struct file **out);
void	drop_dir(struct file *dir);

#endif /* !_KERNEL_SYS_FILE_H_ */
