/*
 * trap.c: in-kernel tests of traps, the clock and the kernel's own page
 * protections, written against machine-independent interfaces only.
 */
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/machdep.h"
#include "vm/pmap.h"
#include "vm/vm_fault.h"

extern char kernel_start[], etext[], erodata[], kernel_end[];

/* Never mapped: the last page of the address space. */
#define UNMAPPED_VA	0xfffffffffffff000UL

static uint64_t test_word = 0x1234567890abcdefULL;

/* A fault the kernel expects goes through vm_fault() and is recovered. */
KTEST(trap_fault_reaches_vm_fault)
{
	uint64_t before = vm_fault_count, v = 0;

	KT_EQ(machine_probe_read((void *)UNMAPPED_VA, &v), -EFAULT);
	KT_EQ(vm_fault_count, before + 1);
	KT_EQ(machine_probe_write((void *)UNMAPPED_VA, 1), -EFAULT);
	KT_EQ(vm_fault_count, before + 2);
}

KTEST(trap_probe_mapped)
{
	uint64_t v = 0;

	KT_EQ(machine_probe_read(&test_word, &v), 0);
	KT_EQ(v, 0x1234567890abcdefULL);
	KT_EQ(machine_probe_write(&test_word, 42), 0);
	KT_EQ(test_word, 42);
}

/* Kernel text and rodata are read-only, even to the kernel (CR0.WP). */
KTEST(trap_kernel_text_readonly)
{
	uint64_t v;

	KT_EQ(machine_probe_read(kernel_start, &v), 0);
	KT_EQ(machine_probe_write(kernel_start + 64, v), -EFAULT);
	KT_EQ(machine_probe_write(etext, 0), -EFAULT);	/* rodata */
	KT_EQ(machine_probe_write((void *)((vm_offset_t)erodata - 8), 0),
	    -EFAULT);
}

/* The kernel image's rights as the page table holds them. */
KTEST(trap_kernel_image_rights)
{
	struct pmap_leaf leaf;

	KT_EQ(pmap_lookup(kernel_pmap, (vm_offset_t)kernel_start, &leaf),
	    PMAP_LEAF_PTE);
	KT_EQ(leaf.prot, VM_PROT_READ | VM_PROT_EXECUTE);
	KT_EQ(pmap_lookup(kernel_pmap, (vm_offset_t)etext, &leaf),
	    PMAP_LEAF_PTE);
	KT_EQ(leaf.prot, VM_PROT_READ);
	KT_EQ(pmap_lookup(kernel_pmap, (vm_offset_t)&test_word, &leaf),
	    PMAP_LEAF_PTE);
	KT_EQ(leaf.prot, VM_PROT_READ | VM_PROT_WRITE);
	KT_EQ(pmap_lookup(kernel_pmap, (vm_offset_t)kernel_end - 1,
	    &leaf),
	    PMAP_LEAF_PTE);
	KT_EQ(leaf.prot, VM_PROT_READ | VM_PROT_WRITE);
}

/* The direct map is read-write and never executable. */
KTEST(trap_direct_map_rights)
{
	struct pmap_leaf leaf;
	vm_paddr_t pa = 0;

	KT_ASSERT(pmap_extract(kernel_pmap, (vm_offset_t)&test_word, &pa));
	KT_ASSERT(pmap_lookup(kernel_pmap, PHYS_TO_DMAP(pa), &leaf) !=
	    PMAP_LEAF_NONE);
	KT_EQ(leaf.prot, VM_PROT_READ | VM_PROT_WRITE);
	KT_EQ(*(uint64_t *)PHYS_TO_DMAP(pa), test_word);
}

/* The timer ticks: a few ticks arrive within a bounded wait. */
KTEST(clock_ticks)
{
	uint64_t start = ticks;

	for (int i = 0; i < 1000 && ticks < start + 3; i++)
		machine_idle();
	KT_ASSERT(ticks >= start + 3);
}
