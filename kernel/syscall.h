/*
 * syscall.h: system calls, machine-independent side.
 *
 * The numbers are Linux's, and they differ by architecture (write is 1 on
 * x86_64 and 64 in the generic table arm64 uses), so each architecture has
 * its own table (arch/$(ARCH)/syscalls.c) that maps its numbers to the
 * handlers here.  The machine's trap code collects the number and six
 * arguments from the registers, calls syscall_dispatch(), and puts the
 * result back: a value, or a negative errno, as Linux returns it.
 */
#ifndef _KERNEL_SYSCALL_H_
#define _KERNEL_SYSCALL_H_

#include "kernel/types.h"

struct syscall_args {
	long	nr;		/* the architecture's number */
	long	arg[6];
};

typedef long (*syscall_fn)(const struct syscall_args *a);

struct sysent {
	const char	*name;
	syscall_fn	fn;
};

/* The architecture's table, indexed by its numbers (arch/.../syscalls.c). */
extern const struct sysent syscall_table[];
extern const size_t syscall_table_size;

/* Run system call a->nr; -ENOSYS if there is no such call. */
long	syscall_dispatch(const struct syscall_args *a);

/* The handlers, one per call, named after Linux's. */
long	sys_write(const struct syscall_args *a);
long	sys_exit(const struct syscall_args *a);
long	sys_getpid(const struct syscall_args *a);
long	sys_sched_yield(const struct syscall_args *a);

/* Calls since boot, for /proc later. */
extern uint64_t syscall_count;

#endif /* !_KERNEL_SYSCALL_H_ */
