/*
 * syscalls.c (amd64): Linux's x86_64 system-call numbers
 * (arch/x86/entry/syscalls/syscall_64.tbl), mapped to the
 * machine-independent handlers (kernel/syscall.h).  A number without an
 * entry, or whose handler is not written yet, is -ENOSYS.
 */
#include "kernel/syscall.h"

#define SYSCALL(nr, name)	[nr] = { #name, sys_##name }

const struct sysent syscall_table[] = {
	SYSCALL(0, read),
	SYSCALL(1, write),
	SYSCALL(2, open),
	SYSCALL(3, close),
	SYSCALL(5, fstat),
	SYSCALL(8, lseek),
	SYSCALL(9, mmap),
	SYSCALL(10, mprotect),
	SYSCALL(11, munmap),
	SYSCALL(12, brk),
	SYSCALL(13, rt_sigaction),
	SYSCALL(14, rt_sigprocmask),
	SYSCALL(16, ioctl),
	SYSCALL(17, pread64),
	SYSCALL(18, pwrite64),
	SYSCALL(20, writev),
	SYSCALL(21, access),
	SYSCALL(24, sched_yield),
	SYSCALL(28, madvise),
	SYSCALL(32, dup),
	SYSCALL(33, dup2),
	SYSCALL(35, nanosleep),
	SYSCALL(39, getpid),
	SYSCALL(56, clone),
	SYSCALL(57, fork),
	SYSCALL(59, execve),
	SYSCALL(60, exit),
	SYSCALL(61, wait4),
	SYSCALL(62, kill),
	SYSCALL(63, uname),
	SYSCALL(72, fcntl),
	SYSCALL(74, fsync),
	SYSCALL(75, fdatasync),
	SYSCALL(79, getcwd),
	SYSCALL(80, chdir),
	SYSCALL(81, fchdir),
	SYSCALL(102, getuid),
	SYSCALL(104, getgid),
	SYSCALL(107, geteuid),
	SYSCALL(108, getegid),
	SYSCALL(110, getppid),
	SYSCALL(158, arch_prctl),
	SYSCALL(167, swapon),
	SYSCALL(168, swapoff),
	SYSCALL(169, reboot),
	SYSCALL(186, gettid),
	SYSCALL(200, tkill),
	SYSCALL(217, getdents64),
	SYSCALL(218, set_tid_address),
	SYSCALL(228, clock_gettime),
	SYSCALL(230, clock_nanosleep),
	[231] = { "exit_group", sys_exit },
	SYSCALL(234, tgkill),
	SYSCALL(257, openat),
	SYSCALL(262, newfstatat),
	SYSCALL(267, readlinkat),
	SYSCALL(269, faccessat),
	SYSCALL(292, dup3),
	SYSCALL(302, prlimit64),
	SYSCALL(318, getrandom),
};

const size_t syscall_table_size = sizeof(syscall_table) /
    sizeof(syscall_table[0]);

/* clone(flags, stack, parent_tid, child_tid, tls) */
const int syscall_clone_child_tid_arg = 3;
