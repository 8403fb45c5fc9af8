/*
 * stat.h (amd64): Linux's struct stat for x86_64
 * (arch/x86/include/uapi/asm/stat.h), which fstat() and newfstatat() fill
 * in.  x86_64 kept a layout of its own: st_nlink is 8 bytes and comes
 * before st_mode.  arm64 uses the generic layout instead, so this header
 * exists once per architecture; the machine-independent kernel fills the
 * struct by field name (kernel/file.c) and never depends on an offset.
 * The offsets are those of user/lib/include/sys/stat.h, checked below.
 */
#ifndef _MACHINE_STAT_H_
#define _MACHINE_STAT_H_

#include "kernel/types.h"

struct linux_stat {
	uint64_t	st_dev;		/*   0 */
	uint64_t	st_ino;		/*   8 */
	uint64_t	st_nlink;	/*  16 */
	uint32_t	st_mode;	/*  24 */
	uint32_t	st_uid;		/*  28 */
	uint32_t	st_gid;		/*  32 */
	uint32_t	__pad0;		/*  36 */
	uint64_t	st_rdev;	/*  40 */
	int64_t		st_size;	/*  48 */
	int64_t		st_blksize;	/*  56 */
	int64_t		st_blocks;	/*  64: in 512-byte units */
	int64_t		st_atime;	/*  72 */
	uint64_t	st_atime_nsec;	/*  80 */
	int64_t		st_mtime;	/*  88 */
	uint64_t	st_mtime_nsec;	/*  96 */
	int64_t		st_ctime;	/* 104 */
	uint64_t	st_ctime_nsec;	/* 112 */
	int64_t		st_spare[3];	/* 120 */
};

_Static_assert(offsetof(struct linux_stat, st_nlink) == 16, "st_nlink");
_Static_assert(offsetof(struct linux_stat, st_mode) == 24, "st_mode");
_Static_assert(offsetof(struct linux_stat, st_rdev) == 40, "st_rdev");
_Static_assert(offsetof(struct linux_stat, st_size) == 48, "st_size");
_Static_assert(offsetof(struct linux_stat, st_blocks) == 64, "st_blocks");
_Static_assert(offsetof(struct linux_stat, st_ctime) == 104, "st_ctime");
_Static_assert(sizeof(struct linux_stat) == 144, "struct linux_stat");

#endif /* !_MACHINE_STAT_H_ */
