/*
 * usertest.S (amd64): tiny user programs for the in-kernel tests of user
 * mode (tests/ktest/user.c).  They are data to the kernel: a test copies
 * them into a user page and runs them there, so they must be position
 * independent.  Linux x86_64 system calls: number in %eax, arguments in
 * %rdi, %rsi, %rdx; the result in %rax.
 *
 *   user_prog_ok         checks write, -EFAULT for bad pointers, -ENOSYS,
 *                        getpid; exit(42) if all is as expected, else exit(1)
 *   user_prog_segv_null  reads address 0
 *   user_prog_segv_kern  reads a kernel address
 *   user_prog_priv       executes hlt, a privileged instruction
 */
#define SYS_write	1
#define SYS_getpid	39
#define SYS_exit	60

	.section .rodata
	.globl	user_prog_start, user_prog_end, user_prog_ok
	.globl	user_prog_segv_null, user_prog_segv_kern, user_prog_priv
	.balign	16
user_prog_start:
user_prog_ok:
	movl	$SYS_write, %eax
	movl	$1, %edi
	leaq	msg(%rip), %rsi
	movl	$(msg_end - msg), %edx
	syscall
	cmpq	$(msg_end - msg), %rax
	jne	fail
	movl	$SYS_write, %eax		/* a pointer to nothing */
	movl	$1, %edi
	movl	$0x10, %esi
	movl	$4, %edx
	syscall
	cmpq	$-14, %rax			/* -EFAULT */
	jne	fail
	movl	$SYS_write, %eax		/* a pointer into the kernel */
	movl	$1, %edi
	movabsq	$0xffffffff80200000, %rsi
	movl	$4, %edx
	syscall
	cmpq	$-14, %rax
	jne	fail
	movl	$1000, %eax			/* no such call */
	syscall
	cmpq	$-38, %rax			/* -ENOSYS */
	jne	fail
	movl	$SYS_getpid, %eax
	syscall
	testq	%rax, %rax
	jle	fail
	movl	$SYS_exit, %eax
	movl	$42, %edi
	syscall
fail:
	movl	$SYS_exit, %eax
	movl	$1, %edi
	syscall
user_prog_segv_null:
	movq	0, %rax
user_prog_segv_kern:
	movabsq	$0xffffffff80200000, %rax
	movq	(%rax), %rax
user_prog_priv:
	hlt
msg:
	.ascii	"usertest: hello from user mode\n"
msg_end:
user_prog_end:

	.section .note.GNU-stack, "", @progbits
