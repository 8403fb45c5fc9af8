/*
 * vm_stats.h: the VM's counters, one place for all of them (vm_stats.c).
 *
 * Each counter has the name Linux gives it in /proc/vmstat when the idea
 * is the same, so a student can read Pagoda's numbers beside Linux's
 * documentation (proc(5)) and beside a Linux machine's own /proc/vmstat.
 * Where Linux has no such counter, the name is our own: thp_swpin,
 * thp_swpin_fallback and thp_swpout_pmd follow Linux's thp_swpout
 * pattern, and the pagoda_ names count steps of Pagoda's fault path and
 * swap cache.
 *
 * Two sorts:
 *  - events count things that happened since boot (pgfault); they only
 *    go up;
 *  - levels say how many of something there are now (nr_anon_pages);
 *    they go up and down.
 *
 * Everything is in pages (4 KiB), as in Linux, except the thp_ events,
 * which count huge pages, one per 2 MiB.
 *
 * Locking: none.  Counters change with atomic adds, because they are
 * bumped from many places under many different locks, or none (a fault
 * is counted before its map is locked); a reader gets each counter
 * whole, but not all of them at one instant.
 */
#ifndef _VM_VM_STATS_H_
#define _VM_VM_STATS_H_

#include "kernel/types.h"

/* In /proc/vmstat's order: the levels, then the events, as Linux. */
enum vm_stat {
	/* Levels. */
	VM_STAT_NR_FREE_PAGES,	/* free pages (read from the allocator) */
	VM_STAT_NR_ANON_PAGES,	/* anonymous pages in memory, each counted
				   once: mapped, or in the swap cache */
	VM_STAT_NR_ANON_THPS,	/* of those, 2 MiB folios (in units of one) */
	VM_STAT_NR_INACTIVE_ANON, /* anonymous pages on the inactive queue */
	VM_STAT_NR_ACTIVE_ANON,	/* ... on the active queue */
	VM_STAT_NR_SWAPCACHED,	/* pages in the swap cache */

	/* Events: Linux's. */
	VM_STAT_PSWPIN,		/* pages read in from swap */
	VM_STAT_PSWPOUT,	/* pages written out to swap */
	VM_STAT_PGALLOC_NORMAL,	/* pages allocated (vm_page_alloc) */
	VM_STAT_PGFREE,		/* pages freed (vm_page_free) */
	VM_STAT_PGFAULT,	/* page faults, resolved or not */
	VM_STAT_PGMAJFAULT,	/* faults that waited for I/O */
	VM_STAT_PGACTIVATE,	/* pages moved to the active queue */
	VM_STAT_PGDEACTIVATE,	/* pages moved to the inactive queue */
	VM_STAT_PGSCAN_KSWAPD,	/* pages the page daemon looked at */
	VM_STAT_PGSCAN_DIRECT,	/* ... direct reclaim and MADV_PAGEOUT */
	VM_STAT_PGSTEAL_KSWAPD,	/* pages the page daemon freed */
	VM_STAT_PGSTEAL_DIRECT,	/* ... direct reclaim and MADV_PAGEOUT */
	VM_STAT_OOM_KILL,	/* processes the OOM killer killed */
	VM_STAT_SWAP_RA,	/* pages read ahead of swap-in faults */
	VM_STAT_SWAP_RA_HIT,	/* ... that a fault then found */
	VM_STAT_THP_FAULT_ALLOC, /* faults that mapped a new 2 MiB page */
	VM_STAT_THP_FAULT_FALLBACK, /* ... that wanted one and got 4 KiB */
	VM_STAT_THP_SPLIT_PMD,	/* 2 MiB leaves split into 512 */
	VM_STAT_THP_SPLIT_PAGE,	/* 2 MiB folios split into 512 */
	VM_STAT_THP_SWPOUT,	/* 2 MiB pages swapped out whole */
	VM_STAT_THP_SWPOUT_FALLBACK, /* ... that had to be split first */

	/* Events: Pagoda's own. */
	VM_STAT_THP_SWPOUT_PMD,	/* 2 MiB swap leaves made (one per 2 MiB
				   leaf of a page going out whole) */
	VM_STAT_THP_SWPIN,	/* 2 MiB pages swapped in whole, one fault */
	VM_STAT_THP_SWPIN_FALLBACK, /* swap PMDs split to swap in 4 KiB */
	VM_STAT_PAGODA_ZERO_FILL, /* faults that mapped a new zeroed page */
	VM_STAT_PAGODA_COW_COPY, /* write faults that copied a shared page */
	VM_STAT_PAGODA_COW_REUSE, /* write faults that made a read-only
				   leaf writable without a copy: its page
				   was no longer shared */
	VM_STAT_PAGODA_SWAPCACHE_ADD, /* folios added to the swap cache */
	VM_STAT_PAGODA_SWAPCACHE_HIT, /* swap-in faults that found their
				   folio in the swap cache: no read */

	VM_STAT_COUNT
};

/* The first event: below it, levels. */
#define VM_STAT_FIRST_EVENT	VM_STAT_PSWPIN

/* The counters themselves; use the functions below. */
extern uint64_t vm_stats[VM_STAT_COUNT];

/* Add n to counter stat (a level may be given a negative n). */
static inline void
vm_stat_add(enum vm_stat stat, int64_t n)
{
	__atomic_fetch_add(&vm_stats[stat], (uint64_t)n, __ATOMIC_RELAXED);
}

static inline void
vm_stat_inc(enum vm_stat stat)
{
	vm_stat_add(stat, 1);
}

/* vm_stat_read: the value of stat now. */
uint64_t vm_stat_read(enum vm_stat stat);

/* vm_stat_name: stat's name in /proc/vmstat ("pgfault"). */
const char *vm_stat_name(enum vm_stat stat);

#endif /* !_VM_VM_STATS_H_ */
