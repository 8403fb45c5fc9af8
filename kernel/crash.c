/*
 * crash.c: deliberate failures, for the tests of the failure paths.
 *
 * Booting with crash=NAME makes the kernel commit one named bug after it
 * is up, so that `make check` can see the kernel catch it, report it and
 * leave QEMU with EXIT_PANIC:
 *
 *   crash=double_free   free the same page twice (a KASSERT catches it)
 *   crash=pagefault     read an unmapped kernel address (trap report)
 *   crash=panic         call panic() (backtrace with symbol names)
 *
 * They exist only to be tested; nothing else calls them.
 */
#include "kernel/crash.h"
#include "kernel/systm.h"
#include "vm/vm_page.h"

static void
crash_double_free(void)
{
	struct vm_page *m = vm_page_alloc(0, 0);

	KASSERT(m != NULL, ("crash_double_free: no memory"));
	vm_page_free(m);
	vm_page_free(m);
}

static void
crash_pagefault(void)
{
	/* Just below the top of the address space: never mapped. */
	volatile uint64_t *p = (volatile uint64_t *)0xfffffffffffff000UL;

	printf("crash: read at %p\n", (void *)p);
	(void)*p;
}

void
crash(const char *name)
{
	printf("crash: %s\n", name);
	if (strcmp(name, "double_free") == 0)
		crash_double_free();
	else if (strcmp(name, "pagefault") == 0)
		crash_pagefault();
	else if (strcmp(name, "panic") == 0)
		panic("crash: deliberate panic");
	printf("crash: %s did not crash the kernel\n", name);
}
