/*
 * vmparam.h (host shim): the machine constants the host-built VM files need.
 *
 * The page geometry is amd64's and arm64's (4 KiB pages, 2 MiB PMDs).  The
 * "direct map" is a host buffer that stands in for physical memory: the
 * frame at fake physical address pa lives at host_dmap_base + pa.  Only the
 * kmem tests set it up; the buddy tests never touch frames.
 */
#ifndef _MACHINE_VMPARAM_H_
#define _MACHINE_VMPARAM_H_

#include <stdint.h>

#define MACHINE_ARCH		"host"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(PAGE_SIZE - 1)

#define PMD_SHIFT		21
#define PMD_SIZE		(1UL << PMD_SHIFT)
#define PMD_MASK		(PMD_SIZE - 1)
#define PMD_ORDER		(PMD_SHIFT - PAGE_SHIFT)

/* Where fake physical address 0 is in the host's memory (tests/host). */
extern uintptr_t host_dmap_base;

#define PHYS_TO_DMAP(pa)	((uintptr_t)(pa) + host_dmap_base)
#define DMAP_TO_PHYS(va)	((uint64_t)((uintptr_t)(va) - host_dmap_base))

#endif /* !_MACHINE_VMPARAM_H_ */
