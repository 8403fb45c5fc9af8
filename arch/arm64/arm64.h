/*
 * arm64.h: what the arm64 machine-dependent files share among themselves.
 * Nothing outside arch/arm64 and boot/arm64 includes it.
 */
#ifndef _ARCH_ARM64_ARM64_H_
#define _ARCH_ARM64_ARM64_H_

#include "kernel/bootinfo.h"
#include "kernel/types.h"

/*
 * The registers of an interrupted context, as exception.S saves them.
 * Its offsets (TF_*) must match.
 */
struct trapframe {
	uint64_t	tf_x[31];	/* x0 - x30 (x30 is the link register) */
	uint64_t	tf_sp;		/* the stack pointer at the trap */
	uint64_t	tf_elr;		/* where to return: the faulting pc */
	uint64_t	tf_spsr;	/* the saved processor state */
	uint64_t	tf_esr;		/* exception syndrome */
	uint64_t	tf_far;		/* faulting address */
	uint64_t	tf_kind;	/* vector entry, 0-15 */
	uint64_t	tf_pad;
};

/* ESR_EL1 exception classes. */
#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define EC_UNKNOWN		0x00
#define EC_SVC64		0x15
#define EC_IABT_LOWER		0x20
#define EC_IABT_CUR		0x21
#define EC_PC_ALIGN		0x22
#define EC_DABT_LOWER		0x24
#define EC_DABT_CUR		0x25
#define EC_SP_ALIGN		0x26
#define EC_BRK			0x3c
#define ESR_WNR			(1UL << 6)	/* data abort: a write */
#define ESR_FSC(esr)		((esr) & 0x3f)	/* fault status code */
#define FSC_TYPE(fsc)		((fsc) & 0x3c)
#define FSC_TRANSLATION		0x04
#define FSC_ACCESS_FLAG		0x08
#define FSC_PERMISSION		0x0c

void	uart_init(vm_paddr_t base);
void	fdt_parse_bootinfo(vm_paddr_t dtb, struct bootinfo *bi);
void	gic_init(vm_paddr_t dist, vm_paddr_t cpu);
void	gic_enable_irq(unsigned irq);
void	gic_disable_irq(unsigned irq);
void	gic_config_spi(unsigned irq, bool level);
void	gic_set_pending(unsigned irq);
unsigned gic_nirqs(void);
unsigned gic_ack(void);
void	gic_eoi(unsigned irq);
void	timer_intr(void);
void	intr_dispatch(unsigned irq);
void	trap(struct trapframe *tf, uint64_t kind);
void	arm64_init(vm_paddr_t dtb, vm_paddr_t kernel_pa);

/* The timer's interrupt ID, from the device tree. */
extern unsigned timer_irq;
/* The GIC's registers, from the device tree. */
extern vm_paddr_t gic_dist_pa, gic_cpu_pa;

/* The virtio-mmio slots the device tree lists (fdt_bootinfo.c). */
#define VIRTIO_MMIO_MAX	32
struct mmio_slot {
	vm_paddr_t	base;
	size_t		size;
	unsigned	irq;
};
extern struct mmio_slot virtio_mmio_slots[VIRTIO_MMIO_MAX];
extern int virtio_mmio_nslots;
void	fdt_print_devices(void);

/* The recovery address of machine_probe_*(), 0 when none runs. */
extern vm_offset_t probe_onfault;

#endif /* !_ARCH_ARM64_ARM64_H_ */
