/*
 * user.c: in-kernel tests of user mode: entering it, system calls, bad
 * pointers from user space, and faults that must kill only the process.
 *
 * The programs are tiny and machine-dependent (arch/$(ARCH)/usertest.S);
 * the test itself is not: it copies a program into a fresh address space,
 * runs it as a process and checks how it ended.
 */
#include "kernel/ktest.h"
#include "kernel/proc.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"

extern const char user_prog_start[], user_prog_end[], user_prog_ok[];
extern const char user_prog_segv_null[], user_prog_segv_kern[];
extern const char user_prog_priv[];

#define USER_CODE	0x400000UL
#define USER_STACK	0x7fff0000UL	/* one page below this */

/* An address space holding a copy of the programs and a stack page. */
struct user_image {
	struct pmap	*pmap;
	struct vm_page	*code, *stack;
};

static int
image_create(struct user_image *im)
{
	size_t len = user_prog_end - user_prog_start;

	im->pmap = pmap_create();
	im->code = vm_page_alloc(0, VM_ALLOC_ZERO);
	im->stack = vm_page_alloc(0, VM_ALLOC_ZERO);
	if (im->pmap == NULL || im->code == NULL || im->stack == NULL ||
	    len > PAGE_SIZE)
		return -1;
	memcpy(vm_page_to_virt(im->code), user_prog_start, len);
	if (pmap_enter(im->pmap, USER_CODE, VM_PAGE_TO_PHYS(im->code),
	    VM_PROT_READ | VM_PROT_EXECUTE, 0) != 0 ||
	    pmap_enter(im->pmap, USER_STACK - PAGE_SIZE,
	    VM_PAGE_TO_PHYS(im->stack), VM_PROT_RW, 0) != 0)
		return -1;
	return 0;
}

static void
image_destroy(struct user_image *im)
{
	if (im->pmap != NULL) {
		pmap_remove(im->pmap, USER_CODE, USER_CODE + PAGE_SIZE);
		pmap_remove(im->pmap, USER_STACK - PAGE_SIZE, USER_STACK);
		pmap_destroy(im->pmap);
	}
	if (im->code != NULL)
		vm_page_free(im->code);
	if (im->stack != NULL)
		vm_page_free(im->stack);
}

/* Start the program at entry in a new process; NULL on failure. */
static struct proc *
start_user(struct user_image *im, const char *entry)
{
	if (image_create(im) != 0)
		return NULL;
	return uproc_create("usertest", im->pmap, NULL,
	    USER_CODE + (entry - user_prog_start), USER_STACK);
}

/* Run the program at entry in a new process; its wait status, or -1. */
static int
run_user(const char *entry)
{
	struct user_image im = { NULL, NULL, NULL };
	struct proc *p = start_user(&im, entry);
	int status = p != NULL ? kthread_join(p) : -1;

	image_destroy(&im);
	return status;
}

/* System calls work, and bad pointers and unknown calls are refused. */
KTEST(user_syscalls)
{
	KT_EQ(run_user(user_prog_ok), PROC_EXITED(42));
}

KTEST(user_null_pointer_kills_only_the_process)
{
	KT_EQ(run_user(user_prog_segv_null), PROC_SIGNALED(SIGSEGV));
}

KTEST(user_cannot_read_the_kernel)
{
	KT_EQ(run_user(user_prog_segv_kern), PROC_SIGNALED(SIGSEGV));
}

/* A privileged instruction kills the process (amd64 #GP: SIGSEGV;
 * arm64, an undefined instruction at EL0: SIGILL). */
KTEST(user_privileged_instruction)
{
	int status = run_user(user_prog_priv);

	KT_ASSERT(status == PROC_SIGNALED(SIGSEGV) ||
	    status == PROC_SIGNALED(SIGILL));
}

/* Several user processes at once, each in its own address space. */
KTEST(user_many_processes)
{
	struct user_image im[4];
	struct proc *p[4];
	int status[4];

	memset(im, 0, sizeof(im));
	for (int i = 0; i < 4; i++)
		p[i] = start_user(&im[i], user_prog_ok);
	for (int i = 0; i < 4; i++) {
		status[i] = p[i] != NULL ? kthread_join(p[i]) : -1;
		image_destroy(&im[i]);
	}
	for (int i = 0; i < 4; i++)
		KT_EQ(status[i], PROC_EXITED(42));
}
