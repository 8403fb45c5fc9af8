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
 *   init=PATH           the first user program (default /bin/init)
 *   console=framed      frame the console for a scripted run (kernel/cons.h)
 *   blkbench            measure the disk vda from the kernel, then leave
 *   transparent_hugepage=always|madvise|never
 *                       the THP mode (vm/thp.h) until /sys changes it
 *
 * and otherwise runs the first user program from the initramfs, and powers
 * off when it exits.
 */
#include "drivers/blk.h"
#include "kernel/bootinfo.h"
#include "kernel/clock.h"
#include "kernel/cmdline.h"
#include "kernel/cons.h"
#include "kernel/crash.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/initramfs.h"
#include "kernel/intr.h"
#include "kernel/ktest.h"
#include "kernel/lock.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "vm/swap.h"
#include "vm/thp.h"
#include "vm/vm_init.h"
#include "vm/vm_pageout.h"
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

/* Mount the initramfs the boot loader gave, if any. */
static void
initramfs_mount(const struct bootinfo *bi)
{
	size_t size = bi->initrd.end - bi->initrd.start;

	if (size == 0) {
		printf("initramfs: none given\n");
		return;
	}
	if (initramfs_init(&initramfs_boot, (const void *)PHYS_TO_DMAP(
	    bi->initrd.start), size) == 0)
		printf("initramfs: %zu KiB at 0x%lx\n", size >> 10,
		    bi->initrd.start);
}

/*
 * Run the first user program, init= on the command line or /bin/init, and
 * wait for it.  When it ends, so does the machine: its exit status says
 * whether a scripted run passed.
 */
static void
run_init(void)
{
	static const char *const envp[] = { "HOME=/", "PATH=/bin", NULL };
	char path[64] = "/bin/init";
	const char *argv[] = { path, NULL };
	bool asked = cmdline_get("init", path, sizeof(path));
	struct proc *p;
	int error, status, pid;

	error = exec_spawn(path, argv, envp, &p);
	if (error == -ENOENT && !asked) {
		printf("pagoda: no %s in the initramfs; idling\n", path);
		return;
	}
	if (error != 0) {
		printf("pagoda: cannot run %s: error %d\n", path, -error);
		machine_exit(EXIT_FAIL);
	}
	pid = p->p_pid;
	spin_lock(&proc_lock);
	initproc = p;		/* orphans go to it from now on */
	spin_unlock(&proc_lock);
	status = kthread_join(p);
	printf("pagoda: %s (pid %d) %s %d; powering off\n", path, pid,
	    (status & 0x7f) ? "was killed by signal" : "exited with status",
	    (status & 0x7f) ? status & 0x7f : (status >> 8) & 0xff);
	/* The shell's convention for the run's status: 128 + signal. */
	cons_exit_record((status & 0x7f) ? 128 + (status & 0x7f) :
	    (status >> 8) & 0xff);
	machine_exit(status == 0 ? EXIT_PASS : EXIT_FAIL);
}

/*
 * swap_at_boot: the command line's swap=PATH (make run gives
 * swap=/dev/vda): turn that swap area on before init starts, as a
 * swapon in a startup script would; a refusal is reported, not fatal.
 */
static void
swap_at_boot(const char *path)
{
	int error = swap_on(path, 0);

	if (error != 0)
		printf("pagoda: swap=%s: swapon failed: error %d\n", path,
		    -error);
}

/*
 * thp_at_boot: the command line's transparent_hugepage=MODE, Linux's
 * parameter: the mode from boot on.  A value that is no mode is
 * reported, and the mode stays the default.
 */
static void
thp_at_boot(const char *value)
{
	enum thp_mode mode;

	if (thp_mode_parse(value, strlen(value), &mode))
		thp_mode_set(mode);
	else
		printf("pagoda: transparent_hugepage=%s: not always, madvise "
		    "or never; ignored\n", value);
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
	if (cmdline_get("console", arg, sizeof(arg)) &&
	    strcmp(arg, "framed") == 0)
		cons_set_framed();
	print_banner(bi);
	vm_init(bi);
	print_memory();
	if (cmdline_get("transparent_hugepage", arg, sizeof(arg)))
		thp_at_boot(arg);
	proc_init();
	machine_initclocks();
	intr_enable();
	vm_pageout_start();
	machine_attach_devices();
	if (cmdline_get("test", arg, sizeof(arg)))
		run_tests(arg);
	initramfs_mount(bi);
	if (cmdline_get("swap", arg, sizeof(arg)))
		swap_at_boot(arg);
	if (cmdline_get("crash", arg, sizeof(arg)))
		crash(arg);
	if (cmdline_get("blkbench", arg, sizeof(arg)))
		machine_exit(blk_bench() == 0 ? EXIT_PASS : EXIT_FAIL);
	if (cmdline_get("poweroff", arg, sizeof(arg))) {
		printf("pagoda: up after %lu ms of ticks; powering off\n",
		    clock_ms());
		machine_exit(EXIT_PASS);
	}
	run_init();
	for (;;)
		machine_idle();
}
