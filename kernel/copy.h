/*
 * copy.h: moving data between the kernel and user space.
 *
 * A user address is only a number until it has been checked: it must lie
 * in the user half, and the access may still fault (nothing mapped, or not
 * writable).  These functions check the range, then copy with the machine's
 * fault recovery, so a bad pointer is -EFAULT and never a kernel panic.
 */
#ifndef _KERNEL_COPY_H_
#define _KERNEL_COPY_H_

#include "kernel/types.h"

/* Copy len bytes from user address uaddr into kaddr: 0 or -EFAULT. */
int	copyin(const void *uaddr, void *kaddr, size_t len);
/* Copy len bytes from kaddr to user address uaddr: 0 or -EFAULT. */
int	copyout(const void *kaddr, void *uaddr, size_t len);

/*
 * copyinstr: copy the NUL-terminated string at user address ustr into
 * buf (size bytes), NUL included; its length without the NUL in *lenp
 * (may be NULL).  0; -EFAULT; -ENAMETOOLONG if no NUL comes within size
 * bytes.  It copies up to a page boundary at a time, so it never touches
 * a page the string does not reach.
 */
int	copyinstr(const char *ustr, char *buf, size_t size, size_t *lenp);

/*
 * machine_copy (arch/): copy len bytes, either side possibly faulting;
 * 0 or -EFAULT.  Only copyin/copyout call it, after checking the range.
 */
int	machine_copy(void *dst, const void *src, size_t len);

#endif /* !_KERNEL_COPY_H_ */
