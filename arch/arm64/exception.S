/*
 * exception.S (arm64): the exception vectors.
 *
 * VBAR_EL1 points at a 2 KiB table of 16 entries of 128 bytes: four kinds
 * of exception (synchronous, IRQ, FIQ, SError) from four sources (EL1 with
 * SP_EL0, EL1 with SP_EL1, EL0 in AArch64, EL0 in AArch32).  Every entry
 * saves the interrupted registers into a struct trapframe (arm64.h) on
 * the stack and calls trap(tf, kind), with kind the entry's index 0-15;
 * on return it restores them and erets.
 */
#include "kernel/errno.h"

#define TF_SIZE		(38 * 8)	/* sizeof(struct trapframe) */
#define TF_SP		(31 * 8)
#define TF_ELR		(32 * 8)
#define TF_SPSR		(33 * 8)
#define TF_ESR		(34 * 8)
#define TF_FAR		(35 * 8)
#define TF_KIND		(36 * 8)

/*
 * One vector entry: make room (the trap frame plus a 16-byte frame record
 * that links the interrupted code into the frame-pointer chain, so that a
 * backtrace inside trap() walks on into it), save x0-x1, jump to the
 * common code with the kind in x1.
 */
.macro	vector kind
	.balign	128
	sub	sp, sp, #(TF_SIZE + 16)
	stp	x0, x1, [sp, #16]
	mov	x1, #\kind
	b	trap_common
.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	vector	0	/* EL1t sync */
	vector	1	/* EL1t IRQ */
	vector	2	/* EL1t FIQ */
	vector	3	/* EL1t SError */
	vector	4	/* EL1h sync */
	vector	5	/* EL1h IRQ */
	vector	6	/* EL1h FIQ */
	vector	7	/* EL1h SError */
	vector	8	/* EL0 64-bit sync */
	vector	9	/* EL0 64-bit IRQ */
	vector	10	/* EL0 64-bit FIQ */
	vector	11	/* EL0 64-bit SError */
	vector	12	/* EL0 32-bit sync */
	vector	13	/* EL0 32-bit IRQ */
	vector	14	/* EL0 32-bit FIQ */
	vector	15	/* EL0 32-bit SError */

/* The frame lives at sp + 16; the frame record at sp. */
trap_common:
	add	x0, sp, #16
	str	x1, [x0, #TF_KIND]
	stp	x2, x3, [x0, #(2 * 8)]
	stp	x4, x5, [x0, #(4 * 8)]
	stp	x6, x7, [x0, #(6 * 8)]
	stp	x8, x9, [x0, #(8 * 8)]
	stp	x10, x11, [x0, #(10 * 8)]
	stp	x12, x13, [x0, #(12 * 8)]
	stp	x14, x15, [x0, #(14 * 8)]
	stp	x16, x17, [x0, #(16 * 8)]
	stp	x18, x19, [x0, #(18 * 8)]
	stp	x20, x21, [x0, #(20 * 8)]
	stp	x22, x23, [x0, #(22 * 8)]
	stp	x24, x25, [x0, #(24 * 8)]
	stp	x26, x27, [x0, #(26 * 8)]
	stp	x28, x29, [x0, #(28 * 8)]
	str	x30, [x0, #(30 * 8)]
	add	x2, sp, #(TF_SIZE + 16)		/* sp before the trap... */
	cmp	x1, #8
	b.lo	1f
	mrs	x2, sp_el0			/* ...or the user's */
1:	str	x2, [x0, #TF_SP]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [x0, #TF_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [x0, #TF_ESR]
	mrs	x2, elr_el1
	stp	x29, x2, [sp]			/* frame record: fp, elr */
	mov	x29, sp
	bl	trap				/* trap(tf, kind) */
	b	trap_restore

/*
 * void cpu_enter_user(struct trapframe *tf): leave the kernel through tf,
 * which lies 16 bytes above where a trap would have put sp (the frame
 * record's room), as cpu_user_frame() placed it.
 */
	.globl	cpu_enter_user
cpu_enter_user:
	msr	daifset, #2
	sub	sp, x0, #16

/* Restore the trap frame at sp + 16 and return from the exception. */
trap_restore:
	add	x0, sp, #16
	ldr	x2, [x0, #TF_KIND]
	cmp	x2, #8
	b.lo	2f
	ldr	x2, [x0, #TF_SP]		/* back to user mode: its sp */
	msr	sp_el0, x2
2:	ldp	x2, x3, [x0, #TF_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x2, x3, [x0, #(2 * 8)]
	ldp	x4, x5, [x0, #(4 * 8)]
	ldp	x6, x7, [x0, #(6 * 8)]
	ldp	x8, x9, [x0, #(8 * 8)]
	ldp	x10, x11, [x0, #(10 * 8)]
	ldp	x12, x13, [x0, #(12 * 8)]
	ldp	x14, x15, [x0, #(14 * 8)]
	ldp	x16, x17, [x0, #(16 * 8)]
	ldp	x18, x19, [x0, #(18 * 8)]
	ldp	x20, x21, [x0, #(20 * 8)]
	ldp	x22, x23, [x0, #(22 * 8)]
	ldp	x24, x25, [x0, #(24 * 8)]
	ldp	x26, x27, [x0, #(26 * 8)]
	ldp	x28, x29, [x0, #(28 * 8)]
	ldr	x30, [x0, #(30 * 8)]
	ldp	x0, x1, [x0]
	add	sp, sp, #(TF_SIZE + 16)
	eret

/*
 * int machine_probe_read(const void *addr, uint64_t *out)
 * int machine_probe_write(void *addr, uint64_t val)
 *
 * One access that may fault; see arch/amd64/exception.S.  Leaf functions:
 * the recovery code returns through the link register, untouched.
 */
	.globl	machine_probe_read, machine_probe_write
machine_probe_read:
	adr	x2, probe_fault
	adrp	x3, probe_onfault
	str	x2, [x3, :lo12:probe_onfault]
	ldr	x4, [x0]
	str	x4, [x1]
	str	xzr, [x3, :lo12:probe_onfault]
	mov	x0, #0
	ret

machine_probe_write:
	adr	x2, probe_fault
	adrp	x3, probe_onfault
	str	x2, [x3, :lo12:probe_onfault]
	str	x1, [x0]
	str	xzr, [x3, :lo12:probe_onfault]
	mov	x0, #0
	ret

probe_fault:
	adrp	x3, probe_onfault
	str	xzr, [x3, :lo12:probe_onfault]
	mov	x0, #-EFAULT
	ret

/*
 * int machine_copy(void *dst, const void *src, size_t len): a copy either
 * side of which may fault (copyin/copyout), recovered like a probe.
 * Sixteen bytes at a time (a pair of registers; ordinary memory takes
 * unaligned pairs), then the rest a byte at a time.
 */
	.globl	machine_copy
machine_copy:
	adr	x4, probe_fault
	adrp	x3, probe_onfault
	str	x4, [x3, :lo12:probe_onfault]
1:	cmp	x2, #16
	b.lo	3f
	ldp	x5, x6, [x1], #16
	stp	x5, x6, [x0], #16
	sub	x2, x2, #16
	b	1b
3:	cbz	x2, 4f
	ldrb	w4, [x1], #1
	strb	w4, [x0], #1
	sub	x2, x2, #1
	b	3b
4:	str	xzr, [x3, :lo12:probe_onfault]
	mov	x0, #0
	ret

	.bss
	.balign	8
	.globl	probe_onfault
probe_onfault:
	.quad	0

	.section .note.GNU-stack, "", @progbits
