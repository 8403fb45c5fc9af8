/*
 * sys_mman.c: the memory system calls: brk, mmap, munmap, mprotect and
 * madvise, with Linux's semantics and errno values.
 *
 * These are thin: the map (vm/vm_map.c) already knows how to insert,
 * remove and protect a range, and the pages follow through its hooks
 * (vm/vm_anon.c).  What is left here is the system-call contract: which
 * arguments are refused with which errno, where a mapping goes, and the
 * few things a region alone cannot say:
 *
 *  - brk: the heap is one region, "[heap]", from map->brk_base up to the
 *    break rounded up to a page.  Growing inserts the new pages as a
 *    private anonymous region, which vm_map_insert() merges with the heap
 *    below, so the heap stays one entry; shrinking is munmap().  Like
 *    Linux, the heap keeps one free page below the next region, and a
 *    break that cannot move is answered with the old break, not an errno.
 *
 *  - MAP_SHARED: fork copies leaves (vm_map_copy_range()), and there is no
 *    shared object under a region that a page faulted in later could be
 *    found in.  So a page of a shared mapping must exist before any fork
 *    for both sides to see it: the simple way chosen is to fault every
 *    page of a shared mapping in at mmap() time (and when mprotect() gives
 *    a PROT_NONE one its first rights), so that fork shares them all.  It
 *    costs the memory up front; a shared object (Linux's shmem, FreeBSD's
 *    vm_object) would remove that cost and is the way to go if shared
 *    memory ever gets big.  A shared region is never merged, and
 *    MADV_DONTNEED leaves it alone: its pages are the only copy of the
 *    data, as Linux's shmem pages are, so the data stays.
 *
 *  - Files: nothing can be mapped from a file yet (-EBADF or -ENODEV).
 *
 *  - madvise: DONTNEED (and FREE, which may be done the same way) frees
 *    the pages of a private range now; PAGEOUT sends them to swap now
 *    (vm_pageout_range()).  HUGEPAGE and NOHUGEPAGE set VM_ENTRY_HUGE or
 *    VM_ENTRY_NOHUGE on the range and clear the other
 *    (vm_map_set_flags(), which cuts entries at its edges): the policy
 *    the fault path asks through thp_entry_allowed() (vm/thp.h), which
 *    says no to shared regions whatever their flag.  As in Linux the flag
 *    is set on any region (guards, being gaps, excepted), and pages
 *    already mapped stay as they are, but for a 2 MiB leaf that an edge
 *    of the range cuts through: that one is split first, since a region
 *    never ends inside a 2 MiB leaf (Linux's vma_adjust_trans_huge()).
 *    The other hints are accepted and ignored.
 *
 * A region's rights are the mmap() rights as given: PROT_WRITE alone is a
 * write-only region.  The MMUs cannot refuse reads of a present page, so
 * such a page can be read once it is written; a read of it before that is
 * SIGSEGV, where Linux would allow it.
 *
 * The owner of a map reads it without the lock (vm_map.h): only the owner
 * changes it, and every vm_map_* call that changes it locks it.
 */
#include "kernel/sys_mman.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/systm.h"
#include "vm/vm_anon.h"
#include "vm/vm_fault.h"
#include "vm/vm_pageout.h"
#include "vm/vm_map.h"
#include "vm/vm_thp.h"

/* The PROT_* rights mprotect() accepts (PROT_SEM means nothing here). */
#define PROT_VALID	(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM)

static vm_prot_t
prot_to_vm(int prot)
{
	vm_prot_t vm_prot = VM_PROT_NONE;

	if (prot & PROT_READ)
		vm_prot |= VM_PROT_READ;
	if (prot & PROT_WRITE)
		vm_prot |= VM_PROT_WRITE;
	if (prot & PROT_EXEC)
		vm_prot |= VM_PROT_EXECUTE;
	return vm_prot;
}

/*
 * mman_end: the end of [addr, addr + len rounded up to a page) in *endp;
 * false if that wraps around.
 */
static bool
mman_end(vm_offset_t addr, size_t len, vm_offset_t *endp)
{
	if (len > SIZE_MAX - PAGE_MASK)
		return false;
	len = roundup2(len, PAGE_SIZE);
	if (addr + len < addr)
		return false;
	*endp = addr + len;
	return true;
}

/* The first entry of map that ends above va, or NULL. */
static struct vm_map_entry *
mman_first_entry(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry = vm_map_first(map);

	while (entry != NULL && entry->end <= va)
		entry = vm_map_next(map, entry);
	return entry;
}

/*
 * mman_range_mapped: whether entries cover all of [start, end).  A guard
 * gap counts as a hole: in Linux the stack guard is no mapping at all.
 */
static bool
mman_range_mapped(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *entry = mman_first_entry(map, start);
	vm_offset_t va = start;

	for (; va < end; entry = vm_map_next(map, entry)) {
		if (entry == NULL || entry->start > va ||
		    (entry->flags & VM_ENTRY_GUARD))
			return false;
		va = entry->end;
	}
	return true;
}

/*
 * mman_populate: fault every page of [start, end) in, as a first touch
 * by the owner would, with a right the region has (prot); a region with
 * no rights is left empty.  0 or vm_fault_map()'s error.
 */
static int
mman_populate(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot)
{
	vm_prot_t access;
	int error;

	if (prot & VM_PROT_READ)
		access = VM_PROT_READ;
	else if (prot & VM_PROT_WRITE)
		access = VM_PROT_WRITE;
	else if (prot & VM_PROT_EXECUTE)
		access = VM_PROT_EXECUTE;
	else
		return 0;
	for (vm_offset_t va = start; va < end; va += PAGE_SIZE)
		if ((error = vm_fault_map(map, va, access)) != 0)
			return error;
	return 0;
}

/*
 * brk.
 */

/*
 * brk_grow: extend the heap from old_end to new_end (page aligned), if
 * that leaves a free page below the next region, as Linux requires.
 */
static int
brk_grow(struct vm_map *map, vm_offset_t old_end, vm_offset_t new_end)
{
	struct vm_map_entry *next = mman_first_entry(map, old_end);

	if (next != NULL && new_end + PAGE_SIZE > next->start)
		return -ENOMEM;
	return vm_map_insert(map, old_end, new_end, VM_PROT_RW, VM_ENTRY_ANON,
	    "[heap]");
}

vm_offset_t
vm_brk(struct vm_map *map, vm_offset_t addr)
{
	vm_offset_t old_end = roundup2(map->brk, PAGE_SIZE), new_end;
	int error = 0;

	KASSERT(map->brk >= map->brk_base, ("vm_brk: break 0x%lx below its "
	    "base 0x%lx", map->brk, map->brk_base));
	if (addr < map->brk_base || addr > map->max_offset)
		return map->brk;	/* brk(0) asks for the break this way */
	new_end = roundup2(addr, PAGE_SIZE);
	if (new_end > old_end)
		error = brk_grow(map, old_end, new_end);
	else if (new_end < old_end)
		error = vm_map_remove(map, new_end, old_end);
	if (error != 0)
		return map->brk;
	vm_map_lock(map);
	map->brk = addr;	/* unrounded, as Linux keeps it */
	vm_map_unlock(map);
	return addr;
}

/*
 * mmap.
 */

int
mmap_source_check(int flags, int fd, int64_t offset)
{
	if ((offset & PAGE_MASK) != 0)
		return -EINVAL;
	if (flags & MAP_ANONYMOUS)
		return 0;		/* fd and offset are ignored */
	return fd < 0 ? -EBADF : -ENODEV;
}

/*
 * mmap_entry_flags: the VM_ENTRY_* flags for mmap()'s flags, in
 * *entry_flags.  -EINVAL unless the type is private or shared.
 * MAP_SHARED_VALIDATE is taken as MAP_SHARED: Linux would refuse flags it
 * does not know (-EOPNOTSUPP); Pagoda ignores them, as for MAP_SHARED.
 */
static int
mmap_entry_flags(int flags, unsigned *entry_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_PRIVATE:
		*entry_flags = VM_ENTRY_ANON;
		return 0;
	case MAP_SHARED:
	case MAP_SHARED_VALIDATE:
		*entry_flags = VM_ENTRY_ANON | VM_ENTRY_SHARED;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * mmap_place: where len bytes (page aligned) go, in *startp.  Without
 * MAP_FIXED, a free range at the hint addr or anywhere else; with it,
 * exactly at addr, after unmapping what was there (MAP_FIXED_NOREPLACE
 * unmaps nothing: vm_map_insert() then says -EEXIST).
 */
static int
mmap_place(struct vm_map *map, vm_offset_t addr, size_t len, int flags,
    vm_offset_t *startp)
{
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) == 0)
		return vm_map_find_space(map, len, addr, startp);
	if ((addr & PAGE_MASK) != 0)
		return -EINVAL;
	if (addr < map->min_offset)
		return -EPERM;		/* Linux: below mmap_min_addr */
	if (addr > map->max_offset - len)
		return -ENOMEM;
	*startp = addr;
	if (flags & MAP_FIXED_NOREPLACE)
		return 0;
	return vm_map_remove(map, addr, addr + len);
}

/*
 * mmap_fill: fault in a new mapping's pages where they must be (shared:
 * see above) or are asked for (MAP_POPULATE, best effort as in Linux).
 * A shared mapping that cannot be filled is unmapped: -ENOMEM.
 */
static int
mmap_fill(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    vm_prot_t prot, unsigned entry_flags, int flags)
{
	if ((entry_flags & VM_ENTRY_SHARED) == 0) {
		if (flags & MAP_POPULATE)
			(void)mman_populate(map, start, end, prot);
		return 0;
	}
	if (mman_populate(map, start, end, prot) == 0)
		return 0;
	(void)vm_map_remove(map, start, end);
	return -ENOMEM;
}

int
vm_mmap(struct vm_map *map, vm_offset_t addr, size_t len, int prot,
    int flags, vm_offset_t *addrp)
{
	vm_prot_t vm_prot = prot_to_vm(prot);	/* unknown bits: ignored */
	unsigned entry_flags;
	vm_offset_t start;
	int error;

	if (len == 0)
		return -EINVAL;
	if ((error = mmap_entry_flags(flags, &entry_flags)) != 0)
		return error;
	if (flags & MAP_HUGETLB)
		return -ENOMEM;	/* no hugetlbfs pool: Linux's answer */
	if (len > map->max_offset - map->min_offset)
		return -ENOMEM;
	len = roundup2(len, PAGE_SIZE);
	if ((error = mmap_place(map, addr, len, flags, &start)) != 0 ||
	    (error = vm_map_insert(map, start, start + len, vm_prot,
	    entry_flags, NULL)) != 0 ||
	    (error = mmap_fill(map, start, start + len, vm_prot, entry_flags,
	    flags)) != 0)
		return error;
	*addrp = start;
	return 0;
}

/*
 * munmap and mprotect.
 */

int
vm_munmap(struct vm_map *map, vm_offset_t addr, size_t len)
{
	vm_offset_t end;

	if ((addr & PAGE_MASK) != 0 || len == 0 || !mman_end(addr, len, &end) ||
	    end > map->max_offset)
		return -EINVAL;
	return vm_map_remove(map, addr, end);
}

/* Fault in the shared pages of [start, end) that may now be accessed. */
static int
mprotect_fill_shared(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct vm_map_entry *entry = mman_first_entry(map, start);
	int error;

	for (; entry != NULL && entry->start < end;
	    entry = vm_map_next(map, entry)) {
		if ((entry->flags & VM_ENTRY_SHARED) == 0)
			continue;
		error = mman_populate(map, MAX(entry->start, start),
		    MIN(entry->end, end), entry->prot);
		if (error != 0)
			return error;
	}
	return 0;
}

int
vm_mprotect(struct vm_map *map, vm_offset_t addr, size_t len, int prot)
{
	vm_offset_t end;
	int error;

	if ((addr & PAGE_MASK) != 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!mman_end(addr, len, &end))
		return -ENOMEM;
	/* No region grows, so PROT_GROWSDOWN/UP are refused with the rest. */
	if ((prot & ~PROT_VALID) != 0)
		return -EINVAL;
	if (!mman_range_mapped(map, addr, end))
		return -ENOMEM;
	if ((error = vm_map_protect(map, addr, end, prot_to_vm(prot))) != 0)
		return error;
	return mprotect_fill_shared(map, addr, end);
}

/*
 * madvise.
 */

static bool
madvise_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_COLD:
	case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

/*
 * madvise_release: DONTNEED, or FREE (free_only): free the pages of the
 * private regions in [start, end).  Shared regions keep theirs (see
 * above), except that FREE on one is -EINVAL, as in Linux.
 */
static int
madvise_release(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    bool free_only)
{
	struct vm_map_entry *entry;
	int error;

	if ((error = vm_map_split_range(map, start, end)) != 0)
		return error;
	vm_map_lock(map);
	for (entry = mman_first_entry(map, start);
	    entry != NULL && entry->start < end;
	    entry = vm_map_next(map, entry)) {
		if (entry->flags & VM_ENTRY_GUARD)
			continue;
		if (entry->flags & VM_ENTRY_SHARED) {
			if (free_only) {
				error = -EINVAL;
				break;
			}
			continue;
		}
		vm_anon_release_pages(map, MAX(entry->start, start),
		    MIN(entry->end, end));
	}
	vm_map_unlock(map);
	return error;
}

/*
 * madvise_huge_edge: va is an edge of the range that gets the flag set:
 * if the region around va is to be cut there (its flag changes), split
 * the 2 MiB leaf at va first, if any, for a region never ends inside
 * one.  A region that keeps its flags keeps its 2 MiB pages too.
 */
static int
madvise_huge_edge(struct vm_map *map, vm_offset_t va, unsigned set)
{
	struct vm_map_entry *entry = vm_map_lookup(map, va);

	if (entry == NULL || entry->start == va ||
	    (entry->flags & VM_ENTRY_ADVICE_FLAGS) == set)
		return 0;			/* no cut at va */
	return vm_thp_split_edges(map, va, va);	/* the one edge, va */
}

/*
 * madvise_huge: HUGEPAGE or NOHUGEPAGE on [start, end): the one flag set,
 * the other cleared, on the regions there.
 */
static int
madvise_huge(struct vm_map *map, vm_offset_t start, vm_offset_t end,
    int advice)
{
	unsigned set = advice == MADV_HUGEPAGE ? VM_ENTRY_HUGE :
	    VM_ENTRY_NOHUGE;
	int error;

	if ((error = madvise_huge_edge(map, start, set)) != 0 ||
	    (error = madvise_huge_edge(map, end, set)) != 0)
		return error;
	return vm_map_set_flags(map, start, end, set,
	    VM_ENTRY_ADVICE_FLAGS & ~set);
}

int
vm_madvise(struct vm_map *map, vm_offset_t addr, size_t len, int advice)
{
	bool mapped;
	vm_offset_t end;
	int error = 0;

	if (!madvise_known(advice) || (addr & PAGE_MASK) != 0 ||
	    !mman_end(addr, len, &end))
		return -EINVAL;
	if (end == addr)
		return 0;
	mapped = mman_range_mapped(map, addr, end);
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		error = madvise_release(map, addr, end, advice == MADV_FREE);
	if (advice == MADV_PAGEOUT)
		error = vm_pageout_range(map, addr, end);
	if (advice == MADV_HUGEPAGE || advice == MADV_NOHUGEPAGE)
		error = madvise_huge(map, addr, end, advice);
	/*
	 * The other hints, and COLD (which could move pages to the inactive
	 * queue): nothing to do yet.
	 */
	if (error == 0 && !mapped)
		error = -ENOMEM;
	return error;
}

/*
 * The handlers: the functions above on the caller's map.  A kernel thread
 * has none and never makes system calls, but the tests call the handlers
 * from one.
 */

long
sys_brk(const struct syscall_args *a)
{
	struct vm_map *map = curproc->p_map;

	if (map == NULL)
		return 0;
	return (long)vm_brk(map, (vm_offset_t)a->arg[0]);
}

/* mmap(addr, len, prot, flags, fd, offset) */
long
sys_mmap(const struct syscall_args *a)
{
	struct vm_map *map = curproc->p_map;
	int flags = (int)a->arg[3];
	vm_offset_t addr;
	int error;

	error = mmap_source_check(flags, (int)a->arg[4], (int64_t)a->arg[5]);
	if (error != 0)
		return error;
	if (map == NULL)
		return -ENOMEM;
	error = vm_mmap(map, (vm_offset_t)a->arg[0], (size_t)a->arg[1],
	    (int)a->arg[2], flags, &addr);
	return error != 0 ? error : (long)addr;
}

long
sys_munmap(const struct syscall_args *a)
{
	struct vm_map *map = curproc->p_map;

	if (map == NULL)
		return -EINVAL;
	return vm_munmap(map, (vm_offset_t)a->arg[0], (size_t)a->arg[1]);
}

long
sys_mprotect(const struct syscall_args *a)
{
	struct vm_map *map = curproc->p_map;

	if (map == NULL)
		return -ENOMEM;
	return vm_mprotect(map, (vm_offset_t)a->arg[0], (size_t)a->arg[1],
	    (int)a->arg[2]);
}

long
sys_madvise(const struct syscall_args *a)
{
	struct vm_map *map = curproc->p_map;

	if (map == NULL)
		return -ENOMEM;
	return vm_madvise(map, (vm_offset_t)a->arg[0], (size_t)a->arg[1],
	    (int)a->arg[2]);
}
