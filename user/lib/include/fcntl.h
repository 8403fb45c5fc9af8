/*
 * fcntl.h: open flags and openat (lib/file.c).
 *
 * Most O_ flags have the same value everywhere, but four differ between
 * x86_64 (the generic values) and arm64 (inherited from 32-bit ARM).
 */
#ifndef _FCNTL_H_
#define _FCNTL_H_

#include <sys/types.h>

#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_ACCMODE	00000003
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_CLOEXEC	02000000

#if defined(__aarch64__)
#define O_DIRECTORY	00040000
#define O_NOFOLLOW	00100000
#define O_DIRECT	00200000
#define O_LARGEFILE	00400000
#else
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#endif

#define AT_FDCWD		(-100)	/* dirfd: the working directory */
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EMPTY_PATH		0x1000	/* operate on dirfd itself */

/* fcntl() commands, and the one descriptor flag. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

/* mode is read only with O_CREAT. */
int	open(const char *path, int flags, ...);
int	openat(int dirfd, const char *path, int flags, ...);
int	fcntl(int fd, int cmd, ...);

#endif /* !_FCNTL_H_ */
