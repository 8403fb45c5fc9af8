/*
 * sys/types.h: the basic POSIX types, with Linux's sizes on amd64 and
 * arm64 (both LP64).
 */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>

typedef long		ssize_t;
typedef long		off_t;
typedef long		time_t;
typedef int		pid_t;
typedef int		clockid_t;
typedef unsigned int	mode_t;
typedef unsigned int	uid_t;
typedef unsigned int	gid_t;
typedef unsigned long	dev_t;
typedef unsigned long	ino_t;

/* The kernel's struct timespec: the same two longs on amd64 and arm64. */
struct timespec {
	time_t	tv_sec;
	long	tv_nsec;	/* 0 .. 999999999 */
};

#endif /* !_SYS_TYPES_H_ */
