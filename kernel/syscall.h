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

/*
 * Which argument of clone() is child_tid: Linux's default order is
 * (flags, stack, parent_tid, child_tid, tls), amd64's; arm64 swaps the
 * last two (CLONE_BACKWARDS).  Set next to the table, in arch/.
 */
extern const int syscall_clone_child_tid_arg;

/* Run system call a->nr; -ENOSYS if there is no such call. */
long	syscall_dispatch(const struct syscall_args *a);

/*
 * The handlers, one per call, named after Linux's: sys_read() for read.
 * They are declared weak: a call whose handler is not written yet has a
 * NULL entry, which syscall_dispatch() answers with -ENOSYS, so the tables
 * can list every call Pagoda means to have.
 */
#define SYSCALL_HANDLERS(X)						\
	X(read) X(write) X(openat) X(close) X(lseek) X(fstat)		\
	X(newfstatat) X(getdents64) X(ioctl) X(writev) X(readlinkat)	\
	X(execve) X(fork) X(clone) X(exit) X(wait4) X(getpid)		\
	X(getppid) X(gettid) X(kill) X(set_tid_address)		\
	X(mmap) X(munmap) X(mprotect) X(madvise) X(brk)			\
	X(clock_gettime) X(nanosleep) X(clock_nanosleep)		\
	X(sched_yield) X(uname) X(reboot) X(getrandom) X(prlimit64)	\
	X(rt_sigprocmask) X(rt_sigaction) X(arch_prctl)			\
	X(swapon) X(swapoff) X(open) X(dup) X(dup2) X(dup3) X(fcntl)	\
	X(chdir) X(fchdir) X(getcwd) X(faccessat) X(access)		\
	X(getuid) X(geteuid) X(getgid) X(getegid) X(tkill) X(tgkill)	\
	X(fsync) X(fdatasync) X(pread64) X(pwrite64)

#define SYSCALL_DECLARE(name)						\
	long sys_##name(const struct syscall_args *a) __attribute__((weak));
SYSCALL_HANDLERS(SYSCALL_DECLARE)

/* Calls since boot, for /proc later. */
extern uint64_t syscall_count;

#endif /* !_KERNEL_SYSCALL_H_ */
