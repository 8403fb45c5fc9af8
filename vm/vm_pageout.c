/*
 * vm_pageout.c: reclaim (vm_pageout.h; docs/reclaim.md).
 *
 * Every anonymous folio that leaves map sits on one of two LRU queues:
 * new ones at the tail of the active queue, ones read back from swap at
 * the tail of the inactive queue (they may have been read ahead, and
 * never used).  Reclaim takes folios
 * from the head of the inactive queue:
 *
 *   accessed since last look?  -> to the active queue (second chance)
 *   held by someone (I/O, a fault, a device)?  -> back, not now
 *   otherwise                  -> swap it out: give it slots, put it in
 *                                 the swap cache, turn every leaf that
 *                                 maps it into a swap leaf, and write it
 *                                 (a clean copy already in swap: no
 *                                 write, the frame is free at once)
 *
 * When the inactive queue is shorter than the active one, folios move
 * over from the active head, unless their accessed bit says they are in
 * use (then they go round the active queue again).  The accessed bits
 * are read and cleared through the pv lists, in every pmap that maps the
 * folio.
 *
 * Writes are asynchronous, at most PAGEOUT_MAX_IO in flight.  When one
 * completes (pageout_done(), in interrupt context) a folio nobody touched
 * meanwhile leaves the cache and its frame is free; its swap leaves now
 * name the slot alone.  A folio mapped again meanwhile stays, clean, in
 * the cache.  A write error keeps it in memory, dirty.
 *
 * Who reclaims:
 *  - the page daemon, a kernel thread woken when free memory falls below
 *    the low watermark, until it is back at the high one;
 *  - direct reclaim: a fault whose allocation failed (user memory stops
 *    at the min watermark) reclaims a batch itself;
 *  - madvise(MADV_PAGEOUT), a range at once, waiting for its writes;
 *  - and when nothing can be reclaimed and nothing is being written, the
 *    OOM killer kills the process that holds the most memory.
 *
 * Locking: anon_lock for the queues and every folio's state; the I/O
 * slots too.  The page daemon's wake-up flag has its own lock, since
 * vm_page_alloc() may be called with anon_lock held.
 */
#include "vm/vm_pageout.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/pmap.h"
#include "vm/pmap_pv.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"

/* ---- watermarks and the LRU queues ------------------------------------ */

/*
 * min is about 1/64 of memory, at least 1 MiB and at most 16 MiB (Linux
 * takes a square root; at QEMU's sizes the two agree within a factor of
 * two); low and high are 1.5 and 2 times min.
 */
void
vm_pageout_init(size_t managed)
{
	size_t min = MIN(MAX(managed / 64, 256), 4096);

	vm_wmark.min = min;
	vm_wmark.low = min + min / 2;
	vm_wmark.high = 2 * min;
}

static struct list_node lru_active = LIST_HEAD_INIT(lru_active);   /* (a) */
static struct list_node lru_inactive = LIST_HEAD_INIT(lru_inactive); /* (a) */
static size_t lru_nactive, lru_ninactive;	/* (a) folios, not pages */

void
lru_add(struct vm_page *m, bool active)
{
	KASSERT(spin_held(&anon_lock), ("lru_add: no anon_lock"));
	KASSERT((m->flags & (PG_LRU | PG_ANON)) == PG_ANON,
	    ("lru_add: page 0x%lx: flags 0x%x", m->phys_addr, m->flags));
	m->flags |= PG_LRU | (active ? PG_ACTIVE : 0);
	list_insert_tail(active ? &lru_active : &lru_inactive, &m->plinks);
	*(active ? &lru_nactive : &lru_ninactive) += 1;
	vm_stat_add(active ? VM_STAT_NR_ACTIVE_ANON : VM_STAT_NR_INACTIVE_ANON,
	    1 << m->order);
}

void
lru_remove(struct vm_page *m)
{
	bool active = (m->flags & PG_ACTIVE) != 0;

	KASSERT(spin_held(&anon_lock), ("lru_remove: no anon_lock"));
	KASSERT(m->flags & PG_LRU, ("lru_remove: page 0x%lx is on no queue",
	    m->phys_addr));
	list_remove(&m->plinks);
	m->flags &= ~(PG_LRU | PG_ACTIVE);
	*(active ? &lru_nactive : &lru_ninactive) -= 1;
	vm_stat_add(active ? VM_STAT_NR_ACTIVE_ANON : VM_STAT_NR_INACTIVE_ANON,
	    -(1 << m->order));
}

void
lru_counts(size_t *active, size_t *inactive)
{
	*active = (size_t)vm_stat_read(VM_STAT_NR_ACTIVE_ANON);
	*inactive = (size_t)vm_stat_read(VM_STAT_NR_INACTIVE_ANON);
}

/*
 * Keep the inactive queue at least as long as the active one: move up to
 * n folios from the active head, each one not used since last look.
 */
static void
lru_refill_inactive(int n)
{
	struct vm_page *m;

	while (n-- > 0 && lru_ninactive < lru_nactive &&
	    (m = list_first(&lru_active, struct vm_page, plinks)) != NULL) {
		lru_remove(m);
		if (pmap_page_test_clear_accessed(m)) {
			lru_add(m, true);		/* in use: round again */
			continue;
		}
		lru_add(m, false);
		vm_stat_inc(VM_STAT_PGDEACTIVATE);
	}
}

/* The inactive head, taken off its queue; NULL if both queues are empty. */
static struct vm_page *
lru_take_inactive(void)
{
	struct vm_page *m;

	lru_refill_inactive(32);
	m = list_first(&lru_inactive, struct vm_page, plinks);
	if (m == NULL)
		m = list_first(&lru_active, struct vm_page, plinks);
	if (m != NULL)
		lru_remove(m);
	return m;
}

/* ---- writing folios out ----------------------------------------------- */

#define PAGEOUT_MAX_IO	64		/* writes in flight at most */

/* Who waits for a group of writes (MADV_PAGEOUT). */
struct pageout_batch {
	int	pending;			/* (a) writes not done yet */
};

struct pageout_io {
	struct swap_io	io;
	struct vm_page	*folio;
	struct pageout_batch *batch;	/* or NULL */
	bool		direct;		/* for pgsteal_direct */
	struct list_node link;		/* (a) on pageout_free */
};

static struct pageout_io pageout_ios[PAGEOUT_MAX_IO];
static struct list_node pageout_free = LIST_HEAD_INIT(pageout_free); /* (a) */
static size_t pageout_inflight;	/* (a) pages being written */
static bool pageout_ready;		/* (a) pageout_ios[] are on the list */

/* An I/O slot, or NULL if all are in flight.  anon_lock held. */
static struct pageout_io *
pageout_io_get(void)
{
	struct pageout_io *pio;

	if (!pageout_ready) {
		for (int i = 0; i < PAGEOUT_MAX_IO; i++)
			list_insert_tail(&pageout_free, &pageout_ios[i].link);
		pageout_ready = true;
	}
	pio = list_first(&pageout_free, struct pageout_io, link);
	if (pio != NULL)
		list_remove(&pio->link);
	return pio;
}

/* Count a folio reclaim freed (order pages). */
static void
count_steal(int order, bool direct)
{
	vm_stat_add(direct ? VM_STAT_PGSTEAL_DIRECT : VM_STAT_PGSTEAL_KSWAPD,
	    1 << order);
}

/*
 * A write is done (interrupt context).  The folio's I/O reference goes;
 * if the cache's is all that is left, the slots hold the only copy now
 * and the frame is freed.
 */
static void
pageout_done(struct blk_req *req)
{
	struct pageout_io *pio = req->arg;
	struct vm_page *m = pio->folio;
	int order = m->order;

	spin_lock(&anon_lock);
	m->flags &= ~PG_WRITEBACK;
	if (req->error != 0) {
		printf("swap: write error on slot %lu of area %u: page kept "
		    "in memory\n", swp_offset(m->swap), swp_type(m->swap));
		m->flags |= PG_DIRTY;
	} else {
		vm_stat_add(VM_STAT_PSWPOUT, 1 << m->order);
		if (m->order == PMD_ORDER)
			vm_stat_inc(VM_STAT_THP_SWPOUT);
	}
	if (--m->ref_count == 1 && !(m->flags & PG_DIRTY)) {
		swap_cache_del_folio(m);
		vm_anon_folio_free(m);
		count_steal(order, pio->direct);
	} else {
		if (!(m->flags & PG_LRU))
			lru_add(m, true);
		vm_anon_cache_reap(m);	/* kept, but maybe nobody needs it */
	}
	wakeup(m);				/* swapoff waits on it */
	if (pio->batch != NULL && --pio->batch->pending == 0)
		wakeup(pio->batch);
	pageout_inflight -= 1U << order;
	list_insert_tail(&pageout_free, &pio->link);
	wakeup(&pageout_free);
	spin_unlock(&anon_lock);
}

/* Start pio's write, with no lock held. */
static void
pageout_start(struct pageout_io *pio)
{
	struct vm_page *m = pio->folio;
	int error;

	error = swap_folio_io(m->swap, m, m->order, true, &pio->io,
	    pageout_done, pio);
	if (error != 0) {
		pio->io.req.error = error;
		pageout_done(&pio->io.req);
	}
}

/*
 * Turn every leaf that maps m into a swap leaf naming its slot, each
 * with its own reference: a 4 KiB leaf of a small folio one slot, a
 * 2 MiB leaf of a huge one a 2 MiB swap leaf and all 512 slots.  A leaf
 * that was written through (dirty, or writable: a shared region's) makes
 * m dirty.  0, or -ENOMEM if a slot's count could not grow (the leaves
 * done so far stay swap leaves: m is in the cache, so that is a state
 * like any other).
 */
static int
unmap_to_swap(struct vm_page *m)
{
	struct pmap_leaf leaf;
	struct pv_entry pv;
	unsigned nr;
	int error;

	while (pv_nth(m, 0, &pv)) {
		nr = pv.level == PV_LEVEL_PMD ? HPAGE_PAGES : 1;
		pmap_lookup(pv.pmap, pv.va, &leaf);
		if (pmap_test_clear_dirty(pv.pmap, pv.va) || leaf.dirty ||
		    (leaf.prot & VM_PROT_WRITE))
			m->flags |= PG_DIRTY;
		if ((error = swap_slot_dup(m->swap, nr)) != 0)
			return error;
		if ((nr == 1 ? pmap_enter_swap(pv.pmap, pv.va, m->swap) :
		    pmap_enter_swap_pmd(pv.pmap, pv.va, m->swap)) != 0)
			panic("unmap_to_swap: no swap leaf at 0x%lx", pv.va);
		if (nr > 1)
			vm_stat_inc(VM_STAT_THP_SWPOUT_PMD);
		m->ref_count--;
	}
	return 0;
}

/* What reclaim_folio() did with a folio. */
enum reclaim_result {
	RECLAIM_FREED,		/* its frame is free */
	RECLAIM_WRITING,	/* its write is ready to start (*piop) */
	RECLAIM_ACTIVATE,	/* it was used again: to the active queue */
	RECLAIM_BUSY,		/* someone holds it: not now */
	RECLAIM_NO_IO,		/* every I/O slot is in flight: wait */
	RECLAIM_NO_SWAP,	/* no swap slot to be had */
	RECLAIM_SPLIT,		/* a 2 MiB folio, split: its 512 pages are
				   on the inactive queue */
};

#define RF_DIRECT	0x1	/* direct reclaim or MADV_PAGEOUT */
#define RF_FORCE	0x2	/* MADV_PAGEOUT: never mind the accessed bit */

/*
 * Give m, not in the swap cache yet, slots and a place in the cache:
 * false if there is no slot.
 */
static bool
reclaim_give_slots(struct vm_page *m)
{
	swp_entry_t e;

	if (swap_slot_alloc(m->order, &e) != 0)
		return false;
	if (swap_cache_add_folio(m, e) != 0)
		panic("reclaim_give_slots: new slot %lu of area %u is in use",
		    swp_offset(e), swp_type(e));
	/* The allocation's reference goes; the cache keeps the slots. */
	swap_slot_put(e, 1U << m->order);
	m->flags |= PG_DIRTY;
	return true;
}

/*
 * A 2 MiB folio that cannot go to swap whole goes as 512 small ones:
 * split it; its pages then come up on the inactive queue one by one.
 */
static enum reclaim_result
reclaim_split(struct vm_page *m)
{
	int error = thp_split(m);

	if (error != 0)
		return error == -ENOMEM ? RECLAIM_NO_SWAP : RECLAIM_BUSY;
	vm_stat_inc(VM_STAT_THP_SWPOUT_FALLBACK);
	return RECLAIM_SPLIT;
}

/*
 * reclaim_folio: swap m out, m being off the LRU queues, with anon_lock
 * held.  On RECLAIM_ACTIVATE, BUSY, NO_IO and NO_SWAP the caller puts m
 * back on a queue; on WRITING it starts *piop (pageout_start()) once it
 * has dropped anon_lock.
 */
static enum reclaim_result
reclaim_folio(struct vm_page *m, int flags, struct pageout_io **piop)
{
	int holders = pmap_page_mappings(m) + !!(m->flags & PG_SWAPCACHE);
	enum reclaim_result res;

	if (m->ref_count != holders ||
	    ((m->flags & PG_SWAPCACHE) && swap_entry_leaving(m->swap)))
		return RECLAIM_BUSY;
	if (!(flags & RF_FORCE) && pmap_page_test_clear_accessed(m))
		return RECLAIM_ACTIVATE;
	if ((*piop = pageout_io_get()) == NULL)
		return RECLAIM_NO_IO;
	if (!(m->flags & PG_SWAPCACHE) && !reclaim_give_slots(m)) {
		/* No whole free cluster for 2 MiB: as 512 small pages. */
		res = m->order != 0 && swap_free_slots() > 0 ?
		    reclaim_split(m) : RECLAIM_NO_SWAP;
		goto keep;
	}
	if (unmap_to_swap(m) != 0) {
		res = RECLAIM_BUSY;
		goto keep;
	}
	if (!(m->flags & PG_DIRTY)) {	/* the slot has this copy */
		count_steal(m->order, flags & RF_DIRECT);
		swap_cache_del_folio(m);
		vm_anon_folio_free(m);
		res = RECLAIM_FREED;
		goto keep;
	}
	m->flags = (m->flags & ~PG_DIRTY) | PG_WRITEBACK;
	m->ref_count++;				/* the write's */
	pageout_inflight += 1U << m->order;
	**piop = (struct pageout_io){ .folio = m, .direct = flags & RF_DIRECT };
	return RECLAIM_WRITING;
keep:
	list_insert_tail(&pageout_free, &(*piop)->link);
	return res;
}

/*
 * Put m back after reclaim_folio() said res.  true to go on, false to
 * stop scanning (no swap space, or wait for an I/O slot first).
 */
static bool
reclaim_putback(struct vm_page *m, enum reclaim_result res)
{
	switch (res) {
	case RECLAIM_ACTIVATE:
		vm_stat_inc(VM_STAT_PGACTIVATE);
		lru_add(m, true);
		return true;
	case RECLAIM_BUSY:
		lru_add(m, true);
		return true;
	case RECLAIM_NO_IO:
		lru_add(m, false);
		return false;
	case RECLAIM_NO_SWAP:
		lru_add(m, true);
		return false;
	default:			/* FREED, WRITING, SPLIT */
		return true;
	}
}

/* With anon_lock held: sleep until an I/O slot is free. */
static void
wait_io_slot(void)
{
	while (list_empty(&pageout_free) && pageout_ready)
		sleep_on(&pageout_free, &anon_lock);
}

/*
 * reclaim_some: scan the inactive queue until target pages are freed or
 * on their way to swap, or a whole queue's worth found nothing to take,
 * or swap is full.  No lock held; may sleep (for I/O slots).  Returns
 * the pages freed or being written.
 */
static size_t
reclaim_some(size_t target, int flags)
{
	size_t done = 0, scanned = 0, budget;
	struct pageout_io *pio;
	enum reclaim_result res;
	struct vm_page *m;

	spin_lock(&anon_lock);
	budget = 2 * (lru_nactive + lru_ninactive) + 32;
	while (done < target && scanned++ < budget &&
	    (m = lru_take_inactive()) != NULL) {
		vm_stat_inc((flags & RF_DIRECT) ? VM_STAT_PGSCAN_DIRECT :
		    VM_STAT_PGSCAN_KSWAPD);
		res = reclaim_folio(m, flags, &pio);
		if (res == RECLAIM_FREED || res == RECLAIM_WRITING)
			done++;
		if (res == RECLAIM_WRITING) {
			spin_unlock(&anon_lock);
			pageout_start(pio);
			spin_lock(&anon_lock);
		} else if (!reclaim_putback(m, res)) {
			if (res != RECLAIM_NO_IO)
				break;
			wait_io_slot();
		}
	}
	spin_unlock(&anon_lock);
	return done;
}

/* ---- the page daemon -------------------------------------------------- */

static struct spinlock pd_lock = SPINLOCK_INITIALIZER("pagedaemon");
static bool pd_wanted;			/* (pd_lock) there is work */

void
pagedaemon_wakeup(void)
{
	if (__atomic_load_n(&pd_wanted, __ATOMIC_RELAXED))
		return;
	spin_lock(&pd_lock);
	pd_wanted = true;
	spin_unlock(&pd_lock);
	wakeup(&pd_wanted);
}

/* Free now plus what the writes in flight will free. */
static size_t
free_soon(void)
{
	return vm_page_free_count() +
	    __atomic_load_n(&pageout_inflight, __ATOMIC_RELAXED);
}

/*
 * The page daemon: asleep until free memory falls below low, then
 * reclaim until it is (or soon will be) at high.  When nothing can be
 * reclaimed it rests a tick before it looks again.
 */
static void
pagedaemon(void *arg __unused)
{
	for (;;) {
		spin_lock(&pd_lock);
		while (!pd_wanted)
			sleep_on(&pd_wanted, &pd_lock);
		pd_wanted = false;
		spin_unlock(&pd_lock);
		while (free_soon() < vm_wmark.high)
			if (reclaim_some(32, 0) == 0) {
				pause_ticks(1);
				break;
			}
	}
}

void
vm_pageout_start(void)
{
	if (kthread_create("pagedaemon", pagedaemon, NULL) == NULL)
		panic("vm_pageout_start: no page daemon");
}

/* ---- direct reclaim and the OOM killer -------------------------------- */

/* The resident and swapped pages of map (OOM's measure).  Map locked. */
static size_t
map_footprint(struct vm_map *map)
{
	struct pmap_leaf leaf;
	size_t pages = 0;

	for (struct vm_map_entry *e = vm_map_first(map); e != NULL;
	    e = vm_map_next(map, e))
		for (vm_offset_t va = e->start; va < e->end; va += PAGE_SIZE)
			if (pmap_lookup(map->pmap, va, &leaf) != PMAP_LEAF_NONE)
				pages++;
	return pages;
}

/*
 * With proc_lock held: the user process (not init) with the largest
 * footprint, in *pages; NULL if there is none, or if one is dying
 * already (killed, its memory not yet given back: then *dying): killing
 * two for one shortage would be one too many.
 */
static struct proc *
oom_choose(size_t *pages, bool *dying)
{
	struct proc *p, *worst = NULL;
	size_t size;

	*pages = 0;
	for (p = proc_next_locked(NULL); p != NULL; p = proc_next_locked(p)) {
		if (p->p_map == NULL || p == initproc ||
		    p->p_state == PROC_ZOMBIE)
			continue;
		if (p->p_killed == SIGKILL) {
			*dying = true;
			return NULL;
		}
		vm_map_lock(p->p_map);
		size = map_footprint(p->p_map);
		vm_map_unlock(p->p_map);
		if (size > *pages) {
			*pages = size;
			worst = p;
		}
	}
	return worst;
}

/*
 * Kill the largest process, unless one is dying already: false if there
 * is nobody to kill and nobody dying (only init, or kernel threads).
 */
static bool
oom_kill(void)
{
	char name[sizeof(((struct proc *)0)->p_name)];
	bool dying = false;
	struct proc *p;
	size_t pages;
	int pid = 0;

	spin_lock(&proc_lock);
	if ((p = oom_choose(&pages, &dying)) != NULL) {
		pid = p->p_pid;
		strlcpy(name, p->p_name, sizeof(name));
	}
	spin_unlock(&proc_lock);
	if (pid == 0)
		return dying;
	printf("oom: out of memory and swap: killed process %d (%s), "
	    "%zu KiB resident and swapped\n", pid, name, pages * 4);
	vm_stat_inc(VM_STAT_OOM_KILL);
	proc_kill(pid, SIGKILL);
	return true;
}

/* With anon_lock held: wait for one write in flight to finish. */
static void
wait_one_write(void)
{
	size_t before = pageout_inflight;

	while (pageout_inflight == before && before > 0)
		sleep_on(&pageout_free, &anon_lock);
}

int
vm_wait_memory(int order, bool may_oom)
{
	size_t want = vm_wmark.min + ((size_t)1 << order);
	bool progress;

	pagedaemon_wakeup();
	for (;;) {
		if (curproc != NULL && curproc->p_killed)
			return -EINTR;
		if (vm_page_free_count() >= want)
			return 0;
		progress = reclaim_some(32, RF_DIRECT) > 0;
		if (vm_page_free_count() >= want)
			return 0;
		spin_lock(&anon_lock);
		if (pageout_inflight > 0) {
			wait_one_write();
			progress = true;
		}
		spin_unlock(&anon_lock);
		if (progress)
			continue;
		if (!may_oom || !oom_kill())
			return -ENOMEM;	/* nobody to kill: the caller fails */
		pause_ticks(1);		/* let the victim run, and die */
	}
}

/* ---- MADV_PAGEOUT ----------------------------------------------------- */

#define PAGEOUT_BATCH	16	/* folios prepared per trip through the locks */

/*
 * The folio a private anonymous leaf of map maps at va, if MADV_PAGEOUT
 * should take it: mapped there only (Linux leaves shared pages alone) and
 * on a queue (not in anyone's hands).  Both locks held.
 */
static struct vm_page *
pageout_candidate(struct vm_map *map, vm_offset_t va)
{
	struct vm_map_entry *entry = vm_map_lookup(map, va);
	struct pmap_leaf leaf;
	struct vm_page *m;

	enum pmap_leaf_kind kind;

	if (entry == NULL || (entry->flags & (VM_ENTRY_GUARD |
	    VM_ENTRY_SHARED)))
		return NULL;
	kind = pmap_lookup(map->pmap, va, &leaf);
	if (kind != PMAP_LEAF_PTE && kind != PMAP_LEAF_PMD)
		return NULL;
	m = PHYS_TO_VM_PAGE(leaf.pa);
	if ((m->flags & (PG_ANON | PG_LRU)) != (PG_ANON | PG_LRU) ||
	    pmap_page_mappings(m) != 1)
		return NULL;
	return m;
}

/*
 * Prepare up to PAGEOUT_BATCH folios of [*va, end) with the locks held;
 * their writes in ios[], counted in *n.  *va moves past what was done.
 * false if the scan must stop (swap full) or wait (I/O slots).
 */
static bool
pageout_prepare(struct vm_map *map, vm_offset_t *va, vm_offset_t end,
    struct pageout_batch *batch, struct pageout_io **ios, int *n)
{
	enum reclaim_result res;
	struct pageout_io *pio;
	struct vm_page *m;
	bool huge;

	for (; *va < end && *n < PAGEOUT_BATCH; *va += PAGE_SIZE) {
		if ((m = pageout_candidate(map, *va)) == NULL)
			continue;
		huge = m->order != 0;
		lru_remove(m);
		vm_stat_inc(VM_STAT_PGSCAN_DIRECT);
		res = reclaim_folio(m, RF_DIRECT | RF_FORCE, &pio);
		if (res == RECLAIM_SPLIT)
			*va -= PAGE_SIZE;	/* again, as small pages */
		else if (huge)			/* done with its 2 MiB */
			*va = rounddown2(*va, PMD_SIZE) + PMD_SIZE - PAGE_SIZE;
		if (res == RECLAIM_WRITING) {
			pio->batch = batch;
			batch->pending++;
			ios[(*n)++] = pio;
		} else if (!reclaim_putback(m, res))
			return false;
	}
	return true;
}

int
vm_pageout_range(struct vm_map *map, vm_offset_t start, vm_offset_t end)
{
	struct pageout_io *ios[PAGEOUT_BATCH];
	struct pageout_batch batch = { 0 };
	vm_offset_t va = start;
	bool go_on = true;
	int n;

	/* A 2 MiB page the range cuts is split: only the range goes. */
	if (vm_map_split_range(map, start, end) != 0)
		return -EINTR;
	while (va < end && go_on) {
		if (curproc != NULL && curproc->p_killed)
			break;
		n = 0;
		vm_map_lock(map);
		spin_lock(&anon_lock);
		go_on = pageout_prepare(map, &va, end, &batch, ios, &n);
		/* Out of I/O slots is a pause; out of swap is the end. */
		if (!go_on && list_empty(&pageout_free))
			go_on = true;
		spin_unlock(&anon_lock);
		vm_map_unlock(map);
		for (int i = 0; i < n; i++)
			pageout_start(ios[i]);
		spin_lock(&anon_lock);
		wait_io_slot();
		spin_unlock(&anon_lock);
	}
	spin_lock(&anon_lock);
	while (batch.pending > 0)
		sleep_on(&batch, &anon_lock);
	spin_unlock(&anon_lock);
	return va < end && curproc != NULL && curproc->p_killed ? -EINTR : 0;
}
