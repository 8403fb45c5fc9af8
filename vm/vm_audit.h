/*
 * vm_audit.h: the VM's books checked against the things they count
 * (vm/vm_audit.c), for the tests: /proc/vmaudit runs it, and the test
 * harnesses read that file after every test.
 */
#ifndef _VM_VM_AUDIT_H_
#define _VM_VM_AUDIT_H_

#include "kernel/types.h"

/*
 * vm_audit: check, and describe in buf (NUL-terminated, cut at size):
 *  - every swap slot's count against the swap leaves that name it in
 *    every process, and every cached slot against its folio; a folio
 *    that only the cache holds while no leaf needs it is a leak;
 *  - each swap table's own invariants (swap_table_audit(): KASSERTs);
 *  - the anonymous pages and the LRU queues against their counters, and
 *    the free blocks of the page allocator against its free count.
 * The first line is "ok" or "FAIL: N problems", a line for each problem
 * follows (the first few), then one line of totals.  Returns the number
 * of problems.  The answer is exact only while nothing else changes the
 * VM (between tests); with one CPU the walk itself runs with interrupts
 * off.  Sleeps (allocates); no lock held.
 */
int	vm_audit(char *buf, size_t size);

#endif /* !_VM_VM_AUDIT_H_ */
