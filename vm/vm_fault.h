/*
 * vm_fault.h: the page-fault handler's entry point.
 */
#ifndef _VM_VM_FAULT_H_
#define _VM_VM_FAULT_H_

#include "vm/vm.h"

/* vm_fault() flags, from the machine's description of the fault. */
#define VM_FAULT_USER		0x1	/* the access came from user mode */
#define VM_FAULT_PROTECTION	0x2	/* a present leaf forbade the access */

/*
 * vm_fault: resolve a fault on va for an access of type access (one of
 * VM_PROT_READ, VM_PROT_WRITE, VM_PROT_EXECUTE).  0 if the access can be
 * retried; -EFAULT if it is an error (the trap handler then signals the
 * process, or, in the kernel, recovers through a probe or panics); -EIO
 * if the page could not be read from swap (SIGBUS); -EINTR if the thread
 * is being killed meanwhile (it dies on its way back to user mode).
 * Sleeps (for I/O and for memory): call it with no spin lock held.
 */
int	vm_fault(vm_offset_t va, vm_prot_t access, int flags);

struct vm_map;

/*
 * vm_fault_map: resolve a fault at va in map as if the owner had made it:
 * 0, -EFAULT (no right), -EIO, -EINTR.  exec uses it to fill a new
 * address space that is not the current one.  Sleeps.
 */
int	vm_fault_map(struct vm_map *map, vm_offset_t va, vm_prot_t access);

/*
 * The fault counters are in vm/vm_stats.h (pgfault, pagoda_zero_fill,
 * pagoda_cow_copy, pagoda_cow_reuse); this is pgfault's old name.
 */
#include "vm/vm_stats.h"
#define vm_fault_count	vm_stat_read(VM_STAT_PGFAULT)

#endif /* !_VM_VM_FAULT_H_ */
