/*
 * vm_anon.h: anonymous pages and their references (see vm_anon.c).
 */
#ifndef _VM_VM_ANON_H_
#define _VM_VM_ANON_H_

#include "vm/vm.h"

/* One more leaf maps the page at pa. */
void	vm_anon_page_ref(vm_paddr_t pa);
/* One leaf less maps the page at pa; the last one frees it. */
void	vm_anon_page_unref(vm_paddr_t pa);

struct vm_map;

/*
 * vm_anon_release_pages: madvise(MADV_DONTNEED): free what the leaves of
 * [start, end) reference and remove the leaves, exactly as the release
 * hook does, but the region stays in the map: the next touch zero fills.
 * The range is page aligned and lies in entries that are not guards; the
 * caller holds the map lock.
 */
void	vm_anon_release_pages(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

#endif /* !_VM_VM_ANON_H_ */
