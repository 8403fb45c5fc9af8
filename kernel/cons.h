/*
 * cons.h: the console, a byte stream on the machine's serial port.
 *
 * Normally the console is a terminal's stream: "\n" goes out as "\r\n",
 * and the kernel's messages and the programs' output mix on one line.
 * A scripted run (tools/pagoda-run, docs/running.md) boots with
 * "console=framed" instead: the serial line then carries three channels,
 * the kernel's log, the programs' standard output and their standard
 * error, which the host takes apart again (tools/pagoda-demux.c).  The
 * framing, byte for byte:
 *
 *   ESC '0' | ESC '1' | ESC '2'   what follows is on channel 0, 1 or 2
 *   ESC ESC                       one ESC byte of data
 *   ESC 'x' digits '\n'           the exit status of the run; the end
 *
 * where ESC is CONS_FRAME_ESC (0x10, ASCII DLE).  Every other byte is
 * data, passed as it is (no "\r" added), so binary output survives.
 * Before the command line is read the channel is 0, as the host assumes.
 */
#ifndef _KERNEL_CONS_H_
#define _KERNEL_CONS_H_

#include "kernel/types.h"

#define CONS_FRAME_ESC	0x10

/* The channels of a framed console. */
enum cons_channel {
	CONS_LOG = 0,		/* the kernel's messages (printf) */
	CONS_STDOUT = 1,	/* what programs write on /dev/console */
	CONS_STDERR = 2,	/* ... on the console's error file (fd 2) */
};

/* Write one character of the kernel's log; see cons_putc_on(). */
void	cons_putc(int c);
/*
 * cons_putc_on: write c on channel chan.  Unframed, "\n" goes out as
 * "\r\n" and the channel is ignored.  The caller holds the console lock
 * (or is panic(), which broke it).
 */
void	cons_putc_on(enum cons_channel chan, int c);
/* cons_set_framed: from now on, frame the output ("console=framed"). */
void	cons_set_framed(void);
/*
 * cons_exit_record: on a framed console, the record that ends a run with
 * status (0-255); unframed, nothing.
 */
void	cons_exit_record(int status);
/* Serialize whole printf() calls, so that lines do not interleave. */
void	cons_lock(void);
void	cons_unlock(void);
/* panic(): take the console even if someone holds it. */
void	cons_break_lock(void);

#endif /* !_KERNEL_CONS_H_ */
