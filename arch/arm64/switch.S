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

	.section .note.GNU-stack, "", @progbits
