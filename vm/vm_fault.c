/*
 * vm_fault.c: the page-fault handler.
 *
 * Every architecture's trap handler sends page faults here, with the
 * faulting address, the kind of access and whether it came from user mode.
 * The fault is resolved against the current process's map:
 *
 *   no region, a guard gap, or a region      -> -EFAULT: the process gets
 *   without the right for this access           SIGSEGV (or copyin fails)
 *   nothing mapped yet                       -> zero fill: a new zeroed page
 *   a write to a read-only leaf of a         -> copy on write: copy the page,
 *   writable region, page shared (fork)         or just make it writable if
 *                                               this leaf is its last user
 *   a leaf that lacks a right the region     -> grant it (mprotect added it),
 *   has (a PROT_NONE leaf lacks them all)       but never write to a page
 *                                               still shared copy-on-write
 *   a swap leaf                              -> swap in: map the folio the
 *                                               swap cache holds, or read
 *                                               one in (a major fault)
 *
 * and the same on 2 MiB leaves: a zero fill maps a huge page where the
 * policy and the region allow (vm_thp.c), copy on write copies 2 MiB or
 * splits, and a 2 MiB swap leaf comes back whole when it can (else it is
 * split into 512 4 KiB ones).
 *
 * Kernel threads have no map: every fault of theirs is an error, and the
 * kernel's own memory is always mapped.
 *
 * Sleeping.  The map lock and anon_lock are spin locks, and a fault may
 * have to wait: for a read from swap, for another thread's read of the
 * same slot, or for reclaim to free memory.  Then it takes what it needs
 * in hand (a reference to the folio), drops both locks, waits, and starts
 * over from the top: the leaf may have changed meanwhile, and looking
 * again is simpler and safer than patching up.  struct fault_retry says
 * what to wait for.
 */
#include "vm/vm_fault.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"
#include "vm/pmap.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"

/* What a fault must wait for, without locks, before it tries again. */
struct fault_retry {
	enum {
		RETRY_NONE,		/* nothing: just look again */
		RETRY_READ,		/* read folio in: we added it */
		RETRY_WAIT,		/* wait for another thread's read */
		RETRY_MEMORY,		/* reclaim: no page could be had */
		RETRY_PAUSE,		/* a folio is in someone's hands */
	} what;
	struct vm_page	*folio;		/* READ, WAIT: held */
	bool		read_done;	/* we read a folio in this fault */
	struct vm_page	*ahead;		/* a 2 MiB folio to read ahead, held
					   (whatever the fault's outcome) */
};

/* Wait for memory: tell fault_retry(). */
static int
retry_memory(struct fault_retry *r)
{
	r->what = RETRY_MEMORY;
	return -EAGAIN;
}

/* Nothing is mapped at va: map a new zeroed page with the region's rights. */
static int
fault_zero(struct vm_map *map, struct vm_map_entry *entry, vm_offset_t va,
    struct fault_retry *r)
{
	struct vm_page *m = vm_page_alloc(0, VM_ALLOC_ZERO | VM_ALLOC_USER);

	if (m == NULL)
		return retry_memory(r);
	if (pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(m), entry->prot, 0) !=
	    0) {
		vm_page_free(m);
		return retry_memory(r);
	}
	vm_anon_folio_new(m);
	vm_stat_inc(VM_STAT_PAGODA_ZERO_FILL);
	return 0;
}

/*
 * Is m, mapped in entry, shared copy-on-write?  Then only a write fault
 * may make it writable, by copying it.  Shared means: another leaf maps
 * it in a private region, or it is in the swap cache and a swap leaf
 * somewhere will want the slot's copy, which must stay what m holds now
 * (or it is being written out).  (Pages of a shared region are meant to
 * be shared: they are never copied.)
 */
static bool
fault_page_is_cow(const struct vm_map_entry *entry, struct vm_page *m)
{
	if (entry->flags & VM_ENTRY_SHARED)
		return false;
	if (pmap_page_mappings(m) > 1)
		return true;
	return (m->flags & PG_SWAPCACHE) &&
	    ((m->flags & PG_WRITEBACK) || swap_folio_users(m) > 0);
}

/*
 * m, mapped at va, becomes writable there.  Its copy in swap (if it has
 * one) is about to go stale: a private page leaves the swap cache (its
 * slot is freed: no swap leaf names it, fault_page_is_cow() said so); a
 * shared one stays, marked dirty, for reclaim to write again.
 */
static int
fault_make_writable(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va, struct vm_page *m)
{
	int error = pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(m), entry->prot,
	    0);

	if (error == 0 && (m->flags & PG_SWAPCACHE)) {
		if (entry->flags & VM_ENTRY_SHARED)
			m->flags |= PG_DIRTY;
		else
			swap_cache_del_folio(m);
	}
	return error;
}

/*
 * A write to a read-only (or PROT_NONE) leaf of a writable region: the
 * page may be shared with a fork or with swap.  The last user keeps it;
 * anyone else gets a private copy.
 */
static int
fault_cow(struct vm_map *map, struct vm_map_entry *entry, vm_offset_t va,
    const struct pmap_leaf *leaf, struct fault_retry *r)
{
	struct vm_page *old = PHYS_TO_VM_PAGE(leaf->pa), *copy;

	if (!fault_page_is_cow(entry, old)) {
		if (fault_make_writable(map, entry, va, old) != 0)
			return retry_memory(r);
		vm_stat_inc(VM_STAT_PAGODA_COW_REUSE);
		return 0;
	}
	if ((copy = vm_page_alloc(0, VM_ALLOC_USER)) == NULL)
		return retry_memory(r);
	memcpy(vm_page_to_virt(copy), vm_page_to_virt(old), PAGE_SIZE);
	if (pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(copy), entry->prot, 0)
	    != 0) {
		vm_page_free(copy);
		return retry_memory(r);
	}
	vm_anon_folio_new(copy);
	vm_anon_page_unref(leaf->pa);
	vm_stat_inc(VM_STAT_PAGODA_COW_COPY);
	return 0;
}

/*
 * The swap leaf at va names slot e, and m (valid: not PG_READING) caches
 * it: map m in the leaf's place, and drop the leaf's slot reference.
 * Read-only, so that m stays a clean copy of its slot that reclaim can
 * drop without writing, unless this is a write by the slot's last user:
 * then m leaves the swap cache and is mapped writable at once.
 */
static int
fault_map_cached(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va, swp_entry_t e, struct vm_page *m, vm_prot_t access)
{
	vm_paddr_t pa = VM_PAGE_TO_PHYS(m) +
	    (swp_offset(e) - swp_offset(m->swap)) * PAGE_SIZE;
	bool last = swap_slot_count(e) == 1 && pmap_page_mappings(m) == 0 &&
	    !(m->flags & PG_WRITEBACK);
	bool writable = (entry->flags & VM_ENTRY_SHARED) ||
	    (access == VM_PROT_WRITE && last);
	int error;

	error = pmap_enter(map->pmap, va, pa, writable ? entry->prot :
	    entry->prot & ~VM_PROT_WRITE, 0);
	if (error != 0)
		return error;
	m->ref_count++;
	vm_anon_swap_put(e);
	if (writable && (entry->prot & VM_PROT_WRITE)) {
		if (entry->flags & VM_ENTRY_SHARED)
			m->flags |= PG_DIRTY;
		else
			swap_cache_del_folio(m);
	}
	if (!(m->flags & (PG_LRU | PG_WRITEBACK)))
		lru_add(m, true);
	return 0;
}

/*
 * A fault on a swap leaf: find the slot's folio in the swap cache, or put
 * a new one there to read in (after the locks are dropped: RETRY_READ).
 * A folio someone else is still reading is waited for (RETRY_WAIT).
 */
static int
fault_swap(struct vm_map *map, struct vm_map_entry *entry, vm_offset_t va,
    const struct pmap_leaf *leaf, vm_prot_t access, struct fault_retry *r)
{
	struct vm_page *m = swap_cache_get_folio(leaf->swap);
	int error;

	if (m == NULL) {
		error = swap_cache_alloc_folio(leaf->swap, 1U << 0, &m);
		if (error == -ENOMEM)
			return retry_memory(r);
		if (error == -ENOENT)
			panic("fault_swap: va 0x%lx: slot %lu of swap %u is "
			    "free", va, swp_offset(leaf->swap),
			    swp_type(leaf->swap));
		if (error == 0) {
			r->what = RETRY_READ;
			r->folio = m;
			return -EAGAIN;
		}
	}
	if (m->flags & PG_READING) {
		m->ref_count++;
		r->what = RETRY_WAIT;
		r->folio = m;
		return -EAGAIN;
	}
	if (m->order != 0) {
		/* A 2 MiB folio, for a 4 KiB leaf: split it first. */
		error = thp_split(m);
		if (error == -ENOMEM)
			return retry_memory(r);
		if (error == -EBUSY)
			r->what = RETRY_PAUSE;
		return -EAGAIN;
	}
	if (!r->read_done)
		vm_stat_inc(VM_STAT_PAGODA_SWAPCACHE_HIT);
	swap_cache_ra_hit(m);
	if (fault_map_cached(map, entry, va, leaf->swap, m, access) != 0)
		return retry_memory(r);
	return 0;
}

/*
 * A fault on a 2 MiB leaf: a write to a read-only one is copy on write
 * (vm_thp.c); otherwise grant what the region allows, as for a 4 KiB
 * leaf (fault_locked()).
 */
static int
fault_pmd(struct vm_map *map, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf, vm_prot_t access, struct fault_retry *r)
{
	struct vm_page *m = PHYS_TO_VM_PAGE(leaf->pa);
	vm_prot_t prot = entry->prot;
	int error;

	if (access == VM_PROT_WRITE && !(leaf->prot & VM_PROT_WRITE)) {
		error = thp_fault_cow(map, entry, leaf);
		if (error == -ENOMEM)
			return retry_memory(r);
		if (error == -EBUSY)
			r->what = RETRY_PAUSE;
		return error == 0 ? 0 : -EAGAIN;
	}
	if (fault_page_is_cow(entry, m) || (m->flags & PG_SWAPCACHE))
		prot &= ~VM_PROT_WRITE;
	if (pmap_enter_pmd(map->pmap, leaf->va, leaf->pa, prot, 0) != 0)
		return retry_memory(r);
	return 0;
}

/*
 * The 2 MiB swap leaf *leaf names the 512 slots m (valid: not
 * PG_READING) caches: map m with one 2 MiB leaf in its place and drop
 * the leaf's 512 slot references.  Writable only for a write by the
 * slots' only user (m then leaves the swap cache); otherwise read-only,
 * and a write copies the 2 MiB at once, in this same fault.
 */
static int
fault_map_cached_pmd(struct vm_map *map, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf, struct vm_page *m, vm_prot_t access,
    struct fault_retry *r)
{
	bool writable = access == VM_PROT_WRITE && swap_folio_users(m) == 1 &&
	    pmap_page_mappings(m) == 0 && !(m->flags & PG_WRITEBACK);
	struct pmap_leaf now = { .kind = PMAP_LEAF_PMD, .va = leaf->va,
	    .pa = VM_PAGE_TO_PHYS(m) };
	int error;

	now.prot = writable ? entry->prot : entry->prot & ~VM_PROT_WRITE;
	if (pmap_enter_pmd(map->pmap, leaf->va, now.pa, now.prot, 0) != 0)
		return retry_memory(r);
	m->ref_count++;
	swap_slot_put(leaf->swap, HPAGE_PAGES);
	if (writable && (entry->prot & VM_PROT_WRITE))
		swap_cache_del_folio(m);
	if (!(m->flags & (PG_LRU | PG_WRITEBACK)))
		lru_add(m, true);
	vm_stat_inc(VM_STAT_THP_SWPIN);
	if (access != VM_PROT_WRITE || writable)
		return 0;
	if ((error = thp_fault_cow(map, entry, &now)) == -ENOMEM)
		return retry_memory(r);
	return error == 0 ? 0 : -EAGAIN;
}

/*
 * Read-ahead of 2 MiB.  A fault on the 2 MiB swap leaf at va that follows
 * one at va - 2 MiB in the same map (a sequential reader) puts the next
 * 2 MiB swap leaf's folio in the swap cache, to be read while the
 * program works on this one (r->ahead; vm_fault_map() starts the read
 * once the locks are dropped).  One stream is followed, the last one.
 */
static struct vm_map *thp_ra_map;	/* (a) where the last fault was */
static vm_offset_t thp_ra_next;		/* (a) and where the next would be */

static void
thp_read_ahead(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va, struct fault_retry *r)
{
	bool sequential = map == thp_ra_map && va == thp_ra_next;
	struct pmap_leaf next;
	struct vm_page *m;

	thp_ra_map = map;
	thp_ra_next = va + PMD_SIZE;
	if (!sequential || r->ahead != NULL ||
	    va + 2 * PMD_SIZE > entry->end ||
	    pmap_lookup(map->pmap, va + PMD_SIZE, &next) != PMAP_LEAF_SWAP_PMD ||
	    swap_cache_get_folio(next.swap) != NULL ||
	    swap_cache_alloc_folio(next.swap, 1U << PMD_ORDER, &m) != 0)
		return;
	m->flags |= PG_READAHEAD;
	vm_stat_add(VM_STAT_SWAP_RA, HPAGE_PAGES);
	r->ahead = m;
}

/*
 * A fault on a 2 MiB swap leaf.  It is handled whole only if the swap
 * cache holds one 2 MiB folio for the 512 slots, or nothing for any of
 * them: then that folio, or a new one read in with one request (a major
 * fault; no smaller folio will do), is mapped by one 2 MiB leaf.  In
 * every other case (small folios cached for part of the range, no 2 MiB
 * of memory) the swap leaf is split into 512 swap leaves of 4 KiB with
 * consecutive slots, and the fault starts over on those.
 */
static int
fault_swap_pmd(struct vm_map *map, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf, vm_prot_t access, struct fault_retry *r)
{
	struct vm_page *m = swap_cache_get_folio(leaf->swap);

	if (m == NULL &&
	    swap_cache_alloc_folio(leaf->swap, 1U << PMD_ORDER, &m) == 0) {
		r->what = RETRY_READ;
		r->folio = m;
		thp_read_ahead(map, entry, leaf->va, r);
		return -EAGAIN;
	}
	if (m != NULL && m->order == PMD_ORDER &&
	    m->swap.val == leaf->swap.val) {
		if (!(m->flags & PG_READING)) {
			swap_cache_ra_hit(m);
			thp_read_ahead(map, entry, leaf->va, r);
			return fault_map_cached_pmd(map, entry, leaf, m,
			    access, r);
		}
		m->ref_count++;
		r->what = RETRY_WAIT;
		r->folio = m;
		return -EAGAIN;
	}
	if (pmap_split_pmd(map->pmap, leaf->va) != 0)
		return retry_memory(r);
	vm_stat_inc(VM_STAT_THP_SPLIT_PMD);
	vm_stat_inc(VM_STAT_THP_SWPIN_FALLBACK);
	return -EAGAIN;
}

/*
 * Resolve the fault at va (page aligned) with the map and anon_lock
 * held: 0, a negative errno, or -EAGAIN with *r saying what to wait for.
 */
static int
fault_locked(struct vm_map *map, vm_offset_t va, vm_prot_t access,
    struct fault_retry *r)
{
	struct vm_map_entry *entry = vm_map_lookup(map, va);
	struct pmap_leaf leaf;
	vm_prot_t prot;

	if (entry == NULL || (entry->flags & VM_ENTRY_GUARD) ||
	    (entry->prot & access) == 0)
		return -EFAULT;
	switch (pmap_lookup(map->pmap, va, &leaf)) {
	case PMAP_LEAF_NONE:
		if (thp_fault_zero(map, entry, va) == 0)
			return 0;
		return fault_zero(map, entry, va, r);
	case PMAP_LEAF_PTE:		/* present or PROT_NONE */
		if (access == VM_PROT_WRITE && !(leaf.prot & VM_PROT_WRITE))
			return fault_cow(map, entry, va, &leaf, r);
		/*
		 * The region allows more than the leaf: grant it, but not
		 * write to a copy-on-write page (a read must not open it).
		 */
		prot = entry->prot;
		if (fault_page_is_cow(entry, PHYS_TO_VM_PAGE(leaf.pa)) ||
		    (PHYS_TO_VM_PAGE(leaf.pa)->flags & PG_SWAPCACHE))
			prot &= ~VM_PROT_WRITE;
		return pmap_enter(map->pmap, va, leaf.pa, prot, 0);
	case PMAP_LEAF_SWAP_PTE:
		return fault_swap(map, entry, va, &leaf, access, r);
	case PMAP_LEAF_PMD:
		return fault_pmd(map, entry, &leaf, access, r);
	case PMAP_LEAF_SWAP_PMD:
		return fault_swap_pmd(map, entry, &leaf, access, r);
	}
	return -EFAULT;
}

/*
 * Do what r says, with no lock held: 0 to try the fault again, or the
 * error that ends it (-EIO: the slot could not be read; -EINTR: the
 * thread is being killed, by the OOM killer perhaps).
 */
static int
fault_retry(struct fault_retry *r)
{
	int error = 0;

	switch (r->what) {
	case RETRY_READ:
		vm_stat_inc(VM_STAT_PGMAJFAULT);
		error = swap_cache_read_folio(r->folio);
		r->read_done = true;
		break;
	case RETRY_WAIT:
		swap_cache_wait_folio(r->folio);
		break;
	case RETRY_MEMORY:
		error = vm_wait_memory(0, true);
		break;
	case RETRY_PAUSE:
		pause_ticks(1);
		break;
	case RETRY_NONE:
		break;
	}
	r->what = RETRY_NONE;
	r->folio = NULL;
	if (error == 0 && curproc != NULL && curproc->p_killed)
		error = -EINTR;
	return error;
}

int
vm_fault_map(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	struct fault_retry r = { RETRY_NONE, NULL, false, NULL };
	int error;

	KASSERT(intr_depth() == 0, ("vm_fault_map: va 0x%lx: a spin lock is "
	    "held, and the fault may sleep", va));
	va = rounddown2(va, PAGE_SIZE);
	for (;;) {
		vm_map_lock(map);
		spin_lock(&anon_lock);
		error = fault_locked(map, va, access, &r);
		spin_unlock(&anon_lock);
		vm_map_unlock(map);
		if (r.ahead != NULL) {
			swap_cache_read_async(r.ahead);
			r.ahead = NULL;
		}
		if (error != -EAGAIN)
			return error;
		if ((error = fault_retry(&r)) != 0)
			return error;
	}
}

int
vm_fault(vm_offset_t va, vm_prot_t access, int flags)
{
	struct vm_map *map = curproc != NULL ? curproc->p_map : NULL;
	int error;

	vm_stat_inc(VM_STAT_PGFAULT);
	if (map == NULL || va >= VM_MAX_USER_ADDRESS)
		return -EFAULT;
	error = vm_fault_map(map, va, access);
	if (error == -EIO || error == -EINTR)
		return error;
	return error == 0 ? 0 : -EFAULT;
}
