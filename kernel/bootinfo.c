/*
 * bootinfo.c: filling a struct bootinfo (see bootinfo.h).
 */
#include "kernel/bootinfo.h"
#include "kernel/systm.h"

static void
add_region(struct phys_region *r, int *n, vm_paddr_t start, vm_paddr_t end,
    const char *what)
{
	if (*n == BOOTINFO_MAX_REGIONS) {
		printf("bootinfo: too many %s regions; ignoring 0x%lx-0x%lx\n",
		    what, start, end);
		return;
	}
	r[*n].start = start;
	r[*n].end = end;
	(*n)++;
}

void
bootinfo_add_mem(struct bootinfo *bi, vm_paddr_t start, vm_paddr_t end)
{
	add_region(bi->mem, &bi->nmem, start, end, "memory");
}

void
bootinfo_add_reserved(struct bootinfo *bi, vm_paddr_t start, vm_paddr_t end)
{
	add_region(bi->reserved, &bi->nreserved, start, end, "reserved");
}
