/*
 * usertest.S (arm64): tiny user programs for the in-kernel tests of user
 * mode (tests/ktest/user.c).  They are data to the kernel: a test copies
 * them into a user page and runs them there, so they must be position
 * independent.  Linux arm64 system calls: number in x8, arguments in
 * x0-x2; the result in x0.
 *
 *   user_prog_ok         checks write, -EFAULT for bad pointers, -ENOSYS,
 *                        getpid; exit(42) if all is as expected, else exit(1)
 *   user_prog_segv_null  reads address 0
 *   user_prog_segv_kern  reads a kernel address
 *   user_prog_priv       reads a system register EL0 may not read
 */
#define SYS_write	64
#define SYS_exit	93
#define SYS_getpid	172

	.section .rodata
	.globl	user_prog_start, user_prog_end, user_prog_ok
	.globl	user_prog_segv_null, user_prog_segv_kern, user_prog_priv
	.balign	16
user_prog_start:
user_prog_ok:
	mov	x8, #SYS_write
	mov	x0, #1
	adr	x1, msg
	mov	x2, #(msg_end - msg)
	svc	#0
	cmp	x0, #(msg_end - msg)
	b.ne	fail
	mov	x8, #SYS_write			/* a pointer to nothing */
	mov	x0, #1
	mov	x1, #0x10
	mov	x2, #4
	svc	#0
	cmn	x0, #14				/* -EFAULT */
	b.ne	fail
	mov	x8, #SYS_write			/* a pointer into the kernel */
	mov	x0, #1
	ldr	x1, kernel_addr
	mov	x2, #4
	svc	#0
	cmn	x0, #14
	b.ne	fail
	mov	x8, #1000			/* no such call */
	svc	#0
	cmn	x0, #38				/* -ENOSYS */
	b.ne	fail
	mov	x8, #SYS_getpid
	svc	#0
	cmp	x0, #0
	b.le	fail
	mov	x8, #SYS_exit
	mov	x0, #42
	svc	#0
fail:
	mov	x8, #SYS_exit
	mov	x0, #1
	svc	#0
user_prog_segv_null:
	mov	x0, #0
	ldr	x1, [x0]
user_prog_segv_kern:
	ldr	x0, kernel_addr
	ldr	x1, [x0]
user_prog_priv:
	mrs	x0, ttbr1_el1
	.balign	8
kernel_addr:
	.quad	0xffffffff80000000
msg:
	.ascii	"usertest: hello from user mode\n"
msg_end:
	.balign	4
user_prog_end:

	.section .note.GNU-stack, "", @progbits
