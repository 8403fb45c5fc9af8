/*
 * reclaim.c: in-kernel tests of pages going to swap and coming back
 * (vm/vm_pageout.c, vm/swap_cache.c, the swap-in fault, fork, release
 * and swapoff of swap leaves), on a map and pmap made here, with vda as
 * the swap area (tests/ktest/swap.c writes its header).  The counts are
 * checked exactly: leaves, slot counts, swap-cache state, counters.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/proc.h"
#include "kernel/sys_mman.h"
#include "tests/ktest/swapdisk.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/vm_anon.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_stats.h"

#define P		PAGE_SIZE
#define BASE		0x10000000UL
#define NPAGES		32
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)

struct rc_env {
	struct pmap	*pmap;
	struct vm_map	*map;
};

static bool
rc_create(struct rc_env *env)
{
	env->pmap = pmap_create();
	env->map = env->pmap != NULL ? vm_map_create(env->pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) : NULL;
	return env->map != NULL;
}

static void
rc_destroy(struct rc_env *env)
{
	vm_map_destroy(env->map);
	pmap_destroy(env->pmap);
}

/* The pattern word i of page pg, seeded. */
static uint64_t
pattern(size_t pg, size_t i, uint64_t seed)
{
	return (seed << 40) ^ (pg << 20) ^ (i * 2654435761U);
}

/* Map NPAGES private pages and fill them; the address or 0. */
static vm_offset_t
rc_fill(struct rc_env *env, uint64_t seed)
{
	vm_paddr_t pa;
	vm_offset_t va;

	if (vm_mmap(env->map, BASE, NPAGES * P, RW, ANON_PRIVATE, &va) != 0)
		return 0;
	for (size_t pg = 0; pg < NPAGES; pg++) {
		if (vm_fault_map(env->map, va + pg * P, VM_PROT_WRITE) != 0 ||
		    !pmap_extract(env->pmap, va + pg * P, &pa))
			return 0;
		for (size_t i = 0; i < P / 8; i++)
			((uint64_t *)PHYS_TO_DMAP(pa))[i] = pattern(pg, i, seed);
	}
	return va;
}

/*
 * Fault every page back in for access and compare it with the pattern:
 * the pages that differ (or could not be faulted).
 */
static size_t
rc_check(struct rc_env *env, vm_offset_t va, vm_prot_t access,
    uint64_t seed)
{
	size_t bad = 0;
	vm_paddr_t pa;

	for (size_t pg = 0; pg < NPAGES; pg++) {
		if (vm_fault_map(env->map, va + pg * P, access) != 0 ||
		    !pmap_extract(env->pmap, va + pg * P, &pa)) {
			bad++;
			continue;
		}
		for (size_t i = 0; i < P / 8; i++)
			if (((uint64_t *)PHYS_TO_DMAP(pa))[i] !=
			    pattern(pg, i, seed)) {
				bad++;
				break;
			}
	}
	return bad;
}

/* How many of the NPAGES leaves from va are of kind, and (swap) have
 * count references each. */
static size_t
rc_leaves(struct rc_env *env, vm_offset_t va, enum pmap_leaf_kind kind,
    unsigned count)
{
	struct pmap_leaf leaf;
	size_t n = 0;

	for (size_t pg = 0; pg < NPAGES; pg++)
		if (pmap_lookup(env->pmap, va + pg * P, &leaf) == kind &&
		    (kind != PMAP_LEAF_SWAP_PTE ||
		    swap_slot_count(leaf.swap) == count))
			n++;
	return n;
}

/* MADV_PAGEOUT through the madvise handler, as a process would. */
static int
rc_pageout(struct rc_env *env, vm_offset_t va)
{
	return vm_madvise(env->map, va, NPAGES * P, MADV_PAGEOUT);
}

static uint64_t
stat(enum vm_stat s)
{
	return vm_stat_read(s);
}

/* Swap slots in use, over every area. */
static uint64_t
swap_used(void)
{
	uint64_t total, free;

	swap_totals(&total, &free);
	return total - free;
}

/*
 * Out and back: MADV_PAGEOUT writes every page and frees it, its leaf a
 * swap leaf with one reference; read faults bring them back (major
 * faults, fewer than pages: read-ahead), read-only and still in the swap
 * cache; paged out
 * again, those clean copies are dropped without a write; a write fault
 * then takes each page out of the cache and frees its slot.
 */
KTEST(reclaim_pageout_round_trip)
{
	struct rc_env env;
	uint64_t out, in, maj;
	vm_offset_t va;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(rc_create(&env) && (va = rc_fill(&env, 1)) != 0);
	out = stat(VM_STAT_PSWPOUT);
	in = stat(VM_STAT_PSWPIN);
	maj = stat(VM_STAT_PGMAJFAULT);
	KT_EQ(rc_pageout(&env, va), 0);
	KT_EQ(rc_leaves(&env, va, PMAP_LEAF_SWAP_PTE, 1), NPAGES);
	KT_EQ(stat(VM_STAT_PSWPOUT) - out, NPAGES);
	KT_EQ(stat(VM_STAT_NR_SWAPCACHED), 0);
	KT_EQ(rc_check(&env, va, VM_PROT_READ, 1), 0);
	KT_EQ(stat(VM_STAT_PSWPIN) - in, NPAGES);
	/* In order: read-ahead serves up to 8 pages a read. */
	KT_ASSERT(stat(VM_STAT_PGMAJFAULT) - maj >= NPAGES / 8 &&
	    stat(VM_STAT_PGMAJFAULT) - maj < NPAGES);
	KT_EQ(rc_leaves(&env, va, PMAP_LEAF_PTE, 0), NPAGES);
	KT_EQ(stat(VM_STAT_NR_SWAPCACHED), NPAGES);
	KT_EQ(swap_used(), NPAGES);		/* the cache keeps the slots */
	KT_EQ(rc_pageout(&env, va), 0);		/* clean: no writes */
	KT_EQ(stat(VM_STAT_PSWPOUT) - out, NPAGES);
	KT_EQ(rc_leaves(&env, va, PMAP_LEAF_SWAP_PTE, 1), NPAGES);
	KT_EQ(rc_check(&env, va, VM_PROT_WRITE, 1), 0);
	KT_EQ(stat(VM_STAT_PSWPIN) - in, 2 * NPAGES);
	KT_EQ(stat(VM_STAT_NR_SWAPCACHED), 0);
	KT_EQ(swap_used(), 0);
	rc_destroy(&env);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/*
 * fork copies swap leaves (two references a slot); the child reads its
 * pages in, the parent then finds them in the swap cache (no read) and
 * both map the same pages, copy on write; a write in the child copies.
 */
KTEST(reclaim_fork_swap_leaves)
{
	struct rc_env parent, child;
	uint64_t maj, hits, copies;
	vm_offset_t va;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(rc_create(&parent) && (va = rc_fill(&parent, 2)) != 0);
	KT_EQ(rc_pageout(&parent, va), 0);
	KT_ASSERT(rc_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(rc_leaves(&parent, va, PMAP_LEAF_SWAP_PTE, 2), NPAGES);
	KT_EQ(rc_leaves(&child, va, PMAP_LEAF_SWAP_PTE, 2), NPAGES);
	maj = stat(VM_STAT_PGMAJFAULT);
	hits = stat(VM_STAT_PAGODA_SWAPCACHE_HIT);
	KT_EQ(rc_check(&child, va, VM_PROT_READ, 2), 0);
	KT_EQ(rc_leaves(&parent, va, PMAP_LEAF_SWAP_PTE, 1), NPAGES);
	KT_EQ(stat(VM_STAT_PGMAJFAULT) - maj +	/* a fault reads, or */
	    stat(VM_STAT_PAGODA_SWAPCACHE_HIT) - hits, NPAGES); /* hits */
	maj = stat(VM_STAT_PGMAJFAULT);
	hits = stat(VM_STAT_PAGODA_SWAPCACHE_HIT);
	KT_EQ(rc_check(&parent, va, VM_PROT_READ, 2), 0);
	KT_EQ(stat(VM_STAT_PGMAJFAULT), maj);		/* all cached */
	KT_EQ(stat(VM_STAT_PAGODA_SWAPCACHE_HIT) - hits, NPAGES);
	copies = stat(VM_STAT_PAGODA_COW_COPY);
	KT_EQ(rc_check(&child, va, VM_PROT_WRITE, 2), 0);
	KT_EQ(stat(VM_STAT_PAGODA_COW_COPY) - copies, NPAGES);
	rc_destroy(&child);
	KT_EQ(rc_check(&parent, va, VM_PROT_WRITE, 2), 0);
	rc_destroy(&parent);
	KT_EQ(swap_used(), 0);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/* munmap and MADV_DONTNEED drop swap leaves: their slots are free. */
KTEST(reclaim_release_frees_slots)
{
	struct rc_env env;
	vm_offset_t va;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(rc_create(&env) && (va = rc_fill(&env, 3)) != 0);
	KT_EQ(rc_pageout(&env, va), 0);
	KT_EQ(swap_used(), NPAGES);
	KT_EQ(vm_munmap(env.map, va, NPAGES / 2 * P), 0);
	KT_EQ(swap_used(), NPAGES / 2);
	KT_EQ(vm_madvise(env.map, va + NPAGES / 2 * P, NPAGES / 2 * P,
	    MADV_DONTNEED), 0);
	KT_EQ(swap_used(), 0);
	rc_destroy(&env);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/*
 * swapoff brings every page back before the area goes: afterwards the
 * leaves are present and reading them needs no I/O.  swapoff finds swap
 * leaves through the processes' maps, so for the while the test thread
 * owns the map.
 */
KTEST(reclaim_swapoff_brings_back)
{
	struct rc_env env;
	uint64_t maj;
	vm_offset_t va;
	int error;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(rc_create(&env) && (va = rc_fill(&env, 4)) != 0);
	KT_EQ(rc_pageout(&env, va), 0);
	KT_EQ(rc_leaves(&env, va, PMAP_LEAF_SWAP_PTE, 1), NPAGES);
	curproc->p_map = env.map;
	error = swap_off("/dev/vda");
	curproc->p_map = NULL;
	KT_EQ(error, 0);
	KT_EQ(rc_leaves(&env, va, PMAP_LEAF_PTE, 0), NPAGES);
	maj = stat(VM_STAT_PGMAJFAULT);
	KT_EQ(rc_check(&env, va, VM_PROT_WRITE, 4), 0);
	KT_EQ(stat(VM_STAT_PGMAJFAULT), maj);
	rc_destroy(&env);
}
