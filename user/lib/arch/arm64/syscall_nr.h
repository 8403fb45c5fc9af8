/*
 * syscall_nr.h: arm64 system-call numbers.
 *
 * arm64 uses Linux's generic table (include/uapi/asm-generic/unistd.h),
 * which dropped the calls that a newer one covers: there is no open (use
 * openat with AT_FDCWD), no fork (use clone with SIGCHLD), no stat (use
 * newfstatat).  The numbers differ from amd64's (../amd64/syscall_nr.h);
 * programs never see them, only the wrappers do.
 */
#ifndef _ARM64_SYSCALL_NR_H_
#define _ARM64_SYSCALL_NR_H_

#define SYS_getcwd		17
#define SYS_dup			23
#define SYS_dup3		24
#define SYS_fcntl		25
#define SYS_chdir		49
#define SYS_openat		56
#define SYS_close		57
#define SYS_getdents64		61
#define SYS_lseek		62
#define SYS_read		63
#define SYS_write		64
#define SYS_pread64		67
#define SYS_pwrite64		68
#define SYS_newfstatat		79
#define SYS_fstat		80
#define SYS_fdatasync		83
#define SYS_exit		93
#define SYS_exit_group		94
#define SYS_nanosleep		101
#define SYS_clock_gettime	113
#define SYS_sched_yield		124
#define SYS_kill		129
#define SYS_reboot		142
#define SYS_uname		160
#define SYS_getpid		172
#define SYS_getppid		173
#define SYS_gettid		178
#define SYS_brk			214
#define SYS_munmap		215
#define SYS_clone		220
#define SYS_execve		221
#define SYS_mmap		222
#define SYS_swapon		224
#define SYS_swapoff		225
#define SYS_mprotect		226
#define SYS_madvise		233
#define SYS_wait4		260
#define SYS_getrandom		278

#endif /* !_ARM64_SYSCALL_NR_H_ */
