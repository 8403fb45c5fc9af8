/*
 * fcntl.h (arm64): the open() flags whose values depend on the
 * architecture.  arm64 inherited these four from 32-bit ARM; x86_64 has
 * the generic values (arch/amd64/include/machine/fcntl.h).  The flags that
 * are the same everywhere are in kernel/file.h.
 */
#ifndef _MACHINE_FCNTL_H_
#define _MACHINE_FCNTL_H_

#define O_DIRECTORY	00040000
#define O_NOFOLLOW	00100000
#define O_DIRECT	00200000
#define O_LARGEFILE	00400000

#endif /* !_MACHINE_FCNTL_H_ */
