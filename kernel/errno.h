/*
 * errno.h: error numbers, with Linux's values (the ABI is Linux's).
 * Inside the kernel, functions return them negated: -ENOMEM.
 */
#ifndef _KERNEL_ERRNO_H_
#define _KERNEL_ERRNO_H_

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define ENOTBLK		15
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define ERANGE		34
#define ENAMETOOLONG	36
#define ENOSYS		38
#define ELOOP		40
#define EOPNOTSUPP	95	/* Operation not supported (ENOTSUP) */
#define ENOTSUP		EOPNOTSUPP

#endif /* !_KERNEL_ERRNO_H_ */
