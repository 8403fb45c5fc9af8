/*
 * mman.c: memory-mapping system calls and the heap break.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libc.h"

/* The break as the last brk call left it; 0 until the first call. */
static uintptr_t current_break;

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	return (void *)__syscall_ret(__syscall6(SYS_mmap, (long)addr,
	    (long)len, prot, flags, fd, offset));
}

int
munmap(void *addr, size_t len)
{
	return __syscall_ret(__syscall2(SYS_munmap, addr, len));
}

int
mprotect(void *addr, size_t len, int prot)
{
	return __syscall_ret(__syscall3(SYS_mprotect, addr, len, prot));
}

int
madvise(void *addr, size_t len, int advice)
{
	return __syscall_ret(__syscall3(SYS_madvise, addr, len, advice));
}

/*
 * The brk system call is not the brk function: it never fails, it
 * returns the new break, which is the old one when the kernel refused.
 * brk(0) asks for the current break.
 */
static uintptr_t
sys_brk(uintptr_t addr)
{
	return (uintptr_t)__syscall1(SYS_brk, addr);
}

/* brk: set the break to addr; 0, or -1 and ENOMEM. */
int
brk(void *addr)
{
	current_break = sys_brk((uintptr_t)addr);
	if (current_break != (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * sbrk: move the break by increment bytes and return the old break (so
 * the start of the new memory when growing); (void *)-1 and ENOMEM.
 */
void *
sbrk(intptr_t increment)
{
	uintptr_t old;

	if (current_break == 0)
		current_break = sys_brk(0);
	if ((intptr_t)current_break < 0) {
		/* -errno: a kernel without brk.  No user address is < 0. */
		current_break = 0;
		errno = ENOMEM;
		return (void *)-1;
	}
	old = current_break;
	if (increment == 0)
		return (void *)old;
	current_break = sys_brk(old + increment);
	if (current_break != old + increment) {
		current_break = old;
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)old;
}
