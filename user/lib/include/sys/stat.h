/*
 * sys/stat.h: file status (lib/file.c).
 *
 * struct stat is the kernel's, and its layout differs by architecture:
 * x86_64 keeps its own (nlink is 8 bytes and comes before mode), arm64
 * uses the generic one (include/uapi/asm-generic/stat.h).  Both are 16
 * longs of timestamps and sizes in the end; the offsets are in the
 * comments because a kernel that fills this in must match them.
 */
#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>

#if defined(__x86_64__)
struct stat {
	dev_t		st_dev;		/*   0 */
	ino_t		st_ino;		/*   8 */
	unsigned long	st_nlink;	/*  16 */
	mode_t		st_mode;	/*  24 */
	uid_t		st_uid;		/*  28 */
	gid_t		st_gid;		/*  32 */
	unsigned int	__pad0;		/*  36 */
	dev_t		st_rdev;	/*  40 */
	off_t		st_size;	/*  48 */
	long		st_blksize;	/*  56 */
	long		st_blocks;	/*  64: in 512-byte units */
	struct timespec	st_atim;	/*  72 */
	struct timespec	st_mtim;	/*  88 */
	struct timespec	st_ctim;	/* 104 */
	long		__unused[3];	/* 120, size 144 */
};
#elif defined(__aarch64__)
struct stat {
	dev_t		st_dev;		/*   0 */
	ino_t		st_ino;		/*   8 */
	mode_t		st_mode;	/*  16 */
	unsigned int	st_nlink;	/*  20 */
	uid_t		st_uid;		/*  24 */
	gid_t		st_gid;		/*  28 */
	dev_t		st_rdev;	/*  32 */
	unsigned long	__pad1;		/*  40 */
	off_t		st_size;	/*  48 */
	int		st_blksize;	/*  56 */
	int		__pad2;		/*  60 */
	long		st_blocks;	/*  64: in 512-byte units */
	struct timespec	st_atim;	/*  72 */
	struct timespec	st_mtim;	/*  88 */
	struct timespec	st_ctim;	/* 104 */
	unsigned int	__unused[2];	/* 120, size 128 */
};
#endif

#define st_atime	st_atim.tv_sec
#define st_mtime	st_mtim.tv_sec
#define st_ctime	st_ctim.tv_sec

#define S_IFMT		0170000		/* the file-type bits of st_mode */
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000

#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define S_ISUID		04000
#define S_ISGID		02000
#define S_ISVTX		01000
#define S_IRWXU		00700
#define S_IRUSR		00400
#define S_IWUSR		00200
#define S_IXUSR		00100
#define S_IRWXG		00070
#define S_IRGRP		00040
#define S_IWGRP		00020
#define S_IXGRP		00010
#define S_IRWXO		00007
#define S_IROTH		00004
#define S_IWOTH		00002
#define S_IXOTH		00001

int	fstat(int fd, struct stat *st);
int	stat(const char *path, struct stat *st);	/* newfstatat */

#endif /* !_SYS_STAT_H_ */
