/*
 * vmparam.h (amd64): the constants of the amd64 address space.
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user space (128 TiB, PML4 0-255)
 *   0xffff800000000000 - 0xffff807fffffffff  direct map of physical memory
 *                                            (512 GiB, PML4 slot 256)
 *   0xffffffff80000000 - 0xffffffffbfffffff  kernel image (PML4 slot 511,
 *                                            the -mcmodel=kernel window)
 *   0xffffffffc0000000 - 0xffffffffc0ffffff  device window (vm_mapdev)
 *
 * The direct map ("DMAP") is how the kernel touches any physical page: the
 * page at physical address pa is at virtual address DMAP_MIN_ADDRESS + pa.
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#define MACHINE_ARCH		"amd64"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(PAGE_SIZE - 1)

/* A PMD-level leaf ("huge page") maps 2 MiB: 512 small pages. */
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(PMD_SIZE - 1)
#define PMD_ORDER		(PMD_SHIFT - PAGE_SHIFT)

#define KERNBASE		0xffffffff80000000UL
#define KERNEL_PHYS_BASE	0x200000UL

#define DMAP_MIN_ADDRESS	0xffff800000000000UL
#define DMAP_MAX_ADDRESS	0xffff808000000000UL

#define DEVMAP_MIN_ADDRESS	0xffffffffc0000000UL
#define DEVMAP_MAX_ADDRESS	0xffffffffc1000000UL

#define VM_MIN_USER_ADDRESS	0x0000000000001000UL
#define VM_MAX_USER_ADDRESS	0x0000800000000000UL

#define PHYS_TO_DMAP(pa)	((vm_offset_t)(pa) + DMAP_MIN_ADDRESS)
#define DMAP_TO_PHYS(va)	((vm_paddr_t)((vm_offset_t)(va) - DMAP_MIN_ADDRESS))

/* Highest physical address the direct map can reach. */
#define DMAP_PHYS_LIMIT		(DMAP_MAX_ADDRESS - DMAP_MIN_ADDRESS)

/*
 * The boot page table (entry.S) maps physical [0, 1 GiB) in the direct
 * map: vm_bootstrap_alloc() frames must lie below.
 */
#define BOOT_DMAP_LIMIT		(1UL << 30)

#endif /* !_MACHINE_VMPARAM_H_ */
