/*
 * swap_off.c: swapoff's half of the VM: every page swapped out to an
 * area comes back into memory before the area goes (vm_anon_swapoff()).
 *
 * Three passes, the area marked leaving all along (no new slot is taken
 * from it and reclaim leaves its cached folios alone):
 *
 *  1. read: every slot in use gets a folio in the swap cache, read from
 *     the disk unless it is cached already.  This pass sleeps (I/O, and
 *     reclaim to make room, into the other areas); if memory runs out it
 *     stops with ENOMEM, and what it read stays in the cache, clean, for
 *     faults to find or reclaim to drop: nothing is lost.
 *  2. map: in every process, every swap leaf that names the area is
 *     replaced by a present leaf mapping the cached folio (read-only, as
 *     a swap-in would; a write fault then takes the folio over).  No
 *     sleeping: proc_lock, then each map's lock and anon_lock, are held.
 *  3. uncache: every folio still caching a slot of the area leaves the
 *     cache; the slots are all free then.
 */
#include "vm/vm_anon.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"

/*
 * Pass 1 for one slot: make sure it is cached, valid, unless it is free.
 * 0, -EAGAIN (look again), or an error.
 */
static int
swapoff_read_slot(swp_entry_t e)
{
	struct vm_page *m;
	int error;

	spin_lock(&anon_lock);
	if (swap_slot_count(e) == 0) {
		spin_unlock(&anon_lock);
		return 0;	/* free, or cached for a write in flight */
	}
	/* A whole cluster may come back as one 2 MiB folio (pass 2). */
	error = swap_cache_alloc_folio(e, (swp_offset(e) % HPAGE_PAGES == 0 ?
	    1U << PMD_ORDER : 0) | 1U << 0, &m);
	if (error == -EEXIST && (m->flags & (PG_READING | PG_WRITEBACK))) {
		if (m->flags & PG_WRITEBACK) {
			sleep_on(m, &anon_lock);	/* pageout_done() */
			spin_unlock(&anon_lock);
			return -EAGAIN;
		}
		m->ref_count++;
		spin_unlock(&anon_lock);
		swap_cache_wait_folio(m);
		return -EAGAIN;
	}
	spin_unlock(&anon_lock);
	if (error == -EEXIST || error == -ENOENT)
		return 0;
	if (error == -ENOMEM)
		return (error = vm_wait_memory(0, false)) == 0 ? -EAGAIN :
		    error;
	return swap_cache_read_folio(m);
}

/* Pass 1. */
static int
swapoff_read(unsigned type, uint64_t nslots)
{
	int error;

	for (uint64_t slot = 1; slot < nslots; slot++) {
		while ((error = swapoff_read_slot(swp_entry(type, slot))) ==
		    -EAGAIN)
			;
		if (error != 0)
			return error;
		if (curproc != NULL && curproc->p_killed)
			return -EINTR;
	}
	return 0;
}

/*
 * Pass 2 for one leaf: the swap leaf of map at va, in entry, names e,
 * whose folio m is cached: map m there instead.  -EAGAIN if the folio is
 * not there (pass 1 again); -ENOMEM.
 */
static int
swapoff_map_leaf(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va, swp_entry_t e)
{
	struct vm_page *m = swap_cache_get_folio(e);
	vm_prot_t prot = entry->prot & ~VM_PROT_WRITE;
	int error;

	if (m == NULL || (m->flags & PG_READING))
		return -EAGAIN;
	if (entry->prot == VM_PROT_NONE)
		prot = VM_PROT_READ;	/* then taken away below */
	error = pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(m) +
	    (swp_offset(e) - swp_offset(m->swap)) * PAGE_SIZE, prot, 0);
	if (error != 0)
		return error;
	if (entry->prot == VM_PROT_NONE)
		pmap_protect(map->pmap, va, va + PAGE_SIZE, VM_PROT_NONE);
	m->ref_count++;
	vm_anon_swap_put(e);
	if (!(m->flags & PG_LRU))
		lru_add(m, false);
	return 0;
}

/*
 * Pass 2 for a 2 MiB swap leaf of map at leaf->va: map the 2 MiB folio
 * that caches its slots whole (read-only, as a swap-in would), or, if
 * the slots came back as small folios, split the swap leaf: the 4 KiB
 * ones are then mapped one by one.
 */
static int
swapoff_map_pmd(struct vm_map *map, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf)
{
	struct vm_page *m = swap_cache_get_folio(leaf->swap);
	vm_prot_t prot = entry->prot & ~VM_PROT_WRITE;
	int error;

	if (m != NULL && (m->flags & PG_READING))
		return -EAGAIN;			/* pass 1 again */
	if (m == NULL || m->order != PMD_ORDER ||
	    m->swap.val != leaf->swap.val || entry->prot == VM_PROT_NONE) {
		if ((error = pmap_split_pmd(map->pmap, leaf->va)) == 0)
			vm_stat_inc(VM_STAT_THP_SPLIT_PMD);
		return error;
	}
	if ((error = pmap_enter_pmd(map->pmap, leaf->va, VM_PAGE_TO_PHYS(m),
	    prot, 0)) != 0)
		return error;
	m->ref_count++;
	swap_slot_put(leaf->swap, HPAGE_PAGES);
	if (!(m->flags & PG_LRU))
		lru_add(m, false);
	return 0;
}

/*
 * Pass 2 for one leaf of map at va, in entry, if it names a slot of the
 * area: 0 (also if not), or an error.  A 4 KiB swap leaf whose slot a
 * 2 MiB folio caches splits that folio first.
 */
static int
swapoff_map_va(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va, unsigned type)
{
	struct pmap_leaf leaf;
	struct vm_page *m;
	int error;

	switch (pmap_lookup(map->pmap, va, &leaf)) {
	case PMAP_LEAF_SWAP_PMD:
		if (swp_type(leaf.swap) != type)
			return 0;
		return swapoff_map_pmd(map, entry, &leaf);
	case PMAP_LEAF_SWAP_PTE:
		if (swp_type(leaf.swap) != type)
			return 0;
		m = swap_cache_get_folio(leaf.swap);
		if (m != NULL && m->order != 0 && (error = thp_split(m)) != 0)
			return error;
		return swapoff_map_leaf(map, entry, va, leaf.swap);
	default:
		return 0;
	}
}

/* Pass 2 for one map, locked with anon_lock. */
static int
swapoff_map_one(struct vm_map *map, unsigned type)
{
	enum pmap_leaf_kind kind;
	struct pmap_leaf leaf;
	int error;

	for (struct vm_map_entry *e = vm_map_first(map); e != NULL;
	    e = vm_map_next(map, e)) {
		for (vm_offset_t va = e->start; va < e->end; va += PAGE_SIZE) {
			if ((error = swapoff_map_va(map, e, va, type)) != 0)
				return error;
			kind = pmap_lookup(map->pmap, va, &leaf);
			/* Past a 2 MiB leaf just mapped whole... */
			if (kind == PMAP_LEAF_PMD)
				va = leaf.va + PMD_SIZE - PAGE_SIZE;
			/* ...or back to a 2 MiB swap leaf just split. */
			else if (kind == PMAP_LEAF_SWAP_PTE &&
			    swp_type(leaf.swap) == type)
				va -= PAGE_SIZE;
		}
	}
	return 0;
}

/* Pass 2. */
static int
swapoff_map(unsigned type)
{
	struct proc *p;
	int error = 0;

	spin_lock(&proc_lock);
	for (p = proc_next_locked(NULL); p != NULL && error == 0;
	    p = proc_next_locked(p)) {
		if (p->p_map == NULL || p->p_map->pmap == NULL)
			continue;
		vm_map_lock(p->p_map);
		spin_lock(&anon_lock);
		error = swapoff_map_one(p->p_map, type);
		spin_unlock(&anon_lock);
		vm_map_unlock(p->p_map);
	}
	spin_unlock(&proc_lock);
	return error;
}

/*
 * Pass 3 for one slot: its folio leaves the cache, once its write (if
 * one is in flight) is done.  -EAGAIN: waited, look again; -EBUSY: a
 * swap leaf still names the slot (a process made one meanwhile).
 */
static int
swapoff_uncache_slot(swp_entry_t e)
{
	struct vm_page *m;
	int error = 0;

	spin_lock(&anon_lock);
	if ((m = swap_cache_get_folio(e)) == NULL) {
		error = swap_slot_count(e) != 0 ? -EBUSY : 0;
	} else if (m->flags & (PG_WRITEBACK | PG_READING)) {
		sleep_on(m, &anon_lock);	/* pageout_done() wakes */
		error = -EAGAIN;
	} else if (swap_folio_users(m) != 0) {
		error = -EBUSY;
	} else {
		swap_cache_del_folio(m);
		if (m->ref_count == 0)
			vm_anon_folio_free(m);
	}
	spin_unlock(&anon_lock);
	return error;
}

/* Pass 3. */
static int
swapoff_uncache(unsigned type, uint64_t nslots)
{
	int error;

	for (uint64_t slot = 1; slot < nslots; slot++) {
		while ((error = swapoff_uncache_slot(swp_entry(type, slot))) ==
		    -EAGAIN)
			;
		if (error != 0)
			return error;
	}
	return 0;
}

/*
 * Can memory hold what the area holds?  Free pages above the reserve,
 * plus room in the other areas for what reclaim would have to push out.
 */
static bool
swapoff_fits(uint64_t used, uint64_t free_elsewhere)
{
	size_t free = vm_page_free_count();

	return free > vm_wmark.min &&
	    used <= free - vm_wmark.min + free_elsewhere;
}

/*
 * The passes, again if a process made a new swap leaf meanwhile (fork
 * copies them), which cannot happen on one CPU but costs nothing to
 * allow for.
 */
int
vm_anon_swapoff(unsigned type)
{
	uint64_t nslots, used, free_elsewhere;
	int error = -EBUSY;

	if (!swap_area_slots(type, &nslots, &used, &free_elsewhere))
		return -EINVAL;
	if (!swapoff_fits(used, free_elsewhere))
		return -ENOMEM;
	for (int round = 0; round < 4 && error == -EBUSY; round++) {
		if ((error = swapoff_read(type, nslots)) != 0)
			return error;
		error = swapoff_map(type);
		if (error == -EAGAIN) {
			error = -EBUSY;
			continue;
		}
		if (error == 0)
			error = swapoff_uncache(type, nslots);
	}
	return error;
}
