/*
 * pmap_ptp.c: the books of page-table pages, shared by both pmaps.
 *
 * pmap_ptp.h says what is kept and why.  Everything here touches only
 * struct vm_page (PG_PTP, pt_count) and the pmap's count of table pages;
 * the entries themselves, and the TLB, stay in arch/$(ARCH)/pmap.c.
 */
#include "vm/pmap_ptp.h"
#include "vm/pmap.h"
#include "vm/vm_init.h"
#include "vm/vm_page.h"
#include "kernel/errno.h"
#include "kernel/systm.h"

/* (c) Set when pmap_bootstrap() ends: table pages from vm_page_alloc(). */
static bool ptp_from_allocator;

/* The vm_page of the table page that holds the entry at entry. */
static inline struct vm_page *
ptp_of(const void *entry)
{
	return PHYS_TO_VM_PAGE(DMAP_TO_PHYS(entry));
}

int
ptp_alloc(size_t *ptp_count, vm_paddr_t *pa)
{
	struct vm_page *m;

	if (!ptp_from_allocator) {
		*pa = vm_bootstrap_alloc(1);
	} else {
		if ((m = vm_page_alloc(0, VM_ALLOC_ZERO)) == NULL)
			return -ENOMEM;
		m->flags |= PG_PTP;
		m->pt_count = 0;
		*pa = VM_PAGE_TO_PHYS(m);
	}
	(*ptp_count)++;
	return 0;
}

void
ptp_free(struct pmap *pmap, size_t *ptp_count, vm_paddr_t pa)
{
	struct vm_page *m = PHYS_TO_VM_PAGE(pa);

	KASSERT(pmap != kernel_pmap, ("ptp_free: kernel table"));
	KASSERT((m->flags & PG_PTP) && m->pt_count == 0,
	    ("ptp_free: page 0x%lx is not an empty table (count %u)",
	    pa, m->pt_count));
	(*ptp_count)--;
	vm_page_free(m);
}

void
ptp_bootstrap_done(void)
{
	ptp_from_allocator = true;
}

bool
ptp_booted(void)
{
	return ptp_from_allocator;
}

void
ptp_count_entry(struct pmap *pmap, const void *entry, int delta)
{
	struct vm_page *m;

	if (pmap == kernel_pmap)
		return;
	m = ptp_of(entry);
	KASSERT(m->flags & PG_PTP, ("ptp_count_entry: %p is not in a table",
	    entry));
	KASSERT(delta > 0 ? m->pt_count < PTP_NENTRIES : m->pt_count > 0,
	    ("ptp_count_entry: table 0x%lx count %u, delta %d", m->phys_addr,
	    m->pt_count, delta));
	m->pt_count += delta;
}

bool
ptp_empty(struct pmap *pmap, const void *entry)
{
	return pmap != kernel_pmap && ptp_of(entry)->pt_count == 0;
}

unsigned
ptp_entries(vm_paddr_t pa)
{
	return PHYS_TO_VM_PAGE(pa)->pt_count;
}

void
ptp_set_full(struct pmap *pmap, vm_paddr_t pa)
{
	if (pmap != kernel_pmap)
		PHYS_TO_VM_PAGE(pa)->pt_count = PTP_NENTRIES;
}
