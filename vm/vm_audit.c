/*
 * vm_audit.c: the VM's books against what they count (vm_audit.h).
 *
 * The swap counts are checked the slow, obvious way: walk every leaf of
 * every process and tally the swap leaves by slot, then compare each
 * slot's count in its swap table with the tally.  Nothing else holds a
 * slot reference between tests (faults and reclaim hold theirs only
 * while they run).
 */
#include "vm/vm_audit.h"
#include "kernel/errno.h"
#include "kernel/proc.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/swap_cache.h"
#include "vm/swap_table.h"
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_phys.h"
#include "vm/vm_stats.h"
#include "vm/vm_thp.h"

#define AUDIT_SHOW	8	/* problems described at most */

struct audit {
	uint16_t	*leaves[SWAP_MAX_AREAS]; /* swap leaves per slot */
	uint64_t	nslots[SWAP_MAX_AREAS];
	char		*buf;
	size_t		size, len;
	int		problems;
	uint64_t	slots_used, leaves_seen;
};

/* Note a problem; describe the first few. */
static void __printflike(2, 3)
problem(struct audit *a, const char *fmt, ...)
{
	va_list ap;

	if (a->problems++ >= AUDIT_SHOW || a->len >= a->size)
		return;
	va_start(ap, fmt);
	a->len += vsnprintf(a->buf + a->len, a->size - a->len, fmt, ap);
	va_end(ap);
}

/* Tally the swap leaves of map (locked, with anon_lock). */
static void
tally_map(struct audit *a, struct vm_map *map)
{
	struct pmap_leaf leaf;
	unsigned type;

	enum pmap_leaf_kind kind;
	unsigned nr;

	for (struct vm_map_entry *e = vm_map_first(map); e != NULL;
	    e = vm_map_next(map, e))
		for (vm_offset_t va = e->start; va < e->end; va += PAGE_SIZE) {
			kind = pmap_lookup(map->pmap, va, &leaf);
			if (kind != PMAP_LEAF_SWAP_PTE &&
			    (kind != PMAP_LEAF_SWAP_PMD || va != leaf.va))
				continue;
			nr = kind == PMAP_LEAF_SWAP_PMD ? HPAGE_PAGES : 1;
			type = swp_type(leaf.swap);
			a->leaves_seen++;
			if (type >= SWAP_MAX_AREAS || a->leaves[type] == NULL ||
			    swp_offset(leaf.swap) + nr > a->nslots[type]) {
				problem(a, "va 0x%lx: swap leaf names slot %lu "
				    "of area %u, which is not on\n", va,
				    swp_offset(leaf.swap), type);
				continue;
			}
			for (unsigned i = 0; i < nr; i++)
				a->leaves[type][swp_offset(leaf.swap) + i]++;
		}
}

/* Tally every process's swap leaves. */
static void
tally_all(struct audit *a)
{
	spin_lock(&proc_lock);
	for (struct proc *p = proc_next_locked(NULL); p != NULL;
	    p = proc_next_locked(p)) {
		if (p->p_map == NULL || p->p_map->pmap == NULL)
			continue;
		vm_map_lock(p->p_map);
		spin_lock(&anon_lock);
		tally_map(a, p->p_map);
		spin_unlock(&anon_lock);
		vm_map_unlock(p->p_map);
	}
	spin_unlock(&proc_lock);
}

/* One slot's count and cache entry against the tally; anon_lock held. */
static void
check_slot(struct audit *a, unsigned type, uint64_t slot)
{
	swp_entry_t e = swp_entry(type, slot);
	struct swap_table *table = swap_entry_table(e);
	unsigned count = swap_count(table, slot), leaves = a->leaves[type][slot];
	struct vm_page *m = swap_cache_get(table, slot);

	if (count != 0 || m != NULL)
		a->slots_used++;
	if (count != leaves)
		problem(a, "slot %lu of area %u: count %u, but %u swap leaves "
		    "name it\n", slot, type, count, leaves);
	if (m == NULL)
		return;
	if (!(m->flags & PG_SWAPCACHE) || swp_type(m->swap) != type ||
	    slot - swp_offset(m->swap) >= (1U << m->order))
		problem(a, "slot %lu of area %u: cached by page 0x%lx, which "
		    "caches something else\n", slot, type, m->phys_addr);
	else if (m->ref_count == 1 && swap_folio_users(m) == 0 &&
	    !(m->flags & (PG_READING | PG_WRITEBACK)))
		problem(a, "slot %lu of area %u: page 0x%lx left in the swap "
		    "cache, needed by nobody\n", slot, type, m->phys_addr);
}

/* Compare every slot of every area; allocate the tallies first. */
static int
audit_swap(struct audit *a)
{
	uint64_t used, elsewhere;

	for (unsigned t = 0; t < SWAP_MAX_AREAS; t++) {
		if (!swap_area_slots(t, &a->nslots[t], &used, &elsewhere))
			continue;
		a->leaves[t] = kmalloc(a->nslots[t] * sizeof(uint16_t),
		    KM_ZERO);
		if (a->leaves[t] == NULL)
			return -ENOMEM;
	}
	tally_all(a);
	spin_lock(&anon_lock);
	for (unsigned t = 0; t < SWAP_MAX_AREAS; t++) {
		if (a->leaves[t] == NULL)
			continue;
		swap_table_audit(swap_entry_table(swp_entry(t, 0)));
		for (uint64_t slot = 0; slot < a->nslots[t]; slot++)
			check_slot(a, t, slot);
	}
	spin_unlock(&anon_lock);
	return 0;
}

/*
 * The page array: the anonymous pages and the queues against their
 * counters, the free blocks against the allocator's count.
 */
static void
audit_pages(struct audit *a)
{
	size_t anon = 0, active = 0, inactive = 0, freep = 0;

	spin_lock(&anon_lock);
	for (size_t i = 0; i < vm_page_array_size; i++) {
		struct vm_page *m = &vm_page_array[i];

		if (m->flags & PG_FREE)
			freep += (size_t)1 << m->order;
		if (!(m->flags & PG_ANON))
			continue;
		anon += (size_t)1 << m->order;
		if (m->flags & PG_LRU)
			*((m->flags & PG_ACTIVE) ? &active : &inactive) +=
			    (size_t)1 << m->order;
		if (m->ref_count <= 0)
			problem(a, "page 0x%lx: anonymous, %d references\n",
			    m->phys_addr, m->ref_count);
	}
	if (anon != vm_stat_read(VM_STAT_NR_ANON_PAGES))
		problem(a, "%zu anonymous pages, nr_anon_pages says %lu\n",
		    anon, vm_stat_read(VM_STAT_NR_ANON_PAGES));
	if (active != vm_stat_read(VM_STAT_NR_ACTIVE_ANON) ||
	    inactive != vm_stat_read(VM_STAT_NR_INACTIVE_ANON))
		problem(a, "queues hold %zu active, %zu inactive pages; the "
		    "counters say otherwise\n", active, inactive);
	if (freep != vm_page_free_count())
		problem(a, "%zu pages in free blocks, the allocator counts "
		    "%zu\n", freep, vm_page_free_count());
	spin_unlock(&anon_lock);
}

int
vm_audit(char *buf, size_t size)
{
	struct audit a = { .size = size };
	int error = -ENOMEM;

	if ((a.buf = kmalloc(size, 0)) != NULL &&
	    (error = audit_swap(&a)) == 0)
		audit_pages(&a);
	for (unsigned t = 0; t < SWAP_MAX_AREAS; t++)
		kfree(a.leaves[t]);
	if (error != 0) {
		snprintf(buf, size, "FAIL: no memory for the audit\n");
		kfree(a.buf);
		return 1;
	}
	a.buf[MIN(a.len, size - 1)] = '\0';
	if (a.problems == 0)
		snprintf(buf, size, "ok\n");
	else
		snprintf(buf, size, "FAIL: %d problems\n%s", a.problems,
		    a.buf);
	snprintf(buf + strlen(buf), size - strlen(buf), "swap slots in use "
	    "%lu, swap leaves %lu\n", a.slots_used, a.leaves_seen);
	kfree(a.buf);
	return a.problems;
}
