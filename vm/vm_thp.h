/*
 * vm_thp.h: the mechanics of transparent huge pages (vm/vm_thp.c): the
 * 2 MiB fault, copy on write of a 2 MiB leaf, and splitting.  The policy
 * (which regions may have them) is vm/thp.h; docs/hugepages.md tells the
 * story.
 *
 * A huge page is an anonymous folio of order PMD_ORDER mapped by 2 MiB
 * leaves only: its head page carries the references (one per 2 MiB leaf,
 * plus the swap cache's and holders' as for any folio, vm_anon.c) and
 * the pv entries; its 511 other pages are marked PG_TAIL.  When any of
 * its leaves must become 4 KiB leaves (a partial munmap, mprotect or
 * MADV_DONTNEED, a copy on write without 2 MiB to copy into, reclaim
 * without 2 MiB of swap), every leaf that maps it is split and so is the
 * folio: 512 small folios, each mapped where the 2 MiB were.
 */
#ifndef _VM_VM_THP_H_
#define _VM_VM_THP_H_

#include "vm/vm.h"

struct vm_map;
struct vm_map_entry;
struct vm_page;
struct pmap_leaf;

#define HPAGE_PAGES	(PMD_SIZE / PAGE_SIZE)		/* 512 */

/*
 * thp_fault_zero: nothing is mapped at va of entry: map a new zeroed
 * 2 MiB page around it if the policy and the region allow one there and
 * nothing at all is mapped in those 2 MiB yet.  Map and anon_lock held.
 * 0 if it did; -ENOTSUP if the fault should map a 4 KiB page instead
 * (counted as thp_fault_fallback when a huge page was wanted there and
 * none could be had).
 */
int	thp_fault_zero(struct vm_map *map, struct vm_map_entry *entry,
	    vm_offset_t va);

/*
 * thp_fault_cow: a write to the read-only 2 MiB leaf *leaf of a writable
 * region: make it writable if this leaf is the folio's last user, else
 * copy the 2 MiB.  Without 2 MiB to copy into, the folio is split (the
 * fault then starts over on 4 KiB leaves).  Locks held.  0; -EAGAIN (look
 * again); -EBUSY (the folio is in someone's hands: wait a moment);
 * -ENOMEM (a page-table page: reclaim, then again).
 */
int	thp_fault_cow(struct vm_map *map, struct vm_map_entry *entry,
	    const struct pmap_leaf *leaf);

/*
 * thp_split: split the 2 MiB folio m and every leaf that maps it (see
 * above); a folio in the swap cache stays there, each page caching its
 * own slot (dirty ones dirty).  anon_lock held.  0; -EBUSY (I/O in
 * flight, or a holder); -ENOMEM (no page-table page: nothing changed).
 */
int	thp_split(struct vm_page *m);

/*
 * thp_split_leaf: make the 2 MiB leaf of map covering va, present or
 * swap, into 4 KiB leaves (a present one by splitting its folio).  Map
 * and anon_lock held.  0 (also if no 2 MiB leaf is there), or
 * thp_split()'s errors.
 */
int	thp_split_leaf(struct vm_map *map, vm_offset_t va);

/*
 * vm_thp_split_edges: before munmap, mprotect or madvise of [start, end)
 * in map, split the 2 MiB leaves that the range cuts (at start and at
 * end), so that the map's hooks see only whole ones.  Takes the locks,
 * waits for memory or I/O as needed.  0, -EINTR, or -ENOMEM (nothing
 * left to reclaim or kill).
 */
int	vm_thp_split_edges(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

/*
 * anon_folio_of: the head of the anonymous folio the frame at pa belongs
 * to (itself for a small one).
 */
struct vm_page *anon_folio_of(vm_paddr_t pa);

#endif /* !_VM_VM_THP_H_ */
