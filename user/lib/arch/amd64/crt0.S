/*
 * crt0.S: the amd64 program entry point.
 *
 * The kernel enters _start with the System V initial stack (see
 * docs/userlib.md for the picture):
 *
 *	rsp ->	argc			8 bytes
 *		argv[0] .. argv[argc-1]	pointers
 *		NULL
 *		envp[0] .. envp[n-1]	pointers
 *		NULL
 *		auxv: (type, value) pairs, ending with AT_NULL
 *		... the strings they point to, higher up
 *
 * rsp is 16-byte aligned here by the ABI; we align it again so that a
 * kernel that gets this wrong still runs C code with a correct stack.
 * Every other register is undefined to us (Linux sets rdx to an exit
 * handler for dynamic linkers; a static program ignores it).  rbp is
 * cleared so that debuggers see the outermost frame.
 *
 * argc, argv and envp are kept in callee-saved registers across
 * __libc_init(), which reads the auxiliary vector and sets environ.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	(%rsp), %r12		/* argc */
	leaq	8(%rsp), %r13		/* argv */
	leaq	16(%rsp,%r12,8), %r14	/* envp = argv + argc + 1 */
	andq	$-16, %rsp		/* call with rsp % 16 == 0 */

	movq	%r12, %rdi
	movq	%r13, %rsi
	movq	%r14, %rdx
	call	__libc_init

	movq	%r12, %rdi
	movq	%r13, %rsi
	movq	%r14, %rdx
	call	main

	movl	%eax, %edi		/* exit(main's return value) */
	call	exit
	hlt				/* exit does not return */
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
