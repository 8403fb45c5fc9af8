/*
 * syscall.S: the one amd64 system-call stub.
 *
 * long __syscall6(long n, long a, long b, long c, long d, long e, long f)
 *
 * The C calling convention brings n, a..e in rdi, rsi, rdx, rcx, r8, r9
 * and f on the stack; the kernel wants the number in rax and the
 * arguments in rdi, rsi, rdx, r10, r8, r9 (r10, not rcx: the syscall
 * instruction overwrites rcx with the return address and r11 with
 * rflags).  The result comes back in rax: -4095..-1 is -errno, which the
 * C wrappers turn into errno (lib/syscall.c).
 */
	.text
	.globl	__syscall6
	.type	__syscall6, @function
__syscall6:
	movq	%rdi, %rax		/* n */
	movq	%rsi, %rdi		/* a */
	movq	%rdx, %rsi		/* b */
	movq	%rcx, %rdx		/* c */
	movq	%r8, %r10		/* d */
	movq	%r9, %r8		/* e */
	movq	8(%rsp), %r9		/* f, above the return address */
	syscall
	ret
	.size	__syscall6, . - __syscall6

	.section .note.GNU-stack, "", @progbits
