/*
 * bootinfo.h: what the boot loader told us, in a machine-independent form.
 *
 * The machine-dependent start-up code (multiboot2 on amd64, the device tree
 * on arm64) fills one struct bootinfo and hands it to kmain().
 */
#ifndef _KERNEL_BOOTINFO_H_
#define _KERNEL_BOOTINFO_H_

#include "kernel/types.h"

#define BOOTINFO_MAX_REGIONS	32
#define BOOTINFO_CMDLINE_LEN	256

/* A range of physical addresses, [start, end). */
struct phys_region {
	vm_paddr_t	start;
	vm_paddr_t	end;
};

struct bootinfo {
	char		cmdline[BOOTINFO_CMDLINE_LEN];
	/* Usable RAM, as the firmware reports it, sorted, not merged. */
	struct phys_region mem[BOOTINFO_MAX_REGIONS];
	int		nmem;
	/* RAM that holds something already: the kernel, modules, boot data. */
	struct phys_region reserved[BOOTINFO_MAX_REGIONS];
	int		nreserved;
	/* The kernel image in physical memory (text to the end of bss). */
	struct phys_region kernel;
	/* The initramfs, if the loader gave one (start == end: none). */
	struct phys_region initrd;
	bool		have_memory_map;
};

void	bootinfo_add_mem(struct bootinfo *bi, vm_paddr_t start, vm_paddr_t end);
void	bootinfo_add_reserved(struct bootinfo *bi, vm_paddr_t start,
	    vm_paddr_t end);

/* The machine-independent kernel's entry point, called once at boot. */
void	kmain(struct bootinfo *bi) __noreturn;

#endif /* !_KERNEL_BOOTINFO_H_ */
