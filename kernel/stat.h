/*
 * stat.h: what fstat() and newfstatat() hand to user space.
 *
 * struct linux_stat is Linux's struct stat, and its layout depends on the
 * architecture (x86_64 has its own, arm64 the generic one), so it lives in
 * arch/$(ARCH)/include/machine/stat.h.  The field names are the same in
 * both, so the machine-independent kernel fills it by name and never
 * needs an #if: kernel/file.c's node_stat() is the only writer.
 *
 * The file types of st_mode (S_IFREG, ...) are Linux's and are defined in
 * kernel/initramfs.h, because cpio stores them as they are.
 */
#ifndef _KERNEL_STAT_H_
#define _KERNEL_STAT_H_

#include "kernel/initramfs.h"
#include "kernel/types.h"
#include "machine/stat.h"

#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)

/*
 * A device number as Linux puts it in st_dev and st_rdev (new_encode_dev):
 * the minor's low byte, the major, then the minor's other bits.  The
 * console, (5, 1), is 0x501.
 */
#define STAT_MAKEDEV(major, minor)					\
	(((uint64_t)(minor) & 0xff) | ((uint64_t)(major) << 8) |	\
	    (((uint64_t)(minor) & ~0xffULL) << 12))

/* st_blksize: the I/O size we suggest; st_blocks counts 512-byte units. */
#define STAT_BLKSIZE		4096
#define STAT_BLOCKS(size)	(((size) + 511) / 512)

#endif /* !_KERNEL_STAT_H_ */
