/*
 * vm_kern.h: kernel virtual address space outside the direct map.
 */
#ifndef _VM_VM_KERN_H_
#define _VM_VM_KERN_H_

#include "vm/vm.h"

/*
 * vm_mapdev: map the device registers at [pa, pa + size) uncached into the
 * kernel's device window (DEVMAP_MIN_ADDRESS...) and return their virtual
 * address, or NULL if the window is full or memory is short.  Mappings are
 * never taken down: devices stay for the life of the kernel.
 */
void	*vm_mapdev(vm_paddr_t pa, size_t size);

#endif /* !_VM_VM_KERN_H_ */
