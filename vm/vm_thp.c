/*
 * vm_thp.c: transparent huge pages: the 2 MiB fault, copy on write of a
 * 2 MiB leaf, and splitting (vm_thp.h).
 */
#include "vm/vm_thp.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/pmap.h"
#include "vm/pmap_pv.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/swap_table.h"
#include "vm/thp.h"
#include "vm/vm_anon.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_stats.h"

struct vm_page *
anon_folio_of(vm_paddr_t pa)
{
	struct vm_page *m = PHYS_TO_VM_PAGE(pa);

	if (m->flags & PG_TAIL)
		m = PHYS_TO_VM_PAGE(rounddown2(pa, PMD_SIZE));
	return m;
}

int
thp_fault_zero(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va)
{
	vm_offset_t base = rounddown2(va, PMD_SIZE);
	struct vm_page *m;
	int error;

	if (!thp_entry_allowed(entry) || base < entry->start ||
	    base + PMD_SIZE > entry->end || !pmap_pmd_empty(map->pmap, base))
		return -ENOTSUP;
	m = vm_page_alloc(PMD_ORDER, VM_ALLOC_USER | VM_ALLOC_ZERO);
	if (m == NULL) {
		vm_stat_inc(VM_STAT_THP_FAULT_FALLBACK);
		return -ENOTSUP;
	}
	error = pmap_enter_pmd(map->pmap, base, VM_PAGE_TO_PHYS(m),
	    entry->prot, 0);
	if (error != 0) {
		vm_page_free(m);
		vm_stat_inc(VM_STAT_THP_FAULT_FALLBACK);
		return -ENOTSUP;
	}
	vm_anon_folio_new(m);
	vm_stat_inc(VM_STAT_THP_FAULT_ALLOC);
	return 0;
}

/*
 * Is the 2 MiB folio m shared copy-on-write from a private region?  As
 * for a small page (vm_fault.c): another leaf maps it, or its slots'
 * copy in swap is wanted by a swap leaf, or is being written.
 */
static bool
thp_is_cow(struct vm_page *m)
{
	if (pmap_page_mappings(m) > 1)
		return true;
	return (m->flags & PG_SWAPCACHE) &&
	    ((m->flags & PG_WRITEBACK) || swap_folio_users(m) > 0);
}

int
thp_fault_cow(struct vm_map *map, struct vm_map_entry *entry,
    const struct pmap_leaf *leaf)
{
	struct vm_page *old = PHYS_TO_VM_PAGE(leaf->pa), *copy;
	int error;

	if (!thp_is_cow(old)) {
		error = pmap_enter_pmd(map->pmap, leaf->va, leaf->pa,
		    entry->prot, 0);
		if (error == 0 && (old->flags & PG_SWAPCACHE))
			swap_cache_del_folio(old);
		if (error == 0)
			vm_stat_inc(VM_STAT_PAGODA_COW_REUSE);
		return error;
	}
	if ((copy = vm_page_alloc(PMD_ORDER, VM_ALLOC_USER)) == NULL)
		return (error = thp_split(old)) == 0 ? -EAGAIN : error;
	memcpy(vm_page_to_virt(copy), vm_page_to_virt(old), PMD_SIZE);
	if ((error = pmap_enter_pmd(map->pmap, leaf->va,
	    VM_PAGE_TO_PHYS(copy), entry->prot, 0)) != 0) {
		vm_page_free(copy);
		return error;
	}
	vm_anon_folio_new(copy);
	vm_anon_folio_release(old);
	vm_stat_inc(VM_STAT_PAGODA_COW_COPY);
	return 0;
}

/*
 * The first 2 MiB leaf listed on m, in *pv: false if none is left (the
 * split ones are listed as 4 KiB leaves, pv_split()).
 */
static bool
first_pmd_mapping(struct vm_page *m, struct pv_entry *pv)
{
	for (int i = 0; pv_nth(m, i, pv); i++)
		if (pv->level == PV_LEVEL_PMD)
			return true;
	return false;
}

/*
 * Undo what split_mappings() did before it failed: the 512 leaves at
 * each 2 MiB-aligned 4 KiB leaf listed on m become one 2 MiB leaf again
 * (the pv entries their removal frees pay for the one it needs).
 */
static void
unsplit_mappings(struct vm_page *m)
{
	struct pmap_leaf leaf;
	struct pv_entry pv;

	for (int i = 0; pv_nth(m, i, &pv); ) {
		if (pv.level != PV_LEVEL_PTE || (pv.va & PMD_MASK) != 0) {
			i++;
			continue;
		}
		pmap_lookup(pv.pmap, pv.va, &leaf);
		pmap_remove(pv.pmap, pv.va, pv.va + PMD_SIZE);
		if (pmap_enter_pmd(pv.pmap, pv.va, VM_PAGE_TO_PHYS(m),
		    leaf.prot != VM_PROT_NONE ? leaf.prot : VM_PROT_READ, 0) != 0)
			panic("unsplit_mappings: page 0x%lx at 0x%lx",
			    m->phys_addr, pv.va);
		if (leaf.prot == VM_PROT_NONE)
			pmap_protect(pv.pmap, pv.va, pv.va + PMD_SIZE,
			    VM_PROT_NONE);
		i = 0;
	}
}

/* Split every 2 MiB leaf that maps m: 0, or -ENOMEM with none split. */
static int
split_mappings(struct vm_page *m)
{
	struct pv_entry pv;
	int error, n = 0;

	while (first_pmd_mapping(m, &pv)) {
		if ((error = pmap_split_pmd(pv.pmap, pv.va)) != 0) {
			unsplit_mappings(m);
			return error;
		}
		n++;
	}
	vm_stat_add(VM_STAT_THP_SPLIT_PMD, n);
	return 0;
}

/*
 * The folio m, its mappings split, becomes 512 small folios, each with
 * refs references (one per leaf that mapped the 2 MiB) and, if m was in
 * the swap cache, the cache's, each caching its own slot; all on the
 * queue m was on (the inactive one if reclaim had taken it off).
 */
static void
split_folio(struct vm_page *m, int refs)
{
	bool active = (m->flags & PG_ACTIVE) != 0;
	uint16_t keep = m->flags & (PG_SWAPCACHE | PG_DIRTY);
	swp_entry_t e = m->swap;

	if (m->flags & PG_LRU)
		lru_remove(m);
	vm_stat_add(VM_STAT_NR_ANON_THPS, -1);
	for (size_t i = 0; i < HPAGE_PAGES; i++) {
		struct vm_page *p = m + i;

		p->order = 0;
		p->ref_count = refs + !!(keep & PG_SWAPCACHE);
		p->flags = (p->flags & PG_RESERVED) | PG_ANON | keep;
		p->swap = (keep & PG_SWAPCACHE) ?
		    swp_entry(swp_type(e), swp_offset(e) + i) :
		    (swp_entry_t){ 0 };
		list_init(&p->plinks);
		lru_add(p, active);
	}
	vm_stat_inc(VM_STAT_THP_SPLIT_PAGE);
}

/*
 * A folio in the swap cache is split in the cache too: each page keeps
 * caching its own slot (swap_cache_split()); those whose slot nobody
 * wants any more are freed.
 */
int
thp_split(struct vm_page *m)
{
	int n = pmap_page_mappings(m), error;
	bool cached = (m->flags & PG_SWAPCACHE) != 0;

	KASSERT(spin_held(&anon_lock), ("thp_split: no anon_lock"));
	if (m->order != PMD_ORDER)
		return 0;
	if ((m->flags & (PG_READING | PG_WRITEBACK)) ||
	    m->ref_count != n + cached)
		return -EBUSY;
	if ((error = split_mappings(m)) != 0)
		return error;
	if (cached)
		swap_cache_split(swap_entry_table(m->swap),
		    swp_offset(m->swap), HPAGE_PAGES, m);
	split_folio(m, n);
	if (cached && n == 0)
		for (size_t i = 0; i < HPAGE_PAGES; i++)
			vm_anon_cache_reap(m + i);
	return 0;
}

int
thp_split_leaf(struct vm_map *map, vm_offset_t va)
{
	struct pmap_leaf leaf;
	int error;

	switch (pmap_lookup(map->pmap, va, &leaf)) {
	case PMAP_LEAF_PMD:
		return thp_split(PHYS_TO_VM_PAGE(leaf.pa));
	case PMAP_LEAF_SWAP_PMD:
		if ((error = pmap_split_pmd(map->pmap, va)) == 0)
			vm_stat_inc(VM_STAT_THP_SPLIT_PMD);
		return error;
	default:
		return 0;
	}
}

/* Split the 2 MiB leaf at va if [start, end) cuts it; sleeps to retry. */
static int
split_edge(struct vm_map *map, vm_offset_t va)
{
	int error;

	if ((va & PMD_MASK) == 0)
		return 0;
	for (;;) {
		vm_map_lock(map);
		spin_lock(&anon_lock);
		error = thp_split_leaf(map, va);
		spin_unlock(&anon_lock);
		vm_map_unlock(map);
		if (error == 0)
			return 0;
		if (error == -ENOMEM && (error = vm_wait_memory(0, true)) != 0)
			return error;
		if (error == -EBUSY)
			pause_ticks(1);		/* I/O or a holder: soon */
		else if (error != 0)
			return error;
		if (curproc != NULL && curproc->p_killed)
			return -EINTR;
	}
}

int
vm_thp_split_edges(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	int error;

	if (map->pmap == NULL)
		return 0;
	if ((error = split_edge(map, start)) != 0)
		return error;
	return split_edge(map, end);
}
