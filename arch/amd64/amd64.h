/*
 * amd64.h: what the amd64 machine-dependent files share among themselves.
 * Nothing outside arch/amd64 and boot/amd64 includes it.
 */
#ifndef _ARCH_AMD64_AMD64_H_
#define _ARCH_AMD64_AMD64_H_

/* Segment selectors of the GDT in machdep.c. */
#define GSEL_KCODE	0x08
#define GSEL_KDATA	0x10
#define GSEL_UCODE32	0x18
#define GSEL_UDATA	0x20
#define GSEL_UCODE	0x28
#define GSEL_TSS	0x30

/* Interrupt vectors beyond the 32 exceptions. */
#define IDT_TIMER	0x20	/* the local APIC timer */
#define IDT_MSI_BASE	0x30	/* device MSI-X vectors (intr.c) ... */
#define IDT_MSI_COUNT	64	/* ... 0x30-0x6f */
#define IDT_PIC_BASE	0xe0	/* the (masked) 8259 PICs, 16 vectors */
#define IDT_SPURIOUS	0xff	/* the local APIC's spurious vector */
#define T_SYSCALL	0x100	/* not a vector: marks a system call's frame */

#ifndef __ASSEMBLY__
#include "kernel/bootinfo.h"
#include "kernel/types.h"

/*
 * The registers of an interrupted context, as exception.S saves them on the
 * kernel stack: the general registers, the vector and error code, then
 * what the CPU itself pushed.
 */
struct trapframe {
	uint64_t	tf_rax, tf_rbx, tf_rcx, tf_rdx;
	uint64_t	tf_rsi, tf_rdi, tf_rbp;
	uint64_t	tf_r8, tf_r9, tf_r10, tf_r11;
	uint64_t	tf_r12, tf_r13, tf_r14, tf_r15;
	uint64_t	tf_trapno;
	uint64_t	tf_err;		/* the CPU's error code, or 0 */
	/* pushed by the CPU */
	uint64_t	tf_rip, tf_cs, tf_rflags, tf_rsp, tf_ss;
};

void	uart_init(void);
void	multiboot2_parse(uint32_t magic, vm_paddr_t mbi, struct bootinfo *bi);
void	gdt_init(void);
void	idt_init(void);
void	trap(struct trapframe *tf);
void	lapic_init(void);
void	lapic_eoi(void);
unsigned lapic_id(void);
void	lapic_self_ipi(unsigned vector);
void	intr_msi_dispatch(unsigned vector);
void	amd64_init(uint32_t magic, vm_paddr_t mbi);

void	syscall(struct trapframe *tf);
void	syscall_entry(void);

/* The recovery address of machine_probe_*(), 0 when none runs. */
extern vm_offset_t probe_onfault;
/* The running thread's kernel stack top, for syscall_entry. */
extern uint64_t syscall_kstack;
#endif /* !__ASSEMBLY__ */

#endif /* !_ARCH_AMD64_AMD64_H_ */
