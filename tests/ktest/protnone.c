/*
 * tests/ktest/protnone.c: in-kernel tests of mprotect(PROT_NONE) at the VM
 * level: the protect hook makes PROT_NONE leaves (vm/pmap.h), which keep
 * their pages and references through mprotect(), fork and munmap, and the
 * fault path gives rights back without opening copy-on-write pages.
 *
 * Like tests/ktest/mman.c, each test works on a map of its own over a real
 * pmap, through the internal vm_mprotect() and vm_fault_map(), reads and
 * writes pages through the direct map, and checks that every page comes
 * back once its maps are destroyed.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/sys_mman.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"

#define P		PAGE_SIZE
#define BASE		0x10000000UL	/* the tests' hint */
#define NPAGES		4
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED	(MAP_SHARED | MAP_ANONYMOUS)

/* A map of the whole user range over a new pmap. */
struct pn_env {
	struct pmap	*pmap;
	struct vm_map	*map;
};

static bool
pn_create(struct pn_env *env)
{
	env->pmap = pmap_create();
	env->map = env->pmap != NULL ? vm_map_create(env->pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) : NULL;
	return env->map != NULL;
}

static void
pn_destroy(struct pn_env *env)
{
	vm_map_destroy(env->map);
	pmap_destroy(env->pmap);
}

/* The word i of page va (any leaf that maps a page), through the DMAP. */
static volatile uint64_t *
pn_word(struct vm_map *map, vm_offset_t va, size_t i)
{
	struct pmap_leaf leaf;

	if (pmap_lookup(map->pmap, va, &leaf) != PMAP_LEAF_PTE)
		return NULL;
	return (volatile uint64_t *)PHYS_TO_DMAP(leaf.pa) + i;
}

/* A recognisable word i of page number page. */
static uint64_t
pn_pattern(size_t page, size_t i)
{
	return 0xa5a5000000000000ULL ^ (page << 32) ^ i;
}

/* Write the pattern over npages from va, as the owner would. */
static int
pn_fill(struct vm_map *map, vm_offset_t va, size_t npages)
{
	int error;

	for (size_t pg = 0; pg < npages; pg++) {
		error = vm_fault_map(map, va + pg * P, VM_PROT_WRITE);
		if (error != 0)
			return error;
		for (size_t i = 0; i < P / 8; i++)
			*pn_word(map, va + pg * P, i) = pn_pattern(pg, i);
	}
	return 0;
}

/* Does every page of the npages from va hold its pattern? */
static bool
pn_intact(struct vm_map *map, vm_offset_t va, size_t npages)
{
	for (size_t pg = 0; pg < npages; pg++)
		for (size_t i = 0; i < P / 8; i++)
			if (pn_word(map, va + pg * P, i) == NULL ||
			    *pn_word(map, va + pg * P, i) != pn_pattern(pg, i))
				return false;
	return true;
}

/* The page the leaf at va maps (0 if none), its rights in *prot. */
static vm_paddr_t
pn_leaf(struct vm_map *map, vm_offset_t va, vm_prot_t *prot)
{
	struct pmap_leaf leaf;

	*prot = VM_PROT_NONE;
	if (pmap_lookup(map->pmap, va, &leaf) != PMAP_LEAF_PTE)
		return 0;
	*prot = leaf.prot;
	return leaf.pa;
}

/* The page at va: its reference count (0 if no leaf maps one). */
static int
pn_refs(struct vm_map *map, vm_offset_t va)
{
	vm_prot_t prot;
	vm_paddr_t pa = pn_leaf(map, va, &prot);

	return pa != 0 ? PHYS_TO_VM_PAGE(pa)->ref_count : 0;
}

/*
 * The round trip: write, PROT_NONE, PROT_READ|PROT_WRITE, read.  No access
 * gets through meanwhile, no page is copied, allocated or lost.
 */
KTEST(protnone_round_trip)
{
	size_t free_start = vm_page_free_count(), free_mapped;
	vm_paddr_t pa[NPAGES];
	struct pn_env env;
	vm_prot_t prot;
	vm_offset_t va;

	KT_ASSERT(pn_create(&env));
	KT_EQ(vm_mmap(env.map, BASE, NPAGES * P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(pn_fill(env.map, va, NPAGES), 0);
	for (size_t pg = 0; pg < NPAGES; pg++)
		pa[pg] = pn_leaf(env.map, va + pg * P, &prot);
	free_mapped = vm_page_free_count();
	KT_EQ(vm_mprotect(env.map, va, NPAGES * P, PROT_NONE), 0);
	for (size_t pg = 0; pg < NPAGES; pg++) {
		KT_EQ(pn_leaf(env.map, va + pg * P, &prot), pa[pg]);
		KT_EQ(prot, VM_PROT_NONE);
		KT_EQ(vm_fault_map(env.map, va + pg * P, VM_PROT_READ),
		    -EFAULT);
		KT_EQ(vm_fault_map(env.map, va + pg * P, VM_PROT_WRITE),
		    -EFAULT);
	}
	KT_EQ(vm_page_free_count(), free_mapped);
	KT_EQ(vm_mprotect(env.map, va, NPAGES * P, RW), 0);
	for (size_t pg = 0; pg < NPAGES; pg++) {
		KT_EQ(vm_fault_map(env.map, va + pg * P, VM_PROT_WRITE), 0);
		KT_EQ(pn_leaf(env.map, va + pg * P, &prot), pa[pg]);
		KT_EQ(prot & VM_PROT_RW, VM_PROT_RW);
	}
	KT_ASSERT(pn_intact(env.map, va, NPAGES));
	KT_EQ(vm_page_free_count(), free_mapped);
	pn_destroy(&env);
	KT_EQ(vm_page_free_count(), free_start);
}

/* munmap() of PROT_NONE pages frees them: the leaves held references. */
KTEST(protnone_munmap)
{
	size_t free_start = vm_page_free_count(), free_mapped;
	struct pn_env env;
	vm_offset_t va;

	KT_ASSERT(pn_create(&env));
	KT_EQ(vm_mmap(env.map, BASE, NPAGES * P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(pn_fill(env.map, va, NPAGES), 0);
	KT_EQ(vm_mprotect(env.map, va + P, 2 * P, PROT_NONE), 0);
	free_mapped = vm_page_free_count();
	KT_EQ(vm_munmap(env.map, va + P, 2 * P), 0);
	KT_EQ(vm_page_free_count(), free_mapped + 2);
	KT_EQ(vm_mprotect(env.map, va, P, PROT_NONE), 0);
	pn_destroy(&env);			/* one PROT_NONE page left */
	KT_EQ(vm_page_free_count(), free_start);
}

/*
 * Fork copies PROT_NONE leaves: the child shares the page, inaccessible;
 * given rights back, a read does not open it for writing, and the first
 * write copies it.
 */
KTEST(protnone_fork)
{
	size_t free_start = vm_page_free_count();
	struct pn_env parent, child;
	vm_paddr_t pa, cpa;
	vm_prot_t prot;
	vm_offset_t va;

	KT_ASSERT(pn_create(&parent));
	KT_EQ(vm_mmap(parent.map, BASE, 2 * P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(pn_fill(parent.map, va, 2), 0);
	pa = pn_leaf(parent.map, va, &prot);
	KT_EQ(vm_mprotect(parent.map, va, 2 * P, PROT_NONE), 0);
	KT_ASSERT(pn_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(pn_leaf(child.map, va, &prot), pa);
	KT_EQ(prot, VM_PROT_NONE);
	KT_EQ(pn_refs(child.map, va), 2);
	KT_EQ(vm_fault_map(child.map, va, VM_PROT_READ), -EFAULT);
	/* Rights back in the child: readable, not writable, still shared. */
	KT_EQ(vm_mprotect(child.map, va, 2 * P, RW), 0);
	KT_EQ(vm_fault_map(child.map, va, VM_PROT_READ), 0);
	KT_EQ(pn_leaf(child.map, va, &prot), pa);
	KT_EQ(prot & VM_PROT_WRITE, 0);
	KT_ASSERT(pn_intact(child.map, va, 2));
	/* The child's write copies; the parent's page stays as it was. */
	KT_EQ(vm_fault_map(child.map, va, VM_PROT_WRITE), 0);
	cpa = pn_leaf(child.map, va, &prot);
	KT_ASSERT(cpa != pa && cpa != 0);
	*pn_word(child.map, va, 0) = 0x77;
	KT_EQ(*pn_word(parent.map, va, 0), pn_pattern(0, 0));
	KT_EQ(pn_refs(parent.map, va), 1);
	/* The parent, last user of its page, writes without a copy. */
	KT_EQ(vm_mprotect(parent.map, va, 2 * P, RW), 0);
	KT_EQ(vm_fault_map(parent.map, va, VM_PROT_WRITE), 0);
	KT_EQ(pn_leaf(parent.map, va, &prot), pa);
	KT_ASSERT(pn_intact(parent.map, va, 2));
	pn_destroy(&child);
	pn_destroy(&parent);
	KT_EQ(vm_page_free_count(), free_start);
}

/* A read fault on a copy-on-write page grants read, never write. */
KTEST(protnone_read_fault_keeps_cow)
{
	size_t free_start = vm_page_free_count();
	struct pn_env parent, child;
	vm_paddr_t pa;
	vm_prot_t prot;
	vm_offset_t va;

	KT_ASSERT(pn_create(&parent));
	KT_EQ(vm_mmap(parent.map, BASE, P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(pn_fill(parent.map, va, 1), 0);
	pa = pn_leaf(parent.map, va, &prot);
	KT_ASSERT(pn_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(vm_fault_map(child.map, va, VM_PROT_READ), 0);
	KT_EQ(vm_fault_map(parent.map, va, VM_PROT_READ), 0);
	KT_EQ(pn_leaf(child.map, va, &prot), pa);
	KT_EQ(prot & VM_PROT_WRITE, 0);
	KT_EQ(pn_leaf(parent.map, va, &prot), pa);
	KT_EQ(prot & VM_PROT_WRITE, 0);
	pn_destroy(&child);
	/* The parent alone now: a read may give it everything. */
	KT_EQ(vm_fault_map(parent.map, va, VM_PROT_READ), 0);
	KT_EQ(pn_leaf(parent.map, va, &prot), pa);
	KT_EQ(prot & VM_PROT_RW, VM_PROT_RW);
	pn_destroy(&parent);
	KT_EQ(vm_page_free_count(), free_start);
}

/*
 * A shared mapping made PROT_NONE before a fork is still shared when both
 * sides give it rights back: its write faults never copy.
 */
KTEST(protnone_shared_fork)
{
	size_t free_start = vm_page_free_count();
	struct pn_env parent, child;
	vm_offset_t va;

	KT_ASSERT(pn_create(&parent));
	KT_EQ(vm_mmap(parent.map, BASE, 2 * P, RW, ANON_SHARED, &va), 0);
	KT_EQ(pn_fill(parent.map, va, 2), 0);
	KT_EQ(vm_mprotect(parent.map, va, 2 * P, PROT_NONE), 0);
	KT_ASSERT(pn_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(vm_mprotect(parent.map, va, 2 * P, RW), 0);
	KT_EQ(vm_mprotect(child.map, va, 2 * P, PROT_WRITE), 0);
	KT_EQ(vm_fault_map(child.map, va + P, VM_PROT_WRITE), 0);
	KT_EQ(vm_fault_map(parent.map, va + P, VM_PROT_WRITE), 0);
	*pn_word(child.map, va + P, 3) = 0x5a5a;
	KT_EQ(*pn_word(parent.map, va + P, 3), 0x5a5a);
	KT_EQ(pn_refs(parent.map, va + P), 2);
	pn_destroy(&child);
	pn_destroy(&parent);
	KT_EQ(vm_page_free_count(), free_start);
}

/*
 * pv lists at the VM level: after fork every private page is mapped by
 * both maps (two leaves on its pv list); a copy-on-write fault moves the
 * child's leaf to its copy.
 */
KTEST(pmap_pv_fork)
{
	size_t free_start = vm_page_free_count();
	struct pn_env parent, child;
	struct vm_page *m, *cm;
	vm_prot_t prot;
	vm_offset_t va;
	int twice = 0;

	KT_ASSERT(pn_create(&parent));
	KT_EQ(vm_mmap(parent.map, BASE, NPAGES * P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(pn_fill(parent.map, va, NPAGES), 0);
	KT_ASSERT(pn_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	for (size_t pg = 0; pg < NPAGES; pg++) {
		m = PHYS_TO_VM_PAGE(pn_leaf(parent.map, va + pg * P, &prot));
		if (pmap_page_mappings(m) == 2)
			twice++;
	}
	KT_EQ(twice, NPAGES);
	m = PHYS_TO_VM_PAGE(pn_leaf(parent.map, va, &prot));
	KT_EQ(vm_fault_map(child.map, va, VM_PROT_WRITE), 0);
	cm = PHYS_TO_VM_PAGE(pn_leaf(child.map, va, &prot));
	KT_ASSERT(cm != m);
	KT_EQ(pmap_page_mappings(m), 1);
	KT_EQ(pmap_page_mappings(cm), 1);
	pn_destroy(&child);
	KT_EQ(pmap_page_mappings(m), 1);
	pn_destroy(&parent);
	KT_EQ(vm_page_free_count(), free_start);
}
