/*
 * swapdisk.h: what the in-kernel swap tests share (tests/ktest/swap.c).
 */
#ifndef _TESTS_KTEST_SWAPDISK_H_
#define _TESTS_KTEST_SWAPDISK_H_

/*
 * ktest_swap_disk_on: make disk name ("vda") a swap area of all its pages,
 * writing a header as mkswap does, and turn it on with swapon()'s flags:
 * 0 or an error (-ENODEV without the disk).
 */
int	ktest_swap_disk_on(const char *name, int flags);

#endif /* !_TESTS_KTEST_SWAPDISK_H_ */
