/*
 * test_buddy.c: host tests of the buddy allocator (vm/vm_phys.c).
 *
 * Each test builds a fake machine: an array of struct vm_page whose frame i
 * is at physical address i * 4 KiB, every frame reserved (a hole) until the
 * test adds a range of it.  No frame has contents: vm_phys.c only keeps
 * books, so the array is all it needs.
 *
 * Beside the allocator the test keeps its own model: one bool per frame,
 * free or not.  The buddy system's free blocks are fully determined by the
 * set of free frames: they are the largest naturally aligned blocks (up to
 * order VM_NFREEORDER - 1) made only of free frames, because two free
 * buddies are always merged.  books_match() computes those blocks from the
 * model and checks that the allocator's lists, counters and PG_FREE heads
 * say exactly the same.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "vm/vm_phys.h"

#define NPAGES		8192	/* 32 MiB of fake frames: 8 order-10 blocks */
#define MAX_ORDER	(VM_NFREEORDER - 1)

static struct vm_page *pages;	/* the fake machine's page array */
static size_t npages;
static bool *model_free;	/* the test's idea of which frames are free */
static size_t *model_prefix;	/* free frames below each index */

/*
 * A fresh allocator over n frames, all reserved.  The arrays are allocated
 * to the exact size so that AddressSanitizer sees any access past them.
 */
static void
machine_setup(size_t n)
{
	free(pages);
	free(model_free);
	free(model_prefix);
	pages = calloc(n, sizeof(*pages));
	model_free = calloc(n, sizeof(*model_free));
	model_prefix = calloc(n + 1, sizeof(*model_prefix));
	if (pages == NULL || model_free == NULL || model_prefix == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		pages[i].phys_addr = (vm_paddr_t)i << PAGE_SHIFT;
		pages[i].flags = PG_RESERVED;
		list_init(&pages[i].plinks);
	}
	npages = n;
	vm_phys_init(pages, n);
}

/* Make frames [first, last) usable and give them to the allocator. */
static void
add_range(size_t first, size_t last)
{
	for (size_t i = first; i < last; i++) {
		pages[i].flags &= ~PG_RESERVED;
		model_free[i] = true;
	}
	vm_phys_add_range((vm_paddr_t)first << PAGE_SHIFT,
	    (vm_paddr_t)last << PAGE_SHIFT);
}

/* A layout with holes, odd ends and a reserved last frame. */
static void
add_holey_ranges(void)
{
	add_range(1, 3);
	add_range(5, 517);
	add_range(600, 601);
	add_range(1023, 3077);
	add_range(4103, NPAGES - 9);
}

static bool
model_block_free(size_t idx, int order)
{
	size_t len = (size_t)1 << order;

	return idx + len <= npages &&
	    model_prefix[idx + len] - model_prefix[idx] == len;
}

/*
 * The free blocks the model implies, counted per order, and checked one by
 * one against the page array: each must have a PG_FREE head of its order.
 * Returns the number of heads found, or (size_t)-1 at the first mismatch,
 * whose index is left in *bad.
 */
static size_t
model_blocks(size_t counts[VM_NFREEORDER], size_t *bad)
{
	size_t idx = 0, heads = 0;

	for (size_t i = 0; i < npages; i++)
		model_prefix[i + 1] = model_prefix[i] + model_free[i];
	memset(counts, 0, VM_NFREEORDER * sizeof(counts[0]));
	while (idx < npages) {
		int order = MAX_ORDER;

		if (!model_free[idx]) {
			idx++;
			continue;
		}
		/* The largest aligned all-free block that starts here. */
		while ((idx & (((size_t)1 << order) - 1)) != 0 ||
		    !model_block_free(idx, order))
			order--;
		if ((pages[idx].flags & PG_FREE) == 0 ||
		    pages[idx].order != order) {
			*bad = idx;
			return (size_t)-1;
		}
		counts[order]++;
		heads++;
		idx += (size_t)1 << order;
	}
	return heads;
}

/*
 * Compare the allocator's books with the model: blocks per order, PG_FREE
 * heads, the free count, and the free count against the sum of the blocks.
 */
static bool
books_match(struct host_ctx *ht, int line)
{
	size_t want[VM_NFREEORDER], sum = 0, heads = 0, bad = 0;

	if (model_blocks(want, &bad) == (size_t)-1) {
		host_fail(ht, __FILE__, line, "frame %zu should head a free "
		    "block (flags %#x, order %d)", bad, pages[bad].flags,
		    pages[bad].order);
		return false;
	}
	for (int order = 0; order < VM_NFREEORDER; order++) {
		if (vm_phys_free_blocks(order) != want[order]) {
			host_fail(ht, __FILE__, line, "order %d: %zu free "
			    "blocks, the model says %zu", order,
			    vm_phys_free_blocks(order), want[order]);
			return false;
		}
		sum += vm_phys_free_blocks(order) << order;
	}
	for (size_t i = 0; i < npages; i++)
		heads += (pages[i].flags & PG_FREE) != 0;
	for (int order = 0; order < VM_NFREEORDER; order++)
		heads -= want[order];
	if (heads != 0 || vm_phys_free_count() != sum ||
	    sum != model_prefix[npages]) {
		host_fail(ht, __FILE__, line, "%zu stray PG_FREE heads; free "
		    "count %zu, blocks hold %zu, the model %zu", heads,
		    vm_phys_free_count(), sum, model_prefix[npages]);
		return false;
	}
	return true;
}

#define HT_BOOKS() do {							\
	if (!books_match(ht, __LINE__))					\
		return;							\
} while (0)

/* The cheap invariant, for every step: free count == sum of the blocks. */
static size_t
sum_of_blocks(void)
{
	size_t sum = 0;

	for (int order = 0; order < VM_NFREEORDER; order++)
		sum += vm_phys_free_blocks(order) << order;
	return sum;
}

/*
 * Check a block just allocated (aligned, inside the array, order set, all
 * its frames free in the model: no overlap with anything handed out) and
 * mark its frames allocated in the model.
 */
static bool
check_taken(struct host_ctx *ht, int line, struct vm_page *m, int order)
{
	size_t idx = (size_t)(m - pages), len = (size_t)1 << order;

	if (m < pages || idx + len > npages || (idx & (len - 1)) != 0 ||
	    m->phys_addr % (PAGE_SIZE << order) != 0) {
		host_fail(ht, __FILE__, line, "order %d: bad block at frame "
		    "%zd", order, (ssize_t)(m - pages));
		return false;
	}
	if (m->order != order || (m->flags & (PG_FREE | PG_RESERVED)) != 0) {
		host_fail(ht, __FILE__, line, "frame %zu: order %d, flags %#x "
		    "after allocating order %d", idx, m->order, m->flags,
		    order);
		return false;
	}
	for (size_t i = idx; i < idx + len; i++) {
		if (!model_free[i]) {
			host_fail(ht, __FILE__, line, "order %d block at frame "
			    "%zu overlaps allocated frame %zu", order, idx, i);
			return false;
		}
		model_free[i] = false;
	}
	return true;
}

/* m = an allocated block of that order, checked; fails the test if none. */
#define TAKE(m, order) do {						\
	(m) = vm_phys_alloc(order);					\
	if ((m) == NULL)						\
		HT_FAIL("vm_phys_alloc(%d) failed", (int)(order));	\
	if (!check_taken(ht, __LINE__, (m), (order)))			\
		return;							\
} while (0)

static void
give(struct vm_page *m, int order)
{
	size_t idx = (size_t)(m - pages);

	for (size_t i = idx; i < idx + ((size_t)1 << order); i++)
		model_free[i] = true;
	vm_phys_free(m, order);
}

/* The allocator's free blocks per order, to compare before and after. */
static void
snapshot(size_t counts[VM_NFREEORDER])
{
	for (int order = 0; order < VM_NFREEORDER; order++)
		counts[order] = vm_phys_free_blocks(order);
}

static bool
same_snapshot(const size_t a[VM_NFREEORDER], const size_t b[VM_NFREEORDER])
{
	return memcmp(a, b, VM_NFREEORDER * sizeof(a[0])) == 0;
}

HOST_TEST(buddy_empty)
{
	machine_setup(NPAGES);
	for (int order = 0; order < VM_NFREEORDER; order++)
		HT_ASSERT(vm_phys_alloc(order) == NULL);
	HT_EQ(vm_phys_free_count(), 0);
	HT_BOOKS();
}

HOST_TEST(buddy_add_aligned)
{
	machine_setup(NPAGES);
	add_range(0, NPAGES);
	HT_EQ(vm_phys_free_count(), NPAGES);
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), NPAGES >> MAX_ORDER);
	for (int order = 0; order < MAX_ORDER; order++)
		HT_EQ(vm_phys_free_blocks(order), 0);
	HT_BOOKS();
}

/* [3, 17) is cut into 3 (order 0), 4-7 (2), 8-15 (3) and 16 (0). */
HOST_TEST(buddy_add_odd_range)
{
	machine_setup(NPAGES);
	add_range(3, 17);
	HT_EQ(vm_phys_free_count(), 14);
	HT_EQ(vm_phys_free_blocks(0), 2);
	HT_EQ(vm_phys_free_blocks(1), 0);
	HT_EQ(vm_phys_free_blocks(2), 1);
	HT_EQ(vm_phys_free_blocks(3), 1);
	HT_ASSERT((pages[3].flags & PG_FREE) && pages[3].order == 0);
	HT_ASSERT((pages[4].flags & PG_FREE) && pages[4].order == 2);
	HT_ASSERT((pages[8].flags & PG_FREE) && pages[8].order == 3);
	HT_ASSERT((pages[16].flags & PG_FREE) && pages[16].order == 0);
	HT_BOOKS();
}

HOST_TEST(buddy_add_holes)
{
	machine_setup(NPAGES);
	add_holey_ranges();
	HT_EQ(vm_phys_free_count(), 2 + 512 + 1 + 2054 + (NPAGES - 9 - 4103));
	HT_BOOKS();
}

/* Ranges added separately, in any order, merge like frees do. */
HOST_TEST(buddy_add_adjacent_merge)
{
	machine_setup(NPAGES);
	add_range(512, 1024);
	add_range(0, 512);
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 1);
	for (size_t i = 2048; i > 1024; i--)
		add_range(i - 1, i);		/* frame by frame, downwards */
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 2);
	HT_EQ(vm_phys_free_count(), 2048);
	HT_BOOKS();
}

/* An array whose end is not block aligned: no buddy past its end. */
HOST_TEST(buddy_array_end)
{
	struct vm_page *m;

	machine_setup(1000);
	add_range(0, 1000);			/* 512+256+128+64+32+8 */
	HT_EQ(vm_phys_free_blocks(9), 1);
	HT_EQ(vm_phys_free_blocks(3), 1);
	HT_BOOKS();
	HT_ASSERT(vm_phys_alloc(MAX_ORDER) == NULL);
	TAKE(m, 3);
	HT_EQ(m - pages, 992);
	give(m, 3);
	HT_BOOKS();
}

/* One order-0 allocation from a lone order-10 block splits it 10 times. */
HOST_TEST(buddy_split)
{
	struct vm_page *a, *b;

	machine_setup(NPAGES);
	add_range(1024, 2048);
	TAKE(a, 0);
	HT_EQ(a - pages, 1024);			/* the lower half is kept */
	HT_EQ(vm_phys_free_count(), 1023);
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 0);
	for (int order = 0; order < MAX_ORDER; order++)
		HT_EQ(vm_phys_free_blocks(order), 1);
	HT_BOOKS();
	TAKE(b, 0);
	HT_EQ(b - pages, 1025);			/* a's buddy */
	HT_EQ(vm_phys_free_blocks(0), 0);
	HT_BOOKS();
	give(a, 0);
	give(b, 0);
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 1);
	HT_BOOKS();
}

/* For qsort(): by frame. */
static int
compare_pages(const void *a, const void *b)
{
	const struct vm_page *ma = *(struct vm_page *const *)a;
	const struct vm_page *mb = *(struct vm_page *const *)b;

	return (ma > mb) - (ma < mb);
}

/* Freeing everything, in any order, gives back the original blocks. */
HOST_TEST(buddy_coalesce)
{
	static struct vm_page *taken[NPAGES];
	size_t before[VM_NFREEORDER], after[VM_NFREEORDER], n = 0;
	size_t free_before;

	machine_setup(NPAGES);
	add_holey_ranges();
	free_before = vm_phys_free_count();
	snapshot(before);
	while ((taken[n] = vm_phys_alloc(0)) != NULL)
		if (!check_taken(ht, __LINE__, taken[n++], 0))
			return;
	HT_EQ(n, free_before);
	HT_EQ(vm_phys_free_count(), 0);
	HT_BOOKS();
	/* Every other frame first (no two are buddies), then the rest. */
	qsort(taken, n, sizeof(taken[0]), compare_pages);
	for (size_t i = 0; i < n; i += 2)
		give(taken[i], 0);
	HT_EQ(vm_phys_free_blocks(0), (n + 1) / 2);
	HT_BOOKS();
	for (size_t i = n; i-- > 0;)
		if (i % 2 == 1)
			give(taken[i], 0);
	snapshot(after);
	HT_ASSERT(same_snapshot(before, after));
	HT_BOOKS();
}

/* Every order's block is aligned to its size, in frames and in bytes. */
HOST_TEST(buddy_orders_aligned)
{
	struct vm_page *m[VM_NFREEORDER];

	machine_setup(NPAGES);
	add_range(7, NPAGES);
	for (int order = MAX_ORDER; order >= 0; order--)
		TAKE(m[order], order);		/* check_taken checks it */
	HT_BOOKS();
	for (int order = 0; order < VM_NFREEORDER; order++)
		give(m[order], order);
	HT_BOOKS();
}

/* Order 9 is a PMD: every such block is 2 MiB aligned physically. */
HOST_TEST(buddy_order9_pmd_aligned)
{
	struct vm_page *m;
	size_t n = 0;

	machine_setup(NPAGES);
	add_range(5, NPAGES - 3);
	while ((m = vm_phys_alloc(PMD_ORDER)) != NULL) {
		if (!check_taken(ht, __LINE__, m, PMD_ORDER))
			return;
		HT_EQ(m->phys_addr & PMD_MASK, 0);
		n++;
	}
	HT_EQ(n, 14);		/* the 2 MiB blocks inside [5, 8189) */
	HT_EQ(vm_phys_free_blocks(PMD_ORDER), 0);
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 0);
	HT_BOOKS();
}

/* No memory, or an impossible order: NULL, never a crash. */
HOST_TEST(buddy_exhaustion_null)
{
	static const int bad[] = { VM_NFREEORDER, VM_NFREEORDER + 1, 64, 1000,
	    INT_MAX, -1, -64, INT_MIN };
	struct vm_page *m;

	machine_setup(NPAGES);
	add_range(0, NPAGES);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		HT_ASSERT(vm_phys_alloc(bad[i]) == NULL);
	HT_EQ(vm_phys_free_count(), NPAGES);
	while ((m = vm_phys_alloc(MAX_ORDER)) != NULL)
		if (!check_taken(ht, __LINE__, m, MAX_ORDER))
			return;
	for (int order = 0; order < VM_NFREEORDER; order++)
		HT_ASSERT(vm_phys_alloc(order) == NULL);
	HT_ASSERT(vm_phys_alloc(0) == NULL);	/* and again */
	HT_EQ(vm_phys_free_count(), 0);
	HT_BOOKS();
}

/* Allocate and free a mixture; the free count and blocks come back. */
HOST_TEST(buddy_no_leak)
{
	struct vm_page *m[64];
	size_t before[VM_NFREEORDER], after[VM_NFREEORDER];
	size_t free_before;

	machine_setup(NPAGES);
	add_holey_ranges();
	free_before = vm_phys_free_count();
	snapshot(before);
	for (int round = 0; round < 4; round++) {
		for (int i = 0; i < 64; i++)
			TAKE(m[i], i % 7);
		HT_EQ(vm_phys_free_count(), sum_of_blocks());
		for (int i = 63; i >= 0; i--)
			give(m[i], i % 7);
	}
	snapshot(after);
	HT_EQ(vm_phys_free_count(), free_before);
	HT_ASSERT(same_snapshot(before, after));
	HT_BOOKS();
}

/* A random order, small ones more often (as the kernel asks). */
static int
random_order(void)
{
	if (host_random_below(2) == 0)
		return (int)host_random_below(3);
	return (int)host_random_below(VM_NFREEORDER);
}

struct live_block {
	struct vm_page	*m;
	int		order;
};

/*
 * One round of buddy_random: allocate random orders (with some frees mixed
 * in at first) until an order-0 allocation fails, checking every block
 * against the model; then free everything in random order.
 */
static void
random_round(struct host_ctx *ht, struct live_block *live)
{
	size_t nlive = 0;
	struct vm_page *m;
	int order;

	for (size_t steps = 0;; steps++) {
		if (nlive > 0 && steps < 3000 && host_random_below(10) < 3) {
			size_t i = host_random_below(nlive);

			give(live[i].m, live[i].order);
			live[i] = live[--nlive];
			continue;
		}
		order = random_order();
		m = vm_phys_alloc(order);
		if (m == NULL && order == 0)
			break;			/* nothing left at all */
		if (m == NULL) {		/* then no block that big */
			for (int o = order; o < VM_NFREEORDER; o++)
				HT_EQ(vm_phys_free_blocks(o), 0);
		} else {
			if (!check_taken(ht, __LINE__, m, order))
				return;
			live[nlive++] = (struct live_block){ m, order };
		}
		HT_EQ(vm_phys_free_count(), sum_of_blocks());
		if (steps % 256 == 0)
			HT_BOOKS();
	}
	HT_EQ(vm_phys_free_count(), 0);
	HT_BOOKS();
	while (nlive > 0) {
		size_t i = host_random_below(nlive);

		give(live[i].m, live[i].order);
		live[i] = live[--nlive];
		HT_EQ(vm_phys_free_count(), sum_of_blocks());
	}
}

/*
 * Randomised: blocks never overlap (check_taken), the books always add up,
 * exhaustion is reached and everything comes back.  The seed is printed
 * at the start of the run; PAGODA_SEED=N repeats it.
 */
HOST_TEST(buddy_random)
{
	static struct live_block live[NPAGES];
	size_t before[VM_NFREEORDER], after[VM_NFREEORDER];

	machine_setup(NPAGES);
	add_holey_ranges();
	snapshot(before);
	for (int round = 0; round < 4 && !ht->failed; round++)
		random_round(ht, live);
	if (ht->failed)
		return;
	snapshot(after);
	if (!same_snapshot(before, after))
		HT_FAIL("blocks differ after freeing all (seed %lu)",
		    (unsigned long)host_seed());
	HT_BOOKS();
}

/* vm_phys_free(m, order), for host_catch_kassert(). */
struct free_call {
	struct vm_page	*m;
	int		order;
};

static void
call_free(void *arg)
{
	struct free_call *fc = arg;

	vm_phys_free(fc->m, fc->order);
}

/* True if vm_phys_free(m, order) stops on a KASSERT naming `what`. */
static bool
free_kasserts(struct vm_page *m, int order, const char *what, char *msg,
    size_t size)
{
	struct free_call fc = { m, order };

	return host_catch_kassert(call_free, &fc, msg, size) &&
	    strstr(msg, what) != NULL;
}

/* Freeing a free block again: its head is still PG_FREE. */
HOST_TEST(buddy_double_free)
{
	struct vm_page *a, *b;
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, 1024);
	TAKE(a, 0);
	TAKE(b, 0);
	give(b, 0);			/* a is held: b stays a block */
	if (!free_kasserts(b, 0, "double free", msg, sizeof(msg)))
		HT_FAIL("no KASSERT on a double free (\"%s\")", msg);
}

/*
 * Freeing a block that has since merged into a bigger free block: its
 * head lost PG_FREE in the merge, but it is free all the same.
 */
HOST_TEST(buddy_double_free_merged)
{
	struct vm_page *a, *b;
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, 1024);
	TAKE(a, 0);
	TAKE(b, 0);
	give(a, 0);
	give(b, 0);			/* a, b and the rest: one block */
	HT_EQ(vm_phys_free_blocks(MAX_ORDER), 1);
	if (!free_kasserts(b, 0, "double free", msg, sizeof(msg)))
		HT_FAIL("no KASSERT when freeing frame 1 inside a free "
		    "order-10 block; free count now %zu of 1024 (\"%s\")",
		    vm_phys_free_count(), msg);
}

HOST_TEST(buddy_free_misaligned)
{
	struct vm_page *m;
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, NPAGES);
	TAKE(m, 2);
	if (!free_kasserts(m + 1, 1, "not aligned", msg, sizeof(msg)))
		HT_FAIL("frame 1 freed as order 1 (\"%s\")", msg);
	machine_setup(NPAGES);		/* the failed free held the lock */
	add_range(0, NPAGES);
	TAKE(m, 2);
	if (!free_kasserts(m + 2, 2, "not aligned", msg, sizeof(msg)))
		HT_FAIL("frame 2 freed as order 2 (\"%s\")", msg);
}

HOST_TEST(buddy_free_bad_order)
{
	struct vm_page *m;
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, NPAGES);
	TAKE(m, 0);
	if (!free_kasserts(m, VM_NFREEORDER, "bad order", msg, sizeof(msg)))
		HT_FAIL("order %d accepted (\"%s\")", VM_NFREEORDER, msg);
	if (!free_kasserts(m, -1, "bad order", msg, sizeof(msg)))
		HT_FAIL("order -1 accepted (\"%s\")", msg);
}

HOST_TEST(buddy_free_reserved)
{
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, 512);
	if (!free_kasserts(&pages[600], 0, "reserved", msg, sizeof(msg)))
		HT_FAIL("a reserved frame was freed (\"%s\")", msg);
}

HOST_TEST(buddy_free_outside_array)
{
	char msg[256] = "";

	machine_setup(NPAGES);
	add_range(0, NPAGES);
	if (!free_kasserts(pages + NPAGES, 0, "outside", msg, sizeof(msg)))
		HT_FAIL("a frame past the array was freed (\"%s\")", msg);
}

static void
call_add_range(void *arg)
{
	(void)arg;
	vm_phys_add_range(0, 16 * PAGE_SIZE);
}

/* vm_phys_add_range() refuses frames still marked reserved. */
HOST_TEST(buddy_add_reserved)
{
	char msg[256] = "";

	machine_setup(NPAGES);
	if (!host_catch_kassert(call_add_range, NULL, msg, sizeof(msg)) ||
	    strstr(msg, "reserved") == NULL)
		HT_FAIL("reserved frames were added (\"%s\")", msg);
}
