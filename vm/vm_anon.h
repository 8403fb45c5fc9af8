/*
 * vm_anon.h: anonymous pages and their references (see vm_anon.c).
 */
#ifndef _VM_VM_ANON_H_
#define _VM_VM_ANON_H_

#include "vm/vm.h"

/* One more leaf maps the page at pa. */
void	vm_anon_page_ref(vm_paddr_t pa);
/* One leaf less maps the page at pa; the last one frees it. */
void	vm_anon_page_unref(vm_paddr_t pa);

#endif /* !_VM_VM_ANON_H_ */
