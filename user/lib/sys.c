/*
 * sys.c: system-wide calls: the system's name, reboot, swap areas.
 */
#include <sys/reboot.h>
#include <sys/swap.h>
#include <sys/utsname.h>

#include "libc.h"

/* The kernel refuses reboot unless both magic numbers are right. */
#define REBOOT_MAGIC1	0xfee1dead
#define REBOOT_MAGIC2	672274793	/* 0x28121969 */

int
uname(struct utsname *name)
{
	return __syscall_ret(__syscall1(SYS_uname, name));
}

int
reboot(int cmd)
{
	return __syscall_ret(__syscall4(SYS_reboot, REBOOT_MAGIC1,
	    REBOOT_MAGIC2, (unsigned int)cmd, 0));
}

int
swapon(const char *path, int flags)
{
	return __syscall_ret(__syscall2(SYS_swapon, path, flags));
}

int
swapoff(const char *path)
{
	return __syscall_ret(__syscall1(SYS_swapoff, path));
}
