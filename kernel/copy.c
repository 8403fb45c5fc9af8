/*
 * copy.c: copyin() and copyout() (see copy.h).
 */
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "machine/vmparam.h"

/* Does [uaddr, uaddr + len) lie wholly in the user half? */
static bool
user_range_ok(const void *uaddr, size_t len)
{
	vm_offset_t start = (vm_offset_t)uaddr;

	return start + len >= start && start + len <= VM_MAX_USER_ADDRESS;
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (!user_range_ok(uaddr, len))
		return -EFAULT;
	return machine_copy(kaddr, uaddr, len);
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (!user_range_ok(uaddr, len))
		return -EFAULT;
	return machine_copy(uaddr, kaddr, len);
}
