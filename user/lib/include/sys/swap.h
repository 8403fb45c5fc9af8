/*
 * sys/swap.h: turning swap areas on and off (lib/sys.c).  path names a
 * block device or file in mkswap's format.
 */
#ifndef _SYS_SWAP_H_
#define _SYS_SWAP_H_

#define SWAP_FLAG_PREFER	0x8000	/* the priority below is given */
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAG_PRIO_SHIFT	0
#define SWAP_FLAG_DISCARD	0x10000

int	swapon(const char *path, int flags);
int	swapoff(const char *path);

#endif /* !_SYS_SWAP_H_ */
