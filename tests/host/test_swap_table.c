/*
 * test_swap_table.c: host tests of the swap table (vm/swap_table.c): the
 * word encoding, the cluster allocator, counts and their overflow table,
 * and the swap cache, on the real vm/kmem.c.
 *
 * The fake machine is test_kmem.c's: a host buffer stands in for physical
 * memory, so the cluster tables come from the real kmalloc() and every
 * test can end by checking that all pages came back (a table that is not
 * freed shows up there).  The folios put in the swap cache are entries of
 * the fake vm_page_array[]: the table only stores and returns them.
 *
 * swap_random compares the table with a model (plain arrays: a count, a
 * folio and a bad flag per slot, an order per cluster) over thousands of
 * random operations, auditing the table after every one; a failure names
 * the step and the seed (PAGODA_SEED=N reruns it).
 */
#include <stdlib.h>
#include <string.h>

#include "host_test.h"
#include "kernel/errno.h"
#include "vm/kmem.h"
#include "vm/swap_table.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"

#define NPAGES		2048		/* 8 MiB of fake memory */
#define C		SWAP_CLUSTER_SLOTS
#define COUNT_MAX	SWAP_WORD_COUNT_MAX

static size_t free_baseline;		/* free frames before the test */

/* A machine with NPAGES free frames and a fresh kmem. */
static void
swap_setup(void)
{
	host_machine_setup(NPAGES);
	free_baseline = vm_page_free_count();
}

/* A fake folio: any page of the fake machine will do. */
static struct vm_page *
folio(size_t index)
{
	return &vm_page_array[index];
}

static struct swap_table_stats
stats_of(struct swap_table *t)
{
	struct swap_table_stats st;

	swap_table_stats(t, &st);
	return st;
}

static struct swap_cluster_info
info_of(struct swap_table *t, size_t index)
{
	struct swap_cluster_info info;

	swap_cluster_info(t, index, &info);
	return info;
}

/* t = a new table of n slots with the given bad list, or fail. */
#define CREATE(t, n, bad, nbad) do {					\
	int create_err_ = swap_table_create((n), (bad), (nbad), &(t));	\
	if (create_err_ != 0)						\
		HT_FAIL("swap_table_create(%lu): %d",			\
		    (unsigned long)(n), create_err_);			\
} while (0)

/* slot = the first of 2^order new slots, or fail. */
#define ALLOC(t, order, slot) do {					\
	int alloc_err_ = swap_alloc((t), (order), &(slot));		\
	if (alloc_err_ != 0)						\
		HT_FAIL("swap_alloc(order %d): %d", (int)(order),	\
		    alloc_err_);					\
} while (0)

/* Audit, destroy, and check that every page came back. */
#define DESTROY(t) do {							\
	swap_table_audit(t);						\
	swap_table_destroy(t);						\
	HT_EQ(vm_page_free_count(), free_baseline);			\
} while (0)

#define STATE(t, k)	(info_of((t), (k)).state)

/*
 * The word encoding.
 */

HOST_TEST(swap_word_encoding)
{
	static const size_t indexes[] = { 0, 1, 511, 512, NPAGES - 1 };
	static const unsigned fields[] = { 0, 1, 2, 62, COUNT_MAX };
	uint64_t big;

	swap_setup();
	HT_EQ(SWAP_WORD_FREE_VALUE, 0);
	HT_EQ(swap_word_kind(SWAP_WORD_FREE_VALUE), SWAP_WORD_FREE);
	HT_EQ(swap_word_kind(SWAP_WORD_BAD_VALUE), SWAP_WORD_BAD);
	HT_EQ(swap_word_count(SWAP_WORD_BAD_VALUE), 0);
	/* The three fields tile the word without overlapping. */
	HT_EQ(SWAP_WORD_KIND_MASK & SWAP_WORD_FOLIO_MASK, 0);
	HT_EQ(SWAP_WORD_FOLIO_MASK >> SWAP_WORD_COUNT_SHIFT, 0);
	HT_EQ(SWAP_WORD_KIND_MASK | SWAP_WORD_FOLIO_MASK |
	    ((uint64_t)COUNT_MAX << SWAP_WORD_COUNT_SHIFT), ~0ULL);
	HT_EQ(COUNT_MAX, 63);
	for (unsigned n = 1; n <= COUNT_MAX; n++) {
		uint64_t w = swap_word_swapped(n);

		HT_EQ(swap_word_kind(w), SWAP_WORD_SWAPPED);
		HT_EQ(swap_word_count(w), n);
		HT_EQ(w & SWAP_WORD_FOLIO_MASK, 0);
		HT_EQ(w, ((uint64_t)n << 58) | 1);	/* as drawn */
	}
	for (size_t k = 0; k < nitems(indexes); k++) {
		for (size_t f = 0; f < nitems(fields); f++) {
			uint64_t w = swap_word_cached(folio(indexes[k]),
			    fields[f]);
			uint64_t w2 = swap_word_with_count(w, COUNT_MAX - f);

			HT_EQ(w, ((uint64_t)fields[f] << 58) |
			    (indexes[k] << 2) | 2);
			HT_EQ(swap_word_kind(w), SWAP_WORD_CACHED);
			HT_ASSERT(swap_word_folio(w) == folio(indexes[k]));
			HT_EQ(swap_word_count(w), fields[f]);
			HT_EQ(swap_word_kind(w2), SWAP_WORD_CACHED);
			HT_ASSERT(swap_word_folio(w2) == folio(indexes[k]));
			HT_EQ(swap_word_count(w2), COUNT_MAX - f);
		}
	}
	/* The largest index and count, by hand: nothing spills over. */
	big = SWAP_WORD_CACHED | (((1ULL << SWAP_WORD_FOLIO_BITS) - 1) <<
	    SWAP_WORD_FOLIO_SHIFT) | ((uint64_t)COUNT_MAX <<
	    SWAP_WORD_COUNT_SHIFT);
	HT_EQ(swap_word_kind(big), SWAP_WORD_CACHED);
	HT_EQ(swap_word_count(big), COUNT_MAX);
	HT_EQ((big & SWAP_WORD_FOLIO_MASK) >> SWAP_WORD_FOLIO_SHIFT,
	    (1ULL << SWAP_WORD_FOLIO_BITS) - 1);
	HT_EQ(swap_word_count(swap_word_with_count(big, 5)), 5);
	HT_EQ(swap_word_with_count(big, 5) & ~(~0ULL << SWAP_WORD_COUNT_SHIFT),
	    big & ~(~0ULL << SWAP_WORD_COUNT_SHIFT));
}

/*
 * Creation.
 */

HOST_TEST(swap_create_args)
{
	static const uint32_t past_end[] = { 3, 10 };
	struct swap_table *t = NULL;
	uint64_t slot;

	swap_setup();
	HT_EQ(swap_table_create(0, NULL, 0, &t), -EINVAL);
	HT_EQ(swap_table_create(1, NULL, 0, &t), -EINVAL);
	HT_EQ(swap_table_create((1ULL << 32) + 1, NULL, 0, &t), -EINVAL);
	HT_EQ(swap_table_create(10, past_end, 2, &t), -EINVAL);
	HT_EQ(vm_page_free_count(), free_baseline);
	/* The smallest area: the header and one slot. */
	CREATE(t, 2, NULL, 0);
	HT_EQ(stats_of(t).usable, 1);
	HT_EQ(stats_of(t).free, 1);
	HT_EQ(stats_of(t).nclusters, 1);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_NONFULL], 1);
	HT_EQ(swap_alloc(t, SWAP_ORDER_PMD, &slot), -ENOSPC);
	ALLOC(t, 0, slot);
	HT_EQ(slot, 1);
	HT_EQ(swap_alloc(t, 0, &slot), -ENOSPC);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FULL], 1);
	swap_put(t, 1, 1);
	DESTROY(t);
}

/* Exactly the slots that are not bad come out, each once. */
HOST_TEST(swap_bad_slots_never_handed_out)
{
	static const uint32_t bad[] = { 0, 7, 7, 600, 1535, 3 * C + 99 };
	const uint64_t nslots = 3 * C + 100;	/* the last cluster: 412 past */
	const uint64_t nbad = 5 + (4 * C - nslots);
	static bool taken[4 * C];
	struct swap_table *t;
	uint64_t slot, n = 0;
	int err;

	swap_setup();
	memset(taken, 0, sizeof(taken));
	CREATE(t, nslots, bad, nitems(bad));
	swap_table_audit(t);
	HT_EQ(stats_of(t).nslots, nslots);
	HT_EQ(stats_of(t).usable, 4 * C - nbad);
	HT_EQ(stats_of(t).free, 4 * C - nbad);
	/* Every cluster holds a bad slot: none is free, order 9 never works. */
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 0);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_NONFULL], 4);
	HT_EQ(info_of(t, 0).used, 2);
	HT_EQ(info_of(t, 3).used, 1 + 412);
	HT_ASSERT(info_of(t, 1).has_table);
	HT_EQ(swap_table_word(t, 0), SWAP_WORD_BAD_VALUE);
	HT_EQ(swap_table_word(t, 7), SWAP_WORD_BAD_VALUE);
	HT_EQ(swap_table_word(t, 3 * C + 99), SWAP_WORD_BAD_VALUE);
	HT_EQ(swap_table_word(t, 8), SWAP_WORD_FREE_VALUE);
	HT_EQ(swap_alloc(t, SWAP_ORDER_PMD, &slot), -ENOSPC);
	while ((err = swap_alloc(t, 0, &slot)) == 0) {
		HT_ASSERT(slot != 0 && slot < nslots && !taken[slot]);
		HT_ASSERT(slot != 7 && slot != 600 && slot != 1535 &&
		    slot != 3 * C + 99);
		HT_EQ(swap_count(t, slot), 1);
		taken[slot] = true;
		if (++n % 64 == 0)
			swap_table_audit(t);
	}
	HT_EQ(err, -ENOSPC);
	HT_EQ(n, 4 * C - nbad);
	HT_EQ(stats_of(t).free, 0);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FULL], 4);
	swap_table_audit(t);
	for (slot = 0; slot < nslots; slot++)
		if (taken[slot])
			swap_put(t, slot, 1);
	/* Back to nonfull, not free: the bad slots keep the tables. */
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_NONFULL], 4);
	HT_EQ(stats_of(t).free, 4 * C - nbad);
	DESTROY(t);
}

/*
 * The allocator.
 */

HOST_TEST(swap_alloc_order0_nonfull_before_free)
{
	struct swap_table *t;
	uint64_t slot;

	swap_setup();
	CREATE(t, 4 * C, NULL, 0);
	/* Cluster 0 holds the header: nonfull from the start, used first. */
	HT_EQ(STATE(t, 0), SWAP_CLUSTER_NONFULL);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 3);
	for (uint64_t want = 1; want <= 10; want++) {
		ALLOC(t, 0, slot);
		HT_EQ(slot, want);		/* consecutive slots */
	}
	swap_put(t, 3, 1);	/* a hole behind: the scan goes on ahead */
	for (uint64_t want = 11; want < C; want++) {
		ALLOC(t, 0, slot);
		HT_EQ(slot, want);
	}
	ALLOC(t, 0, slot);	/* then wraps around to the hole */
	HT_EQ(slot, 3);
	HT_EQ(STATE(t, 0), SWAP_CLUSTER_FULL);
	HT_ASSERT(!info_of(t, 1).has_table);
	ALLOC(t, 0, slot);			/* now a free cluster */
	HT_EQ(slot, C);
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_NONFULL);
	HT_ASSERT(info_of(t, 1).has_table);
	swap_put(t, C, 1);			/* cluster 1 is free again */
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FREE);
	HT_ASSERT(!info_of(t, 1).has_table);
	swap_put(t, 100, 1);			/* cluster 0 has a hole */
	HT_EQ(STATE(t, 0), SWAP_CLUSTER_NONFULL);
	ALLOC(t, 0, slot);		/* the hole, not a free cluster */
	HT_EQ(slot, 100);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 3);
	/*
	 * The current cluster comes before other nonfull ones.  The free
	 * list is first in, first out: cluster 1 went back behind 2 and 3.
	 */
	ALLOC(t, 0, slot);
	HT_EQ(slot, 2 * C);
	swap_put(t, 5, 1);
	swap_put(t, 6, 1);
	for (uint64_t want = 2 * C + 1; want < 3 * C; want++) {
		ALLOC(t, 0, slot);
		HT_EQ(slot, want);
	}
	ALLOC(t, 0, slot);
	HT_EQ(slot, 5);
	ALLOC(t, 0, slot);
	HT_EQ(slot, 6);
	ALLOC(t, 0, slot);
	HT_EQ(slot, 3 * C);
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FREE);
	swap_table_audit(t);
	for (slot = 1; slot < 4 * C; slot++)
		if (swap_count(t, slot) > 0)
			swap_put(t, slot, 1);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 3);
	DESTROY(t);
}

HOST_TEST(swap_alloc_order9_free_clusters_only)
{
	struct swap_table *t;
	uint64_t slot, base[3];

	swap_setup();
	CREATE(t, 4 * C, NULL, 0);
	for (int k = 0; k < 3; k++) {
		ALLOC(t, SWAP_ORDER_PMD, base[k]);
		HT_EQ(base[k], (uint64_t)(k + 1) * C);	/* never cluster 0 */
		HT_EQ(info_of(t, k + 1).state, SWAP_CLUSTER_FULL);
		HT_EQ(info_of(t, k + 1).order, SWAP_ORDER_PMD);
		for (uint64_t s = base[k]; s < base[k] + C; s++)
			HT_EQ(swap_count(t, s), 1);
	}
	/* No free cluster: order 9 fails, though 511 order-0 slots remain. */
	HT_EQ(swap_alloc(t, SWAP_ORDER_PMD, &slot), -ENOSPC);
	HT_EQ(stats_of(t).free, C - 1);
	ALLOC(t, 0, slot);
	HT_EQ(slot, 1);
	/* A cluster given back whole serves order 9 again... */
	swap_put(t, base[1], C);
	HT_EQ(STATE(t, 2), SWAP_CLUSTER_FREE);
	HT_ASSERT(!info_of(t, 2).has_table);
	/* ...unless one order-0 slot is taken from it first. */
	for (uint64_t s = 2; s < C; s++)
		ALLOC(t, 0, slot);
	ALLOC(t, 0, slot);
	HT_EQ(slot, 2 * C);
	HT_EQ(swap_alloc(t, SWAP_ORDER_PMD, &slot), -ENOSPC);
	HT_EQ(stats_of(t).free, C - 1);
	swap_table_audit(t);
	swap_put(t, 2 * C, 1);
	ALLOC(t, SWAP_ORDER_PMD, slot);
	HT_EQ(slot, 2 * C);
	for (int k = 0; k < 3; k++)
		swap_put(t, base[k], C);
	for (slot = 1; slot < C; slot++)
		swap_put(t, slot, 1);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 3);
	DESTROY(t);
}

/* Holes in an order-9 cluster are order 0's last resort. */
HOST_TEST(swap_alloc_fragmented_last)
{
	struct swap_table *t;
	uint64_t slot;

	swap_setup();
	CREATE(t, 4 * C, NULL, 0);
	for (int k = 0; k < 3; k++)
		ALLOC(t, SWAP_ORDER_PMD, slot);
	swap_put(t, 2 * C, 4);			/* holes in cluster 2 */
	HT_EQ(STATE(t, 2), SWAP_CLUSTER_FRAG);
	HT_EQ(info_of(t, 2).used, C - 4);
	for (uint64_t want = 1; want < C; want++) {
		ALLOC(t, 0, slot);		/* cluster 0 first */
		HT_EQ(slot, want);
	}
	ALLOC(t, 0, slot);			/* then the holes */
	HT_EQ(slot, 2 * C);
	HT_EQ(STATE(t, 2), SWAP_CLUSTER_NONFULL);
	HT_EQ(info_of(t, 2).order, 0);
	/* A free cluster comes before a fragmented one. */
	swap_put(t, 3 * C, C);
	swap_put(t, C + 88, 1);
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FRAG);
	for (uint64_t want = 2 * C + 1; want < 2 * C + 4; want++) {
		ALLOC(t, 0, slot);		/* the current cluster */
		HT_EQ(slot, want);
	}
	ALLOC(t, 0, slot);
	HT_EQ(slot, 3 * C);
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FRAG);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FRAG], 1);
	swap_table_audit(t);
	for (slot = 1; slot < 3 * C + 1; slot++)
		if (swap_count(t, slot) > 0)
			swap_put(t, slot, 1);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 3);
	DESTROY(t);
}

/*
 * Counts.
 */

HOST_TEST(swap_dup_errors)
{
	struct swap_table *t;
	uint64_t slot;

	swap_setup();
	CREATE(t, 2 * C, NULL, 0);
	HT_EQ(swap_dup(t, 5, 1), -ENOENT);		/* free */
	HT_EQ(swap_dup(t, 0, 1), -ENOENT);		/* the header */
	HT_EQ(swap_dup(t, C + 3, 1), -ENOENT);	/* a free cluster */
	for (int k = 0; k < 4; k++)
		ALLOC(t, 0, slot);			/* 1 .. 4 */
	swap_put(t, 3, 1);
	HT_EQ(swap_dup(t, 1, 4), -ENOENT);		/* 3 is free: none */
	for (slot = 1; slot <= 4; slot++)
		HT_EQ(swap_count(t, slot), slot == 3 ? 0 : 1);
	HT_EQ(swap_dup(t, 1, 2), 0);
	HT_EQ(swap_count(t, 1), 2);
	HT_EQ(swap_count(t, 2), 2);
	swap_put(t, 1, 2);
	swap_put(t, 1, 2);
	swap_put(t, 4, 1);
	DESTROY(t);
}

/* One slot past the field, past 256, to 1000 and back. */
HOST_TEST(swap_count_overflow)
{
	struct swap_table *t;
	uint64_t s, s2;

	swap_setup();
	CREATE(t, 2 * C, NULL, 0);
	ALLOC(t, 0, s);
	ALLOC(t, 0, s2);
	for (unsigned want = 2; want <= 1000; want++) {
		HT_EQ(swap_dup(t, s, 1), 0);
		HT_EQ(swap_count(t, s), want);
		HT_EQ(swap_word_count(swap_table_word(t, s)),
		    want < COUNT_MAX ? want : COUNT_MAX);
		HT_EQ(info_of(t, 0).has_overflow, want > COUNT_MAX);
		if (want == COUNT_MAX + 1 || want == 256 || want == 257)
			swap_table_audit(t);
	}
	HT_EQ(stats_of(t).overflow_tables, 1);
	for (unsigned k = 1; k < 100; k++)	/* a second slot: 100 */
		HT_EQ(swap_dup(t, s2, 1), 0);
	for (unsigned want = 999; want >= 1; want--) {
		swap_put(t, s, 1);
		HT_EQ(swap_count(t, s), want);
		HT_ASSERT(info_of(t, 0).has_overflow);	/* s2 needs it */
	}
	swap_table_audit(t);
	swap_put(t, s, 1);
	HT_EQ(swap_table_word(t, s), SWAP_WORD_FREE_VALUE);
	for (unsigned want = 99; want >= 1; want--) {
		swap_put(t, s2, 1);
		HT_EQ(swap_count(t, s2), want);
		HT_EQ(info_of(t, 0).has_overflow, want > COUNT_MAX);
	}
	HT_EQ(stats_of(t).overflow_tables, 0);
	swap_put(t, s2, 1);
	DESTROY(t);
}

/* A swap PMD shared by 1000 forks: 512 counts past 256 at once. */
HOST_TEST(swap_count_overflow_many_forks)
{
	struct swap_table *t;
	uint64_t base;

	swap_setup();
	CREATE(t, 3 * C, NULL, 0);
	ALLOC(t, SWAP_ORDER_PMD, base);
	for (unsigned k = 0; k < 1000; k++)
		HT_EQ(swap_dup(t, base, C), 0);
	for (uint64_t s = base; s < base + C; s++)
		HT_EQ(swap_count(t, s), 1001);
	HT_ASSERT(info_of(t, 1).has_overflow);
	swap_table_audit(t);
	/* The cache keeps each count; they come down through it. */
	HT_EQ(swap_cache_add(t, base, C, folio(C)), 0);
	for (unsigned k = 0; k < 1000; k++)
		swap_put(t, base, C);
	HT_ASSERT(!info_of(t, 1).has_overflow);
	HT_EQ(swap_count(t, base + 77), 1);
	swap_put(t, base, C);
	HT_EQ(swap_count(t, base + 77), 0);
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FULL);	/* the cache holds them */
	HT_ASSERT(swap_cache_get(t, base + 511) == folio(C));
	swap_table_audit(t);
	swap_cache_del(t, base, C, folio(C));
	HT_EQ(STATE(t, 1), SWAP_CLUSTER_FREE);
	HT_ASSERT(!info_of(t, 1).has_table);
	HT_EQ(stats_of(t).free, stats_of(t).usable);
	DESTROY(t);
}

/*
 * The swap cache.
 */

HOST_TEST(swap_cache_single)
{
	struct swap_table *t;
	uint64_t s, s2, nfree;

	swap_setup();
	CREATE(t, 2 * C, NULL, 0);
	ALLOC(t, 0, s);
	ALLOC(t, 0, s2);
	HT_ASSERT(swap_cache_get(t, s) == NULL);
	HT_EQ(swap_cache_check(t, s, 1), 0);
	HT_EQ(swap_cache_add(t, s, 1, folio(10)), 0);
	HT_ASSERT(swap_cache_get(t, s) == folio(10));
	HT_EQ(swap_count(t, s), 1);
	HT_EQ(swap_cache_check(t, s, 1), -EEXIST);
	HT_EQ(swap_cache_add(t, s, 1, folio(11)), -EEXIST);
	HT_ASSERT(swap_cache_get(t, s) == folio(10));
	HT_EQ(stats_of(t).cached, 1);
	/* Free slots and the header cannot be cached. */
	HT_EQ(swap_cache_check(t, s2 + 1, 1), -ENOENT);
	HT_EQ(swap_cache_add(t, s2 + 1, 1, folio(11)), -ENOENT);
	HT_EQ(swap_cache_add(t, 0, 1, folio(11)), -ENOENT);
	HT_EQ(swap_cache_add(t, C + 5, 1, folio(11)), -ENOENT);
	HT_ASSERT(swap_cache_get(t, s2 + 1) == NULL);
	/* Count 0: the cache alone keeps the slot; it can be shared again. */
	nfree = stats_of(t).free;
	swap_put(t, s, 1);
	HT_EQ(swap_count(t, s), 0);
	HT_EQ(swap_word_kind(swap_table_word(t, s)), SWAP_WORD_CACHED);
	HT_EQ(stats_of(t).free, nfree);
	HT_EQ(swap_dup(t, s, 1), 0);
	HT_EQ(swap_count(t, s), 1);
	swap_put(t, s, 1);
	swap_cache_del(t, s, 1, folio(10));	/* ...and goes with it */
	HT_EQ(swap_table_word(t, s), SWAP_WORD_FREE_VALUE);
	HT_EQ(stats_of(t).free, nfree + 1);
	HT_EQ(stats_of(t).cached, 0);
	/* Leaving the cache keeps the count. */
	HT_EQ(swap_dup(t, s2, 1), 0);
	HT_EQ(swap_cache_add(t, s2, 1, folio(12)), 0);
	swap_cache_del(t, s2, 1, folio(12));
	HT_EQ(swap_table_word(t, s2), swap_word_swapped(2));
	swap_put(t, s2, 1);
	swap_put(t, s2, 1);
	DESTROY(t);
}

HOST_TEST(swap_cache_ranges)
{
	struct swap_table *t;
	uint64_t b, b2;

	swap_setup();
	CREATE(t, 3 * C, NULL, 0);
	ALLOC(t, SWAP_ORDER_PMD, b);
	ALLOC(t, SWAP_ORDER_PMD, b2);
	HT_EQ(swap_cache_add(t, b + 8, 8, folio(64)), 0);
	HT_EQ(swap_cache_add(t, b + 12, 4, folio(72)), -EEXIST);
	HT_EQ(swap_cache_add(t, b + 16, 16, folio(80)), 0);
	/* All or nothing: an overlap adds none of the range. */
	HT_EQ(swap_cache_check(t, b, 32), -EEXIST);
	HT_EQ(swap_cache_add(t, b, 32, folio(96)), -EEXIST);
	HT_ASSERT(swap_cache_get(t, b) == NULL);
	HT_ASSERT(swap_cache_get(t, b + 7) == NULL);
	for (uint64_t s = b + 8; s < b + 16; s++)
		HT_ASSERT(swap_cache_get(t, s) == folio(64));	/* the head */
	HT_ASSERT(swap_cache_get(t, b + 31) == folio(80));
	swap_put(t, b + 1, 1);			/* a free slot in [b, b + 4) */
	HT_EQ(swap_cache_add(t, b, 4, folio(100)), -ENOENT);
	HT_ASSERT(swap_cache_get(t, b) == NULL);
	HT_EQ(stats_of(t).cached, 24);
	swap_table_audit(t);
	swap_cache_del(t, b + 8, 8, folio(64));
	swap_cache_del(t, b + 16, 16, folio(80));
	HT_EQ(swap_count(t, b + 20), 1);
	HT_EQ(stats_of(t).cached, 0);
	/* A 2 MiB folio over a whole cluster. */
	HT_EQ(swap_cache_add(t, b2, C, folio(C)), 0);
	for (uint64_t s = b2; s < b2 + C; s++)
		HT_ASSERT(swap_cache_get(t, s) == folio(C));
	swap_put(t, b2, C);
	HT_EQ(STATE(t, 2), SWAP_CLUSTER_FULL);
	HT_EQ(stats_of(t).cached, C);
	swap_cache_del(t, b2, C, folio(C));
	HT_EQ(STATE(t, 2), SWAP_CLUSTER_FREE);
	swap_put(t, b, 1);
	swap_put(t, b + 2, C - 2);
	HT_EQ(stats_of(t).clusters[SWAP_CLUSTER_FREE], 2);
	DESTROY(t);
}

/*
 * Misuse ends in a KASSERT.  Each case runs on a fresh table: a caught
 * KASSERT leaves the cluster lock held.
 */

enum misuse { PUT_FREE, PUT_HEADER, DEL_WRONG_FOLIO, DUP_ACROSS,
	CACHE_MISALIGNED, DESTROY_BUSY };

struct misuse_call {
	struct swap_table *t;
	enum misuse	what;
};

static void
call_misuse(void *arg)
{
	struct misuse_call *mc = arg;

	switch (mc->what) {
	case PUT_FREE:
		swap_put(mc->t, 9, 1);
		break;
	case PUT_HEADER:
		swap_put(mc->t, 0, 1);
		break;
	case DEL_WRONG_FOLIO:
		swap_cache_del(mc->t, 1, 1, folio(2));
		break;
	case DUP_ACROSS:
		(void)swap_dup(mc->t, C - 2, 4);
		break;
	case CACHE_MISALIGNED:
		(void)swap_cache_add(mc->t, 1, 2, folio(1));
		break;
	case DESTROY_BUSY:
		swap_table_destroy(mc->t);
		break;
	}
}

HOST_TEST(swap_misuse_kasserts)
{
	static const struct {
		enum misuse	what;
		const char	*says;
	} cases[] = {
		{ PUT_FREE, "has no reference" },
		{ PUT_HEADER, "has no reference" },
		{ DEL_WRONG_FOLIO, "is not cached by" },
		{ DUP_ACROSS, "across clusters" },
		{ CACHE_MISALIGNED, "not one folio's range" },
		{ DESTROY_BUSY, "still in use" },
	};

	swap_setup();
	for (size_t k = 0; k < nitems(cases); k++) {
		struct misuse_call mc = { NULL, cases[k].what };
		char msg[256] = "";
		uint64_t slot;

		CREATE(mc.t, 2 * C, NULL, 0);
		ALLOC(mc.t, 0, slot);		/* slot 1, cached by folio 1 */
		HT_EQ(swap_cache_add(mc.t, slot, 1, folio(1)), 0);
		if (!host_catch_kassert(call_misuse, &mc, msg, sizeof(msg)) ||
		    strstr(msg, cases[k].says) == NULL)
			HT_FAIL("case %zu: no KASSERT saying \"%s\" (\"%s\")",
			    k, cases[k].says, msg);
	}
}

/*
 * The randomised comparison with a model.
 */

#define R_NSLOTS	(6 * C + 200)	/* 7 clusters, 312 slots past */
#define R_NCLUSTERS	7
#define R_STEPS		24000
#define R_PHASE		4000		/* steps of filling, then draining */
#define NO_FOLIO	(-1)

static struct {
	uint32_t	count[R_NCLUSTERS * C];
	int32_t		folio[R_NCLUSTERS * C];	/* index, or NO_FOLIO */
	uint32_t	cache_first[R_NCLUSTERS * C];	/* its cached range */
	uint32_t	cache_nr[R_NCLUSTERS * C];
	bool		bad[R_NCLUSTERS * C];
	int		order[R_NCLUSTERS];
	int		current;	/* order 0's cluster, or -1 */
	uint64_t	nfree;
	uint64_t	ncached;
} model;
static int r_step;

/* What the run went through: it must reach every corner at least once. */
static struct {
	unsigned	alloc9;		/* order 9 given */
	unsigned	alloc9_nospc;	/* refused, order-0 slots left */
	unsigned	alloc0_nospc;	/* the area full */
	unsigned	frag_taken;	/* order 0 took a fragmented cluster */
	unsigned	overflow;	/* a dup needed the overflow table */
	unsigned	cache_exist;	/* swap_cache_add() -EEXIST */
	unsigned	cache_noent;	/* swap_cache_add() -ENOENT */
	unsigned	cache_zero;	/* a cached slot left with count 0 */
} seen;

/* Fail the test with the step and seed in front of the message. */
#define RFAIL(fmt, ...) do {						\
	host_fail(ht, __FILE__, __LINE__, "step %d (seed %lu): " fmt,	\
	    r_step, (unsigned long)host_seed(), ##__VA_ARGS__);		\
	return false;							\
} while (0)

#define RCHECK(cond) do {						\
	if (!(cond))							\
		RFAIL("%s", #cond);					\
} while (0)

static bool
m_in_use(uint64_t s)
{
	return !model.bad[s] && (model.count[s] > 0 ||
	    model.folio[s] != NO_FOLIO);
}

static unsigned
m_used(int k)
{
	unsigned used = 0;

	for (uint64_t s = (uint64_t)k * C; s < (uint64_t)(k + 1) * C; s++)
		used += model.bad[s] || m_in_use(s);
	return used;
}

static enum swap_cluster_state
m_state(int k)
{
	unsigned used = m_used(k);

	if (used == 0)
		return SWAP_CLUSTER_FREE;
	if (used == C)
		return SWAP_CLUSTER_FULL;
	return model.order[k] == 0 ? SWAP_CLUSTER_NONFULL : SWAP_CLUSTER_FRAG;
}

static bool
m_any(enum swap_cluster_state state)
{
	for (int k = 0; k < R_NCLUSTERS; k++)
		if (m_state(k) == state)
			return true;
	return false;
}

/* Slot s is free in the model now; its cluster may be free too. */
static void
m_slot_freed(uint64_t s)
{
	int k = (int)(s / C);

	model.nfree++;
	if (m_used(k) == 0) {
		model.order[k] = 0;
		if (model.current == k)
			model.current = -1;
	}
}

static void
model_init(struct swap_table **tp, struct host_ctx *ht)
{
	uint32_t bad[8];
	size_t nbad = 0;

	memset(&model, 0, sizeof(model));
	for (uint64_t s = 0; s < R_NCLUSTERS * C; s++)
		model.folio[s] = NO_FOLIO;
	model.current = -1;
	bad[nbad++] = 0;
	for (int k = 0; k < 3; k++)	/* a few bad slots, here and there */
		bad[nbad++] = (uint32_t)host_random_below(R_NSLOTS);
	for (size_t k = 0; k < nbad; k++)
		model.bad[bad[k]] = true;
	for (uint64_t s = R_NSLOTS; s < R_NCLUSTERS * C; s++)
		model.bad[s] = true;
	for (uint64_t s = 0; s < R_NCLUSTERS * C; s++)
		model.nfree += !model.bad[s];
	if (swap_table_create(R_NSLOTS, bad, nbad, tp) != 0)
		host_fail(ht, __FILE__, __LINE__, "swap_table_create failed");
}

/* A random slot that is in use (with a count if need_count), or false. */
static bool
m_pick(uint64_t *sp, bool need_count, bool need_cached)
{
	for (int tries = 0; tries < 200; tries++) {
		uint64_t s = host_random_below(R_NSLOTS);

		if (m_in_use(s) && (!need_count || model.count[s] > 0) &&
		    (!need_cached || model.folio[s] != NO_FOLIO)) {
			*sp = s;
			return true;
		}
	}
	return false;
}

/* Order 0: the class of cluster the allocator must choose, by the model. */
static enum swap_cluster_state
m_order0_class(void)
{
	if (model.current >= 0 && m_state(model.current) ==
	    SWAP_CLUSTER_NONFULL)
		return SWAP_CLUSTER_NSTATES;	/* the current one itself */
	if (m_any(SWAP_CLUSTER_NONFULL))
		return SWAP_CLUSTER_NONFULL;
	if (m_any(SWAP_CLUSTER_FREE))
		return SWAP_CLUSTER_FREE;
	return SWAP_CLUSTER_FRAG;
}

static bool
r_alloc0_one(struct host_ctx *ht, struct swap_table *t)
{
	enum swap_cluster_state want;
	uint64_t s;
	int err, k;

	if (model.nfree == 0) {
		RCHECK(swap_alloc(t, 0, &s) == -ENOSPC);
		seen.alloc0_nospc++;
		return true;
	}
	want = m_order0_class();
	err = swap_alloc(t, 0, &s);
	RCHECK(err == 0 && s < R_NSLOTS && !model.bad[s] && !m_in_use(s));
	k = (int)(s / C);
	if (want == SWAP_CLUSTER_NSTATES)
		RCHECK(k == model.current);
	else if (m_state(k) != want)
		RFAIL("order 0 took cluster %d (%d), not one of state %d", k,
		    m_state(k), want);
	if (m_state(k) == SWAP_CLUSTER_FREE)
		RCHECK(s == (uint64_t)k * C);
	seen.frag_taken += m_state(k) == SWAP_CLUSTER_FRAG;
	model.count[s] = 1;
	model.order[k] = 0;
	model.current = k;
	model.nfree--;
	return true;
}

/* Order 0, one slot or a burst (the page daemon swapping out a batch). */
static bool
r_alloc0(struct host_ctx *ht, struct swap_table *t, unsigned burst)
{
	unsigned n = 1 + (unsigned)host_random_below(burst);

	for (unsigned k = 0; k < n && model.nfree > 0; k++)
		if (!r_alloc0_one(ht, t))
			return false;
	return model.nfree > 0 || r_alloc0_one(ht, t);	/* -ENOSPC */
}

static bool
r_alloc9(struct host_ctx *ht, struct swap_table *t)
{
	bool any = m_any(SWAP_CLUSTER_FREE);
	uint64_t s;
	int err = swap_alloc(t, SWAP_ORDER_PMD, &s), k;

	if (!any) {
		RCHECK(err == -ENOSPC);
		seen.alloc9_nospc += model.nfree > 0;
		return true;
	}
	seen.alloc9++;
	RCHECK(err == 0 && s % C == 0 && s < R_NSLOTS);
	k = (int)(s / C);
	RCHECK(m_state(k) == SWAP_CLUSTER_FREE);
	for (uint64_t i = s; i < s + C; i++)
		model.count[i] = 1;
	model.order[k] = SWAP_ORDER_PMD;
	model.nfree -= C;
	return true;
}

/* A random range around a slot, inside its cluster and the area. */
static unsigned
r_range(uint64_t s)
{
	static const unsigned sizes[] = { 1, 1, 1, 1, 2, 3, 8, 40 };
	unsigned nr = sizes[host_random_below(nitems(sizes))];
	uint64_t room = MIN((s / C + 1) * C, (uint64_t)R_NSLOTS) - s;

	return (unsigned)MIN((uint64_t)nr, room);
}

static bool
r_dup(struct host_ctx *ht, struct swap_table *t)
{
	uint64_t s;
	unsigned nr, times = 1;
	int want = 0;

	if (host_random_below(8) == 0) {	/* anywhere, maybe free */
		s = host_random_below(R_NSLOTS);
	} else if (!m_pick(&s, false, false)) {
		return true;
	}
	nr = r_range(s);
	if (host_random_below(50) == 0)
		times = 1 + (unsigned)host_random_below(300);	/* forks */
	for (uint64_t i = s; i < s + nr; i++)
		if (!m_in_use(i))
			want = -ENOENT;
	for (unsigned k = 0; k < times; k++) {
		int err = swap_dup(t, s, nr);

		if (err != want)
			RFAIL("swap_dup(%lu, %u): %d, the model says %d",
			    (unsigned long)s, nr, err, want);
		if (err != 0)
			return true;
		for (uint64_t i = s; i < s + nr; i++)
			seen.overflow += ++model.count[i] == COUNT_MAX + 1;
	}
	return true;
}

/* The model's side of swap_put(t, s, 1). */
static void
m_put(uint64_t s)
{
	if (--model.count[s] > 0)
		return;
	if (model.folio[s] == NO_FOLIO)
		m_slot_freed(s);
	else
		seen.cache_zero++;
}

/*
 * Drop references to a run of slots: one each (an unmap), or, when
 * exiting, each one's every reference (all its sharers exit).
 */
static bool
r_put(struct host_ctx *ht, struct swap_table *t, bool exiting)
{
	uint64_t s;
	unsigned nr, limit, times = 1;

	if (!m_pick(&s, true, false))
		return true;
	limit = r_range(s);
	for (nr = 1; nr < limit && model.count[s + nr] > 0; nr++)
		continue;
	if (exiting && host_random_below(4) == 0)
		times = model.count[s];
	for (unsigned k = 0; k < times; k++) {
		for (uint64_t i = s; i < s + nr; i++)
			if (model.count[i] == 0)
				return true;
		swap_put(t, s, nr);
		for (uint64_t i = s; i < s + nr; i++)
			m_put(i);
	}
	RCHECK(swap_count(t, s) == model.count[s]);
	return true;
}

/* What swap_cache_check() should say of [s, s + nr), by the model. */
static int
m_cache_check(uint64_t s, unsigned nr)
{
	for (uint64_t i = s; i < s + nr; i++) {
		if (model.folio[i] != NO_FOLIO)
			return -EEXIST;
		if (model.bad[i] || model.count[i] == 0)
			return -ENOENT;
	}
	return 0;
}

static bool
r_cache_add(struct host_ctx *ht, struct swap_table *t)
{
	static const unsigned sizes[] = { 1, 1, 1, 1, 1, 2, 4, 8, 16, C };
	unsigned nr = sizes[host_random_below(nitems(sizes))];
	uint64_t s;
	int32_t f;
	int want, err;

	if (!m_pick(&s, false, false))
		s = host_random_below(R_NSLOTS);
	s &= ~(uint64_t)(nr - 1);
	if (s + nr > R_NSLOTS)
		return true;
	want = m_cache_check(s, nr);
	f = (int32_t)host_random_below(NPAGES - nr);
	RCHECK(swap_cache_check(t, s, nr) == want);
	err = swap_cache_add(t, s, nr, folio((size_t)f));
	if (err != want)
		RFAIL("swap_cache_add(%lu, %u): %d, the model says %d",
		    (unsigned long)s, nr, err, want);
	seen.cache_exist += err == -EEXIST;
	seen.cache_noent += err == -ENOENT;
	if (err != 0)
		return true;
	for (uint64_t i = s; i < s + nr; i++) {
		model.folio[i] = f;
		model.cache_first[i] = (uint32_t)s;
		model.cache_nr[i] = nr;
	}
	model.ncached += nr;
	return true;
}

/* Take the cached range through slot s out of the cache, both sides. */
static void
r_cache_del_at(struct swap_table *t, uint64_t s)
{
	uint64_t first = model.cache_first[s];
	unsigned nr = model.cache_nr[s];

	swap_cache_del(t, first, nr, folio((size_t)model.folio[s]));
	for (uint64_t i = first; i < first + nr; i++) {
		model.folio[i] = NO_FOLIO;
		if (model.count[i] == 0)
			m_slot_freed(i);
	}
	model.ncached -= nr;
}

static bool
r_cache_del(struct host_ctx *ht, struct swap_table *t)
{
	uint64_t s;

	if (!m_pick(&s, false, true))
		return true;
	r_cache_del_at(t, s);
	RCHECK(swap_cache_get(t, s) == NULL);
	return true;
}

/*
 * Drop every reference and cache entry of clusters [k0, k1): the owners
 * of everything there exit at once.
 */
static void
r_release_clusters(struct swap_table *t, int k0, int k1)
{
	uint64_t end = MIN((uint64_t)k1 * C, (uint64_t)R_NSLOTS);

	for (uint64_t s = (uint64_t)k0 * C; s < end; s++)
		if (model.folio[s] != NO_FOLIO)
			r_cache_del_at(t, s);
	for (uint64_t s = (uint64_t)k0 * C; s < end; s++) {
		while (model.count[s] > 0) {
			swap_put(t, s, 1);
			m_put(s);
		}
	}
}

static bool
r_release_cluster(struct host_ctx *ht, struct swap_table *t)
{
	int k = (int)host_random_below(R_NCLUSTERS);

	r_release_clusters(t, k, k + 1);
	RCHECK(m_state(k) == SWAP_CLUSTER_FREE || m_used(k) ==
	    info_of(t, (size_t)k).used);
	return true;
}

/* Slot s as the table has it against the model. */
static bool
r_compare_slot(struct host_ctx *ht, struct swap_table *t, uint64_t s)
{
	uint64_t word = swap_table_word(t, s);
	struct vm_page *f = swap_cache_get(t, s);

	if (swap_count(t, s) != model.count[s])
		RFAIL("slot %lu: count %u, the model says %u",
		    (unsigned long)s, swap_count(t, s), model.count[s]);
	if (model.folio[s] == NO_FOLIO ? f != NULL :
	    f != folio((size_t)model.folio[s]))
		RFAIL("slot %lu: folio %p, the model says %d",
		    (unsigned long)s, (void *)f, model.folio[s]);
	if (model.bad[s])
		RCHECK(word == SWAP_WORD_BAD_VALUE);
	else if (!m_in_use(s))
		RCHECK(word == SWAP_WORD_FREE_VALUE);
	return true;
}

/* The counters and every cluster's state against the model. */
static bool
r_compare_books(struct host_ctx *ht, struct swap_table *t, bool all_slots)
{
	struct swap_table_stats st = stats_of(t);

	RCHECK(st.free == model.nfree && st.cached == model.ncached);
	for (int k = 0; k < R_NCLUSTERS; k++) {
		struct swap_cluster_info info = info_of(t, k);

		if (info.state != m_state(k) || info.used != m_used(k))
			RFAIL("cluster %d: state %d used %u, the model says "
			    "%d and %u", k, info.state, info.used, m_state(k),
			    m_used(k));
		if (info.state != SWAP_CLUSTER_FREE)
			RCHECK(info.order == model.order[k]);
	}
	for (uint64_t s = 0; all_slots && s < R_NSLOTS; s++)
		if (!r_compare_slot(ht, t, s))
			return false;
	return true;
}

/*
 * One random operation.  Filling favours allocation until the area is
 * full; draining favours puts and exits, until clusters are free again.
 */
static bool
r_step_once(struct host_ctx *ht, struct swap_table *t, bool filling)
{
	uint64_t pick = host_random_below(100);

	if (filling) {
		if (pick < 50)
			return r_alloc0(ht, t, 16);
		if (pick < 58)
			return r_alloc9(ht, t);
		if (pick < 68)
			return r_dup(ht, t);
		if (pick < 74)
			return r_put(ht, t, false);
		if (pick < 86)
			return r_cache_add(ht, t);
		if (pick < 90)
			return r_cache_del(ht, t);
	} else {
		if (pick < 5)
			return r_alloc0(ht, t, 1);
		if (pick < 8)
			return r_alloc9(ht, t);
		if (pick < 16)
			return r_dup(ht, t);
		if (pick < 60)
			return r_put(ht, t, true);
		if (pick < 63)
			return r_release_cluster(ht, t);
		if (pick < 73)
			return r_cache_add(ht, t);
		if (pick < 90)
			return r_cache_del(ht, t);
	}
	return r_compare_slot(ht, t, host_random_below(R_NSLOTS));
}

HOST_TEST(swap_random)
{
	struct swap_table *t = NULL;

	swap_setup();
	memset(&seen, 0, sizeof(seen));
	model_init(&t, ht);
	if (ht->failed)
		return;
	for (r_step = 0; r_step < R_STEPS; r_step++) {
		bool filling = (r_step / R_PHASE) % 2 == 0;

		if (!r_step_once(ht, t, filling))
			return;
		swap_table_audit(t);
		if (!r_compare_books(ht, t, r_step % 256 == 0))
			return;
	}
	r_release_clusters(t, 0, R_NCLUSTERS);
	if (!r_compare_books(ht, t, true))
		return;
	HT_EQ(stats_of(t).free, stats_of(t).usable);
	HT_EQ(stats_of(t).cached, 0);
	HT_EQ(stats_of(t).overflow_tables, 0);
	DESTROY(t);
	if (seen.alloc9 == 0 || seen.alloc9_nospc == 0 ||
	    seen.alloc0_nospc == 0 || seen.frag_taken == 0 ||
	    seen.overflow == 0 || seen.cache_exist == 0 ||
	    seen.cache_noent == 0 || seen.cache_zero == 0)
		HT_FAIL("seed %lu missed a case: order 9 %u, refused %u, "
		    "area full %u, fragmented taken %u, overflows %u, "
		    "cache -EEXIST %u -ENOENT %u, count 0 cached %u",
		    (unsigned long)host_seed(), seen.alloc9,
		    seen.alloc9_nospc, seen.alloc0_nospc, seen.frag_taken,
		    seen.overflow, seen.cache_exist, seen.cache_noent,
		    seen.cache_zero);
}
