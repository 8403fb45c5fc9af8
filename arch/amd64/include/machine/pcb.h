/*
 * pcb.h (amd64): the process control block, what cpu_switch() keeps of a
 * thread that is not running.
 *
 * Only the stack pointer: cpu_switch() pushes the callee-saved registers
 * (rbx, rbp, r12-r15) on the thread's own kernel stack before saving rsp,
 * and its return address is already there.
 */
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include "kernel/types.h"

struct pcb {
	uint64_t	pcb_rsp;
};

#endif /* !_MACHINE_PCB_H_ */
