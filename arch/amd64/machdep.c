/*
 * machdep.c (amd64): machine start-up and the small services of
 * kernel/machdep.h.
 *
 * amd64_init() is the first C code: entry.S calls it on the boot stack with
 * the boot page table.  It brings up the console, reads the multiboot2
 * information, loads our GDT, TSS and IDT, and hands over to the
 * machine-independent kmain().
 */
#include "arch/amd64/amd64.h"
#include "kernel/elf.h"
#include "kernel/exec.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/ksyms.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "machine/pcb.h"
#include "machine/vmparam.h"

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4). */
#define DEBUG_EXIT_PORT	0xf4

extern char kernel_start[], kernel_end[];

/* switch.S knows these offsets. */
CTASSERT(offsetof(struct pcb, pcb_fpu) == 0);
CTASSERT(offsetof(struct pcb, pcb_rsp) == 512);

static struct bootinfo bootinfo;
const uint16_t machine_elf_type = EM_X86_64;
const char machine_uname[] = "x86_64";

/*
 * The task state segment: in 64-bit mode it only holds stacks.  rsp0 is the
 * stack the CPU switches to on a trap from user mode; ist[0] (IST1) is a
 * separate stack for double faults, so that a kernel stack overflow still
 * gets reported instead of resetting the machine.
 */
struct tss {
	uint32_t	reserved0;
	uint64_t	rsp[3];
	uint64_t	reserved1;
	uint64_t	ist[7];
	uint64_t	reserved2;
	uint16_t	reserved3;
	uint16_t	iomap_base;
} __packed;

static struct tss tss;
static uint8_t double_fault_stack[8192] __aligned(16);

/*
 * The GDT.  Long mode ignores base and limit of code and data segments;
 * what matters is the type, the DPL and the L bit (64-bit code).  The TSS
 * descriptor takes two slots.
 */
static uint64_t gdt[8] __aligned(16) = {
	0,
	0x00209a0000000000,	/* 0x08 kernel code: P, DPL 0, L */
	0x0000920000000000,	/* 0x10 kernel data: P, DPL 0, writable */
	0x00cffa000000ffff,	/* 0x18 user code, 32-bit (for sysret) */
	0x0000f20000000000,	/* 0x20 user data: P, DPL 3 */
	0x0020fa0000000000,	/* 0x28 user code: P, DPL 3, L */
	0, 0,			/* 0x30 TSS, filled by gdt_init() */
};

struct desc_ptr {
	uint16_t	limit;
	uint64_t	base;
} __packed;

static void
tss_descriptor(uint64_t *slot, const struct tss *t)
{
	uint64_t base = (uint64_t)t, limit = sizeof(*t) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	    (0x89ULL << 40) |		/* P, type 9: available 64-bit TSS */
	    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

void
gdt_init(void)
{
	struct desc_ptr gp = { sizeof(gdt) - 1, (uint64_t)gdt };

	tss.ist[0] = (uint64_t)(double_fault_stack + sizeof(double_fault_stack));
	tss.iomap_base = sizeof(tss);
	tss_descriptor(&gdt[GSEL_TSS / 8], &tss);
	__asm__ volatile(
	    "lgdt %0\n\t"
	    "pushq %1\n\t"
	    "leaq 1f(%%rip), %%rax\n\t"
	    "pushq %%rax\n\t"
	    "lretq\n"
	    "1:\n\t"
	    "movw %w2, %%ds\n\t"
	    "movw %w2, %%es\n\t"
	    "movw %w2, %%ss\n\t"
	    "ltr %w3"
	    : : "m"(gp), "i"(GSEL_KCODE), "r"(GSEL_KDATA), "r"(GSEL_TSS)
	    : "rax", "memory");
}

#define CR0_MP		(1 << 1)
#define CR0_EM		(1 << 2)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)

/*
 * User programs use SSE (the x86_64 ABI passes floating point in xmm
 * registers): turn on FXSAVE/FXRSTOR and SSE exceptions, and make sure x87
 * instructions run instead of trapping (CR0.EM off).
 */
static void
fpu_init(void)
{
	load_cr0((rcr0() & ~CR0_EM) | CR0_MP);
	load_cr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

/* MSRs of the syscall instruction. */
#define MSR_EFER	0xc0000080
#define EFER_SCE	(1 << 0)	/* syscall/sysret enabled */
#define MSR_STAR	0xc0000081	/* segment selectors */
#define MSR_LSTAR	0xc0000082	/* the 64-bit entry point */
#define MSR_SFMASK	0xc0000084	/* rflags bits cleared at entry */
#define SFMASK_BITS	0x47700		/* TF, IF, DF, NT, AC */

/*
 * The syscall instruction jumps to MSR_LSTAR in ring 0 with CS from
 * STAR[47:32]; sysret (which we do not use: see syscall_entry) would take
 * the user selectors from STAR[63:48].
 */
static void
syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)GSEL_UCODE32 << 48) |
	    ((uint64_t)GSEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, SFMASK_BITS);
}

void
cpu_set_kstack(void *kstack_top)
{
	tss.rsp[0] = (uint64_t)kstack_top;
	syscall_kstack = (uint64_t)kstack_top;
}

#define MSR_FS_BASE	0xc0000100

/*
 * The %fs base is the x86_64 thread pointer: the C libraries set it with
 * arch_prctl(ARCH_SET_FS) before anything else.  It lives in an MSR, so
 * each thread keeps its own copy in its pcb.
 */
void
cpu_tls_switch(struct pcb *old, struct pcb *new)
{
	if (old->pcb_fsbase != new->pcb_fsbase)
		wrmsr(MSR_FS_BASE, new->pcb_fsbase);
}

void
cpu_tls_fork(struct pcb *child)
{
	child->pcb_fsbase = rdmsr(MSR_FS_BASE);
}

void
cpu_tls_reset(struct pcb *pcb)
{
	pcb->pcb_fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
}

/* arch_prctl(code, addr): the thread pointer (Linux's codes). */
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

long
sys_arch_prctl(const struct syscall_args *a)
{
	struct pcb *pcb = &curproc->p_pcb;
	uint64_t addr = (uint64_t)a->arg[1];

	switch (a->arg[0]) {
	case ARCH_SET_FS:
		if (addr >= VM_MAX_USER_ADDRESS)
			return -EPERM;
		pcb->pcb_fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copyout(&pcb->pcb_fsbase, (void *)addr, sizeof(addr));
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EINVAL;		/* %gs is the kernel's (later: swapgs) */
	default:
		return -EINVAL;
	}
}

size_t
cpu_frame_size(void)
{
	return sizeof(struct trapframe);
}

void
cpu_set_retval(struct trapframe *tf, long value)
{
	tf->tf_rax = (uint64_t)value;
}

struct trapframe *
cpu_user_frame(void *kstack_top, vm_offset_t pc, vm_offset_t sp)
{
	struct trapframe *tf = (struct trapframe *)kstack_top - 1;

	memset(tf, 0, sizeof(*tf));
	tf->tf_rip = pc;
	tf->tf_cs = GSEL_UCODE | 3;
	tf->tf_rflags = PSL_I | 0x2;	/* bit 1 is always set */
	tf->tf_rsp = sp;
	tf->tf_ss = GSEL_UDATA | 3;
	return tf;
}

void
amd64_init(uint32_t magic, vm_paddr_t mbi)
{
	uart_init();
	gdt_init();
	idt_init();
	syscall_init();
	fpu_init();
	bootinfo.kernel.start = (vm_offset_t)kernel_start - KERNBASE;
	bootinfo.kernel.end = (vm_offset_t)kernel_end - KERNBASE;
	multiboot2_parse(magic, mbi, &bootinfo);
	kmain(&bootinfo);
}

/*
 * The first switch to a new thread pops six zeroed callee-saved registers
 * (rbp = 0 ends backtraces) and returns into entry, with the stack as
 * just after a call: a zero return address above, rsp + 8 16-aligned.
 */
void
cpu_thread_setup(struct pcb *pcb, void *stack_top, void (*entry)(void))
{
	uint64_t *sp = (uint64_t *)rounddown2((vm_offset_t)stack_top, 16);

	*--sp = 0;			/* entry's own return address */
	*--sp = (uint64_t)entry;	/* where cpu_switch() returns */
	for (int i = 0; i < 6; i++)
		*--sp = 0;		/* rbp, rbx, r12 - r15 */
	pcb->pcb_rsp = (uint64_t)sp;
	/* The x87 and SSE state of a fresh process, as after FNINIT. */
	memset(pcb->pcb_fpu, 0, sizeof(pcb->pcb_fpu));
	*(uint16_t *)&pcb->pcb_fpu[0] = 0x037f;		/* FCW */
	*(uint32_t *)&pcb->pcb_fpu[24] = 0x1f80;	/* MXCSR */
}


void
machine_exit(int status)
{
	intr_disable();
	outb(DEBUG_EXIT_PORT, (uint8_t)status);
	/* No debug-exit device: this is a real machine, or `make gdb`. */
	for (;;)
		halt();
}

void
machine_print_devices(void)
{
	printf("devices: 16550 UART 0x3f8, local APIC, isa-debug-exit 0xf4, "
	    "initramfs %s\n", bootinfo.initrd.end > bootinfo.initrd.start ?
	    "given" : "none");
}

void
machine_idle(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

const char *
machine_cpu_model(void)
{
	static char brand[49];
	uint32_t r[4];

	cpuid(0x80000000, 0, r);
	if (r[0] < 0x80000004)
		return "unknown amd64 CPU";
	for (uint32_t leaf = 0; leaf < 3; leaf++) {
		cpuid(0x80000002 + leaf, 0, r);
		memcpy(brand + leaf * 16, r, 16);
	}
	brand[48] = '\0';
	return brand;
}
