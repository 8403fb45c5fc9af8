/*
 * vm_fault.c: the page-fault handler.
 *
 * Every architecture's trap handler sends page faults here.  There is no
 * user address space yet, and the kernel's own memory is always mapped, so
 * today every fault is an error: it is counted and refused.  Demand paging,
 * copy-on-write and swap-in will dispatch from here on the kind of leaf
 * found at the faulting address.
 */
#include "vm/vm_fault.h"
#include "kernel/errno.h"

uint64_t vm_fault_count;

int
vm_fault(vm_offset_t va, vm_prot_t access, int flags)
{
	vm_fault_count++;
	return -EFAULT;
}
