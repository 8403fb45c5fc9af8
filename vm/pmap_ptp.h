/*
 * pmap_ptp.h: the books every pmap keeps on its page-table pages ("ptp").
 *
 * A pmap frees a user table page as soon as its last valid entry goes
 * away, so it must know how many valid entries each table holds.  The
 * count sits in the table page's vm_page (PG_PTP, pt_count), and keeping
 * it is the same on every machine: this module does it for both
 * arch/amd64/pmap.c and arch/arm64/pmap.c.  It knows no entry format: an
 * entry is named by its address (tables are reached through the direct
 * map), a table page by its physical address, and the pmap alone decides
 * when an entry is valid and says so here.
 *
 * Kernel tables keep no counts and are never freed: some come from
 * vm_bootstrap_alloc(), before vm_page_array exists, and all are shared.
 * So, given the kernel pmap, ptp_count_entry() and ptp_set_full() do
 * nothing, ptp_empty() says false and ptp_free() panics.
 *
 * Locking: the caller holds the pmap's lock (or is pmap_bootstrap(), alone).
 */
#ifndef _VM_PMAP_PTP_H_
#define _VM_PMAP_PTP_H_

#include "vm/vm.h"

struct pmap;

/*
 * The entries in a table page.  Both formats have 512 entries per 4 KiB
 * table at every level, so a table of PTEs spans one PMD; each pmap.c
 * checks this against its NPTEPG.
 */
#define PTP_NENTRIES	(PMD_SIZE / PAGE_SIZE)

/*
 * ptp_alloc: a zeroed table page, its physical address in *pa, and one
 * more in *ptp_count (the pmap's count of table pages): 0 or -ENOMEM.
 * Until ptp_bootstrap_done() the page comes from vm_bootstrap_alloc(),
 * which cannot fail; then from vm_page_alloc(), marked PG_PTP with no
 * valid entries (so nothing may need a new table between the end of
 * pmap_bootstrap() and the start of the page allocator).
 */
int	ptp_alloc(size_t *ptp_count, vm_paddr_t *pa);

/*
 * ptp_free: give back the empty user table page at pa, which no entry
 * points to any more (and which the TLB has forgotten); one less in
 * *ptp_count.  Panics (debug builds) for a kernel table or a table that
 * still counts valid entries.
 */
void	ptp_free(struct pmap *pmap, size_t *ptp_count, vm_paddr_t pa);

/*
 * ptp_bootstrap_done: the end of pmap_bootstrap(); table pages come from
 * vm_page_alloc() from now on.
 */
void	ptp_bootstrap_done(void);

/* ptp_booted: has ptp_bootstrap_done() been called? */
bool	ptp_booted(void);

/*
 * ptp_count_entry: in pmap, a valid entry appeared (delta 1) or went away
 * (delta -1) at entry, an entry of a table page seen through the DMAP.
 */
void	ptp_count_entry(struct pmap *pmap, const void *entry, int delta);

/*
 * ptp_empty: has the table page holding entry no valid entry left?
 * Always false in the kernel pmap.
 */
bool	ptp_empty(struct pmap *pmap, const void *entry);

/* ptp_entries: the valid entries counted in the user table page at pa. */
unsigned ptp_entries(vm_paddr_t pa);

/*
 * ptp_set_full: the new table page at pa, filled by the pmap before it is
 * hooked in, has all PTP_NENTRIES entries valid.
 */
void	ptp_set_full(struct pmap *pmap, vm_paddr_t pa);

#endif /* !_VM_PMAP_PTP_H_ */
