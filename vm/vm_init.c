/*
 * vm_init.c: bring up physical memory management at boot.
 *
 * The order matters, because each step needs memory that only the next
 * step knows how to hand out:
 *   1. check the memory map the boot loader gave (bootinfo);
 *   2. a bump allocator, vm_bootstrap_alloc(), takes frames right after
 *      everything the loader placed in low memory (kernel, modules);
 *   3. pmap_bootstrap() builds the real kernel page table from those frames;
 *   4. vm_page_array gets its frames the same way;
 *   5. every usable frame not taken so far goes to the buddy allocator;
 *   6. the kernel object allocator starts on top of it.
 */
#include "vm/vm_init.h"
#include "vm/vm_pageout.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"
#include "vm/kmem.h"
#include "vm/vm_map.h"
#include "vm/pmap.h"
#include "vm/pmap_pv.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"

extern struct vm_page_stats vm_page_boot_stats;

/* Frames below 1 MiB are left alone (firmware data, later AP trampolines). */
#define LOW_MEMORY_END	0x100000UL
/* The boot page table's direct map: early frames must lie below. */
#define BOOTSTRAP_LIMIT	BOOT_DMAP_LIMIT

static struct {
	vm_paddr_t	start;		/* the first frame it handed out */
	vm_paddr_t	next;		/* the next frame it will hand out */
	vm_paddr_t	limit;		/* the end of the region it carves */
} bootstrap;

static bool
overlaps(vm_paddr_t s1, vm_paddr_t e1, vm_paddr_t s2, vm_paddr_t e2)
{
	return s1 < e2 && s2 < e1;
}

/*
 * Start the bump allocator after the highest reserved range (kernel,
 * modules, boot data) that lies in low memory, inside the usable region
 * holding that address.
 */
static void
bootstrap_init(const struct bootinfo *bi)
{
	vm_paddr_t next = roundup2(bi->kernel.end, PAGE_SIZE);

	for (int i = 0; i < bi->nreserved; i++)
		if (bi->reserved[i].end < BOOTSTRAP_LIMIT)
			next = MAX(next, roundup2(bi->reserved[i].end,
			    PAGE_SIZE));
	for (int i = 0; i < bi->nmem; i++) {
		if (bi->mem[i].start <= next && next < bi->mem[i].end) {
			bootstrap.start = bootstrap.next = next;
			bootstrap.limit = MIN(rounddown2(bi->mem[i].end,
			    PAGE_SIZE), BOOTSTRAP_LIMIT);
			return;
		}
	}
	panic("vm_init: no usable memory after the kernel at 0x%lx", next);
}

vm_paddr_t
vm_bootstrap_alloc(size_t npages)
{
	vm_paddr_t pa = bootstrap.next;

	if (pa + npages * PAGE_SIZE > bootstrap.limit)
		panic("vm_bootstrap_alloc: out of boot memory (%zu pages)",
		    npages);
	bootstrap.next += npages * PAGE_SIZE;
	memset((void *)PHYS_TO_DMAP(pa), 0, npages * PAGE_SIZE);
	return pa;
}

/* The bytes of RAM, and the lowest and highest RAM addresses. */
static size_t
count_ram(const struct bootinfo *bi, vm_paddr_t *phys_start,
    vm_paddr_t *phys_end)
{
	size_t bytes = 0;

	*phys_start = ~(vm_paddr_t)0;
	*phys_end = 0;
	for (int i = 0; i < bi->nmem; i++) {
		bytes += bi->mem[i].end - bi->mem[i].start;
		*phys_start = MIN(*phys_start, bi->mem[i].start);
		*phys_end = MAX(*phys_end, bi->mem[i].end);
	}
	*phys_end = rounddown2(*phys_end, PAGE_SIZE);
	return bytes;
}

/* Is the frame at pa free for the buddy allocator? */
static bool
frame_is_free(const struct bootinfo *bi, vm_paddr_t pa)
{
	vm_paddr_t end = pa + PAGE_SIZE;

	if (pa < LOW_MEMORY_END)
		return false;
	if (overlaps(pa, end, bi->kernel.start, bi->kernel.end))
		return false;
	if (overlaps(pa, end, bootstrap.start, bootstrap.next))
		return false;
	for (int i = 0; i < bi->nreserved; i++)
		if (overlaps(pa, end, bi->reserved[i].start,
		    bi->reserved[i].end))
			return false;
	return true;
}

/*
 * Hand each usable region to the buddy allocator, minus the frames that are
 * taken; runs of free frames go in one vm_phys_add_range() call each.
 */
static size_t
release_free_frames(const struct bootinfo *bi)
{
	size_t managed = 0;

	for (int i = 0; i < bi->nmem; i++) {
		vm_paddr_t pa = roundup2(bi->mem[i].start, PAGE_SIZE);
		vm_paddr_t end = rounddown2(bi->mem[i].end, PAGE_SIZE);
		vm_paddr_t run = 0;
		bool in_run = false;

		for (; pa <= end; pa += PAGE_SIZE) {
			bool free = pa < end && frame_is_free(bi, pa);

			if (free && !in_run)
				run = pa;
			if (!free && in_run) {
				for (vm_paddr_t p = run; p < pa; p += PAGE_SIZE)
					PHYS_TO_VM_PAGE(p)->flags = 0;
				vm_phys_add_range(run, pa);
				managed += (pa - run) >> PAGE_SHIFT;
			}
			in_run = free;
		}
	}
	return managed;
}

/*
 * Set up vm_page_array for every frame in [phys_start, phys_end), the start
 * rounded down to the largest buddy block so that the buddy allocator's
 * array indexes are aligned as the physical addresses are.
 */
static void
vm_page_array_init(vm_paddr_t phys_start, vm_paddr_t phys_end)
{
	vm_paddr_t base = rounddown2(phys_start,
	    PAGE_SIZE << (VM_NFREEORDER - 1));
	size_t n = (phys_end - base) >> PAGE_SHIFT;
	size_t bytes = roundup2(n * sizeof(struct vm_page), PAGE_SIZE);

	vm_page_array = (struct vm_page *)PHYS_TO_DMAP(
	    vm_bootstrap_alloc(bytes / PAGE_SIZE));
	vm_page_array_size = n;
	vm_page_array_first = base >> PAGE_SHIFT;
	for (size_t i = 0; i < n; i++) {
		struct vm_page *m = &vm_page_array[i];

		list_init(&m->plinks);
		list_init(&m->pv_list);
		m->phys_addr = base + ((vm_paddr_t)i << PAGE_SHIFT);
		m->flags = PG_RESERVED;
	}
	vm_phys_init(vm_page_array, n);
}

static void
check_memory(const struct bootinfo *bi, size_t ram)
{
	if (!bi->have_memory_map || bi->nmem == 0)
		panic("vm_init: the boot loader gave no memory map");
	if (ram < VM_MIN_MEMORY) {
		printf("pagoda: only %zu KiB of RAM; Pagoda needs at least "
		    "%lu MiB.  Halting.\n", ram >> 10, VM_MIN_MEMORY >> 20);
		machine_exit(EXIT_NOMEM);
	}
}

void
vm_init(const struct bootinfo *bi)
{
	struct vm_page_stats *st = &vm_page_boot_stats;
	vm_paddr_t phys_start, phys_end;
	size_t ram = count_ram(bi, &phys_start, &phys_end);

	check_memory(bi, ram);
	if (phys_end > DMAP_PHYS_LIMIT)
		phys_end = DMAP_PHYS_LIMIT;
	bootstrap_init(bi);
	pmap_bootstrap(phys_end);
	vm_page_array_init(phys_start, phys_end);
	st->managed = release_free_frames(bi);
	st->total = ram >> PAGE_SHIFT;
	st->kernel = (bi->kernel.end - bi->kernel.start) >> PAGE_SHIFT;
	st->bootstrap = (bootstrap.next - bootstrap.start) >> PAGE_SHIFT;
	vm_pageout_init(st->managed);
	kmem_init();
	pv_init();
	vm_map_init();
}
