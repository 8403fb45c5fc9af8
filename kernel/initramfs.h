/*
 * initramfs.h: the read-only file system the boot loader hands the kernel,
 * a cpio "newc" archive in memory (docs/files.md).
 *
 * A struct initramfs is a handle on one archive.  The kernel's own is
 * initramfs_boot, set up once at boot from the module (amd64) or the
 * initrd (arm64); the tests make their own over small archives.  Nothing
 * is copied or allocated: a node's data points into the archive, which
 * must stay mapped, unchanged, for as long as the handle is used.
 *
 * initramfs_init() checks the whole archive once; after that the other
 * functions trust it.  Every function is an O(n) scan over the n members
 * (readdir: O(n^2), see initramfs.c), which is fine for the few dozen
 * files of a teaching system and keeps the code free of any index.
 *
 * Paths are absolute ("/bin/sh"); "." and ".." and repeated slashes are
 * handled as POSIX says.  Directories need no entry of their own: a member
 * "bin/sh" makes "/bin" exist.  Symbolic links are reported (mode S_IFLNK,
 * data: the target) but never followed: a symlink is a leaf, and one in
 * the middle of a path gives -ENOTDIR.
 */
#ifndef _KERNEL_INITRAMFS_H_
#define _KERNEL_INITRAMFS_H_

#include "kernel/types.h"

/*
 * File types and permission bits: Linux's values (the ABI is Linux's, and
 * cpio stores them as they are).  A host program including <sys/stat.h>
 * already has the same ones.
 */
#ifndef S_IFMT
#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#endif

#define INITRAMFS_NAME_MAX	255	/* bytes in one path component */
#define INITRAMFS_PATH_MAX	4096	/* bytes in a member's name, with NUL */

/*
 * Directories that have no member of their own get a made-up inode
 * number with this bit set; cpio's are 32-bit, so the two never meet.
 */
#define INITRAMFS_INO_IMPLICIT	(1ULL << 63)

/* An archive, checked by initramfs_init().  All zero: an empty one. */
struct initramfs {
	const uint8_t	*base;		/* the archive's first byte */
	size_t		size;		/* bytes up to the trailer's end */
	size_t		nmembers;	/* members before the trailer */
};

/* A file or directory, as lookup and readdir report it. */
struct initramfs_node {
	char		name[INITRAMFS_NAME_MAX + 1];	/* last component */
	uint32_t	mode;		/* S_IFREG | 0755, ... */
	uint64_t	size;		/* bytes of data (0 for a directory) */
	const void	*data;		/* in the archive; a symlink's target,
					   not NUL-terminated */
	uint64_t	ino;		/* the archive's, or made up */
};

/* The kernel's file system: the archive the boot loader gave. */
extern struct initramfs initramfs_boot;

/*
 * initramfs_init: check the archive [archive, archive + size) and make fs
 * a handle on it.  0, or -EINVAL with a console line saying what is wrong
 * and at which offset; fs is then the empty file system (only "/"), so a
 * bad archive costs the files, not the boot.  Bytes after the trailer
 * (the padding cpio adds up to 512) are ignored.  Never reads outside the
 * archive.
 */
int	initramfs_init(struct initramfs *fs, const void *archive, size_t size);

/*
 * initramfs_lookup: the node at path.  0; -ENOENT if there is none;
 * -ENOTDIR if a component before the last (or before a trailing slash) is
 * not a directory; -EINVAL if path is not absolute.
 */
int	initramfs_lookup(const struct initramfs *fs, const char *path,
	    struct initramfs_node *out);

/*
 * initramfs_readdir: the index-th (from 0) entry of directory dir, in the
 * order of first appearance in the archive, each name once, "." and ".."
 * not included.  0; -ENOENT past the last entry; lookup's errors for dir,
 * and -ENOTDIR if it is not a directory.
 */
int	initramfs_readdir(const struct initramfs *fs, const char *dir,
	    int index, struct initramfs_node *out);

/*
 * initramfs_read: copy up to len bytes of node's data from offset off into
 * buf.  The count copied: 0 at or past the end; -EISDIR for a directory.
 * A symlink reads as its target.
 */
ssize_t	initramfs_read(const struct initramfs_node *node, void *buf,
	    size_t len, uint64_t off);

#endif /* !_KERNEL_INITRAMFS_H_ */
