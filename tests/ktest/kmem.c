/*
 * kmem.c: in-kernel tests of the kernel object allocator (vm/kmem.c):
 * zones and kmalloc()/kfree() on the machine's real memory.
 *
 * kmem gives an empty slab back to the page allocator at once, so every
 * test here must leave the free-page count as it found it, which the
 * runner checks.  Misuse (double free, wrong zone) ends in a KASSERT and is
 * tested on the host (tests/host/test_kmem.c), where a KASSERT can return.
 */
#include "kernel/ktest.h"
#include "vm/kmem.h"
#include "vm/vm_page.h"

#define KMEM_ALIGN	16		/* what kmem.c promises */

static bool
all_bytes(const void *p, int c, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

KTEST(kmem_zone_lifecycle)
{
	struct kmem_zone *zone = kmem_zone_create("ktest-40", 40);
	void *obj;

	KT_ASSERT(zone != NULL);
	KT_EQ(kmem_zone_used(zone), 0);
	KT_EQ(kmem_zone_slabs(zone), 0);
	obj = kmem_zone_alloc(zone, 0);
	KT_ASSERT(obj != NULL);
	KT_EQ((uintptr_t)obj % KMEM_ALIGN, 0);
	KT_EQ(kmem_zone_used(zone), 1);
	KT_EQ(kmem_zone_slabs(zone), 1);
	kmem_zone_free(zone, obj);
	KT_EQ(kmem_zone_used(zone), 0);
	KT_EQ(kmem_zone_slabs(zone), 0);
	kmem_zone_destroy(zone);
}

/* No two objects of objs[0 .. n) overlap (each size bytes long). */
static bool
disjoint(unsigned char *const *objs, size_t n, size_t size)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (objs[i] < objs[j] + size &&
			    objs[j] < objs[i] + size)
				return false;
	return true;
}

/*
 * Objects over several slabs: distinct, aligned, non-overlapping, and the
 * pattern written into each survives the allocation of all the others,
 * and the freeing and reallocation of some.
 */
KTEST(kmem_zone_objects)
{
	enum { N = 200, SIZE = 100 };
	static unsigned char *obj[N];
	struct kmem_zone *zone = kmem_zone_create("ktest-100", SIZE);

	KT_ASSERT(zone != NULL);
	for (int i = 0; i < N; i++) {
		obj[i] = kmem_zone_alloc(zone, 0);
		KT_ASSERT(obj[i] != NULL);
		KT_EQ((uintptr_t)obj[i] % KMEM_ALIGN, 0);
		memset(obj[i], i, SIZE);
	}
	KT_ASSERT(kmem_zone_slabs(zone) > 1);
	KT_EQ(kmem_zone_used(zone), N);
	KT_ASSERT(disjoint(obj, N, SIZE));
	for (int i = 0; i < N; i += 3)
		kmem_zone_free(zone, obj[i]);
	for (int i = 0; i < N; i += 3) {
		obj[i] = kmem_zone_alloc(zone, 0);
		KT_ASSERT(obj[i] != NULL);
		memset(obj[i], i, SIZE);
	}
	for (int i = 0; i < N; i++)
		KT_ASSERT(all_bytes(obj[i], i, SIZE));
	for (int i = 0; i < N; i++)
		kmem_zone_free(zone, obj[i]);
	KT_EQ(kmem_zone_used(zone), 0);
	KT_EQ(kmem_zone_slabs(zone), 0);
	kmem_zone_destroy(zone);
}

/* KM_ZERO zeroes an object even when it is reused (junk-filled). */
KTEST(kmem_zone_zero)
{
	struct kmem_zone *zone = kmem_zone_create("ktest-200", 200);
	unsigned char *keep, *obj;

	KT_ASSERT(zone != NULL);
	keep = kmem_zone_alloc(zone, 0);	/* keeps the slab alive */
	obj = kmem_zone_alloc(zone, 0);
	KT_ASSERT(keep != NULL && obj != NULL);
	memset(obj, 0xff, 200);
	kmem_zone_free(zone, obj);
	obj = kmem_zone_alloc(zone, KM_ZERO);
	KT_ASSERT(obj != NULL);
	KT_ASSERT(all_bytes(obj, 0, 200));
	kmem_zone_free(zone, obj);
	kmem_zone_free(zone, keep);
	kmem_zone_destroy(zone);
}

/* Sizes 1 to 8192 (a sample): small zones and whole folios alike. */
static bool
kmalloc_size_works(size_t size)
{
	int flags = size % 2 ? KM_ZERO : 0;
	unsigned char *p = kmalloc(size, flags);
	bool ok;

	if (p == NULL)
		return false;
	ok = (uintptr_t)p % KMEM_ALIGN == 0 &&
	    (size <= 2048 || (uintptr_t)p % PAGE_SIZE == 0) &&
	    (flags == 0 || all_bytes(p, 0, size));
	memset(p, 0x3c, size);
	ok &= p[0] == 0x3c && p[size - 1] == 0x3c;
	kfree(p);
	return ok;
}

KTEST(kmem_kmalloc_sizes)
{
	static const size_t edges[] = { 127, 128, 129, 1023, 1024, 1025, 2047,
	    2048, 2049, 4095, 4096, 4097, 8191, 8192 };
	size_t bad = 0;

	for (size_t size = 1; size <= 64 && bad == 0; size++)
		if (!kmalloc_size_works(size))
			bad = size;
	for (size_t size = 65; size <= 8192 && bad == 0; size += 61)
		if (!kmalloc_size_works(size))
			bad = size;
	for (size_t i = 0; i < nitems(edges) && bad == 0; i++)
		if (!kmalloc_size_works(edges[i]))
			bad = edges[i];
	if (bad != 0)
		ktest_fail(kt, __FILE__, __LINE__, "kmalloc(%zu) failed", bad);
}

/* Live allocations of many sizes keep their contents. */
KTEST(kmem_kmalloc_patterns)
{
	enum { N = 64 };
	static unsigned char *p[N];
	size_t size[N];
	bool intact = true;

	for (int i = 0; i < N; i++) {
		size[i] = 1 + (size_t)i * 97 % 6000;
		p[i] = kmalloc(size[i], 0);
		KT_ASSERT(p[i] != NULL);
		memset(p[i], i + 1, size[i]);
	}
	for (int i = 0; i < N; i++)
		intact &= all_bytes(p[i], i + 1, size[i]);
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	KT_ASSERT(intact);
}

/* A large kmalloc() is a folio of exactly the pages it needs. */
KTEST(kmem_kmalloc_large)
{
	size_t before = vm_page_free_count();
	void *p = kmalloc(8192, KM_ZERO);	/* order 1 */
	struct vm_page *m;

	KT_ASSERT(p != NULL);
	KT_EQ(vm_page_free_count(), before - 2);
	m = PHYS_TO_VM_PAGE(DMAP_TO_PHYS(p));
	KT_ASSERT(m->flags & PG_KMEM_LARGE);
	KT_EQ(m->order, 1);
	KT_ASSERT(vm_page_to_virt(m) == p);
	kfree(p);
	KT_EQ(vm_page_free_count(), before);
}

/* Too big is NULL, never a hang. */
KTEST(kmem_kmalloc_too_big)
{
	KT_ASSERT(kmalloc((PAGE_SIZE << (VM_NFREEORDER - 1)) + 1, 0) == NULL);
	KT_ASSERT(kmalloc((size_t)1 << 40, 0) == NULL);
	KT_ASSERT(kmalloc(SIZE_MAX, 0) == NULL);
	KT_ASSERT(kmem_zone_create("ktest-huge", 64 * 1024) == NULL);
}

KTEST(kmem_kfree_null)
{
	size_t before = vm_page_free_count();

	kfree(NULL);
	KT_EQ(vm_page_free_count(), before);
}
