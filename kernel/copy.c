/*
 * copy.c: copyin() and copyout() (see copy.h).
 */
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/systm.h"
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

int
copyinstr(const char *ustr, char *buf, size_t size, size_t *lenp)
{
	size_t done = 0, n, len;
	int error;

	while (done < size) {
		n = PAGE_SIZE - ((vm_offset_t)(ustr + done) & PAGE_MASK);
		n = MIN(n, size - done);
		if ((error = copyin(ustr + done, buf + done, n)) != 0)
			return error;
		if ((len = strnlen(buf + done, n)) < n) {
			if (lenp != NULL)
				*lenp = done + len;
			return 0;
		}
		done += n;
	}
	return -ENAMETOOLONG;
}
