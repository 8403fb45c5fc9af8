/*
 * syscalls.c (arm64): Linux's generic system-call numbers (the table
 * arm64 uses, include/uapi/asm-generic/unistd.h), mapped to the
 * machine-independent handlers (kernel/syscall.h).  A number without an
 * entry is -ENOSYS.
 */
#include "kernel/syscall.h"

#define SYSCALL(nr, name)	[nr] = { #name, sys_##name }

const struct sysent syscall_table[] = {
	SYSCALL(64, write),
	SYSCALL(93, exit),
	[94] = { "exit_group", sys_exit },
	SYSCALL(124, sched_yield),
	SYSCALL(172, getpid),
};

const size_t syscall_table_size = sizeof(syscall_table) /
    sizeof(syscall_table[0]);
