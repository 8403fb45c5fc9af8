/*
 * fcntl.h (amd64): the open() flags whose values depend on the
 * architecture.  x86_64 has the generic values; arm64 inherited four of
 * its own from 32-bit ARM (arch/arm64/include/machine/fcntl.h).  The
 * flags that are the same everywhere are in kernel/file.h.
 */
#ifndef _MACHINE_FCNTL_H_
#define _MACHINE_FCNTL_H_

#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000

#endif /* !_MACHINE_FCNTL_H_ */
