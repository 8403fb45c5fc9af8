/*
 * swap.h: swap areas, turned on and off (vm/swap.c; docs/swap.md).
 *
 * A swap area is a disk (/dev/vdX) whose first page is a swap header
 * (vm/swap_header.h).  swap_on() reads and checks it and adds the area;
 * swap_off() takes it away again.  Pages going out and coming back (the
 * swap table, the page daemon) build on these areas.
 */
#ifndef _VM_SWAP_H_
#define _VM_SWAP_H_

#include "kernel/types.h"

#define SWAP_MAX_AREAS		8
#define SWAP_FLAG_PREFER	0x8000	/* swapon(): the priority is given */
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_DISCARD	0x10000	/* (accepted, not acted on) */
#define SWAP_FLAGS_VALID	(SWAP_FLAG_PREFER | SWAP_FLAG_PRIO_MASK | \
				    SWAP_FLAG_DISCARD | 0x20000 | 0x40000)

/* What /proc/swaps says of an area. */
struct swap_area_stat {
	char		path[24];	/* "/dev/vda" */
	uint64_t	size_kib;	/* its usable pages */
	uint64_t	used_kib;
	int		prio;
};

/*
 * swap_on: turn on the swap area on the block device at path ("/dev/vda")
 * with swapon()'s flags.  0; -ENOENT, -ENOTBLK (not a disk), -EBUSY
 * (already on), -EINVAL (bad flags, or a bad header: a line on the
 * console says why), -EPERM (a read-only disk), -ENOSPC (too many
 * areas), -EIO, -ENOMEM.
 */
int	swap_on(const char *path, int flags);

/* swap_off: turn off the area at path.  0; -EINVAL (not on). */
int	swap_off(const char *path);

/* swap_area_stat: the index-th area that is on (0, 1...): false past the
 * last. */
bool	swap_area_stat(int index, struct swap_area_stat *out);

/* swap_totals: usable and free pages over every area, for meminfo. */
void	swap_totals(uint64_t *total, uint64_t *free);

#endif /* !_VM_SWAP_H_ */
