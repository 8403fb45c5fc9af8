/*
 * switch.S (arm64): switching kernel threads.
 *
 * void cpu_switch(struct pcb *old, struct pcb *new)
 *
 * Save the callee-saved registers, the link register and the stack pointer
 * in old (struct pcb, machine/pcb.h), load new's, and return through new's
 * link register: into whatever called cpu_switch() in the new thread, or,
 * for a thread that never ran, into the entry cpu_thread_setup() put
 * there.  The caller-saved registers need no saving: the C caller assumes
 * they are clobbered, as by any call.
 */
	.text
	.globl	cpu_switch
cpu_switch:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x2, sp
	str	x2, [x0, #96]
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ldr	x2, [x1, #96]
	mov	sp, x2
	ret

/* void cpu_fpu_save(struct pcb *pcb): the live FP/SIMD registers. */
	.globl	cpu_fpu_save
cpu_fpu_save:
	b	fpu_store

/*
 * void cpu_fpu_switch(struct pcb *old, struct pcb *new): keep old's user
 * FP/SIMD registers, load new's (struct pcb: fpcr at 104, fpsr at 112,
 * q0-q31 from 128).
 */
	.globl	cpu_fpu_switch
cpu_fpu_switch:
	mov	x9, x30
	bl	fpu_store
	mov	x30, x9
	b	fpu_load

/* fpu_store(x0 = pcb): FP/SIMD registers into pcb; x0 is clobbered. */
fpu_store:
	mrs	x2, fpcr
	mrs	x3, fpsr
	stp	x2, x3, [x0, #104]
	add	x0, x0, #128
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	ret

/* fpu_load(x1 = pcb): FP/SIMD registers from pcb, then return. */
fpu_load:
	ldp	x2, x3, [x1, #104]
	msr	fpcr, x2
	msr	fpsr, x3
	add	x1, x1, #128
	ldp	q0, q1, [x1, #0]
	ldp	q2, q3, [x1, #32]
	ldp	q4, q5, [x1, #64]
	ldp	q6, q7, [x1, #96]
	ldp	q8, q9, [x1, #128]
	ldp	q10, q11, [x1, #160]
	ldp	q12, q13, [x1, #192]
	ldp	q14, q15, [x1, #224]
	ldp	q16, q17, [x1, #256]
	ldp	q18, q19, [x1, #288]
	ldp	q20, q21, [x1, #320]
	ldp	q22, q23, [x1, #352]
	ldp	q24, q25, [x1, #384]
	ldp	q26, q27, [x1, #416]
	ldp	q28, q29, [x1, #448]
	ldp	q30, q31, [x1, #480]
	ret

	.section .note.GNU-stack, "", @progbits
