/*
 * vm_anon.c: anonymous memory, the pages behind a process's private
 * regions, and the four hooks through which vm_map reaches them
 * (vm_map.h): split, release, copy (fork) and protect.
 *
 * Ownership.  An anonymous folio (PG_ANON) is held by references, counted
 * in ref_count on its head page:
 *  - one for each leaf that maps it (present or PROT_NONE);
 *  - one while it is in the swap cache (swap_cache.h);
 *  - one for each thread that has it in hand for a moment: a fault
 *    waiting for its read, reclaim writing it out, a device reading or
 *    writing it for /dev/vdX (vm_anon_hold()).
 * The last reference frees it.  A page mapped by one leaf is the process's
 * own; after fork it is mapped by two, read-only in both, and a write
 * fault copies it (vm_fault.c).
 *
 * A page that was swapped out is named by swap leaves instead: each holds
 * one reference to its slot, counted in the swap table (swap_table.h).
 * fork duplicates them, munmap, exit and MADV_DONTNEED drop them, and the
 * fault path brings the page back (vm_fault.c).
 *
 * Locking: the map's lock is held by vm_map around every hook but the
 * split one; release and copy take anon_lock for the folios and swap
 * slots they touch (protect changes rights only; split takes both locks
 * itself, in vm_thp.c).
 */
#include "vm/vm_anon.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"
#include "vm/pmap.h"
#include "kernel/errno.h"
#include "kernel/systm.h"

struct spinlock anon_lock = SPINLOCK_INITIALIZER("anon");

static void cache_reap(struct vm_page *m);

void
vm_anon_page_ref(vm_paddr_t pa)
{
	KASSERT(spin_held(&anon_lock), ("vm_anon_page_ref: no anon_lock"));
	PHYS_TO_VM_PAGE(pa)->ref_count++;
}

void
vm_anon_page_unref(vm_paddr_t pa)
{
	vm_anon_folio_release(anon_folio_of(pa));
}

/* Mark (or unmark) the pages after m's head as tails of a huge folio. */
static void
mark_tails(struct vm_page *m, bool tail)
{
	for (size_t i = 1; i < ((size_t)1 << m->order); i++)
		m[i].flags = tail ? (m[i].flags | PG_TAIL) :
		    (m[i].flags & ~PG_TAIL);
}

void
vm_anon_folio_init(struct vm_page *m)
{
	KASSERT(spin_held(&anon_lock), ("vm_anon_folio_init: no anon_lock"));
	m->flags |= PG_ANON;
	vm_stat_add(VM_STAT_NR_ANON_PAGES, 1 << m->order);
	if (m->order == PMD_ORDER) {
		mark_tails(m, true);
		vm_stat_inc(VM_STAT_NR_ANON_THPS);
	}
}

void
vm_anon_folio_new(struct vm_page *m)
{
	vm_anon_folio_init(m);
	lru_add(m, true);
}

void
vm_anon_folio_free(struct vm_page *m)
{
	KASSERT(m->ref_count == 0 && !(m->flags & PG_SWAPCACHE),
	    ("vm_anon_folio_free: page 0x%lx is in use", m->phys_addr));
	if (m->flags & PG_LRU)
		lru_remove(m);
	vm_stat_add(VM_STAT_NR_ANON_PAGES, -(1 << m->order));
	if (m->order == PMD_ORDER) {
		mark_tails(m, false);
		vm_stat_add(VM_STAT_NR_ANON_THPS, -1);
	}
	vm_page_free(m);
}

/*
 * Is m held by the swap cache alone, with no I/O in flight, and does no
 * swap leaf need its slots' contents any more?  Then it is garbage.
 */
static bool
cache_garbage(struct vm_page *m)
{
	return m->ref_count == 1 && (m->flags & PG_SWAPCACHE) &&
	    !(m->flags & (PG_READING | PG_WRITEBACK)) &&
	    swap_folio_users(m) == 0;
}

void
vm_anon_cache_reap(struct vm_page *m)
{
	cache_reap(m);
}

/* Free m if it is garbage left in the swap cache. */
static void
cache_reap(struct vm_page *m)
{
	if (m != NULL && cache_garbage(m)) {
		swap_cache_del_folio(m);
		vm_anon_folio_free(m);
	}
}

void
vm_anon_folio_release(struct vm_page *m)
{
	KASSERT(spin_held(&anon_lock), ("vm_anon_folio_release: no "
	    "anon_lock"));
	KASSERT(m->ref_count > 0, ("vm_anon_folio_release: page 0x%lx has "
	    "no references", m->phys_addr));
	if (--m->ref_count == 0)
		vm_anon_folio_free(m);
	else
		cache_reap(m);
}

void
vm_anon_swap_put(swp_entry_t entry)
{
	KASSERT(spin_held(&anon_lock), ("vm_anon_swap_put: no anon_lock"));
	swap_slot_put(entry, 1);
	cache_reap(swap_cache_get_folio(entry));
}

/* How many pages release_chunk() handles at once. */
#define RELEASE_CHUNK	64

/*
 * Release [start, end), at most RELEASE_CHUNK pages: note what each leaf
 * holds, remove the leaves, then drop what they held: a page's reference
 * (pmap_lookup() reports present and PROT_NONE leaves alike as PTE) or a
 * swap slot's.  In that order, so that a frame is freed only once no
 * TLB can reach it any more.  (2 MiB leaves: release_huge().)
 */
static void
release_chunk(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	enum pmap_leaf_kind kinds[RELEASE_CHUNK];
	uint64_t held[RELEASE_CHUNK];	/* a pa, or a swp_entry_t's val */
	struct pmap_leaf leaf;
	int n = 0;

	for (vm_offset_t va = start; va < end; va += PAGE_SIZE, n++) {
		kinds[n] = pmap_lookup(map->pmap, va, &leaf);
		held[n] = kinds[n] == PMAP_LEAF_SWAP_PTE ? leaf.swap.val :
		    leaf.pa;
	}
	pmap_remove(map->pmap, start, end);
	for (int i = 0; i < n; i++) {
		if (kinds[i] == PMAP_LEAF_PTE)
			vm_anon_page_unref(held[i]);
		else if (kinds[i] == PMAP_LEAF_SWAP_PTE)
			vm_anon_swap_put((swp_entry_t){ held[i] });
	}
}

/*
 * Release the 2 MiB leaf *leaf, present or swap: its folio's reference,
 * or a reference on each of its 512 slots (and the folios that cached
 * them, if that was the last use).
 */
static void
release_huge(struct vm_map *map, const struct pmap_leaf *leaf)
{
	struct vm_page *m, *last = NULL;

	pmap_remove(map->pmap, leaf->va, leaf->va + PMD_SIZE);
	if (leaf->kind == PMAP_LEAF_PMD) {
		vm_anon_folio_release(PHYS_TO_VM_PAGE(leaf->pa));
		return;
	}
	swap_slot_put(leaf->swap, HPAGE_PAGES);
	for (unsigned i = 0; i < HPAGE_PAGES; i++) {
		m = swap_cache_get_folio(swp_entry(swp_type(leaf->swap),
		    swp_offset(leaf->swap) + i));
		if (m != NULL && m != last)
			cache_reap(m);
		last = m;
	}
}

/*
 * A 2 MiB leaf goes whole (vm_thp_split_edges() has split any that the
 * range cuts); 4 KiB leaves go a chunk at a time, a chunk never crossing
 * a 2 MiB boundary.
 */
void
vm_map_release_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	const vm_offset_t chunk = RELEASE_CHUNK * PAGE_SIZE;
	struct pmap_leaf leaf;
	vm_offset_t next;

	if (map->pmap == NULL)
		return;
	spin_lock(&anon_lock);
	for (vm_offset_t va = start; va < end; va = next) {
		switch (pmap_lookup(map->pmap, va, &leaf)) {
		case PMAP_LEAF_PMD:
		case PMAP_LEAF_SWAP_PMD:
			if (leaf.va < start || leaf.va + PMD_SIZE > end)
				panic("vm_map_release_range: the 2 MiB leaf "
				    "at 0x%lx is cut by [0x%lx, 0x%lx)",
				    leaf.va, start, end);
			release_huge(map, &leaf);
			next = leaf.va + PMD_SIZE;
			break;
		default:
			next = MIN(end, rounddown2(va, chunk) + chunk);
			release_chunk(map, va, next);
			break;
		}
	}
	spin_unlock(&anon_lock);
}

int
vm_map_split_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	return vm_thp_split_edges(map, start, end);
}

/*
 * The same work for a range that stays mapped: whatever the release hook
 * learns to free (swap slots, huge leaves cut by the range) DONTNEED must
 * free too, so it goes through the hook rather than beside it.
 */
void
vm_anon_release_pages(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	KASSERT(((start | end) & PAGE_MASK) == 0 && start < end,
	    ("vm_anon_release_pages: bad range [0x%lx, 0x%lx)", start, end));
	KASSERT(spin_held(&map->lock),
	    ("vm_anon_release_pages: map %p is not locked", map));
	vm_map_release_range(map, start, end);
}

/*
 * copy_leaf: give dst the frame(s) the present leaf *leaf of src maps
 * (4 KiB or 2 MiB), read-only in both for a copy-on-write entry.  A
 * PROT_NONE leaf is copied as one: pmap_enter() cannot make it, so it is
 * entered read-only, then taken every right (dst is not running yet).
 * The folio gets one more reference.
 */
static int
copy_leaf(struct vm_map *dst, struct vm_map *src, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf)
{
	vm_offset_t size = leaf->kind == PMAP_LEAF_PMD ? PMD_SIZE : PAGE_SIZE;
	vm_prot_t prot = leaf->prot, first;
	int error;

	if ((entry->flags & VM_ENTRY_COW) && (prot & VM_PROT_WRITE)) {
		prot &= ~VM_PROT_WRITE;
		pmap_protect(src->pmap, leaf->va, leaf->va + size, prot);
	}
	first = prot != VM_PROT_NONE ? prot : VM_PROT_READ;
	error = size == PMD_SIZE ?
	    pmap_enter_pmd(dst->pmap, leaf->va, leaf->pa, first, 0) :
	    pmap_enter(dst->pmap, leaf->va, leaf->pa, first, 0);
	if (error != 0)
		return error;
	if (prot == VM_PROT_NONE)
		pmap_protect(dst->pmap, leaf->va, leaf->va + size, VM_PROT_NONE);
	anon_folio_of(leaf->pa)->ref_count++;
	return 0;
}

/*
 * copy_swap_leaf: dst gets its own reference to the slot, or the 512
 * slots, the swap leaf *leaf names.
 */
static int
copy_swap_leaf(struct vm_map *dst, const struct pmap_leaf *leaf)
{
	unsigned nr = leaf->kind == PMAP_LEAF_SWAP_PMD ? HPAGE_PAGES : 1;
	int error;

	if ((error = swap_slot_dup(leaf->swap, nr)) != 0)
		return error;
	error = nr == 1 ? pmap_enter_swap(dst->pmap, leaf->va, leaf->swap) :
	    pmap_enter_swap_pmd(dst->pmap, leaf->va, leaf->swap);
	if (error != 0)
		swap_slot_put(leaf->swap, nr);
	return error;
}

/*
 * Copy the leaf of src at va into dst (see below); *next is where the
 * next leaf can start.
 */
static int
copy_one(struct vm_map *dst, struct vm_map *src, struct vm_map_entry *entry,
    vm_offset_t va, vm_offset_t *next)
{
	struct pmap_leaf leaf;

	*next = va + PAGE_SIZE;
	switch (pmap_lookup(src->pmap, va, &leaf)) {
	case PMAP_LEAF_PMD:
		*next = leaf.va + PMD_SIZE;
		/* FALLTHROUGH */
	case PMAP_LEAF_PTE:
		return copy_leaf(dst, src, entry, &leaf);
	case PMAP_LEAF_SWAP_PMD:
		*next = leaf.va + PMD_SIZE;
		/* FALLTHROUGH */
	case PMAP_LEAF_SWAP_PTE:
		return copy_swap_leaf(dst, &leaf);
	default:
		return 0;
	}
}

/*
 * Copy for fork: the child maps the same pages, PROT_NONE ones included
 * (one more reference each; when mprotect() gives rights back, the fault
 * path sees the page shared and copies it on write), and names the same
 * swap slots (one more reference each).  For a copy-on-write entry both
 * sides lose the write right, and the first write on either side copies
 * (vm_fault.c).
 */
int
vm_map_copy_range(struct vm_map *dst, struct vm_map *src,
    struct vm_map_entry *entry)
{
	int error = 0;

	vm_offset_t next;

	spin_lock(&anon_lock);
	for (vm_offset_t va = entry->start; va < entry->end && error == 0;
	    va = next)
		error = copy_one(dst, src, entry, va, &next);
	spin_unlock(&anon_lock);
	return error;
}

/*
 * Protect: take rights away from the leaves now; write, when added, is
 * granted by the fault path on the next write (which also knows whether a
 * page is shared and must be copied first).  Read is safe to give at once,
 * and both MMUs imply it with any right.  PROT_NONE makes PROT_NONE leaves
 * (pmap.h): the pages stay mapped, and referenced, but nothing can touch
 * them until mprotect() gives rights back.  Swap leaves stay as they are:
 * the fault that brings a page back maps it with the region's rights then.
 */
int
vm_map_protect_range(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	if (map->pmap == NULL)
		return 0;
	if (prot == VM_PROT_NONE)
		pmap_protect(map->pmap, start, end, VM_PROT_NONE);
	else
		pmap_protect(map->pmap, start, end,
		    (prot & ~VM_PROT_WRITE) | VM_PROT_READ);
	return 0;
}

/* ---- holding pages for devices ---------------------------------------- */

/* With the map locked: hold the page a present leaf maps at va for access. */
static bool
hold_locked(struct vm_map *map, vm_offset_t va, vm_prot_t access,
    vm_paddr_t *pa)
{
	struct pmap_leaf leaf;
	struct vm_page *m;

	enum pmap_leaf_kind kind = pmap_lookup(map->pmap, va, &leaf);

	if ((kind != PMAP_LEAF_PTE && kind != PMAP_LEAF_PMD) ||
	    (leaf.prot & access) != access)
		return false;
	*pa = leaf.pa + (va - leaf.va);
	m = anon_folio_of(leaf.pa);
	if (m->flags & PG_ANON)
		m->ref_count++;
	return true;
}

/*
 * Between the fault and the hold the page may have gone to swap again:
 * then fault again (a few times: reclaim does not pick a page just
 * touched twice in a row).
 */
int
vm_anon_hold(struct vm_map *map, vm_offset_t va, vm_prot_t access,
    vm_paddr_t *pa)
{
	bool held = false;
	int error;

	for (int tries = 0; tries < 8 && !held; tries++) {
		if ((error = vm_fault_map(map, va, access)) != 0)
			return error;
		vm_map_lock(map);
		spin_lock(&anon_lock);
		held = hold_locked(map, va, access, pa);
		spin_unlock(&anon_lock);
		vm_map_unlock(map);
	}
	return held ? 0 : -EFAULT;
}

void
vm_anon_unhold(vm_paddr_t pa)
{
	struct vm_page *m = anon_folio_of(pa);

	spin_lock(&anon_lock);
	if (m->flags & PG_ANON)
		vm_anon_folio_release(m);
	spin_unlock(&anon_lock);
}
