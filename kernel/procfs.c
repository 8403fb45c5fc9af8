/*
 * procfs.c: /proc, the kernel's counters and processes as text files (see
 * procfs.h for the list, docs/files.md for the formats).
 *
 * Snapshots.  A file's text is made when it is opened, whole, into a
 * buffer of its own, and reads copy from there with the file's offset like
 * any file of the archive.  So a reader that reads in small pieces gets
 * one consistent text, not pieces of several moments; Linux's seq_file
 * gets the same effect a record at a time.  The price: to see new numbers,
 * open the file again (vmstat does, every interval).
 *
 * Whose data.  Everything /proc shows belongs to someone else: the process
 * tree (proc_lock), a process's state (sched_lock), its map (the map's
 * lock) and page table (the pmap's lock, which pmap_lookup() takes).  The
 * lock order is proc_lock, then a map's lock, then its pmap's (the fault
 * path takes map before pmap); sched_lock only inside proc_lock, as
 * proc_kill() does.  All are spin locks, which keep interrupts off while
 * held, hence two rules:
 *
 *  - Nothing is allocated with a lock held.  A size is learnt under the
 *    locks, the memory allocated without them, and the locks taken again
 *    to copy; if the thing grew meanwhile, try again (map_snapshot()).
 *  - A page-table walk holds the locks for one 2 MiB chunk at a time (512
 *    lookups at most) and lets go between chunks, so that an 8 MiB stack
 *    or a 1 GiB mmap never keeps interrupts off for long.
 *
 * Keeping an address space alive.  A process frees its map as it exits
 * (exit.c: p_map = NULL, then vm_map_destroy()) without any lock of ours.
 * What stops that from happening under our feet is that on one CPU the
 * exiting process cannot run while we hold a spin lock.  So a process's
 * map is only used with proc_lock held, after checking, under that hold,
 * that the process still has that map (source_hold()): the process is
 * looked up by pid again for every chunk.  (With SMP, exit will have to
 * clear p_map under proc_lock for this to stay true.)
 *
 * pagemap.  A file of 2^38 bytes (amd64; 2^39 on arm64) cannot be made
 * at open, so it is the one file made at read time (pagemap_read()): the
 * entries asked for, at most PAGEMAP_BATCH of them under one hold of the
 * locks, copied out with none held.  It is not a snapshot: two reads see
 * two moments, as on Linux.
 *
 * Processes.  The process table (allproc) is proc.c's own, and
 * proc_find_locked() skips zombies, which ps wants to see.  But every
 * process is a child of another, down from proc0 (pid 0), until it is
 * reaped, so /proc walks that tree instead (tree_next()).
 */
#include "kernel/procfs.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lock.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/stat.h"
#include "kernel/syscall.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/swap.h"
#include "vm/thp.h"
#include "vm/vm_audit.h"
#include "vm/vm_stats.h"

/* What a node of /proc is: the low byte of its ino (procfs.h). */
enum procfs_kind {
	PROCFS_ROOT = 1,	/* /proc */
	PROCFS_VMSTAT,
	PROCFS_MEMINFO,
	PROCFS_UPTIME,
	PROCFS_SELF,		/* a name only: it looks up as PROCFS_PID */
	PROCFS_PID,		/* /proc/<pid> */
	PROCFS_MAPS,
	PROCFS_PMD,
	PROCFS_STAT,
	PROCFS_STATUS,
	PROCFS_SWAPS,
	PROCFS_VMAUDIT,
	PROCFS_PAGEMAP,
	PROCFS_SMAPS,
	PROCFS_SMAPS_ROLLUP,
};

#define PROCFS_DIR_MODE		(S_IFDIR | 0555)
#define PROCFS_FILE_MODE	(S_IFREG | 0444)
#define PROCFS_OWNER		(-1)	/* map_source.pid: the caller's map */

#define PROCFS_TEXT_SMALL	2048	/* vmstat, meminfo, uptime, stat... */
#define PROCFS_MAPS_LINE	128	/* more than the longest maps line */
#define PROCFS_PMD_LINE		64	/* more than the longest pmd line */
#define PROCFS_PMD_LINES_MAX	2048	/* a pmd file stops there (4 GiB) */
#define PROCFS_SMAPS_REGION	1024	/* more than a region's smaps text */
#define PAGEMAP_BATCH		64	/* pagemap entries per hold of locks */
#define PROCFS_REGIONS_MAX	1024	/* a snapshot copies no more regions */

/* Linux's PF_KTHREAD, the flag of a kernel thread in /proc/<pid>/stat. */
#define PF_KTHREAD		0x00200000

struct procfs_name {
	const char	*name;
	enum procfs_kind kind;
};

/* /proc's names besides the processes, listed first (as Linux does). */
static const struct procfs_name root_names[] = {
	{ "meminfo", PROCFS_MEMINFO },
	{ "self", PROCFS_SELF },
	{ "swaps", PROCFS_SWAPS },
	{ "uptime", PROCFS_UPTIME },
	{ "vmaudit", PROCFS_VMAUDIT },
	{ "vmstat", PROCFS_VMSTAT },
};

/* What every /proc/<pid> holds. */
static const struct procfs_name pid_names[] = {
	{ "maps", PROCFS_MAPS },
	{ "pagemap", PROCFS_PAGEMAP },
	{ "pmd", PROCFS_PMD },
	{ "smaps", PROCFS_SMAPS },
	{ "smaps_rollup", PROCFS_SMAPS_ROLLUP },
	{ "stat", PROCFS_STAT },
	{ "status", PROCFS_STATUS },
};

/* ---- text buffers ------------------------------------------------------ */

/*
 * A text being made: buf holds len bytes and a NUL.  text_printf() adds a
 * piece whole or not at all; once one did not fit, full is set and
 * nothing more is added, so a text that is cut ends after a whole piece.
 */
struct text {
	char	*buf;
	size_t	size;
	size_t	len;
	bool	full;
};

static void
text_init(struct text *t, char *buf, size_t size)
{
	KASSERT(size > 0, ("text_init: no room for the NUL"));
	*t = (struct text){ .buf = buf, .size = size };
	buf[0] = '\0';
}

/* A kmalloc'ed text of size bytes: 0 or -ENOMEM. */
static int
text_alloc(struct text *t, size_t size)
{
	char *buf = kmalloc(size, 0);

	if (buf == NULL)
		return -ENOMEM;
	text_init(t, buf, size);
	return 0;
}

static void __printflike(2, 3)
text_printf(struct text *t, const char *fmt, ...)
{
	size_t room = t->size - t->len;
	va_list ap;
	int n;

	if (t->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, room, fmt, ap);
	va_end(ap);
	if ((size_t)n >= room) {
		t->full = true;
		t->buf[t->len] = '\0';
	} else
		t->len += (size_t)n;
}

/* What the test-facing functions return: the length, or -ENOSPC. */
static int
text_result(const struct text *t)
{
	return t->full ? -ENOSPC : (int)t->len;
}

/* ---- the process tree ------------------------------------------------- */

/* With proc_lock held: proc0, the root of the tree (NULL before boot). */
static struct proc *
tree_root(void)
{
	return proc_find_locked(0);
}

/*
 * With proc_lock held: the process after p in a walk of the whole tree,
 * parents before their children; NULL after the last.
 */
static struct proc *
tree_next(struct proc *p)
{
	if (!list_empty(&p->p_children))
		return list_entry(p->p_children.next, struct proc, p_sibling);
	for (; p->p_parent != NULL; p = p->p_parent)
		if (p->p_sibling.next != &p->p_parent->p_children)
			return list_entry(p->p_sibling.next, struct proc,
			    p_sibling);
	return NULL;
}

/* With proc_lock held: the process pid, zombies included, or NULL. */
static struct proc *
proc_lookup_locked(int pid)
{
	for (struct proc *p = tree_root(); p != NULL; p = tree_next(p))
		if (p->p_pid == pid)
			return p;
	return NULL;
}

static bool
proc_exists(int pid)
{
	bool found;

	spin_lock(&proc_lock);
	found = proc_lookup_locked(pid) != NULL;
	spin_unlock(&proc_lock);
	return found;
}

/* Page-table pages of every process that owns an address space. */
static size_t
page_table_pages(void)
{
	size_t n = 0;

	spin_lock(&proc_lock);
	for (struct proc *p = tree_root(); p != NULL; p = tree_next(p))
		if (p->p_map != NULL && p->p_pmap != NULL)
			n += pmap_ptp_count(p->p_pmap);
	spin_unlock(&proc_lock);
	return n;
}

/* ---- address spaces: regions and leaves -------------------------------- */

/*
 * Where a map comes from: a process (pid > 0), which must still own it
 * each time it is used, or the caller (PROCFS_OWNER), who owns the map
 * and keeps it alive.  map and pmap are NULL for a process without an
 * address space of its own (a kernel thread, a zombie).
 */
struct map_source {
	int		pid;
	struct vm_map	*map;
	struct pmap	*pmap;
};

/*
 * source_hold: make sure src's map stays while we use it (see the top):
 * true, with proc_lock held for a process; false if the process has gone
 * or has another map now (exec).
 */
static bool
source_hold(struct map_source *src)
{
	struct proc *p;

	if (src->pid == PROCFS_OWNER)
		return true;
	spin_lock(&proc_lock);
	p = proc_lookup_locked(src->pid);
	if (p != NULL && src->map != NULL && p->p_map == src->map)
		return true;
	spin_unlock(&proc_lock);
	return false;
}

static void
source_release(struct map_source *src)
{
	if (src->pid != PROCFS_OWNER)
		spin_unlock(&proc_lock);
}

/* Copies of a map's entries (their list links mean nothing). */
struct map_snapshot {
	struct vm_map_entry *entries;	/* kmalloc'ed, or NULL */
	unsigned	count;
};

/* With the map locked: copy at most cap entries; the map's own count. */
static unsigned
snapshot_copy(struct vm_map *map, struct map_snapshot *snap, unsigned cap)
{
	struct vm_map_entry *e;

	snap->count = 0;
	for (e = vm_map_first(map); e != NULL && snap->count < cap;
	    e = vm_map_next(map, e))
		snap->entries[snap->count++] = *e;
	return map->nentries;
}

/*
 * map_snapshot: copies of src's entries (none if it has no map), at most
 * PROCFS_REGIONS_MAX.  0; -ENOENT (the process has gone); -ENOMEM.  The
 * caller kfree()s snap->entries.
 */
static int
map_snapshot(struct map_source *src, struct map_snapshot *snap)
{
	unsigned cap = 16, total;

	*snap = (struct map_snapshot){ NULL, 0 };
	if (src->map == NULL)
		return 0;
	for (;;) {
		snap->entries = kmalloc(cap * sizeof(*snap->entries), 0);
		if (snap->entries == NULL)
			return -ENOMEM;
		if (!source_hold(src)) {
			kfree(snap->entries);
			snap->entries = NULL;
			return -ENOENT;
		}
		vm_map_lock(src->map);
		total = snapshot_copy(src->map, snap, cap);
		vm_map_unlock(src->map);
		source_release(src);
		if (total <= cap || cap == PROCFS_REGIONS_MAX)
			return 0;
		kfree(snap->entries);		/* it grew: again, bigger */
		cap = MIN(total + 8, PROCFS_REGIONS_MAX);
	}
}

/* What the leaves of one 2 MiB-aligned chunk (or a part of one) hold. */
struct chunk_census {
	size_t	present;	/* 4 KiB pages present leaves map */
	size_t	swapped;	/* 4 KiB pages swap leaves name */
	bool	huge;		/* a 2 MiB leaf maps the chunk */
	bool	huge_swap;	/* a 2 MiB swap leaf stands for it */
};

/* The end of the 2 MiB-aligned chunk that holds va, or end if sooner. */
static vm_offset_t
chunk_end(vm_offset_t va, vm_offset_t end)
{
	return MIN(rounddown2(va, PMD_SIZE) + PMD_SIZE, end);
}

/*
 * What smaps adds up for a region, Linux's struct mem_size_stats: bytes,
 * and for the proportional sizes bytes << PSS_SHIFT, as Linux keeps them
 * (a page's share is its size over the leaves that map it, or over the
 * references to its slot, and a third of 4096 is no whole byte).
 */
#define PSS_SHIFT	12

struct smaps_stats {
	uint64_t	resident;	/* mapped by present leaves */
	uint64_t	pss;		/* << PSS_SHIFT, and the three below */
	uint64_t	pss_dirty;	/* ... of dirty pages */
	uint64_t	pss_anon;	/* ... in private regions */
	uint64_t	pss_shmem;	/* ... in MAP_SHARED regions */
	uint64_t	shared_clean;	/* pages that other leaves map too */
	uint64_t	shared_dirty;
	uint64_t	private_clean;	/* pages only this leaf maps */
	uint64_t	private_dirty;
	uint64_t	referenced;	/* accessed bit set */
	uint64_t	anonymous;	/* resident, private regions only */
	uint64_t	anon_huge;	/* 2 MiB leaves, private regions */
	uint64_t	shmem_huge;	/* 2 MiB leaves, MAP_SHARED regions */
	uint64_t	swap;		/* named by swap leaves */
	uint64_t	swap_pss;	/* << PSS_SHIFT */
};

/*
 * A census that fills smaps's numbers as well: whether the region walked
 * is MAP_SHARED, and the slots of each swap area that is on, learnt
 * before the walk (smaps_walk_init()), so that a slot's count is asked
 * only of a slot that exists (the tests' leaves name slots of no area).
 */
struct smaps_walk {
	bool		shared;
	uint64_t	nslots[SWAP_MAX_AREAS];	/* 0: the area is off */
	struct smaps_stats st;
};

static void
smaps_walk_init(struct smaps_walk *w)
{
	uint64_t used, elsewhere;

	memset(w, 0, sizeof(*w));
	for (unsigned type = 0; type < SWAP_MAX_AREAS; type++)
		if (!swap_area_slots(type, &w->nslots[type], &used,
		    &elsewhere))
			w->nslots[type] = 0;
}

/* The page at pa if the VM manages it (it has a pv list), else NULL. */
static struct vm_page *
managed_page(vm_paddr_t pa)
{
	size_t frame = pa / PAGE_SIZE;
	struct vm_page *m;

	if (frame < vm_page_array_first ||
	    frame - vm_page_array_first >= vm_page_array_size)
		return NULL;
	m = PHYS_TO_VM_PAGE(pa);
	return (m->flags & PG_RESERVED) ? NULL : m;
}

/* How many leaves map the page at pa: 0 if it is not managed. */
static int
page_mappings(vm_paddr_t pa)
{
	struct vm_page *m = managed_page(pa);

	return m != NULL ? pmap_page_mappings(m) : 0;
}

/*
 * smaps_present: add npages pages of the present (or PROT_NONE) leaf to
 * w, as Linux's smaps_account() does: shared if another leaf maps the
 * page too (a fork's), dirty if the leaf or the page says so.
 */
static void
smaps_present(struct smaps_walk *w, const struct pmap_leaf *leaf,
    size_t npages)
{
	struct vm_page *m = managed_page(leaf->pa);
	int mappings = m != NULL ? pmap_page_mappings(m) : 0;
	bool dirty = leaf->dirty || (m != NULL && (m->flags & PG_DIRTY));
	uint64_t bytes = npages * PAGE_SIZE;
	uint64_t pss = (bytes << PSS_SHIFT) / (uint64_t)MAX(mappings, 1);
	struct smaps_stats *st = &w->st;

	st->resident += bytes;
	st->pss += pss;
	st->pss_dirty += dirty ? pss : 0;
	*(w->shared ? &st->pss_shmem : &st->pss_anon) += pss;
	if (mappings >= 2)
		*(dirty ? &st->shared_dirty : &st->shared_clean) += bytes;
	else
		*(dirty ? &st->private_dirty : &st->private_clean) += bytes;
	st->referenced += leaf->accessed ? bytes : 0;
	st->anonymous += w->shared ? 0 : bytes;
	if (leaf->kind == PMAP_LEAF_PMD)
		*(w->shared ? &st->shmem_huge : &st->anon_huge) += bytes;
}

/* The references to entry's slot; 0 if no area that is on has it. */
static unsigned
slot_count(const struct smaps_walk *w, swp_entry_t entry)
{
	unsigned type = swp_type(entry);

	if (type >= SWAP_MAX_AREAS || swp_offset(entry) >= w->nslots[type])
		return 0;
	return swap_slot_count(entry);
}

/*
 * smaps_swap: add to w the npages slots from va's of the swap leaf (a
 * 2 MiB one stands for 512 slots, each with its own count).
 */
static void
smaps_swap(struct smaps_walk *w, const struct pmap_leaf *leaf,
    vm_offset_t va, size_t npages)
{
	uint64_t first = swp_offset(leaf->swap) + (va - leaf->va) / PAGE_SIZE;
	unsigned count;

	w->st.swap += npages * PAGE_SIZE;
	for (size_t i = 0; i < npages; i++) {
		count = slot_count(w, swp_entry(swp_type(leaf->swap),
		    first + i));
		w->st.swap_pss += ((uint64_t)PAGE_SIZE << PSS_SHIFT) /
		    MAX(count, 1U);
	}
}

/*
 * census_locked: count the leaves of pmap in [start, end), inside one
 * chunk, and add them to w's numbers too unless w is NULL.  A 2 MiB leaf
 * is never beside 4 KiB ones in its chunk (a region holding one covers
 * all of it: pmap.h), so one stands for the range.
 */
static void
census_locked(struct pmap *pmap, vm_offset_t start, vm_offset_t end,
    struct chunk_census *c, struct smaps_walk *w)
{
	size_t npages = (end - start) / PAGE_SIZE;
	struct pmap_leaf leaf;

	for (vm_offset_t va = start; va < end; va += PAGE_SIZE) {
		switch (pmap_lookup(pmap, va, &leaf)) {
		case PMAP_LEAF_PTE:
			c->present++;
			if (w != NULL)
				smaps_present(w, &leaf, 1);
			break;
		case PMAP_LEAF_SWAP_PTE:
			c->swapped++;
			if (w != NULL)
				smaps_swap(w, &leaf, va, 1);
			break;
		case PMAP_LEAF_PMD:
			*c = (struct chunk_census){ .present = npages,
			    .huge = true };
			if (w != NULL)
				smaps_present(w, &leaf, npages);
			return;
		case PMAP_LEAF_SWAP_PMD:
			*c = (struct chunk_census){ .swapped = npages,
			    .huge_swap = true };
			if (w != NULL)
				smaps_swap(w, &leaf, start, npages);
			return;
		case PMAP_LEAF_NONE:
			break;
		}
	}
}

/*
 * census: the leaves of src's map in [start, end), added to w's numbers
 * too unless w is NULL; false if the map is gone.
 */
static bool
census(struct map_source *src, vm_offset_t start, vm_offset_t end,
    struct chunk_census *c, struct smaps_walk *w)
{
	*c = (struct chunk_census){ 0, 0, false, false };
	if (src->pmap == NULL)
		return true;
	if (!source_hold(src))
		return false;
	census_locked(src->pmap, start, end, c, w);
	source_release(src);
	return true;
}

/* usage_of: what src's map uses (procfs.h): 0 or -ENOMEM. */
static int
usage_of(struct map_source *src, struct procfs_usage *u)
{
	struct map_snapshot snap;
	struct chunk_census c;
	vm_offset_t va;
	int error;

	*u = (struct procfs_usage){ 0, 0, 0 };
	if ((error = map_snapshot(src, &snap)) != 0)
		return error == -ENOENT ? 0 : error;	/* gone: nothing */
	for (unsigned i = 0; i < snap.count; i++) {
		const struct vm_map_entry *e = &snap.entries[i];

		if (e->flags & VM_ENTRY_GUARD)
			continue;
		u->size += (e->end - e->start) / PAGE_SIZE;
		for (va = e->start; va < e->end; va = chunk_end(va, e->end)) {
			if (!census(src, va, chunk_end(va, e->end), &c, NULL))
				goto out;
			u->resident += c.present;
			u->swapped += c.swapped;
		}
	}
out:
	kfree(snap.entries);
	return 0;
}

/* ---- the texts ---------------------------------------------------------- */

/* /proc/vmstat: the levels, nr_page_table_pages, the events; ours last. */
static void
vmstat_text(struct text *t)
{
	int stat;

	for (stat = 0; stat < VM_STAT_FIRST_EVENT; stat++)
		text_printf(t, "%s %lu\n", vm_stat_name(stat),
		    vm_stat_read(stat));
	text_printf(t, "nr_page_table_pages %zu\n", page_table_pages());
	for (stat = VM_STAT_FIRST_EVENT; stat < VM_STAT_COUNT; stat++)
		text_printf(t, "%s %lu\n", vm_stat_name(stat),
		    vm_stat_read(stat));
	/* Not the VM's, but worth watching beside it. */
	text_printf(t, "pagoda_syscalls %lu\n", syscall_count);
	text_printf(t, "pagoda_context_switches %lu\n", sched_switches);
}

/* A /proc/meminfo line: Linux pads "Name:" to 16 columns, the value to 8. */
static void
meminfo_line(struct text *t, const char *name, uint64_t pages)
{
	char label[24];

	snprintf(label, sizeof(label), "%s:", name);
	text_printf(t, "%-16s%8lu kB\n", label, pages * (PAGE_SIZE / 1024));
}

/*
 * /proc/meminfo: Linux's fields that mean something here, in Linux's
 * order.  There is no page cache; what is available is what is free
 * (pages in the swap cache could be dropped, but most are mapped too).
 * Active(anon) and Inactive(anon) are the LRU queues (vm_pageout.c).
 */
static void
meminfo_text(struct text *t)
{
	struct vm_page_stats st;
	uint64_t swap_total, swap_free;

	vm_page_stats(&st);
	swap_totals(&swap_total, &swap_free);
	meminfo_line(t, "MemTotal", st.managed);
	meminfo_line(t, "MemFree", st.free);
	meminfo_line(t, "MemAvailable", st.free);
	meminfo_line(t, "Buffers", 0);
	meminfo_line(t, "Cached", 0);
	meminfo_line(t, "SwapCached", vm_stat_read(VM_STAT_NR_SWAPCACHED));
	meminfo_line(t, "Active(anon)",
	    vm_stat_read(VM_STAT_NR_ACTIVE_ANON));
	meminfo_line(t, "Inactive(anon)",
	    vm_stat_read(VM_STAT_NR_INACTIVE_ANON));
	meminfo_line(t, "SwapTotal", swap_total);
	meminfo_line(t, "SwapFree", swap_free);
	meminfo_line(t, "AnonPages", vm_stat_read(VM_STAT_NR_ANON_PAGES));
	meminfo_line(t, "PageTables", page_table_pages());
	meminfo_line(t, "AnonHugePages",
	    vm_stat_read(VM_STAT_NR_ANON_THPS) * (PMD_SIZE / PAGE_SIZE));
}

/*
 * /proc/swaps: the areas that are on, as Linux lays it out (sizes in KiB;
 * every area is a disk, a "partition").
 */
static void
swaps_text(struct text *t)
{
	struct swap_area_stat st;

	text_printf(t, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\t"
	    "Priority\n");
	for (int i = 0; swap_area_stat(i, &st); i++)
		text_printf(t, "%-40s%s\t%lu\t\t%lu\t\t%d\n", st.path,
		    "partition", st.size_kib, st.used_kib, st.prio);
}

/* /proc/uptime: seconds since boot; idle time is not kept (0.00). */
static void
uptime_text(struct text *t)
{
	uint64_t now = ticks;

	text_printf(t, "%lu.%02lu 0.00\n", now / HZ,
	    (now % HZ) * 100 / HZ);
}

/* A maps line (vm_map_entry_format()), whole or not at all. */
static void
maps_line(struct text *t, const struct vm_map_entry *e)
{
	size_t room = t->size - t->len;
	int n;

	if (t->full)
		return;
	n = vm_map_entry_format(e, t->buf + t->len, room);
	if ((size_t)n >= room) {
		t->full = true;
		t->buf[t->len] = '\0';
	} else
		t->len += (size_t)n;
}

/* /proc/<pid>/maps: one line per region. */
static void
maps_text(const struct map_snapshot *snap, struct text *t)
{
	for (unsigned i = 0; i < snap->count; i++)
		maps_line(t, &snap->entries[i]);
}

/* A /proc/<pid>/pmd line: "start end kind" (docs/files.md). */
static void
pmd_line(struct text *t, vm_offset_t start, vm_offset_t end,
    const struct chunk_census *c)
{
	char kind[48];

	if (c->huge)
		strlcpy(kind, "2m", sizeof(kind));
	else if (c->huge_swap)
		strlcpy(kind, "swap2m", sizeof(kind));
	else if (c->present > 0 && c->swapped > 0)
		snprintf(kind, sizeof(kind), "4k:%zu swap:%zu", c->present,
		    c->swapped);
	else if (c->present > 0)
		snprintf(kind, sizeof(kind), "4k:%zu", c->present);
	else if (c->swapped > 0)
		snprintf(kind, sizeof(kind), "swap:%zu", c->swapped);
	else
		strlcpy(kind, "none", sizeof(kind));
	text_printf(t, "%08lx %08lx %s\n", start, end, kind);
}

/* Lines a pmd file has for snap: a line per chunk of each region. */
static size_t
pmd_lines(const struct map_snapshot *snap)
{
	size_t n = 0;

	for (unsigned i = 0; i < snap->count; i++)
		n += (roundup2(snap->entries[i].end, PMD_SIZE) -
		    rounddown2(snap->entries[i].start, PMD_SIZE)) / PMD_SIZE;
	return MIN(n, PROCFS_PMD_LINES_MAX);
}

/* /proc/<pid>/pmd: each region of snap, a 2 MiB-aligned chunk a line. */
static void
pmd_text(struct map_source *src, const struct map_snapshot *snap,
    struct text *t)
{
	struct chunk_census c;
	vm_offset_t va, next;
	size_t lines = 0;

	for (unsigned i = 0; i < snap->count; i++) {
		const struct vm_map_entry *e = &snap->entries[i];

		for (va = e->start; va < e->end; va = next) {
			next = chunk_end(va, e->end);
			if (lines++ == PROCFS_PMD_LINES_MAX ||
			    !census(src, va, next, &c, NULL))
				return;
			pmd_line(t, va, next, &c);
		}
	}
}

/* ---- smaps ------------------------------------------------------------- */

/* A smaps line: "Name:" padded to 16 columns, the kB in 8 (Linux's). */
static void
smaps_kb(struct text *t, const char *name, uint64_t bytes)
{
	char label[24];

	snprintf(label, sizeof(label), "%s:", name);
	text_printf(t, "%-16s%8lu kB\n", label, bytes >> 10);
}

/*
 * The lines from Rss to Locked: Linux 6.1's, in its order, but those of
 * what Pagoda has not (files, hugetlbfs: FilePmdMapped, Shared_Hugetlb,
 * Private_Hugetlb, Pss_File).  LazyFree (MADV_FREE) and Locked (mlock)
 * are always 0, and kept: programs look for them.
 */
static void
smaps_numbers(struct text *t, const struct smaps_stats *st, bool rollup)
{
	smaps_kb(t, "Rss", st->resident);
	smaps_kb(t, "Pss", st->pss >> PSS_SHIFT);
	smaps_kb(t, "Pss_Dirty", st->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		smaps_kb(t, "Pss_Anon", st->pss_anon >> PSS_SHIFT);
		smaps_kb(t, "Pss_Shmem", st->pss_shmem >> PSS_SHIFT);
	}
	smaps_kb(t, "Shared_Clean", st->shared_clean);
	smaps_kb(t, "Shared_Dirty", st->shared_dirty);
	smaps_kb(t, "Private_Clean", st->private_clean);
	smaps_kb(t, "Private_Dirty", st->private_dirty);
	smaps_kb(t, "Referenced", st->referenced);
	smaps_kb(t, "Anonymous", st->anonymous);
	smaps_kb(t, "LazyFree", 0);
	smaps_kb(t, "AnonHugePages", st->anon_huge);
	smaps_kb(t, "ShmemPmdMapped", st->shmem_huge);
	smaps_kb(t, "Swap", st->swap);
	smaps_kb(t, "SwapPss", st->swap_pss >> PSS_SHIFT);
	smaps_kb(t, "Locked", 0);
}

/*
 * THPeligible, as Linux decides it: the policy allows the region 2 MiB
 * pages, and it holds at least one aligned 2 MiB.
 */
static bool
thp_eligible(const struct vm_map_entry *e)
{
	return thp_entry_allowed(e) &&
	    roundup2(e->start, PMD_SIZE) + PMD_SIZE <= e->end;
}

/*
 * The VmFlags line: Linux's two-letter names of the region's flags that
 * Pagoda has, in Linux's order (its bit order), each followed by a space.
 */
static void
vmflags_line(struct text *t, const struct vm_map_entry *e)
{
	static const char names[][3] = { "rd", "wr", "ex", "sh", "mr", "mw",
	    "me", "ms", "gd", "hg", "nh" };
	bool shared = (e->flags & VM_ENTRY_SHARED) != 0;
	const bool on[] = {
		e->prot & VM_PROT_READ, e->prot & VM_PROT_WRITE,
		e->prot & VM_PROT_EXECUTE, shared,
		e->max_prot & VM_PROT_READ, e->max_prot & VM_PROT_WRITE,
		e->max_prot & VM_PROT_EXECUTE, shared,
		(e->flags & (VM_ENTRY_STACK | VM_ENTRY_GUARD)) ==
		    VM_ENTRY_STACK,			/* gd: grows down */
		e->flags & VM_ENTRY_HUGE, e->flags & VM_ENTRY_NOHUGE,
	};
	char line[48];
	size_t len = 0;

	CTASSERT(nitems(names) == nitems(on));
	CTASSERT(sizeof(line) > nitems(names) * 3);
	for (size_t i = 0; i < nitems(names); i++)
		if (on[i])
			len += snprintf(line + len, sizeof(line) - len, "%s ",
			    names[i]);
	line[len] = '\0';
	text_printf(t, "VmFlags: %s\n", line);
}

/* Add the leaves of region e of src's map to w: false if it is gone. */
static bool
smaps_region(struct map_source *src, const struct vm_map_entry *e,
    struct smaps_walk *w)
{
	struct chunk_census c;

	w->shared = (e->flags & VM_ENTRY_SHARED) != 0;
	for (vm_offset_t va = e->start; va < e->end;
	    va = chunk_end(va, e->end))
		if (!census(src, va, chunk_end(va, e->end), &c, w))
			return false;
	return true;
}

/* /proc/<pid>/smaps: for each region, its maps line and its numbers. */
static void
smaps_text(struct map_source *src, const struct map_snapshot *snap,
    struct text *t)
{
	struct smaps_walk w;

	smaps_walk_init(&w);
	for (unsigned i = 0; i < snap->count; i++) {
		const struct vm_map_entry *e = &snap->entries[i];

		memset(&w.st, 0, sizeof(w.st));
		if (!smaps_region(src, e, &w))
			return;
		maps_line(t, e);
		smaps_kb(t, "Size", e->end - e->start);
		smaps_kb(t, "KernelPageSize", PAGE_SIZE);
		smaps_kb(t, "MMUPageSize", PAGE_SIZE);
		smaps_numbers(t, &w.st, false);
		text_printf(t, "%-16s%8u\n", "THPeligible:", thp_eligible(e));
		vmflags_line(t, e);
	}
}

/*
 * /proc/<pid>/smaps_rollup: every region's numbers added up, under a
 * maps line from the first region's start to the last one's end, as
 * Linux writes it.  Nothing for a process without regions.
 */
static void
smaps_rollup_text(struct map_source *src, const struct map_snapshot *snap,
    struct text *t)
{
	struct vm_map_entry whole = { .prot = VM_PROT_NONE };
	struct smaps_walk w;

	if (snap->count == 0)
		return;
	smaps_walk_init(&w);
	for (unsigned i = 0; i < snap->count; i++)
		if (!smaps_region(src, &snap->entries[i], &w))
			return;
	whole.start = snap->entries[0].start;
	whole.end = snap->entries[snap->count - 1].end;
	strlcpy(whole.name, "[rollup]", sizeof(whole.name));
	maps_line(t, &whole);
	smaps_numbers(t, &w.st, true);
}

/* ---- pagemap ------------------------------------------------------------ */

/*
 * The pagemap entry (procfs.h) of va under leaf (as pmap_lookup() gave
 * it); shared: va's region is MAP_SHARED.
 */
static uint64_t
pagemap_entry(const struct pmap_leaf *leaf, vm_offset_t va, bool shared)
{
	uint64_t index = (va - leaf->va) / PAGE_SIZE, slot, pme;

	switch (leaf->kind) {
	case PMAP_LEAF_PTE:
	case PMAP_LEAF_PMD:
		pme = PAGEMAP_PRESENT |
		    ((leaf->pa / PAGE_SIZE + index) & PAGEMAP_PFN_MASK);
		if (shared)
			pme |= PAGEMAP_FILE;
		if (page_mappings(leaf->pa) == 1)
			pme |= PAGEMAP_EXCLUSIVE;
		return pme;
	case PMAP_LEAF_SWAP_PTE:
	case PMAP_LEAF_SWAP_PMD:
		slot = swp_offset(leaf->swap) + index;
		return PAGEMAP_SWAPPED | (((slot << PAGEMAP_SWAP_TYPE_BITS) |
		    swp_type(leaf->swap)) & PAGEMAP_PFN_MASK);
	default:
		return 0;
	}
}

/*
 * pagemap_fill: the n entries of src's map from va into out, under one
 * hold of the locks (the map's too: the region says shared or not).
 * false if the map is gone.
 */
static bool
pagemap_fill(struct map_source *src, vm_offset_t va, size_t n,
    uint64_t *out)
{
	const struct vm_map_entry *e = NULL;
	struct pmap_leaf leaf;

	memset(out, 0, n * sizeof(*out));
	if (src->pmap == NULL)
		return true;
	if (!source_hold(src))
		return false;
	vm_map_lock(src->map);
	for (size_t i = 0; i < n; i++, va += PAGE_SIZE) {
		if (pmap_lookup(src->pmap, va, &leaf) == PMAP_LEAF_NONE)
			continue;
		if (e == NULL || va < e->start || va >= e->end)
			e = vm_map_lookup(src->map, va);
		out[i] = pagemap_entry(&leaf, va, e != NULL &&
		    (e->flags & VM_ENTRY_SHARED));
	}
	vm_map_unlock(src->map);
	source_release(src);
	return true;
}

/*
 * pagemap_read: up to len bytes of src's pagemap file at off into buf (in
 * seg), PAGEMAP_BATCH entries at a time, copied out with no lock held.
 * The count; 0 past the end, for a process without an address space or
 * one that has gone (as Linux, which says 0 when the mm is gone, before
 * it looks at off); -EINVAL if off or len is not a multiple of 8; -EFAULT;
 * -EINTR if the reader is killed before any entry is copied.
 */
static ssize_t
pagemap_read(struct map_source *src, uint64_t off, void *buf, size_t len,
    enum uio_seg seg)
{
	uint64_t entries[PAGEMAP_BATCH];
	size_t done = 0, n;
	int error = 0;

	if (src->map == NULL)
		return 0;
	if (off % PAGEMAP_ENTRY_SIZE != 0 || len % PAGEMAP_ENTRY_SIZE != 0)
		return -EINVAL;
	if (off >= PAGEMAP_FILE_SIZE)
		return 0;
	len = MIN(len, PAGEMAP_FILE_SIZE - off);
	while (done < len) {
		if (curproc != NULL && curproc->p_killed) {
			error = -EINTR;		/* a long read ends there */
			break;
		}
		n = MIN((len - done) / PAGEMAP_ENTRY_SIZE, PAGEMAP_BATCH);
		if (!pagemap_fill(src, (off + done) / PAGEMAP_ENTRY_SIZE *
		    PAGE_SIZE, n, entries))
			break;
		if ((error = uio_copy((char *)buf + done, entries,
		    n * PAGEMAP_ENTRY_SIZE, seg, true)) != 0)
			break;
		done += n * PAGEMAP_ENTRY_SIZE;
	}
	return done > 0 ? (ssize_t)done : error;
}

/* ---- processes ---------------------------------------------------------- */

/* What /proc/<pid>/stat and status say of a process, but its memory. */
struct proc_info {
	int		pid;
	int		ppid;
	char		state;		/* R, S or Z */
	bool		kthread;
	int		exit_status;	/* a zombie's wait status, else 0 */
	char		name[16];
	size_t		ptps;		/* page-table pages */
	struct map_source src;		/* its address space */
};

/* With proc_lock held: fill *info from p (sched_lock for the state). */
static void
proc_info_locked(struct proc *p, struct proc_info *info)
{
	enum proc_state state;
	int status;

	spin_lock(&sched_lock);
	state = p->p_state;
	status = p->p_exit_status;
	spin_unlock(&sched_lock);
	info->pid = p->p_pid;
	info->ppid = p->p_parent != NULL ? p->p_parent->p_pid : 0;
	info->state = state == PROC_ZOMBIE ? 'Z' :
	    state == PROC_SLEEPING ? 'S' : 'R';
	info->exit_status = state == PROC_ZOMBIE ? status : 0;
	info->kthread = p->p_frame == NULL;
	CTASSERT(sizeof(info->name) == sizeof(p->p_name));
	strlcpy(info->name, p->p_name, sizeof(info->name));
	info->src = (struct map_source){ p->p_pid, p->p_map,
	    p->p_map != NULL ? p->p_pmap : NULL };
	info->ptps = info->src.pmap != NULL ? pmap_ptp_count(p->p_pmap) : 0;
}

/* proc_info_get: *info for process pid: 0, or -ENOENT. */
static int
proc_info_get(int pid, struct proc_info *info)
{
	struct proc *p;

	spin_lock(&proc_lock);
	if ((p = proc_lookup_locked(pid)) != NULL)
		proc_info_locked(p, info);
	spin_unlock(&proc_lock);
	return p != NULL ? 0 : -ENOENT;
}

/*
 * /proc/<pid>/stat: Linux's 52 fields (proc(5)), those Pagoda does not
 * keep as 0 (or as Linux shows them for a process that never used them:
 * tpgid -1, priority 20, rsslim unlimited, exit_signal SIGCHLD).
 */
static void
stat_text(const struct proc_info *info, const struct procfs_usage *u,
    struct text *t)
{
	/* 1-9: pid (comm) state ppid pgrp session tty_nr tpgid flags */
	text_printf(t, "%d (%s) %c %d 0 0 0 -1 %u ", info->pid, info->name,
	    info->state, info->ppid, info->kthread ? PF_KTHREAD : 0);
	/* 10-22: faults, times, priority nice num_threads itreal start */
	text_printf(t, "0 0 0 0 0 0 0 0 20 0 1 0 0 ");
	/* 23-25: vsize (bytes), rss (pages), rsslim */
	text_printf(t, "%zu %zu %lu ", u->size * PAGE_SIZE, u->resident,
	    ~0UL);
	/* 26-38: code, stack, signals, wchan, nswap..., exit_signal */
	text_printf(t, "0 0 0 0 0 0 0 0 0 0 0 0 %d ", SIGCHLD);
	/* 39-52: processor ... env_end, exit_code */
	text_printf(t, "0 0 0 0 0 0 0 0 0 0 0 0 0 %d\n", info->exit_status);
}

static const char *
state_name(char state)
{
	switch (state) {
	case 'S':
		return "S (sleeping)";
	case 'Z':
		return "Z (zombie)";
	default:
		return "R (running)";
	}
}

/* A /proc/<pid>/status memory line: "Name:\t" and 8 columns of kB. */
static void
status_kb(struct text *t, const char *name, size_t pages)
{
	text_printf(t, "%s:\t%8zu kB\n", name, pages * (PAGE_SIZE / 1024));
}

/*
 * /proc/<pid>/status: Linux's fields that Pagoda has, in Linux's order;
 * the Vm lines only for a process with an address space (Linux leaves
 * them out for kernel threads and zombies too).
 */
static void
status_text(const struct proc_info *info, const struct procfs_usage *u,
    struct text *t)
{
	text_printf(t, "Name:\t%s\nState:\t%s\n", info->name,
	    state_name(info->state));
	text_printf(t, "Tgid:\t%d\nPid:\t%d\nPPid:\t%d\n", info->pid,
	    info->pid, info->ppid);
	if (info->src.map != NULL) {
		status_kb(t, "VmSize", u->size);
		status_kb(t, "VmRSS", u->resident);
		status_kb(t, "RssAnon", u->resident);
		status_kb(t, "VmPTE", info->ptps);
		status_kb(t, "VmSwap", u->swapped);
	}
	text_printf(t, "Threads:\t1\n");
}

/* ---- opening: a file's text --------------------------------------------- */

static int
open_small(enum procfs_kind kind, struct text *t)
{
	int error;

	if ((error = text_alloc(t, PROCFS_TEXT_SMALL)) != 0)
		return error;
	if (kind == PROCFS_VMSTAT)
		vmstat_text(t);
	else if (kind == PROCFS_MEMINFO)
		meminfo_text(t);
	else if (kind == PROCFS_SWAPS)
		swaps_text(t);
	else if (kind == PROCFS_VMAUDIT) {
		vm_audit(t->buf, t->size);
		t->len = strlen(t->buf);
	} else
		uptime_text(t);
	KASSERT(!t->full, ("procfs: /proc file %d is over %d bytes", kind,
	    PROCFS_TEXT_SMALL));
	return 0;
}

/* The room the text of kind (maps, pmd, smaps...) needs for snap. */
static size_t
regions_text_size(enum procfs_kind kind, const struct map_snapshot *snap)
{
	switch (kind) {
	case PROCFS_MAPS:
		return snap->count * PROCFS_MAPS_LINE + 1;
	case PROCFS_PMD:
		return pmd_lines(snap) * PROCFS_PMD_LINE + 1;
	case PROCFS_SMAPS:
		return snap->count * PROCFS_SMAPS_REGION + 1;
	default:
		return PROCFS_TEXT_SMALL;	/* smaps_rollup */
	}
}

/* The text of kind for the regions snap of src's map. */
static void
regions_text(enum procfs_kind kind, struct map_source *src,
    const struct map_snapshot *snap, struct text *t)
{
	switch (kind) {
	case PROCFS_MAPS:
		maps_text(snap, t);
		break;
	case PROCFS_PMD:
		pmd_text(src, snap, t);
		break;
	case PROCFS_SMAPS:
		smaps_text(src, snap, t);
		break;
	default:
		smaps_rollup_text(src, snap, t);
		break;
	}
}

/* /proc/<pid>/maps, pmd, smaps...: regions first, then the text's size. */
static int
open_regions(int pid, enum procfs_kind kind, struct text *t)
{
	struct map_snapshot snap;
	struct proc_info info;
	int error;

	if ((error = proc_info_get(pid, &info)) != 0 ||
	    (error = map_snapshot(&info.src, &snap)) != 0)
		return error;
	if ((error = text_alloc(t, regions_text_size(kind, &snap))) == 0)
		regions_text(kind, &info.src, &snap, t);
	kfree(snap.entries);
	return error;
}

/*
 * /proc/<pid>/pagemap: no text, only where to read from: the process's
 * map, whose entries each read makes (pagemap_rw()).  Its size is 0, as
 * Linux's stat says.  Once the process has exited or exec'd, that map is
 * gone and reads give 0 bytes (source_hold()), as on Linux; should a
 * later exec's map be allocated at the very same address, reads see that
 * one: the process's live map, never a freed one.
 */
static int
open_pagemap(struct file *fp, int pid)
{
	struct map_source *src;
	struct proc_info info;
	int error;

	if ((error = proc_info_get(pid, &info)) != 0)
		return error;
	if ((src = kmalloc(sizeof(*src), 0)) == NULL)
		return -ENOMEM;
	*src = info.src;
	fp->f_node.data = src;
	fp->f_node.size = 0;
	return 0;
}

/* /proc/<pid>/stat and status. */
static int
open_stat(int pid, enum procfs_kind kind, struct text *t)
{
	struct procfs_usage usage;
	struct proc_info info;
	int error;

	if ((error = proc_info_get(pid, &info)) != 0 ||
	    (error = usage_of(&info.src, &usage)) != 0 ||
	    (error = text_alloc(t, PROCFS_TEXT_SMALL)) != 0)
		return error;
	if (kind == PROCFS_STAT)
		stat_text(&info, &usage, t);
	else
		status_text(&info, &usage, t);
	return 0;
}

/* /proc itself: the pids, taken once, sorted (getdents goes by index). */
struct pid_list {
	unsigned	count;
	int		pids[NPROC];
};

static int
open_root(struct file *fp)
{
	struct pid_list *list = kmalloc(sizeof(*list), 0);
	struct proc *p;
	int pid;

	if (list == NULL)
		return -ENOMEM;
	list->count = 0;
	spin_lock(&proc_lock);
	for (p = tree_root(); p != NULL && list->count < NPROC;
	    p = tree_next(p))
		if (p->p_pid > 0)
			list->pids[list->count++] = p->p_pid;
	spin_unlock(&proc_lock);
	for (unsigned i = 1; i < list->count; i++) {	/* insertion sort */
		unsigned j = i;

		pid = list->pids[i];
		for (; j > 0 && list->pids[j - 1] > pid; j--)
			list->pids[j] = list->pids[j - 1];
		list->pids[j] = pid;
	}
	fp->f_node.data = list;
	return 0;
}

static enum procfs_kind
ino_kind(uint64_t ino)
{
	return (enum procfs_kind)(ino & 0xff);
}

static int
ino_pid(uint64_t ino)
{
	return (int)((ino >> 8) & 0xffffffff);
}

int
procfs_open(struct file *fp)
{
	enum procfs_kind kind = ino_kind(fp->f_node.ino);
	int pid = ino_pid(fp->f_node.ino);
	struct text t = { NULL, 0, 0, false };
	int error;

	switch (kind) {
	case PROCFS_ROOT:
		return open_root(fp);
	case PROCFS_PID:
		return proc_exists(pid) ? 0 : -ENOENT;
	case PROCFS_PAGEMAP:
		return open_pagemap(fp, pid);
	case PROCFS_MAPS:
	case PROCFS_PMD:
	case PROCFS_SMAPS:
	case PROCFS_SMAPS_ROLLUP:
		error = open_regions(pid, kind, &t);
		break;
	case PROCFS_STAT:
	case PROCFS_STATUS:
		error = open_stat(pid, kind, &t);
		break;
	default:
		error = open_small(kind, &t);
		break;
	}
	if (error != 0) {
		kfree(t.buf);
		return error;
	}
	fp->f_node.data = t.buf;
	fp->f_node.size = t.len;
	return 0;
}

void
procfs_close(struct file *fp)
{
	kfree((void *)fp->f_node.data);
	fp->f_node.data = NULL;
}

/* ---- reading and listing ----------------------------------------------- */

static ssize_t
procfs_read(struct file *fp, void *buf, size_t len, uint64_t off)
{
	size_t n;

	if (S_ISDIR(fp->f_node.mode))
		return -EISDIR;
	if (off >= fp->f_node.size)
		return 0;
	n = MIN(len, fp->f_node.size - off);
	memcpy(buf, (const char *)fp->f_node.data + off, n);
	return (ssize_t)n;
}

static void
dirent_fill(struct file_dirent *out, const char *name, uint64_t ino,
    uint32_t mode)
{
	strlcpy(out->name, name, sizeof(out->name));
	out->ino = ino;
	out->mode = mode;
}

/* /proc's entry index (after "." and ".."): the names, then the pids. */
static int
root_readdir(struct file *fp, uint64_t index, struct file_dirent *out)
{
	const struct pid_list *list = fp->f_node.data;
	const size_t nnames = nitems(root_names);
	char name[16];

	if (index < nnames && root_names[index].kind == PROCFS_SELF)
		dirent_fill(out, "self", PROCFS_INO(curproc->p_pid,
		    PROCFS_PID), PROCFS_DIR_MODE);
	else if (index < nnames)
		dirent_fill(out, root_names[index].name,
		    PROCFS_INO(0, root_names[index].kind), PROCFS_FILE_MODE);
	else if (index - nnames < list->count) {
		int pid = list->pids[index - nnames];

		snprintf(name, sizeof(name), "%d", pid);
		dirent_fill(out, name, PROCFS_INO(pid, PROCFS_PID),
		    PROCFS_DIR_MODE);
	} else
		return -ENOENT;
	return 0;
}

static int
procfs_readdir(struct file *fp, uint64_t index, struct file_dirent *out)
{
	int pid = ino_pid(fp->f_node.ino);

	if (index == 0) {
		dirent_fill(out, ".", fp->f_node.ino, PROCFS_DIR_MODE);
		return 0;
	}
	if (index == 1) {
		dirent_fill(out, "..", fp->f_parent_ino, PROCFS_DIR_MODE);
		return 0;
	}
	index -= 2;
	if (ino_kind(fp->f_node.ino) == PROCFS_ROOT)
		return root_readdir(fp, index, out);
	if (index >= nitems(pid_names))
		return -ENOENT;
	dirent_fill(out, pid_names[index].name,
	    PROCFS_INO(pid, pid_names[index].kind), PROCFS_FILE_MODE);
	return 0;
}

static const struct file_ops procfs_file_ops = {
	.fo_name = "procfs file",
	.fo_read = procfs_read,
};

/* pagemap's: it makes what is read at each read (fo_rw: any length). */
static ssize_t
pagemap_rw(struct file *fp, void *buf, size_t len, uint64_t off,
    enum uio_seg seg, bool write)
{
	struct map_source src = *(const struct map_source *)fp->f_node.data;

	if (write)
		return -EBADF;		/* open() said -EROFS already */
	return pagemap_read(&src, off, buf, len, seg);
}

static const struct file_ops procfs_pagemap_ops = {
	.fo_name = "procfs pagemap",
	.fo_rw = pagemap_rw,
};

static const struct file_ops procfs_dir_ops = {
	.fo_name = "procfs directory",
	.fo_read = procfs_read,
	.fo_readdir = procfs_readdir,
};

const struct file_ops *
procfs_ops(const struct initramfs_node *node)
{
	if (S_ISDIR(node->mode))
		return &procfs_dir_ops;
	return ino_kind(node->ino) == PROCFS_PAGEMAP ? &procfs_pagemap_ops :
	    &procfs_file_ops;
}

bool
procfs_owns(const struct initramfs_node *node)
{
	return (node->ino >> PROCFS_INO_BIT) == 1;
}

/* ---- lookup ------------------------------------------------------------- */

bool
procfs_path(const char *path)
{
	return strncmp(path, "/proc", 5) == 0 &&
	    (path[5] == '\0' || path[5] == '/');
}

/* The kind named by the len bytes at name in names[n], or 0. */
static enum procfs_kind
name_find(const struct procfs_name *names, size_t n, const char *name,
    size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i].name) == len &&
		    memcmp(names[i].name, name, len) == 0)
			return names[i].kind;
	return 0;
}

/* A pid as /proc spells it, in decimal without leading zeros; or -1. */
static int
parse_pid(const char *s, size_t len)
{
	int pid = 0;

	if (len == 0 || len > 9 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		pid = pid * 10 + (s[i] - '0');
	}
	return pid;
}

static int
node_set(struct initramfs_node *out, const char *name, size_t len,
    uint32_t mode, uint64_t ino)
{
	memset(out, 0, sizeof(*out));
	len = MIN(len, sizeof(out->name) - 1);
	memcpy(out->name, name, len);
	out->mode = mode;
	out->ino = ino;
	return 0;
}

/* Below /proc/<pid> (pid alive): rest is what follows "/proc/<pid>/". */
static int
lookup_in_pid(int pid, const char *rest, struct initramfs_node *out)
{
	const char *slash = strchr(rest, '/');
	size_t len = slash != NULL ? (size_t)(slash - rest) : strlen(rest);
	enum procfs_kind kind = name_find(pid_names, nitems(pid_names), rest,
	    len);

	if (kind == 0)
		return -ENOENT;
	if (slash != NULL)
		return -ENOTDIR;
	return node_set(out, rest, len, PROCFS_FILE_MODE,
	    PROCFS_INO(pid, kind));
}

int
procfs_lookup(const char *path, struct initramfs_node *out)
{
	const char *comp = path + 5, *slash;	/* past "/proc" */
	enum procfs_kind kind;
	size_t len;
	int pid;

	KASSERT(procfs_path(path), ("procfs_lookup: %s", path));
	if (*comp == '\0')
		return node_set(out, "proc", 4, PROCFS_DIR_MODE,
		    PROCFS_INO(0, PROCFS_ROOT));
	comp++;
	slash = strchr(comp, '/');
	len = slash != NULL ? (size_t)(slash - comp) : strlen(comp);
	kind = name_find(root_names, nitems(root_names), comp, len);
	if (kind != 0 && kind != PROCFS_SELF)
		return slash != NULL ? -ENOTDIR : node_set(out, comp, len,
		    PROCFS_FILE_MODE, PROCFS_INO(0, kind));
	pid = kind == PROCFS_SELF ? curproc->p_pid : parse_pid(comp, len);
	if (pid < 0 || !proc_exists(pid))
		return -ENOENT;
	if (slash != NULL)
		return lookup_in_pid(pid, slash + 1, out);
	return node_set(out, comp, len, PROCFS_DIR_MODE,
	    PROCFS_INO(pid, PROCFS_PID));
}

/* ---- for the tests ------------------------------------------------------ */

int
procfs_vmstat(char *buf, size_t size)
{
	struct text t;

	text_init(&t, buf, size);
	vmstat_text(&t);
	return text_result(&t);
}

int
procfs_meminfo(char *buf, size_t size)
{
	struct text t;

	text_init(&t, buf, size);
	meminfo_text(&t);
	return text_result(&t);
}

/* The text of maps, pmd, smaps... for a map the caller owns. */
static int
map_text(struct vm_map *map, enum procfs_kind kind, char *buf, size_t size)
{
	struct map_source src = { PROCFS_OWNER, map, map->pmap };
	struct map_snapshot snap;
	struct text t;
	int error;

	if ((error = map_snapshot(&src, &snap)) != 0)
		return error;
	text_init(&t, buf, size);
	regions_text(kind, &src, &snap, &t);
	kfree(snap.entries);
	return text_result(&t);
}

int
procfs_map_maps(struct vm_map *map, char *buf, size_t size)
{
	return map_text(map, PROCFS_MAPS, buf, size);
}

int
procfs_map_pmd(struct vm_map *map, char *buf, size_t size)
{
	return map_text(map, PROCFS_PMD, buf, size);
}

int
procfs_map_smaps(struct vm_map *map, char *buf, size_t size)
{
	return map_text(map, PROCFS_SMAPS, buf, size);
}

int
procfs_map_smaps_rollup(struct vm_map *map, char *buf, size_t size)
{
	return map_text(map, PROCFS_SMAPS_ROLLUP, buf, size);
}

ssize_t
procfs_map_pagemap(struct vm_map *map, uint64_t off, void *buf, size_t len)
{
	struct map_source src = { PROCFS_OWNER, map, map->pmap };

	return pagemap_read(&src, off, buf, len, UIO_SYSSPACE);
}

int
procfs_map_usage(struct vm_map *map, struct procfs_usage *usage)
{
	struct map_source src = { PROCFS_OWNER, map, map->pmap };

	return usage_of(&src, usage);
}
