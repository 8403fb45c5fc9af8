/*
 * cons.h: the console, a byte stream on the machine's serial port.
 */
#ifndef _KERNEL_CONS_H_
#define _KERNEL_CONS_H_

/* Write one character; "\n" goes out as "\r\n". */
void	cons_putc(int c);
/* Serialize whole printf() calls, so that lines do not interleave. */
void	cons_lock(void);
void	cons_unlock(void);
/* panic(): take the console even if someone holds it. */
void	cons_break_lock(void);

#endif /* !_KERNEL_CONS_H_ */
