/*
 * uart.c (arm64): the console on a PL011 UART (QEMU virt: 0x09000000).
 *
 * Polled output: wait while the transmit FIFO is full, write the byte.
 * The registers are reached through the direct map, which maps QEMU virt's
 * device region (below RAM) as device memory from the first instruction
 * on (entry.S), so the console works before anything else is set up.
 */
#include "arch/arm64/arm64.h"
#include "kernel/machdep.h"
#include "machine/cpufunc.h"
#include "machine/vmparam.h"

#define UART_DR		0x00		/* data */
#define UART_FR		0x18		/* flags */
#define FR_RXFE		(1 << 4)	/* receive FIFO empty */
#define FR_TXFF		(1 << 5)	/* transmit FIFO full */

/* QEMU virt's UART until the device tree says otherwise. */
static volatile uint32_t *uart = (volatile uint32_t *)PHYS_TO_DMAP(0x09000000);

void
uart_init(vm_paddr_t base)
{
	uart = (volatile uint32_t *)PHYS_TO_DMAP(base);
}

void
machine_cons_putc(int c)
{
	int spins = 100000;

	while ((uart[UART_FR / 4] & FR_TXFF) && --spins > 0)
		cpu_spinwait();
	uart[UART_DR / 4] = (uint32_t)(uint8_t)c;
}

int
machine_cons_getc(void)
{
	if (uart[UART_FR / 4] & FR_RXFE)
		return -1;
	return uart[UART_DR / 4] & 0xff;
}
