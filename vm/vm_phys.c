/*
 * vm_phys.c: the buddy allocator of physical frames.
 *
 * Free memory is kept as naturally aligned blocks of 2^order frames, one
 * free list per order (0: 4 KiB ... VM_NFREEORDER - 1: 4 MiB).  A block's
 * *buddy* is the block of the same order it was split from, or would merge
 * with: the frame index with bit `order` flipped.
 *
 *   allocate order k: take a block from the smallest non-empty list of
 *       order >= k; while it is bigger than 2^k, split it in halves and put
 *       the upper half on the list one order down.
 *   free order k: while the buddy is free and of the same order, take it
 *       off its list and merge; put the result on its list.
 *
 * Only the head page of a free block is marked PG_FREE and carries the
 * block's order.  Frame indexes count from the array's first frame, whose
 * address is a multiple of the largest block size, so an order-9 block is
 * 2 MiB aligned in physical memory, as a PMD leaf needs.
 *
 * This file touches only struct vm_page, never the frames, so it is also
 * built and tested on the host (tests/host/test_buddy.c).
 */
#include "vm/vm_phys.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

static struct {
	struct spinlock	lock;
	struct vm_page	*pages;			/* (c) the page array */
	size_t		npages;			/* (c) its length */
	struct list_node free[VM_NFREEORDER];	/* (f) one list per order */
	size_t		nfree[VM_NFREEORDER];	/* (f) blocks per list */
	size_t		free_pages;		/* (f) free frames in all */
} vm_phys;

void
vm_phys_init(struct vm_page *pages, size_t npages)
{
	KASSERT(npages == 0 || (pages[0].phys_addr &
	    ((PAGE_SIZE << (VM_NFREEORDER - 1)) - 1)) == 0,
	    ("vm_phys_init: the array must start on a largest-block boundary"));
	spin_init(&vm_phys.lock, "vm_phys");
	vm_phys.pages = pages;
	vm_phys.npages = npages;
	vm_phys.free_pages = 0;
	for (int order = 0; order < VM_NFREEORDER; order++) {
		list_init(&vm_phys.free[order]);
		vm_phys.nfree[order] = 0;
	}
}

static size_t
page_index(const struct vm_page *m)
{
	return (size_t)(m - vm_phys.pages);
}

static void
freelist_insert(struct vm_page *m, int order)
{
	m->flags |= PG_FREE;
	m->order = (uint8_t)order;
	list_insert_head(&vm_phys.free[order], &m->plinks);
	vm_phys.nfree[order]++;
}

static void
freelist_remove(struct vm_page *m, int order)
{
	KASSERT((m->flags & PG_FREE) && m->order == order,
	    ("freelist_remove: page 0x%lx not a free block of order %d",
	    m->phys_addr, order));
	m->flags &= ~PG_FREE;
	list_remove(&m->plinks);
	vm_phys.nfree[order]--;
}

/*
 * The free buddy of the order-`order` block at index idx, or NULL if the
 * buddy is outside the array, allocated, or split into smaller blocks.
 */
static struct vm_page *
free_buddy(size_t idx, int order)
{
	size_t buddy = idx ^ ((size_t)1 << order);
	struct vm_page *b;

	if (buddy >= vm_phys.npages)
		return NULL;
	b = &vm_phys.pages[buddy];
	if ((b->flags & PG_FREE) == 0 || b->order != order)
		return NULL;
	return b;
}

/*
 * Does the frame at idx lie inside a free block?  Any free block holding it
 * starts at idx rounded down to some order k and has order >= k, so one
 * look per order finds it.  (Debug builds: it catches a double free of a
 * page that has since merged into a bigger free block.)
 */
static bool __unused
in_free_block(size_t idx)
{
	for (int k = 0; k < VM_NFREEORDER; k++) {
		const struct vm_page *h =
		    &vm_phys.pages[idx & ~(((size_t)1 << k) - 1)];

		if ((h->flags & PG_FREE) && h->order >= k)
			return true;
	}
	return false;
}

/* Does the block [idx, idx + 2^order) contain a free block?  (Debug.) */
static bool __unused
holds_free_block(size_t idx, int order)
{
	for (size_t i = 0; i < ((size_t)1 << order); i++)
		if (vm_phys.pages[idx + i].flags & PG_FREE)
			return true;
	return false;
}

/* Free a block with vm_phys.lock held, merging it with its buddies. */
static void
free_locked(struct vm_page *m, int order)
{
	size_t idx = page_index(m);
	struct vm_page *buddy;

	KASSERT(idx + ((size_t)1 << order) <= vm_phys.npages,
	    ("vm_phys_free: block outside the array"));
	KASSERT((idx & (((size_t)1 << order) - 1)) == 0,
	    ("vm_phys_free: page 0x%lx not aligned to order %d",
	    m->phys_addr, order));
	KASSERT(!in_free_block(idx) && !holds_free_block(idx, order),
	    ("vm_phys_free: double free of page 0x%lx", m->phys_addr));
	KASSERT((m->flags & PG_RESERVED) == 0,
	    ("vm_phys_free: page 0x%lx is reserved", m->phys_addr));
	vm_phys.free_pages += (size_t)1 << order;
	while (order < VM_NFREEORDER - 1 &&
	    (buddy = free_buddy(idx, order)) != NULL) {
		freelist_remove(buddy, order);
		idx &= ~((size_t)1 << order);	/* the lower of the two */
		order++;
	}
	freelist_insert(&vm_phys.pages[idx], order);
}

void
vm_phys_free(struct vm_page *m, int order)
{
	KASSERT(order >= 0 && order < VM_NFREEORDER,
	    ("vm_phys_free: bad order %d", order));
	spin_lock(&vm_phys.lock);
	free_locked(m, order);
	spin_unlock(&vm_phys.lock);
}

/*
 * vm_phys_alloc: take a block of 2^order frames.  Returns its head page with
 * order set and PG_FREE clear, or NULL if no block is big enough.
 */
struct vm_page *
vm_phys_alloc(int order)
{
	struct vm_page *m = NULL;
	int o;

	if (order < 0 || order >= VM_NFREEORDER)
		return NULL;
	spin_lock(&vm_phys.lock);
	for (o = order; o < VM_NFREEORDER; o++) {
		m = list_first(&vm_phys.free[o], struct vm_page, plinks);
		if (m != NULL)
			break;
	}
	if (m == NULL)
		goto out;
	freelist_remove(m, o);
	/* Split: keep the lower half, free the upper half one order down. */
	while (o > order) {
		o--;
		freelist_insert(m + ((size_t)1 << o), o);
	}
	m->order = (uint8_t)order;
	vm_phys.free_pages -= (size_t)1 << order;
out:
	spin_unlock(&vm_phys.lock);
	return m;
}

/*
 * vm_phys_add_range: give [start, end) to the allocator, cut into the
 * largest naturally aligned blocks that fit.  Every page in the range must
 * have been set up (phys_addr) and not be PG_RESERVED.
 */
void
vm_phys_add_range(vm_paddr_t start, vm_paddr_t end)
{
	vm_paddr_t base = vm_phys.pages[0].phys_addr;
	size_t idx = (start - base) >> PAGE_SHIFT;
	size_t last = (end - base) >> PAGE_SHIFT;

	KASSERT((start & PAGE_MASK) == 0 && (end & PAGE_MASK) == 0 &&
	    start >= base, ("vm_phys_add_range: bad range"));
	KASSERT(last <= vm_phys.npages, ("vm_phys_add_range: past the array"));
	spin_lock(&vm_phys.lock);
	while (idx < last) {
		int order = 0;

		while (order < VM_NFREEORDER - 1 &&
		    (idx & (((size_t)2 << order) - 1)) == 0 &&
		    idx + ((size_t)2 << order) <= last)
			order++;
		free_locked(&vm_phys.pages[idx], order);
		idx += (size_t)1 << order;
	}
	spin_unlock(&vm_phys.lock);
}

size_t
vm_phys_free_count(void)
{
	return vm_phys.free_pages;
}

size_t
vm_phys_free_blocks(int order)
{
	KASSERT(order >= 0 && order < VM_NFREEORDER,
	    ("vm_phys_free_blocks: bad order %d", order));
	return vm_phys.nfree[order];
}
