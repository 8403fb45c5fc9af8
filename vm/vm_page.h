/*
 * vm_page.h: one struct vm_page per 4 KiB physical frame.
 *
 * The array vm_page_array[] has an entry for every frame from the lowest
 * RAM address (rounded down to the largest buddy block, so that frame
 * indexes keep the alignment of physical addresses) up to the highest,
 * holes included (a hole's entry is marked PG_RESERVED and never used).
 * The entry of the frame at physical address pa is
 * vm_page_array[(pa >> PAGE_SHIFT) - vm_page_array_first]: on amd64 RAM
 * starts at 0, on arm64 (QEMU virt) at 1 GiB.
 *
 * A *folio* is a naturally aligned block of 2^order frames handled as one
 * unit; its first page, the head, carries the order and the reference
 * count.  The buddy allocator (vm_phys.c) hands out folios.
 *
 * Locking: (f) the free-page lock in vm_phys.c; (c) constant after boot;
 * (o) the owner of the allocated page: whoever allocated it; (v) pv_lock
 * in vm/pmap_pv.c; (a) anon_lock (vm/vm_anon.h) for an anonymous folio
 * (PG_ANON): its references, its LRU queue and its swap-cache state.
 */
#ifndef _VM_VM_PAGE_H_
#define _VM_VM_PAGE_H_

#include "kernel/list.h"
#include "vm/vm.h"

struct kmem_slab;

struct vm_page {
	struct list_node plinks;	/* (f) free list, or (o) a queue */
	struct list_node pv_list;	/* (v) leaves that map it: pmap_pv.h */
	vm_paddr_t	phys_addr;	/* (c) the frame's physical address */
	uint16_t	flags;		/* (f/o) PG_* below */
	uint8_t		order;		/* (f/o) block or folio order (head) */
	uint8_t		pad;
	int32_t		ref_count;	/* (o) references to the folio (head) */
	union {
		struct kmem_slab *slab;	/* (o) PG_SLAB: the slab it is in */
		uint32_t	pt_count; /* (o) PG_PTP: valid entries */
		swp_entry_t	swap;	/* (a) PG_SWAPCACHE: its first slot */
	};
};

/* vm_page flags. */
#define PG_RESERVED	0x0001	/* not managed: a hole, firmware, the kernel */
#define PG_FREE		0x0002	/* head of a free block in the buddy lists */
#define PG_SLAB		0x0004	/* belongs to a kmem slab */
#define PG_PTP		0x0008	/* a page-table page */
#define PG_KMEM_LARGE	0x0010	/* a kmalloc() allocation of whole pages */
/* Anonymous folios (vm_anon.c, vm_pageout.c, swap_cache.c), all (a): */
#define PG_ANON		0x0020	/* anonymous memory of user processes */
#define PG_LRU		0x0040	/* on an LRU queue (plinks) */
#define PG_ACTIVE	0x0080	/* ... the active one, else inactive */
#define PG_SWAPCACHE	0x0100	/* in the swap cache: swap is its slots */
#define PG_READING	0x0200	/* being read from swap: not valid yet */
#define PG_WRITEBACK	0x0400	/* being written to swap */
#define PG_DIRTY	0x0800	/* newer than its slots' copy on disk */
#define PG_READAHEAD	0x1000	/* read ahead of a fault, not used yet */
#define PG_TAIL		0x2000	/* not the head of a 2 MiB anonymous folio */

/* Orders 0 (4 KiB) to VM_NFREEORDER - 1 (4 MiB). */
#define VM_NFREEORDER	11

extern struct vm_page *vm_page_array;
extern size_t vm_page_array_size;
extern size_t vm_page_array_first;	/* the frame number of entry 0 */

static inline struct vm_page *
PHYS_TO_VM_PAGE(vm_paddr_t pa)
{
	return &vm_page_array[(pa >> PAGE_SHIFT) - vm_page_array_first];
}

static inline vm_paddr_t
VM_PAGE_TO_PHYS(const struct vm_page *m)
{
	return m->phys_addr;
}

/*
 * vm_page_order: the smallest order whose folio holds bytes (bytes at
 * most PAGE_SIZE << (VM_NFREEORDER - 1)).
 */
static inline int
vm_page_order(size_t bytes)
{
	int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* vm_page_alloc() flags. */
#define VM_ALLOC_ZERO	0x1	/* return the folio zero-filled */
#define VM_ALLOC_USER	0x2	/* for user memory: leave the reserve alone
				   (vm_pageout.h) and fail instead */

/*
 * vm_page_alloc: allocate a folio of 2^order frames, naturally aligned.
 * Returns its head page, with ref_count 1, or NULL when no block of that
 * order is free (with VM_ALLOC_USER: when taking it would dip into the
 * reserve below the min watermark).  Wakes the page daemon when free
 * memory falls below the low watermark.  Never sleeps, never panics.
 */
struct vm_page *vm_page_alloc(int order, int flags);

/* vm_page_free: give back a folio from vm_page_alloc() (any ref_count). */
void	vm_page_free(struct vm_page *m);

/* The address of a page's contents, through the direct map. */
void	*vm_page_to_virt(const struct vm_page *m);

/* Free 4 KiB frames, all orders together. */
size_t	vm_page_free_count(void);

/* Totals for the boot banner and /proc/meminfo, in pages. */
struct vm_page_stats {
	size_t	total;		/* RAM the firmware reported */
	size_t	managed;	/* handed to the buddy allocator at boot */
	size_t	kernel;		/* the kernel image */
	size_t	bootstrap;	/* page tables and vm_page_array */
	size_t	free;		/* free now */
};
void	vm_page_stats(struct vm_page_stats *st);

#endif /* !_VM_VM_PAGE_H_ */
