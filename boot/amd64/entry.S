/*
 * entry.S: the amd64 boot path, from GRUB to C.
 *
 * GRUB loads the kernel ELF by multiboot2 at its physical addresses
 * (KERNEL_PHYS_BASE and up) and jumps to start32 in 32-bit protected mode
 * with paging off, EAX = the multiboot2 magic and EBX = the physical address
 * of the boot information.  The kernel is linked in the higher half
 * (KERNBASE + physical), so until paging is on, every absolute address used
 * here is written as (symbol - KERNBASE).
 *
 * The steps:
 *  1. check that the CPU has long mode (else say so on COM1 and halt);
 *  2. build a first page table: the low 1 GiB mapped three times, with 2 MiB
 *     pages, at 0 (identity: the code we are running), at the direct map
 *     base and at KERNBASE (the addresses the kernel is linked at);
 *  3. turn on PAE, long mode, NX and paging; load a 64-bit GDT;
 *  4. far-jump into 64-bit code, then jump to the higher half, take the
 *     boot stack and call amd64_init(magic, mbi).
 * pmap_bootstrap() later replaces this table by the real one.
 */
#include "machine/vmparam.h"

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_TAG_END		0
#define MB2_TAG_ENTRY		3

#define V2P(x)			((x) - KERNBASE)

#define CR0_PE			(1 << 0)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_NXE		(1 << 11)

#define PTE_P			0x001
#define PTE_W			0x002
#define PTE_PS			0x080

	.section .multiboot, "a"
	.align	8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + \
		    (mb2_header_end - mb2_header))
	.align	8
	.short	MB2_TAG_ENTRY, 0
	.long	12
	.long	V2P(start32)
	.align	8
	.short	MB2_TAG_END, 0
	.long	8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl	start32
start32:
	cli
	cld
	movl	$V2P(boot_stack_top), %esp
	movl	%eax, %edi			/* multiboot2 magic */
	movl	%ebx, %esi			/* boot information */

	/* 1. Long mode?  CPUID 0x80000001 EDX bit 29. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	movl	%edx, %ebp			/* keep: bit 20 is NX */

	/* 2. The first page table. */
	movl	$V2P(boot_pd), %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b

	movl	$(V2P(boot_pd) + PTE_P + PTE_W), %eax
	movl	%eax, V2P(boot_pdpt_low)
	movl	%eax, V2P(boot_pdpt_high) + 510 * 8
	movl	$(V2P(boot_pdpt_low) + PTE_P + PTE_W), %eax
	movl	%eax, V2P(boot_pml4)			/* identity */
	movl	%eax, V2P(boot_pml4) + 256 * 8		/* direct map */
	movl	$(V2P(boot_pdpt_high) + PTE_P + PTE_W), %eax
	movl	%eax, V2P(boot_pml4) + 511 * 8		/* KERNBASE */

	/* 3. PAE, the table, long mode (+NX if the CPU has it), paging. */
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$V2P(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	testl	$(1 << 20), %ebp
	jz	2f
	orl	$EFER_NXE, %eax
2:	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	V2P(boot_gdt_desc)
	ljmp	$0x08, $V2P(start64_low)

no_long_mode:
	movl	$V2P(no_long_mode_msg), %ebx
	movw	$0x3f8, %dx
3:	movb	(%ebx), %al
	testb	%al, %al
	jz	4f
	outb	%al, %dx
	incl	%ebx
	jmp	3b
4:	hlt
	jmp	4b

	.code64
start64_low:
	/* 4. Still at the low (identity) address: go to the higher half. */
	movabsq	$start64, %rax
	jmp	*%rax
start64:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp			/* ends every backtrace */
	movl	%edi, %edi			/* zero-extend magic */
	movl	%esi, %esi			/* and the mbi address */
	call	amd64_init
5:	hlt
	jmp	5b

	.section .rodata
no_long_mode_msg:
	.asciz	"pagoda: this CPU has no 64-bit long mode; cannot boot\r\n"

	.align	16
boot_gdt:
	.quad	0				/* null */
	.quad	0x00209a0000000000		/* 0x08: kernel code, 64-bit */
	.quad	0x0000920000000000		/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_desc:
	.short	boot_gdt_end - boot_gdt - 1
	.quad	V2P(boot_gdt)

	.section .bss
	.align	4096
	.globl	boot_pml4
boot_pml4:
	.space	4096
boot_pdpt_low:
	.space	4096
boot_pdpt_high:
	.space	4096
boot_pd:
	.space	4096
	.globl	boot_stack, boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
