/*
 * swap_cache.h: the swap cache, folios that hold the contents of swap
 * slots in memory (vm/swap_cache.c).
 *
 * There is no structure of its own: a slot's word in the swap table
 * (vm/swap_table.h) names the folio that caches it.  A folio in the cache
 * has PG_SWAPCACHE, its first slot in m->swap, and one reference that the
 * cache holds.  A folio is in the cache
 *  - while it is being written out (PG_WRITEBACK) and until reclaim frees
 *    it: the swap leaves that replaced its mappings find it there;
 *  - while it is being read in (PG_READING): whoever added it does the
 *    read, everyone else waits on the folio;
 *  - after a read, while it is mapped read-only: clean, it can be
 *    reclaimed again without a write.  A write fault that is the last
 *    user of the slot takes it out (vm_fault.c).
 *
 * Locking: everything here is called with anon_lock held (vm_anon.h),
 * and takes the swap table's own locks inside; except the reads and the
 * wait (swap_cache_read_folio(), _read_async(), _wait_folio()), which
 * sleep or start I/O and are called with no lock held.
 */
#ifndef _VM_SWAP_CACHE_H_
#define _VM_SWAP_CACHE_H_

#include "vm/vm.h"

struct vm_page;

/* swap_cache_get_folio: the folio caching entry's slot, or NULL. */
struct vm_page *swap_cache_get_folio(swp_entry_t entry);

/*
 * swap_cache_alloc_folio: a folio in the cache for entry's slot, to be
 * read in by the caller.  orders is a set of folio orders (bit n: order
 * n), tried highest first; the folio of order n would cache the 2^n
 * slots around entry, aligned.  For each order, the range is checked
 * under the cluster lock before the folio is allocated and again as it
 * is inserted; a slot of the range that is free or cached, or no memory,
 * makes it try the next order down.  Returns
 *  - 0 and the new folio in *folio: PG_READING, two references (the
 *    cache's and the caller's), the slots' contents still to be read;
 *  - -EEXIST and the folio that already caches entry's slot in *folio
 *    (it may still be PG_READING: then wait on it), or NULL there if
 *    entry's own slot is not cached but another of the smallest range
 *    tried is (the caller asked for large folios only);
 *  - -ENOENT: entry's slot is free (the caller's leaf went away);
 *  - -ENOMEM: no folio of any order could be had.
 */
int	swap_cache_alloc_folio(swp_entry_t entry, unsigned orders,
	    struct vm_page **folio);

/*
 * swap_cache_add_folio: put m, unmapped or not, in the cache for the
 * slots from entry (reclaim, which has just allocated them).  Takes the
 * cache's reference.  0 or -EEXIST/-ENOENT (swap_cache_add()).
 */
int	swap_cache_add_folio(struct vm_page *m, swp_entry_t entry);

/*
 * swap_cache_del_folio: take m out of the cache; its slots that no swap
 * leaf names any more become free.  Drops the cache's reference (if
 * that was the last, the caller frees m).
 */
void	swap_cache_del_folio(struct vm_page *m);

/*
 * swap_cache_read_folio: read m (new from swap_cache_alloc_folio(), held
 * by the caller) in from its slots, with its neighbours read ahead in the
 * same request (swap_cache.c says which), then let go of the caller's
 * reference and wake whoever waits on m.  The folios read are on the
 * inactive queue.  On a read error they leave the cache again (a later
 * fault reads again) and the error is returned: the caller's process
 * gets SIGBUS.  No lock held; sleeps.
 */
int	swap_cache_read_folio(struct vm_page *m);

/*
 * swap_cache_read_async: start reading m (new from swap_cache_alloc_folio(),
 * held by the caller) and return: read-ahead.  When the read is done the
 * caller's reference goes and the waiters wake, as after
 * swap_cache_read_folio(); if it fails, m just leaves the cache again.
 * No lock held.
 */
void	swap_cache_read_async(struct vm_page *m);

/*
 * swap_cache_wait_folio: wait until m, held by the caller, is no longer
 * PG_READING, then let go of the reference.  No lock held; sleeps.
 */
void	swap_cache_wait_folio(struct vm_page *m);

/*
 * swap_cache_ra_hit: a fault found m in the cache: if it was read ahead,
 * count the hit (it keeps the read-ahead window open).  anon_lock held.
 */
void	swap_cache_ra_hit(struct vm_page *m);

/*
 * swap_folio_users: the references to m's slots (the largest count of
 * any of them): swap leaves, or holders like fork, that will want the
 * contents one day.  0: only the cache keeps the slots.
 */
unsigned swap_folio_users(struct vm_page *m);

#endif /* !_VM_SWAP_CACHE_H_ */
