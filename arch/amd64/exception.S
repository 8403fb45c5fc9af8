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
#include "arch/amd64/amd64.h"
#include "kernel/errno.h"

#define HAS_ERRCODE(v)	((v) == 8 || ((v) >= 10 && (v) <= 14) || \
			 (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

/*
 * save_and_call fn: with the CPU's part of the frame, the error code and
 * the vector already on the stack, save the general registers (completing
 * a struct trapframe), call fn(tf), then leave through trap_restore.
 * Before the call it links the interrupted code into the frame-pointer
 * chain: a fake frame of (interrupted %rbp, interrupted %rip), so that a
 * backtrace from fn continues where the trap happened.
 */
.macro	save_and_call fn
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
	pushq	17*8(%rdi)			/* tf_rip */
	pushq	%rbp
	movq	%rsp, %rbp
	cld
	call	\fn
	addq	$16, %rsp
	jmp	trap_restore
.endm

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
	save_and_call trap

/*
 * syscall_entry: the target of the syscall instruction (MSR_LSTAR).  The
 * CPU saved the user rip in %rcx and rflags in %r11, masked interrupts
 * (MSR_SFMASK) and switched to ring 0, but left %rsp on the user stack.
 * Move to the thread's kernel stack (one CPU: a global holds its top),
 * build the same trap frame an interrupt would, and call syscall(tf).  The
 * way back is the common iretq path: slower than sysret, but it restores
 * everything from the frame, and cannot be led to return to a non-canonical
 * address in ring 0.
 */
	.globl	syscall_entry
syscall_entry:
	movq	%rsp, syscall_user_rsp(%rip)
	movq	syscall_kstack(%rip), %rsp
	pushq	$(GSEL_UDATA | 3)		/* ss */
	pushq	syscall_user_rsp(%rip)		/* rsp */
	pushq	%r11				/* rflags */
	pushq	$(GSEL_UCODE | 3)		/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error code */
	pushq	$T_SYSCALL			/* "vector" */
	save_and_call syscall

/*
 * void cpu_enter_user(struct trapframe *tf): leave the kernel through tf
 * (a thread's first entry to user mode).
 */
	.globl	cpu_enter_user
cpu_enter_user:
	cli
	movq	%rdi, %rsp
	jmp	trap_restore

/* Restore the trap frame at %rsp and return from the trap. */
trap_restore:
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

/*
 * int machine_copy(void *dst, const void *src, size_t len): a copy either
 * side of which may fault (copyin/copyout), recovered like a probe.
 * Eight bytes at a time, then the rest: under QEMU's TCG every iteration
 * of a rep costs the same, so movsq is eight times movsb.
 */
	.globl	machine_copy
machine_copy:
	leaq	probe_fault(%rip), %rax
	movq	%rax, probe_onfault(%rip)
	movq	%rdx, %rcx
	shrq	$3, %rcx
	rep movsq
	movq	%rdx, %rcx
	andq	$7, %rcx
	rep movsb
	movq	$0, probe_onfault(%rip)
	xorl	%eax, %eax
	ret

	.bss
	.balign	8
	.globl	probe_onfault, syscall_kstack
probe_onfault:
	.quad	0
syscall_kstack:				/* the running thread's stack top */
	.quad	0
syscall_user_rsp:			/* scratch: the user %rsp at entry */
	.quad	0

	.section .note.GNU-stack, "", @progbits
