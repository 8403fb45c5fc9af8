/*
 * main.c: the machine-independent start of the kernel.
 *
 * The machine-dependent code (arch/$(ARCH)) brings the CPU to a state
 * where C runs with a console, then calls kmain() with what the boot loader
 * told it.  kmain() brings up memory, starts the clock and then does what
 * the command line asks:
 *
 *   test, test=PREFIX   run the in-kernel tests and leave QEMU with the verdict
 *   crash=NAME          commit a deliberate bug (kernel/crash.c)
 *   poweroff            leave QEMU as soon as the kernel is up (boot timing)
 *
 * and otherwise idles.
 */
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/crash.h"
#include "kernel/ktest.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "vm/vm_init.h"
#include "vm/vm_page.h"

#define PAGES_TO_KIB(n)	((n) * (PAGE_SIZE / 1024))

static void
print_banner(const struct bootinfo *bi)
{
	printf("Pagoda 0.1 (%s): a kernel for learning virtual memory\n",
	    MACHINE_ARCH);
	printf("cpu: %s\n", machine_cpu_model());
	printf("command line: \"%s\"\n", bi->cmdline);
	machine_print_devices();
}

/* The memory summary: where every page of RAM went. */
static void
print_memory(void)
{
	struct vm_page_stats st;

	vm_page_stats(&st);
	printf("memory: %zu KiB RAM, %zu KiB managed, %zu KiB free\n",
	    PAGES_TO_KIB(st.total), PAGES_TO_KIB(st.managed),
	    PAGES_TO_KIB(st.free));
	printf("memory: kernel image %zu KiB, page tables and vm_page array "
	    "%zu KiB, firmware and low memory %zu KiB\n",
	    PAGES_TO_KIB(st.kernel), PAGES_TO_KIB(st.bootstrap),
	    PAGES_TO_KIB(st.total - st.managed - st.kernel - st.bootstrap));
}

static void __noreturn
run_tests(const char *prefix)
{
	int failed = ktest_run(prefix);

	machine_exit(failed == 0 ? EXIT_PASS : EXIT_FAIL);
}

void
kmain(struct bootinfo *bi)
{
	char arg[64];

	cmdline_init(bi->cmdline);
	print_banner(bi);
	vm_init(bi);
	print_memory();
	proc_init();
	machine_initclocks();
	intr_enable();
	if (cmdline_get("test", arg, sizeof(arg)))
		run_tests(arg);
	if (cmdline_get("crash", arg, sizeof(arg)))
		crash(arg);
	if (cmdline_get("poweroff", arg, sizeof(arg))) {
		printf("pagoda: up after %lu ms of ticks; powering off\n",
		    clock_ms());
		machine_exit(EXIT_PASS);
	}
	printf("pagoda: up; nothing to run yet (boot with \"test\" to run "
	    "the in-kernel tests)\n");
	for (;;)
		machine_idle();
}
