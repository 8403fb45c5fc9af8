/*
 * sys_swap.c: swapon(2) and swapoff(2), Linux's calls (vm/swap.c does
 * the work).
 */
#include "kernel/syscall.h"
#include "kernel/sys_file.h"
#include "vm/kmem.h"
#include "vm/swap.h"

/* swapon(path, flags) */
long
sys_swapon(const struct syscall_args *a)
{
	char *path;
	long ret;

	if ((ret = copyin_path((const char *)a->arg[0], &path)) != 0)
		return ret;
	ret = swap_on(path, (int)a->arg[1]);
	kfree(path);
	return ret;
}

/* swapoff(path) */
long
sys_swapoff(const struct syscall_args *a)
{
	char *path;
	long ret;

	if ((ret = copyin_path((const char *)a->arg[0], &path)) != 0)
		return ret;
	ret = swap_off(path);
	kfree(path);
	return ret;
}
