/*
 * kmem.c: the kernel object allocator, a slab allocator on the buddy
 * allocator.
 *
 * A zone hands out objects of one size.  It carves them from *slabs*: one
 * folio of 2^order pages that starts with a struct kmem_slab header and is
 * followed by the objects.  A slab's free objects form a list threaded
 * through their first word.  The zone keeps its slabs on two lists:
 *
 *   partial: slabs with at least one free object (allocation takes from
 *            the first one);
 *   full:    slabs with none.
 *
 * A slab whose last object is freed goes straight back to the buddy
 * allocator: the zone caches no empty slabs, so memory returns to the
 * system at once and a leak check (free pages before and after) is exact.
 * Every page of a slab points back at its header (vm_page.slab), which is
 * how kfree() finds the zone of any pointer.
 *
 * Debug builds fill freed objects with junk (0x6b, as a use-after-free
 * tripwire) and check on free that the pointer is an object of that slab.
 */
#include "vm/kmem.h"
#include "vm/vm_page.h"
#include "kernel/list.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

#define KMEM_ALIGN	16
#define KMEM_MAX_SMALL	2048		/* bigger kmalloc()s are folios */
#define KMEM_MIN_OBJS	8		/* a slab holds at least this many */
#define KMEM_JUNK	0x6b

struct kmem_zone {
	const char	*name;		/* (c) */
	size_t		size;		/* (c) object size, KMEM_ALIGN multiple */
	int		slab_order;	/* (c) folio order of each slab */
	unsigned	per_slab;	/* (c) objects per slab */
	struct spinlock	lock;
	struct list_node partial;	/* (z) slabs with free objects */
	struct list_node full;		/* (z) slabs without */
	size_t		used;		/* (z) objects handed out */
	size_t		slabs;		/* (z) slabs held */
};

struct kmem_slab {
	struct list_node link;		/* (z) on partial or full */
	struct kmem_zone *zone;		/* (c) */
	struct vm_page	*page;		/* (c) head of the slab's folio */
	void		*free;		/* (z) first free object */
	unsigned	used;		/* (z) objects handed out */
};

#define SLAB_HEADER	roundup2(sizeof(struct kmem_slab), KMEM_ALIGN)

static struct kmem_zone kmalloc_zones[8];	/* 16, 32, ..., 2048 bytes */
static const char *kmalloc_names[8] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};
static struct kmem_zone zone_of_zones;

static void
zone_init(struct kmem_zone *zone, const char *name, size_t size)
{
	zone->name = name;
	zone->size = roundup2(MAX(size, sizeof(void *)), KMEM_ALIGN);
	zone->slab_order = 0;
	while (((PAGE_SIZE << zone->slab_order) - SLAB_HEADER) / zone->size <
	    KMEM_MIN_OBJS && zone->slab_order < 3)
		zone->slab_order++;
	zone->per_slab = ((PAGE_SIZE << zone->slab_order) - SLAB_HEADER) /
	    zone->size;
	KASSERT(zone->per_slab > 0, ("zone_init: %s: objects too big", name));
	spin_init(&zone->lock, name);
	list_init(&zone->partial);
	list_init(&zone->full);
	zone->used = 0;
	zone->slabs = 0;
}

void
kmem_init(void)
{
	for (size_t i = 0; i < nitems(kmalloc_zones); i++)
		zone_init(&kmalloc_zones[i], kmalloc_names[i], 16UL << i);
	zone_init(&zone_of_zones, "kmem_zone", sizeof(struct kmem_zone));
}

/* A new slab with every object on its free list, or NULL. */
static struct kmem_slab *
slab_create(struct kmem_zone *zone)
{
	struct vm_page *m = vm_page_alloc(zone->slab_order, 0);
	struct kmem_slab *slab;
	char *obj;

	if (m == NULL)
		return NULL;
	slab = vm_page_to_virt(m);
	slab->zone = zone;
	slab->page = m;
	slab->used = 0;
	slab->free = NULL;
	obj = (char *)slab + SLAB_HEADER + (zone->per_slab - 1) * zone->size;
	for (unsigned i = 0; i < zone->per_slab; i++, obj -= zone->size) {
		*(void **)obj = slab->free;
		slab->free = obj;
	}
	for (int i = 0; i < (1 << zone->slab_order); i++) {
		m[i].flags |= PG_SLAB;
		m[i].slab = slab;
	}
	return slab;
}

/* Give an empty slab's folio back, its pages no longer marked as slab. */
static void
slab_destroy(struct kmem_zone *zone, struct vm_page *m)
{
	for (int i = 0; i < (1 << zone->slab_order); i++) {
		m[i].flags &= ~PG_SLAB;
		m[i].slab = NULL;
	}
	vm_page_free(m);
}

void *
kmem_zone_alloc(struct kmem_zone *zone, int flags)
{
	struct kmem_slab *slab;
	void *obj;

	spin_lock(&zone->lock);
	slab = list_first(&zone->partial, struct kmem_slab, link);
	if (slab == NULL) {
		if ((slab = slab_create(zone)) == NULL) {
			spin_unlock(&zone->lock);
			return NULL;
		}
		list_insert_head(&zone->partial, &slab->link);
		zone->slabs++;
	}
	obj = slab->free;
	slab->free = *(void **)obj;
	slab->used++;
	zone->used++;
	if (slab->free == NULL) {
		list_remove(&slab->link);
		list_insert_head(&zone->full, &slab->link);
	}
	spin_unlock(&zone->lock);
	if (flags & KM_ZERO)
		memset(obj, 0, zone->size);
	return obj;
}

/* The slab an object lies in, found through its page. */
static struct kmem_slab *
slab_of(void *obj)
{
	struct vm_page *m = PHYS_TO_VM_PAGE(DMAP_TO_PHYS(obj));

	KASSERT(m->flags & PG_SLAB, ("kmem: %p is not in a slab", obj));
	return m->slab;
}

static void
check_object(struct kmem_zone *zone, struct kmem_slab *slab, void *obj)
{
	size_t off __unused = (size_t)((char *)obj - (char *)slab) -
	    SLAB_HEADER;

	KASSERT(slab->zone == zone, ("kmem_zone_free: %p belongs to zone %s, "
	    "not %s", obj, slab->zone->name, zone->name));
	KASSERT(off % zone->size == 0 && off / zone->size < zone->per_slab,
	    ("kmem_zone_free: %p is not an object of zone %s", obj,
	    zone->name));
	KASSERT(slab->used > 0, ("kmem_zone_free: zone %s: slab is empty",
	    zone->name));
#ifdef INVARIANTS
	for (void *f = slab->free; f != NULL; f = *(void **)f)
		KASSERT(f != obj, ("kmem_zone_free: double free of %p in zone "
		    "%s", obj, zone->name));
#endif
}

void
kmem_zone_free(struct kmem_zone *zone, void *obj)
{
	struct kmem_slab *slab = slab_of(obj);
	struct vm_page *dead = NULL;

	check_object(zone, slab, obj);
#ifdef INVARIANTS
	memset(obj, KMEM_JUNK, zone->size);
#endif
	spin_lock(&zone->lock);
	if (slab->free == NULL) {		/* full -> partial */
		list_remove(&slab->link);
		list_insert_head(&zone->partial, &slab->link);
	}
	*(void **)obj = slab->free;
	slab->free = obj;
	slab->used--;
	zone->used--;
	if (slab->used == 0) {			/* empty: back to the system */
		list_remove(&slab->link);
		zone->slabs--;
		dead = slab->page;
	}
	spin_unlock(&zone->lock);
	if (dead != NULL)
		slab_destroy(zone, dead);
}

struct kmem_zone *
kmem_zone_create(const char *name, size_t size)
{
	struct kmem_zone *zone;

	if (size > KMEM_MAX_SMALL * 2)
		return NULL;
	zone = kmem_zone_alloc(&zone_of_zones, 0);
	if (zone != NULL)
		zone_init(zone, name, size);
	return zone;
}

void
kmem_zone_destroy(struct kmem_zone *zone)
{
	KASSERT(zone->used == 0 && zone->slabs == 0,
	    ("kmem_zone_destroy: zone %s still has %zu objects", zone->name,
	    zone->used));
	kmem_zone_free(&zone_of_zones, zone);
}

size_t
kmem_zone_used(const struct kmem_zone *zone)
{
	return zone->used;
}

size_t
kmem_zone_slabs(const struct kmem_zone *zone)
{
	return zone->slabs;
}

void *
kmalloc(size_t size, int flags)
{
	struct vm_page *m;
	size_t i = 0;

	if (size <= KMEM_MAX_SMALL) {
		while ((16UL << i) < size)
			i++;
		return kmem_zone_alloc(&kmalloc_zones[i], flags);
	}
	if (size > (PAGE_SIZE << (VM_NFREEORDER - 1)))	/* no such order */
		return NULL;
	m = vm_page_alloc(vm_page_order(size), flags & KM_ZERO ? VM_ALLOC_ZERO : 0);
	if (m == NULL)
		return NULL;
	m->flags |= PG_KMEM_LARGE;
	return vm_page_to_virt(m);
}

void
kfree(void *ptr)
{
	struct vm_page *m;

	if (ptr == NULL)
		return;
	m = PHYS_TO_VM_PAGE(DMAP_TO_PHYS(ptr));
	if (m->flags & PG_KMEM_LARGE) {
		KASSERT(ptr == vm_page_to_virt(m),
		    ("kfree: %p is inside a large allocation", ptr));
		vm_page_free(m);
		return;
	}
	kmem_zone_free(slab_of(ptr)->zone, ptr);
}
