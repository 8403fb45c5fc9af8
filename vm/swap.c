/*
 * swap.c: the swap areas (see swap.h).
 *
 * swapon(2) names a disk.  Its first page must be a swap header in
 * Linux's format (vm/swap_header.c): the page is read from the disk and
 * checked, and a header that is not right turns swapon() down with
 * EINVAL and one line on the console that says what is wrong, as Linux
 * does.  An area that is on has a priority: the one swapon() gave
 * (SWAP_FLAG_PREFER), else -2, -3, ... in the order areas come, as on
 * Linux; pages will go to the highest first.  Each area keeps the books
 * of its slots in a swap table (vm/swap_table.c), which is also the swap
 * cache.
 */
#include "vm/swap.h"
#include "drivers/blk.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/swap_header.h"
#include "vm/swap_table.h"
#include "vm/vm_anon.h"
#include "vm/vm_page.h"

struct swap_area {
	struct blk_dev	*dev;
	char		path[24];
	struct swap_table *table;	/* the slots' books (swap_table.h) */
	int		prio;
	bool		leaving;	/* swapoff is bringing it back: set and
					   cleared under swap_lock, read
					   without it (a hint reclaim and
					   slot allocation respect) */
};

/* (a) swap_lock: the areas that are on; NULL: a free entry. */
static struct swap_area *swap_areas[SWAP_MAX_AREAS];
static int swap_least_prio = -1;	/* (a) the last default priority */
static struct spinlock swap_lock = SPINLOCK_INITIALIZER("swap areas");

/* The counters of area's table. */
static struct swap_table_stats
area_stats(struct swap_area *area)
{
	struct swap_table_stats st;

	swap_table_stats(area->table, &st);
	return st;
}

/* The block device path names ("/dev/vda"), or NULL. */
static struct blk_dev *
path_disk(const char *path)
{
	if (strncmp(path, "/dev/", 5) != 0)
		return NULL;
	return blk_lookup(path + 5);
}

/* With swap_lock held: the entry of the area on dev, or -1. */
static int
find_area(const struct blk_dev *dev)
{
	for (int i = 0; i < SWAP_MAX_AREAS; i++)
		if (swap_areas[i] != NULL && swap_areas[i]->dev == dev)
			return i;
	return -1;
}

/*
 * Read dev's first page and check it as a swap header; the books of the
 * area it describes in area->table (slots 0 .. last_page, the bad pages
 * marked).  0, -EIO, -ENOMEM, or -EINVAL with a message.
 */
static int
read_header(struct blk_dev *dev, const char *path, struct swap_area *area)
{
	struct swap_header_info *info = kmalloc(sizeof(*info), 0);
	struct vm_page *m = vm_page_alloc(0, 0);
	const char *why;
	int error = -ENOMEM;

	if (info != NULL && m != NULL &&
	    (error = blk_rw(dev, BLK_READ, 0, VM_PAGE_TO_PHYS(m),
	    SWAP_HEADER_SIZE)) == 0 &&
	    (error = swap_header_parse((void *)PHYS_TO_DMAP(
	    VM_PAGE_TO_PHYS(m)), dev->sectors * BLK_SECTOR_SIZE /
	    SWAP_HEADER_SIZE, info, &why)) != 0)
		printf("swapon: %s: %s\n", path, why);
	if (error == 0)
		error = swap_table_create((uint64_t)info->last_page + 1,
		    info->badpages, info->nr_badpages, &area->table);
	if (m != NULL)
		vm_page_free(m);
	kfree(info);
	return error;
}

/* With swap_lock held: put area in a free entry.  0 or -EBUSY, -ENOSPC. */
static int
add_area(struct swap_area *area, int flags)
{
	int free = -1;

	if (find_area(area->dev) >= 0)
		return -EBUSY;
	for (int i = SWAP_MAX_AREAS - 1; i >= 0; i--)
		if (swap_areas[i] == NULL)
			free = i;
	if (free < 0)
		return -ENOSPC;
	area->prio = (flags & SWAP_FLAG_PREFER) ?
	    (flags & SWAP_FLAG_PRIO_MASK) : --swap_least_prio;
	swap_areas[free] = area;
	return 0;
}

int
swap_on(const char *path, int flags)
{
	struct swap_area *area;
	struct blk_dev *dev;
	int error;

	if (flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	if ((dev = path_disk(path)) == NULL)
		return strncmp(path, "/dev/", 5) == 0 ? -ENOENT : -ENOTBLK;
	if (dev->read_only)
		return -EPERM;
	if ((area = kmalloc(sizeof(*area), KM_ZERO)) == NULL)
		return -ENOMEM;
	area->dev = dev;
	strlcpy(area->path, path, sizeof(area->path));
	if ((error = read_header(dev, path, area)) == 0) {
		spin_lock(&swap_lock);
		error = add_area(area, flags);
		spin_unlock(&swap_lock);
	}
	if (error != 0) {
		if (area->table != NULL)
			swap_table_destroy(area->table);
		kfree(area);
	} else
		printf("swap: %s on, %lu KiB, priority %d\n", path,
		    area_stats(area).usable * (PAGE_SIZE / 1024), area->prio);
	return error;
}

/*
 * With swap_lock held: take area i out of the table.  A default priority
 * (negative: swapon() gives only 0 and up) is given back as Linux does:
 * the areas that came after it move up one, so the next area turned on
 * gets the same number again.
 */
static void
remove_area(int i)
{
	int prio = swap_areas[i]->prio;

	swap_areas[i] = NULL;
	if (prio >= 0)
		return;
	for (int j = 0; j < SWAP_MAX_AREAS; j++)
		if (swap_areas[j] != NULL && swap_areas[j]->prio < prio)
			swap_areas[j]->prio++;
	swap_least_prio++;
}

/*
 * While the pages come back the area stays in the table, marked leaving:
 * no new slot is taken from it, and reclaim leaves the folios that cache
 * its slots alone.  If they cannot all come back, it simply stays on.
 */
int
swap_off(const char *path)
{
	struct blk_dev *dev = path_disk(path);
	struct swap_area *area = NULL;
	int i = -1, error;

	spin_lock(&swap_lock);
	if (dev != NULL && (i = find_area(dev)) >= 0 &&
	    !swap_areas[i]->leaving) {
		area = swap_areas[i];
		area->leaving = true;
	}
	spin_unlock(&swap_lock);
	if (area == NULL)
		return i >= 0 ? -EBUSY : -EINVAL;
	error = vm_anon_swapoff((unsigned)i);
	spin_lock(&swap_lock);
	if (error == 0)
		remove_area(i);
	else
		area->leaving = false;
	spin_unlock(&swap_lock);
	if (error != 0) {
		printf("swapoff: %s: cannot bring its pages back (error %d); "
		    "it stays on\n", path, -error);
		return error;
	}
	printf("swap: %s off\n", path);
	swap_table_destroy(area->table);
	kfree(area);
	return 0;
}

bool
swap_area_stat(int index, struct swap_area_stat *out)
{
	bool found = false;

	spin_lock(&swap_lock);
	for (int i = 0; i < SWAP_MAX_AREAS && !found; i++) {
		struct swap_area *a = swap_areas[i];

		if (a == NULL || index-- > 0)
			continue;
		struct swap_table_stats st = area_stats(a);

		strlcpy(out->path, a->path, sizeof(out->path));
		out->size_kib = st.usable * (PAGE_SIZE / 1024);
		out->used_kib = (st.usable - st.free) * (PAGE_SIZE / 1024);
		out->prio = a->prio;
		found = true;
	}
	spin_unlock(&swap_lock);
	return found;
}

uint64_t
swap_free_slots(void)
{
	struct swap_table_stats st;
	uint64_t free = 0;

	spin_lock(&swap_lock);
	for (int i = 0; i < SWAP_MAX_AREAS; i++) {
		if (swap_areas[i] == NULL || swap_areas[i]->leaving)
			continue;
		swap_table_stats(swap_areas[i]->table, &st);
		free += st.free;
	}
	spin_unlock(&swap_lock);
	return free;
}

void
swap_totals(uint64_t *total, uint64_t *free)
{
	*total = *free = 0;
	spin_lock(&swap_lock);
	for (int i = 0; i < SWAP_MAX_AREAS; i++) {
		struct swap_table_stats st;

		if (swap_areas[i] == NULL)
			continue;
		st = area_stats(swap_areas[i]);
		*total += st.usable;
		*free += st.free;
	}
	spin_unlock(&swap_lock);
}

/* ---- slots and their I/O -------------------------------------------- */

/* With swap_lock held: the areas that are on, highest priority first. */
static int
areas_by_prio(int *order)
{
	int n = 0, j;

	for (int i = 0; i < SWAP_MAX_AREAS; i++) {
		if (swap_areas[i] == NULL)
			continue;
		for (j = n++; j > 0 && swap_areas[order[j - 1]]->prio <
		    swap_areas[i]->prio; j--)
			order[j] = order[j - 1];	/* insertion sort */
		order[j] = i;
	}
	return n;
}

int
swap_slot_alloc(int order, swp_entry_t *entry)
{
	int by_prio[SWAP_MAX_AREAS], n, error = -ENOSPC;
	uint64_t slot;

	spin_lock(&swap_lock);
	n = areas_by_prio(by_prio);
	for (int k = 0; k < n && error != 0; k++) {
		if (swap_areas[by_prio[k]]->leaving)
			continue;
		error = swap_alloc(swap_areas[by_prio[k]]->table, order, &slot);
		if (error == 0)
			*entry = swp_entry((unsigned)by_prio[k], slot);
	}
	spin_unlock(&swap_lock);
	return error;
}

/*
 * The area entry names; it must be on.  (No lock: an area cannot go off
 * while a slot of it is held, for swapoff brings every page back first.)
 */
static struct swap_area *
entry_area(swp_entry_t entry)
{
	struct swap_area *area = NULL;

	if (swp_type(entry) < SWAP_MAX_AREAS)
		area = swap_areas[swp_type(entry)];
	KASSERT(area != NULL, ("entry_area: no area %u", swp_type(entry)));
	return area;
}

void
swap_slot_put(swp_entry_t entry, unsigned nr)
{
	swap_put(entry_area(entry)->table, swp_offset(entry), nr);
}

int
swap_slot_dup(swp_entry_t entry, unsigned nr)
{
	return swap_dup(entry_area(entry)->table, swp_offset(entry), nr);
}

unsigned
swap_slot_count(swp_entry_t entry)
{
	return swap_count(entry_area(entry)->table, swp_offset(entry));
}

struct swap_table *
swap_entry_table(swp_entry_t entry)
{
	return entry_area(entry)->table;
}

bool
swap_entry_leaving(swp_entry_t entry)
{
	return entry_area(entry)->leaving;
}

/*
 * swap_area_slots: the size (slots, header included) and the slots in
 * use of area type, and the free slots of every other area that is on
 * and not leaving.  false if type is not on.
 */
bool
swap_area_slots(unsigned type, uint64_t *nslots, uint64_t *used,
    uint64_t *free_elsewhere)
{
	struct swap_table_stats st;
	bool on;

	*free_elsewhere = 0;
	spin_lock(&swap_lock);
	on = type < SWAP_MAX_AREAS && swap_areas[type] != NULL;
	for (int i = 0; i < SWAP_MAX_AREAS; i++) {
		if (swap_areas[i] == NULL)
			continue;
		swap_table_stats(swap_areas[i]->table, &st);
		if ((unsigned)i == type) {
			*nslots = st.nslots;
			*used = st.usable - st.free;
		} else if (!swap_areas[i]->leaving)
			*free_elsewhere += st.free;
	}
	spin_unlock(&swap_lock);
	return on;
}

int
swap_folio_io(swp_entry_t entry, struct vm_page *folio, int order,
    bool write, struct swap_io *io, void (*done)(struct blk_req *),
    void *arg)
{
	struct swap_area *area = entry_area(entry);

	io->seg = (struct blk_seg){ VM_PAGE_TO_PHYS(folio),
	    (uint32_t)(PAGE_SIZE << order) };
	io->req = (struct blk_req){ .dev = area->dev,
	    .op = write ? BLK_WRITE : BLK_READ,
	    .sector = swp_offset(entry) * (PAGE_SIZE / BLK_SECTOR_SIZE),
	    .nsegs = 1, .segs = &io->seg, .done = done, .arg = arg };
	return blk_submit(&io->req);
}

int
swap_folio_rw(swp_entry_t entry, struct vm_page *folio, int order,
    bool write)
{
	struct blk_wait wait = { false };
	struct swap_io io;
	int error;

	if ((error = swap_folio_io(entry, folio, order, write, &io,
	    blk_wait_done, &wait)) != 0)
		return error;
	blk_wait(&wait);
	return io.req.error;
}

int
swap_pages_read(swp_entry_t first, struct vm_page *const *pages, int n)
{
	struct swap_area *area = entry_area(first);
	struct blk_seg segs[SWAP_READ_PAGES_MAX];
	struct blk_wait wait = { false };
	struct blk_req req;
	int error;

	KASSERT(n > 0 && n <= SWAP_READ_PAGES_MAX && n <= area->dev->max_segs,
	    ("swap_pages_read: %d pages", n));
	for (int i = 0; i < n; i++)
		segs[i] = (struct blk_seg){ VM_PAGE_TO_PHYS(pages[i]),
		    PAGE_SIZE };
	req = (struct blk_req){ .dev = area->dev, .op = BLK_READ,
	    .sector = swp_offset(first) * (PAGE_SIZE / BLK_SECTOR_SIZE),
	    .nsegs = n, .segs = segs, .done = blk_wait_done, .arg = &wait };
	if ((error = blk_submit(&req)) != 0)
		return error;
	blk_wait(&wait);
	return req.error;
}
