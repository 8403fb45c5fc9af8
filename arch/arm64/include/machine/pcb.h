/*
 * pcb.h (arm64): the process control block, what cpu_switch() keeps of a
 * thread that is not running: the callee-saved registers x19-x28, the
 * frame pointer x29, the link register x30 (where cpu_switch() returns to)
 * and the stack pointer; and the FP/SIMD registers of its user code (the
 * kernel, built with -mgeneral-regs-only, never uses them).
 */
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include "kernel/types.h"

struct pcb {
	uint64_t	pcb_x[10];	/* x19 - x28 */
	uint64_t	pcb_fp;		/* x29 */
	uint64_t	pcb_lr;		/* x30 */
	uint64_t	pcb_sp;
	uint64_t	pcb_fpcr;	/* user FP/SIMD state: control, */
	uint64_t	pcb_fpsr;	/* status, */
	uint64_t	pcb_tpidr;	/* TPIDR_EL0: the user thread pointer */
	__uint128_t	pcb_q[32] __aligned(16);	/* and q0 - q31 */
};

#endif /* !_MACHINE_PCB_H_ */
