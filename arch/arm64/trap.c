/*
 * trap.c (arm64): exception dispatch.
 *
 * Every exception enters through exception.S and lands in trap(tf, kind):
 *   - an IRQ is acknowledged at the GIC; the timer's goes to
 *     timer_intr(), a device's to the handler intr.c keeps for it;
 *   - a data or instruction abort is first offered to the pmap (which
 *     keeps the accessed and dirty bits in software, machine/pmap.h), then
 *     to the machine-independent vm_fault();
 *   - an svc from user mode is a system call;
 *   - any other exception from user mode kills the process with a signal;
 *   - anything else is reported in full (ESR, FAR, ELR, registers) and
 *     panics: it is the kernel's own bug.
 */
#include "arch/arm64/arm64.h"
#include "kernel/errno.h"
#include "kernel/ksyms.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "machine/pmap.h"
#include "vm/vm_fault.h"

#define KIND_SYNC	0
#define KIND_IRQ	1
#define GIC_SPURIOUS	1023

static const char *const kind_names[4] = {
	"synchronous", "IRQ", "FIQ", "SError",
};

static void
trap_report(const struct trapframe *tf)
{
	printf("exception: %s from %s, ESR 0x%lx (class 0x%lx)\n",
	    kind_names[tf->tf_kind % 4], tf->tf_kind < 8 ? "EL1" : "EL0",
	    tf->tf_esr, ESR_EC(tf->tf_esr));
	printf("elr %s\n", ksym_format(tf->tf_elr));
	printf("far 0x%016lx  spsr 0x%016lx  sp 0x%016lx\n", tf->tf_far,
	    tf->tf_spsr, tf->tf_sp);
	for (int i = 0; i < 31; i += 3) {
		for (int j = i; j < i + 3 && j < 31; j++)
			printf("x%-2d 0x%016lx  ", j, tf->tf_x[j]);
		printf("\n");
	}
}

static bool
is_abort(uint64_t ec)
{
	return ec == EC_DABT_CUR || ec == EC_DABT_LOWER ||
	    ec == EC_IABT_CUR || ec == EC_IABT_LOWER;
}

/*
 * A data or instruction abort: let the pmap fix accessed/dirty emulation,
 * else ask vm_fault().  A kernel fault neither resolves is a bug, unless a
 * probe (machine_probe_read/write) is running: then resume at its recovery
 * address.
 */
static void
trap_abort(struct trapframe *tf)
{
	uint64_t esr = tf->tf_esr, ec = ESR_EC(esr);
	vm_prot_t access = VM_PROT_READ;
	int flags = 0, error;

	if (pmap_fault_fixup(tf->tf_far, esr))
		return;
	if (ec == EC_IABT_CUR || ec == EC_IABT_LOWER)
		access = VM_PROT_EXECUTE;
	else if (esr & ESR_WNR)
		access = VM_PROT_WRITE;
	if (FSC_TYPE(ESR_FSC(esr)) == FSC_PERMISSION)
		flags |= VM_FAULT_PROTECTION;
	if (ec == EC_DABT_LOWER || ec == EC_IABT_LOWER)
		flags |= VM_FAULT_USER;
	if ((error = vm_fault(tf->tf_far, access, flags)) == 0)
		return;
	if (flags & VM_FAULT_USER) {
		if (error == -EINTR)
			return;		/* killed: proc_userret() ends it */
		proc_fault_signal(error == -EIO ? SIGBUS : SIGSEGV,
		    tf->tf_far, tf->tf_elr);
	}
	if (probe_onfault != 0) {
		tf->tf_elr = probe_onfault;
		return;
	}
	trap_report(tf);
	panic("trap: kernel page fault at 0x%lx (%s, %s), pc %s", tf->tf_far,
	    FSC_TYPE(ESR_FSC(esr)) == FSC_PERMISSION ? "protection" :
	    "not present", access == VM_PROT_WRITE ? "write" :
	    access == VM_PROT_EXECUTE ? "execute" : "read",
	    ksym_format(tf->tf_elr));
}

/*
 * An interrupt: acknowledge it at the GIC, handle it, signal its end; then,
 * on the way back to a thread that could be interrupted, let the scheduler
 * preempt it.
 */
static void
trap_irq(struct trapframe *tf)
{
	unsigned irq = gic_ack();

	if (irq == GIC_SPURIOUS)
		return;
	if (irq == timer_irq)
		timer_intr();
	else
		intr_dispatch(irq);	/* a device's SPI (intr.c) */
	gic_eoi(irq);
	if ((tf->tf_spsr & DAIF_I) == 0)
		sched_preempt();
}

/*
 * syscall: an svc from user mode.  Linux's arm64 convention: the number in
 * x8, arguments in x0-x5, the result back in x0.  ELR already points past
 * the svc.
 */
static void
syscall(struct trapframe *tf)
{
	struct syscall_args a = {
		.nr = (long)tf->tf_x[8],
		.arg = { (long)tf->tf_x[0], (long)tf->tf_x[1],
		    (long)tf->tf_x[2], (long)tf->tf_x[3], (long)tf->tf_x[4],
		    (long)tf->tf_x[5] },
	};

	intr_enable();
	tf->tf_x[0] = (uint64_t)syscall_dispatch(&a);
	sched_preempt();
	proc_userret();
	intr_disable();
}

/*
 * Any other synchronous exception from user mode: the process dies of the
 * matching signal (an undefined or trapped instruction is SIGILL, a
 * misaligned pc or sp SIGBUS, a brk SIGTRAP).
 */
static void __noreturn
trap_user_exception(struct trapframe *tf)
{
	uint64_t ec = ESR_EC(tf->tf_esr);
	int sig = SIGILL;

	if (ec == EC_PC_ALIGN || ec == EC_SP_ALIGN)
		sig = SIGBUS;
	else if (ec == EC_BRK)
		sig = SIGTRAP;
	proc_fault_signal(sig, tf->tf_far, tf->tf_elr);
}

static void
trap_dispatch(struct trapframe *tf, uint64_t kind)
{
	uint64_t ec = ESR_EC(tf->tf_esr);

	if (kind % 4 == KIND_IRQ) {
		trap_irq(tf);
		return;
	}
	if (kind % 4 == KIND_SYNC && is_abort(ec)) {
		trap_abort(tf);
		return;
	}
	if (kind % 4 == KIND_SYNC && kind >= 8 && ec == EC_SVC64) {
		syscall(tf);
		return;
	}
	if (kind % 4 == KIND_SYNC && kind >= 8)
		trap_user_exception(tf);
	trap_report(tf);
	panic("trap: unexpected %s exception, class 0x%lx, at pc %s",
	    kind_names[kind % 4], ESR_EC(tf->tf_esr), ksym_format(tf->tf_elr));
}

void
trap(struct trapframe *tf, uint64_t kind)
{
	trap_dispatch(tf, kind);
	if (kind >= 8)
		proc_userret();		/* killed meanwhile? */
}
