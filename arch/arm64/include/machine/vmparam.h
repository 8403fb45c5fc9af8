/*
 * vmparam.h (arm64): the constants of the arm64 address space.
 *
 * 48-bit virtual addresses with two translation tables: TTBR0_EL1 maps the
 * lower half (user space, one table per process), TTBR1_EL1 the upper half
 * (the kernel, one table for all).
 *
 *   0x0000000000000000 - 0x0000ffffffffffff  user space (TTBR0, 256 TiB)
 *   0xffff000000000000 - 0xffff007fffffffff  direct map of physical memory
 *                                            (512 GiB, TTBR1 L0 slot 0)
 *   0xffffffff80000000 - 0xffffffffbfffffff  kernel image (L0 slot 511)
 *   0xffffffffc0000000 - 0xffffffffc0ffffff  device window (vm_mapdev)
 *
 * Unlike amd64, the kernel image is not at a fixed physical address: QEMU
 * loads it where the Image header asks (2 MiB into RAM), and entry.S
 * records the physical address of kernel_start in kernel_phys_base.
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#define MACHINE_ARCH		"arm64"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(PAGE_SIZE - 1)

/* A PMD-level leaf (a level-2 block) maps 2 MiB: 512 small pages. */
#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(PMD_SIZE - 1)
#define PMD_ORDER		(PMD_SHIFT - PAGE_SHIFT)

#define KERNBASE		0xffffffff80000000UL

#define DMAP_MIN_ADDRESS	0xffff000000000000UL
#define DMAP_MAX_ADDRESS	0xffff008000000000UL

#define DEVMAP_MIN_ADDRESS	0xffffffffc0000000UL
#define DEVMAP_MAX_ADDRESS	0xffffffffc1000000UL

#define VM_MIN_USER_ADDRESS	0x0000000000001000UL
#define VM_MAX_USER_ADDRESS	0x0001000000000000UL

#define PHYS_TO_DMAP(pa)	((vm_offset_t)(pa) + DMAP_MIN_ADDRESS)
#define DMAP_TO_PHYS(va)	((vm_paddr_t)((vm_offset_t)(va) - DMAP_MIN_ADDRESS))

/* Highest physical address the direct map can reach. */
#define DMAP_PHYS_LIMIT		(DMAP_MAX_ADDRESS - DMAP_MIN_ADDRESS)

/*
 * The boot page table (entry.S) maps physical [0, 4 GiB) in the direct
 * map with 1 GiB blocks: vm_bootstrap_alloc() frames must lie below.
 */
#define BOOT_DMAP_LIMIT		(4UL << 30)

#endif /* !_MACHINE_VMPARAM_H_ */
