/*
 * panic.c: stop the kernel with a message and a backtrace.
 *
 * Under QEMU, panic ends the emulator at once with EXIT_PANIC, so a test run
 * never waits for a timeout after the kernel has died.
 */
#include "kernel/systm.h"
#include "kernel/cons.h"
#include "kernel/ksyms.h"
#include "kernel/machdep.h"
#include "machine/vmparam.h"
#include "machine/cpufunc.h"

static bool panicking;

/*
 * backtrace: walk the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer).  On both architectures a frame record is two
 * words: the caller's frame pointer, then the return address (amd64: at
 * 0(%rbp) and 8(%rbp); arm64: at 0(x29) and 8(x29)).  The entry code starts
 * the chain with a zero frame pointer, and the trap entry links a trap
 * frame into it, so a backtrace continues into the interrupted code.
 */
static void
backtrace(void)
{
	uint64_t *fp = __builtin_frame_address(0);

	printf("backtrace:\n");
	for (int depth = 0; fp != NULL && depth < 32; depth++) {
		uint64_t ret = fp[1];

		/* Kernel stacks live in the kernel image or the direct map. */
		if ((vm_offset_t)fp < DMAP_MIN_ADDRESS || ret == 0)
			break;
		printf("  #%d %s\n", depth, ksym_format(ret));
		fp = (uint64_t *)fp[0];
	}
}

static void __noreturn
vpanic(const char *fmt, va_list ap)
{
	intr_disable();
	if (panicking) {
		/* A panic inside panic: say the least that can be said. */
		for (const char *s = "\npanic: nested panic\n"; *s; s++)
			cons_putc(*s);
		machine_exit(EXIT_PANIC);
	}
	panicking = true;
	cons_break_lock();
	printf("\npanic: ");
	vprintf(fmt, ap);
	printf("\n");
	backtrace();
	machine_exit(EXIT_PANIC);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}

void
kassert_panic(const char *fmt, ...)
{
	va_list ap;

	printf("\nKASSERT failed\n");
	va_start(ap, fmt);
	vpanic(fmt, ap);
}
