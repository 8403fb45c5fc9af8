/*
 * blkfile.h: the block devices as files, /dev/vda, /dev/vdb, ...
 * (kernel/blkfile.c).  kernel/file.c asks here about any path under /dev
 * that is not one of its own devices.
 */
#ifndef _KERNEL_BLKFILE_H_
#define _KERNEL_BLKFILE_H_

#include "kernel/initramfs.h"
#include "kernel/types.h"

struct file_ops;

/* blkfile_lookup: the node of "/dev/NAME" for the block device NAME:
 * 0, or -ENOENT. */
int	blkfile_lookup(const char *path, struct initramfs_node *out);

/* blkfile_owns: is node a block device's?  Then its ops and st_rdev. */
bool	blkfile_owns(const struct initramfs_node *node);
extern const struct file_ops blkfile_ops;
uint64_t blkfile_rdev(const struct initramfs_node *node);

#endif /* !_KERNEL_BLKFILE_H_ */
