/*
 * switch.S (amd64): switching kernel threads.
 *
 * void cpu_switch(struct pcb *old, struct pcb *new)
 *
 * Save the callee-saved registers on the current stack, the stack pointer
 * in old, take new's stack pointer and pop its registers: the ret then
 * returns into whatever called cpu_switch() in the new thread, or, for a
 * thread that never ran, into the entry cpu_thread_setup() placed there.
 * The caller-saved registers need no saving: the C caller of cpu_switch()
 * assumes they are clobbered, as by any call.
 */
#define PCB_RSP		512	/* offsetof(struct pcb, pcb_rsp) */

	.text
	.globl	cpu_switch
cpu_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, PCB_RSP(%rdi)		/* old->pcb_rsp */
	movq	PCB_RSP(%rsi), %rsp		/* new->pcb_rsp */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * void cpu_fpu_switch(struct pcb *old, struct pcb *new): keep old's user
 * x87/SSE registers, load new's (the 512-byte area is at offset 0).
 */
	.globl	cpu_fpu_switch
cpu_fpu_switch:
	fxsave64	(%rdi)
	fxrstor64	(%rsi)
	ret

/* void cpu_fpu_save(struct pcb *pcb): the live x87/SSE registers. */
	.globl	cpu_fpu_save
cpu_fpu_save:
	fxsave64	(%rdi)
	ret

	.section .note.GNU-stack, "", @progbits
