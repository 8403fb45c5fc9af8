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
	.text
	.globl	cpu_switch
cpu_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)			/* old->pcb_rsp */
	movq	(%rsi), %rsp			/* new->pcb_rsp */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

	.section .note.GNU-stack, "", @progbits
