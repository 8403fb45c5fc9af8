/*
 * vm_anon.h: anonymous pages, their references and the leaves that hold
 * them (see vm_anon.c).
 */
#ifndef _VM_VM_ANON_H_
#define _VM_VM_ANON_H_

#include "kernel/lock.h"
#include "vm/vm.h"

struct vm_map;
struct vm_page;

/*
 * anon_lock: one lock for the state of every anonymous folio: its
 * references, its LRU queue, its swap-cache state, and the leaves that
 * map it or stand for it (a present leaf becoming a swap leaf and back).
 * Lock order: a map's lock, then anon_lock, then a pmap's, pv_lock, the
 * swap table's locks and the page allocator's.  Reclaim, which reaches
 * leaves through pv lists and not through maps, takes anon_lock alone:
 * a pmap that still has leaves cannot be destroyed under it.
 */
extern struct spinlock anon_lock;

/*
 * With anon_lock held:
 *
 * vm_anon_page_ref: one more leaf maps the page at pa.
 * vm_anon_page_unref: one leaf less maps it (vm_anon_folio_release()).
 * vm_anon_folio_init: m, just allocated, becomes an anonymous folio:
 *	PG_ANON (PG_TAIL on the pages after the head of a 2 MiB one),
 *	counted in nr_anon_pages (and nr_anon_transparent_hugepages).
 * vm_anon_folio_new: vm_anon_folio_init(), for m (ref_count 1) that one
 *	leaf maps, and onto the active queue.
 * vm_anon_folio_release: drop one reference to m; the last frees it.
 *	A folio left to the swap cache alone is freed too, once no swap
 *	leaf needs its slots' contents any more.
 * vm_anon_swap_put: drop a swap leaf's reference to entry's slot (and
 *	the folio that caches it, if nothing else needs it).
 */
void	vm_anon_page_ref(vm_paddr_t pa);
void	vm_anon_page_unref(vm_paddr_t pa);
void	vm_anon_folio_init(struct vm_page *m);
void	vm_anon_folio_new(struct vm_page *m);
void	vm_anon_folio_release(struct vm_page *m);
void	vm_anon_swap_put(swp_entry_t entry);

/*
 * vm_anon_cache_reap: free m if the swap cache alone holds it and no
 * swap leaf needs its slots' contents (garbage).  anon_lock held.
 */
void	vm_anon_cache_reap(struct vm_page *m);

/*
 * vm_anon_folio_free: free m, which nothing references any more and
 * which is in no cache.  anon_lock held.
 */
void	vm_anon_folio_free(struct vm_page *m);

/*
 * vm_anon_release_pages: madvise(MADV_DONTNEED): free what the leaves of
 * [start, end) reference and remove the leaves, exactly as the release
 * hook does, but the region stays in the map: the next touch zero fills.
 * The range is page aligned and lies in entries that are not guards; the
 * caller holds the map lock.
 */
void	vm_anon_release_pages(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

/*
 * vm_anon_hold: fault in the page at va of map for access and hold it:
 * reclaim leaves a held page where it is, so a device can read or write
 * it (kernel/blkfile.c).  Its physical address in *pa.  0 or -EFAULT
 * (or the fault's error).  No lock held.
 * vm_anon_unhold: let go of the page at pa again.  No lock held.
 */
int	vm_anon_hold(struct vm_map *map, vm_offset_t va, vm_prot_t access,
	    vm_paddr_t *pa);
void	vm_anon_unhold(vm_paddr_t pa);

/*
 * vm_anon_swapoff: bring back into memory every page that is swapped out
 * to area type, in every process, so that no leaf and no cache entry
 * names its slots.  Reclaim must already be keeping away from the area
 * (swap_entry_leaving()).  0; -ENOMEM (memory is full: what came back
 * stays, the rest stays in swap); -EIO; -EINTR; -EBUSY (swap leaves kept
 * appearing, four rounds running).
 */
int	vm_anon_swapoff(unsigned type);

#endif /* !_VM_VM_ANON_H_ */
