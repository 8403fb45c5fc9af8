/*
 * panic.c: stop the kernel with a message and a backtrace.
 *
 * Under QEMU, panic ends the emulator at once with EXIT_PANIC, so a test run
 * never waits for a timeout after the kernel has died.
 */
#include "kernel/systm.h"
#include "kernel/cons.h"
#include "kernel/machdep.h"
#include "machine/cpufunc.h"

static bool panicking;

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
	machine_backtrace();
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
