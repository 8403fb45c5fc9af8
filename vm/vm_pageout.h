/*
 * vm_pageout.h: reclaim: the LRU queues of anonymous folios, the page
 * daemon, direct reclaim, MADV_PAGEOUT and the OOM killer
 * (vm/vm_pageout.c; docs/reclaim.md tells the story).
 */
#ifndef _VM_VM_PAGEOUT_H_
#define _VM_VM_PAGEOUT_H_

#include "vm/vm.h"

struct vm_map;
struct vm_page;

/*
 * The watermarks, in free pages, set from the memory size at boot.
 *  - below low, the page daemon is woken; it works until free is at
 *    high again;
 *  - user memory may not take the last min pages (VM_ALLOC_USER): a
 *    fault that would waits for reclaim instead (direct reclaim).
 */
struct vm_watermarks {
	size_t	min;
	size_t	low;
	size_t	high;
};
extern struct vm_watermarks vm_wmark;

/* vm_pageout_init: the watermarks for managed pages of RAM. */
void	vm_pageout_init(size_t managed);

/* vm_pageout_start: start the page daemon thread (once threads run). */
void	vm_pageout_start(void);

/* pagedaemon_wakeup: free memory is low: wake the daemon (any context). */
void	pagedaemon_wakeup(void);

/*
 * The LRU queues, anon_lock held.  A folio that leaves map: mapped is on
 * one queue (PG_LRU), active (PG_ACTIVE) or inactive, unless reclaim or
 * I/O has it in hand.
 *
 * lru_add: m goes to the tail of the active queue (active) or the
 *	inactive one.
 * lru_remove: m leaves its queue (it must be on one).
 */
void	lru_add(struct vm_page *m, bool active);
void	lru_remove(struct vm_page *m);

/*
 * vm_wait_memory: direct reclaim, called with no lock held by a thread
 * whose allocation of 2^order user pages failed: reclaim some pages
 * itself, wait for writes in flight, and as the last resort (if may_oom)
 * call the OOM killer.  0: worth trying again; -ENOMEM: nothing more can
 * be freed (with may_oom: and nobody but init is left to kill);
 * -EINTR: the caller is being killed.
 */
int	vm_wait_memory(int order, bool may_oom);

/*
 * vm_pageout_range: madvise(MADV_PAGEOUT) on [start, end) of map, a
 * range of private anonymous entries: every page there that only this
 * map maps goes to swap now, and the call returns when the writes are
 * done (their frames are free then).  Pages it cannot send (no swap
 * space, a page held by I/O) stay.  0 or -EINTR.
 */
int	vm_pageout_range(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

/* The LRU queues' lengths, for /proc/meminfo. */
void	lru_counts(size_t *active, size_t *inactive);

#endif /* !_VM_VM_PAGEOUT_H_ */
