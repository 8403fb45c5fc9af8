/*
 * machdep.c (arm64): machine start-up and the small services of
 * kernel/machdep.h.
 *
 * arm64_init() is the first C code: entry.S calls it at the higher half on
 * the boot stack, with the device tree's physical address and where the
 * kernel was loaded.  It reads the device tree into a machine-independent
 * bootinfo (fdt_bootinfo.c) and hands over to kmain().
 */
#include "arch/arm64/arm64.h"
#include "kernel/elf.h"
#include "kernel/exec.h"
#include "kernel/ksyms.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "machine/pcb.h"
#include "machine/pmap.h"
#include "machine/vmparam.h"

/* PSCI function IDs (Arm DEN 0022), called with hvc on QEMU virt. */
#define PSCI_SYSTEM_OFF		0x84000008

/* Arm semihosting: SYS_EXIT with a reason and a status (QEMU -semihosting). */
#define SEMIHOSTING_SYS_EXIT	0x18
#define ADP_STOPPED_APP_EXIT	0x20026

extern char kernel_start[], kernel_end[];

/* switch.S knows these offsets. */
CTASSERT(offsetof(struct pcb, pcb_sp) == 96);
CTASSERT(offsetof(struct pcb, pcb_fpcr) == 104);
CTASSERT(offsetof(struct pcb, pcb_q) == 128);

static struct bootinfo bootinfo;
const uint16_t machine_elf_type = EM_AARCH64;
const char machine_uname[] = "aarch64";
vm_paddr_t pmap_ram_start;

/* CPACR_EL1.FPEN: FP/SIMD instructions do not trap, at EL0 or EL1. */
#define CPACR_FPEN_ALL		(3UL << 20)

void
arm64_init(vm_paddr_t dtb, vm_paddr_t kernel_pa)
{
	/* User code uses FP/SIMD: every varargs call saves q0-q7. */
	WRITE_SPECIALREG(cpacr_el1, CPACR_FPEN_ALL);
	isb();
	bootinfo.kernel.start = kernel_pa;
	bootinfo.kernel.end = kernel_pa + (kernel_end - kernel_start);
	fdt_parse_bootinfo(dtb, &bootinfo);
	pmap_ram_start = ~(vm_paddr_t)0;
	for (int i = 0; i < bootinfo.nmem; i++)
		pmap_ram_start = MIN(pmap_ram_start, bootinfo.mem[i].start);
	kmain(&bootinfo);
}

/* The first switch to a new thread returns into entry on a fresh stack. */
void
cpu_thread_setup(struct pcb *pcb, void *stack_top, void (*entry)(void))
{
	memset(pcb, 0, sizeof(*pcb));
	pcb->pcb_lr = (uint64_t)entry;
	pcb->pcb_sp = rounddown2((vm_offset_t)stack_top, 16);
	pcb->pcb_fp = 0;		/* ends backtraces */
}

/*
 * The frame a new user thread leaves the kernel through: EL0 with
 * interrupts unmasked (SPSR 0: EL0t, DAIF clear), at pc, on sp.  It sits
 * where a trap from user mode puts its frame, so that after the eret the
 * kernel stack is empty again (exception.S).
 */
/*
 * TPIDR_EL0 is the arm64 thread pointer; user code writes it itself, so it
 * is saved from the register when a thread leaves the CPU.
 */
void
cpu_tls_switch(struct pcb *old, struct pcb *new)
{
	old->pcb_tpidr = READ_SPECIALREG(tpidr_el0);
	WRITE_SPECIALREG(tpidr_el0, new->pcb_tpidr);
}

void
cpu_tls_fork(struct pcb *child)
{
	child->pcb_tpidr = READ_SPECIALREG(tpidr_el0);
}

void
cpu_tls_reset(struct pcb *pcb)
{
	pcb->pcb_tpidr = 0;
	WRITE_SPECIALREG(tpidr_el0, 0);
}

size_t
cpu_frame_size(void)
{
	return sizeof(struct trapframe);
}

void
cpu_set_retval(struct trapframe *tf, long value)
{
	tf->tf_x[0] = (uint64_t)value;
}

struct trapframe *
cpu_user_frame(void *kstack_top, vm_offset_t pc, vm_offset_t sp)
{
	struct trapframe *tf = (struct trapframe *)kstack_top - 1;

	memset(tf, 0, sizeof(*tf));
	tf->tf_elr = pc;
	tf->tf_sp = sp;
	tf->tf_spsr = 0;
	tf->tf_kind = 8;		/* as if trapped from EL0 */
	return tf;
}

/*
 * Nothing to do on arm64: a trap from EL0 starts on SP_EL1, which is where
 * the thread's own kernel stack pointer was when it last left for EL0.
 */
void
cpu_set_kstack(void *kstack_top)
{
}

/*
 * Leave QEMU with a status: semihosting's SYS_EXIT takes any status, and
 * (v << 1) | 1 makes it the same number isa-debug-exit gives on amd64.
 * Without semihosting the hlt is an undefined instruction... so only the
 * test and run scripts' QEMU, which always enables it, gets here; PSCI
 * SYSTEM_OFF (exit status 0) is the fallback on anything else.
 */
void
machine_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APP_EXIT, ((uint64_t)status << 1) | 1 };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)block;

	intr_disable();
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	x0 = PSCI_SYSTEM_OFF;
	__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
	for (;;)
		halt();
}

void
machine_print_devices(void)
{
	fdt_print_devices();
}

void
machine_idle(void)
{
	__asm__ volatile("msr daifclr, #2; wfi" : : : "memory");
}

/* The CPU's name, from MIDR_EL1 (implementer and part number). */
const char *
machine_cpu_model(void)
{
	static const struct {
		uint32_t	part;
		const char	*name;
	} arm_parts[] = {
		{ 0xd03, "Cortex-A53" }, { 0xd07, "Cortex-A57" },
		{ 0xd08, "Cortex-A72" }, { 0xd0b, "Cortex-A76" },
		{ 0xd0c, "Neoverse-N1" }, { 0x000, "QEMU max" },
	};
	static char buf[64];
	uint64_t midr = READ_SPECIALREG(midr_el1);
	uint32_t implementer = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
	const char *name = "unknown";

	for (size_t i = 0; i < nitems(arm_parts); i++)
		if (arm_parts[i].part == part)
			name = arm_parts[i].name;
	snprintf(buf, sizeof(buf), "%s (MIDR 0x%lx, implementer 0x%x, "
	    "part 0x%x)", implementer == 0x41 ? name : "unknown", midr,
	    implementer, part);
	return buf;
}
