/*
 * vm_init.h: bringing up the VM system at boot.
 */
#ifndef _VM_VM_INIT_H_
#define _VM_VM_INIT_H_

#include "kernel/bootinfo.h"
#include "vm/vm.h"

/* The least RAM Pagoda boots with. */
#define VM_MIN_MEMORY	(16UL << 20)

/*
 * vm_init: check the memory map, build the kernel page table
 * (pmap_bootstrap), set up vm_page_array, the buddy allocator and the kernel
 * object allocator.  Halts with a message if there is too little memory.
 */
void	vm_init(const struct bootinfo *bi);

/*
 * vm_bootstrap_alloc: take npages zeroed, contiguous frames for boot-time
 * structures (page tables, vm_page_array) before the buddy allocator
 * exists.  Returns their physical address, which lies below
 * BOOT_DMAP_LIMIT (the part of the direct map the boot page table maps).  Panics if memory runs out: this
 * only happens at boot.
 */
vm_paddr_t vm_bootstrap_alloc(size_t npages);

#endif /* !_VM_VM_INIT_H_ */
