/*
 * stat.h (arm64): Linux's struct stat for arm64, the generic layout
 * (include/uapi/asm-generic/stat.h), which fstat() and newfstatat() fill
 * in.  It differs from x86_64's: st_mode comes before a 4-byte st_nlink,
 * st_blksize is 4 bytes, and the struct is 128 bytes, not 144.  The
 * machine-independent kernel fills it by field name (kernel/file.c) and
 * never depends on an offset.  The offsets are those of
 * user/lib/include/sys/stat.h, checked below.
 */
#ifndef _MACHINE_STAT_H_
#define _MACHINE_STAT_H_

#include "kernel/types.h"

struct linux_stat {
	uint64_t	st_dev;		/*   0 */
	uint64_t	st_ino;		/*   8 */
	uint32_t	st_mode;	/*  16 */
	uint32_t	st_nlink;	/*  20 */
	uint32_t	st_uid;		/*  24 */
	uint32_t	st_gid;		/*  28 */
	uint64_t	st_rdev;	/*  32 */
	uint64_t	__pad1;		/*  40 */
	int64_t		st_size;	/*  48 */
	int32_t		st_blksize;	/*  56 */
	int32_t		__pad2;		/*  60 */
	int64_t		st_blocks;	/*  64: in 512-byte units */
	int64_t		st_atime;	/*  72 */
	uint64_t	st_atime_nsec;	/*  80 */
	int64_t		st_mtime;	/*  88 */
	uint64_t	st_mtime_nsec;	/*  96 */
	int64_t		st_ctime;	/* 104 */
	uint64_t	st_ctime_nsec;	/* 112 */
	uint32_t	st_spare4;	/* 120 */
	uint32_t	st_spare5;	/* 124 */
};

_Static_assert(offsetof(struct linux_stat, st_mode) == 16, "st_mode");
_Static_assert(offsetof(struct linux_stat, st_nlink) == 20, "st_nlink");
_Static_assert(offsetof(struct linux_stat, st_rdev) == 32, "st_rdev");
_Static_assert(offsetof(struct linux_stat, st_size) == 48, "st_size");
_Static_assert(offsetof(struct linux_stat, st_blocks) == 64, "st_blocks");
_Static_assert(offsetof(struct linux_stat, st_ctime) == 104, "st_ctime");
_Static_assert(sizeof(struct linux_stat) == 128, "struct linux_stat");

#endif /* !_MACHINE_STAT_H_ */
