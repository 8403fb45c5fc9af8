/*
 * ksyms.h: the kernel's own symbol table, for backtraces.
 * The table is generated at link time (tools/ksyms.sh).
 */
#ifndef _KERNEL_KSYMS_H_
#define _KERNEL_KSYMS_H_

#include "kernel/types.h"

/*
 * ksym_lookup: the function containing addr: its name and the offset of addr
 * in it; NULL if addr is outside every function.
 */
const char *ksym_lookup(vm_offset_t addr, vm_offset_t *offset);

/* "0xffffffff80201234 <vm_fault+0x12>", in a static buffer. */
const char *ksym_format(vm_offset_t addr);

#endif /* !_KERNEL_KSYMS_H_ */
