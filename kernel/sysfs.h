/*
 * sysfs.h: /sys, the kernel's settings as files (kernel/sysfs.c;
 * docs/files.md, "/sys").  Only those Pagoda has:
 *
 *   /sys/kernel/mm/transparent_hugepage/enabled         the THP mode
 *       (vm/thp.h): reads "always [madvise] never\n", the mode in force
 *       in brackets; writing "always", "madvise" or "never" (a trailing
 *       newline allowed, as echo writes it) sets it, anything else is
 *       -EINVAL
 *   /sys/kernel/mm/transparent_hugepage/hpage_pmd_size  read-only: the
 *       size of a huge page in bytes, "2097152\n"
 *
 * and the directories above them.  The paths, modes and texts are
 * Linux's, so that the same programs and scripts work on both systems.
 *
 * kernel/file.c asks sysfs_lookup() about every resolved path under
 * "/sys", as it asks procfs_lookup() about /proc, makes the struct file
 * with sysfs_ops(), and refuses to open a read-only file for writing
 * (-EACCES, as Linux).  Unlike /proc's, a file's text is made at each
 * read, not at open: it is a few bytes, and a read after a write through
 * the same descriptor then shows the new setting, as on Linux.
 */
#ifndef _KERNEL_SYSFS_H_
#define _KERNEL_SYSFS_H_

#include "kernel/initramfs.h"
#include "kernel/types.h"

struct file_ops;

/*
 * Inode numbers: bit 60 set, above it nothing (procfs's have bit 61,
 * file.c's own nodes bit 62, the initramfs's implicit directories bit 63,
 * cpio's are 32 bits), below it the node's place in sysfs.c's table.
 */
#define SYSFS_INO_BIT		60

/* sysfs_path: does the resolved path lie in /sys ("/sys", "/sys/...")? */
bool	sysfs_path(const char *path);

/*
 * sysfs_lookup: what the resolved path (sysfs_path() true) names: 0 and
 * *out (name, mode, ino, and size: 4096 for a file, as Linux's stat
 * says, 0 for a directory), or -ENOENT.
 */
int	sysfs_lookup(const char *path, struct initramfs_node *out);

/* sysfs_owns: is node one of /sys's (by its ino)? */
bool	sysfs_owns(const struct initramfs_node *node);

/* sysfs_ops: the file_ops for a node of /sys: a file's or a directory's. */
const struct file_ops *sysfs_ops(const struct initramfs_node *node);

#endif /* !_KERNEL_SYSFS_H_ */
