/*
 * syscalls.c (arm64): Linux's generic system-call numbers (the table
 * arm64 uses, include/uapi/asm-generic/unistd.h), mapped to the
 * machine-independent handlers (kernel/syscall.h).  A number without an
 * entry, or whose handler is not written yet, is -ENOSYS.  The generic
 * table has no open and no fork: the C libraries use openat and clone.
 */
#include "kernel/syscall.h"

#define SYSCALL(nr, name)	[nr] = { #name, sys_##name }

const struct sysent syscall_table[] = {
	SYSCALL(17, getcwd),
	SYSCALL(23, dup),
	SYSCALL(24, dup3),
	SYSCALL(25, fcntl),
	SYSCALL(29, ioctl),
	SYSCALL(48, faccessat),
	SYSCALL(49, chdir),
	SYSCALL(50, fchdir),
	SYSCALL(56, openat),
	SYSCALL(57, close),
	SYSCALL(61, getdents64),
	SYSCALL(62, lseek),
	SYSCALL(63, read),
	SYSCALL(64, write),
	SYSCALL(66, writev),
	SYSCALL(67, pread64),
	SYSCALL(68, pwrite64),
	SYSCALL(78, readlinkat),
	SYSCALL(79, newfstatat),
	SYSCALL(80, fstat),
	SYSCALL(82, fsync),
	SYSCALL(83, fdatasync),
	SYSCALL(93, exit),
	[94] = { "exit_group", sys_exit },
	SYSCALL(96, set_tid_address),
	SYSCALL(101, nanosleep),
	SYSCALL(113, clock_gettime),
	SYSCALL(115, clock_nanosleep),
	SYSCALL(124, sched_yield),
	SYSCALL(129, kill),
	SYSCALL(130, tkill),
	SYSCALL(131, tgkill),
	SYSCALL(134, rt_sigaction),
	SYSCALL(135, rt_sigprocmask),
	SYSCALL(142, reboot),
	SYSCALL(160, uname),
	SYSCALL(172, getpid),
	SYSCALL(173, getppid),
	SYSCALL(174, getuid),
	SYSCALL(175, geteuid),
	SYSCALL(176, getgid),
	SYSCALL(177, getegid),
	SYSCALL(178, gettid),
	SYSCALL(214, brk),
	SYSCALL(215, munmap),
	SYSCALL(220, clone),
	SYSCALL(221, execve),
	SYSCALL(222, mmap),
	SYSCALL(224, swapon),
	SYSCALL(225, swapoff),
	SYSCALL(226, mprotect),
	SYSCALL(233, madvise),
	SYSCALL(260, wait4),
	SYSCALL(261, prlimit64),
	SYSCALL(278, getrandom),
};

const size_t syscall_table_size = sizeof(syscall_table) /
    sizeof(syscall_table[0]);

/* clone(flags, stack, parent_tid, tls, child_tid) */
const int syscall_clone_child_tid_arg = 4;
