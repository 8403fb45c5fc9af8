/*
 * pmap.h (arm64): what the arm64 trap code needs from the arm64 pmap,
 * beyond the machine-independent contract of vm/pmap.h.
 */
#ifndef _MACHINE_PMAP_H_
#define _MACHINE_PMAP_H_

/*
 * MAIR_EL1 attribute indexes, set by entry.S and used in descriptors'
 * AttrIndx field.
 */
#define MAIR_IDX_NORMAL		0	/* 0xff: normal, write-back */
#define MAIR_IDX_DEVICE		1	/* 0x00: device nGnRnE */
#define MAIR_IDX_NORMAL_NC	2	/* 0x44: normal, non-cacheable */
#define MAIR_VALUE		0x4400ff	/* attr2, attr1, attr0 */

#ifndef __ASSEMBLY__
#include "kernel/types.h"

/*
 * pmap_fault_fixup: arm64 keeps the accessed and dirty bits in software
 * (the MMU's hardware update is not turned on): a leaf starts with its
 * access flag clear and, if writable, read-only with a software "may
 * write" bit.  The first access takes an access-flag fault, the first
 * write a permission fault; the trap handler calls this first, and it sets
 * the access flag (and, for a permitted write, makes the leaf writable:
 * dirty).  True if it did, and the access can be retried; false if the
 * fault is a real one for vm_fault().
 *
 * far is the faulting address, esr the syndrome (ESR_EL1) of the abort.
 */
bool	pmap_fault_fixup(vm_offset_t far, uint64_t esr);

/* The physical address of kernel_start, recorded by entry.S. */
extern uint64_t kernel_phys_base;

/*
 * The lowest RAM address, set by the machine start-up code before
 * kmain(): pmap_bootstrap() maps the direct map below it (where QEMU virt
 * puts its devices: GIC, UART, virtio-mmio) as device memory, and RAM from
 * it on as normal memory.
 */
extern vm_paddr_t pmap_ram_start;

/*
 * pmap_switch_ttbr1 (switch_ttbr1.S): put ttbr1 in TTBR1_EL1 with
 * break-before-make, through the all-invalid table at the physical
 * address invalid_ttbr1 and a flush of the whole TLB.  For
 * pmap_bootstrap() only: it must be called at its physical address, with
 * TTBR0 holding entry.S's identity map; it uses no stack.
 */
void	pmap_switch_ttbr1(uint64_t ttbr1, uint64_t invalid_ttbr1);
#endif /* !__ASSEMBLY__ */

#endif /* !_MACHINE_PMAP_H_ */
