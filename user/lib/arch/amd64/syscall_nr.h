/*
 * syscall_nr.h: amd64 system-call numbers.
 *
 * These are Linux's x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl),
 * so that one binary runs on Linux and on Pagoda.  Only the calls the
 * library wraps are listed; add a number here before wrapping a new call,
 * and check it against Linux's table.  arm64 uses a different table: see
 * ../arm64/syscall_nr.h.
 */
#ifndef _AMD64_SYSCALL_NR_H_
#define _AMD64_SYSCALL_NR_H_

#define SYS_read		0
#define SYS_write		1
#define SYS_open		2	/* arm64 has only openat */
#define SYS_close		3
#define SYS_fstat		5
#define SYS_lseek		8
#define SYS_mmap		9
#define SYS_mprotect		10
#define SYS_munmap		11
#define SYS_brk			12
#define SYS_pread64		17
#define SYS_pwrite64		18
#define SYS_sched_yield		24
#define SYS_madvise		28
#define SYS_dup			32
#define SYS_dup2		33	/* arm64 has only dup3 */
#define SYS_nanosleep		35
#define SYS_getpid		39
#define SYS_clone		56
#define SYS_fork		57	/* arm64 has only clone */
#define SYS_execve		59
#define SYS_exit		60
#define SYS_wait4		61
#define SYS_kill		62
#define SYS_uname		63
#define SYS_fcntl		72
#define SYS_fdatasync		75
#define SYS_getcwd		79
#define SYS_chdir		80
#define SYS_getppid		110
#define SYS_swapon		167
#define SYS_swapoff		168
#define SYS_reboot		169
#define SYS_gettid		186
#define SYS_getdents64		217
#define SYS_clock_gettime	228
#define SYS_exit_group		231
#define SYS_openat		257
#define SYS_newfstatat		262
#define SYS_dup3		292
#define SYS_getrandom		318

#endif /* !_AMD64_SYSCALL_NR_H_ */
