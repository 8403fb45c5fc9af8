/*
 * vm_anon.c: anonymous memory, the pages behind a process's private
 * regions, and the three hooks through which vm_map reaches them
 * (vm_map.h): release, copy (fork) and protect.
 *
 * Ownership.  An anonymous page belongs to the leaves that map it: its
 * ref_count (on the head vm_page) counts them.  A page mapped by one leaf
 * is the process's own; after fork it is mapped by two, read-only in both,
 * and a write fault copies it (vm_fault.c).  The page is freed when its
 * last leaf goes.  A PROT_NONE leaf (mprotect(PROT_NONE), pmap.h) still
 * maps its page and holds its reference like any other leaf.  Nothing
 * else keeps books on the page yet: there is no reverse map (pv lists come
 * with reclaim) and no swap.
 *
 * Locking: the map's lock is held by vm_map around every hook; the pages'
 * ref_count is (m) that lock too, since only the maps sharing a page after
 * fork touch it, one at a time on one CPU.
 */
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"
#include "vm/pmap.h"
#include "kernel/errno.h"
#include "kernel/systm.h"

void
vm_anon_page_ref(vm_paddr_t pa)
{
	PHYS_TO_VM_PAGE(pa)->ref_count++;
}

/* Drop one leaf's reference to the page at pa; free it at zero. */
void
vm_anon_page_unref(vm_paddr_t pa)
{
	struct vm_page *m = PHYS_TO_VM_PAGE(pa);

	KASSERT(m->ref_count > 0, ("vm_anon_page_unref: page 0x%lx has no "
	    "references", pa));
	if (--m->ref_count == 0) {
		vm_stat_add(VM_STAT_NR_ANON_PAGES, -1);
		vm_page_free(m);
	}
}

/*
 * Release: drop the reference of every leaf that maps a page (pmap_lookup()
 * reports present and PROT_NONE ones alike as PTE), then remove the leaves.
 * (Swap leaves come with swap; huge leaves with huge pages.)
 */
void
vm_map_release_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct pmap_leaf leaf;

	if (map->pmap == NULL)
		return;
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE)
		if (pmap_lookup(map->pmap, va, &leaf) == PMAP_LEAF_PTE)
			vm_anon_page_unref(leaf.pa);
	pmap_remove(map->pmap, start, end);
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
 * copy_leaf: give dst at va the page leaf maps with rights prot.  A
 * PROT_NONE leaf is copied as one: pmap_enter() cannot make it, so it is
 * entered read-only, then taken every right (dst is not running yet).
 */
static int
copy_leaf(struct vm_map *dst, vm_offset_t va, const struct pmap_leaf *leaf,
    vm_prot_t prot)
{
	int error;

	error = pmap_enter(dst->pmap, va, leaf->pa,
	    prot != VM_PROT_NONE ? prot : VM_PROT_READ, 0);
	if (error == 0 && prot == VM_PROT_NONE)
		pmap_protect(dst->pmap, va, va + PAGE_SIZE, VM_PROT_NONE);
	return error;
}

/*
 * Copy for fork: the child maps the same pages, PROT_NONE ones included
 * (one more reference each; when mprotect() gives rights back, the fault
 * path sees the page shared and copies it on write).  For a copy-on-write
 * entry both sides lose the write right, and the first write on either
 * side copies (vm_fault.c).
 */
int
vm_map_copy_range(struct vm_map *dst, struct vm_map *src,
    struct vm_map_entry *entry)
{
	struct pmap_leaf leaf;
	int error;

	for (vm_offset_t va = entry->start; va < entry->end; va += PAGE_SIZE) {
		vm_prot_t prot;

		if (pmap_lookup(src->pmap, va, &leaf) != PMAP_LEAF_PTE)
			continue;
		prot = leaf.prot;
		if ((entry->flags & VM_ENTRY_COW) && (prot & VM_PROT_WRITE)) {
			prot &= ~VM_PROT_WRITE;
			pmap_protect(src->pmap, va, va + PAGE_SIZE, prot);
		}
		if ((error = copy_leaf(dst, va, &leaf, prot)) != 0)
			return error;
		vm_anon_page_ref(leaf.pa);
	}
	return 0;
}

/*
 * Protect: take rights away from the leaves now; write, when added, is
 * granted by the fault path on the next write (which also knows whether a
 * page is shared and must be copied first).  Read is safe to give at once,
 * and both MMUs imply it with any right.  PROT_NONE makes PROT_NONE leaves
 * (pmap.h): the pages stay mapped, and referenced, but nothing can touch
 * them until mprotect() gives rights back.
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
