/*
 * syscall.S: the one arm64 system-call stub.
 *
 * long __syscall6(long n, long a, long b, long c, long d, long e, long f)
 *
 * The C calling convention brings n, a..f in x0-x6; the kernel wants the
 * number in x8 and the arguments in x0-x5, so everything moves down one
 * register.  svc #0 enters the kernel; the result comes back in x0:
 * -4095..-1 is -errno, which the C wrappers turn into errno
 * (lib/syscall.c).  The kernel preserves every other register.
 */
	.text
	.globl	__syscall6
	.type	__syscall6, %function
__syscall6:
	mov	x8, x0			/* n */
	mov	x0, x1			/* a */
	mov	x1, x2			/* b */
	mov	x2, x3			/* c */
	mov	x3, x4			/* d */
	mov	x4, x5			/* e */
	mov	x5, x6			/* f */
	svc	#0
	ret
	.size	__syscall6, . - __syscall6

	.section .note.GNU-stack, "", %progbits
