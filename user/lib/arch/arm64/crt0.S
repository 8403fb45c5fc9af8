/*
 * crt0.S: the arm64 program entry point.
 *
 * The kernel enters _start at EL0 with the System V initial stack (see
 * docs/userlib.md for the picture):
 *
 *	sp ->	argc			8 bytes
 *		argv[0] .. argv[argc-1]	pointers
 *		NULL
 *		envp[0] .. envp[n-1]	pointers
 *		NULL
 *		auxv: (type, value) pairs, ending with AT_NULL
 *		... the strings they point to, higher up
 *
 * sp must be 16-byte aligned (the CPU can trap on a misaligned sp); we
 * align it again so that a kernel that gets this wrong still runs.  x0
 * may hold an exit handler for dynamic linkers; a static program ignores
 * it.  The frame pointer and link register are cleared so that a
 * backtrace stops here.
 *
 * argc, argv and envp are kept in callee-saved x19-x21 across
 * __libc_init(), which reads the auxiliary vector and sets environ.
 */
	.text
	.globl	_start
	.type	_start, %function
_start:
	mov	x29, #0
	mov	x30, #0
	ldr	x19, [sp]		/* argc */
	add	x20, sp, #8		/* argv */
	add	x21, x20, x19, lsl #3
	add	x21, x21, #8		/* envp = argv + argc + 1 */
	mov	x9, sp
	and	sp, x9, #-16

	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	__libc_init

	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	main

	bl	exit			/* exit(main's return value in w0) */
	brk	#0			/* exit does not return */
	.size	_start, . - _start

	.section .note.GNU-stack, "", %progbits
