/*
 * swap_table.c: the books of a swap area: which slots are free, how many
 * references each used slot has, and which folio caches it.
 *
 * ONE WORD PER SLOT
 *
 * Every slot of the area has one 64-bit word, and that word is the whole
 * truth about the slot (swap_table.h draws the bits):
 *
 *     free                 0
 *     swapped out          count                      (the data is on disk)
 *     in the swap cache    count + folio              (the data is in memory)
 *     bad                  never handed out
 *
 * The count is the number of references to the slot: each swap leaf (a
 * non-present PTE that names the slot) holds one, and so does whoever is
 * between two steps of swapping (swap_alloc()'s own reference, below).
 * fork() copies a swap leaf and takes one more (swap_dup()); munmap and
 * exit drop theirs (swap_put()).
 *
 * The swap cache answers "is slot S's data in memory right now, and in
 * which folio?".  Classic kernels keep that in a separate structure (an
 * xarray or a radix tree keyed by the slot) beside a byte array of counts,
 * and must keep the two in step.  Here, as in Linux since its swap-table
 * work, the answer sits in the very same word as the count: a lookup is an
 * index into an array, and a slot's count and cache entry change together
 * under one lock, so they cannot disagree.  The cache matters twice:
 *
 *  - swap-out: the page daemon gives a folio slots, puts it in the cache,
 *    turns every mapping into a swap leaf and starts the write.  A fault
 *    that comes while the write is in flight finds the folio in the cache
 *    and maps it again: no read of a half-written slot.
 *  - swap-in: the first fault reads the slot into a new folio that it puts
 *    in the cache first; a second process faulting on the same slot (they
 *    share it since a fork) finds that folio and waits on it instead of
 *    reading the slot a second time.
 *
 * A slot is free when its count is 0 and no folio caches it: swap_put()
 * and swap_cache_del() both check, so whichever comes last frees it.
 *
 * THE LIFE OF A SLOT, IN CALLS
 *
 *   swap-out  swap_alloc(t, 0, &s)       s: count 1, the daemon's own
 *             swap_cache_add(t, s, 1, f) s: count 1, folio f
 *             for each mapping of f:     s: count 1 + mappings
 *               swap_dup(t, s, 1), the PTE becomes a swap leaf
 *             swap_put(t, s, 1)          the daemon's reference goes
 *             write f to the slot; then, if f is clean and unmapped,
 *             swap_cache_del(t, s, 1, f) s: count = its swap leaves
 *   fork      swap_dup(t, s, 1)          for each swap leaf copied
 *   swap-in   swap_cache_get(t, s), or a new folio f that the faulting
 *             thread adds with swap_cache_add() before it reads the slot;
 *             map f, then swap_put(t, s, 1) for the leaf it replaced.
 *             f may stay cached while clean: swapping it out again then
 *             needs no write.  swap_cache_del() when it goes.
 *   exit      swap_put(t, s, 1)          for each swap leaf
 *
 * A swap PMD does the same with order 9 and nr = 512.
 *
 * CLUSTERS
 *
 * Slots are grouped in clusters of 512 (SWAP_CLUSTER_SLOTS), one PMD's
 * worth, so that a 2 MiB folio can go out as one naturally aligned run of
 * slots, one write.  The words of a cluster form its *table*, one 4 KiB
 * page, allocated when the cluster is first used and freed when its last
 * slot is free again: an empty area costs a few bytes per cluster, not
 * 8 bytes per slot.  A cluster also has
 *
 *  - a spin lock, for its words: different clusters are independent;
 *  - a used count: its words that are not free (bad ones included);
 *  - the order it serves: 0, or 9 if it was handed out whole;
 *  - an overflow table, only while a count there has outgrown its 6 bits
 *    (a page shared by more than 63 forks): it holds what the field could
 *    not, count - 63, for each slot.  Such counts are rare, so the word
 *    stays small and the rare case costs 2 KiB for the cluster that needs
 *    it;
 *  - its list: every cluster is on exactly one of four, by its state.
 *
 * THE LISTS
 *
 *     free        used == 0                  no table; order 9 comes here
 *     nonfull     0 < used < 512, order 0    order 0 fills these first
 *     fragmented  0 < used < 512, order 9    holes in a cluster given whole
 *     full        used == 512
 *
 * A cluster's list is a function of its used count and its order, and
 * every change of either moves the cluster at once (swp_cluster_settle()).
 *
 * The allocator keeps order 0 and order 9 apart, because a 2 MiB folio
 * needs an entirely free cluster and order-0 slots scattered over every
 * cluster would leave none.  So:
 *
 *  - order 9 takes only a cluster from the free list, all 512 slots; no
 *    free cluster is -ENOSPC, even though order-0 slots remain (the caller
 *    then splits the folio and tries order 0).
 *  - order 0 takes, in this order: the current cluster (the one it took
 *    from last time, so that consecutive swap-outs get consecutive slots,
 *    which the disk writes fastest); a nonfull cluster; a free cluster;
 *    and only when nothing else is left, a fragmented one, which then
 *    becomes an order-0 cluster.  Fragmented clusters come last because
 *    their holes close by themselves: when the rest of the 2 MiB comes back
 *    in, the cluster is free again and can serve order 9.  Filling the
 *    holes with order-0 slots would pin it.
 *
 * Linux keeps a current cluster per CPU and per order; orders 1 to 8
 * (mTHP) need it.  Pagoda has one CPU and orders 0 and 9, and order 9
 * empties a free cluster in one call, so there is nothing to come back to:
 * only order 0 has a current cluster.
 *
 * Bad slots are words of kind "bad" in their cluster's table, counted as
 * used, so a cluster with a bad slot keeps its table for good and never
 * serves order 9.  Slot 0 (the header) is one, in cluster 0, and so are the
 * slots past the area's end when its size is not a multiple of 512.
 *
 * LOCKING
 *
 * Two kinds of spin lock: (a) the table's lock, for the lists, the
 * current cluster and the choice of a cluster; (c) each cluster's lock,
 * for its words, used count and overflow table.  Order: (a), then (c).
 * A cluster's state, order and table pointer change only with both held,
 * so either lock is enough to read them.
 *
 * swap_alloc() takes (a) to choose, then (c) to take slots.  Everything
 * that starts from a slot (dup, put, the cache) takes (c) only.  When such
 * a change means the cluster belongs on another list, the function drops
 * (c) and calls swp_cluster_relocate(), which takes (a) and (c) in order
 * and moves the cluster to wherever its counts say *then*; in between the
 * cluster may sit one step behind on its list, which is harmless: the
 * allocator re-checks what it finds.  Memory (tables) is allocated with no
 * lock held and freed after both are dropped, so kmalloc() may one day
 * reclaim without deadlocking on us.
 *
 * The counters (free and cached slots) are atomics, updated under (c).
 */
#include "vm/swap_table.h"
#include "vm/kmem.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

#define SLOT_INDEX_MASK		(SWAP_CLUSTER_SLOTS - 1)
#define TABLE_BYTES		(SWAP_CLUSTER_SLOTS * sizeof(uint64_t))
#define OVERFLOW_BYTES		(SWAP_CLUSTER_SLOTS * sizeof(uint32_t))
/* What a swap entry can name (vm/vm.h) and the header can describe. */
#define SWAP_TABLE_MAX_SLOTS	(1ULL << 32)

CTASSERT(SWAP_CLUSTER_SHIFT == PMD_ORDER);
CTASSERT(TABLE_BYTES == PAGE_SIZE);

struct swap_cluster {
	struct spinlock	lock;
	struct list_node link;		/* (a) on the list of its state */
	uint64_t	*table;		/* (a+c) the words; NULL while free */
	uint32_t	*overflow;	/* (c) count - COUNT_MAX, or NULL */
	uint16_t	used;		/* (c) words that are not free */
	uint16_t	overflowed;	/* (c) overflow entries not 0 */
	uint16_t	next;		/* (a) where order 0 looks first */
	uint8_t		order;		/* (a+c) the order it serves */
	uint8_t		state;		/* (a+c) enum swap_cluster_state */
};

struct swap_table {
	struct spinlock	lock;
	uint64_t	nslots;		/* (i) the area's size */
	uint64_t	usable;		/* (i) slots that are not bad */
	size_t		nclusters;	/* (i) */
	struct swap_cluster *clusters;	/* (i) [nclusters] */
	struct list_node lists[SWAP_CLUSTER_NSTATES];	/* (a) by state */
	size_t		nlisted[SWAP_CLUSTER_NSTATES];	/* (a) */
	struct swap_cluster *current;	/* (a) order 0's cluster, or NULL */
	uint64_t	nfree;		/* atomic: free usable slots */
	uint64_t	ncached;	/* atomic: words holding a folio */
	uint64_t	noverflow;	/* atomic: overflow tables */
};
/* (i): set by swap_table_create(), then constant. */

/*
 * Small helpers.
 */

static inline void
swp_counter_add(uint64_t *counter, int64_t delta)
{
	__atomic_fetch_add(counter, (uint64_t)delta, __ATOMIC_RELAXED);
}

static inline uint64_t
swp_counter_read(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static inline size_t
swp_cluster_index(const struct swap_table *table, const struct swap_cluster *c)
{
	return (size_t)(c - table->clusters);
}

static inline uint64_t
swp_cluster_first_slot(const struct swap_table *table,
    const struct swap_cluster *c)
{
	return (uint64_t)swp_cluster_index(table, c) << SWAP_CLUSTER_SHIFT;
}

/* The list a cluster belongs on, from its used count and order. */
static enum swap_cluster_state
swp_state_wanted(const struct swap_cluster *c)
{
	if (c->used == 0)
		return SWAP_CLUSTER_FREE;
	if (c->used == SWAP_CLUSTER_SLOTS)
		return SWAP_CLUSTER_FULL;
	return c->order == 0 ? SWAP_CLUSTER_NONFULL : SWAP_CLUSTER_FRAG;
}

static inline bool
swp_in_use(uint64_t word)
{
	enum swap_word_kind kind = swap_word_kind(word);

	return kind == SWAP_WORD_SWAPPED || kind == SWAP_WORD_CACHED;
}

/*
 * The cluster of the range [slot, slot + nr), which must lie inside one
 * cluster of the area.
 */
static struct swap_cluster *
swp_range_cluster(struct swap_table *table, uint64_t slot, unsigned nr,
    const char *who)
{
	KASSERT(nr >= 1 && slot < table->nslots && nr <= table->nslots - slot &&
	    (slot & SLOT_INDEX_MASK) + nr <= SWAP_CLUSTER_SLOTS,
	    ("%s: slots %#lx + %u outside the area or across clusters", who,
	    (unsigned long)slot, nr));
	return &table->clusters[slot >> SWAP_CLUSTER_SHIFT];
}

/* The same for a swap-cache range: also nr a power of 2, slot aligned. */
static struct swap_cluster *
swp_cache_range_cluster(struct swap_table *table, uint64_t slot, unsigned nr,
    const char *who)
{
	KASSERT(nr >= 1 && powerof2(nr) && (slot & (nr - 1)) == 0,
	    ("%s: %u slots at %#lx is not one folio's range", who, nr,
	    (unsigned long)slot));
	return swp_range_cluster(table, slot, nr, who);
}

/*
 * Counts: the field in the word, and the overflow table beyond it.
 * Everything here runs under the cluster lock.
 */

/* The whole count of word i (which must be in use). */
static unsigned
swp_count(const struct swap_cluster *c, unsigned i)
{
	unsigned field = swap_word_count(c->table[i]);

	if (field == SWAP_WORD_COUNT_MAX && c->overflow != NULL)
		return field + c->overflow[i];
	return field;
}

/*
 * Set the count of word i (in use) to count; the overflow table must
 * exist if count > SWAP_WORD_COUNT_MAX.  A swapped-out slot must keep a
 * count of at least 1: freeing is swp_slot_free()'s job.
 */
static void
swp_set_count(struct swap_cluster *c, unsigned i, unsigned count)
{
	unsigned field = MIN(count, SWAP_WORD_COUNT_MAX);
	uint32_t old = c->overflow != NULL ? c->overflow[i] : 0;
	uint32_t rest = count - field;

	KASSERT(rest == 0 || c->overflow != NULL,
	    ("swp_set_count: count %u without an overflow table", count));
	KASSERT(count > 0 || swap_word_kind(c->table[i]) == SWAP_WORD_CACHED,
	    ("swp_set_count: a swapped-out slot with count 0"));
	c->table[i] = swap_word_with_count(c->table[i], field);
	if (old == rest)
		return;
	c->overflow[i] = rest;
	if (old == 0)
		c->overflowed++;
	else if (rest == 0)
		c->overflowed--;
}

/* Word i becomes free. */
static void
swp_slot_free(struct swap_table *table, struct swap_cluster *c, unsigned i)
{
	KASSERT(c->used > 0, ("swp_slot_free: cluster %zu is empty",
	    swp_cluster_index(table, c)));
	c->table[i] = SWAP_WORD_FREE_VALUE;
	c->used--;
	swp_counter_add(&table->nfree, 1);
}

/*
 * The cluster's overflow table, detached if no count needs it any more
 * (for the caller to free once it has dropped the lock), else NULL.
 */
static uint32_t *
swp_overflow_detach_unused(struct swap_table *table, struct swap_cluster *c)
{
	uint32_t *overflow = c->overflow;

	if (overflow == NULL || c->overflowed > 0)
		return NULL;
	c->overflow = NULL;
	swp_counter_add(&table->noverflow, -1);
	return overflow;
}

/*
 * The cluster lists.
 */

/*
 * swp_cluster_settle: move c to the list its counts call for.  A cluster
 * that becomes free gives up its table (into *dead_table, for the caller
 * to free once unlocked) and its order, and stops being current.  Needs
 * both locks.
 */
static void
swp_cluster_settle(struct swap_table *table, struct swap_cluster *c,
    uint64_t **dead_table)
{
	enum swap_cluster_state want = swp_state_wanted(c);

	KASSERT(spin_held(&table->lock) && spin_held(&c->lock),
	    ("swp_cluster_settle: locks not held"));
	if (want == c->state)
		return;
	list_remove(&c->link);
	table->nlisted[c->state]--;
	list_insert_tail(&table->lists[want], &c->link);
	table->nlisted[want]++;
	c->state = (uint8_t)want;
	if (want != SWAP_CLUSTER_FREE)
		return;
	KASSERT(dead_table != NULL && c->overflow == NULL,
	    ("swp_cluster_settle: cluster %zu is free but has an overflow "
	    "table", swp_cluster_index(table, c)));
	*dead_table = c->table;
	c->table = NULL;
	c->order = 0;
	c->next = 0;
	if (table->current == c)
		table->current = NULL;
}

/*
 * swp_cluster_relocate: settle c after a change made under its lock
 * alone (see LOCKING above).  Takes and drops both locks, then frees what
 * the move released.
 */
static void
swp_cluster_relocate(struct swap_table *table, struct swap_cluster *c)
{
	uint64_t *dead_table = NULL;

	spin_lock(&table->lock);
	spin_lock(&c->lock);
	swp_cluster_settle(table, c, &dead_table);
	spin_unlock(&c->lock);
	spin_unlock(&table->lock);
	kfree(dead_table);
}

/*
 * swp_cluster_unlock: drop c's lock after a change made under it alone,
 * free what the change released, and move c if it belongs on another list
 * now.
 */
static void
swp_cluster_unlock(struct swap_table *table, struct swap_cluster *c)
{
	uint32_t *overflow = swp_overflow_detach_unused(table, c);
	bool moved = swp_state_wanted(c) != c->state;

	spin_unlock(&c->lock);
	kfree(overflow);
	if (moved)
		swp_cluster_relocate(table, c);
}

/*
 * Creation and destruction.
 */

/*
 * Make slot bad, allocating its cluster's table if need be.  Only while
 * the table is being created: nobody else can see it, so no locks.
 */
static int
swp_mark_bad(struct swap_table *table, uint64_t slot)
{
	struct swap_cluster *c = &table->clusters[slot >> SWAP_CLUSTER_SHIFT];
	unsigned i = slot & SLOT_INDEX_MASK;

	if (c->table == NULL &&
	    (c->table = kmalloc(TABLE_BYTES, KM_ZERO)) == NULL)
		return -ENOMEM;
	if (c->table[i] == SWAP_WORD_BAD_VALUE)
		return 0;		/* a repeat in the list */
	c->table[i] = SWAP_WORD_BAD_VALUE;
	c->used++;
	return 0;
}

/* Mark the header, the list's bad slots and the tail past the end. */
static int
swp_mark_all_bad(struct swap_table *table, const uint32_t *bad, size_t nbad)
{
	uint64_t end = (uint64_t)table->nclusters << SWAP_CLUSTER_SHIFT;
	int error = swp_mark_bad(table, 0);

	for (size_t k = 0; k < nbad && error == 0; k++)
		error = swp_mark_bad(table, bad[k]);
	for (uint64_t slot = table->nslots; slot < end && error == 0; slot++)
		error = swp_mark_bad(table, slot);
	return error;
}

/* Free every table of every cluster, and the books themselves. */
static void
swp_table_free(struct swap_table *table)
{
	for (size_t k = 0; k < table->nclusters; k++) {
		kfree(table->clusters[k].table);
		kfree(table->clusters[k].overflow);
	}
	kfree(table->clusters);
	kfree(table);
}

/* The books with every cluster free and on the free list; or NULL. */
static struct swap_table *
swp_table_alloc(uint64_t nslots)
{
	struct swap_table *table = kmalloc(sizeof(*table), KM_ZERO);
	size_t nclusters = (size_t)((nslots + SWAP_CLUSTER_SLOTS - 1) >>
	    SWAP_CLUSTER_SHIFT);

	if (table == NULL)
		return NULL;
	table->clusters = kmalloc(nclusters * sizeof(struct swap_cluster),
	    KM_ZERO);
	if (table->clusters == NULL) {
		kfree(table);
		return NULL;
	}
	spin_init(&table->lock, "swap_table");
	for (int s = 0; s < SWAP_CLUSTER_NSTATES; s++)
		list_init(&table->lists[s]);
	table->nslots = nslots;
	table->nclusters = nclusters;
	for (size_t k = 0; k < nclusters; k++) {
		struct swap_cluster *c = &table->clusters[k];

		spin_init(&c->lock, "swap_cluster");
		c->state = SWAP_CLUSTER_FREE;
		list_insert_tail(&table->lists[SWAP_CLUSTER_FREE], &c->link);
	}
	table->nlisted[SWAP_CLUSTER_FREE] = nclusters;
	return table;
}

int
swap_table_create(uint64_t nslots, const uint32_t *bad, size_t nbad,
    struct swap_table **tablep)
{
	struct swap_table *table;
	uint64_t nbadwords = 0;
	int error;

	if (nslots < 2 || nslots > SWAP_TABLE_MAX_SLOTS)
		return -EINVAL;
	for (size_t k = 0; k < nbad; k++)
		if (bad[k] >= nslots)
			return -EINVAL;
	if ((table = swp_table_alloc(nslots)) == NULL)
		return -ENOMEM;
	if ((error = swp_mark_all_bad(table, bad, nbad)) != 0) {
		swp_table_free(table);
		return error;
	}
	for (size_t k = 0; k < table->nclusters; k++) {
		struct swap_cluster *c = &table->clusters[k];

		nbadwords += c->used;
		if (c->used > 0)
			swp_cluster_relocate(table, c);	/* nonfull or full */
	}
	table->usable = ((uint64_t)table->nclusters << SWAP_CLUSTER_SHIFT) -
	    nbadwords;
	table->nfree = table->usable;
	*tablep = table;
	return 0;
}

void
swap_table_destroy(struct swap_table *table)
{
	KASSERT(swp_counter_read(&table->nfree) == table->usable &&
	    swp_counter_read(&table->ncached) == 0,
	    ("swap_table_destroy: %lu slots still in use",
	    (unsigned long)(table->usable - swp_counter_read(&table->nfree))));
	swp_table_free(table);
}

/*
 * The allocator.
 */

/*
 * The cluster that should serve the next allocation of order, as the
 * comment at the top says, or NULL if none can.  Needs the table lock.
 */
static struct swap_cluster *
swp_cluster_choose(struct swap_table *table, int order)
{
	static const enum swap_cluster_state order0[] = {
		SWAP_CLUSTER_NONFULL, SWAP_CLUSTER_FREE, SWAP_CLUSTER_FRAG,
	};
	struct swap_cluster *c;

	if (order == SWAP_ORDER_PMD)
		return list_first(&table->lists[SWAP_CLUSTER_FREE],
		    struct swap_cluster, link);
	c = table->current;
	if (c != NULL && c->state == SWAP_CLUSTER_NONFULL)
		return c;
	for (size_t k = 0; k < nitems(order0); k++) {
		c = list_first(&table->lists[order0[k]], struct swap_cluster,
		    link);
		if (c != NULL)
			return c;
	}
	return NULL;
}

/*
 * Take 2^order free slots of c (which has them: order 9 needs c empty)
 * with count 1 each; returns the first.  Needs c's lock.
 */
static uint64_t
swp_cluster_take(struct swap_table *table, struct swap_cluster *c, int order)
{
	unsigned i = c->next;

	if (order == SWAP_ORDER_PMD) {
		KASSERT(c->used == 0, ("swp_cluster_take: cluster %zu is not "
		    "empty", swp_cluster_index(table, c)));
		for (i = 0; i < SWAP_CLUSTER_SLOTS; i++)
			c->table[i] = swap_word_swapped(1);
		c->used = SWAP_CLUSTER_SLOTS;
		swp_counter_add(&table->nfree, -(int64_t)SWAP_CLUSTER_SLOTS);
		return swp_cluster_first_slot(table, c);
	}
	/* Order 0: the first free word from next on, wrapping around. */
	KASSERT(c->used < SWAP_CLUSTER_SLOTS, ("swp_cluster_take: cluster %zu "
	    "is full", swp_cluster_index(table, c)));
	while (c->table[i] != SWAP_WORD_FREE_VALUE)
		i = (i + 1) & SLOT_INDEX_MASK;
	c->table[i] = swap_word_swapped(1);
	c->used++;
	c->next = (uint16_t)((i + 1) & SLOT_INDEX_MASK);
	swp_counter_add(&table->nfree, -1);
	return swp_cluster_first_slot(table, c) + i;
}

/*
 * One attempt at swap_alloc() under the table lock.  A free cluster needs
 * a table: *spare if there is one (it is used up), else -EAGAIN for the
 * caller to allocate one unlocked and try again.
 */
static int
swp_alloc_locked(struct swap_table *table, int order, uint64_t **spare,
    uint64_t *slotp)
{
	struct swap_cluster *c = swp_cluster_choose(table, order);

	if (c == NULL)
		return -ENOSPC;
	if (c->state == SWAP_CLUSTER_FREE && *spare == NULL)
		return -EAGAIN;
	spin_lock(&c->lock);
	if (c->state == SWAP_CLUSTER_FREE) {
		c->table = *spare;
		*spare = NULL;
		c->order = (uint8_t)order;
	} else if (c->state == SWAP_CLUSTER_FRAG) {
		c->order = 0;		/* order 0 takes over the holes */
	}
	*slotp = swp_cluster_take(table, c, order);
	swp_cluster_settle(table, c, NULL);	/* not free: keeps its table */
	spin_unlock(&c->lock);
	if (order == 0)
		table->current = c;
	return 0;
}

int
swap_alloc(struct swap_table *table, int order, uint64_t *slotp)
{
	uint64_t *spare = NULL;
	int error;

	KASSERT(order == 0 || order == SWAP_ORDER_PMD,
	    ("swap_alloc: order %d", order));
	spin_lock(&table->lock);
	while ((error = swp_alloc_locked(table, order, &spare, slotp)) ==
	    -EAGAIN) {
		spin_unlock(&table->lock);
		if ((spare = kmalloc(TABLE_BYTES, KM_ZERO)) == NULL)
			return -ENOMEM;
		spin_lock(&table->lock);
	}
	spin_unlock(&table->lock);
	kfree(spare);			/* another thread's alloc was enough */
	return error;
}

/*
 * References.
 */

/*
 * One attempt at swap_dup() under the cluster lock: -EAGAIN if an
 * overflow table is needed, there is none and *spare is NULL.
 */
static int
swp_dup_locked(struct swap_table *table, struct swap_cluster *c, unsigned i0,
    unsigned nr, uint32_t **spare)
{
	bool need_overflow = false;

	if (c->table == NULL)
		return -ENOENT;
	for (unsigned i = i0; i < i0 + nr; i++) {
		if (!swp_in_use(c->table[i]))
			return -ENOENT;
		if (swap_word_count(c->table[i]) == SWAP_WORD_COUNT_MAX)
			need_overflow = true;
	}
	if (need_overflow && c->overflow == NULL) {
		if (*spare == NULL)
			return -EAGAIN;
		c->overflow = *spare;
		*spare = NULL;
		swp_counter_add(&table->noverflow, 1);
	}
	for (unsigned i = i0; i < i0 + nr; i++) {
		KASSERT(swp_count(c, i) < INT32_MAX, ("swap_dup: count of slot "
		    "%#lx overflows", (unsigned long)(swp_cluster_first_slot(
		    table, c) + i)));
		swp_set_count(c, i, swp_count(c, i) + 1);
	}
	return 0;
}

int
swap_dup(struct swap_table *table, uint64_t slot, unsigned nr)
{
	struct swap_cluster *c = swp_range_cluster(table, slot, nr, "swap_dup");
	unsigned i0 = slot & SLOT_INDEX_MASK;
	uint32_t *spare = NULL;
	int error;

	spin_lock(&c->lock);
	while ((error = swp_dup_locked(table, c, i0, nr, &spare)) == -EAGAIN) {
		spin_unlock(&c->lock);
		if ((spare = kmalloc(OVERFLOW_BYTES, KM_ZERO)) == NULL)
			return -ENOMEM;
		spin_lock(&c->lock);
	}
	spin_unlock(&c->lock);
	kfree(spare);
	return error;
}

void
swap_put(struct swap_table *table, uint64_t slot, unsigned nr)
{
	struct swap_cluster *c = swp_range_cluster(table, slot, nr, "swap_put");
	unsigned i0 = slot & SLOT_INDEX_MASK;

	spin_lock(&c->lock);
	for (unsigned i = i0; i < i0 + nr; i++) {
		unsigned count = c->table != NULL && swp_in_use(c->table[i]) ?
		    swp_count(c, i) : 0;

		KASSERT(count > 0, ("swap_put: slot %#lx has no reference "
		    "(word %#lx)", (unsigned long)(slot + (i - i0)),
		    (unsigned long)(c->table != NULL ? c->table[i] : 0)));
		if (count == 1 &&
		    swap_word_kind(c->table[i]) == SWAP_WORD_SWAPPED)
			swp_slot_free(table, c, i);
		else
			swp_set_count(c, i, count - 1);
	}
	swp_cluster_unlock(table, c);
}

unsigned
swap_count(struct swap_table *table, uint64_t slot)
{
	struct swap_cluster *c = swp_range_cluster(table, slot, 1,
	    "swap_count");
	unsigned i = slot & SLOT_INDEX_MASK;
	unsigned count = 0;

	spin_lock(&c->lock);
	if (c->table != NULL && swp_in_use(c->table[i]))
		count = swp_count(c, i);
	spin_unlock(&c->lock);
	return count;
}

/*
 * The swap cache.
 */

struct vm_page *
swap_cache_get(struct swap_table *table, uint64_t slot)
{
	struct swap_cluster *c = swp_range_cluster(table, slot, 1,
	    "swap_cache_get");
	unsigned i = slot & SLOT_INDEX_MASK;
	struct vm_page *folio = NULL;

	spin_lock(&c->lock);
	if (c->table != NULL && swap_word_kind(c->table[i]) == SWAP_WORD_CACHED)
		folio = swap_word_folio(c->table[i]);
	spin_unlock(&c->lock);
	return folio;
}

/* swap_cache_check()'s answer, under the cluster lock. */
static int
swp_cache_check_locked(const struct swap_cluster *c, unsigned i0,
    unsigned nr)
{
	if (c->table == NULL)
		return -ENOENT;
	for (unsigned i = i0; i < i0 + nr; i++) {
		enum swap_word_kind kind = swap_word_kind(c->table[i]);

		if (kind == SWAP_WORD_CACHED)
			return -EEXIST;
		if (kind != SWAP_WORD_SWAPPED)
			return -ENOENT;
	}
	return 0;
}

int
swap_cache_check(struct swap_table *table, uint64_t slot, unsigned nr)
{
	struct swap_cluster *c = swp_cache_range_cluster(table, slot, nr,
	    "swap_cache_check");
	int error;

	spin_lock(&c->lock);
	error = swp_cache_check_locked(c, slot & SLOT_INDEX_MASK, nr);
	spin_unlock(&c->lock);
	return error;
}

int
swap_cache_add(struct swap_table *table, uint64_t slot, unsigned nr,
    struct vm_page *folio)
{
	struct swap_cluster *c = swp_cache_range_cluster(table, slot, nr,
	    "swap_cache_add");
	unsigned i0 = slot & SLOT_INDEX_MASK;
	int error;

	KASSERT(folio >= vm_page_array &&
	    folio < vm_page_array + vm_page_array_size,
	    ("swap_cache_add: %p is not a page", (void *)folio));
	spin_lock(&c->lock);
	if ((error = swp_cache_check_locked(c, i0, nr)) == 0) {
		for (unsigned i = i0; i < i0 + nr; i++)
			c->table[i] = swap_word_cached(folio,
			    swap_word_count(c->table[i]));
		swp_counter_add(&table->ncached, nr);
	}
	spin_unlock(&c->lock);
	return error;
}

void
swap_cache_del(struct swap_table *table, uint64_t slot, unsigned nr,
    struct vm_page *folio)
{
	struct swap_cluster *c = swp_cache_range_cluster(table, slot, nr,
	    "swap_cache_del");
	unsigned i0 = slot & SLOT_INDEX_MASK;

	spin_lock(&c->lock);
	for (unsigned i = i0; i < i0 + nr; i++) {
		uint64_t word = c->table != NULL ? c->table[i] : 0;

		KASSERT(swap_word_kind(word) == SWAP_WORD_CACHED &&
		    swap_word_folio(word) == folio,
		    ("swap_cache_del: slot %#lx is not cached by %p "
		    "(word %#lx)",
		    (unsigned long)(slot + (i - i0)), (void *)folio,
		    (unsigned long)word));
		if (swp_count(c, i) == 0)
			swp_slot_free(table, c, i);
		else
			c->table[i] = swap_word_with_count(SWAP_WORD_SWAPPED,
			    swap_word_count(word));
	}
	swp_counter_add(&table->ncached, -(int64_t)nr);
	swp_cluster_unlock(table, c);
}

void
swap_cache_split(struct swap_table *table, uint64_t slot, unsigned nr,
    struct vm_page *folio)
{
	struct swap_cluster *c = swp_cache_range_cluster(table, slot, nr,
	    "swap_cache_split");
	unsigned i0 = slot & SLOT_INDEX_MASK;

	spin_lock(&c->lock);
	for (unsigned i = i0; i < i0 + nr; i++) {
		uint64_t word = c->table != NULL ? c->table[i] : 0;

		KASSERT(swap_word_kind(word) == SWAP_WORD_CACHED &&
		    swap_word_folio(word) == folio,
		    ("swap_cache_split: slot %#lx is not cached by %p "
		    "(word %#lx)",
		    (unsigned long)(slot + (i - i0)), (void *)folio,
		    (unsigned long)word));
		c->table[i] = swap_word_cached(folio + (i - i0),
		    swap_word_count(word));
	}
	swp_cluster_unlock(table, c);
}

/*
 * Counters and inspection.
 */

void
swap_table_stats(struct swap_table *table, struct swap_table_stats *st)
{
	st->nslots = table->nslots;
	st->usable = table->usable;
	st->free = swp_counter_read(&table->nfree);
	st->cached = swp_counter_read(&table->ncached);
	st->overflow_tables = (size_t)swp_counter_read(&table->noverflow);
	st->nclusters = table->nclusters;
	spin_lock(&table->lock);
	for (int s = 0; s < SWAP_CLUSTER_NSTATES; s++)
		st->clusters[s] = table->nlisted[s];
	spin_unlock(&table->lock);
}

void
swap_cluster_info(struct swap_table *table, size_t index,
    struct swap_cluster_info *info)
{
	struct swap_cluster *c;

	KASSERT(index < table->nclusters, ("swap_cluster_info: cluster %zu "
	    "of %zu", index, table->nclusters));
	c = &table->clusters[index];
	spin_lock(&c->lock);
	info->state = (enum swap_cluster_state)c->state;
	info->order = c->order;
	info->used = c->used;
	info->has_table = c->table != NULL;
	info->has_overflow = c->overflow != NULL;
	spin_unlock(&c->lock);
}

uint64_t
swap_table_word(struct swap_table *table, uint64_t slot)
{
	struct swap_cluster *c = swp_range_cluster(table, slot, 1,
	    "swap_table_word");
	uint64_t word;

	spin_lock(&c->lock);
	word = c->table != NULL ? c->table[slot & SLOT_INDEX_MASK] : 0;
	spin_unlock(&c->lock);
	return word;
}

/*
 * The audit.
 */

#ifdef INVARIANTS
static const char *const swp_state_names[SWAP_CLUSTER_NSTATES] = {
	"free", "nonfull", "fragmented", "full",
};

/* What the audit adds up over the clusters, to check the counters. */
struct swp_audit_sums {
	uint64_t	free;
	uint64_t	cached;
	uint64_t	overflow_tables;
};

/* Check one word of c; add it to the sums; true if it is not free. */
static bool
swp_audit_word(struct swap_table *table, struct swap_cluster *c, unsigned i,
    struct swp_audit_sums *sums)
{
	uint64_t slot = swp_cluster_first_slot(table, c) + i;
	uint64_t word = c->table[i];
	uint32_t rest = c->overflow != NULL ? c->overflow[i] : 0;

	KASSERT((slot != 0 && slot < table->nslots) || word ==
	    SWAP_WORD_BAD_VALUE, ("swap_table_audit: slot %#lx (the header "
	    "or past the end) is not bad", (unsigned long)slot));
	KASSERT(rest == 0 || (swp_in_use(word) &&
	    swap_word_count(word) == SWAP_WORD_COUNT_MAX),
	    ("swap_table_audit: slot %#lx: overflow %u beside word %#lx",
	    (unsigned long)slot, rest, (unsigned long)word));
	switch (swap_word_kind(word)) {
	case SWAP_WORD_FREE:
		KASSERT(word == 0, ("swap_table_audit: slot %#lx: free word "
		    "%#lx", (unsigned long)slot, (unsigned long)word));
		sums->free++;
		return false;
	case SWAP_WORD_SWAPPED:
		KASSERT(swap_word_count(word) > 0 &&
		    (word & SWAP_WORD_FOLIO_MASK) == 0, ("swap_table_audit: "
		    "slot %#lx: swapped word %#lx", (unsigned long)slot,
		    (unsigned long)word));
		return true;
	case SWAP_WORD_CACHED:
		KASSERT(swap_word_folio(word) < vm_page_array +
		    vm_page_array_size, ("swap_table_audit: slot %#lx: folio "
		    "past vm_page_array", (unsigned long)slot));
		sums->cached++;
		return true;
	case SWAP_WORD_BAD:
		KASSERT(word == SWAP_WORD_BAD_VALUE, ("swap_table_audit: slot "
		    "%#lx: bad word %#lx", (unsigned long)slot,
		    (unsigned long)word));
		return true;
	}
	return true;
}

/* Check one cluster (its lock held) and add it to the sums. */
static void
swp_audit_cluster(struct swap_table *table, struct swap_cluster *c,
    struct swp_audit_sums *sums)
{
	size_t k = swp_cluster_index(table, c);
	unsigned used = 0, overflowed = 0;

	KASSERT(c->state == swp_state_wanted(c), ("swap_table_audit: cluster "
	    "%zu is %s, its counts say %s", k, swp_state_names[c->state],
	    swp_state_names[swp_state_wanted(c)]));
	KASSERT(c->order == 0 || c->order == SWAP_ORDER_PMD,
	    ("swap_table_audit: cluster %zu: order %u", k, c->order));
	if (c->state == SWAP_CLUSTER_FREE) {
		KASSERT(c->table == NULL && c->overflow == NULL &&
		    c->order == 0,
		    ("swap_table_audit: free cluster %zu has a table", k));
		sums->free += SWAP_CLUSTER_SLOTS;
		return;
	}
	KASSERT(c->table != NULL, ("swap_table_audit: cluster %zu in use "
	    "has no table", k));
	for (unsigned i = 0; i < SWAP_CLUSTER_SLOTS; i++) {
		used += swp_audit_word(table, c, i, sums);
		overflowed += c->overflow != NULL && c->overflow[i] != 0;
	}
	KASSERT(used == c->used, ("swap_table_audit: cluster %zu: used %u, "
	    "%u words in use", k, c->used, used));
	KASSERT(overflowed == c->overflowed && (c->overflow == NULL) ==
	    (overflowed == 0), ("swap_table_audit: cluster %zu: %u overflow "
	    "entries, %u counted", k, overflowed, c->overflowed));
	sums->overflow_tables += c->overflow != NULL;
}

/* Check that each list holds exactly the clusters of its state. */
static void
swp_audit_lists(struct swap_table *table)
{
	for (int s = 0; s < SWAP_CLUSTER_NSTATES; s++) {
		struct list_node *node;
		size_t n = 0;

		list_foreach(node, &table->lists[s]) {
			struct swap_cluster *c = list_entry(node,
			    struct swap_cluster, link);

			KASSERT(c->state == s, ("swap_table_audit: cluster %zu "
			    "(%s) on the %s list", swp_cluster_index(table, c),
			    swp_state_names[c->state], swp_state_names[s]));
			n++;
		}
		KASSERT(n == table->nlisted[s], ("swap_table_audit: %zu "
		    "clusters on the %s list, %zu counted", n,
		    swp_state_names[s], table->nlisted[s]));
	}
	KASSERT(table->current == NULL ||
	    table->current->state != SWAP_CLUSTER_FREE,
	    ("swap_table_audit: the current cluster is free"));
}
#endif /* INVARIANTS */

void
swap_table_audit(struct swap_table *table)
{
#ifdef INVARIANTS
	struct swp_audit_sums sums = { 0, 0, 0 };
	size_t clusters = 0;

	spin_lock(&table->lock);
	swp_audit_lists(table);
	for (size_t k = 0; k < table->nclusters; k++) {
		struct swap_cluster *c = &table->clusters[k];

		spin_lock(&c->lock);
		swp_audit_cluster(table, c, &sums);
		spin_unlock(&c->lock);
		clusters++;
	}
	for (int s = 0; s < SWAP_CLUSTER_NSTATES; s++)
		clusters -= table->nlisted[s];
	KASSERT(clusters == 0, ("swap_table_audit: clusters missing from "
	    "the lists"));
	KASSERT(sums.free == swp_counter_read(&table->nfree) &&
	    sums.cached == swp_counter_read(&table->ncached) &&
	    sums.overflow_tables == swp_counter_read(&table->noverflow),
	    ("swap_table_audit: %lu free, %lu cached, %lu overflow tables; "
	    "counted %lu, %lu, %lu", (unsigned long)sums.free,
	    (unsigned long)sums.cached, (unsigned long)sums.overflow_tables,
	    (unsigned long)swp_counter_read(&table->nfree),
	    (unsigned long)swp_counter_read(&table->ncached),
	    (unsigned long)swp_counter_read(&table->noverflow)));
	spin_unlock(&table->lock);
#endif
}
