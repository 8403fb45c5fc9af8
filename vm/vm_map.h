/*
 * vm_map.h: address spaces, the map of a process's regions.
 *
 * A struct vm_map is one process's view of its user address space: a
 * sorted list of struct vm_map_entry regions (what may be mapped where,
 * with which rights and policy) beside the process's pmap (what is mapped
 * now).  The map says what a fault may do; the pmap's leaves hold the
 * pages.  vm_map.c keeps the regions and nothing else: it never allocates,
 * frees or maps a page.  Everything that concerns leaves goes through the
 * four hooks at the end of this header, implemented by the anonymous-
 * memory code (vm/vm_anon.c).
 *
 * Every entry is [start, end): page aligned, end exclusive, never empty.
 * Entries are sorted by address and never overlap.
 *
 * Locking: (c) constant after vm_map_create(); (m) the map's lock.  The
 * functions below that change a map take its lock themselves and call the
 * hooks with it held.  Only the process that owns a map changes it (its
 * system calls, its exit, fork() as the parent), so the owner may read its
 * own map without the lock; anyone else (procfs, the page daemon) reads
 * under vm_map_lock().  An entry pointer is good until the next change of
 * the map: every change may split, merge or free entries.
 */
#ifndef _VM_VM_MAP_H_
#define _VM_VM_MAP_H_

#include "kernel/list.h"
#include "kernel/lock.h"
#include "vm/vm.h"

struct pmap;

/* Entry flags. */
#define VM_ENTRY_ANON	0x0001	/* anonymous memory: zero-filled on demand */
#define VM_ENTRY_SHARED	0x0002	/* MAP_SHARED anonymous: fork shares it */
#define VM_ENTRY_STACK	0x0004	/* a stack (or its guard) */
#define VM_ENTRY_GUARD	0x0008	/* a guard gap: never mapped, faults fail */
#define VM_ENTRY_HUGE	0x0010	/* madvise(MADV_HUGEPAGE) */
#define VM_ENTRY_NOHUGE	0x0020	/* madvise(MADV_NOHUGEPAGE) */
#define VM_ENTRY_COW	0x0040	/* shared with a fork: copy on write */

/* What vm_map_insert() accepts (VM_ENTRY_COW only comes from fork). */
#define VM_ENTRY_INSERT_FLAGS	(VM_ENTRY_ANON | VM_ENTRY_SHARED |	\
	VM_ENTRY_STACK | VM_ENTRY_GUARD | VM_ENTRY_HUGE | VM_ENTRY_NOHUGE)

/* Room for a name, with its NUL; longer names are cut. */
#define VM_MAP_NAME_MAX	40

struct vm_map_entry {
	struct list_node link;		/* (m) on map->entries, by address */
	vm_offset_t	start;		/* (m) first byte, page aligned */
	vm_offset_t	end;		/* (m) past the last byte, aligned */
	vm_prot_t	prot;		/* (m) rights of the region now */
	vm_prot_t	max_prot;	/* (m) most rights prot may ever have */
	uint16_t	flags;		/* (m) VM_ENTRY_* */
	char		name[VM_MAP_NAME_MAX]; /* (m) "[heap]", a path, or "" */
};

struct vm_map {
	struct spinlock	lock;
	struct list_node entries;	/* (m) struct vm_map_entry, sorted */
	unsigned	nentries;	/* (m) entries on the list */
	struct pmap	*pmap;		/* (c) the page table; may be NULL */
	vm_offset_t	min_offset;	/* (c) entries start at or above this */
	vm_offset_t	max_offset;	/* (c) entries end at or below this */
	vm_offset_t	brk_base;	/* (m) where the heap starts (exec) */
	vm_offset_t	brk;		/* (m) the current break, >= brk_base */
};

/*
 * vm_map_init: create the zones maps and entries come from.  Called once,
 * after kmem_init(); vm_map_create() calls it itself if nobody has.  (The
 * host tests call it again after each rebuild of their fake machine.)
 */
void	vm_map_init(void);

/*
 * vm_map_create: a new, empty map of [min, max) (page aligned, min < max)
 * over pmap, which stays the caller's (vm_map_destroy() leaves it alone).
 * NULL if out of memory.
 */
struct vm_map *vm_map_create(struct pmap *pmap, vm_offset_t min,
	    vm_offset_t max);

/*
 * vm_map_destroy: remove every entry, calling vm_map_release_range() for
 * each one that is not a guard, and free the map.
 */
void	vm_map_destroy(struct vm_map *map);

/* The map lock, for readers other than the owner (see above). */
void	vm_map_lock(struct vm_map *map);
void	vm_map_unlock(struct vm_map *map);

/*
 * vm_map_lookup: the entry that contains va, or NULL.  The caller holds the
 * map lock or owns the map; the entry is good until the map changes.
 */
struct vm_map_entry *vm_map_lookup(struct vm_map *map, vm_offset_t va);

/*
 * vm_map_first, vm_map_next: the entries in address order (NULL after the
 * last), e.g. for /proc/<pid>/maps.  Same rule as vm_map_lookup().
 */
struct vm_map_entry *vm_map_first(struct vm_map *map);
struct vm_map_entry *vm_map_next(struct vm_map *map,
	    struct vm_map_entry *entry);

/*
 * vm_map_insert: a new region [start, end) with rights prot, VM_ENTRY_*
 * flags (from VM_ENTRY_INSERT_FLAGS) and name (NULL for none).  Its
 * max_prot is VM_PROT_ALL, or VM_PROT_NONE for a guard, whose prot must be
 * VM_PROT_NONE too.  A private anonymous region is merged with an
 * identical neighbour (see vm_map.c).  0; -EINVAL if the range is
 * unaligned, empty or outside [min, max), or the flags or prot are bad;
 * -EEXIST if it overlaps an entry; -ENOMEM.
 */
int	vm_map_insert(struct vm_map *map, vm_offset_t start, vm_offset_t end,
	    vm_prot_t prot, unsigned flags, const char *name);

/*
 * vm_map_insert_max: vm_map_insert() with a max_prot of one's own (e.g. a
 * trampoline page that must never become writable).  -EACCES if prot is
 * not within max_prot.
 */
int	vm_map_insert_max(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end, vm_prot_t prot, vm_prot_t max_prot,
	    unsigned flags, const char *name);

/*
 * vm_map_find_space: a free range of length bytes (page aligned) for
 * mmap() without MAP_FIXED; the address goes in *addr.  The hint, rounded
 * up to a page, if the range there is free and inside the map; otherwise
 * the highest free range below max (top-down first fit, as Linux places
 * mmap()s under the stack), 2 MiB aligned first when length is a multiple
 * of 2 MiB (so that it can be mapped by huge pages).  Nothing is inserted.
 * 0; -EINVAL for a zero or unaligned length; -ENOMEM if nothing fits.
 */
int	vm_map_find_space(struct vm_map *map, vm_offset_t length,
	    vm_offset_t hint, vm_offset_t *addr);

/*
 * vm_map_remove: munmap(): remove whatever is mapped in [start, end),
 * cutting entries that straddle an edge; holes in the range are fine.
 * vm_map_release_range() is called once for each removed piece that is
 * not a guard, while its entry is still in the map.  0; -EINVAL if the
 * range is unaligned or empty; -ENOMEM if an entry could not be cut (then
 * nothing has changed).
 */
int	vm_map_remove(struct vm_map *map, vm_offset_t start, vm_offset_t end);

/*
 * vm_map_protect: mprotect(): set the rights of [start, end) to prot,
 * cutting entries at the edges.  vm_map_protect_range() is called for each
 * piece whose rights change.  0; -EINVAL if the range is unaligned or
 * empty or prot is not a VM_PROT_* set; -ENOMEM if part of the range is
 * unmapped (as Linux); -EACCES if prot exceeds an entry's max_prot (a
 * guard's max_prot is NONE).  Those errors are found before anything
 * changes, and so is -ENOMEM when an edge cannot be cut.  An error from
 * the hook stops the change part way: the pieces before it have their new
 * rights (Linux's mprotect() can stop part way too).
 */
int	vm_map_protect(struct vm_map *map, vm_offset_t start, vm_offset_t end,
	    vm_prot_t prot);

/* The flags vm_map_set_flags() changes: madvise()'s huge-page policy. */
#define VM_ENTRY_ADVICE_FLAGS	(VM_ENTRY_HUGE | VM_ENTRY_NOHUGE)

/*
 * vm_map_set_flags: madvise(MADV_HUGEPAGE, MADV_NOHUGEPAGE): every entry
 * of [start, end) gets the flags set and loses the flags clear, cutting
 * entries at the edges; identical neighbours are merged afterwards.  Both
 * are VM_ENTRY_ADVICE_FLAGS, and never leave an entry with HUGE and NOHUGE
 * together: setting one clears the other.  Holes are skipped (madvise()
 * says what they mean), and so are guards, which take no flags.  No hook
 * is called: the flags are policy for faults to come, and the leaves stay
 * as they are (a 2 MiB page already mapped stays after NOHUGEPAGE, as in
 * Linux); a caller that cuts through a 2 MiB leaf splits it first.
 * 0; -EINVAL if the range is unaligned or empty or the flags are bad;
 * -ENOMEM if an edge could not be cut (then nothing has changed).
 */
int	vm_map_set_flags(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end, unsigned set, unsigned clear);

/*
 * vm_map_fork: copy every entry of src into dst, a fresh empty map with
 * room for them, and the brk range.  A private anonymous entry that may
 * ever be written (max_prot has WRITE) becomes VM_ENTRY_COW in both maps;
 * then vm_map_copy_range() copies its leaves (guards have none).  0, or an
 * error (-ENOMEM, or the hook's): dst then holds a part of src, and the
 * caller destroys it.
 */
int	vm_map_fork(struct vm_map *dst, struct vm_map *src);

/*
 * vm_map_entry_format: the /proc/<pid>/maps line of entry, as Linux writes
 * it ("00400000-00401000 r-xp 00000000 00:00 0  ...  name\n").  Returns
 * the line's length, like snprintf().
 */
int	vm_map_entry_format(const struct vm_map_entry *entry, char *buf,
	    size_t size);

/* Maps and entries allocated, in all maps (tests, /proc). */
size_t	vm_map_count(void);
size_t	vm_map_entry_count(void);

/*
 * The hooks: how vm_map reaches the pages.  Implemented by the VM code
 * that owns leaves (vm/vm_anon.c).  All but vm_map_split_range() are
 * called with the map lock held (both maps' for the copy): they must not
 * sleep, nor call a function above that changes the map (those take the
 * lock; vm_map_lookup() is fine).  Their ranges are page aligned and are
 * one whole entry, still in the map.
 */

/*
 * vm_map_split_range: [start, end) of map is about to be removed or have
 * its rights changed: split every 2 MiB leaf that straddles start or end
 * into 4 KiB leaves, so that the hooks below only ever see whole ones.
 * Unlike them it is called without the map lock, and may sleep (for
 * memory, or for I/O on the page).  0, or an error (-EINTR) that ends the
 * call before anything has changed.
 */
int	vm_map_split_range(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

/*
 * vm_map_release_range: [start, end) is leaving map (munmap, exit): free
 * whatever its leaves reference (frames, swap slots) and remove the
 * leaves (a 2 MiB leaf is always whole: vm_map_split_range() came first).  Called exactly once
 * for each piece that leaves, before its entry does.
 */
void	vm_map_release_range(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end);

/*
 * vm_map_copy_range: fork: give dst the leaves of src's entry, copy on
 * write for a VM_ENTRY_COW entry (already marked in both maps), shared
 * for a VM_ENTRY_SHARED one.  0 or a negative errno (fork fails).
 */
int	vm_map_copy_range(struct vm_map *dst, struct vm_map *src,
	    struct vm_map_entry *entry);

/*
 * vm_map_protect_range: the rights of [start, end) become prot (the entry
 * still has its old ones).  Afterwards no leaf there may allow an access
 * prot lacks.  A right prot adds may be granted now or left to the fault
 * path, but never to a leaf that is read-only on purpose (a COW leaf).
 * For VM_PROT_NONE the pages must stay where mprotect() back can find
 * them: unlike release, nothing is freed.  0 or a negative errno (a
 * 2 MiB leaf is always whole here: vm_map_split_range() came first).
 */
int	vm_map_protect_range(struct vm_map *map, vm_offset_t start,
	    vm_offset_t end, vm_prot_t prot);

#endif /* !_VM_VM_MAP_H_ */
