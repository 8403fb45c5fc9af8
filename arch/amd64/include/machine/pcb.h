/*
 * pcb.h (amd64): the process control block, what cpu_switch() keeps of a
 * thread that is not running.
 *
 * The stack pointer: cpu_switch() pushes the callee-saved registers (rbx,
 * rbp, r12-r15) on the thread's own kernel stack before saving rsp, and
 * its return address is already there.  And the x87/SSE registers of its
 * user code, in the 512-byte FXSAVE layout (the kernel never uses them).
 */
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include "kernel/types.h"

struct pcb {
	uint8_t		pcb_fpu[512] __aligned(16);	/* fxsave area */
	uint64_t	pcb_rsp;
	uint64_t	pcb_fsbase;	/* user %fs base: the thread pointer */
};

#endif /* !_MACHINE_PCB_H_ */
