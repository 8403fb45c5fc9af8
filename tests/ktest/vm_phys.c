/*
 * vm_phys.c: in-kernel tests of the page allocator (vm_page_alloc() on the
 * buddy allocator of vm/vm_phys.c), on the machine's real memory.
 *
 * The host tests (tests/host/test_buddy.c) check the buddy books in
 * detail on a fake page array; these check what only real memory shows:
 * that blocks are aligned in physical memory, that their frames can be
 * written through the direct map without overlapping each other, that
 * VM_ALLOC_ZERO really zeroes, and that the machine's whole memory can be
 * allocated and given back.
 *
 * Allocated blocks are chained through their head page's plinks, which
 * belong to the owner of an allocated page (vm_page.h), so no test needs
 * memory of its own to remember what it took.
 */
#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/list.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define MAX_ORDER	(VM_NFREEORDER - 1)

/* Free frames according to the lists: must equal vm_page_free_count(). */
static size_t
sum_of_blocks(void)
{
	size_t sum = 0;

	for (int order = 0; order < VM_NFREEORDER; order++)
		sum += vm_phys_free_blocks(order) << order;
	return sum;
}

/* Is there a free block of this order or bigger? */
static bool
order_available(int order)
{
	for (int o = order; o < VM_NFREEORDER; o++)
		if (vm_phys_free_blocks(o) > 0)
			return true;
	return false;
}

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

/* A tag that names a block and one of its pages, written into the page. */
static uint64_t
page_tag(vm_paddr_t pa)
{
	return 0x7a90000000000000ULL ^ pa;
}

/* Write each page's tag at its start (to find overlaps later). */
static void
tag_block(struct vm_page *m, int order)
{
	for (size_t i = 0; i < ((size_t)1 << order); i++)
		*(uint64_t *)vm_page_to_virt(&m[i]) = page_tag(m[i].phys_addr);
}

static bool
tags_intact(struct vm_page *m, int order)
{
	for (size_t i = 0; i < ((size_t)1 << order); i++)
		if (*(uint64_t *)vm_page_to_virt(&m[i]) !=
		    page_tag(m[i].phys_addr))
			return false;
	return true;
}

/* For each block chained on list (through its head page's plinks). */
#define foreach_block(m, node, list)					\
	list_foreach(node, list)					\
		if (((m) = list_entry(node, struct vm_page, plinks)) != NULL)

/* Free every block chained on list (each carries its order). */
static void
free_list(struct list_node *list)
{
	struct vm_page *m;

	while ((m = list_first(list, struct vm_page, plinks)) != NULL) {
		list_remove(&m->plinks);
		vm_page_free(m);
	}
}

/*
 * Every order from 0 to the largest, held at once: each block is aligned
 * to its size, carries its order and one reference, and costs exactly
 * 2^order free frames.
 */
KTEST(buddy_alloc_each_order)
{
	struct vm_page *m[VM_NFREEORDER] = { NULL };
	size_t before = vm_page_free_count();

	for (int order = 0; order < VM_NFREEORDER; order++) {
		size_t free_now = vm_page_free_count();

		if (!order_available(order))
			continue;	/* a small machine: no block this big */
		m[order] = vm_page_alloc(order, 0);
		KT_ASSERT(m[order] != NULL);
		KT_EQ(VM_PAGE_TO_PHYS(m[order]) % (PAGE_SIZE << order), 0);
		KT_EQ(m[order]->order, order);
		KT_EQ(m[order]->ref_count, 1);
		KT_EQ(m[order]->flags & (PG_FREE | PG_RESERVED), 0);
		KT_ASSERT(PHYS_TO_VM_PAGE(VM_PAGE_TO_PHYS(m[order])) ==
		    m[order]);
		KT_EQ(vm_page_free_count(), free_now - ((size_t)1 << order));
		tag_block(m[order], order);
	}
	KT_ASSERT(m[0] != NULL && m[PMD_ORDER] != NULL);
	for (int order = 0; order < VM_NFREEORDER; order++)
		KT_ASSERT(m[order] == NULL || tags_intact(m[order], order));
	for (int order = 0; order < VM_NFREEORDER; order++)
		if (m[order] != NULL)
			vm_page_free(m[order]);
	KT_EQ(vm_page_free_count(), before);
}

/* An order-9 folio is what a PMD maps: 2 MiB aligned physically. */
KTEST(buddy_pmd_aligned)
{
	struct vm_page *m[4];

	for (int i = 0; i < 4; i++) {
		m[i] = vm_page_alloc(PMD_ORDER, 0);
		KT_ASSERT(m[i] != NULL);
	}
	for (int i = 0; i < 4; i++) {
		KT_EQ(VM_PAGE_TO_PHYS(m[i]) & PMD_MASK, 0);
		KT_EQ(VM_PAGE_TO_PHYS(m[i]), (vm_paddr_t)(m[i] -
		    vm_page_array + vm_page_array_first) << PAGE_SHIFT);
		vm_page_free(m[i]);
	}
}

static bool
all_zero(const struct vm_page *m, int order)
{
	const uint64_t *p = vm_page_to_virt(m);

	for (size_t i = 0; i < (PAGE_SIZE << order) / sizeof(*p); i++)
		if (p[i] != 0)
			return false;
	return true;
}

/*
 * VM_ALLOC_ZERO zeroes the whole folio, even one just dirtied (a freed
 * folio is refilled with junk in debug builds, so stale data is not 0).
 */
KTEST(buddy_alloc_zero)
{
	static const int orders[] = { 0, 3, PMD_ORDER };

	for (size_t i = 0; i < nitems(orders); i++) {
		int order = orders[i];
		struct vm_page *m = vm_page_alloc(order, 0);

		KT_ASSERT(m != NULL);
		memset(vm_page_to_virt(m), 0xa5, PAGE_SIZE << order);
		vm_page_free(m);
		m = vm_page_alloc(order, VM_ALLOC_ZERO);
		KT_ASSERT(m != NULL);
		if (!all_zero(m, order)) {
			vm_page_free(m);
			KT_ASSERT(!"VM_ALLOC_ZERO left a non-zero word");
		}
		vm_page_free(m);
	}
}

/* The free count always equals what the free lists hold. */
KTEST(buddy_free_count_consistent)
{
	struct vm_page *m[8];
	size_t before = vm_page_free_count();

	KT_EQ(before, sum_of_blocks());
	KT_EQ(vm_phys_free_count(), before);
	for (int i = 0; i < 8; i++) {
		m[i] = vm_page_alloc(i % 4, 0);
		KT_ASSERT(m[i] != NULL);
		KT_EQ(vm_page_free_count(), sum_of_blocks());
	}
	for (int i = 0; i < 8; i++) {
		vm_page_free(m[i]);
		KT_EQ(vm_page_free_count(), sum_of_blocks());
	}
	KT_EQ(vm_page_free_count(), before);
}

/*
 * Take every order-9 block there is: all 2 MiB aligned, none overlapping,
 * then none left of order 9 or more.  Freeing them all restores the free
 * count and the very same blocks per order (the buddies merge again).
 */
KTEST(buddy_exhaust_order9)
{
	struct list_node taken;
	size_t before[VM_NFREEORDER], after[VM_NFREEORDER], n = 0;
	size_t free_before = vm_page_free_count();
	struct list_node *node;
	struct vm_page *m;
	bool aligned = true, intact = true, none_left;

	list_init(&taken);
	snapshot(before);
	while ((m = vm_page_alloc(PMD_ORDER, 0)) != NULL) {
		aligned &= (VM_PAGE_TO_PHYS(m) & PMD_MASK) == 0;
		*(uint64_t *)vm_page_to_virt(m) = page_tag(m->phys_addr);
		list_insert_tail(&taken, &m->plinks);
		n++;
	}
	foreach_block(m, node, &taken)
		intact &= tags_intact(m, 0);
	none_left = !order_available(PMD_ORDER);
	if ((m = vm_page_alloc(MAX_ORDER, 0)) != NULL) {
		none_left = false;
		vm_page_free(m);
	}
	free_list(&taken);
	snapshot(after);
	KT_ASSERT(n > 0);
	KT_ASSERT(aligned);
	KT_ASSERT(intact);
	KT_ASSERT(none_left);
	KT_EQ(vm_page_free_count(), free_before);
	KT_ASSERT(same_snapshot(before, after));
}

/*
 * Take all memory, biggest blocks first: the free count reaches 0, every
 * order then fails (NULL, not a crash), and everything comes back.
 */
KTEST(buddy_exhaust_all)
{
	struct list_node taken;
	size_t before[VM_NFREEORDER], after[VM_NFREEORDER], got = 0;
	size_t free_before = vm_page_free_count();
	struct list_node *node;
	struct vm_page *m;
	bool intact = true, all_null = true;
	size_t free_at_bottom;

	list_init(&taken);
	snapshot(before);
	for (int order = MAX_ORDER; order >= 0; order--)
		while ((m = vm_page_alloc(order, 0)) != NULL) {
			tag_block(m, order);
			list_insert_tail(&taken, &m->plinks);
			got += (size_t)1 << order;
		}
	free_at_bottom = vm_page_free_count();
	for (int order = 0; order < VM_NFREEORDER; order++)
		if ((m = vm_page_alloc(order, VM_ALLOC_ZERO)) != NULL) {
			all_null = false;
			list_insert_tail(&taken, &m->plinks);
		}
	foreach_block(m, node, &taken)
		intact &= tags_intact(m, m->order);
	free_list(&taken);
	snapshot(after);
	KT_EQ(free_at_bottom, 0);
	KT_EQ(got, free_before);
	KT_ASSERT(all_null);
	KT_ASSERT(intact);
	KT_EQ(vm_page_free_count(), free_before);
	KT_ASSERT(same_snapshot(before, after));
}

/* Orders the allocator cannot have: NULL, never a crash. */
KTEST(buddy_bad_order)
{
	KT_ASSERT(vm_page_alloc(VM_NFREEORDER, 0) == NULL);
	KT_ASSERT(vm_page_alloc(VM_NFREEORDER + 5, 0) == NULL);
	KT_ASSERT(vm_page_alloc(-1, 0) == NULL);
}

/* A small linear congruential generator: the seed comes from "seed=N". */
static uint64_t
next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

static uint64_t
test_seed(const char *test)
{
	char arg[24];
	uint64_t seed = 1;

	if (cmdline_get("seed", arg, sizeof(arg)))
		seed = strtoul(arg, NULL, 0);
	printf("ktest: %s seed %lu (rerun: tools/qemu.sh --cmdline "
	    "\"test=%s seed=%lu\")\n", test, seed, test, seed);
	return seed;
}

/*
 * Randomised: blocks of random orders, some freed and taken again; every
 * page of every live block keeps its tag, so no two blocks overlap.
 */
KTEST(buddy_random)
{
	static struct vm_page *live[192];
	uint64_t state = test_seed("buddy_random");
	size_t before = vm_page_free_count();
	bool intact = true;

	for (int round = 0; round < 4; round++) {
		for (size_t i = 0; i < nitems(live); i++) {
			if (live[i] != NULL && next_random(&state) % 2 == 0)
				continue;	/* keep some across rounds */
			if (live[i] != NULL)
				vm_page_free(live[i]);
			live[i] = vm_page_alloc(next_random(&state) % 6, 0);
			if (live[i] != NULL)
				tag_block(live[i], live[i]->order);
		}
		for (size_t i = 0; i < nitems(live); i++)
			if (live[i] != NULL)
				intact &= tags_intact(live[i], live[i]->order);
	}
	for (size_t i = 0; i < nitems(live); i++) {
		if (live[i] != NULL)
			vm_page_free(live[i]);
		live[i] = NULL;
	}
	KT_ASSERT(intact);
	KT_EQ(vm_page_free_count(), before);
	KT_EQ(vm_page_free_count(), sum_of_blocks());
}
