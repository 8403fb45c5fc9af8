/*
 * cons.c: the console.  The machine-dependent UART driver moves the bytes;
 * this file adds the newline translation and the lock that keeps one
 * printf() call's output together.
 */
#include "kernel/cons.h"
#include "kernel/lock.h"
#include "kernel/machdep.h"

static struct spinlock cons_spin = SPINLOCK_INITIALIZER("cons");

void
cons_putc(int c)
{
	if (c == '\n')
		machine_cons_putc('\r');
	machine_cons_putc(c);
}

void
cons_lock(void)
{
	spin_lock(&cons_spin);
}

void
cons_unlock(void)
{
	spin_unlock(&cons_spin);
}

void
cons_break_lock(void)
{
	spin_init(&cons_spin, "cons");
}
