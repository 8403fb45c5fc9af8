/*
 * vm_stats.c: the VM's counters and their /proc/vmstat names (see
 * vm_stats.h).  The counters are bumped where things happen (vm_fault.c,
 * vm_page.c, vm_anon.c); /proc/vmstat and /proc/meminfo (kernel/procfs.c)
 * read them here.
 */
#include "vm/vm_stats.h"
#include "vm/vm_page.h"
#include "kernel/systm.h"

uint64_t vm_stats[VM_STAT_COUNT];

static const char *const vm_stat_names[VM_STAT_COUNT] = {
	[VM_STAT_NR_FREE_PAGES] = "nr_free_pages",
	[VM_STAT_NR_ANON_PAGES] = "nr_anon_pages",
	[VM_STAT_NR_ANON_THPS] = "nr_anon_transparent_hugepages",
	[VM_STAT_NR_INACTIVE_ANON] = "nr_inactive_anon",
	[VM_STAT_NR_ACTIVE_ANON] = "nr_active_anon",
	[VM_STAT_NR_SWAPCACHED] = "nr_swapcached",
	[VM_STAT_PSWPIN] = "pswpin",
	[VM_STAT_PSWPOUT] = "pswpout",
	[VM_STAT_PGALLOC_NORMAL] = "pgalloc_normal",
	[VM_STAT_PGFREE] = "pgfree",
	[VM_STAT_PGFAULT] = "pgfault",
	[VM_STAT_PGMAJFAULT] = "pgmajfault",
	[VM_STAT_PGACTIVATE] = "pgactivate",
	[VM_STAT_PGDEACTIVATE] = "pgdeactivate",
	[VM_STAT_PGSCAN_KSWAPD] = "pgscan_kswapd",
	[VM_STAT_PGSCAN_DIRECT] = "pgscan_direct",
	[VM_STAT_PGSTEAL_KSWAPD] = "pgsteal_kswapd",
	[VM_STAT_PGSTEAL_DIRECT] = "pgsteal_direct",
	[VM_STAT_OOM_KILL] = "oom_kill",
	[VM_STAT_SWAP_RA] = "swap_ra",
	[VM_STAT_SWAP_RA_HIT] = "swap_ra_hit",
	[VM_STAT_THP_FAULT_ALLOC] = "thp_fault_alloc",
	[VM_STAT_THP_FAULT_FALLBACK] = "thp_fault_fallback",
	[VM_STAT_THP_SPLIT_PMD] = "thp_split_pmd",
	[VM_STAT_THP_SPLIT_PAGE] = "thp_split_page",
	[VM_STAT_THP_SWPOUT] = "thp_swpout",
	[VM_STAT_THP_SWPOUT_PMD] = "thp_swpout_pmd",
	[VM_STAT_THP_SWPOUT_FALLBACK] = "thp_swpout_fallback",
	[VM_STAT_THP_SWPIN] = "thp_swpin",
	[VM_STAT_THP_SWPIN_FALLBACK] = "thp_swpin_fallback",
	[VM_STAT_PAGODA_ZERO_FILL] = "pagoda_zero_fill",
	[VM_STAT_PAGODA_COW_COPY] = "pagoda_cow_copy",
	[VM_STAT_PAGODA_COW_REUSE] = "pagoda_cow_reuse",
	[VM_STAT_PAGODA_SWAPCACHE_ADD] = "pagoda_swapcache_add",
	[VM_STAT_PAGODA_SWAPCACHE_HIT] = "pagoda_swapcache_hit",
};

uint64_t
vm_stat_read(enum vm_stat stat)
{
	KASSERT((unsigned)stat < VM_STAT_COUNT,
	    ("vm_stat_read: no counter %d", (int)stat));
	/* The allocator keeps this one; a copy here could only lag. */
	if (stat == VM_STAT_NR_FREE_PAGES)
		return vm_page_free_count();
	return __atomic_load_n(&vm_stats[stat], __ATOMIC_RELAXED);
}

const char *
vm_stat_name(enum vm_stat stat)
{
	KASSERT((unsigned)stat < VM_STAT_COUNT && vm_stat_names[stat] !=
	    NULL, ("vm_stat_name: no name for counter %d", (int)stat));
	return vm_stat_names[stat];
}
