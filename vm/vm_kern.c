/*
 * vm_kern.c: the kernel's device window.
 */
#include "vm/vm_kern.h"
#include "vm/pmap.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

static struct spinlock devmap_lock = SPINLOCK_INITIALIZER("devmap");
static vm_offset_t devmap_next = DEVMAP_MIN_ADDRESS;	/* (devmap_lock) */

void *
vm_mapdev(vm_paddr_t pa, size_t size)
{
	vm_paddr_t first = rounddown2(pa, PAGE_SIZE);
	size_t len = roundup2(pa + size, PAGE_SIZE) - first;
	vm_offset_t va;

	spin_lock(&devmap_lock);
	va = devmap_next;
	if (va + len > DEVMAP_MAX_ADDRESS) {
		spin_unlock(&devmap_lock);
		return NULL;
	}
	devmap_next += len;
	spin_unlock(&devmap_lock);
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		if (pmap_enter(kernel_pmap, va + off, first + off, VM_PROT_RW,
		    PMAP_NOCACHE) != 0)
			return NULL;
	return (void *)(va + (pa - first));
}
