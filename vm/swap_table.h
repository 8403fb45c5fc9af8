/*
 * swap_table.h: the slots of one swap area, their counts and the swap
 * cache (vm/swap_table.c; the design is in the comment at its top).
 *
 * A struct swap_table keeps the books of one swap area of nslots slots (a
 * slot is a 4 KiB page of the disk; slot 0 holds the swap header).  It
 * hands out slots, counts the swap leaves that name each slot, and
 * remembers which folio, if any, holds a slot's contents in memory: the
 * swap cache is this table, not a structure beside it.  It does no I/O and
 * knows no disk, so the host tests (tests/host/test_swap_table.c) run it
 * as it is.
 *
 * Slots are grouped in clusters of SWAP_CLUSTER_SLOTS, one PMD's worth, and
 * each slot of a cluster in use has one 64-bit word in the cluster's table:
 *
 *    63      58 57                                             2 1  0
 *   +----------+------------------------------------------------+----+
 *   |    0     |                       0                        | 00 |  free
 *   +----------+------------------------------------------------+----+
 *   |  count   |                       0                        | 01 |  swapped
 *   +----------+------------------------------------------------+----+
 *   |  count   |   folio: its index in vm_page_array[]          | 10 |  cached
 *   +----------+------------------------------------------------+----+
 *   |    0     |                       0                        | 11 |  bad
 *   +----------+------------------------------------------------+----+
 *
 *  - free: the whole word is 0, so a zeroed table is all free.
 *  - swapped (out): count (at least 1) swap leaves, or other holders that
 *    took a reference with swap_dup(), name the slot; the data is only on
 *    the disk.
 *  - cached (in the swap cache): the folio holds the slot's data in memory
 *    (it is being written out, or was read in and not yet dropped).  count
 *    may be 0: the cache entry alone keeps the slot.  Every slot of a large
 *    folio's range holds the index of its head page.
 *  - bad: never handed out: the header (slot 0), the header's bad pages,
 *    and the slots past the area's end in its last cluster.
 *
 * The count field is 6 bits.  It holds min(count, SWAP_WORD_COUNT_MAX); a
 * count above that continues in the cluster's overflow table, which holds
 * count - SWAP_WORD_COUNT_MAX for the slot (0 for every other slot) and
 * exists only while some slot of the cluster needs it.
 *
 * Why an index and not the struct vm_page pointer: a pointer is 64 bits
 * with 3 free low bits, room for the kind but not for a count.  The index
 * of a frame fits in 56 bits with room to spare (Linux stores the PFN for
 * the same reason).
 *
 * Locking: each function takes the locks it needs (a spin lock per cluster
 * for its words, one per table for the cluster lists); none sleeps, none
 * may be called with a cluster lock held.  A swap_table's functions may be
 * called by several threads at once, except create and destroy.
 */
#ifndef _VM_SWAP_TABLE_H_
#define _VM_SWAP_TABLE_H_

#include "kernel/types.h"
#include "vm/vm_page.h"

#define SWAP_CLUSTER_SHIFT	9
#define SWAP_CLUSTER_SLOTS	(1U << SWAP_CLUSTER_SHIFT)	/* 512 */
#define SWAP_ORDER_PMD		SWAP_CLUSTER_SHIFT	/* a whole cluster */

/*
 * The table word (see the drawing above).
 */

enum swap_word_kind {
	SWAP_WORD_FREE = 0,
	SWAP_WORD_SWAPPED = 1,
	SWAP_WORD_CACHED = 2,
	SWAP_WORD_BAD = 3,
};

#define SWAP_WORD_KIND_MASK	0x3ULL
#define SWAP_WORD_FOLIO_SHIFT	2
#define SWAP_WORD_FOLIO_BITS	56
#define SWAP_WORD_FOLIO_MASK	\
	(((1ULL << SWAP_WORD_FOLIO_BITS) - 1) << SWAP_WORD_FOLIO_SHIFT)
#define SWAP_WORD_COUNT_SHIFT	58
#define SWAP_WORD_COUNT_BITS	6
#define SWAP_WORD_COUNT_MAX	((1U << SWAP_WORD_COUNT_BITS) - 1)	/* 63 */

#define SWAP_WORD_FREE_VALUE	0ULL
#define SWAP_WORD_BAD_VALUE	((uint64_t)SWAP_WORD_BAD)

static inline enum swap_word_kind
swap_word_kind(uint64_t word)
{
	return (enum swap_word_kind)(word & SWAP_WORD_KIND_MASK);
}

/* The count field: the whole count, or SWAP_WORD_COUNT_MAX if it is more. */
static inline unsigned
swap_word_count(uint64_t word)
{
	return (unsigned)(word >> SWAP_WORD_COUNT_SHIFT);
}

/* The same word with another count field (field <= SWAP_WORD_COUNT_MAX). */
static inline uint64_t
swap_word_with_count(uint64_t word, unsigned field)
{
	return (word & ~(~0ULL << SWAP_WORD_COUNT_SHIFT)) |
	    ((uint64_t)field << SWAP_WORD_COUNT_SHIFT);
}

/* A swapped-out slot's word; field is 1 to SWAP_WORD_COUNT_MAX. */
static inline uint64_t
swap_word_swapped(unsigned field)
{
	return swap_word_with_count(SWAP_WORD_SWAPPED, field);
}

/* A cached slot's word: folio is a head page in vm_page_array[]. */
static inline uint64_t
swap_word_cached(const struct vm_page *folio, unsigned field)
{
	uint64_t index = (uint64_t)(folio - vm_page_array);

	return swap_word_with_count(SWAP_WORD_CACHED |
	    (index << SWAP_WORD_FOLIO_SHIFT), field);
}

/* The folio of a cached slot's word. */
static inline struct vm_page *
swap_word_folio(uint64_t word)
{
	return &vm_page_array[(word & SWAP_WORD_FOLIO_MASK) >>
	    SWAP_WORD_FOLIO_SHIFT];
}

/*
 * The table.
 */

struct swap_table;

/*
 * swap_table_create: the books of an area of nslots slots (2 or more),
 * slot 0 being its header.  bad[0 .. nbad) are slots never to hand out
 * (the header's bad-page list: each below nslots; repeats and 0 are
 * harmless).  Allocates the table and the cluster tables of the clusters
 * that hold a bad slot.  0 and *tablep set, -EINVAL (nslots out of range,
 * a bad slot past the end) or -ENOMEM.
 */
int	swap_table_create(uint64_t nslots, const uint32_t *bad, size_t nbad,
	    struct swap_table **tablep);

/*
 * swap_table_destroy: free the books.  Every slot must be free (swapoff
 * has brought everything back in); debug builds check it.
 */
void	swap_table_destroy(struct swap_table *table);

/*
 * swap_alloc: take 2^order free slots, order 0 or SWAP_ORDER_PMD; the
 * first goes into *slotp.  Order SWAP_ORDER_PMD gives a whole cluster
 * (512 slots, slot aligned to 512), and only a cluster that was entirely
 * free.  Each slot comes back swapped out with count 1: a reference that
 * belongs to the caller, who normally adds the folio to the cache, lets
 * the swap leaves take their own references with swap_dup() and then
 * drops this one with swap_put().  0; -ENOSPC when no cluster can serve
 * the order (order 9 can fail while order-0 slots remain); -ENOMEM when a
 * cluster table cannot be allocated.
 */
int	swap_alloc(struct swap_table *table, int order, uint64_t *slotp);

/*
 * swap_dup: one more reference to each slot of [slot, slot + nr), a range
 * inside one cluster (fork copying a swap leaf: nr 1; a swap PMD: 512).
 * All or nothing: 0; -ENOENT if a slot of the range is free or bad (the
 * reference the caller thought it held is gone); -ENOMEM if the cluster's
 * overflow table is needed and cannot be allocated.
 */
int	swap_dup(struct swap_table *table, uint64_t slot, unsigned nr);

/*
 * swap_put: drop one reference to each slot of [slot, slot + nr), a range
 * inside one cluster; each must have a count of at least 1.  A slot whose
 * count reaches 0 is free unless a folio caches it: then it stays until
 * swap_cache_del().  A cluster whose slots are all free again gives back
 * its table.
 */
void	swap_put(struct swap_table *table, uint64_t slot, unsigned nr);

/*
 * swap_count: the references to slot (the count, overflow included),
 * 0 for a free or bad slot, or a cached one that only the cache holds.
 */
unsigned swap_count(struct swap_table *table, uint64_t slot);

/*
 * The swap cache.  A range [slot, slot + nr) is nr (a power of 2, at most
 * SWAP_CLUSTER_SLOTS) slots aligned to nr: one folio's worth, inside one
 * cluster.  No function here takes a reference to a folio: the pointer
 * stays good only as long as the caller keeps the entry from being deleted
 * (the swap-cache layer above does that).
 */

/* swap_cache_get: the folio (head page) caching slot, or NULL. */
struct vm_page *swap_cache_get(struct swap_table *table, uint64_t slot);

/*
 * swap_cache_check: could the range be added to the cache now?  0 if
 * every slot is in use and uncached; -EEXIST if one is cached (the caller
 * should use that folio); -ENOENT if one is free.  The answer can change as
 * soon as the cluster lock is dropped: swap_cache_add() checks again.
 */
int	swap_cache_check(struct swap_table *table, uint64_t slot, unsigned nr);

/*
 * swap_cache_add: make folio (a head page of 2^order == nr pages) cache
 * the range; each slot keeps its count.  All or nothing: 0, -EEXIST or
 * -ENOENT as swap_cache_check() says.
 */
int	swap_cache_add(struct swap_table *table, uint64_t slot, unsigned nr,
	    struct vm_page *folio);

/*
 * swap_cache_del: take folio, which must cache every slot of the range,
 * out of the cache.  A slot whose count is 0 becomes free.
 */
void	swap_cache_del(struct swap_table *table, uint64_t slot, unsigned nr,
	    struct vm_page *folio);

/*
 * swap_cache_split: folio, which caches the range, is being split into
 * nr folios of one page: from now on page folio + i caches slot + i.
 * The counts stay.
 */
void	swap_cache_split(struct swap_table *table, uint64_t slot, unsigned nr,
	    struct vm_page *folio);

/*
 * Counters and inspection.
 */

/* The lists a cluster can be on (the comment in swap_table.c says why). */
enum swap_cluster_state {
	SWAP_CLUSTER_FREE,		/* every slot free; no table */
	SWAP_CLUSTER_NONFULL,		/* serves order 0 and has free slots */
	SWAP_CLUSTER_FRAG,		/* served order 9, has free slots now */
	SWAP_CLUSTER_FULL,		/* no free slot */
	SWAP_CLUSTER_NSTATES
};

struct swap_table_stats {
	uint64_t	nslots;		/* the area's size, header included */
	uint64_t	usable;		/* slots that can be handed out */
	uint64_t	free;		/* of those, free now */
	uint64_t	cached;		/* slots whose word holds a folio */
	size_t		nclusters;
	size_t		clusters[SWAP_CLUSTER_NSTATES];	/* on each list */
	size_t		overflow_tables; /* clusters with an overflow table */
};

/* swap_table_stats: the counters now, for /proc and the tests. */
void	swap_table_stats(struct swap_table *table,
	    struct swap_table_stats *st);

struct swap_cluster_info {
	enum swap_cluster_state state;
	int		order;		/* the order it serves (0 if free) */
	unsigned	used;		/* words not free (bad ones too) */
	bool		has_table;
	bool		has_overflow;
};

/* swap_cluster_info: one cluster's state (index < stats.nclusters). */
void	swap_cluster_info(struct swap_table *table, size_t index,
	    struct swap_cluster_info *info);

/* swap_table_word: slot's raw word (0 in a free cluster); for tests. */
uint64_t swap_table_word(struct swap_table *table, uint64_t slot);

/*
 * swap_table_audit: check every invariant of the books (KASSERT; a no-op
 * in NDEBUG builds): each cluster's used count against its words, its
 * list against its counts, no table while free, the overflow table against
 * the count fields, the counters against the words.  Call it while no
 * other thread is inside these functions (after a test, say).
 */
void	swap_table_audit(struct swap_table *table);

#endif /* !_VM_SWAP_TABLE_H_ */
