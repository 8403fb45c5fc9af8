/*
 * syscalls.c (amd64): Linux's x86_64 system-call numbers, mapped to the
 * machine-independent handlers (kernel/syscall.h).  A number without an
 * entry is -ENOSYS.
 */
#include "kernel/syscall.h"

#define SYSCALL(nr, name)	[nr] = { #name, sys_##name }

const struct sysent syscall_table[] = {
	SYSCALL(1, write),
	SYSCALL(24, sched_yield),
	SYSCALL(39, getpid),
	SYSCALL(60, exit),
	[231] = { "exit_group", sys_exit },
};

const size_t syscall_table_size = sizeof(syscall_table) /
    sizeof(syscall_table[0]);
