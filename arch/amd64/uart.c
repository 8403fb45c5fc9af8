/*
 * uart.c (amd64): the console on COM1, a 16550 UART at I/O port 0x3f8.
 *
 * Polled output: wait for the transmit holding register to empty, write the
 * byte.  Under QEMU the line is always ready, so this costs nothing.
 */
#include "kernel/machdep.h"
#include "arch/amd64/amd64.h"
#include "machine/cpufunc.h"

#define COM1		0x3f8
#define UART_DATA	0	/* receive / transmit buffer */
#define UART_IER	1	/* interrupt enable */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_DLL	0	/* divisor latch, low (with LCR.DLAB) */
#define UART_DLM	1	/* divisor latch, high */

#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define LSR_RX_READY	0x01
#define LSR_TX_EMPTY	0x20

/* 115200 baud, 8 data bits, no parity, 1 stop bit, FIFOs on, no IRQs. */
void
uart_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);		/* 115200 / 1 */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);		/* enable, clear, 14-byte */
	outb(COM1 + UART_MCR, 0x03);		/* DTR, RTS */
}

void
machine_cons_putc(int c)
{
	int spins = 100000;

	while ((inb(COM1 + UART_LSR) & LSR_TX_EMPTY) == 0 && --spins > 0)
		cpu_spinwait();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

int
machine_cons_getc(void)
{
	if ((inb(COM1 + UART_LSR) & LSR_RX_READY) == 0)
		return -1;
	return inb(COM1 + UART_DATA);
}
