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

#include "drivers/blk.h"
#include "kernel/types.h"
#include "vm/vm.h"

struct vm_page;

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

/*
 * swap_off: turn off the area at path: every page swapped out to it comes
 * back into memory first (vm_anon_swapoff()).  0; -EINVAL (not on);
 * -ENOMEM if memory cannot hold them (the area stays on, nothing lost);
 * -EIO if a slot cannot be read; -EINTR; -EBUSY if another swapoff of
 * the area is under way, or processes kept making swap leaves on it.
 */
int	swap_off(const char *path);

/* swap_area_stat: the index-th area that is on (0, 1...): false past the
 * last. */
bool	swap_area_stat(int index, struct swap_area_stat *out);

/*
 * swap_area_slots: area type's size in slots (header included) and its
 * slots in use, and the free slots of the other areas that take pages.
 * false if type is not on.
 */
bool	swap_area_slots(unsigned type, uint64_t *nslots, uint64_t *used,
	    uint64_t *free_elsewhere);

/* swap_free_slots: free slots in the areas that take pages now. */
uint64_t swap_free_slots(void);

/* swap_totals: usable and free pages over every area, for meminfo. */
void	swap_totals(uint64_t *total, uint64_t *free);

/*
 * swap_slot_alloc: 2^order free slots (order 0, or 9 for a 2 MiB folio:
 * a whole cluster) from the area of highest priority that has them; the
 * first in *entry, each with count 1 (the caller's reference).  0;
 * -ENOSPC if no area has them (for order 9: the caller splits the
 * folio and tries order 0).
 */
int	swap_slot_alloc(int order, swp_entry_t *entry);

/* swap_slot_put: drop one reference on each of nr slots from entry. */
void	swap_slot_put(swp_entry_t entry, unsigned nr);

/*
 * swap_slot_dup: one more reference on each of nr slots from entry (fork
 * copying a swap leaf).  0, or -ENOENT/-ENOMEM as swap_dup().
 */
int	swap_slot_dup(swp_entry_t entry, unsigned nr);

/* swap_slot_count: the references to entry's slot (swap_count()). */
unsigned swap_slot_count(swp_entry_t entry);

/* swap_entry_table: the books of entry's area, which must be on. */
struct swap_table *swap_entry_table(swp_entry_t entry);

/*
 * swap_entry_leaving: is entry's area being turned off?  Reclaim leaves
 * the folios that cache its slots alone meanwhile.
 */
bool	swap_entry_leaving(swp_entry_t entry);

/*
 * One folio's trip to or from its slots: a block request and its one
 * segment (a folio is physically contiguous).  The caller owns it until
 * done() has run.
 */
struct swap_io {
	struct blk_req	req;
	struct blk_seg	seg;
};

/*
 * swap_folio_io: start writing (write true) or reading the 2^order pages
 * of folio to or from its slots from entry, as one request; done(req)
 * runs when the disk is done (from interrupt context: see blk.h), with
 * req->error, and req->arg = arg.  0, or an error if it could not start.
 */
int	swap_folio_io(swp_entry_t entry, struct vm_page *folio, int order,
	    bool write, struct swap_io *io, void (*done)(struct blk_req *),
	    void *arg);

/* swap_folio_rw: the same, waiting for it.  0 or the disk's error. */
int	swap_folio_rw(swp_entry_t entry, struct vm_page *folio, int order,
	    bool write);

/*
 * swap_pages_read: read n (at most SWAP_READ_PAGES_MAX) consecutive slots
 * from first into n pages, as one request with a segment a page, and
 * wait for it.  0 or the disk's error.
 */
#define SWAP_READ_PAGES_MAX	8
int	swap_pages_read(swp_entry_t first, struct vm_page *const *pages,
	    int n);

#endif /* !_VM_SWAP_H_ */
