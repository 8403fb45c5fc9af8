/*
 * test_kmem.c: host tests of the slab allocator (vm/kmem.c) on the real
 * vm/vm_page.c and vm/vm_phys.c.
 *
 * The fake machine here has contents: an 8 MiB host buffer stands in for
 * physical memory, and host_dmap_base (machine/vmparam.h's shim) makes it
 * the direct map, so vm_page_to_virt() and kfree()'s DMAP_TO_PHYS() work
 * as in the kernel.  The in-kernel tests (tests/ktest/kmem.c) cover the
 * same ground on real memory; these add what is awkward there: KASSERTs
 * on misuse, running out of memory, and every size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "vm/kmem.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define KMEM_NPAGES	2048		/* 8 MiB */
#define KMEM_ALIGN	16		/* what kmem.c promises */

static void *phys_mem;			/* the fake physical memory */

/* A machine with KMEM_NPAGES free frames and a fresh kmem. */
static void
kmem_setup(void)
{
	phys_mem = host_machine_setup(KMEM_NPAGES);
}

static bool
all_bytes(const void *p, int c, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

static bool
inside_memory(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)phys_mem;

	return a >= base && a + len <= base + KMEM_NPAGES * PAGE_SIZE;
}

HOST_TEST(kmem_zone_lifecycle)
{
	struct kmem_zone *zone;
	void *obj;

	kmem_setup();
	zone = kmem_zone_create("host-40", 40);
	HT_ASSERT(zone != NULL);
	HT_EQ(kmem_zone_used(zone), 0);
	HT_EQ(kmem_zone_slabs(zone), 0);
	obj = kmem_zone_alloc(zone, 0);
	HT_ASSERT(obj != NULL && inside_memory(obj, 40));
	HT_EQ((uintptr_t)obj % KMEM_ALIGN, 0);
	HT_EQ(kmem_zone_used(zone), 1);
	HT_EQ(kmem_zone_slabs(zone), 1);
	kmem_zone_free(zone, obj);
	HT_EQ(kmem_zone_used(zone), 0);
	HT_EQ(kmem_zone_slabs(zone), 0);
	kmem_zone_destroy(zone);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/*
 * Many objects over several slabs: distinct, aligned, KMEM_ALIGN apart at
 * least, and a pattern written into each survives all the others.
 */
HOST_TEST(kmem_zone_objects)
{
	enum { N = 500, SIZE = 100 };
	static unsigned char *obj[N];
	struct kmem_zone *zone;

	kmem_setup();
	zone = kmem_zone_create("host-100", SIZE);
	HT_ASSERT(zone != NULL);
	for (int i = 0; i < N; i++) {
		obj[i] = kmem_zone_alloc(zone, 0);
		HT_ASSERT(obj[i] != NULL && inside_memory(obj[i], SIZE));
		HT_EQ((uintptr_t)obj[i] % KMEM_ALIGN, 0);
		memset(obj[i], i & 0xff, SIZE);
	}
	HT_ASSERT(kmem_zone_slabs(zone) > 1);
	for (int i = 0; i < N; i++) {
		HT_ASSERT(all_bytes(obj[i], i & 0xff, SIZE));
		for (int j = i + 1; j < N; j++)
			HT_ASSERT(obj[i] + SIZE <= obj[j] ||
			    obj[j] + SIZE <= obj[i]);
	}
	/* Free every third, allocate them again: the others stay intact. */
	for (int i = 0; i < N; i += 3)
		kmem_zone_free(zone, obj[i]);
	for (int i = 0; i < N; i += 3) {
		obj[i] = kmem_zone_alloc(zone, 0);
		HT_ASSERT(obj[i] != NULL);
		memset(obj[i], i & 0xff, SIZE);
	}
	for (int i = 0; i < N; i++)
		HT_ASSERT(all_bytes(obj[i], i & 0xff, SIZE));
	for (int i = N - 1; i >= 0; i--)
		kmem_zone_free(zone, obj[i]);
	HT_EQ(kmem_zone_used(zone), 0);
	HT_EQ(kmem_zone_slabs(zone), 0);
	kmem_zone_destroy(zone);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/* KM_ZERO zeroes a reused object; a freed one is filled with junk. */
HOST_TEST(kmem_zero_and_junk)
{
	struct kmem_zone *zone;
	unsigned char *keep, *obj;

	kmem_setup();
	zone = kmem_zone_create("host-64", 64);
	HT_ASSERT(zone != NULL);
	keep = kmem_zone_alloc(zone, 0);	/* keeps the slab alive */
	obj = kmem_zone_alloc(zone, 0);
	HT_ASSERT(keep != NULL && obj != NULL);
	memset(obj, 0xff, 64);
	kmem_zone_free(zone, obj);
	/* The first word links the free list; the rest is junk. */
	HT_ASSERT(all_bytes(obj + sizeof(void *), 0x6b, 64 - sizeof(void *)));
	obj = kmem_zone_alloc(zone, KM_ZERO);
	HT_ASSERT(obj != NULL && all_bytes(obj, 0, 64));
	kmem_zone_free(zone, obj);
	kmem_zone_free(zone, keep);
	kmem_zone_destroy(zone);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/* Every size from 1 to 8192: small (zones) and large (folios) paths. */
HOST_TEST(kmem_kmalloc_sizes)
{
	kmem_setup();
	for (size_t size = 1; size <= 8192; size++) {
		unsigned char *p = kmalloc(size, size % 2 ? KM_ZERO : 0);

		if (p == NULL || !inside_memory(p, size))
			HT_FAIL("kmalloc(%zu) = %p", size, (void *)p);
		HT_EQ((uintptr_t)p % KMEM_ALIGN, 0);
		if (size > 2048)
			HT_EQ((uintptr_t)p % PAGE_SIZE, 0);
		if (size % 2 && !all_bytes(p, 0, size))
			HT_FAIL("kmalloc(%zu, KM_ZERO) not zeroed", size);
		memset(p, 0xc3, size);
		kfree(p);
	}
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/* Live allocations of mixed sizes never overlap. */
HOST_TEST(kmem_kmalloc_mixed)
{
	enum { N = 300 };
	static unsigned char *p[N];
	static size_t size[N];

	kmem_setup();
	for (int i = 0; i < N; i++) {
		size[i] = 1 + host_random_below(i % 10 == 0 ? 9000 : 600);
		p[i] = kmalloc(size[i], 0);
		HT_ASSERT(p[i] != NULL);
		memset(p[i], i & 0xff, size[i]);
	}
	for (int i = 0; i < N; i++)
		if (!all_bytes(p[i], i & 0xff, size[i]))
			HT_FAIL("kmalloc(%zu) #%d overwritten", size[i], i);
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/* Too big is NULL, whatever the size, and never a hang. */
HOST_TEST(kmem_kmalloc_too_big)
{
	void *p;

	kmem_setup();
	p = kmalloc(PAGE_SIZE << (VM_NFREEORDER - 1), 0);	/* 4 MiB fits */
	HT_ASSERT(p != NULL);
	kfree(p);
	HT_ASSERT(kmalloc((PAGE_SIZE << (VM_NFREEORDER - 1)) + 1, 0) == NULL);
	HT_ASSERT(kmalloc((size_t)1 << 40, 0) == NULL);
	HT_ASSERT(kmalloc(((size_t)1 << 63) + 1, 0) == NULL);
	HT_ASSERT(kmalloc(SIZE_MAX, 0) == NULL);
	HT_ASSERT(kmem_zone_create("host-huge", 64 * 1024) == NULL);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

HOST_TEST(kmem_kfree_null)
{
	kmem_setup();
	kfree(NULL);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/* With no free frame left, allocations fail cleanly, then work again. */
HOST_TEST(kmem_out_of_memory)
{
	struct kmem_zone *zone;
	struct vm_page *m[KMEM_NPAGES];
	size_t n = 0;
	void *obj;

	kmem_setup();
	zone = kmem_zone_create("host-oom", 200);
	HT_ASSERT(zone != NULL);
	while ((m[n] = vm_page_alloc(0, 0)) != NULL)
		n++;
	HT_ASSERT(kmem_zone_alloc(zone, 0) == NULL);
	HT_ASSERT(kmalloc(100, 0) == NULL);
	HT_ASSERT(kmalloc(5000, KM_ZERO) == NULL);
	HT_EQ(kmem_zone_slabs(zone), 0);
	while (n > 0)
		vm_page_free(m[--n]);
	obj = kmem_zone_alloc(zone, 0);
	HT_ASSERT(obj != NULL);
	kmem_zone_free(zone, obj);
	kmem_zone_destroy(zone);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
}

/*
 * A slab's folio goes back to the buddy allocator without any page still
 * claiming to be in a slab: kfree() trusts PG_SLAB and vm_page.slab.
 */
HOST_TEST(kmem_slab_flags_cleared)
{
	void *p;

	kmem_setup();
	p = kmalloc(2048, 0);		/* kmalloc-2048 slabs are order 3 */
	HT_ASSERT(p != NULL);
	kfree(p);
	HT_EQ(vm_phys_free_count(), KMEM_NPAGES);
	for (size_t i = 0; i < KMEM_NPAGES; i++)
		if (vm_page_array[i].flags & PG_SLAB)
			HT_FAIL("free frame %zu still has PG_SLAB", i);
}

/* kmem_zone_free(zone, obj), for host_catch_kassert(). */
struct zfree_call {
	struct kmem_zone *zone;
	void		*obj;
};

static void
call_zone_free(void *arg)
{
	struct zfree_call *zc = arg;

	kmem_zone_free(zc->zone, zc->obj);
}

/* True if kmem_zone_free(zone, obj) stops on a KASSERT naming `what`. */
static bool
zone_free_kasserts(struct kmem_zone *zone, void *obj, const char *what,
    char *msg, size_t size)
{
	struct zfree_call zc = { zone, obj };

	return host_catch_kassert(call_zone_free, &zc, msg, size) &&
	    strstr(msg, what) != NULL;
}

HOST_TEST(kmem_free_misuse)
{
	struct kmem_zone *a, *b;
	char *x, *y, msg[256] = "";

	kmem_setup();
	a = kmem_zone_create("host-a", 48);
	b = kmem_zone_create("host-b", 48);
	HT_ASSERT(a != NULL && b != NULL);
	x = kmem_zone_alloc(a, 0);
	y = kmem_zone_alloc(a, 0);
	HT_ASSERT(x != NULL && y != NULL);
	if (!zone_free_kasserts(b, x, "belongs to zone host-a", msg,
	    sizeof(msg)))
		HT_FAIL("freed into the wrong zone (\"%s\")", msg);
	if (!zone_free_kasserts(a, x + 8, "not an object", msg, sizeof(msg)))
		HT_FAIL("freed an interior pointer (\"%s\")", msg);
	kmem_zone_free(a, y);
	kmem_zone_free(a, x);		/* the slab goes back */
	if (!zone_free_kasserts(a, x, "not in a slab", msg, sizeof(msg)))
		HT_FAIL("double free not caught (\"%s\")", msg);
}

static void
call_destroy(void *zone)
{
	kmem_zone_destroy(zone);
}

HOST_TEST(kmem_destroy_busy)
{
	struct kmem_zone *zone;
	char msg[256] = "";

	kmem_setup();
	zone = kmem_zone_create("host-busy", 32);
	HT_ASSERT(zone != NULL && kmem_zone_alloc(zone, 0) != NULL);
	if (!host_catch_kassert(call_destroy, zone, msg, sizeof(msg)) ||
	    strstr(msg, "still has 1 objects") == NULL)
		HT_FAIL("a busy zone was destroyed (\"%s\")", msg);
}
