/*
 * vm_page.c: the page array and the kernel's face of the page allocator.
 *
 * vm_phys.c keeps the books of the buddy allocator; this file adds what
 * needs the frames themselves: zero-filling on request, and, in debug
 * builds, filling freed frames with junk so that a use after free reads
 * garbage loudly instead of stale data quietly.
 */
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_phys.h"
#include "vm/vm_stats.h"
#include "vm/pmap.h"
#include "kernel/systm.h"

struct vm_page *vm_page_array;
size_t vm_page_array_size;
size_t vm_page_array_first;

/* Boot-time totals, set once by vm_page_startup() (vm_init.c). */
struct vm_page_stats vm_page_boot_stats;

/* The watermarks (vm_pageout.h); all 0 until vm_pageout_init(). */
struct vm_watermarks vm_wmark;

#define VM_PAGE_JUNK	0xdeadbeefdeadbeefULL

void *
vm_page_to_virt(const struct vm_page *m)
{
	return (void *)PHYS_TO_DMAP(m->phys_addr);
}

static void __unused
fill_words(struct vm_page *m, int order, uint64_t word)
{
	uint64_t *p = vm_page_to_virt(m);
	size_t n = (PAGE_SIZE << order) / sizeof(uint64_t);

	for (size_t i = 0; i < n; i++)
		p[i] = word;
}

/*
 * User memory may not take the last min pages: they are the reserve that
 * reclaim itself (page tables, pv entries, swap tables) and the kernel
 * live on while the page daemon makes room.
 */
struct vm_page *
vm_page_alloc(int order, int flags)
{
	struct vm_page *m = NULL;
	size_t want = (size_t)1 << order;

	if (!(flags & VM_ALLOC_USER) ||
	    vm_phys_free_count() >= vm_wmark.min + want)
		m = vm_phys_alloc(order);
	if (vm_phys_free_count() < vm_wmark.low)
		pagedaemon_wakeup();
	if (m == NULL)
		return NULL;
	vm_stat_add(VM_STAT_PGALLOC_NORMAL, 1 << order);
	m->ref_count = 1;
	m->flags &= PG_RESERVED;	/* no stale PG_SLAB/PG_PTP */
	m->slab = NULL;
	if (flags & VM_ALLOC_ZERO)
		memset(vm_page_to_virt(m), 0, PAGE_SIZE << order);
	return m;
}

void
vm_page_free(struct vm_page *m)
{
	int order = m->order;

	KASSERT((m->flags & PG_FREE) == 0,
	    ("vm_page_free: double free of page 0x%lx", m->phys_addr));
#ifdef INVARIANTS
	fill_words(m, order, VM_PAGE_JUNK);
#endif
	KASSERT((m->flags & (PG_LRU | PG_SWAPCACHE | PG_READING |
	    PG_WRITEBACK)) == 0, ("vm_page_free: page 0x%lx is still in use "
	    "(flags 0x%x)", m->phys_addr, m->flags));
	m->flags &= PG_RESERVED;
	m->ref_count = 0;
	vm_stat_add(VM_STAT_PGFREE, 1 << order);
	vm_phys_free(m, order);
}

size_t
vm_page_free_count(void)
{
	return vm_phys_free_count();
}

void
vm_page_stats(struct vm_page_stats *st)
{
	*st = vm_page_boot_stats;
	st->free = vm_phys_free_count();
}
