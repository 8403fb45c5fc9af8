/*
 * vm_map_hooks.c: PLACEHOLDER implementations of the three hooks through
 * which vm_map reaches the pages (vm_map.h): release, copy and protect.
 *
 * They stand in until the fault path owns pages.  Today nothing in a user
 * map holds a page the VM keeps books on (vm_fault() refuses every fault),
 * so it is enough to clear the page table: there is nothing to free, to
 * copy or to keep.  Each function says what its real version must do more.
 * This file is to be replaced by vm/vm_fault.c and vm/vm_anon.c; the host
 * tests never link it (they record the calls instead).
 */
#include "vm/vm_map.h"
#include "vm/pmap.h"

/*
 * Release: remove the leaves.  The real hook also frees the frames and
 * swap slots they name, and splits a huge leaf the range cuts (pmap_remove()
 * panics on one).
 */
void
vm_map_release_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	if (map->pmap != NULL)
		pmap_remove(map->pmap, start, end);
}

/*
 * Copy: nothing.  The child starts with empty page tables and, since no
 * fault can fill them yet, that is all it can have.  The real hook copies
 * present leaves write-protected (COW) or shared, and duplicates swap
 * leaves with their slot references.
 */
int
vm_map_copy_range(struct vm_map *dst, struct vm_map *src,
    struct vm_map_entry *entry)
{
	return 0;
}

/*
 * Protect: set the leaves' rights, or remove them for PROT_NONE.  Correct
 * only because no leaf is read-only on purpose yet and none owns a page:
 * the real hook must never make a COW leaf writable and must keep the
 * pages of a PROT_NONE range (vm_map.h).  pmap_protect() needs READ in its
 * rights, so a write-only or execute-only request gets READ too (as it does
 * on amd64 Linux).
 */
int
vm_map_protect_range(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	if (map->pmap == NULL)
		return 0;
	if (prot == VM_PROT_NONE)
		pmap_remove(map->pmap, start, end);
	else
		pmap_protect(map->pmap, start, end, prot | VM_PROT_READ);
	return 0;
}
