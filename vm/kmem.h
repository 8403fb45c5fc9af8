/*
 * kmem.h: the kernel object allocator.
 *
 * Two faces over one mechanism:
 *  - zones: kmem_zone_create("proc", sizeof(struct proc)) makes a pool of
 *    same-sized objects; kmem_zone_alloc()/kmem_zone_free() take and give
 *    them.  Use a zone for a structure allocated often.
 *  - kmalloc(size, flags)/kfree(ptr) for everything else: sizes up to 2 KiB
 *    come from built-in power-of-two zones, bigger ones are whole folios.
 * Neither ever sleeps; both return NULL when memory is short.
 */
#ifndef _VM_KMEM_H_
#define _VM_KMEM_H_

#include "kernel/types.h"

struct kmem_zone;

/* Allocation flags. */
#define KM_ZERO		0x1	/* zero-fill the object */

void	kmem_init(void);

/* A new zone of size-byte objects (NULL if out of memory). */
struct kmem_zone *kmem_zone_create(const char *name, size_t size);
/* Destroy an empty zone (every object given back). */
void	kmem_zone_destroy(struct kmem_zone *zone);
void	*kmem_zone_alloc(struct kmem_zone *zone, int flags);
void	kmem_zone_free(struct kmem_zone *zone, void *obj);

/* Objects in use and slabs held by a zone, for tests and /proc. */
size_t	kmem_zone_used(const struct kmem_zone *zone);
size_t	kmem_zone_slabs(const struct kmem_zone *zone);

void	*kmalloc(size_t size, int flags);
void	kfree(void *ptr);

#endif /* !_VM_KMEM_H_ */
