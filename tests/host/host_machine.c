/*
 * host_machine.c: the fake machine the memory tests run on (see
 * host_test.h): frames of "physical" memory that are a host allocation,
 * with host_dmap_base (machine/vmparam.h's shim) making PHYS_TO_DMAP()
 * point into it.
 */
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel/list.h"
#include "vm/kmem.h"
#include "vm/vm_page.h"
#include "vm/vm_pageout.h"
#include "vm/vm_phys.h"

static void *phys_mem;			/* the fake physical memory */

void *
host_machine_setup(size_t npages)
{
	free(vm_page_array);
	free(phys_mem);
	vm_page_array_size = npages;
	vm_page_array = calloc(npages, sizeof(struct vm_page));
	phys_mem = aligned_alloc(PMD_SIZE, npages * PAGE_SIZE);
	if (vm_page_array == NULL || phys_mem == NULL)
		abort();
	memset(phys_mem, 0x5a, npages * PAGE_SIZE);	/* not zero: junk */
	host_dmap_base = (uintptr_t)phys_mem;
	for (size_t i = 0; i < npages; i++) {
		vm_page_array[i].phys_addr = (vm_paddr_t)i << PAGE_SHIFT;
		list_init(&vm_page_array[i].plinks);
	}
	vm_phys_init(vm_page_array, npages);
	vm_phys_add_range(0, npages * PAGE_SIZE);
	kmem_init();
	return phys_mem;
}

/*
 * The page daemon is not part of the fake machine: vm_page_alloc() wakes
 * it when memory runs low (the watermarks stay 0 here, so it never does).
 */
void
pagedaemon_wakeup(void)
{
}
