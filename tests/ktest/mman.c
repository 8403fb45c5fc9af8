/*
 * tests/ktest/mman.c: in-kernel tests of the memory system calls
 * (kernel/sys_mman.c, prefix mman_) and the small ones (kernel/sys_misc.c,
 * prefix misc_).
 *
 * A test has no user process, so the memory calls are tested through
 * their internal functions (vm_mmap() and the rest) on a map of the
 * test's own, over a real pmap: pages are faulted in with vm_fault_map()
 * and read and written through the direct map, as a process would see
 * them.  Each test checks that every page comes back once its map and
 * pmap are destroyed.  The handlers themselves are called only for what
 * needs no user memory: their errno cases, with kernel addresses (which
 * copyin/copyout refuse) for bad pointers.
 */
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/sys_misc.h"
#include "kernel/sys_mman.h"
#include "vm/pmap.h"
#include "vm/thp.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"

#define P		PAGE_SIZE
#define UMIN		VM_MIN_USER_ADDRESS
#define UMAX		VM_MAX_USER_ADDRESS
#define BASE		0x10000000UL	/* the tests' hint */
#define HEAP		0x01000000UL
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define ANON_SHARED	(MAP_SHARED | MAP_ANONYMOUS)

/* A map of the whole user range over a new pmap. */
struct mman_env {
	struct pmap	*pmap;
	struct vm_map	*map;
	size_t		free_before;	/* before the pmap */
};

static bool
env_create(struct mman_env *env)
{
	env->free_before = vm_page_free_count();
	env->pmap = pmap_create();
	env->map = env->pmap != NULL ?
	    vm_map_create(env->pmap, UMIN, UMAX) : NULL;
	return env->map != NULL;
}

/* Destroy the map and the pmap; whether every page came back. */
static bool
env_destroy(struct mman_env *env)
{
	vm_map_destroy(env->map);
	pmap_destroy(env->pmap);
	return vm_page_free_count() == env->free_before;
}

/* Write byte at va as the owner would: a write fault, then the store. */
static int
poke(struct vm_map *map, vm_offset_t va, uint8_t byte)
{
	vm_paddr_t pa;
	int error;

	if ((error = vm_fault_map(map, va, VM_PROT_WRITE)) != 0)
		return error;
	if (!pmap_extract(map->pmap, va, &pa))
		return -EFAULT;
	*(volatile uint8_t *)PHYS_TO_DMAP(pa) = byte;
	return 0;
}

/* The byte at va, or -1 if no page is mapped there now. */
static int
peek(struct vm_map *map, vm_offset_t va)
{
	vm_paddr_t pa;

	if (!pmap_extract(map->pmap, va, &pa))
		return -1;
	return *(volatile uint8_t *)PHYS_TO_DMAP(pa);
}

/* Map npages at the hint BASE with prot and flags; the address or 0. */
static vm_offset_t
map_at_base(struct vm_map *map, size_t npages, int prot, int flags)
{
	vm_offset_t va;

	if (vm_mmap(map, BASE, npages * P, prot, flags, &va) != 0)
		return 0;
	return va;
}

/* Fill npages from va with byte; 0 or the first error. */
static int
poke_pages(struct vm_map *map, vm_offset_t va, size_t npages, uint8_t byte)
{
	int error;

	for (size_t i = 0; i < npages; i++)
		if ((error = poke(map, va + i * P, byte)) != 0)
			return error;
	return 0;
}

/* Call a system-call handler with up to four arguments. */
static long
call(syscall_fn fn, long a0, long a1, long a2, long a3)
{
	struct syscall_args args = { -1, { a0, a1, a2, a3, 0, 0 } };

	return fn(&args);
}

/* An address copyin() and copyout() refuse: in the kernel's half. */
static char kernel_byte;
#define KPTR	((long)&kernel_byte)

/*
 * mmap.
 */

/* A private mapping: rounded up, placed at the hint, demand filled. */
KTEST(mman_mmap_private)
{
	struct mman_env env;
	struct vm_map_entry *entry;
	size_t free_mapped;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	free_mapped = vm_page_free_count();
	KT_EQ(vm_mmap(env.map, BASE, 3 * P + 1, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(va, BASE);
	entry = vm_map_lookup(env.map, va);
	KT_ASSERT(entry != NULL && entry->start == va &&
	    entry->end == va + 4 * P);
	KT_EQ(entry->prot, VM_PROT_RW);
	KT_EQ(entry->flags, VM_ENTRY_ANON);
	KT_EQ(peek(env.map, va), -1);			/* nothing yet */
	KT_EQ(poke_pages(env.map, va, 4, 0xab), 0);
	KT_EQ(peek(env.map, va + 3 * P), 0xab);
	KT_EQ(peek(env.map, va + 3 * P + 17), 0);
	KT_EQ(vm_munmap(env.map, va, 4 * P), 0);
	KT_ASSERT(vm_map_lookup(env.map, va) == NULL);
	KT_EQ(vm_page_free_count(), free_mapped);	/* pages, tables */
	KT_ASSERT(env_destroy(&env));
}

/* What mmap() refuses, and that nothing is mapped when it does. */
KTEST(mman_mmap_errors)
{
	struct mman_env env;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	KT_EQ(vm_mmap(env.map, 0, 0, RW, ANON_PRIVATE, &va), -EINVAL);
	KT_EQ(vm_mmap(env.map, 0, P, RW, MAP_ANONYMOUS, &va), -EINVAL);
	KT_EQ(vm_mmap(env.map, 0, P, RW, 0x04 | MAP_ANONYMOUS, &va),
	    -EINVAL);
	KT_EQ(vm_mmap(env.map, BASE + 1, P, RW, ANON_PRIVATE | MAP_FIXED,
	    &va), -EINVAL);
	KT_EQ(vm_mmap(env.map, 0, P, RW, ANON_PRIVATE | MAP_FIXED, &va),
	    -EPERM);
	KT_EQ(vm_mmap(env.map, UMAX - P, 2 * P, RW, ANON_PRIVATE | MAP_FIXED,
	    &va), -ENOMEM);
	KT_EQ(vm_mmap(env.map, 0, UMAX, RW, ANON_PRIVATE, &va), -ENOMEM);
	KT_EQ(vm_mmap(env.map, 0, (size_t)-1, RW, ANON_PRIVATE, &va),
	    -ENOMEM);
	KT_EQ(vm_mmap(env.map, 0, P, RW, ANON_PRIVATE | MAP_HUGETLB, &va),
	    -ENOMEM);
	KT_EQ(env.map->nentries, 0);
	KT_EQ(mmap_source_check(MAP_PRIVATE, -1, 0), -EBADF);
	KT_EQ(mmap_source_check(MAP_PRIVATE, 3, 0), -ENODEV);
	KT_EQ(mmap_source_check(ANON_PRIVATE, -1, 100), -EINVAL);
	KT_EQ(mmap_source_check(ANON_PRIVATE, 7, 2 * P), 0);
	KT_EQ(call(sys_mmap, 0, P, RW, MAP_PRIVATE), -ENODEV);	/* fd 0 */
	KT_ASSERT(env_destroy(&env));
}

/* MAP_FIXED replaces (the old page is freed); NOREPLACE refuses. */
KTEST(mman_mmap_fixed)
{
	struct mman_env env;
	vm_offset_t va, res;

	KT_ASSERT(env_create(&env));
	res = map_at_base(env.map, 3, PROT_NONE, ANON_PRIVATE);
	KT_EQ(res, BASE);
	KT_EQ(vm_mmap(env.map, res + P, P, RW, ANON_PRIVATE | MAP_FIXED, &va),
	    0);
	KT_EQ(va, res + P);
	KT_EQ(env.map->nentries, 3);
	KT_EQ(vm_map_lookup(env.map, res)->prot, VM_PROT_NONE);
	KT_EQ(vm_map_lookup(env.map, res + P)->prot, VM_PROT_RW);
	KT_EQ(vm_map_lookup(env.map, res + 2 * P)->prot, VM_PROT_NONE);
	KT_EQ(poke(env.map, res + P, 0x77), 0);
	KT_EQ(vm_mmap(env.map, res + P, P, PROT_READ,
	    ANON_PRIVATE | MAP_FIXED, &va), 0);
	KT_EQ(peek(env.map, res + P), -1);		/* new and empty */
	KT_EQ(vm_map_lookup(env.map, res + P)->prot, VM_PROT_READ);
	KT_EQ(vm_mmap(env.map, res + 2 * P, 2 * P, RW,
	    ANON_PRIVATE | MAP_FIXED_NOREPLACE, &va), -EEXIST);
	KT_EQ(vm_map_lookup(env.map, res + 2 * P)->prot, VM_PROT_NONE);
	KT_EQ(vm_mmap(env.map, res + 3 * P, P, RW,
	    ANON_PRIVATE | MAP_FIXED_NOREPLACE, &va), 0);
	KT_EQ(va, res + 3 * P);
	KT_ASSERT(env_destroy(&env));
}

/* A hint is rounded up and used if free; otherwise mmap goes elsewhere. */
KTEST(mman_mmap_hint)
{
	struct mman_env env;
	vm_offset_t va, other;

	KT_ASSERT(env_create(&env));
	KT_EQ(vm_mmap(env.map, BASE + 1, 2 * P, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(va, BASE + P);
	KT_EQ(vm_mmap(env.map, BASE, 2 * P, RW, ANON_PRIVATE, &other), 0);
	KT_ASSERT(other + 2 * P <= va || other >= va + 2 * P);
	KT_EQ(other & PAGE_MASK, 0);
	KT_EQ(vm_mmap(env.map, 0, P, RW, ANON_PRIVATE, &va), 0);
	KT_ASSERT(va >= UMIN && va + P <= UMAX);
	KT_ASSERT(vm_map_lookup(env.map, va) != NULL);
	KT_ASSERT(env_destroy(&env));
}

/*
 * MAP_SHARED: every page exists at once, so a fork shares them, while a
 * private page is copied on write.
 */
KTEST(mman_mmap_shared_fork)
{
	struct mman_env parent, child;
	vm_offset_t shared, private;

	KT_ASSERT(env_create(&parent));
	shared = map_at_base(parent.map, 4, RW, ANON_SHARED);
	KT_ASSERT(shared != 0);
	KT_EQ(vm_map_lookup(parent.map, shared)->flags,
	    VM_ENTRY_ANON | VM_ENTRY_SHARED);
	for (int i = 0; i < 4; i++)
		KT_EQ(peek(parent.map, shared + i * P), 0);	/* present */
	KT_EQ(vm_mmap(parent.map, 0, P, RW, ANON_PRIVATE, &private), 0);
	KT_EQ(poke(parent.map, shared, 0x5a), 0);
	KT_EQ(poke(parent.map, private, 0x11), 0);
	KT_ASSERT(env_create(&child));
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(peek(child.map, shared), 0x5a);
	KT_EQ(poke(child.map, shared + 3 * P, 0x6b), 0);
	KT_EQ(peek(parent.map, shared + 3 * P), 0x6b);	/* shared */
	KT_EQ(poke(child.map, private, 0x22), 0);
	KT_EQ(peek(parent.map, private), 0x11);		/* copied */
	vm_map_destroy(child.map);
	pmap_destroy(child.pmap);
	KT_ASSERT(env_destroy(&parent));
}

/* A PROT_NONE shared mapping gets its pages when it gets rights. */
KTEST(mman_mmap_shared_none)
{
	struct mman_env env;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 2, PROT_NONE, ANON_SHARED);
	KT_ASSERT(va != 0);
	KT_EQ(peek(env.map, va), -1);
	KT_EQ(vm_mprotect(env.map, va, 2 * P, PROT_READ), 0);
	KT_EQ(peek(env.map, va), 0);
	KT_EQ(peek(env.map, va + P), 0);
	KT_EQ(vm_madvise(env.map, va, 2 * P, MADV_DONTNEED), 0);
	KT_EQ(peek(env.map, va + P), 0);		/* shared: kept */
	KT_EQ(vm_madvise(env.map, va, 2 * P, MADV_FREE), -EINVAL);
	KT_ASSERT(env_destroy(&env));
}

/*
 * munmap and mprotect.
 */

KTEST(mman_munmap)
{
	struct mman_env env;
	size_t free_full;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 4, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(poke_pages(env.map, va, 4, 0x11), 0);
	free_full = vm_page_free_count();
	KT_EQ(vm_munmap(env.map, va + P, 2 * P), 0);
	KT_EQ(vm_page_free_count(), free_full + 2);
	KT_ASSERT(vm_map_lookup(env.map, va + P) == NULL);
	KT_ASSERT(vm_map_lookup(env.map, va + 2 * P) == NULL);
	KT_EQ(peek(env.map, va), 0x11);
	KT_EQ(peek(env.map, va + 3 * P), 0x11);
	KT_EQ(env.map->nentries, 2);
	KT_EQ(vm_munmap(env.map, va + P, 2 * P), 0);	/* holes are fine */
	KT_EQ(vm_munmap(env.map, va + 1, P), -EINVAL);
	KT_EQ(vm_munmap(env.map, va, 0), -EINVAL);
	KT_EQ(vm_munmap(env.map, UMAX - P, 2 * P), -EINVAL);
	KT_EQ(vm_munmap(env.map, va, (size_t)-P), -EINVAL);
	KT_EQ(vm_munmap(env.map, va, 4 * P - 1), 0);	/* rounded up */
	KT_EQ(env.map->nentries, 0);
	KT_ASSERT(env_destroy(&env));
}

/* Rights change by page; contents stay; refused writes fault. */
KTEST(mman_mprotect)
{
	struct mman_env env;
	struct vm_map_entry *entry;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 2, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(poke_pages(env.map, va, 2, 0x42), 0);
	KT_EQ(vm_mprotect(env.map, va, P, PROT_READ), 0);
	entry = vm_map_lookup(env.map, va);
	KT_ASSERT(entry->prot == VM_PROT_READ && entry->end == va + P);
	KT_EQ(vm_fault_map(env.map, va, VM_PROT_WRITE), -EFAULT);
	KT_EQ(poke(env.map, va + P, 0x43), 0);		/* still RW */
	KT_EQ(vm_mprotect(env.map, va, 2 * P, PROT_NONE), 0);
	KT_EQ(vm_fault_map(env.map, va + P, VM_PROT_READ), -EFAULT);
	KT_EQ(vm_mprotect(env.map, va, 2 * P, RW | PROT_SEM), 0);
	KT_EQ(env.map->nentries, 1);			/* merged again */
	KT_EQ(peek(env.map, va), 0x42);
	KT_EQ(peek(env.map, va + P), 0x43);
	KT_EQ(poke(env.map, va, 0x44), 0);
	KT_ASSERT(env_destroy(&env));
}

KTEST(mman_mprotect_errors)
{
	struct mman_env env;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 2, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(vm_mprotect(env.map, va + 1, P, PROT_READ), -EINVAL);
	KT_EQ(vm_mprotect(env.map, va, 0, PROT_READ), 0);
	KT_EQ(vm_mprotect(env.map, va, P, 0x10), -EINVAL);
	KT_EQ(vm_mprotect(env.map, va, P, PROT_READ | PROT_GROWSDOWN),
	    -EINVAL);
	KT_EQ(vm_mprotect(env.map, va, 3 * P, PROT_READ), -ENOMEM);
	KT_EQ(vm_mprotect(env.map, va, (size_t)-P, PROT_READ), -ENOMEM);
	KT_EQ(vm_mprotect(env.map, UMAX - P, 2 * P, PROT_READ), -ENOMEM);
	KT_EQ(vm_map_lookup(env.map, va)->prot, VM_PROT_RW);	/* kept */
	KT_EQ(vm_map_insert_max(env.map, va + 4 * P, va + 5 * P, VM_PROT_READ,
	    VM_PROT_READ, VM_ENTRY_ANON, NULL), 0);
	KT_EQ(vm_mprotect(env.map, va + 4 * P, P, RW), -EACCES);
	KT_EQ(vm_map_insert(env.map, va + 5 * P, va + 6 * P, VM_PROT_NONE,
	    VM_ENTRY_GUARD, NULL), 0);
	KT_EQ(vm_mprotect(env.map, va + 5 * P, P, PROT_NONE), -ENOMEM);
	KT_ASSERT(env_destroy(&env));
}

/*
 * madvise.
 */

/* DONTNEED frees the pages now; the region stays and reads zeros. */
KTEST(mman_madvise_dontneed)
{
	struct mman_env env;
	size_t free_full;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 16, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(poke_pages(env.map, va, 16, 0x33), 0);
	free_full = vm_page_free_count();
	KT_EQ(vm_madvise(env.map, va + 4 * P, 8 * P, MADV_DONTNEED), 0);
	KT_EQ(vm_page_free_count(), free_full + 8);
	KT_EQ(env.map->nentries, 1);
	KT_EQ(peek(env.map, va + 3 * P), 0x33);
	KT_EQ(peek(env.map, va + 4 * P), -1);
	KT_EQ(peek(env.map, va + 11 * P), -1);
	KT_EQ(peek(env.map, va + 12 * P), 0x33);
	KT_EQ(vm_fault_map(env.map, va + 5 * P, VM_PROT_READ), 0);
	KT_EQ(peek(env.map, va + 5 * P), 0);		/* zero filled */
	KT_EQ(vm_madvise(env.map, va, P - 1, MADV_FREE), 0);
	KT_EQ(peek(env.map, va), -1);
	KT_ASSERT(env_destroy(&env));
}

KTEST(mman_madvise_errors)
{
	static const int hints[] = { MADV_NORMAL, MADV_RANDOM,
	    MADV_SEQUENTIAL, MADV_WILLNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
	    MADV_COLD, MADV_PAGEOUT };
	struct mman_env env;
	vm_offset_t va;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 2, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(poke_pages(env.map, va, 2, 0x55), 0);
	for (size_t i = 0; i < nitems(hints); i++)
		KT_EQ(vm_madvise(env.map, va, 2 * P, hints[i]), 0);
	KT_EQ(peek(env.map, va + P), 0x55);		/* still there */
	KT_EQ(vm_madvise(env.map, va + 1, P, MADV_DONTNEED), -EINVAL);
	KT_EQ(vm_madvise(env.map, va, P, 99), -EINVAL);
	KT_EQ(vm_madvise(env.map, va, 0, MADV_DONTNEED), 0);
	KT_EQ(vm_madvise(env.map, va, (size_t)-1, MADV_DONTNEED), -EINVAL);
	KT_EQ(vm_madvise(env.map, va + P, 2 * P, MADV_WILLNEED), -ENOMEM);
	/* A hole is -ENOMEM, but the mapped part is still released. */
	KT_EQ(vm_madvise(env.map, va + P, 2 * P, MADV_DONTNEED), -ENOMEM);
	KT_EQ(peek(env.map, va + P), -1);
	KT_EQ(peek(env.map, va), 0x55);
	KT_ASSERT(env_destroy(&env));
}

/* The flags of the entry at va (-1 if none), less ANON for brevity. */
static int
flags_at(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry = vm_map_lookup(map, va);

	return entry != NULL ? (int)(entry->flags & ~VM_ENTRY_ANON) : -1;
}

/*
 * HUGEPAGE and NOHUGEPAGE: the flag on the range's regions, cut at its
 * edges and merged back; the pages stay; a hole is -ENOMEM, but the
 * mapped part has its flag (Linux).
 */
KTEST(mman_madvise_hugepage)
{
	struct mman_env env;
	vm_offset_t va, shared;

	KT_ASSERT(env_create(&env));
	va = map_at_base(env.map, 16, RW, ANON_PRIVATE);
	KT_ASSERT(va != 0);
	KT_EQ(poke_pages(env.map, va, 16, 0x66), 0);
	KT_EQ(vm_madvise(env.map, va + 4 * P, 4 * P, MADV_HUGEPAGE), 0);
	KT_EQ(env.map->nentries, 3);
	KT_EQ(flags_at(env.map, va + 3 * P), 0);
	KT_EQ(flags_at(env.map, va + 4 * P), VM_ENTRY_HUGE);
	KT_EQ(flags_at(env.map, va + 7 * P), VM_ENTRY_HUGE);
	KT_EQ(flags_at(env.map, va + 8 * P), 0);
	KT_EQ(vm_map_lookup(env.map, va + 4 * P)->start, va + 4 * P);
	KT_EQ(vm_map_lookup(env.map, va + 4 * P)->end, va + 8 * P);
	/* NOHUGEPAGE on all of it clears HUGE: one region again. */
	KT_EQ(vm_madvise(env.map, va, 16 * P, MADV_NOHUGEPAGE), 0);
	KT_EQ(env.map->nentries, 1);
	KT_EQ(flags_at(env.map, va + 5 * P), VM_ENTRY_NOHUGE);
	for (size_t i = 0; i < 16; i++)
		KT_EQ(peek(env.map, va + i * P), 0x66);
	/* A hole above: -ENOMEM, and the mapped part changed all the same. */
	KT_EQ(vm_munmap(env.map, va + 15 * P, P), 0);
	KT_EQ(vm_madvise(env.map, va + 12 * P, 4 * P, MADV_HUGEPAGE),
	    -ENOMEM);
	KT_EQ(flags_at(env.map, va + 12 * P), VM_ENTRY_HUGE);
	KT_EQ(flags_at(env.map, va + 14 * P), VM_ENTRY_HUGE);
	KT_EQ(flags_at(env.map, va + 11 * P), VM_ENTRY_NOHUGE);
	KT_EQ(vm_madvise(env.map, va + 15 * P, P, MADV_HUGEPAGE), -ENOMEM);
	/* A shared region takes the flag too (the policy refuses it). */
	KT_EQ(vm_mmap(env.map, 0, 2 * P, RW, ANON_SHARED, &shared), 0);
	KT_EQ(vm_madvise(env.map, shared, 2 * P, MADV_HUGEPAGE), 0);
	KT_EQ(flags_at(env.map, shared), VM_ENTRY_SHARED | VM_ENTRY_HUGE);
	/* A guard gap is a hole, and keeps its flags. */
	KT_EQ(vm_map_insert(env.map, va + 16 * P, va + 17 * P, VM_PROT_NONE,
	    VM_ENTRY_GUARD, NULL), 0);
	KT_EQ(vm_madvise(env.map, va + 14 * P, 3 * P, MADV_NOHUGEPAGE),
	    -ENOMEM);
	KT_EQ(flags_at(env.map, va + 16 * P), VM_ENTRY_GUARD);
	KT_EQ(flags_at(env.map, va + 14 * P), VM_ENTRY_NOHUGE);
	KT_ASSERT(env_destroy(&env));
}

/* The kind of leaf at va of map. */
static enum pmap_leaf_kind
leaf_at(struct vm_map *map, vm_offset_t va)
{
	struct pmap_leaf leaf;

	return pmap_lookup(map->pmap, va, &leaf);
}

static void
hugepage_split_body(struct ktest_ctx *kt, struct mman_env *env)
{
	uint64_t splits = vm_stat_read(VM_STAT_THP_SPLIT_PAGE);
	vm_offset_t va, mid;

	KT_EQ(vm_mmap(env->map, BASE, 2 * PMD_SIZE, RW, ANON_PRIVATE, &va), 0);
	KT_EQ(va, BASE);			/* 2 MiB aligned */
	mid = va + PMD_SIZE;
	KT_EQ(vm_madvise(env->map, va, 2 * PMD_SIZE, MADV_HUGEPAGE), 0);
	KT_EQ(poke(env->map, va, 0x11), 0);
	KT_EQ(poke(env->map, mid, 0x22), 0);
	KT_EQ(leaf_at(env->map, va), PMAP_LEAF_PMD);
	KT_EQ(leaf_at(env->map, mid), PMAP_LEAF_PMD);
	/* The flag it has already: no cut, so no split. */
	KT_EQ(vm_madvise(env->map, va + P, P, MADV_HUGEPAGE), 0);
	KT_EQ(env->map->nentries, 1);
	KT_EQ(leaf_at(env->map, va), PMAP_LEAF_PMD);
	/* Edges on 2 MiB boundaries cut no leaf. */
	KT_EQ(vm_madvise(env->map, va, PMD_SIZE, MADV_NOHUGEPAGE), 0);
	KT_EQ(env->map->nentries, 2);
	KT_EQ(leaf_at(env->map, va), PMAP_LEAF_PMD);
	KT_EQ(vm_stat_read(VM_STAT_THP_SPLIT_PAGE), splits);
	/* A page inside the second: split first, then cut twice. */
	KT_EQ(vm_madvise(env->map, mid + P, P, MADV_NOHUGEPAGE), 0);
	KT_EQ(vm_stat_read(VM_STAT_THP_SPLIT_PAGE), splits + 1);
	KT_EQ(env->map->nentries, 4);
	KT_EQ(leaf_at(env->map, mid), PMAP_LEAF_PTE);
	KT_EQ(leaf_at(env->map, mid + P), PMAP_LEAF_PTE);
	KT_EQ(peek(env->map, mid), 0x22);
	KT_EQ(peek(env->map, mid + 2 * P), 0);
	KT_EQ(leaf_at(env->map, va), PMAP_LEAF_PMD);	/* untouched */
	KT_EQ(peek(env->map, va), 0x11);
}

/*
 * A 2 MiB page that an edge of the range cuts through is split first: a
 * region never ends inside one.  One the range covers whole, or whose
 * region keeps its flag, stays.
 */
KTEST(mman_madvise_hugepage_split)
{
	enum thp_mode mode = thp_mode_get();
	struct mman_env env;

	KT_ASSERT(env_create(&env));
	thp_mode_set(THP_MADVISE);
	hugepage_split_body(kt, &env);
	thp_mode_set(mode);
	KT_ASSERT(env_destroy(&env));
}

/*
 * brk.
 */

static void
set_break(struct vm_map *map, vm_offset_t base)
{
	vm_map_lock(map);
	map->brk_base = map->brk = base;
	vm_map_unlock(map);
}

/* The heap grows as one "[heap]" entry, shrinks, and keeps its limits. */
KTEST(mman_brk)
{
	struct mman_env env;
	struct vm_map_entry *heap;

	KT_ASSERT(env_create(&env));
	set_break(env.map, HEAP);
	KT_EQ(vm_brk(env.map, 0), HEAP);
	KT_EQ(vm_brk(env.map, HEAP + 3 * P + 5), HEAP + 3 * P + 5);
	KT_EQ(vm_brk(env.map, HEAP + 6 * P), HEAP + 6 * P);
	heap = vm_map_lookup(env.map, HEAP);
	KT_ASSERT(heap != NULL && heap->end == HEAP + 6 * P);
	KT_ASSERT(strcmp(heap->name, "[heap]") == 0);
	KT_EQ(heap->prot, VM_PROT_RW);
	KT_EQ(env.map->nentries, 1);
	KT_EQ(poke_pages(env.map, HEAP, 6, 0x99), 0);
	KT_EQ(vm_brk(env.map, HEAP + P), HEAP + P);
	KT_EQ(vm_map_lookup(env.map, HEAP)->end, HEAP + P);
	KT_EQ(peek(env.map, HEAP + P), -1);		/* freed */
	KT_EQ(vm_brk(env.map, HEAP - P), HEAP + P);	/* below the base */
	KT_EQ(vm_brk(env.map, UMAX + P), HEAP + P);
	KT_EQ(vm_map_insert(env.map, HEAP + 8 * P, HEAP + 9 * P, VM_PROT_RW,
	    VM_ENTRY_ANON, NULL), 0);
	KT_EQ(vm_brk(env.map, HEAP + 8 * P), HEAP + P);	/* a region */
	KT_EQ(vm_brk(env.map, HEAP + 7 * P + 1), HEAP + P);	/* no gap */
	KT_EQ(vm_brk(env.map, HEAP + 7 * P), HEAP + 7 * P);
	KT_EQ(peek(env.map, HEAP + 2 * P), -1);	/* grown: empty */
	KT_EQ(vm_brk(env.map, HEAP), HEAP);
	KT_ASSERT(vm_map_lookup(env.map, HEAP) == NULL);
	KT_EQ(env.map->nentries, 1);
	KT_ASSERT(env_destroy(&env));
}

/* The memory handlers in a kernel thread, which has no map. */
KTEST(mman_handlers_no_map)
{
	KT_ASSERT(curproc->p_map == NULL);
	KT_EQ(call(sys_brk, 0, 0, 0, 0), 0);
	KT_EQ(call(sys_mmap, 0, P, RW, ANON_PRIVATE), -ENOMEM);
	KT_EQ(call(sys_munmap, BASE, P, 0, 0), -EINVAL);
	KT_EQ(call(sys_mprotect, BASE, P, PROT_READ, 0), -ENOMEM);
	KT_EQ(call(sys_madvise, BASE, P, MADV_DONTNEED, 0), -ENOMEM);
}

/*
 * The small calls.
 */

KTEST(misc_clock)
{
	static const int clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
	    CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
	    CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME };
	struct timespec a, b;

	for (size_t i = 0; i < nitems(clocks); i++) {
		KT_EQ(clock_read(clocks[i], &a), 0);
		KT_ASSERT(a.tv_sec >= 0 && a.tv_nsec >= 0 &&
		    a.tv_nsec < NSEC_PER_SEC);
	}
	/* The coarse clocks count ticks; the others are finer. */
	KT_EQ(clock_read(CLOCK_MONOTONIC_COARSE, &a), 0);
	KT_EQ(a.tv_nsec % (NSEC_PER_SEC / HZ), 0);
	KT_EQ(clock_read(CLOCK_MONOTONIC, &a), 0);
	KT_EQ(clock_read(CLOCK_MONOTONIC, &b), 0);
	KT_ASSERT(b.tv_sec > a.tv_sec ||
	    (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	KT_EQ(clock_read(CLOCK_PROCESS_CPUTIME_ID, &a), -EINVAL);
	KT_EQ(clock_read(8, &a), -EINVAL);
	KT_EQ(clock_read(-1, &a), -EINVAL);
	KT_EQ(call(sys_clock_gettime, 12345, KPTR, 0, 0), -EINVAL);
	KT_EQ(call(sys_clock_gettime, CLOCK_MONOTONIC, KPTR, 0, 0), -EFAULT);
	KT_EQ(call(sys_clock_gettime, CLOCK_MONOTONIC, P, 0, 0), -EFAULT);
}

/* Sleeps round up to whole ticks, plus the one under way. */
KTEST(misc_sleep_ticks)
{
	const long tick = NSEC_PER_SEC / HZ;
	struct timespec ts = { 0, 0 };
	uint64_t n;

	KT_EQ(timespec_sleep_ticks(&ts, &n), 0);
	KT_EQ(n, 0);
	ts.tv_nsec = 1;
	KT_EQ(timespec_sleep_ticks(&ts, &n), 0);
	KT_EQ(n, 2);
	ts.tv_nsec = 2 * tick;
	KT_EQ(timespec_sleep_ticks(&ts, &n), 0);
	KT_EQ(n, 3);
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	KT_EQ(timespec_sleep_ticks(&ts, &n), 0);
	KT_EQ(n, HZ + 1);
	KT_EQ(timespec_deadline_ticks(&ts, &n), 0);
	KT_EQ(n, HZ);
	ts.tv_nsec = NSEC_PER_SEC;
	KT_EQ(timespec_sleep_ticks(&ts, &n), -EINVAL);
	ts.tv_nsec = -1;
	KT_EQ(timespec_deadline_ticks(&ts, &n), -EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	KT_EQ(timespec_sleep_ticks(&ts, &n), -EINVAL);
	ts.tv_sec = INT64_MAX;
	KT_EQ(timespec_sleep_ticks(&ts, &n), 0);	/* cut, no overflow */
	KT_ASSERT(n > (uint64_t)HZ * 365 * 24 * 3600);
	KT_EQ(call(sys_nanosleep, KPTR, 0, 0, 0), -EFAULT);
	KT_EQ(call(sys_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, KPTR, 0),
	    -EINVAL);
	KT_EQ(call(sys_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, KPTR,
	    0), -EFAULT);
}

KTEST(misc_uname)
{
	struct utsname name;

	memset(&name, 0xff, sizeof(name));
	utsname_fill(&name);
	KT_ASSERT(strcmp(name.sysname, "Pagoda") == 0);
	KT_ASSERT(strcmp(name.nodename, "pagoda") == 0);
	KT_ASSERT(strcmp(name.release, "0.1") == 0);
	KT_ASSERT(strcmp(name.version, "#1") == 0);
	KT_ASSERT(strcmp(name.domainname, "(none)") == 0);
	KT_ASSERT(strcmp(name.machine, machine_uname) == 0);
	KT_ASSERT(strcmp(MACHINE_ARCH, "amd64") == 0 ?
	    strcmp(name.machine, "x86_64") == 0 :
	    strcmp(name.machine, "aarch64") == 0);
	KT_EQ(name.domainname[UTSNAME_LENGTH - 1], 0);
	KT_EQ(sizeof(name), 6 * 65);
	KT_EQ(call(sys_uname, KPTR, 0, 0, 0), -EFAULT);
	KT_EQ(call(sys_uname, P, 0, 0, 0), -EFAULT);
}

KTEST(misc_prlimit)
{
	struct rlimit64 limit;

	KT_EQ(rlimit_get(RLIMIT_STACK, &limit), 0);
	KT_EQ(limit.rlim_cur, 8UL << 20);
	KT_EQ(limit.rlim_max, 8UL << 20);
	KT_EQ(rlimit_get(RLIMIT_NOFILE, &limit), 0);
	KT_EQ(limit.rlim_cur, 64);
	KT_EQ(rlimit_get(0, &limit), 0);
	KT_EQ(limit.rlim_max, RLIM_INFINITY);
	KT_EQ(rlimit_get(RLIM_NLIMITS, &limit), -EINVAL);
	KT_EQ(call(sys_prlimit64, 0, RLIMIT_STACK, 0, 0), 0);
	KT_EQ(call(sys_prlimit64, curproc->p_pid, RLIMIT_NOFILE, 0, 0), 0);
	KT_EQ(call(sys_prlimit64, 99999, RLIMIT_STACK, 0, 0), -ESRCH);
	KT_EQ(call(sys_prlimit64, 0, RLIM_NLIMITS, 0, 0), -EINVAL);
	KT_EQ(call(sys_prlimit64, 0, RLIMIT_STACK, 0, KPTR), -EFAULT);
	KT_EQ(call(sys_prlimit64, 0, RLIMIT_STACK, KPTR, 0), -EFAULT);
}

/* The signal stubs check their arguments as Linux does. */
KTEST(misc_signals)
{
	KT_EQ(call(sys_rt_sigprocmask, 0, 0, 0, 8), 0);
	KT_EQ(call(sys_rt_sigprocmask, 7, 0, 0, 8), 0);	/* no set */
	KT_EQ(call(sys_rt_sigprocmask, 0, 0, 0, 4), -EINVAL);
	KT_EQ(call(sys_rt_sigprocmask, 0, KPTR, 0, 8), -EFAULT);
	KT_EQ(call(sys_rt_sigprocmask, 2, 0, KPTR, 8), -EFAULT);
	KT_EQ(call(sys_rt_sigaction, 10, 0, 0, 8), 0);
	KT_EQ(call(sys_rt_sigaction, 0, 0, 0, 8), -EINVAL);
	KT_EQ(call(sys_rt_sigaction, 65, 0, 0, 8), -EINVAL);
	KT_EQ(call(sys_rt_sigaction, 10, 0, 0, 16), -EINVAL);
	KT_EQ(call(sys_rt_sigaction, 10, KPTR, 0, 8), -EFAULT);
	KT_EQ(call(sys_rt_sigaction, 10, 0, KPTR, 8), -EFAULT);
}

KTEST(misc_getrandom_ids)
{
	KT_EQ(call(sys_getrandom, KPTR, 16, 8, 0), -EINVAL);
	KT_EQ(call(sys_getrandom, KPTR, 16, 6, 0), -EINVAL);
	KT_EQ(call(sys_getrandom, KPTR, 0, 0, 0), 0);
	KT_EQ(call(sys_getrandom, KPTR, 16, 1, 0), -EFAULT);
	KT_EQ(call(sys_gettid, 0, 0, 0, 0), curproc->p_pid);
	KT_EQ(call(sys_set_tid_address, KPTR, 0, 0, 0), curproc->p_pid);
}

KTEST(misc_reboot)
{
	const uint32_t m1 = LINUX_REBOOT_MAGIC1, m2 = LINUX_REBOOT_MAGIC2;

	KT_EQ(reboot_action(m1, m2, LINUX_REBOOT_CMD_POWER_OFF),
	    REBOOT_POWER_OFF);
	KT_EQ(reboot_action(m1, LINUX_REBOOT_MAGIC2C,
	    LINUX_REBOOT_CMD_RESTART), REBOOT_RESTART);
	KT_EQ(reboot_action(m1, m2, LINUX_REBOOT_CMD_RESTART2),
	    REBOOT_RESTART);
	KT_EQ(reboot_action(m1, m2, LINUX_REBOOT_CMD_HALT), REBOOT_HALT);
	KT_EQ(reboot_action(m1, m2, LINUX_REBOOT_CMD_CAD_ON), REBOOT_NOTHING);
	KT_EQ(reboot_action(m1, m2, 0x12345678), -EINVAL);
	KT_EQ(reboot_action(m1 + 1, m2, LINUX_REBOOT_CMD_POWER_OFF), -EINVAL);
	KT_EQ(reboot_action(m1, m2 + 1, LINUX_REBOOT_CMD_POWER_OFF), -EINVAL);
	KT_EQ(call(sys_reboot, 0, m2, LINUX_REBOOT_CMD_POWER_OFF, 0), -EINVAL);
	KT_EQ(call(sys_reboot, m1, m2, LINUX_REBOOT_CMD_CAD_OFF, 0), 0);
}
