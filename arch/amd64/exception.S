/*
 * exception.S (amd64): the entry of every interrupt and exception.
 *
 * The CPU pushes SS, RSP, RFLAGS, CS, RIP and, for some exceptions, an error
 * code.  Each vector's stub pushes a zero where the CPU pushed no error code
 * (so every frame has the same shape), then the vector number, and jumps to
 * alltraps, which saves the general registers into a struct trapframe
 * (amd64.h) and calls trap(tf).  On return it restores them and irets.
 *
 * The vectors with a CPU error code: 8 (#DF), 10 (#TS), 11 (#NP),
 * 12 (#SS), 13 (#GP), 14 (#PF), 17 (#AC), 21 (#CP), 29 (#VC), 30 (#SX).
 */
#include "kernel/errno.h"

#define HAS_ERRCODE(v)	((v) == 8 || ((v) >= 10 && (v) <= 14) || \
			 (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.balign	16
	.globl	idt_stubs
idt_stubs:
	vector = 0
	.rept	256
	.balign	16
	.if	HAS_ERRCODE(vector)
	.else
	pushq	$0
	.endif
	pushq	$vector
	jmp	alltraps
	vector = vector + 1
	.endr

	.balign	16
alltraps:
	pushq	%r15
	pushq	%r14
	pushq	%r13
	pushq	%r12
	pushq	%r11
	pushq	%r10
	pushq	%r9
	pushq	%r8
	pushq	%rbp
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rbx
	pushq	%rax
	movq	%rsp, %rdi			/* the struct trapframe */
	/*
	 * Link the interrupted code into the frame-pointer chain: a fake
	 * frame of (interrupted %rbp, interrupted %rip), so that a backtrace
	 * from trap() continues where the trap happened.
	 */
	pushq	17*8(%rdi)			/* tf_rip */
	pushq	%rbp
	movq	%rsp, %rbp
	cld
	call	trap
	addq	$16, %rsp
	popq	%rax
	popq	%rbx
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rbp
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	addq	$16, %rsp			/* vector and error code */
	iretq

/*
 * int machine_probe_read(const void *addr, uint64_t *out)
 * int machine_probe_write(void *addr, uint64_t val)
 *
 * One access that may fault.  probe_onfault holds the recovery address
 * while it runs: trap() sends a kernel fault that vm_fault() could not
 * resolve there instead of panicking.  These are leaf functions (no frame),
 * so resuming at probe_fault with the faulting %rsp is a plain return.
 */
	.globl	machine_probe_read, machine_probe_write
machine_probe_read:
	leaq	probe_fault(%rip), %rax
	movq	%rax, probe_onfault(%rip)
	movq	(%rdi), %rax
	movq	%rax, (%rsi)
	movq	$0, probe_onfault(%rip)
	xorl	%eax, %eax
	ret

machine_probe_write:
	leaq	probe_fault(%rip), %rax
	movq	%rax, probe_onfault(%rip)
	movq	%rsi, (%rdi)
	movq	$0, probe_onfault(%rip)
	xorl	%eax, %eax
	ret

probe_fault:
	movq	$0, probe_onfault(%rip)
	movl	$-EFAULT, %eax
	ret

	.bss
	.balign	8
	.globl	probe_onfault
probe_onfault:
	.quad	0

	.section .note.GNU-stack, "", @progbits
