/*
 * intr.h: device interrupts, as the machine-independent drivers see them.
 *
 * A driver hands the machine layer a handler and an argument; the machine
 * layer decides how the interrupt arrives and calls the handler from its
 * trap code, with interrupts disabled, then signals the end of the
 * interrupt to the controller.  Two ways in, one per kind of device:
 *
 *   - a message-signalled interrupt (PCI MSI-X, amd64): the device writes
 *     a value (data) to an address; intr_alloc_msi() says which, and the
 *     write raises the handler's vector at the local APIC;
 *   - a wired interrupt (arm64: a GIC shared peripheral interrupt, as the
 *     device tree names it for each virtio-mmio slot): intr_establish().
 *
 * A handler must not sleep.  It may take spin locks (spin_lock() keeps
 * interrupts off) and call wakeup().
 */
#ifndef _KERNEL_INTR_H_
#define _KERNEL_INTR_H_

#include "kernel/types.h"

typedef void (*intr_handler_t)(void *arg);

/*
 * intr_alloc_msi: a new interrupt vector that runs handler(arg), and the
 * message that raises it: the device writes data (32 bits) to address.
 * 0, or -ENOSPC when the vectors are used up, -ENODEV on a machine
 * without message-signalled interrupts.
 */
int	intr_alloc_msi(intr_handler_t handler, void *arg, uint64_t *address,
	    uint32_t *data);

/*
 * intr_free_msi: give back the vector of a message that intr_alloc_msi()
 * returned (anything else panics).  Mask or disable the device's entry
 * first: a message that still arrives is reported as stray and dropped.
 */
void	intr_free_msi(uint64_t address, uint32_t data);

/*
 * intr_establish: run handler(arg) when the wired interrupt irq (the
 * machine's own number: on arm64 the GIC interrupt ID) is raised, and
 * enable it.  level: the line stays asserted until the device is
 * acknowledged (else it is an edge).  0, -EBUSY (irq has a handler),
 * -EINVAL (no such interrupt, or one the machine layer keeps for itself,
 * such as the timer's), -ENODEV (no wired interrupts here).
 */
int	intr_establish(unsigned irq, bool level, intr_handler_t handler,
	    void *arg);

/*
 * intr_disestablish: disable irq and forget its handler (an irq with no
 * handler panics).  A pending interrupt of irq is not taken.
 */
void	intr_disestablish(unsigned irq);

/*
 * machine_attach_devices: find the machine's devices (amd64: scan PCI;
 * arm64: the device tree's virtio-mmio slots) and attach their drivers.
 * kmain() calls it once, with interrupts enabled and the scheduler
 * running, before the first user process.
 */
void	machine_attach_devices(void);

/*
 * Test hooks (tests/ktest/intr.c): raise an interrupt the way its device
 * would, with no device.
 *
 * intr_test_irq: a wired interrupt that no device uses on this machine,
 * or -ENODEV.
 * intr_test_raise: make wired irq pending at the controller once, as an
 * edge would (also when irq is level-triggered: taking the interrupt ends
 * it); it is taken as soon as interrupts are enabled.  0, -EINVAL (no
 * such interrupt), -ENODEV (no wired interrupts here).
 * intr_test_send_msi: deliver the message (address, data) to this CPU as
 * the device's write would.  0, -EINVAL (not a message intr_alloc_msi()
 * gave, or freed since), -ENODEV (no message-signalled interrupts here).
 */
int	intr_test_irq(void);
int	intr_test_raise(unsigned irq);
int	intr_test_send_msi(uint64_t address, uint32_t data);

#endif /* !_KERNEL_INTR_H_ */
