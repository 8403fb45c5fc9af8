/*
 * swap_cache.c: the swap cache, kept in the swap table (swap_cache.h).
 */
#include "vm/swap_cache.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/swap.h"
#include "vm/swap_table.h"
#include "vm/vm_anon.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"

struct vm_page *
swap_cache_get_folio(swp_entry_t entry)
{
	KASSERT(spin_held(&anon_lock), ("swap_cache_get_folio: no anon_lock"));
	return swap_cache_get(swap_entry_table(entry), swp_offset(entry));
}

/* The first slot of the 2^order slots, aligned, that hold entry's. */
static swp_entry_t
range_start(swp_entry_t entry, int order)
{
	return swp_entry(swp_type(entry),
	    rounddown2(swp_offset(entry), (uint64_t)1 << order));
}

/*
 * Try to cache entry's range of 2^order slots in a new folio: 0 (in
 * *folio), or swap_cache_check()'s verdict, or -ENOMEM.
 */
static int
alloc_order(struct swap_table *table, swp_entry_t entry, int order,
    struct vm_page **folio)
{
	swp_entry_t start = range_start(entry, order);
	unsigned nr = 1U << order;
	struct vm_page *m;
	int error;

	if ((error = swap_cache_check(table, swp_offset(start), nr)) != 0)
		return error;
	if ((m = vm_page_alloc(order, VM_ALLOC_USER)) == NULL)
		return -ENOMEM;
	if ((error = swap_cache_add(table, swp_offset(start), nr, m)) != 0) {
		vm_page_free(m);
		return error;
	}
	m->flags |= PG_ANON | PG_SWAPCACHE | PG_READING;
	m->swap = start;
	m->ref_count = 2;		/* the cache's and the caller's */
	vm_stat_add(VM_STAT_NR_ANON_PAGES, nr);
	vm_stat_add(VM_STAT_NR_SWAPCACHED, nr);
	vm_stat_inc(VM_STAT_PAGODA_SWAPCACHE_ADD);
	*folio = m;
	return 0;
}

int
swap_cache_alloc_folio(swp_entry_t entry, unsigned orders,
    struct vm_page **folio)
{
	struct swap_table *table = swap_entry_table(entry);
	int error = -ENOMEM;

	KASSERT(spin_held(&anon_lock), ("swap_cache_alloc_folio: no "
	    "anon_lock"));
	for (int order = SWAP_ORDER_PMD; order >= 0; order--) {
		if (!(orders & (1U << order)))
			continue;
		error = alloc_order(table, entry, order, folio);
		if (error == 0)
			return 0;
		if (error == -ENOMEM)
			continue;
		/* A slot of the range is free or cached: entry's own? */
		if ((*folio = swap_cache_get(table, swp_offset(entry))) !=
		    NULL)
			return -EEXIST;
		if (swap_count(table, swp_offset(entry)) == 0)
			return -ENOENT;
	}
	return error;
}

int
swap_cache_add_folio(struct vm_page *m, swp_entry_t entry)
{
	int error;

	KASSERT(spin_held(&anon_lock), ("swap_cache_add_folio: no anon_lock"));
	KASSERT(!(m->flags & PG_SWAPCACHE), ("swap_cache_add_folio: page "
	    "0x%lx is cached already", m->phys_addr));
	error = swap_cache_add(swap_entry_table(entry), swp_offset(entry),
	    1U << m->order, m);
	if (error != 0)
		return error;
	m->flags |= PG_SWAPCACHE;
	m->swap = entry;
	m->ref_count++;
	vm_stat_add(VM_STAT_NR_SWAPCACHED, 1 << m->order);
	vm_stat_inc(VM_STAT_PAGODA_SWAPCACHE_ADD);
	return 0;
}

void
swap_cache_del_folio(struct vm_page *m)
{
	KASSERT(spin_held(&anon_lock), ("swap_cache_del_folio: no anon_lock"));
	KASSERT((m->flags & PG_SWAPCACHE) && m->ref_count > 0,
	    ("swap_cache_del_folio: page 0x%lx: flags 0x%x, %d references",
	    m->phys_addr, m->flags, m->ref_count));
	swap_cache_del(swap_entry_table(m->swap), swp_offset(m->swap),
	    1U << m->order, m);
	m->flags &= ~(PG_SWAPCACHE | PG_DIRTY);
	m->swap = (swp_entry_t){ 0 };
	m->ref_count--;
	vm_stat_add(VM_STAT_NR_SWAPCACHED, -(1 << m->order));
}

unsigned
swap_folio_users(struct vm_page *m)
{
	struct swap_table *table = swap_entry_table(m->swap);
	unsigned most = 0;

	for (unsigned i = 0; i < (1U << m->order); i++)
		most = MAX(most, swap_count(table, swp_offset(m->swap) + i));
	return most;
}

int
swap_cache_read_folio(struct vm_page *m)
{
	swp_entry_t e = m->swap;
	int error;

	KASSERT(m->flags & PG_READING, ("swap_cache_read_folio: page 0x%lx "
	    "is not being read", m->phys_addr));
	error = swap_folio_rw(e, m, m->order, false);
	spin_lock(&anon_lock);
	m->flags &= ~PG_READING;
	if (error == 0) {
		vm_stat_add(VM_STAT_PSWPIN, 1 << m->order);
	} else {
		printf("swap: read error on slot %lu of area %u: SIGBUS\n",
		    swp_offset(e), swp_type(e));
		swap_cache_del_folio(m);
	}
	wakeup(m);
	vm_anon_folio_release(m);
	spin_unlock(&anon_lock);
	return error;
}

void
swap_cache_wait_folio(struct vm_page *m)
{
	spin_lock(&anon_lock);
	while (m->flags & PG_READING)
		sleep_on(m, &anon_lock);
	vm_anon_folio_release(m);
	spin_unlock(&anon_lock);
}
