/*
 * tests/ktest/vm_map.c: in-kernel tests of address-space maps (vm/vm_map.c)
 * over real pmaps, on the whole user range of the machine.
 *
 * The host tests (tests/host/test_vm_map.c) check the map's logic in depth
 * with recording hooks; these check the kernel build: real kmem zones, real
 * pmaps from pmap_create(), the machine's VM_MIN/MAX_USER_ADDRESS, and the
 * hooks the kernel links.  They map no page, so they hold whatever those
 * hooks become: a map never creates a page-table page by itself, and every
 * test leaves the free-page count as it found it (the runner checks).
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"

#define P		PAGE_SIZE
#define UMIN		VM_MIN_USER_ADDRESS
#define UMAX		VM_MAX_USER_ADDRESS
#define TEXT		0x400000UL
#define HEAP		0x1000000UL
#define STACK_PAGES	32

/* A process's layout: text, data, heap, a stack and its guard at the top. */
static int
insert_process_layout(struct vm_map *map)
{
	const vm_offset_t stack = UMAX - STACK_PAGES * P;
	int error;

	if ((error = vm_map_insert(map, TEXT, TEXT + 4 * P,
	    VM_PROT_READ | VM_PROT_EXECUTE, 0, "/bin/init")) != 0 ||
	    (error = vm_map_insert(map, TEXT + 4 * P, TEXT + 6 * P,
	    VM_PROT_RW, VM_ENTRY_ANON, "/bin/init")) != 0 ||
	    (error = vm_map_insert(map, HEAP, HEAP + 8 * P, VM_PROT_RW,
	    VM_ENTRY_ANON, "[heap]")) != 0 ||
	    (error = vm_map_insert(map, stack - P, stack, VM_PROT_NONE,
	    VM_ENTRY_GUARD | VM_ENTRY_STACK, "[stack guard]")) != 0)
		return error;
	return vm_map_insert(map, stack, UMAX, VM_PROT_RW,
	    VM_ENTRY_ANON | VM_ENTRY_STACK, "[stack]");
}

KTEST(vm_map_create_destroy)
{
	struct pmap *pmap = pmap_create();
	size_t entries = vm_map_entry_count(), maps = vm_map_count();
	size_t ptps;
	struct vm_map *map;

	KT_ASSERT(pmap != NULL);
	ptps = pmap_ptp_count(pmap);
	map = vm_map_create(pmap, UMIN, UMAX);
	KT_ASSERT(map != NULL);
	KT_EQ(vm_map_count(), maps + 1);
	KT_EQ(insert_process_layout(map), 0);
	KT_EQ(map->nentries, 5);
	KT_EQ(vm_map_entry_count(), entries + 5);
	KT_EQ(vm_map_lookup(map, TEXT)->prot, VM_PROT_READ | VM_PROT_EXECUTE);
	KT_EQ(vm_map_lookup(map, UMAX - 1)->flags,
	    VM_ENTRY_ANON | VM_ENTRY_STACK);
	KT_EQ(vm_map_lookup(map, UMAX - (STACK_PAGES + 1) * P)->flags,
	    VM_ENTRY_GUARD | VM_ENTRY_STACK);
	KT_ASSERT(vm_map_lookup(map, UMAX - (STACK_PAGES + 2) * P) == NULL);
	KT_ASSERT(vm_map_lookup(map, UMIN) == NULL);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	vm_map_destroy(map);
	KT_EQ(vm_map_entry_count(), entries);
	KT_EQ(vm_map_count(), maps);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	pmap_destroy(pmap);
}

/* mmap()s go top-down under the stack guard; 2 MiB ones 2 MiB aligned. */
KTEST(vm_map_find_space_user)
{
	const vm_offset_t guard = UMAX - (STACK_PAGES + 1) * P;
	struct pmap *pmap = pmap_create();
	struct vm_map *map;
	vm_offset_t va = 0;

	KT_ASSERT(pmap != NULL);
	map = vm_map_create(pmap, UMIN, UMAX);
	KT_ASSERT(map != NULL);
	KT_EQ(insert_process_layout(map), 0);
	KT_EQ(vm_map_find_space(map, 3 * P, 0, &va), 0);
	KT_EQ(va, guard - 3 * P);
	KT_EQ(vm_map_insert(map, va, va + 3 * P, VM_PROT_RW, VM_ENTRY_ANON,
	    NULL), 0);
	KT_EQ(vm_map_find_space(map, PMD_SIZE, 0, &va), 0);
	KT_EQ(va, rounddown2(guard - 3 * P, PMD_SIZE) - PMD_SIZE);
	KT_EQ(vm_map_find_space(map, 2 * P, HEAP + 8 * P, &va), 0);
	KT_EQ(va, HEAP + 8 * P);		/* a free hint: brk's way */
	KT_EQ(vm_map_find_space(map, 2 * P, HEAP, &va), 0);
	KT_EQ(va, guard - 5 * P);		/* taken: top-down */
	KT_EQ(vm_map_find_space(map, UMAX, 0, &va), -ENOMEM);
	vm_map_destroy(map);
	pmap_destroy(pmap);
}

/* munmap() and mprotect() semantics on the kernel build. */
KTEST(vm_map_remove_protect)
{
	struct pmap *pmap = pmap_create();
	struct vm_map_entry *entry;
	struct vm_map *map;
	size_t ptps;

	KT_ASSERT(pmap != NULL);
	ptps = pmap_ptp_count(pmap);
	map = vm_map_create(pmap, UMIN, UMAX);
	KT_ASSERT(map != NULL);
	KT_EQ(insert_process_layout(map), 0);
	KT_EQ(vm_map_remove(map, HEAP + 2 * P, HEAP + 4 * P), 0);
	KT_EQ(map->nentries, 6);
	KT_ASSERT(vm_map_lookup(map, HEAP + 3 * P) == NULL);
	KT_EQ(vm_map_protect(map, HEAP, HEAP + 8 * P, VM_PROT_READ), -ENOMEM);
	KT_EQ(vm_map_protect(map, TEXT, TEXT + P, VM_PROT_RW), 0);
	KT_EQ(vm_map_protect(map, UMAX - P, UMAX, VM_PROT_READ), 0);
	entry = vm_map_lookup(map, UMAX - P);
	KT_ASSERT(entry != NULL && entry->start == UMAX - P &&
	    entry->prot == VM_PROT_READ);
	KT_EQ(vm_map_protect(map, UMAX - (STACK_PAGES + 1) * P, UMAX,
	    VM_PROT_READ), -EACCES);	/* the guard */
	KT_EQ(vm_map_remove(map, UMIN, UMAX), 0);
	KT_EQ(map->nentries, 0);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	vm_map_destroy(map);
	pmap_destroy(pmap);
}

KTEST(vm_map_fork_real_pmaps)
{
	struct pmap *parent = pmap_create(), *child = pmap_create();
	struct vm_map *src = NULL, *dst = NULL;
	struct vm_map_entry *s, *d;

	KT_ASSERT(parent != NULL && child != NULL);
	src = vm_map_create(parent, UMIN, UMAX);
	dst = vm_map_create(child, UMIN, UMAX);
	KT_ASSERT(src != NULL && dst != NULL);
	KT_EQ(insert_process_layout(src), 0);
	KT_EQ(vm_map_fork(dst, src), 0);
	KT_EQ(dst->nentries, src->nentries);
	for (s = vm_map_first(src), d = vm_map_first(dst); s != NULL;
	    s = vm_map_next(src, s), d = vm_map_next(dst, d)) {
		KT_ASSERT(d != NULL && d->start == s->start &&
		    d->end == s->end && d->flags == s->flags &&
		    strcmp(d->name, s->name) == 0);
		KT_EQ((s->flags & VM_ENTRY_COW) != 0,
		    (s->flags & VM_ENTRY_ANON) != 0);	/* guard, text: no */
	}
	vm_map_destroy(dst);
	vm_map_destroy(src);
	pmap_destroy(child);
	pmap_destroy(parent);
}

/* Hundreds of entries span several slabs, and all of them go back. */
KTEST(vm_map_many_entries)
{
	enum { N = 600 };
	struct vm_map *map = vm_map_create(NULL, UMIN, UMAX);
	size_t entries = vm_map_entry_count();

	KT_ASSERT(map != NULL);
	for (vm_offset_t i = 0; i < N; i++)
		KT_EQ(vm_map_insert(map, HEAP + 2 * i * P,
		    HEAP + (2 * i + 1) * P, VM_PROT_RW, VM_ENTRY_ANON, NULL),
		    0);
	KT_EQ(vm_map_entry_count(), entries + N);
	KT_EQ(vm_map_lookup(map, HEAP + 2 * (N - 1) * P)->start,
	    HEAP + 2 * (N - 1) * P);
	KT_EQ(vm_map_remove(map, HEAP, HEAP + 2 * N * P), 0);
	KT_EQ(map->nentries, 0);
	KT_EQ(vm_map_entry_count(), entries);
	vm_map_destroy(map);
}

/* /proc/<pid>/maps lines through the kernel's own snprintf(). */
KTEST(vm_map_maps_line)
{
	struct vm_map *map = vm_map_create(NULL, UMIN, UMAX);
	char line[128];

	KT_ASSERT(map != NULL);
	KT_EQ(vm_map_insert(map, 0x7fff0000UL, 0x7fff2000UL, VM_PROT_RW,
	    VM_ENTRY_ANON, NULL), 0);
	KT_EQ(vm_map_entry_format(vm_map_first(map), line, sizeof(line)), 41);
	KT_ASSERT(strcmp(line, "7fff0000-7fff2000 rw-p 00000000 00:00 0 \n")
	    == 0);
	KT_EQ(vm_map_insert(map, 0x7fff3000UL, 0x7fff4000UL, VM_PROT_READ,
	    VM_ENTRY_ANON, "[stack]"), 0);
	KT_EQ(vm_map_entry_format(vm_map_lookup(map, 0x7fff3000UL), line,
	    sizeof(line)), 73 + 8);
	KT_ASSERT(strcmp(line + 73, "[stack]\n") == 0);
	vm_map_destroy(map);
}

/*
 * madvise()'s flags on the kernel build: cut at the edges, merged back
 * when the pieces match again, guards and holes left alone.
 */
KTEST(vm_map_set_flags_cut_merge)
{
	const unsigned huge = VM_ENTRY_ANON | VM_ENTRY_HUGE;
	const unsigned nohuge = VM_ENTRY_ANON | VM_ENTRY_NOHUGE;
	struct vm_map *map = vm_map_create(NULL, UMIN, UMAX);
	size_t entries = vm_map_entry_count();
	struct vm_map_entry *entry;

	KT_ASSERT(map != NULL);
	KT_EQ(vm_map_insert(map, HEAP, HEAP + 8 * P, VM_PROT_RW,
	    VM_ENTRY_ANON, NULL), 0);
	KT_EQ(vm_map_set_flags(map, HEAP + 2 * P, HEAP + 5 * P,
	    VM_ENTRY_HUGE, VM_ENTRY_NOHUGE), 0);
	KT_EQ(map->nentries, 3);
	entry = vm_map_lookup(map, HEAP + 2 * P);
	KT_ASSERT(entry->start == HEAP + 2 * P && entry->end == HEAP + 5 * P &&
	    entry->flags == huge);
	KT_EQ(vm_map_lookup(map, HEAP + P)->flags, VM_ENTRY_ANON);
	KT_EQ(vm_map_lookup(map, HEAP + 5 * P)->flags, VM_ENTRY_ANON);
	/* The whole range: one entry again; then the other way. */
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP + 8 * P, VM_ENTRY_HUGE,
	    VM_ENTRY_NOHUGE), 0);
	KT_EQ(map->nentries, 1);
	KT_EQ(vm_map_first(map)->flags, huge);
	KT_EQ(vm_map_set_flags(map, HEAP + 6 * P, HEAP + 8 * P,
	    VM_ENTRY_NOHUGE, VM_ENTRY_HUGE), 0);
	KT_EQ(map->nentries, 2);
	KT_EQ(vm_map_lookup(map, HEAP + 7 * P)->flags, nohuge);
	/* Across a hole and a guard: both skipped, the rest flagged. */
	KT_EQ(vm_map_insert(map, HEAP + 9 * P, HEAP + 10 * P, VM_PROT_NONE,
	    VM_ENTRY_GUARD, NULL), 0);
	KT_EQ(vm_map_insert(map, HEAP + 10 * P, HEAP + 12 * P, VM_PROT_RW,
	    VM_ENTRY_ANON, NULL), 0);
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP + 11 * P, 0,
	    VM_ENTRY_ADVICE_FLAGS), 0);
	KT_EQ(vm_map_first(map)->flags, VM_ENTRY_ANON);
	KT_EQ(vm_map_first(map)->end, HEAP + 8 * P);
	KT_EQ(vm_map_lookup(map, HEAP + 9 * P)->flags, VM_ENTRY_GUARD);
	KT_EQ(vm_map_lookup(map, HEAP + 10 * P)->flags, VM_ENTRY_ANON);
	KT_EQ(map->nentries, 3);
	/* Refused: both at once, a flag it may not touch, no range. */
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP + P, VM_ENTRY_ADVICE_FLAGS, 0),
	    -EINVAL);
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP + P, VM_ENTRY_HUGE, 0),
	    -EINVAL);
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP + P, VM_ENTRY_COW, 0),
	    -EINVAL);
	KT_EQ(vm_map_set_flags(map, HEAP, HEAP, VM_ENTRY_HUGE,
	    VM_ENTRY_NOHUGE), -EINVAL);
	KT_EQ(map->nentries, 3);
	vm_map_destroy(map);
	KT_EQ(vm_map_entry_count(), entries);
}
