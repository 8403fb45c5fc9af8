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
 *
 * Kernel threads have no map: every fault of theirs is an error, and the
 * kernel's own memory is always mapped.  Huge pages and swap-in will
 * dispatch from here on the kind of leaf found.
 */
#include "vm/vm_fault.h"
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"
#include "vm/pmap.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/systm.h"

/* Nothing is mapped at va: map a new zeroed page with the region's rights. */
static int
fault_zero(struct vm_map *map, struct vm_map_entry *entry, vm_offset_t va)
{
	struct vm_page *m = vm_page_alloc(0, VM_ALLOC_ZERO);

	if (m == NULL)
		return -ENOMEM;
	if (pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(m), entry->prot, 0) !=
	    0) {
		vm_page_free(m);
		return -ENOMEM;
	}
	vm_stat_inc(VM_STAT_PAGODA_ZERO_FILL);
	vm_stat_inc(VM_STAT_NR_ANON_PAGES);
	return 0;
}

/*
 * Is the page at pa, mapped in entry, shared copy-on-write: does another
 * leaf map it in a private region?  Then only a write fault may make it
 * writable, by copying it.  (Pages of a shared region are meant to be
 * shared: they are never copied.)
 */
static bool
fault_page_is_cow(const struct vm_map_entry *entry, vm_paddr_t pa)
{
	return !(entry->flags & VM_ENTRY_SHARED) &&
	    PHYS_TO_VM_PAGE(pa)->ref_count > 1;
}

/*
 * A write to a read-only (or PROT_NONE) leaf of a writable region: the
 * page may be shared with a fork.  The last user keeps it; anyone else
 * gets a private copy.
 */
static int
fault_cow(struct vm_map *map, struct vm_map_entry *entry, vm_offset_t va,
    const struct pmap_leaf *leaf)
{
	struct vm_page *old = PHYS_TO_VM_PAGE(leaf->pa), *copy;
	int error;

	if (!fault_page_is_cow(entry, leaf->pa)) {
		error = pmap_enter(map->pmap, va, leaf->pa, entry->prot, 0);
		if (error == 0)
			vm_stat_inc(VM_STAT_PAGODA_COW_REUSE);
		return error;
	}
	if ((copy = vm_page_alloc(0, 0)) == NULL)
		return -ENOMEM;
	memcpy(vm_page_to_virt(copy), vm_page_to_virt(old), PAGE_SIZE);
	if (pmap_enter(map->pmap, va, VM_PAGE_TO_PHYS(copy), entry->prot, 0)
	    != 0) {
		vm_page_free(copy);
		return -ENOMEM;
	}
	vm_stat_inc(VM_STAT_NR_ANON_PAGES);	/* the copy */
	vm_anon_page_unref(leaf->pa);
	vm_stat_inc(VM_STAT_PAGODA_COW_COPY);
	return 0;
}

/* Resolve the fault at va (page aligned) with the map locked. */
static int
fault_locked(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	struct vm_map_entry *entry = vm_map_lookup(map, va);
	struct pmap_leaf leaf;
	vm_prot_t prot;

	if (entry == NULL || (entry->flags & VM_ENTRY_GUARD) ||
	    (entry->prot & access) == 0)
		return -EFAULT;
	switch (pmap_lookup(map->pmap, va, &leaf)) {
	case PMAP_LEAF_NONE:
		return fault_zero(map, entry, va);
	case PMAP_LEAF_PTE:		/* present or PROT_NONE */
		if (access == VM_PROT_WRITE && !(leaf.prot & VM_PROT_WRITE))
			return fault_cow(map, entry, va, &leaf);
		/*
		 * The region allows more than the leaf: grant it, but not
		 * write to a copy-on-write page (a read must not open it).
		 */
		prot = entry->prot;
		if (fault_page_is_cow(entry, leaf.pa))
			prot &= ~VM_PROT_WRITE;
		return pmap_enter(map->pmap, va, leaf.pa, prot, 0);
	default:
		return -EFAULT;		/* huge and swap leaves: not yet */
	}
}

int
vm_fault_map(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	int error;

	vm_map_lock(map);
	error = fault_locked(map, rounddown2(va, PAGE_SIZE), access);
	vm_map_unlock(map);
	return error;
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
	return error == 0 ? 0 : -EFAULT;
}
