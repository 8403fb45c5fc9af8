/*
 * cons.c: the console.  The machine-dependent UART driver moves the bytes;
 * this file adds the newline translation, the framing of a scripted run
 * (see cons.h) and the lock that keeps one printf() call's output
 * together.
 */
#include "kernel/cons.h"
#include "kernel/lock.h"
#include "kernel/machdep.h"

static struct spinlock cons_spin = SPINLOCK_INITIALIZER("cons");

/*
 * Under cons_spin: whether the output is framed, and the channel the host
 * last heard of.
 */
static bool cons_framed;
static enum cons_channel cons_channel = CONS_LOG;

void
cons_putc_on(enum cons_channel chan, int c)
{
	if (!cons_framed) {
		if (c == '\n')
			machine_cons_putc('\r');
		machine_cons_putc(c);
		return;
	}
	if (chan != cons_channel) {
		machine_cons_putc(CONS_FRAME_ESC);
		machine_cons_putc('0' + chan);
		cons_channel = chan;
	}
	if ((c & 0xff) == CONS_FRAME_ESC)
		machine_cons_putc(CONS_FRAME_ESC);
	machine_cons_putc(c);
}

void
cons_putc(int c)
{
	cons_putc_on(CONS_LOG, c);
}

void
cons_set_framed(void)
{
	cons_lock();
	cons_framed = true;
	cons_channel = CONS_LOG;
	cons_unlock();
}

void
cons_exit_record(int status)
{
	char digits[4];
	int n = 0;

	if (!cons_framed)
		return;
	status &= 0xff;
	do
		digits[n++] = (char)('0' + status % 10);
	while ((status /= 10) != 0);
	cons_lock();
	machine_cons_putc(CONS_FRAME_ESC);
	machine_cons_putc('x');
	while (n > 0)
		machine_cons_putc(digits[--n]);
	machine_cons_putc('\n');
	cons_unlock();
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
