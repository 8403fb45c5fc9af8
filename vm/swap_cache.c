/*
 * swap_cache.c: the swap cache, kept in the swap table (swap_cache.h).
 */
#include "vm/swap_cache.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/swap.h"
#include "vm/swap_table.h"
#include "vm/vm_anon.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
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
	vm_anon_folio_init(m);
	m->flags |= PG_SWAPCACHE | PG_READING;
	m->swap = start;
	m->ref_count = 2;		/* the cache's and the caller's */
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

/*
 * Read-ahead.  A fault that must read a slot reads its neighbours too,
 * in the same request, if they are swapped out and not cached: the
 * aligned window of ra_window slots around it, as far as the run of such
 * slots goes on both sides.  The window doubles (up to
 * SWAP_READ_PAGES_MAX) while faults come in order or find the pages read
 * ahead, and halves when they do not: sequential swap-in then costs one
 * request per 8 pages, random swap-in one per page, as without it.
 */
static unsigned ra_window = 1;		/* (a) slots, a power of 2 */
static unsigned ra_hits;		/* (a) since the last read */
static swp_entry_t ra_last;		/* (a) the last fault that read */

/* The window for a fault that must read e. */
static unsigned
ra_next_window(swp_entry_t e)
{
	uint64_t off = swp_offset(e), last = swp_offset(ra_last);
	bool near = swp_type(e) == swp_type(ra_last) &&
	    off + ra_window >= last && off <= last + 2 * ra_window;

	if (ra_hits > 0 || near)
		ra_window = MIN(ra_window * 2, SWAP_READ_PAGES_MAX);
	else
		ra_window = MAX(ra_window / 2, 1);
	ra_hits = 0;
	ra_last = e;
	return ra_window;
}

void
swap_cache_ra_hit(struct vm_page *m)
{
	if (m->flags & PG_READAHEAD) {
		m->flags &= ~PG_READAHEAD;
		ra_hits++;
		vm_stat_inc(VM_STAT_SWAP_RA_HIT);
	}
}

/* A new folio in the cache for slot off of e's area, to read ahead. */
static struct vm_page *
ra_prepare(swp_entry_t e, uint64_t off)
{
	swp_entry_t n = swp_entry(swp_type(e), off);
	struct vm_page *f;

	if (swap_slot_count(n) == 0 ||
	    swap_cache_alloc_folio(n, 1U << 0, &f) != 0)
		return NULL;
	f->flags |= PG_READAHEAD;
	vm_stat_inc(VM_STAT_SWAP_RA);
	return f;
}

/*
 * With anon_lock held: the run of folios to read with m, in slot order,
 * in run[]; their number.  Each but m is new in the cache, held.
 */
static int
ra_gather(struct vm_page *m, struct vm_page **run)
{
	struct vm_page *before[SWAP_READ_PAGES_MAX], *f;
	uint64_t off = swp_offset(m->swap), base, o;
	unsigned w = m->order == 0 ? ra_next_window(m->swap) : 1;
	int nb = 0, n = 0;

	base = rounddown2(off, (uint64_t)w);
	for (o = off; o > base && (f = ra_prepare(m->swap, o - 1)) != NULL;
	    o--)
		before[nb++] = f;
	while (nb > 0)
		run[n++] = before[--nb];
	run[n++] = m;
	for (o = off + 1; o < base + w && (f = ra_prepare(m->swap, o)) !=
	    NULL; o++)
		run[n++] = f;
	return n;
}

/* With anon_lock held: f's read is over (error: it failed). */
static void
read_finish(struct vm_page *f, int error, bool faulted)
{
	f->flags &= ~PG_READING;
	if (error == 0) {
		vm_stat_add(VM_STAT_PSWPIN, 1 << f->order);
		if (!(f->flags & PG_LRU))
			lru_add(f, false);
	} else {
		if (faulted)
			printf("swap: read error on slot %lu of area %u: "
			    "SIGBUS\n", swp_offset(f->swap),
			    swp_type(f->swap));
		swap_cache_del_folio(f);
	}
	wakeup(f);
	vm_anon_folio_release(f);
}

int
swap_cache_read_folio(struct vm_page *m)
{
	struct vm_page *run[SWAP_READ_PAGES_MAX];
	int n, error, error_m;

	KASSERT(m->flags & PG_READING, ("swap_cache_read_folio: page 0x%lx "
	    "is not being read", m->phys_addr));
	spin_lock(&anon_lock);
	n = ra_gather(m, run);
	spin_unlock(&anon_lock);
	if (m->order == 0)
		error = swap_pages_read(run[0]->swap, run, n);
	else
		error = swap_folio_rw(m->swap, m, m->order, false);
	/* A bad block among the neighbours is not this fault's problem. */
	error_m = error;
	if (error != 0 && n > 1)
		error_m = swap_folio_rw(m->swap, m, m->order, false);
	spin_lock(&anon_lock);
	for (int i = 0; i < n; i++)
		read_finish(run[i], run[i] == m ? error_m : error,
		    run[i] == m);
	spin_unlock(&anon_lock);
	return error_m;
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

/* A read started by swap_cache_read_async(), and its folio. */
struct async_read {
	struct swap_io	io;
	struct vm_page	*folio;
};

/* Its completion (interrupt context): as swap_cache_read_folio()'s. */
static void
async_read_done(struct blk_req *req)
{
	struct async_read *ar = req->arg;

	spin_lock(&anon_lock);
	read_finish(ar->folio, req->error, false);
	spin_unlock(&anon_lock);
	kfree(ar);
}

void
swap_cache_read_async(struct vm_page *m)
{
	struct async_read *ar = kmalloc(sizeof(*ar), 0);

	KASSERT(m->flags & PG_READING, ("swap_cache_read_async: page 0x%lx "
	    "is not being read", m->phys_addr));
	if (ar != NULL) {
		ar->folio = m;
		if (swap_folio_io(m->swap, m, m->order, false, &ar->io,
		    async_read_done, ar) == 0)
			return;
		kfree(ar);
	}
	spin_lock(&anon_lock);
	read_finish(m, -EIO, false);	/* no harm: read it later */
	spin_unlock(&anon_lock);
}
