/*
 * vm_map.c: address spaces.
 *
 * A process's address space has two halves.  The vm_map (this file) is the
 * law: which ranges exist, with which rights, anonymous or shared, stack or
 * guard, huge pages wanted or not, copy-on-write after a fork.  The pmap is
 * the facts: which pages are mapped right now, present or swapped out.  A
 * fault consults the law (vm_map_lookup()) to decide what the facts should
 * become.
 *
 * The regions are a sorted, doubly linked list of vm_map_entry.  FreeBSD
 * keeps them in a splay tree, Linux in a maple tree: both pay off with
 * thousands of regions.  A Pagoda process has a dozen (text, data, heap,
 * stack, a few mmap()s), so a list walk is as fast as a tree descent and
 * far easier to read.  Every search goes through one function,
 * vm_map_ceil(); a tree would replace it and the small list helpers around
 * it, and no operation would change.
 *
 * Entries own no pages.  FreeBSD hangs a vm_object under each entry and
 * Linux an anon_vma, each with page offsets to keep right whenever a region
 * is cut.  Here the leaf is the whole story of a page: a present leaf
 * names its frame, a swap leaf its slot.  Hence:
 *
 *  - cutting an entry in two, or gluing two back together, is pure list
 *    work that never touches a page and cannot lose one;
 *  - whatever does concern pages goes through four hooks (vm_map.h),
 *    implemented by the code that owns pages: split before a range is
 *    cut, release when a range leaves the map, copy when fork duplicates
 *    an entry, protect when rights change.  This file never calls pmap, never frees a frame or a slot,
 *    and compiles on the host, where the hooks are recording stubs.
 *
 * Cutting ("clipping") is where an operation can fail half way: a cut
 * allocates an entry.  vm_map_clip() cuts the end edge first and the start
 * edge second, so that the entry it found for the start is still the one
 * to cut; if the second cut fails it glues the first back.  An operation
 * therefore either cuts both edges or leaves the map as it was, and it
 * checks everything that can be refused (alignment, holes, max_prot)
 * before it cuts.
 *
 * Coalescing.  After an insert, a protect or a change of flags (madvise()),
 * the entries at the edges of the range are merged with identical
 * neighbours: private anonymous, same rights, flags and name.  So brk()
 * growing the heap page by page keeps one "[heap]" entry, and mprotect()
 * there and back leaves one entry, not three.  Fork merges too: its new COW
 * marks can make neighbours identical.  Shared regions are never merged
 * (each is its own memory, as in Linux), nor guards.  Removal never creates
 * mergeable neighbours, so no merging happens there.
 *
 * Rights.  An entry has prot (now) and max_prot (the most prot may
 * become).  mprotect() above max_prot is -EACCES; a guard gap has
 * max_prot NONE and no leaves ever, so every access to it faults.  Note
 * what vm_map_protect() cannot do by itself: pmap_protect() sets rights
 * uniformly, which would make copy-on-write leaves writable, and
 * pmap_remove() for PROT_NONE would drop the only record of the pages
 * (their frames and slots would leak, and mprotect() back would find
 * zeros).  So the change of leaves is the protect hook's business.
 *
 * Placement.  vm_map_find_space() is top-down first fit from the top of
 * the map, as Linux's mmap layout below the stack: it keeps the low
 * addresses for brk() and packs mmap()s tightly under the stack.  A length
 * that is a multiple of 2 MiB is placed 2 MiB aligned when it can be, so
 * the fault path may fill it with huge pages (recent Linux does the same
 * for anonymous mappings).
 *
 * Locking: a spin lock per map (see vm_map.h for who must take it).  It is
 * held across the hooks, which therefore must not sleep.  Maps and entries
 * come from two kmem zones.
 */
#include "vm/vm_map.h"
#include "vm/kmem.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

static struct kmem_zone *vm_map_zone;		/* (i) */
static struct kmem_zone *vm_map_entry_zone;	/* (i) */
/* (i): set under vm_map_init_lock, then constant. */
static struct spinlock vm_map_init_lock = SPINLOCK_INITIALIZER("vm_map_init");

/*
 * Zones, maps and the list.
 */

/* Create both zones; false if out of memory. */
static bool
vm_map_zones_create(void)
{
	vm_map_zone = kmem_zone_create("vm_map", sizeof(struct vm_map));
	vm_map_entry_zone = kmem_zone_create("vm_map_entry",
	    sizeof(struct vm_map_entry));
	return vm_map_zone != NULL && vm_map_entry_zone != NULL;
}

void
vm_map_init(void)
{
	if (!vm_map_zones_create())
		panic("vm_map_init: no memory for the zones");
}

/* Make sure the zones exist (vm_map_init() may not have run); or false. */
static bool
vm_map_zones_ready(void)
{
	bool ready;

	spin_lock(&vm_map_init_lock);
	ready = vm_map_entry_zone != NULL && vm_map_zone != NULL;
	if (!ready)
		ready = vm_map_zones_create();
	spin_unlock(&vm_map_init_lock);
	return ready;
}

size_t
vm_map_count(void)
{
	return vm_map_zone != NULL ? kmem_zone_used(vm_map_zone) : 0;
}

size_t
vm_map_entry_count(void)
{
	return vm_map_entry_zone != NULL ?
	    kmem_zone_used(vm_map_entry_zone) : 0;
}

void
vm_map_lock(struct vm_map *map)
{
	spin_lock(&map->lock);
}

void
vm_map_unlock(struct vm_map *map)
{
	spin_unlock(&map->lock);
}

struct vm_map_entry *
vm_map_first(struct vm_map *map)
{
	return list_first(&map->entries, struct vm_map_entry, link);
}

struct vm_map_entry *
vm_map_next(struct vm_map *map, struct vm_map_entry *entry)
{
	if (entry->link.next == &map->entries)
		return NULL;
	return list_entry(entry->link.next, struct vm_map_entry, link);
}

static struct vm_map_entry *
vm_map_prev(struct vm_map *map, struct vm_map_entry *entry)
{
	if (entry->link.prev == &map->entries)
		return NULL;
	return list_entry(entry->link.prev, struct vm_map_entry, link);
}

static struct vm_map_entry *
vm_map_last(struct vm_map *map)
{
	if (list_empty(&map->entries))
		return NULL;
	return list_entry(map->entries.prev, struct vm_map_entry, link);
}

/*
 * vm_map_ceil: the first entry that ends above va: the one that contains
 * va if any, else the next one up; NULL if every entry ends at or below va.
 * The only search of the list: a tree would replace this function.
 */
static struct vm_map_entry *
vm_map_ceil(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry;

	for (entry = vm_map_first(map); entry != NULL;
	    entry = vm_map_next(map, entry))
		if (entry->end > va)
			return entry;
	return NULL;
}

struct vm_map_entry *
vm_map_lookup(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry = vm_map_ceil(map, va);

	return entry != NULL && entry->start <= va ? entry : NULL;
}

/* The entry that va lies strictly inside (start < va < end), or NULL. */
static struct vm_map_entry *
vm_map_straddler(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry = vm_map_ceil(map, va);

	return entry != NULL && entry->start < va ? entry : NULL;
}

/* Put entry on map's list before `before` (at the end if NULL). */
static void
vm_map_link(struct vm_map *map, struct vm_map_entry *entry,
    struct vm_map_entry *before)
{
	struct list_node *next = before != NULL ? &before->link : &map->entries;

	list_link(&entry->link, next->prev, next);
	map->nentries++;
}

/* Take entry off map's list and free it. */
static void
vm_map_unlink_free(struct vm_map *map, struct vm_map_entry *entry)
{
	KASSERT(map->nentries > 0, ("vm_map_unlink_free: map %p is empty",
	    map));
	list_remove(&entry->link);
	map->nentries--;
	kmem_zone_free(vm_map_entry_zone, entry);
}

/*
 * vm_map_check: the invariants every operation keeps, checked at its end
 * in debug builds: sorted, disjoint, page aligned, non-empty, inside
 * [min, max), prot within max_prot, and nentries right.
 */
static void
vm_map_check(struct vm_map *map)
{
#ifdef INVARIANTS
	vm_offset_t floor = map->min_offset;
	struct vm_map_entry *entry;
	unsigned n = 0;

	for (entry = vm_map_first(map); entry != NULL;
	    entry = vm_map_next(map, entry), n++) {
		KASSERT(((entry->start | entry->end) & PAGE_MASK) == 0 &&
		    entry->start < entry->end,
		    ("vm_map_check: bad entry [0x%lx, 0x%lx)", entry->start,
		    entry->end));
		KASSERT(entry->start >= floor && entry->end <= map->max_offset,
		    ("vm_map_check: entry [0x%lx, 0x%lx) overlaps or is out of"
		    " order", entry->start, entry->end));
		KASSERT((entry->prot & ~entry->max_prot) == 0,
		    ("vm_map_check: prot 0x%x exceeds max 0x%x at 0x%lx",
		    entry->prot, entry->max_prot, entry->start));
		floor = entry->end;
	}
	KASSERT(n == map->nentries, ("vm_map_check: %u entries, counted %u",
	    map->nentries, n));
#endif
}

struct vm_map *
vm_map_create(struct pmap *pmap, vm_offset_t min, vm_offset_t max)
{
	struct vm_map *map;

	KASSERT(min < max && ((min | max) & PAGE_MASK) == 0,
	    ("vm_map_create: bad range [0x%lx, 0x%lx)", min, max));
	if (!vm_map_zones_ready())
		return NULL;
	if ((map = kmem_zone_alloc(vm_map_zone, KM_ZERO)) == NULL)
		return NULL;
	spin_init(&map->lock, "vm_map");
	list_init(&map->entries);
	map->pmap = pmap;
	map->min_offset = min;
	map->max_offset = max;
	return map;
}

/*
 * Cutting and gluing entries.
 */

/*
 * vm_map_entry_split: cut entry at va (strictly inside it): entry keeps
 * [start, va), a new entry after it gets [va, end) and the same rest.
 * 0 or -ENOMEM (nothing changed).
 */
static int
vm_map_entry_split(struct vm_map *map, struct vm_map_entry *entry,
    vm_offset_t va)
{
	struct vm_map_entry *upper;

	KASSERT(entry->start < va && va < entry->end && (va & PAGE_MASK) == 0,
	    ("vm_map_entry_split: 0x%lx not inside [0x%lx, 0x%lx)", va,
	    entry->start, entry->end));
	if ((upper = kmem_zone_alloc(vm_map_entry_zone, 0)) == NULL)
		return -ENOMEM;
	*upper = *entry;
	upper->start = va;
	entry->end = va;
	vm_map_link(map, upper, vm_map_next(map, entry));
	return 0;
}

/* vm_map_entry_join: the inverse: entry absorbs the entry after it. */
static void
vm_map_entry_join(struct vm_map *map, struct vm_map_entry *entry)
{
	struct vm_map_entry *next = vm_map_next(map, entry);

	KASSERT(next != NULL && entry->end == next->start,
	    ("vm_map_entry_join: [0x%lx, 0x%lx) has no neighbour above",
	    entry->start, entry->end));
	entry->end = next->end;
	vm_map_unlink_free(map, next);
}

/*
 * vm_map_clip: cut at_start (if not NULL) at start and at_end (if not
 * NULL) at end, both found before any cut, so that no entry to be worked
 * on straddles an edge.  The end goes first: a cut keeps the lower part in
 * the old entry, so at_start stays right even when it is at_end.
 * 0, or -ENOMEM with the map as it was.
 */
static int
vm_map_clip(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    struct vm_map_entry *at_start, struct vm_map_entry *at_end)
{
	int error;

	if (at_end != NULL && (error = vm_map_entry_split(map, at_end,
	    end)) != 0)
		return error;
	if (at_start != NULL && (error = vm_map_entry_split(map, at_start,
	    start)) != 0) {
		if (at_end != NULL)
			vm_map_entry_join(map, at_end);
		return error;
	}
	return 0;
}

/*
 * vm_map_mergeable: whether b, right above a, can be glued to it.  Only
 * private anonymous memory: an entry holds no per-region state, so two
 * identical neighbours are one region in two pieces.  (If entries ever
 * point at a per-region object, it must be compared here too.)
 */
static bool
vm_map_mergeable(const struct vm_map_entry *a, const struct vm_map_entry *b)
{
	const unsigned kind = VM_ENTRY_ANON | VM_ENTRY_SHARED | VM_ENTRY_GUARD;

	return a->end == b->start && (a->flags & kind) == VM_ENTRY_ANON &&
	    a->flags == b->flags && a->prot == b->prot &&
	    a->max_prot == b->max_prot && strcmp(a->name, b->name) == 0;
}

/*
 * vm_map_coalesce: merge mergeable neighbours among the entries that meet
 * [start, end], from the one just below start to the one starting at end.
 */
static void
vm_map_coalesce(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *entry = vm_map_ceil(map, start), *next, *below;

	below = entry != NULL ? vm_map_prev(map, entry) : vm_map_last(map);
	if (below != NULL)
		entry = below;
	while (entry != NULL && entry->start <= end) {
		next = vm_map_next(map, entry);
		if (next != NULL && vm_map_mergeable(entry, next))
			vm_map_entry_join(map, entry);
		else
			entry = next;
	}
}

/*
 * Inserting.
 */

/* A non-empty, page-aligned range that does not wrap. */
static bool
vm_map_range_ok(vm_offset_t start, vm_offset_t end)
{
	return ((start | end) & PAGE_MASK) == 0 && start < end;
}

static bool
vm_map_flags_ok(unsigned flags)
{
	if ((flags & ~VM_ENTRY_INSERT_FLAGS) != 0)
		return false;
	if ((flags & (VM_ENTRY_HUGE | VM_ENTRY_NOHUGE)) ==
	    (VM_ENTRY_HUGE | VM_ENTRY_NOHUGE))
		return false;
	if ((flags & VM_ENTRY_SHARED) && !(flags & VM_ENTRY_ANON))
		return false;
	/* A guard is a gap, nothing else; it may belong to a stack. */
	if ((flags & VM_ENTRY_GUARD) &&
	    (flags & ~(VM_ENTRY_GUARD | VM_ENTRY_STACK)) != 0)
		return false;
	return true;
}

/* What vm_map_insert_max() refuses before looking at the entries. */
static int
vm_map_insert_check(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot, vm_prot_t max_prot, unsigned flags)
{
	if (!vm_map_range_ok(start, end) || start < map->min_offset ||
	    end > map->max_offset || !vm_map_flags_ok(flags))
		return -EINVAL;
	if (((prot | max_prot) & ~VM_PROT_ALL) != 0)
		return -EINVAL;
	if ((flags & VM_ENTRY_GUARD) && (prot | max_prot) != VM_PROT_NONE)
		return -EINVAL;
	if ((prot & ~max_prot) != 0)
		return -EACCES;
	return 0;
}

int
vm_map_insert_max(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot, vm_prot_t max_prot, unsigned flags, const char *name)
{
	struct vm_map_entry *above, *entry;
	int error;

	if ((error = vm_map_insert_check(map, start, end, prot, max_prot,
	    flags)) != 0)
		return error;
	vm_map_lock(map);
	above = vm_map_ceil(map, start);
	if (above != NULL && above->start < end) {
		error = -EEXIST;
	} else if ((entry = kmem_zone_alloc(vm_map_entry_zone, 0)) == NULL) {
		error = -ENOMEM;
	} else {
		entry->start = start;
		entry->end = end;
		entry->prot = prot;
		entry->max_prot = max_prot;
		entry->flags = (uint16_t)flags;
		strlcpy(entry->name, name != NULL ? name : "",
		    sizeof(entry->name));
		vm_map_link(map, entry, above);
		vm_map_coalesce(map, start, end);
	}
	vm_map_check(map);
	vm_map_unlock(map);
	return error;
}

int
vm_map_insert(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot, unsigned flags, const char *name)
{
	vm_prot_t max_prot;

	max_prot = (flags & VM_ENTRY_GUARD) ? VM_PROT_NONE : VM_PROT_ALL;
	return vm_map_insert_max(map, start, end, prot, max_prot, flags,
	    name);
}

/*
 * Finding space.
 */

/* The hint, page aligned, if [hint, hint + length) is free and inside. */
static bool
vm_map_try_hint(struct vm_map *map, vm_offset_t length, vm_offset_t hint,
    vm_offset_t *addr)
{
	struct vm_map_entry *above;

	if (hint == 0 || hint > map->max_offset)
		return false;
	hint = roundup2(hint, PAGE_SIZE);	/* max is aligned: no wrap */
	if (hint < map->min_offset || map->max_offset - hint < length)
		return false;
	above = vm_map_ceil(map, hint);
	if (above != NULL && above->start < hint + length)
		return false;
	*addr = hint;
	return true;
}

/* The highest align-aligned place for length in [bottom, top), if any. */
static bool
vm_map_gap_fits(vm_offset_t bottom, vm_offset_t top, vm_offset_t length,
    vm_offset_t align, vm_offset_t *addr)
{
	vm_offset_t va;

	if (top - bottom < length)
		return false;
	va = rounddown2(top - length, align);
	if (va < bottom)
		return false;
	*addr = va;
	return true;
}

/* Top-down first fit: the gaps from the top of the map down. */
static bool
vm_map_find_topdown(struct vm_map *map, vm_offset_t length,
    vm_offset_t align, vm_offset_t *addr)
{
	struct vm_map_entry *below = vm_map_last(map);
	vm_offset_t top = map->max_offset, bottom;

	for (;;) {
		bottom = below != NULL ? below->end : map->min_offset;
		if (vm_map_gap_fits(bottom, top, length, align, addr))
			return true;
		if (below == NULL)
			return false;
		top = below->start;
		below = vm_map_prev(map, below);
	}
}

int
vm_map_find_space(struct vm_map *map, vm_offset_t length, vm_offset_t hint,
    vm_offset_t *addr)
{
	bool found;

	if (length == 0 || (length & PAGE_MASK) != 0)
		return -EINVAL;
	vm_map_lock(map);
	found = vm_map_try_hint(map, length, hint, addr) ||
	    ((length & PMD_MASK) == 0 &&
	    vm_map_find_topdown(map, length, PMD_SIZE, addr)) ||
	    vm_map_find_topdown(map, length, PAGE_SIZE, addr);
	vm_map_unlock(map);
	return found ? 0 : -ENOMEM;
}

/*
 * Removing.
 */

/*
 * vm_map_remove_entries: release and free every entry in [start, end),
 * where no entry straddles an edge.  The hook sees each entry still in
 * the map.
 */
static void
vm_map_remove_entries(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *entry = vm_map_ceil(map, start), *next;

	for (; entry != NULL && entry->start < end; entry = next) {
		KASSERT(entry->start >= start && entry->end <= end,
		    ("vm_map_remove_entries: [0x%lx, 0x%lx) straddles "
		    "[0x%lx, 0x%lx)", entry->start, entry->end, start, end));
		next = vm_map_next(map, entry);
		if (!(entry->flags & VM_ENTRY_GUARD))
			vm_map_release_range(map, entry->start, entry->end);
		vm_map_unlink_free(map, entry);
	}
}

int
vm_map_remove(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	int error;

	if (!vm_map_range_ok(start, end))
		return -EINVAL;
	if ((error = vm_map_split_range(map, start, end)) != 0)
		return error;
	vm_map_lock(map);
	error = vm_map_clip(map, start, end, vm_map_straddler(map, start),
	    vm_map_straddler(map, end));
	if (error == 0)
		vm_map_remove_entries(map, start, end);
	vm_map_check(map);
	vm_map_unlock(map);
	return error;
}

void
vm_map_destroy(struct vm_map *map)
{
	vm_map_lock(map);
	vm_map_remove_entries(map, map->min_offset, map->max_offset);
	KASSERT(map->nentries == 0, ("vm_map_destroy: %u entries left",
	    map->nentries));
	vm_map_unlock(map);
	kmem_zone_free(vm_map_zone, map);
}

/*
 * Changing rights.
 */

/*
 * vm_map_protect_check: what mprotect() refuses, in address order: a hole
 * in [start, end) is -ENOMEM, rights above an entry's max_prot -EACCES.
 */
static int
vm_map_protect_check(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	struct vm_map_entry *entry = vm_map_ceil(map, start);
	vm_offset_t va = start;

	for (; va < end; entry = vm_map_next(map, entry)) {
		if (entry == NULL || entry->start > va)
			return -ENOMEM;
		if ((prot & ~entry->max_prot) != 0)
			return -EACCES;
		va = entry->end;
	}
	return 0;
}

/* The entry straddling va, if its rights differ from prot (else NULL). */
static struct vm_map_entry *
vm_map_straddler_to_change(struct vm_map *map, vm_offset_t va,
    vm_prot_t prot)
{
	struct vm_map_entry *entry = vm_map_straddler(map, va);

	return entry != NULL && entry->prot != prot ? entry : NULL;
}

/*
 * vm_map_protect_apply: give prot to every entry of [start, end) that has
 * other rights (each one lies inside the range: clipped), the leaves first.
 * Stops at the first error of the hook.
 */
static int
vm_map_protect_apply(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	struct vm_map_entry *entry = vm_map_ceil(map, start);
	int error;

	for (; entry != NULL && entry->start < end;
	    entry = vm_map_next(map, entry)) {
		if (entry->prot == prot)
			continue;
		KASSERT(entry->start >= start && entry->end <= end,
		    ("vm_map_protect_apply: [0x%lx, 0x%lx) was not clipped",
		    entry->start, entry->end));
		error = vm_map_protect_range(map, entry->start, entry->end,
		    prot);
		if (error != 0)
			return error;
		entry->prot = prot;
	}
	return 0;
}

int
vm_map_protect(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	int error;

	if (!vm_map_range_ok(start, end) || (prot & ~VM_PROT_ALL) != 0)
		return -EINVAL;
	if ((error = vm_map_split_range(map, start, end)) != 0)
		return error;
	vm_map_lock(map);
	error = vm_map_protect_check(map, start, end, prot);
	if (error == 0)
		error = vm_map_clip(map, start, end,
		    vm_map_straddler_to_change(map, start, prot),
		    vm_map_straddler_to_change(map, end, prot));
	if (error == 0) {
		error = vm_map_protect_apply(map, start, end, prot);
		vm_map_coalesce(map, start, end);
	}
	vm_map_check(map);
	vm_map_unlock(map);
	return error;
}

/*
 * Changing flags.
 */

/* Whether set and clear are a change vm_map_set_flags() may make. */
static bool
vm_map_set_flags_ok(unsigned set, unsigned clear)
{
	if (((set | clear) & ~VM_ENTRY_ADVICE_FLAGS) != 0 || (set & clear) != 0)
		return false;
	/* HUGE and NOHUGE exclude each other: setting one clears the other. */
	return set != VM_ENTRY_ADVICE_FLAGS &&
	    (set == 0 || (set | clear) == VM_ENTRY_ADVICE_FLAGS);
}

/* The flags entry would have after the change. */
static unsigned
vm_map_new_flags(const struct vm_map_entry *entry, unsigned set,
    unsigned clear)
{
	if (entry->flags & VM_ENTRY_GUARD)
		return entry->flags;		/* a gap takes no flags */
	return (entry->flags & ~clear) | set;
}

/* The entry straddling va, if the change would alter it (else NULL). */
static struct vm_map_entry *
vm_map_straddler_to_flag(struct vm_map *map, vm_offset_t va, unsigned set,
    unsigned clear)
{
	struct vm_map_entry *entry = vm_map_straddler(map, va);

	return entry != NULL && vm_map_new_flags(entry, set, clear) !=
	    entry->flags ? entry : NULL;
}

/* Give every entry of [start, end) its new flags (each one is clipped). */
static void
vm_map_set_flags_apply(struct vm_map *map, vm_offset_t start,
    vm_offset_t end, unsigned set, unsigned clear)
{
	struct vm_map_entry *entry = vm_map_ceil(map, start);
	unsigned flags;

	for (; entry != NULL && entry->start < end;
	    entry = vm_map_next(map, entry)) {
		if ((flags = vm_map_new_flags(entry, set, clear)) ==
		    entry->flags)
			continue;
		KASSERT(entry->start >= start && entry->end <= end,
		    ("vm_map_set_flags_apply: [0x%lx, 0x%lx) was not clipped",
		    entry->start, entry->end));
		entry->flags = (uint16_t)flags;
	}
}

int
vm_map_set_flags(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    unsigned set, unsigned clear)
{
	int error;

	if (!vm_map_range_ok(start, end) || !vm_map_set_flags_ok(set, clear))
		return -EINVAL;
	vm_map_lock(map);
	error = vm_map_clip(map, start, end,
	    vm_map_straddler_to_flag(map, start, set, clear),
	    vm_map_straddler_to_flag(map, end, set, clear));
	if (error == 0) {
		vm_map_set_flags_apply(map, start, end, set, clear);
		vm_map_coalesce(map, start, end);
	}
	vm_map_check(map);
	vm_map_unlock(map);
	return error;
}

/*
 * Fork.
 */

/*
 * Whether fork makes entry copy-on-write: private anonymous memory that
 * may ever be written (Linux's is_cow_mapping()).  A read-only region that
 * mprotect() may make writable later needs it as much as a writable one.
 */
static bool
vm_map_entry_needs_cow(const struct vm_map_entry *entry)
{
	const unsigned kind = VM_ENTRY_ANON | VM_ENTRY_SHARED | VM_ENTRY_GUARD;

	return (entry->flags & kind) == VM_ENTRY_ANON &&
	    (entry->max_prot & VM_PROT_WRITE) != 0;
}

/* Append a copy of src's entry to dst, then copy its leaves. */
static int
vm_map_fork_entry(struct vm_map *dst, struct vm_map *src,
    struct vm_map_entry *entry)
{
	struct vm_map_entry *copy;

	KASSERT(entry->start >= dst->min_offset &&
	    entry->end <= dst->max_offset,
	    ("vm_map_fork: [0x%lx, 0x%lx) is outside the new map",
	    entry->start, entry->end));
	if (vm_map_entry_needs_cow(entry))
		entry->flags |= VM_ENTRY_COW;
	if ((copy = kmem_zone_alloc(vm_map_entry_zone, 0)) == NULL)
		return -ENOMEM;
	*copy = *entry;
	vm_map_link(dst, copy, NULL);
	if (entry->flags & VM_ENTRY_GUARD)
		return 0;
	return vm_map_copy_range(dst, src, entry);
}

int
vm_map_fork(struct vm_map *dst, struct vm_map *src)
{
	struct vm_map_entry *entry;
	int error = 0;

	KASSERT(dst != src && dst->nentries == 0,
	    ("vm_map_fork: the new map is not empty"));
	vm_map_lock(src);
	vm_map_lock(dst);		/* new, so never a deadlock */
	dst->brk_base = src->brk_base;
	dst->brk = src->brk;
	for (entry = vm_map_first(src); entry != NULL && error == 0;
	    entry = vm_map_next(src, entry))
		error = vm_map_fork_entry(dst, src, entry);
	/* A new COW flag can make neighbours identical. */
	vm_map_coalesce(src, src->min_offset, src->max_offset);
	vm_map_coalesce(dst, dst->min_offset, dst->max_offset);
	vm_map_check(dst);
	vm_map_check(src);
	vm_map_unlock(dst);
	vm_map_unlock(src);
	return error;
}

/*
 * /proc/<pid>/maps.
 */

int
vm_map_entry_format(const struct vm_map_entry *entry, char *buf, size_t size)
{
	char prefix[64];

	/* No files, so no offset, device or inode: zeros, as Linux's anon. */
	snprintf(prefix, sizeof(prefix), "%08lx-%08lx %c%c%c%c 00000000 "
	    "00:00 0 ", entry->start, entry->end,
	    (entry->prot & VM_PROT_READ) ? 'r' : '-',
	    (entry->prot & VM_PROT_WRITE) ? 'w' : '-',
	    (entry->prot & VM_PROT_EXECUTE) ? 'x' : '-',
	    (entry->flags & VM_ENTRY_SHARED) ? 's' : 'p');
	if (entry->name[0] == '\0')
		return snprintf(buf, size, "%s\n", prefix);
	/* Linux pads the name to column 73 on 64-bit machines. */
	return snprintf(buf, size, "%-72s %s\n", prefix, entry->name);
}
