/*
 * entry.S (arm64): the arm64 boot path, from QEMU's -kernel to C.
 *
 * QEMU loads the raw Image 2 MiB into RAM (0x40200000 on virt), as the
 * Image header below asks, and jumps to its first byte with the MMU off,
 * x0 = the physical address of the device tree, at EL1 (or EL2 with
 * virtualization=on).  The kernel is linked at KERNBASE, but until the MMU
 * is on it runs at its physical address: the code here uses only
 * PC-relative addressing (adr, adrp), which works at either address.
 *
 * The steps:
 *  1. at EL2, set up EL1 and drop to it;
 *  2. clear the bss, record where we were loaded (kernel_phys_base);
 *  3. build the boot page tables:
 *       TTBR0 (lower half): physical [0, 4 GiB) identity-mapped, 1 GiB
 *         blocks: the code we are running, while we switch;
 *       TTBR1 (upper half): the same 4 GiB at the direct-map base, and the
 *         kernel image at KERNBASE with 2 MiB blocks;
 *     the first GiB (QEMU virt's devices) as device memory, the rest as
 *     normal memory;
 *  4. MAIR, TCR, the tables, then SCTLR.M: the MMU is on;
 *  5. jump to the higher half, take the boot stack, set the exception
 *     vectors and call arm64_init(dtb, kernel_phys_base).
 * pmap_bootstrap() later replaces these tables by the real ones.
 */
#include "machine/pmap.h"
#include "machine/vmparam.h"

/* Descriptor bits (the full drawing is in machine/pte.h). */
#define DESC_TABLE		0x3
#define DESC_BLOCK		0x1
#define ATTR_IDX(i)		((i) << 2)
#define ATTR_SH_INNER		(3 << 8)
#define ATTR_AF			(1 << 10)
#define BLOCK_NORMAL		(DESC_BLOCK | ATTR_IDX(MAIR_IDX_NORMAL) | \
				 ATTR_SH_INNER | ATTR_AF)
#define BLOCK_DEVICE		(DESC_BLOCK | ATTR_IDX(MAIR_IDX_DEVICE) | ATTR_AF)

/* TCR_EL1: 48-bit halves, 4 KiB granules, write-back inner-shareable walks. */
#define TCR_T0SZ		(16 << 0)
#define TCR_T1SZ		(16 << 16)
#define TCR_WALK0		((1 << 8) | (1 << 10) | (3 << 12))
#define TCR_WALK1		((1 << 24) | (1 << 26) | (3 << 28))
#define TCR_TG1_4K		(2 << 30)
#define TCR_IPS_SHIFT		32
#define TCR_AS			(1 << 36)	/* 16-bit ASIDs */
#define TCR_VALUE		(TCR_T0SZ | TCR_T1SZ | TCR_WALK0 | TCR_WALK1 | \
				 TCR_TG1_4K)

/* SCTLR_EL1: RES1 bits of ARMv8.0, then MMU, caches, stack alignment. */
#define SCTLR_RES1		0x30d00800
#define SCTLR_M			(1 << 0)
#define SCTLR_C			(1 << 2)
#define SCTLR_SA		(1 << 3)
#define SCTLR_I			(1 << 12)

#define HCR_RW			(1 << 31)	/* EL1 is AArch64 */
#define SPSR_EL1H_MASKED	0x3c5		/* EL1h, DAIF all masked */

	.section .text.boot, "ax"
	.globl	kernel_start_code
/* The arm64 Image header (Linux's Documentation/arch/arm64/booting). */
image_header:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	0				/* text_offset: 2 MiB into RAM */
	.quad	kernel_image_size		/* image_size, bss included */
	.quad	0x2				/* flags: LE, 4 KiB pages */
	.quad	0, 0, 0				/* reserved */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* no PE/COFF header */

primary_entry:
	mov	x19, x0				/* the device tree */

	/* 1. From EL2 to EL1, if we came in at EL2. */
	mrs	x1, CurrentEL
	lsr	x1, x1, #2
	cmp	x1, #2
	b.ne	at_el1
	mov	x1, #HCR_RW
	msr	hcr_el2, x1
	mrs	x1, cnthctl_el2
	orr	x1, x1, #3			/* EL1 may use the counters */
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	ldr	x1, =SCTLR_RES1
	msr	sctlr_el1, x1
	mov	x1, #SPSR_EL1H_MASKED
	msr	spsr_el2, x1
	adr	x1, at_el1
	msr	elr_el2, x1
	eret

at_el1:
	msr	daifset, #0xf
	/* 2. Clear the bss; remember where the kernel was loaded. */
	adrp	x1, bss_start
	add	x1, x1, :lo12:bss_start
	adrp	x2, bss_end
	add	x2, x2, :lo12:bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	adr	x20, image_header		/* kernel_start, physical */
	adrp	x1, kernel_phys_base
	str	x20, [x1, :lo12:kernel_phys_base]

	/* 3. The boot page tables. */
	adrp	x0, boot_l1_low			/* [0, 4 GiB): 1 GiB blocks */
	bl	fill_l1_4gib
	adrp	x1, boot_l0_ttbr0
	adrp	x2, boot_l1_low
	orr	x2, x2, #DESC_TABLE
	str	x2, [x1]			/* L0[0]: identity */
	adrp	x1, boot_l0_ttbr1
	str	x2, [x1]			/* L0[0]: direct map */

	adrp	x0, boot_l2_kern		/* KERNBASE: 8 x 2 MiB */
	mov	x3, x20
	ldr	x4, =BLOCK_NORMAL
	mov	x5, #0
3:	orr	x6, x3, x4
	str	x6, [x0, x5, lsl #3]
	add	x3, x3, #(1 << 21)
	add	x5, x5, #1
	cmp	x5, #8
	b.ne	3b
	adrp	x1, boot_l1_kern
	orr	x2, x0, #DESC_TABLE
	str	x2, [x1, #(510 * 8)]		/* KERNBASE is L1 slot 510 */
	adrp	x0, boot_l0_ttbr1
	orr	x1, x1, #DESC_TABLE
	str	x1, [x0, #(511 * 8)]

	/* 4. Memory attributes, translation control, tables, MMU on. */
	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	ldr	x1, =TCR_VALUE
	mrs	x2, id_aa64mmfr0_el1
	and	x3, x2, #0xf			/* PARange */
	cmp	x3, #5				/* at most 48 bits */
	mov	x4, #5
	csel	x3, x3, x4, ls
	orr	x1, x1, x3, lsl #TCR_IPS_SHIFT
	ubfx	x3, x2, #4, #4			/* ASIDBits: 2 means 16 */
	cmp	x3, #2
	b.ne	4f
	orr	x1, x1, #TCR_AS
4:	msr	tcr_el1, x1
	adrp	x1, boot_l0_ttbr0
	msr	ttbr0_el1, x1
	adrp	x1, boot_l0_ttbr1
	msr	ttbr1_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	ldr	x1, =(SCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)
	msr	sctlr_el1, x1
	isb

	/* 5. The higher half. */
	ldr	x1, =start_high
	br	x1

/* fill_l1_4gib(x0 = an L1 table): [0, 1 GiB) device, [1, 4 GiB) normal. */
fill_l1_4gib:
	ldr	x1, =BLOCK_DEVICE
	str	x1, [x0]
	ldr	x1, =BLOCK_NORMAL
	mov	x2, #1
5:	orr	x3, x1, x2, lsl #30
	str	x3, [x0, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #4
	b.ne	5b
	ret

start_high:
	ldr	x1, =boot_stack_top
	mov	sp, x1
	ldr	x1, =exception_vectors
	msr	vbar_el1, x1
	isb
	mov	x29, #0				/* ends every backtrace */
	mov	x30, #0
	mov	x0, x19
	mov	x1, x20
	bl	arm64_init
6:	wfi
	b	6b
	.ltorg

	.data
	.balign	8
	.globl	kernel_phys_base
kernel_phys_base:
	.quad	0

	.bss
	.balign	4096
boot_l0_ttbr0:
	.space	4096
boot_l0_ttbr1:
	.space	4096
boot_l1_low:
	.space	4096
boot_l1_kern:
	.space	4096
boot_l2_kern:
	.space	4096
	.globl	boot_stack, boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
