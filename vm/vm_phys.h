/*
 * vm_phys.h: the buddy allocator of physical frames.
 *
 * It only does bookkeeping on struct vm_page entries: it never touches the
 * frames themselves, which is why it can be compiled and tested on the host
 * (tests/host/).  vm_page.c wraps it for the kernel.
 */
#ifndef _VM_VM_PHYS_H_
#define _VM_VM_PHYS_H_

#include "vm/vm_page.h"

/* Start with an empty allocator over pages[0 .. npages). */
void	vm_phys_init(struct vm_page *pages, size_t npages);

/* Hand the free frames [start, end) (page aligned) to the allocator. */
void	vm_phys_add_range(vm_paddr_t start, vm_paddr_t end);

/* Take a free block of 2^order frames (head page), or NULL. */
struct vm_page *vm_phys_alloc(int order);

/* Give back a block of 2^order frames; merges it with free buddies. */
void	vm_phys_free(struct vm_page *m, int order);

/* Free frames in all; free blocks of one order. */
size_t	vm_phys_free_count(void);
size_t	vm_phys_free_blocks(int order);

#endif /* !_VM_VM_PHYS_H_ */
