/*
 * thp.c: in-kernel tests of transparent huge pages (vm/vm_thp.c): the
 * 2 MiB fault, fork and copy on write of a 2 MiB leaf, splitting for a
 * partial munmap and for reclaim, on a map and pmap made here, with the
 * policy set to "always" for the while.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/proc.h"
#include "kernel/sys_mman.h"
#include "tests/ktest/swapdisk.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/thp.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"

#define P		PAGE_SIZE
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)

struct thp_env {
	struct pmap	*pmap;
	struct vm_map	*map;
	vm_offset_t	va;		/* 2 MiB aligned, 4 MiB mapped */
	enum thp_mode	mode;		/* the policy before the test */
};

/* A map with 4 MiB of private memory, 2 MiB aligned, policy "always". */
static bool
thp_env_create(struct thp_env *env)
{
	env->mode = thp_mode_get();
	thp_mode_set(THP_ALWAYS);
	env->pmap = pmap_create();
	env->map = env->pmap != NULL ? vm_map_create(env->pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) : NULL;
	return env->map != NULL && vm_mmap(env->map, 0, 2 * PMD_SIZE, RW,
	    ANON_PRIVATE, &env->va) == 0 && (env->va & PMD_MASK) == 0;
}

/* child: a fork of parent's map (vm_map_fork()), same policy and va. */
static bool
thp_env_fork(struct thp_env *child, const struct thp_env *parent)
{
	child->mode = thp_mode_get();
	child->va = parent->va;
	child->pmap = pmap_create();
	child->map = child->pmap != NULL ? vm_map_create(child->pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) : NULL;
	return child->map != NULL && vm_map_fork(child->map, parent->map) == 0;
}

static void
thp_env_destroy(struct thp_env *env)
{
	vm_map_destroy(env->map);
	pmap_destroy(env->pmap);
	thp_mode_set(env->mode);
}

/* The word at va of map (faulted in for access), or ~0 if it cannot be. */
static uint64_t *
word(struct vm_map *map, vm_offset_t va, vm_prot_t access)
{
	vm_paddr_t pa;

	if (vm_fault_map(map, va, access) != 0 ||
	    !pmap_extract(map->pmap, va, &pa))
		return NULL;
	return (uint64_t *)PHYS_TO_DMAP(pa);
}

/* Write the pattern of seed into the first word of each page of 2 MiB. */
static bool
fill_2m(struct vm_map *map, vm_offset_t va, uint64_t seed)
{
	uint64_t *w;

	for (size_t i = 0; i < HPAGE_PAGES; i++) {
		if ((w = word(map, va + i * P, VM_PROT_WRITE)) == NULL)
			return false;
		*w = seed << 32 | i;
	}
	return true;
}

/* Do the 2 MiB at va hold seed's pattern?  (Read faults.) */
static bool
check_2m(struct vm_map *map, vm_offset_t va, uint64_t seed)
{
	uint64_t *w;

	for (size_t i = 0; i < HPAGE_PAGES; i++)
		if ((w = word(map, va + i * P, VM_PROT_READ)) == NULL ||
		    *w != (seed << 32 | i))
			return false;
	return true;
}

static enum pmap_leaf_kind
kind_at(struct vm_map *map, vm_offset_t va, struct pmap_leaf *leaf)
{
	return pmap_lookup(map->pmap, va, leaf);
}

/* The first touch maps 2 MiB with one leaf; the page is a huge folio. */
KTEST(thp_fault_huge)
{
	uint64_t allocs = vm_stat_read(VM_STAT_THP_FAULT_ALLOC);
	uint64_t thps = vm_stat_read(VM_STAT_NR_ANON_THPS);
	struct pmap_leaf leaf;
	struct thp_env env;

	KT_ASSERT(thp_env_create(&env));
	KT_ASSERT(fill_2m(env.map, env.va, 1));
	KT_EQ(kind_at(env.map, env.va + 77 * P, &leaf), PMAP_LEAF_PMD);
	KT_EQ(leaf.va, env.va);
	KT_EQ(PHYS_TO_VM_PAGE(leaf.pa)->order, PMD_ORDER);
	KT_EQ(vm_stat_read(VM_STAT_THP_FAULT_ALLOC) - allocs, 1);
	KT_EQ(vm_stat_read(VM_STAT_NR_ANON_THPS) - thps, 1);
	KT_ASSERT(check_2m(env.map, env.va, 1));
	thp_env_destroy(&env);
	KT_EQ(vm_stat_read(VM_STAT_NR_ANON_THPS), thps);
}

/*
 * fork shares the 2 MiB read-only; the child's write copies the whole
 * 2 MiB; the parent's page is then its own again and is not copied.
 */
KTEST(thp_fork_cow)
{
	uint64_t copies = vm_stat_read(VM_STAT_PAGODA_COW_COPY);
	struct pmap_leaf pl, cl;
	struct thp_env env, child;

	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 2));
	KT_ASSERT(thp_env_fork(&child, &env));
	KT_EQ(kind_at(child.map, env.va, &cl), PMAP_LEAF_PMD);
	KT_EQ(kind_at(env.map, env.va, &pl), PMAP_LEAF_PMD);
	KT_EQ(cl.pa, pl.pa);
	KT_ASSERT(!(cl.prot & VM_PROT_WRITE) && !(pl.prot & VM_PROT_WRITE));
	KT_ASSERT(fill_2m(child.map, env.va, 3));
	KT_EQ(vm_stat_read(VM_STAT_PAGODA_COW_COPY) - copies, 1);
	KT_EQ(kind_at(child.map, env.va, &cl), PMAP_LEAF_PMD);
	KT_ASSERT(cl.pa != pl.pa);
	KT_ASSERT(check_2m(env.map, env.va, 2));
	KT_ASSERT(fill_2m(env.map, env.va, 4));	/* its own now: no copy */
	KT_EQ(vm_stat_read(VM_STAT_PAGODA_COW_COPY) - copies, 1);
	KT_EQ(kind_at(env.map, env.va, &cl), PMAP_LEAF_PMD);
	KT_EQ(cl.pa, pl.pa);
	KT_ASSERT(check_2m(child.map, env.va, 3));
	thp_env_destroy(&child);
	thp_env_destroy(&env);
}

/*
 * munmap of one page of a huge page: the edges are split first
 * (vm_map_split_range(): the folio becomes 512 pages), then the page
 * goes; the rest is intact.
 */
KTEST(thp_split_partial_munmap)
{
	uint64_t splits = vm_stat_read(VM_STAT_THP_SPLIT_PAGE);
	struct pmap_leaf leaf;
	struct thp_env env;
	uint64_t *w;

	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 5));
	KT_EQ(vm_munmap(env.map, env.va + 9 * P, P), 0);
	KT_EQ(vm_stat_read(VM_STAT_THP_SPLIT_PAGE) - splits, 1);
	KT_EQ(kind_at(env.map, env.va + 9 * P, &leaf), PMAP_LEAF_NONE);
	KT_EQ(kind_at(env.map, env.va + 8 * P, &leaf), PMAP_LEAF_PTE);
	KT_EQ(PHYS_TO_VM_PAGE(leaf.pa)->order, 0);
	for (size_t i = 0; i < HPAGE_PAGES; i++) {
		if (i == 9)
			continue;
		w = word(env.map, env.va + i * P, VM_PROT_READ);
		KT_ASSERT(w != NULL && *w == (5ULL << 32 | i));
	}
	thp_env_destroy(&env);
}

static uint64_t
stat(enum vm_stat st)
{
	return vm_stat_read(st);
}

/*
 * MADV_PAGEOUT of a huge page sends it whole: 512 slots of one free
 * cluster, one 2 MiB swap leaf, one write; a read brings it back whole
 * with one read (one major fault) and one 2 MiB leaf.
 */
KTEST(thp_swap_round_trip)
{
	uint64_t out = stat(VM_STAT_THP_SWPOUT), in = stat(VM_STAT_THP_SWPIN);
	uint64_t maj = stat(VM_STAT_PGMAJFAULT);
	struct pmap_leaf leaf;
	struct thp_env env;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 6));
	KT_EQ(vm_madvise(env.map, env.va, PMD_SIZE, MADV_PAGEOUT), 0);
	KT_EQ(stat(VM_STAT_THP_SWPOUT) - out, 1);
	KT_EQ(kind_at(env.map, env.va + 100 * P, &leaf), PMAP_LEAF_SWAP_PMD);
	KT_EQ(swp_offset(leaf.swap) % HPAGE_PAGES, 0);
	KT_EQ(swap_slot_count(leaf.swap), 1);
	KT_ASSERT(check_2m(env.map, env.va, 6));
	KT_EQ(stat(VM_STAT_PGMAJFAULT) - maj, 1);
	KT_EQ(stat(VM_STAT_THP_SWPIN) - in, 1);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_PMD);
	thp_env_destroy(&env);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/*
 * No entirely free cluster: the huge page is split and goes out as 512
 * small pages (thp_swpout_fallback), and comes back intact.  vda has
 * three free clusters besides the header's: take them all, then give
 * back half of two, so that small slots remain but no whole cluster.
 */
KTEST(thp_swapout_fallback)
{
	uint64_t fallbacks = stat(VM_STAT_THP_SWPOUT_FALLBACK);
	swp_entry_t c[3];
	struct pmap_leaf leaf;
	struct thp_env env;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	for (int i = 0; i < 3; i++)
		KT_EQ(swap_slot_alloc(PMD_ORDER, &c[i]), 0);
	swap_slot_put(c[0], HPAGE_PAGES / 2);
	swap_slot_put(swp_entry(swp_type(c[1]), swp_offset(c[1]) +
	    HPAGE_PAGES / 2), HPAGE_PAGES / 2);
	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 8));
	KT_EQ(vm_madvise(env.map, env.va, PMD_SIZE, MADV_PAGEOUT), 0);
	KT_EQ(stat(VM_STAT_THP_SWPOUT_FALLBACK) - fallbacks, 1);
	KT_EQ(kind_at(env.map, env.va + 100 * P, &leaf), PMAP_LEAF_SWAP_PTE);
	KT_ASSERT(check_2m(env.map, env.va, 8));
	thp_env_destroy(&env);
	swap_slot_put(swp_entry(swp_type(c[0]), swp_offset(c[0]) +
	    HPAGE_PAGES / 2), HPAGE_PAGES / 2);
	swap_slot_put(c[1], HPAGE_PAGES / 2);
	swap_slot_put(c[2], HPAGE_PAGES);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/*
 * A fork shares the 2 MiB swap leaf (512 references in one call); the
 * child cuts a page out of it (its swap leaf is split) and reads one
 * page back: a small folio now caches a slot of the range, so the
 * parent's fault cannot bring the 2 MiB back whole: it splits its swap
 * leaf too (thp_swpin_fallback), and reads every page intact.
 */
KTEST(thp_swapin_fallback_cached)
{
	uint64_t fallbacks = stat(VM_STAT_THP_SWPIN_FALLBACK);
	struct pmap_leaf leaf;
	struct thp_env env, child;
	uint64_t *w;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 9));
	KT_EQ(vm_madvise(env.map, env.va, PMD_SIZE, MADV_PAGEOUT), 0);
	KT_ASSERT(thp_env_fork(&child, &env));
	KT_EQ(kind_at(child.map, env.va, &leaf), PMAP_LEAF_SWAP_PMD);
	KT_EQ(swap_slot_count(leaf.swap), 2);
	KT_EQ(vm_munmap(child.map, env.va + 5 * P, P), 0);
	w = word(child.map, env.va + 6 * P, VM_PROT_READ);
	KT_ASSERT(w != NULL && *w == (9ULL << 32 | 6));
	KT_ASSERT(check_2m(env.map, env.va, 9));
	KT_EQ(stat(VM_STAT_THP_SWPIN_FALLBACK) - fallbacks, 1);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_PTE);
	thp_env_destroy(&child);
	thp_env_destroy(&env);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/*
 * swapoff brings a 2 MiB swap leaf back as a 2 MiB leaf, before anything
 * touches it (the test thread owns the map meanwhile, as swapoff finds
 * leaves through the processes).
 */
KTEST(thp_swapoff_whole)
{
	struct pmap_leaf leaf;
	struct thp_env env;
	int error;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 10));
	KT_EQ(vm_madvise(env.map, env.va, PMD_SIZE, MADV_PAGEOUT), 0);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_SWAP_PMD);
	curproc->p_map = env.map;
	error = swap_off("/dev/vda");
	curproc->p_map = NULL;
	KT_EQ(error, 0);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_PMD);
	KT_ASSERT(check_2m(env.map, env.va, 10));
	thp_env_destroy(&env);
}

/*
 * mprotect of the whole 2 MiB keeps the 2 MiB leaf; of half of it, splits
 * it; MADV_DONTNEED of a quarter frees those pages (they read zero).
 */
KTEST(thp_mprotect_dontneed)
{
	uint64_t splits = vm_stat_read(VM_STAT_THP_SPLIT_PAGE);
	struct pmap_leaf leaf;
	struct thp_env env;
	uint64_t *w;

	KT_ASSERT(thp_env_create(&env) && fill_2m(env.map, env.va, 7));
	KT_EQ(vm_mprotect(env.map, env.va, PMD_SIZE, PROT_READ), 0);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_PMD);
	KT_ASSERT(!(leaf.prot & VM_PROT_WRITE));
	KT_EQ(vm_stat_read(VM_STAT_THP_SPLIT_PAGE), splits);
	KT_EQ(vm_mprotect(env.map, env.va, PMD_SIZE / 2, RW), 0);
	KT_EQ(vm_stat_read(VM_STAT_THP_SPLIT_PAGE) - splits, 1);
	KT_EQ(kind_at(env.map, env.va, &leaf), PMAP_LEAF_PTE);
	KT_ASSERT(word(env.map, env.va + 3 * P, VM_PROT_WRITE) != NULL);
	KT_ASSERT(word(env.map, env.va + 300 * P, VM_PROT_WRITE) == NULL);
	KT_EQ(vm_madvise(env.map, env.va, PMD_SIZE / 4, MADV_DONTNEED), 0);
	for (size_t i = 0; i < HPAGE_PAGES; i++) {
		w = word(env.map, env.va + i * P, VM_PROT_READ);
		KT_ASSERT(w != NULL &&
		    *w == (i < HPAGE_PAGES / 4 ? 0 : (7ULL << 32 | i)));
	}
	thp_env_destroy(&env);
}
