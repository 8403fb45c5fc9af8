/*
 * trap.c (amd64): the interrupt descriptor table and trap dispatch.
 *
 * Every vector enters through exception.S and lands in trap(tf):
 *   - a page fault (#PF, 14) goes to the machine-independent vm_fault();
 *   - the timer goes to hardclock(), then to the scheduler, which may
 *     switch threads before the interrupted one resumes;
 *   - a device's MSI-X vector goes to its handler (intr.c), then to the
 *     scheduler in the same way: the handler may have woken a thread;
 *   - an exception in user mode kills the process with a signal
 *     (SIGSEGV for a bad access); the kernel goes on;
 *   - an exception in the kernel is reported in full (vector, name, error
 *     code, RIP, CR2, all registers) and panics: it is the kernel's bug.
 * System calls come in through their own door, syscall_entry, and land in
 * syscall(tf).
 */
#include "arch/amd64/amd64.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/ksyms.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "vm/vm_fault.h"

#define T_NMI		2
#define T_BREAKPOINT	3
#define T_DOUBLEFAULT	8
#define T_PAGEFAULT	14

/* #PF error code bits. */
#define PGEX_P		0x01	/* 0: not present; 1: protection violation */
#define PGEX_W		0x02	/* a write */
#define PGEX_U		0x04	/* from user mode */
#define PGEX_I		0x10	/* an instruction fetch */

/* An IDT gate: a 16-byte descriptor. */
struct gate {
	uint16_t	offset_lo;
	uint16_t	selector;
	uint8_t		ist;		/* interrupt stack table index, 0: none */
	uint8_t		type_attr;	/* P, DPL, type (0xe: interrupt gate) */
	uint16_t	offset_mid;
	uint32_t	offset_hi;
	uint32_t	reserved;
} __packed;

static struct gate idt[256] __aligned(16);
extern char idt_stubs[];	/* exception.S: 256 stubs, 16 bytes apart */

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection",
	"page fault", "reserved", "x87 floating-point error",
	"alignment check", "machine check", "SIMD floating-point error",
	"virtualization exception", "control protection", "reserved",
	"reserved", "reserved", "reserved", "reserved", "reserved",
	"hypervisor injection", "VMM communication", "security exception",
	"reserved",
};

static void
set_gate(int vec, int ist, int dpl)
{
	uint64_t addr = (uint64_t)(idt_stubs + vec * 16);
	struct gate *g = &idt[vec];

	g->offset_lo = addr & 0xffff;
	g->selector = GSEL_KCODE;
	g->ist = (uint8_t)ist;
	g->type_attr = (uint8_t)(0x80 | (dpl << 5) | 0xe);
	g->offset_mid = (addr >> 16) & 0xffff;
	g->offset_hi = (uint32_t)(addr >> 32);
	g->reserved = 0;
}

void
idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed ip = { sizeof(idt) - 1, (uint64_t)idt };

	for (int vec = 0; vec < 256; vec++)
		set_gate(vec, 0, 0);
	set_gate(T_DOUBLEFAULT, 1, 0);		/* IST1: its own stack */
	set_gate(T_BREAKPOINT, 0, 3);		/* int3 allowed from user */
	__asm__ volatile("lidt %0" : : "m"(ip));
}

/* Print everything the trap frame holds, for a panic report. */
static void
trap_report(const struct trapframe *tf, uint64_t cr2)
{
	uint64_t v = tf->tf_trapno;

	printf("trap %lu (%s), error code 0x%lx, %s mode\n", v,
	    v < 32 ? exception_names[v] : "interrupt", tf->tf_err,
	    (tf->tf_cs & 3) ? "user" : "kernel");
	printf("rip %s\n", ksym_format(tf->tf_rip));
	printf("cr2 0x%016lx  rflags 0x%016lx  cs 0x%lx  ss 0x%lx\n", cr2,
	    tf->tf_rflags, tf->tf_cs, tf->tf_ss);
	printf("rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx\n", tf->tf_rax,
	    tf->tf_rbx, tf->tf_rcx);
	printf("rdx 0x%016lx  rsi 0x%016lx  rdi 0x%016lx\n", tf->tf_rdx,
	    tf->tf_rsi, tf->tf_rdi);
	printf("rbp 0x%016lx  rsp 0x%016lx  r8  0x%016lx\n", tf->tf_rbp,
	    tf->tf_rsp, tf->tf_r8);
	printf("r9  0x%016lx  r10 0x%016lx  r11 0x%016lx\n", tf->tf_r9,
	    tf->tf_r10, tf->tf_r11);
	printf("r12 0x%016lx  r13 0x%016lx  r14 0x%016lx\n", tf->tf_r12,
	    tf->tf_r13, tf->tf_r14);
	printf("r15 0x%016lx\n", tf->tf_r15);
}

/*
 * A page fault: translate the error code into the machine-independent
 * access type and ask vm_fault().  A kernel fault it cannot resolve is a
 * bug, unless a probe (machine_probe_read/write) is running: then resume
 * at the probe's recovery address.
 */
static void
trap_pagefault(struct trapframe *tf)
{
	vm_offset_t va = rcr2();
	vm_prot_t access = VM_PROT_READ;
	int flags = 0, error;

	if (tf->tf_err & PGEX_W)
		access = VM_PROT_WRITE;
	if (tf->tf_err & PGEX_I)
		access = VM_PROT_EXECUTE;
	if (tf->tf_err & PGEX_P)
		flags |= VM_FAULT_PROTECTION;
	if (tf->tf_err & PGEX_U)
		flags |= VM_FAULT_USER;
	/* The faulting access may have run with interrupts on: so may we. */
	if (tf->tf_rflags & PSL_I)
		intr_enable();
	error = vm_fault(va, access, flags);
	intr_disable();
	if (error == 0)
		return;
	if (flags & VM_FAULT_USER) {
		if (error == -EINTR)
			return;		/* killed: proc_userret() ends it */
		proc_fault_signal(error == -EIO ? SIGBUS : SIGSEGV, va,
		    tf->tf_rip);
	}
	if (probe_onfault != 0) {
		tf->tf_rip = probe_onfault;
		return;
	}
	trap_report(tf, va);
	panic("trap: kernel page fault at 0x%lx (%s %s), rip %s", va,
	    (tf->tf_err & PGEX_P) ? "protection," : "not present,",
	    access == VM_PROT_WRITE ? "write" :
	    access == VM_PROT_EXECUTE ? "execute" : "read",
	    ksym_format(tf->tf_rip));
}

/*
 * An exception in user mode other than a page fault: the process made it,
 * the process dies of the matching signal (Linux's choice of signal).
 */
static void __noreturn
trap_user_exception(struct trapframe *tf)
{
	int sig = SIGSEGV;

	switch (tf->tf_trapno) {
	case 0:		/* divide error */
	case 16:	/* x87 */
	case 19:	/* SIMD */
		sig = SIGFPE;
		break;
	case 1:		/* debug */
	case T_BREAKPOINT:
		sig = SIGTRAP;
		break;
	case 6:		/* invalid opcode */
		sig = SIGILL;
		break;
	case 17:	/* alignment check */
		sig = SIGBUS;
		break;
	}
	proc_fault_signal(sig, 0, tf->tf_rip);	/* not a page fault: no address */
}

static void
trap_dispatch(struct trapframe *tf)
{
	uint64_t vec = tf->tf_trapno;

	if (vec == T_PAGEFAULT) {
		trap_pagefault(tf);
		return;
	}
	if (vec == IDT_TIMER) {
		lapic_eoi();
		hardclock();
		/* Back to a thread that could be interrupted: preempt it? */
		if (tf->tf_rflags & PSL_I)
			sched_preempt();
		return;
	}
	if (vec >= IDT_MSI_BASE && vec < IDT_MSI_BASE + IDT_MSI_COUNT) {
		intr_msi_dispatch((unsigned)vec);	/* handler, then EOI */
		if (tf->tf_rflags & PSL_I)
			sched_preempt();
		return;
	}
	if (vec == IDT_SPURIOUS || (vec >= IDT_PIC_BASE &&
	    vec < IDT_PIC_BASE + 16))
		return;		/* spurious: nothing to acknowledge */
	if (tf->tf_cs & 3)
		trap_user_exception(tf);
	trap_report(tf, rcr2());
	panic("trap: unexpected %s (vector %lu) at rip %s",
	    vec < 32 ? exception_names[vec] : "interrupt", vec,
	    ksym_format(tf->tf_rip));
}

void
trap(struct trapframe *tf)
{
	trap_dispatch(tf);
	if (tf->tf_cs & 3)
		proc_userret();		/* killed meanwhile? */
}

/*
 * syscall: the C half of syscall_entry.  Linux's x86_64 convention: the
 * number in %rax, arguments in %rdi, %rsi, %rdx, %r10, %r8, %r9 (%rcx is
 * taken by the return address), the result back in %rax.
 */
void
syscall(struct trapframe *tf)
{
	struct syscall_args a = {
		.nr = (long)tf->tf_rax,
		.arg = { (long)tf->tf_rdi, (long)tf->tf_rsi, (long)tf->tf_rdx,
		    (long)tf->tf_r10, (long)tf->tf_r8, (long)tf->tf_r9 },
	};

	intr_enable();
	tf->tf_rax = (uint64_t)syscall_dispatch(&a);
	sched_preempt();
	proc_userret();
	intr_disable();
}
