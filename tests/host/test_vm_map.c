/*
 * test_vm_map.c: host tests of the address-space map (vm/vm_map.c) on the
 * real vm/kmem.c, vm/vm_page.c and vm/vm_phys.c.
 *
 * vm_map.c reaches pages only through three hooks (vm_map.h).  Here they
 * are recording stubs: every call is written down with its range, its
 * rights and whether the map lock was held, and the tests check that each
 * range is released exactly once, that cuts fall where they should, and
 * that refused operations call nothing.  No pmap is needed: vm_map.c never
 * calls one (the map's pmap pointer is a dummy).
 *
 * The fake machine is test_kmem.c's: a host buffer as physical memory, so
 * that the kmem zones maps and entries come from are the real ones, and
 * every test ends by checking that no map or entry is left and every page
 * is free again.  vm_map_random checks the map against a model, one record
 * per page, over thousands of random operations; a failure prints the seed.
 */
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel/errno.h"
#include "vm/kmem.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define NPAGES		2048		/* 8 MiB of fake memory */
#define P		PAGE_SIZE
#define MAP_MIN		0x100000UL	/* the usual test map: 1 MiB ... */
#define MAP_MAX		0x40000000UL	/* ... to 1 GiB */
#define A		0x200000UL	/* where most tests put things */
#define R		VM_PROT_READ
#define RW		VM_PROT_RW
#define RX		(VM_PROT_READ | VM_PROT_EXECUTE)
#define ANON		VM_ENTRY_ANON

/* Dummy pmaps: vm_map.c only stores the pointer and hands it to hooks. */
static char fake_pmap_store[2];
#define FAKE_PMAP	((struct pmap *)(void *)&fake_pmap_store[0])
#define FAKE_PMAP2	((struct pmap *)(void *)&fake_pmap_store[1])

static size_t free_baseline;		/* free frames once the zones exist */

/*
 * Recording hooks.
 */

enum hook_kind { HOOK_RELEASE, HOOK_COPY, HOOK_PROTECT };

struct hook_call {
	enum hook_kind	kind;
	struct vm_map	*map;		/* copy: dst */
	struct vm_map	*src;		/* copy only */
	vm_offset_t	start, end;
	vm_prot_t	prot;		/* protect: the new rights */
	unsigned	flags;		/* copy: the entry's flags then */
	bool		locked;		/* the map lock (both for copy) held */
};

#define MAX_CALLS	1024
static struct hook_call calls[MAX_CALLS];
static int ncalls;
static bool calls_overflowed;
static int copy_fail_at = -1;		/* the copy call to fail (0 first) */
static int protect_fail_at = -1;	/* the protect call to fail */
static int ncopies, nprotects;

static void
calls_reset(void)
{
	ncalls = 0;
	calls_overflowed = false;
}

static void
record(enum hook_kind kind, struct vm_map *map, struct vm_map *src,
    vm_offset_t start, vm_offset_t end, vm_prot_t prot, unsigned flags)
{
	bool locked = spin_held(&map->lock) &&
	    (src == NULL || spin_held(&src->lock));

	if (ncalls == MAX_CALLS) {
		calls_overflowed = true;
		return;
	}
	calls[ncalls++] = (struct hook_call){ kind, map, src, start, end,
	    prot, flags, locked };
}

int
vm_map_split_range(struct vm_map *map __unused, vm_offset_t start __unused,
    vm_offset_t end __unused)
{
	return 0;		/* no leaves on the host */
}

void
vm_map_release_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	record(HOOK_RELEASE, map, NULL, start, end, 0, 0);
}

int
vm_map_copy_range(struct vm_map *dst, struct vm_map *src,
    struct vm_map_entry *entry)
{
	record(HOOK_COPY, dst, src, entry->start, entry->end, entry->prot,
	    entry->flags);
	return ncopies++ == copy_fail_at ? -ENOMEM : 0;
}

int
vm_map_protect_range(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	record(HOOK_PROTECT, map, NULL, start, end, prot, 0);
	return nprotects++ == protect_fail_at ? -ENOMEM : 0;
}

/*
 * The fake machine, and checks.
 */

/* test_kmem.c's machine: NPAGES free frames, fresh kmem and vm_map. */
static void
machine_setup(void)
{
	host_machine_setup(NPAGES);
	vm_map_init();		/* the zones take a slab for themselves */
	free_baseline = vm_phys_free_count();
	calls_reset();
	copy_fail_at = protect_fail_at = -1;
	ncopies = nprotects = 0;
}

/* A fresh machine and an empty map of [MAP_MIN, MAP_MAX). */
static struct vm_map *
setup(void)
{
	machine_setup();
	return vm_map_create(FAKE_PMAP, MAP_MIN, MAP_MAX);
}

/* Destroy map (if any) and check that nothing is left anywhere. */
#define FINISH(map) do {						\
	if ((map) != NULL)						\
		vm_map_destroy(map);					\
	HT_EQ(vm_map_entry_count(), 0);					\
	HT_EQ(vm_map_count(), 0);					\
	HT_EQ(vm_phys_free_count(), free_baseline);			\
} while (0)

/* What an entry should be; name NULL: any. */
struct want {
	vm_offset_t	start, end;
	vm_prot_t	prot;
	unsigned	flags;
	const char	*name;
};

/* Whether map's entries are exactly w[0 .. n), in order. */
static bool
map_is(struct host_ctx *ht, int line, struct vm_map *map,
    const struct want *w, size_t n)
{
	struct vm_map_entry *e = vm_map_first(map);

	if (map->nentries != n) {
		host_fail(ht, __FILE__, line, "%u entries, want %zu",
		    map->nentries, n);
		return false;
	}
	for (size_t i = 0; i < n; i++, e = vm_map_next(map, e)) {
		if (e == NULL || e->start != w[i].start || e->end != w[i].end ||
		    e->prot != w[i].prot || e->flags != w[i].flags ||
		    (w[i].name != NULL && strcmp(e->name, w[i].name) != 0)) {
			host_fail(ht, __FILE__, line, "entry %zu: [%#lx, %#lx) "
			    "prot %#x flags %#x \"%s\", want [%#lx, %#lx) "
			    "prot %#x flags %#x", i, e ? e->start : 0,
			    e ? e->end : 0, e ? e->prot : 0, e ? e->flags : 0,
			    e ? e->name : "", w[i].start, w[i].end,
			    w[i].prot, w[i].flags);
			return false;
		}
	}
	return true;
}

#define MAP_IS(map, ...) do {						\
	const struct want want_[] = { __VA_ARGS__ };			\
	if (!map_is(ht, __LINE__, (map), want_, nitems(want_)))		\
		return;							\
} while (0)

/* Whether the recorded calls are exactly w[0 .. n), all under the lock. */
static bool
calls_are(struct host_ctx *ht, int line, const struct hook_call *w, size_t n)
{
	if (calls_overflowed || (size_t)ncalls != n) {
		host_fail(ht, __FILE__, line, "%d hook calls, want %zu",
		    ncalls, n);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const struct hook_call *c = &calls[i];

		if (c->kind != w[i].kind || c->map != w[i].map ||
		    c->start != w[i].start || c->end != w[i].end ||
		    (c->kind == HOOK_PROTECT && c->prot != w[i].prot) ||
		    (c->kind == HOOK_COPY && (c->src != w[i].src ||
		    c->flags != w[i].flags)) || !c->locked) {
			host_fail(ht, __FILE__, line, "call %zu: kind %d "
			    "[%#lx, %#lx) prot %#x flags %#x locked %d, want "
			    "kind %d [%#lx, %#lx) prot %#x flags %#x", i,
			    c->kind, c->start, c->end, c->prot, c->flags,
			    c->locked, w[i].kind, w[i].start, w[i].end,
			    w[i].prot, w[i].flags);
			return false;
		}
	}
	return true;
}

#define CALLS_ARE(...) do {						\
	const struct hook_call wantc_[] = { __VA_ARGS__ };		\
	if (!calls_are(ht, __LINE__, wantc_, nitems(wantc_)))		\
		return;							\
	calls_reset();							\
} while (0)

#define NO_CALLS() do {							\
	if (!calls_are(ht, __LINE__, NULL, 0))				\
		return;							\
} while (0)

/*
 * Take every free frame (into m[], counted in *n), then use up the entry
 * slab with one-page entries at base, base + 2P, ...: the next entry
 * allocation fails.  Returns the number of entries inserted.
 */
static int
exhaust_memory(struct vm_map *map, vm_offset_t base, struct vm_page **m,
    size_t *n)
{
	int i;

	for (*n = 0; (m[*n] = vm_page_alloc(0, 0)) != NULL; (*n)++)
		;
	for (i = 0; vm_map_insert(map, base + 2 * i * P,
	    base + (2 * i + 1) * P, RW, ANON, "") == 0; i++)
		;
	return i;
}

static void
give_back_memory(struct vm_page **m, size_t n)
{
	while (n > 0)
		vm_page_free(m[--n]);
}

#define RELEASE(m, s, e)	{ HOOK_RELEASE, (m), NULL, (s), (e), 0, 0, 1 }
#define PROTECT(m, s, e, p)	{ HOOK_PROTECT, (m), NULL, (s), (e), (p), 0, 1 }
#define COPY(d, sm, s, e, f)	{ HOOK_COPY, (d), (sm), (s), (e), 0, (f), 1 }

/*
 * Insert and lookup.
 */

HOST_TEST(vm_map_insert_lookup)
{
	struct vm_map *map = setup();
	struct vm_map_entry *e;

	HT_ASSERT(map != NULL);
	HT_ASSERT(map->pmap == FAKE_PMAP);
	HT_ASSERT(vm_map_first(map) == NULL);
	HT_ASSERT(vm_map_lookup(map, A) == NULL);
	HT_EQ(vm_map_insert(map, A, A + 3 * P, RW, ANON | VM_ENTRY_HUGE,
	    "mid"), 0);
	HT_EQ(vm_map_insert(map, MAP_MIN, MAP_MIN + 2 * P, R, ANON, "low"), 0);
	HT_EQ(vm_map_insert(map, MAP_MAX - P, MAP_MAX, RX, 0, "top"), 0);
	/* Each edge: the first and last byte in, the bytes around out. */
	e = vm_map_lookup(map, A);
	HT_ASSERT(e != NULL && e->start == A && e->end == A + 3 * P);
	HT_EQ(e->prot, RW);
	HT_EQ(e->max_prot, VM_PROT_ALL);
	HT_EQ(e->flags, ANON | VM_ENTRY_HUGE);
	HT_ASSERT(strcmp(e->name, "mid") == 0);
	HT_ASSERT(vm_map_lookup(map, A + 3 * P - 1) == e);
	HT_ASSERT(vm_map_lookup(map, A + 3 * P) == NULL);
	HT_ASSERT(vm_map_lookup(map, A - 1) == NULL);
	HT_ASSERT(vm_map_lookup(map, MAP_MIN)->start == MAP_MIN);
	HT_ASSERT(vm_map_lookup(map, MAP_MIN - 1) == NULL);
	HT_ASSERT(vm_map_lookup(map, MAP_MAX - 1)->end == MAP_MAX);
	HT_ASSERT(vm_map_lookup(map, MAP_MAX) == NULL);
	HT_ASSERT(vm_map_lookup(map, 0) == NULL);
	HT_ASSERT(vm_map_lookup(map, ~0UL) == NULL);
	/* The iterator goes up in address order. */
	MAP_IS(map, { MAP_MIN, MAP_MIN + 2 * P, R, ANON, "low" },
	    { A, A + 3 * P, RW, ANON | VM_ENTRY_HUGE, "mid" },
	    { MAP_MAX - P, MAP_MAX, RX, 0, "top" });
	HT_EQ(vm_map_entry_count(), 3);
	NO_CALLS();
	FINISH(map);
}

HOST_TEST(vm_map_insert_errors)
{
	static const char long_name[] =
	    "/a/very/long/path/that/does/not/fit/in/the/entry";
	struct vm_map *map = setup();
	struct vm_map_entry *e;

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A + 1, A + P, RW, ANON, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P + 1, RW, ANON, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A, A, RW, ANON, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A + P, A, RW, ANON, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, MAP_MIN - P, MAP_MIN + P, RW, ANON, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, MAP_MAX - P, MAP_MAX + P, RW, ANON, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, MAP_MAX, MAP_MAX + P, RW, ANON, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, 0x8, ANON, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, RW, 0x8000, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, RW, VM_ENTRY_COW | ANON, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, RW,
	    ANON | VM_ENTRY_HUGE | VM_ENTRY_NOHUGE, NULL), -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, RW, VM_ENTRY_SHARED, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, 0, VM_ENTRY_GUARD | ANON, NULL),
	    -EINVAL);
	HT_EQ(vm_map_insert(map, A, A + P, R, VM_ENTRY_GUARD, NULL), -EINVAL);
	HT_EQ(vm_map_insert_max(map, A, A + P, RW, R, ANON, NULL), -EACCES);
	HT_EQ(vm_map_insert_max(map, A, A + P, R, 0x10, ANON, NULL), -EINVAL);
	HT_EQ(map->nentries, 0);
	/* What is fine: a guard (of a stack), a long name, no name. */
	HT_EQ(vm_map_insert(map, A, A + P, 0, VM_ENTRY_GUARD | VM_ENTRY_STACK,
	    "[stack guard]"), 0);
	HT_EQ(vm_map_lookup(map, A)->max_prot, VM_PROT_NONE);
	HT_EQ(vm_map_insert(map, A + P, A + 2 * P, RW, ANON, long_name), 0);
	e = vm_map_lookup(map, A + P);
	HT_EQ(strlen(e->name), VM_MAP_NAME_MAX - 1);
	HT_ASSERT(strncmp(e->name, long_name, VM_MAP_NAME_MAX - 1) == 0);
	HT_EQ(vm_map_insert(map, A + 3 * P, A + 4 * P, RW, ANON, NULL), 0);
	HT_EQ(vm_map_lookup(map, A + 3 * P)->name[0], '\0');
	HT_EQ(vm_map_insert_max(map, A + 5 * P, A + 6 * P, R, RX, ANON, NULL),
	    0);
	HT_EQ(vm_map_lookup(map, A + 5 * P)->max_prot, RX);
	NO_CALLS();
	FINISH(map);
}

HOST_TEST(vm_map_insert_overlap)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 4 * P, RW, ANON, "x"), 0);
	HT_EQ(vm_map_insert(map, A, A + 4 * P, RW, ANON, "x"), -EEXIST);
	HT_EQ(vm_map_insert(map, A - P, A + P, RW, ANON, "x"), -EEXIST);
	HT_EQ(vm_map_insert(map, A + 3 * P, A + 5 * P, RW, ANON, "x"),
	    -EEXIST);
	HT_EQ(vm_map_insert(map, A + P, A + 2 * P, RW, ANON, "x"), -EEXIST);
	HT_EQ(vm_map_insert(map, A - P, A + 5 * P, RW, ANON, "x"), -EEXIST);
	/* Touching is not overlapping. */
	HT_EQ(vm_map_insert(map, A + 4 * P, A + 5 * P, R, ANON, "x"), 0);
	HT_EQ(vm_map_insert(map, A - P, A, RW, ANON | VM_ENTRY_SHARED, "x"),
	    0);
	MAP_IS(map, { A - P, A, RW, ANON | VM_ENTRY_SHARED, "x" },
	    { A, A + 4 * P, RW, ANON, "x" },
	    { A + 4 * P, A + 5 * P, R, ANON, "x" });
	NO_CALLS();
	FINISH(map);
}

/* Identical private anonymous neighbours become one entry; others not. */
HOST_TEST(vm_map_insert_coalesce)
{
	const vm_offset_t heap = 0x800000, x = 0x900000, y = 0xa00000;
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	for (int i = 0; i < 10; i++)		/* brk() growing */
		HT_EQ(vm_map_insert(map, heap + i * P, heap + (i + 1) * P, RW,
		    ANON, "[heap]"), 0);
	HT_EQ(vm_map_insert(map, heap - P, heap, RW, ANON, "[heap]"), 0);
	MAP_IS(map, { heap - P, heap + 10 * P, RW, ANON, "[heap]" });
	/* Filling a hole glues three. */
	HT_EQ(vm_map_insert(map, x, x + P, R, ANON, ""), 0);
	HT_EQ(vm_map_insert(map, x + 2 * P, x + 3 * P, R, ANON, ""), 0);
	HT_EQ(vm_map_insert(map, x + P, x + 2 * P, R, ANON, ""), 0);
	HT_EQ(map->nentries, 2);
	HT_EQ(vm_map_lookup(map, x)->end, x + 3 * P);
	/* Not merged: shared, guard, not anonymous, other name, max, flags. */
	HT_EQ(vm_map_insert(map, y, y + P, RW, ANON | VM_ENTRY_SHARED, ""), 0);
	HT_EQ(vm_map_insert(map, y + P, y + 2 * P, RW, ANON | VM_ENTRY_SHARED,
	    ""), 0);
	HT_EQ(vm_map_insert(map, y + 2 * P, y + 3 * P, 0, VM_ENTRY_GUARD, ""),
	    0);
	HT_EQ(vm_map_insert(map, y + 3 * P, y + 4 * P, 0, VM_ENTRY_GUARD, ""),
	    0);
	HT_EQ(vm_map_insert(map, y + 4 * P, y + 5 * P, RW, 0, "/f"), 0);
	HT_EQ(vm_map_insert(map, y + 5 * P, y + 6 * P, RW, 0, "/f"), 0);
	HT_EQ(vm_map_insert(map, y + 6 * P, y + 7 * P, RW, ANON, "a"), 0);
	HT_EQ(vm_map_insert(map, y + 7 * P, y + 8 * P, RW, ANON, "b"), 0);
	HT_EQ(vm_map_insert_max(map, y + 8 * P, y + 9 * P, RW, RW, ANON, "b"),
	    0);
	HT_EQ(vm_map_insert(map, y + 9 * P, y + 10 * P, RW,
	    ANON | VM_ENTRY_NOHUGE, "b"), 0);
	HT_EQ(map->nentries, 12);
	NO_CALLS();
	FINISH(map);
}

/*
 * Remove.
 */

HOST_TEST(vm_map_remove_split_three)
{
	const unsigned flags = ANON | VM_ENTRY_HUGE;
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 8 * P, RW, flags, "big"), 0);
	HT_EQ(vm_map_remove(map, A + 2 * P, A + 5 * P), 0);
	MAP_IS(map, { A, A + 2 * P, RW, flags, "big" },
	    { A + 5 * P, A + 8 * P, RW, flags, "big" });
	CALLS_ARE(RELEASE(map, A + 2 * P, A + 5 * P));
	HT_ASSERT(vm_map_lookup(map, A + 2 * P) == NULL);
	HT_ASSERT(vm_map_lookup(map, A + 5 * P - 1) == NULL);
	HT_EQ(vm_map_lookup(map, A + 5 * P)->start, A + 5 * P);
	HT_EQ(vm_map_entry_count(), 2);
	/* Cutting at one edge only, either side. */
	HT_EQ(vm_map_remove(map, A, A + P), 0);
	HT_EQ(vm_map_remove(map, A + 7 * P, A + 8 * P), 0);
	CALLS_ARE(RELEASE(map, A, A + P), RELEASE(map, A + 7 * P, A + 8 * P));
	MAP_IS(map, { A + P, A + 2 * P, RW, flags, "big" },
	    { A + 5 * P, A + 7 * P, RW, flags, "big" });
	FINISH(map);
}

/* munmap() across entries, holes and a guard: each piece released once. */
HOST_TEST(vm_map_remove_across)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 4 * P, RW, ANON, "a"), 0);
	HT_EQ(vm_map_insert(map, A + 6 * P, A + 7 * P, R, ANON, "b"), 0);
	HT_EQ(vm_map_insert(map, A + 7 * P, A + 8 * P, 0, VM_ENTRY_GUARD, ""),
	    0);
	HT_EQ(vm_map_insert(map, A + 8 * P, A + 12 * P, RW,
	    ANON | VM_ENTRY_SHARED, "c"), 0);
	HT_EQ(vm_map_insert(map, A + 14 * P, A + 16 * P, RW, ANON, "d"), 0);
	HT_EQ(vm_map_remove(map, A + 2 * P, A + 10 * P), 0);
	CALLS_ARE(RELEASE(map, A + 2 * P, A + 4 * P),
	    RELEASE(map, A + 6 * P, A + 7 * P),
	    RELEASE(map, A + 8 * P, A + 10 * P));
	MAP_IS(map, { A, A + 2 * P, RW, ANON, "a" },
	    { A + 10 * P, A + 12 * P, RW, ANON | VM_ENTRY_SHARED, "c" },
	    { A + 14 * P, A + 16 * P, RW, ANON, "d" });
	/* Nothing there: fine, and nothing happens. */
	HT_EQ(vm_map_remove(map, A + 20 * P, A + 30 * P), 0);
	HT_EQ(vm_map_remove(map, A + 12 * P, A + 14 * P), 0);
	NO_CALLS();
	/* Bad ranges. */
	HT_EQ(vm_map_remove(map, A + 1, A + P), -EINVAL);
	HT_EQ(vm_map_remove(map, A, A + P + 8), -EINVAL);
	HT_EQ(vm_map_remove(map, A, A), -EINVAL);
	HT_EQ(vm_map_remove(map, A + P, A), -EINVAL);
	NO_CALLS();
	/* A range beyond the map's bounds on both sides takes everything. */
	HT_EQ(vm_map_remove(map, 0, ~PAGE_MASK), 0);
	CALLS_ARE(RELEASE(map, A, A + 2 * P),
	    RELEASE(map, A + 10 * P, A + 12 * P),
	    RELEASE(map, A + 14 * P, A + 16 * P));
	HT_EQ(map->nentries, 0);
	FINISH(map);
}

/*
 * Protect.
 */

HOST_TEST(vm_map_protect_split)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 8 * P, RW, ANON, "p"), 0);
	HT_EQ(vm_map_protect(map, A + 2 * P, A + 5 * P, R), 0);
	CALLS_ARE(PROTECT(map, A + 2 * P, A + 5 * P, R));
	MAP_IS(map, { A, A + 2 * P, RW, ANON, "p" },
	    { A + 2 * P, A + 5 * P, R, ANON, "p" },
	    { A + 5 * P, A + 8 * P, RW, ANON, "p" });
	/* The whole: only the pieces that change; then one entry again. */
	HT_EQ(vm_map_protect(map, A, A + 8 * P, R), 0);
	CALLS_ARE(PROTECT(map, A, A + 2 * P, R),
	    PROTECT(map, A + 5 * P, A + 8 * P, R));
	MAP_IS(map, { A, A + 8 * P, R, ANON, "p" });
	/* An edge that is the entry's own edge needs no cut there. */
	HT_EQ(vm_map_protect(map, A + 6 * P, A + 8 * P, RW), 0);
	HT_EQ(vm_map_protect(map, A, A + P, VM_PROT_NONE), 0);
	CALLS_ARE(PROTECT(map, A + 6 * P, A + 8 * P, RW),
	    PROTECT(map, A, A + P, VM_PROT_NONE));
	MAP_IS(map, { A, A + P, VM_PROT_NONE, ANON, "p" },
	    { A + P, A + 6 * P, R, ANON, "p" },
	    { A + 6 * P, A + 8 * P, RW, ANON, "p" });
	/* Across entries that never merge (shared): each keeps its own. */
	HT_EQ(vm_map_insert(map, A + 8 * P, A + 10 * P, RW,
	    ANON | VM_ENTRY_SHARED, "s"), 0);
	HT_EQ(vm_map_protect(map, A + 7 * P, A + 9 * P, R), 0);
	CALLS_ARE(PROTECT(map, A + 7 * P, A + 8 * P, R),
	    PROTECT(map, A + 8 * P, A + 9 * P, R));
	MAP_IS(map, { A, A + P, VM_PROT_NONE, ANON, "p" },
	    { A + P, A + 6 * P, R, ANON, "p" },
	    { A + 6 * P, A + 7 * P, RW, ANON, "p" },
	    { A + 7 * P, A + 8 * P, R, ANON, "p" },
	    { A + 8 * P, A + 9 * P, R, ANON | VM_ENTRY_SHARED, "s" },
	    { A + 9 * P, A + 10 * P, RW, ANON | VM_ENTRY_SHARED, "s" });
	FINISH(map);
}

/* Rights it already has: no cut, no call, even in the middle. */
HOST_TEST(vm_map_protect_no_change)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 8 * P, RW, ANON, "p"), 0);
	HT_EQ(vm_map_protect(map, A + 2 * P, A + 5 * P, RW), 0);
	MAP_IS(map, { A, A + 8 * P, RW, ANON, "p" });
	HT_EQ(vm_map_entry_count(), 1);
	NO_CALLS();
	FINISH(map);
}

/* Refusals come before any change: no cut, no hook call. */
HOST_TEST(vm_map_protect_errors)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 4 * P, RW, ANON, "a"), 0);
	/* hole at A + 4P */
	HT_EQ(vm_map_insert_max(map, A + 5 * P, A + 6 * P, R, RX, ANON, "b"),
	    0);
	HT_EQ(vm_map_insert(map, A + 6 * P, A + 7 * P, 0, VM_ENTRY_GUARD, ""),
	    0);
	HT_EQ(vm_map_protect(map, A + 2 * P, A + 6 * P, R), -ENOMEM);
	HT_EQ(vm_map_protect(map, A + 4 * P, A + 5 * P, R), -ENOMEM);
	HT_EQ(vm_map_protect(map, A + 10 * P, A + 11 * P, R), -ENOMEM);
	HT_EQ(vm_map_protect(map, A - P, A + P, R), -ENOMEM);
	HT_EQ(vm_map_protect(map, A + 5 * P, A + 6 * P, RW), -EACCES);
	HT_EQ(vm_map_protect(map, A + 5 * P, A + 7 * P, R), -EACCES);
	HT_EQ(vm_map_protect(map, A + 6 * P, A + 7 * P, R), -EACCES);
	/* The first problem in address order wins. */
	HT_EQ(vm_map_protect(map, A + 3 * P, A + 6 * P, RW), -ENOMEM);
	HT_EQ(vm_map_protect(map, A + 5 * P, A + 10 * P, RW), -EACCES);
	HT_EQ(vm_map_protect(map, A + 1, A + P, R), -EINVAL);
	HT_EQ(vm_map_protect(map, A, A, R), -EINVAL);
	HT_EQ(vm_map_protect(map, A, A + P, 0x10), -EINVAL);
	NO_CALLS();
	MAP_IS(map, { A, A + 4 * P, RW, ANON, "a" },
	    { A + 5 * P, A + 6 * P, R, ANON, "b" },
	    { A + 6 * P, A + 7 * P, 0, VM_ENTRY_GUARD, "" });
	/* Within max_prot is fine, and NONE on a guard changes nothing. */
	HT_EQ(vm_map_protect(map, A + 5 * P, A + 6 * P, RX), 0);
	HT_EQ(vm_map_protect(map, A + 6 * P, A + 7 * P, VM_PROT_NONE), 0);
	CALLS_ARE(PROTECT(map, A + 5 * P, A + 6 * P, RX));
	FINISH(map);
}

/* The hook fails on the second piece: the first has changed (as Linux). */
HOST_TEST(vm_map_protect_hook_error)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 2 * P, RW, ANON, "a"), 0);
	HT_EQ(vm_map_insert(map, A + 2 * P, A + 4 * P, RW, ANON, "b"), 0);
	HT_EQ(vm_map_insert(map, A + 4 * P, A + 6 * P, RW, ANON, "c"), 0);
	protect_fail_at = 1;
	HT_EQ(vm_map_protect(map, A + P, A + 6 * P, R), -ENOMEM);
	CALLS_ARE(PROTECT(map, A + P, A + 2 * P, R),
	    PROTECT(map, A + 2 * P, A + 4 * P, R));
	MAP_IS(map, { A, A + P, RW, ANON, "a" },
	    { A + P, A + 2 * P, R, ANON, "a" },
	    { A + 2 * P, A + 4 * P, RW, ANON, "b" },
	    { A + 4 * P, A + 6 * P, RW, ANON, "c" });
	FINISH(map);
}

/*
 * Changing flags (madvise()'s huge-page policy).
 */

#define HUGE		VM_ENTRY_HUGE
#define NOHUGE		VM_ENTRY_NOHUGE

/* Cut at the edges, merged back when the pieces match; no hook call. */
HOST_TEST(vm_map_set_flags_split)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 8 * P, RW, ANON, "p"), 0);
	HT_EQ(vm_map_set_flags(map, A + 2 * P, A + 5 * P, HUGE, NOHUGE), 0);
	MAP_IS(map, { A, A + 2 * P, RW, ANON, "p" },
	    { A + 2 * P, A + 5 * P, RW, ANON | HUGE, "p" },
	    { A + 5 * P, A + 8 * P, RW, ANON, "p" });
	/* The other way over part of it: HUGE gives way to NOHUGE. */
	HT_EQ(vm_map_set_flags(map, A + 4 * P, A + 6 * P, NOHUGE, HUGE), 0);
	MAP_IS(map, { A, A + 2 * P, RW, ANON, "p" },
	    { A + 2 * P, A + 4 * P, RW, ANON | HUGE, "p" },
	    { A + 4 * P, A + 6 * P, RW, ANON | NOHUGE, "p" },
	    { A + 6 * P, A + 8 * P, RW, ANON, "p" });
	/* Flags an entry already has: no cut, even in the middle. */
	HT_EQ(vm_map_set_flags(map, A + 5 * P, A + 6 * P, NOHUGE, HUGE), 0);
	HT_EQ(vm_map_set_flags(map, A + 6 * P, A + 7 * P, 0, HUGE | NOHUGE),
	    0);
	HT_EQ(map->nentries, 4);
	/* The whole: one entry again. */
	HT_EQ(vm_map_set_flags(map, A, A + 8 * P, HUGE, NOHUGE), 0);
	MAP_IS(map, { A, A + 8 * P, RW, ANON | HUGE, "p" });
	HT_EQ(vm_map_set_flags(map, A, A + 8 * P, 0, HUGE | NOHUGE), 0);
	MAP_IS(map, { A, A + 8 * P, RW, ANON, "p" });
	NO_CALLS();
	FINISH(map);
}

/*
 * Holes and guards are skipped; shared and other regions take the flag
 * and are never merged; what is refused changes nothing.
 */
HOST_TEST(vm_map_set_flags_kinds)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 2 * P, RW, ANON, "a"), 0);
	/* hole at A + 2P */
	HT_EQ(vm_map_insert(map, A + 3 * P, A + 4 * P, 0, VM_ENTRY_GUARD, ""),
	    0);
	HT_EQ(vm_map_insert(map, A + 4 * P, A + 6 * P, RW,
	    ANON | VM_ENTRY_SHARED, "s"), 0);
	HT_EQ(vm_map_insert(map, A + 6 * P, A + 7 * P, RX, 0, "t"), 0);
	HT_EQ(vm_map_set_flags(map, A + P, A + 10 * P, NOHUGE, HUGE), 0);
	MAP_IS(map, { A, A + P, RW, ANON, "a" },
	    { A + P, A + 2 * P, RW, ANON | NOHUGE, "a" },
	    { A + 3 * P, A + 4 * P, 0, VM_ENTRY_GUARD, "" },
	    { A + 4 * P, A + 6 * P, RW, ANON | VM_ENTRY_SHARED | NOHUGE,
		"s" },
	    { A + 6 * P, A + 7 * P, RX, NOHUGE, "t" });
	/* Over nothing at all: nothing to do, and no error. */
	HT_EQ(vm_map_set_flags(map, A + 20 * P, A + 30 * P, HUGE, NOHUGE), 0);
	/* Refused. */
	HT_EQ(vm_map_set_flags(map, A, A + P, HUGE | NOHUGE, 0), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A + P, HUGE, 0), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A + P, NOHUGE, 0), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A + P, HUGE, HUGE | NOHUGE), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A + P, VM_ENTRY_COW, 0), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A + P, 0, ANON), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A + 1, A + P, HUGE, NOHUGE), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A, A, HUGE, NOHUGE), -EINVAL);
	HT_EQ(vm_map_set_flags(map, A + P, A, HUGE, NOHUGE), -EINVAL);
	HT_EQ(map->nentries, 5);
	HT_EQ(vm_map_lookup(map, A)->flags, ANON);
	NO_CALLS();
	FINISH(map);
}

/* Without memory for a cut: -ENOMEM, and the map as it was. */
HOST_TEST(vm_map_set_flags_no_memory)
{
	const vm_offset_t b = 0x600000, c = 0x1000000;
	struct vm_map *map = setup();
	static struct vm_page *m[NPAGES];
	size_t n = 0;
	int i;

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, b, b + 8 * P, RW, ANON, "b"), 0);
	i = exhaust_memory(map, c, m, &n);
	HT_EQ(vm_map_set_flags(map, b + 2 * P, b + 5 * P, HUGE, NOHUGE),
	    -ENOMEM);
	HT_EQ(vm_map_lookup(map, b)->end, b + 8 * P);
	HT_EQ(vm_map_lookup(map, b)->flags, ANON);
	HT_EQ(map->nentries, (unsigned)i + 1);
	/* No cut needed: fine without memory. */
	HT_EQ(vm_map_set_flags(map, b, b + 8 * P, HUGE, NOHUGE), 0);
	HT_EQ(vm_map_set_flags(map, b + 2 * P, b + 5 * P, HUGE, NOHUGE), 0);
	HT_EQ(vm_map_lookup(map, b)->flags, ANON | HUGE);
	NO_CALLS();
	give_back_memory(m, n);
	HT_EQ(vm_map_set_flags(map, b + 2 * P, b + 5 * P, NOHUGE, HUGE), 0);
	HT_EQ(vm_map_lookup(map, b + 2 * P)->start, b + 2 * P);
	FINISH(map);
}

/*
 * Finding space.
 */

HOST_TEST(vm_map_find_space)
{
	struct vm_map *map = setup();
	vm_offset_t va = 0;

	HT_ASSERT(map != NULL);
	/* Top-down from the top. */
	HT_EQ(vm_map_find_space(map, 3 * P, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 3 * P);
	HT_EQ(vm_map_insert(map, va, va + 3 * P, RW, ANON, "1"), 0);
	HT_EQ(vm_map_find_space(map, P, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 4 * P);
	HT_EQ(vm_map_insert(map, va, va + P, R, ANON, "2"), 0);
	/* A free hint is taken, rounded up to a page. */
	HT_EQ(vm_map_find_space(map, 2 * P, A, &va), 0);
	HT_EQ(va, A);
	HT_EQ(vm_map_find_space(map, 2 * P, A + 1, &va), 0);
	HT_EQ(va, A + P);
	/* A hint that does not fit is ignored. */
	HT_EQ(vm_map_insert(map, A, A + 2 * P, RW, ANON, "3"), 0);
	HT_EQ(vm_map_find_space(map, 2 * P, A, &va), 0);
	HT_EQ(va, MAP_MAX - 6 * P);
	HT_EQ(vm_map_find_space(map, 2 * P, A - P, &va), 0);
	HT_EQ(va, MAP_MAX - 6 * P);
	HT_EQ(vm_map_find_space(map, P, MAP_MIN - P, &va), 0);
	HT_EQ(va, MAP_MAX - 5 * P);
	HT_EQ(vm_map_find_space(map, P, MAP_MAX, &va), 0);
	HT_EQ(va, MAP_MAX - 5 * P);
	HT_EQ(vm_map_find_space(map, P, ~0UL, &va), 0);
	HT_EQ(va, MAP_MAX - 5 * P);
	/* First fit from the top: a gap too small is skipped, not split. */
	HT_EQ(vm_map_insert(map, MAP_MAX - 8 * P, MAP_MAX - 6 * P, RW, ANON,
	    "4"), 0);		/* gap of 2 pages at MAX - 6P */
	HT_EQ(vm_map_find_space(map, 3 * P, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 11 * P);
	HT_EQ(vm_map_find_space(map, 2 * P, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 6 * P);
	/* Bad lengths. */
	HT_EQ(vm_map_find_space(map, 0, 0, &va), -EINVAL);
	HT_EQ(vm_map_find_space(map, P + 1, 0, &va), -EINVAL);
	HT_EQ(vm_map_find_space(map, MAP_MAX - MAP_MIN, 0, &va), -ENOMEM);
	HT_EQ(vm_map_find_space(map, ~PAGE_MASK, 0, &va), -ENOMEM);
	HT_EQ(vm_map_find_space(map, ~PAGE_MASK, A + 2 * P, &va), -ENOMEM);
	NO_CALLS();
	FINISH(map);
}

/* A multiple of 2 MiB goes 2 MiB aligned where it can. */
HOST_TEST(vm_map_find_space_huge)
{
	struct vm_map *map = setup();
	vm_offset_t va = 0;

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, MAP_MAX - 3 * P, MAP_MAX, RW, ANON, ""), 0);
	HT_EQ(vm_map_find_space(map, PMD_SIZE, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 2 * PMD_SIZE);
	HT_EQ(vm_map_find_space(map, 2 * PMD_SIZE, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 3 * PMD_SIZE);
	HT_EQ(vm_map_find_space(map, PMD_SIZE + P, 0, &va), 0);
	HT_EQ(va, MAP_MAX - 4 * P - PMD_SIZE);
	FINISH(map);

	/* Where no aligned place fits, an unaligned one does. */
	map = vm_map_create(FAKE_PMAP, 0x201000, 0x402000);
	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_find_space(map, PMD_SIZE, 0, &va), 0);
	HT_EQ(va, 0x202000);
	HT_EQ(vm_map_insert(map, va, va + PMD_SIZE, RW, ANON, ""), 0);
	HT_EQ(vm_map_find_space(map, P, 0, &va), 0);
	HT_EQ(va, 0x201000);
	HT_EQ(vm_map_insert(map, va, va + P, R, ANON, ""), 0);
	HT_EQ(vm_map_find_space(map, P, 0, &va), -ENOMEM);
	HT_EQ(vm_map_find_space(map, P, 0x201000, &va), -ENOMEM);
	FINISH(map);
}

/* A map that ends at the last page of the address space: no wrap-around. */
HOST_TEST(vm_map_top_of_address_space)
{
	const vm_offset_t top = ~PAGE_MASK;	/* 0xfffffffffffff000 */
	struct vm_map *map;
	vm_offset_t va = 0;

	machine_setup();
	map = vm_map_create(NULL, 0, top);
	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, top - P, top, RW, ANON, ""), 0);
	HT_EQ(vm_map_lookup(map, top - 1)->start, top - P);
	HT_ASSERT(vm_map_lookup(map, ~0UL) == NULL);
	HT_EQ(vm_map_find_space(map, 2 * P, top - P, &va), 0);
	HT_EQ(va, top - 3 * P);
	HT_EQ(vm_map_find_space(map, P, ~0UL, &va), 0);
	HT_EQ(va, top - 2 * P);
	HT_EQ(vm_map_insert(map, 0, P, R, ANON, ""), 0);
	HT_EQ(vm_map_protect(map, 0, top, R), -ENOMEM);
	HT_EQ(vm_map_protect(map, top - P, top, R), 0);
	HT_EQ(vm_map_remove(map, top - 2 * P, top), 0);
	CALLS_ARE(PROTECT(map, top - P, top, R), RELEASE(map, top - P, top));
	HT_EQ(vm_map_insert(map, top - P, top + P, R, ANON, ""), -EINVAL);
	FINISH(map);
}

/*
 * Fork.
 */

/* A process-like layout; the COW column says what fork must mark. */
static const struct layout {
	vm_offset_t	start, end;
	vm_prot_t	prot, max_prot;
	unsigned	flags;
	const char	*name;
	bool		cow;
} fork_layout[] = {
	{ 0x400000, 0x402000, RX, VM_PROT_ALL, 0, "/bin/sh", false },
	{ 0x402000, 0x403000, RW, VM_PROT_ALL, ANON, "/bin/sh", true },
	{ 0x800000, 0x803000, RW, VM_PROT_ALL, ANON, "[heap]", true },
	{ 0x900000, 0x901000, R, VM_PROT_ALL, ANON, "", true },
	{ 0x902000, 0x903000, RX, RX, ANON, "[vdso]", false },
	{ 0xa00000, 0xa02000, RW, VM_PROT_ALL, ANON | VM_ENTRY_SHARED, "",
	    false },
	{ 0x3fff0000, 0x3fff1000, 0, 0, VM_ENTRY_GUARD | VM_ENTRY_STACK,
	    "[stack guard]", false },
	{ 0x3fff1000, 0x3fff5000, RW, VM_PROT_ALL, ANON | VM_ENTRY_STACK,
	    "[stack]", true },
};

static int
insert_layout(struct vm_map *map, const struct layout *l, size_t n)
{
	int error;

	for (size_t i = 0; i < n; i++)
		if ((error = vm_map_insert_max(map, l[i].start, l[i].end,
		    l[i].prot, l[i].max_prot, l[i].flags, l[i].name)) != 0)
			return error;
	return 0;
}

/* Whether map holds exactly the layout, COW where it says (if cow). */
static bool
map_has_layout(struct host_ctx *ht, int line, struct vm_map *map, bool cow)
{
	struct want w[nitems(fork_layout)];

	for (size_t i = 0; i < nitems(fork_layout); i++) {
		const struct layout *l = &fork_layout[i];

		w[i] = (struct want){ l->start, l->end, l->prot,
		    l->flags | (cow && l->cow ? VM_ENTRY_COW : 0), l->name };
	}
	return map_is(ht, line, map, w, nitems(w));
}

HOST_TEST(vm_map_fork_copies)
{
	struct vm_map *src = setup(), *dst;
	struct hook_call want[nitems(fork_layout)];
	struct vm_map_entry *s, *d;
	size_t n = 0;

	HT_ASSERT(src != NULL);
	HT_EQ(insert_layout(src, fork_layout, nitems(fork_layout)), 0);
	src->brk_base = 0x800000;
	src->brk = 0x802800;
	dst = vm_map_create(FAKE_PMAP2, MAP_MIN, MAP_MAX);
	HT_ASSERT(dst != NULL);
	HT_EQ(vm_map_fork(dst, src), 0);
	HT_ASSERT(map_has_layout(ht, __LINE__, src, true));
	HT_ASSERT(map_has_layout(ht, __LINE__, dst, true));
	for (s = vm_map_first(src), d = vm_map_first(dst); s != NULL;
	    s = vm_map_next(src, s), d = vm_map_next(dst, d))
		HT_EQ(s->max_prot, d->max_prot);
	HT_EQ(dst->brk_base, 0x800000);
	HT_EQ(dst->brk, 0x802800);
	HT_ASSERT(dst->pmap == FAKE_PMAP2);
	/* One copy per entry but the guard, COW already marked. */
	for (size_t i = 0; i < nitems(fork_layout); i++) {
		const struct layout *l = &fork_layout[i];

		if (l->flags & VM_ENTRY_GUARD)
			continue;
		want[n++] = (struct hook_call)COPY(dst, src, l->start, l->end,
		    l->flags | (l->cow ? VM_ENTRY_COW : 0));
	}
	if (!calls_are(ht, __LINE__, want, n))
		return;
	calls_reset();
	vm_map_destroy(dst);
	HT_EQ(ncalls, (int)n);		/* a release for each but the guard */
	FINISH(src);
}

/* Neighbours that differ only by COW become identical at the next fork. */
HOST_TEST(vm_map_fork_merges)
{
	struct vm_map *src = setup(), *dst;

	HT_ASSERT(src != NULL);
	HT_EQ(vm_map_insert(src, A, A + 2 * P, RW, ANON, "h"), 0);
	dst = vm_map_create(FAKE_PMAP2, MAP_MIN, MAP_MAX);
	HT_ASSERT(dst != NULL);
	HT_EQ(vm_map_fork(dst, src), 0);
	vm_map_destroy(dst);
	HT_EQ(vm_map_insert(src, A + 2 * P, A + 3 * P, RW, ANON, "h"), 0);
	MAP_IS(src, { A, A + 2 * P, RW, ANON | VM_ENTRY_COW, "h" },
	    { A + 2 * P, A + 3 * P, RW, ANON, "h" });
	dst = vm_map_create(FAKE_PMAP2, MAP_MIN, MAP_MAX);
	HT_ASSERT(dst != NULL);
	HT_EQ(vm_map_fork(dst, src), 0);
	MAP_IS(src, { A, A + 3 * P, RW, ANON | VM_ENTRY_COW, "h" });
	MAP_IS(dst, { A, A + 3 * P, RW, ANON | VM_ENTRY_COW, "h" });
	vm_map_destroy(dst);
	FINISH(src);
}

/* A failed copy: dst holds what was copied, and destroying it is clean. */
HOST_TEST(vm_map_fork_failure)
{
	struct vm_map *src = setup(), *dst;
	struct vm_page *m[NPAGES];
	size_t n = 0;

	HT_ASSERT(src != NULL);
	HT_EQ(insert_layout(src, fork_layout, nitems(fork_layout)), 0);
	dst = vm_map_create(FAKE_PMAP2, MAP_MIN, MAP_MAX);
	HT_ASSERT(dst != NULL);
	copy_fail_at = 2;
	HT_EQ(vm_map_fork(dst, src), -ENOMEM);
	HT_EQ(dst->nentries, 3);
	calls_reset();
	vm_map_destroy(dst);
	CALLS_ARE(RELEASE(dst, 0x400000, 0x402000),
	    RELEASE(dst, 0x402000, 0x403000),
	    RELEASE(dst, 0x800000, 0x803000));
	/* No memory for entries at all. */
	dst = vm_map_create(FAKE_PMAP2, MAP_MIN, MAP_MAX);
	HT_ASSERT(dst != NULL);
	exhaust_memory(src, 0x10000000, m, &n);
	HT_EQ(vm_map_fork(dst, src), -ENOMEM);
	HT_EQ(dst->nentries, 0);
	give_back_memory(m, n);
	vm_map_destroy(dst);
	FINISH(src);
}

/*
 * Destroy, running out of memory, /proc.
 */

HOST_TEST(vm_map_destroy_releases)
{
	struct vm_map *map = setup();

	HT_ASSERT(map != NULL);
	HT_EQ(insert_layout(map, fork_layout, nitems(fork_layout)), 0);
	HT_EQ(vm_map_count(), 1);
	HT_EQ(vm_map_entry_count(), nitems(fork_layout));
	vm_map_destroy(map);
	CALLS_ARE(RELEASE(map, 0x400000, 0x402000),
	    RELEASE(map, 0x402000, 0x403000),
	    RELEASE(map, 0x800000, 0x803000),
	    RELEASE(map, 0x900000, 0x901000),
	    RELEASE(map, 0x902000, 0x903000),
	    RELEASE(map, 0xa00000, 0xa02000),
	    RELEASE(map, 0x3fff1000, 0x3fff5000));
	FINISH(NULL);
}

/*
 * With no memory, an operation that must cut fails with the map as it
 * was, including when the first of its two cuts succeeded; one that needs
 * no cut still works.
 */
HOST_TEST(vm_map_out_of_memory)
{
	const vm_offset_t b = 0x600000, c = 0x1000000;
	struct vm_map *map = setup();
	static struct vm_page *m[NPAGES];
	vm_offset_t va;
	size_t n = 0;
	int i;

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, A, A + 8 * P, RW, ANON, "a"), 0);
	HT_EQ(vm_map_insert(map, b, b + 8 * P, RW, ANON, "b"), 0);
	i = exhaust_memory(map, c, m, &n);
	HT_EQ(vm_map_insert(map, c - 2 * P, c - P, RW, ANON, ""), -ENOMEM);
	HT_EQ(vm_map_remove(map, A + 2 * P, A + 5 * P), -ENOMEM);
	HT_EQ(vm_map_remove(map, A, A + 2 * P), -ENOMEM);
	HT_EQ(vm_map_protect(map, A + 2 * P, A + 3 * P, R), -ENOMEM);
	HT_EQ(vm_map_lookup(map, A)->end, A + 8 * P);
	NO_CALLS();
	/* Removing a whole entry needs no cut and frees one. */
	HT_EQ(vm_map_remove(map, A, A + 8 * P), 0);
	CALLS_ARE(RELEASE(map, A, A + 8 * P));
	/* One free entry: the end cut works, the start cut fails, undone. */
	HT_EQ(vm_map_remove(map, b + 2 * P, b + 5 * P), -ENOMEM);
	HT_EQ(vm_map_protect(map, b + 2 * P, b + 5 * P, R), -ENOMEM);
	NO_CALLS();
	/* Rights it already has: no cut needed. */
	HT_EQ(vm_map_protect(map, b + 2 * P, b + 5 * P, RW), 0);
	NO_CALLS();
	HT_EQ(vm_map_lookup(map, b)->end, b + 8 * P);
	HT_EQ(vm_map_lookup(map, b + 7 * P)->start, b);
	HT_EQ(map->nentries, (unsigned)i + 1);
	/* No cut needed, or space to find: fine without memory. */
	HT_EQ(vm_map_protect(map, b, b + 8 * P, R), 0);
	HT_EQ(vm_map_find_space(map, P, 0, &va), 0);
	HT_EQ(vm_map_insert(map, va, va + P, R, ANON, ""), 0);
	HT_EQ(vm_map_insert(map, A, A + P, R, ANON, ""), -ENOMEM);
	CALLS_ARE(PROTECT(map, b, b + 8 * P, R));
	give_back_memory(m, n);
	HT_EQ(vm_map_remove(map, b + 2 * P, b + 5 * P), 0);
	FINISH(map);
}

HOST_TEST(vm_map_format_line)
{
	struct vm_map *map = setup();
	char line[160];
	int len;

	HT_ASSERT(map != NULL);
	HT_EQ(vm_map_insert(map, 0x400000, 0x401000, RX, 0, "/bin/sh"), 0);
	HT_EQ(vm_map_insert(map, 0x3fffe000, 0x3ffff000, RW,
	    ANON | VM_ENTRY_SHARED, NULL), 0);
	len = vm_map_entry_format(vm_map_lookup(map, 0x400000), line,
	    sizeof(line));
	/* Linux: the name at column 73, after padding spaces. */
	HT_EQ(len, 73 + 7 + 1);
	HT_ASSERT(strncmp(line, "00400000-00401000 r-xp 00000000 00:00 0 ",
	    40) == 0);
	HT_EQ(strspn(line + 40, " "), 33);
	HT_ASSERT(strcmp(line + 73, "/bin/sh\n") == 0);
	len = vm_map_entry_format(vm_map_lookup(map, 0x3fffe000), line,
	    sizeof(line));
	HT_ASSERT(strcmp(line, "3fffe000-3ffff000 rw-s 00000000 00:00 0 \n")
	    == 0);
	HT_EQ(len, 41);
	/* Cut short like snprintf(). */
	len = vm_map_entry_format(vm_map_lookup(map, 0x400000), line, 10);
	HT_EQ(len, 81);
	HT_ASSERT(strcmp(line, "00400000-") == 0);
	FINISH(map);
}

/*
 * vm_map_random: random inserts, removes, protects, flag changes, finds and
 * lookups in a small map, checked after each step against a model of one
 * record per page: the map's entries must cover exactly the model's mapped
 * pages with the same rights, flags and names, no two neighbours may be
 * mergeable, and the hooks must have been called for exactly the pages that
 * changed.
 */

#define RND_PAGES	256
#define RND_BASE	0x10000000UL
#define RND_END		(RND_BASE + RND_PAGES * P)
#define RND_STEPS	6000

struct page_model {
	bool		mapped;
	vm_prot_t	prot, max_prot;
	unsigned	flags;
	const char	*name;
};

static struct page_model model[RND_PAGES];
static unsigned hook_hits[RND_PAGES];	/* hook calls covering each page */

static const unsigned rnd_flags[] = {
	ANON, ANON, ANON | VM_ENTRY_SHARED, ANON | VM_ENTRY_HUGE,
	ANON | VM_ENTRY_STACK, VM_ENTRY_GUARD, 0,
};
static const char *const rnd_names[] = { "", "[heap]", "/bin/x" };

#define PAGE_VA(i)	(RND_BASE + (vm_offset_t)(i) * P)

/* A random address in the map or just around it, and a length. */
static void
random_range(vm_offset_t *start, vm_offset_t *end, unsigned maxlen)
{
	*start = RND_BASE + (host_random_below(RND_PAGES + 4) - 2) * P;
	*end = *start + (1 + host_random_below(maxlen)) * P;
}

/* The model's page index of va, -1 if outside the map. */
static long
page_of(vm_offset_t va)
{
	return va >= RND_BASE && va < RND_END ? (long)((va - RND_BASE) / P) :
	    -1;
}

/* Whether the pages' books say the same as the model. */
static bool
same_page(const struct vm_map_entry *e, const struct page_model *pm)
{
	return pm->mapped && pm->prot == e->prot &&
	    pm->max_prot == e->max_prot && pm->flags == e->flags &&
	    strcmp(pm->name, e->name) == 0;
}

/* Whether b above a could have been merged (vm_map.c's rule). */
static bool
mergeable(const struct vm_map_entry *a, const struct vm_map_entry *b)
{
	return a->end == b->start &&
	    (a->flags & (ANON | VM_ENTRY_SHARED | VM_ENTRY_GUARD)) == ANON &&
	    a->flags == b->flags && a->prot == b->prot &&
	    a->max_prot == b->max_prot && strcmp(a->name, b->name) == 0;
}

/* Record a failure of step, with the seed, and return false. */
#define MODEL_FAIL(fmt, ...) do {					\
	host_fail(ht, __FILE__, __LINE__, "step %d: " fmt " (seed %lu)", \
	    step, __VA_ARGS__, (unsigned long)host_seed());		\
	return false;							\
} while (0)

static bool
map_matches_model(struct host_ctx *ht, struct vm_map *map, int step)
{
	struct vm_map_entry *e, *prev = NULL;
	unsigned n = 0, covered = 0, mapped = 0;
	long i;

	for (e = vm_map_first(map); e != NULL;
	    prev = e, e = vm_map_next(map, e), n++) {
		if (prev != NULL &&
		    (prev->end > e->start || mergeable(prev, e)))
			MODEL_FAIL("[%#lx, %#lx) overlaps or is not merged",
			    e->start, e->end);
		for (vm_offset_t va = e->start; va < e->end; va += P) {
			if ((i = page_of(va)) < 0 || !same_page(e, &model[i]))
				MODEL_FAIL("entry [%#lx, %#lx) differs from "
				    "the model at %#lx", e->start, e->end, va);
			covered++;
		}
	}
	for (i = 0; i < RND_PAGES; i++)
		mapped += model[i].mapped;
	if (covered != mapped || n != map->nentries ||
	    n != vm_map_entry_count())
		MODEL_FAIL("%u entries (%u, %zu) cover %u pages, model %u", n,
		    map->nentries, vm_map_entry_count(), covered, mapped);
	return true;
}

/*
 * Count the recorded hook calls per page in hook_hits[]; each must be of
 * kind (protect: with rights prot), under the lock, inside the map.
 */
static bool
count_hook_hits(struct host_ctx *ht, int step, enum hook_kind kind,
    vm_prot_t prot)
{
	memset(hook_hits, 0, sizeof(hook_hits));
	if (calls_overflowed)
		MODEL_FAIL("more than %d hook calls", MAX_CALLS);
	for (int k = 0; k < ncalls; k++) {
		const struct hook_call *c = &calls[k];

		if (c->kind != kind || !c->locked || c->start >= c->end ||
		    (kind == HOOK_PROTECT && c->prot != prot) ||
		    page_of(c->start) < 0 || page_of(c->end - 1) < 0)
			MODEL_FAIL("bad hook call %d: kind %d [%#lx, %#lx) "
			    "prot %#x", k, c->kind, c->start, c->end, c->prot);
		for (vm_offset_t va = c->start; va < c->end; va += P)
			hook_hits[page_of(va)]++;
	}
	return true;
}

static bool
random_insert(struct host_ctx *ht, struct vm_map *map, int step)
{
	unsigned flags = rnd_flags[host_random_below(nitems(rnd_flags))];
	const char *name = rnd_names[host_random_below(nitems(rnd_names))];
	vm_prot_t prot = host_random_below(8), max_prot = VM_PROT_ALL;
	vm_offset_t start, end, va;
	int want = 0, got;

	random_range(&start, &end, 24);
	if (flags & VM_ENTRY_GUARD)
		prot = max_prot = VM_PROT_NONE;
	else if (host_random_below(4) == 0)
		max_prot = prot | host_random_below(8);
	if (start < RND_BASE || end > RND_END)
		want = -EINVAL;
	for (va = start; want == 0 && va < end; va += P)
		if (model[page_of(va)].mapped)
			want = -EEXIST;
	got = vm_map_insert_max(map, start, end, prot, max_prot, flags, name);
	if (got != want || ncalls != 0)
		MODEL_FAIL("insert [%#lx, %#lx): %d, want %d; %d calls",
		    start, end, got, want, ncalls);
	for (va = start; got == 0 && va < end; va += P)
		model[page_of(va)] = (struct page_model){ true, prot, max_prot,
		    flags, name };
	return true;
}

/* Remove: every mapped page of the range but guards released once. */
static bool
random_remove(struct host_ctx *ht, struct vm_map *map, int step)
{
	vm_offset_t start, end;
	int got;

	random_range(&start, &end, 24);
	if ((got = vm_map_remove(map, start, end)) != 0)
		MODEL_FAIL("remove [%#lx, %#lx): %d", start, end, got);
	if (!count_hook_hits(ht, step, HOOK_RELEASE, 0))
		return false;
	for (int i = 0; i < RND_PAGES; i++) {
		bool in = PAGE_VA(i) >= start && PAGE_VA(i) < end;
		unsigned want = in && model[i].mapped &&
		    !(model[i].flags & VM_ENTRY_GUARD);

		if (hook_hits[i] != want)
			MODEL_FAIL("remove [%#lx, %#lx): page %#lx released "
			    "%u times", start, end, PAGE_VA(i), hook_hits[i]);
		if (in)
			model[i].mapped = false;
	}
	return true;
}

/* What mprotect() must answer: the first hole or excess, in order. */
static int
model_protect_error(vm_offset_t start, vm_offset_t end, vm_prot_t prot)
{
	for (vm_offset_t va = start; va < end; va += P) {
		long i = page_of(va);

		if (i < 0 || !model[i].mapped)
			return -ENOMEM;
		if (prot & ~model[i].max_prot)
			return -EACCES;
	}
	return 0;
}

/* Move [start, end) up to the first mapped page from start on, if any. */
static void
start_at_mapped(vm_offset_t *start, vm_offset_t *end)
{
	for (long i = page_of(*start); i >= 0 && i < RND_PAGES; i++) {
		if (model[i].mapped) {
			*end = *end - *start + PAGE_VA(i);
			*start = PAGE_VA(i);
			return;
		}
	}
}

/* Protect: the hook sees exactly the pages whose rights change. */
static bool
random_protect(struct host_ctx *ht, struct vm_map *map, int step)
{
	vm_prot_t prot = host_random_below(8);
	vm_offset_t start, end;
	int want, got;

	random_range(&start, &end, 12);
	if (host_random_below(2) == 0)
		start_at_mapped(&start, &end);
	want = model_protect_error(start, end, prot);
	got = vm_map_protect(map, start, end, prot);
	if (got != want || (got != 0 && ncalls != 0))
		MODEL_FAIL("protect [%#lx, %#lx) %#x: %d, want %d; %d calls",
		    start, end, prot, got, want, ncalls);
	if (got != 0)
		return true;
	if (!count_hook_hits(ht, step, HOOK_PROTECT, prot))
		return false;
	for (int i = 0; i < RND_PAGES; i++) {
		bool in = PAGE_VA(i) >= start && PAGE_VA(i) < end;
		unsigned want_hits = in && model[i].prot != prot;

		if (hook_hits[i] != want_hits)
			MODEL_FAIL("protect [%#lx, %#lx): page %#lx hit %u "
			    "times", start, end, PAGE_VA(i), hook_hits[i]);
		if (in)
			model[i].prot = prot;
	}
	return true;
}

/* Whether the model's pages [first, first + n) are all free. */
static bool
model_free_run(long first, long n)
{
	for (long i = first; i < first + n; i++)
		if (i < 0 || i >= RND_PAGES || model[i].mapped)
			return false;
	return true;
}

/* Where find_space must put n pages with hint, or 0 if nowhere. */
static vm_offset_t
model_find(long n, vm_offset_t hint)
{
	vm_offset_t aligned = roundup2(hint, P);

	if (hint != 0 && aligned >= RND_BASE && aligned < RND_END &&
	    model_free_run(page_of(aligned), n))
		return aligned;
	for (long i = RND_PAGES - n; i >= 0; i--)
		if (model_free_run(i, n))
			return PAGE_VA(i);
	return 0;
}

/* Find space (then, often, take it as a heap would). */
static bool
random_find(struct host_ctx *ht, struct vm_map *map, int step)
{
	long n = 1 + host_random_below(24);
	vm_offset_t hint = 0, va = 0, want;
	int got;

	if (host_random_below(2) == 0)
		hint = PAGE_VA(host_random_below(RND_PAGES + 8) - 4) +
		    (host_random_below(2) ? host_random_below(P) : 0);
	want = model_find(n, hint);
	got = vm_map_find_space(map, n * P, hint, &va);
	if (got != (want != 0 ? 0 : -ENOMEM) || (got == 0 && va != want))
		MODEL_FAIL("find %ld pages, hint %#lx: %d, %#lx; want %#lx",
		    n, hint, got, va, want);
	if (got != 0 || host_random_below(2) == 0)
		return true;
	if ((got = vm_map_insert(map, va, va + n * P, RW, ANON, "[heap]")) != 0)
		MODEL_FAIL("insert at %#lx found free: %d", va, got);
	for (long i = page_of(va); i < page_of(va) + n; i++)
		model[i] = (struct page_model){ true, RW, VM_PROT_ALL, ANON,
		    "[heap]" };
	return true;
}

static bool
random_lookup(struct host_ctx *ht, struct vm_map *map, int step)
{
	vm_offset_t va = PAGE_VA(host_random_below(RND_PAGES + 2) - 1) +
	    host_random_below(P);
	struct vm_map_entry *e = vm_map_lookup(map, va);
	long i = page_of(va);
	bool want = i >= 0 && model[i].mapped;

	if ((e != NULL) != want || (e != NULL && (va < e->start ||
	    va >= e->end || !same_page(e, &model[i]))))
		MODEL_FAIL("lookup %#lx: %p, want %s", va, (void *)e,
		    want ? "an entry" : "none");
	return true;
}

/* Set flags: the mapped pages but guards get them; no hook is called. */
static bool
random_set_flags(struct host_ctx *ht, struct vm_map *map, int step)
{
	static const unsigned changes[][2] = {
		{ VM_ENTRY_HUGE, VM_ENTRY_NOHUGE },
		{ VM_ENTRY_NOHUGE, VM_ENTRY_HUGE },
		{ 0, VM_ENTRY_HUGE | VM_ENTRY_NOHUGE },
	};
	unsigned which = host_random_below(nitems(changes));
	unsigned set = changes[which][0], clear = changes[which][1];
	vm_offset_t start, end;
	int got;

	random_range(&start, &end, 12);
	if (host_random_below(2) == 0)
		start_at_mapped(&start, &end);
	got = vm_map_set_flags(map, start, end, set, clear);
	if (got != 0 || ncalls != 0)
		MODEL_FAIL("set flags [%#lx, %#lx) +%#x -%#x: %d; %d calls",
		    start, end, set, clear, got, ncalls);
	for (int i = 0; i < RND_PAGES; i++)
		if (PAGE_VA(i) >= start && PAGE_VA(i) < end &&
		    model[i].mapped && !(model[i].flags & VM_ENTRY_GUARD))
			model[i].flags = (model[i].flags & ~clear) | set;
	return true;
}

static bool
random_step(struct host_ctx *ht, struct vm_map *map, int step)
{
	calls_reset();
	switch (host_random_below(22)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6:
		return random_insert(ht, map, step);
	case 7: case 8: case 9:
		return random_remove(ht, map, step);
	case 10: case 11: case 12: case 13: case 14: case 15:
		return random_protect(ht, map, step);
	case 16: case 17:
		return random_find(ht, map, step);
	case 18: case 19:
		return random_set_flags(ht, map, step);
	default:
		return random_lookup(ht, map, step);
	}
}

HOST_TEST(vm_map_random)
{
	struct vm_map *map;
	int step;

	machine_setup();
	memset(model, 0, sizeof(model));
	map = vm_map_create(FAKE_PMAP, RND_BASE, RND_END);
	HT_ASSERT(map != NULL);
	for (step = 0; step < RND_STEPS; step++)
		if (!random_step(ht, map, step) ||
		    !map_matches_model(ht, map, step))
			return;
	/* Destroy releases every page still mapped, guards excepted. */
	calls_reset();
	vm_map_destroy(map);
	if (!count_hook_hits(ht, step, HOOK_RELEASE, 0))
		return;
	for (int i = 0; i < RND_PAGES; i++)
		if (hook_hits[i] != (model[i].mapped &&
		    !(model[i].flags & VM_ENTRY_GUARD)))
			HT_FAIL("destroy: page %#lx released %u times "
			    "(seed %lu)", PAGE_VA(i), hook_hits[i],
			    (unsigned long)host_seed());
	FINISH(NULL);
}
