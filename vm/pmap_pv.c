/*
 * pmap_pv.c: pv lists (the reverse map), shared by both pmaps, and the
 * pmap_page_*() calls of vm/pmap.h built on them.
 *
 * pmap_pv.h says what is listed and why.  Everything here touches only
 * struct vm_page (pv_list) and pv entries; page-table entries stay in
 * arch/$(ARCH)/pmap.c, which calls in here around every change of a leaf.
 * pmap_page_*() work one entry at a time: copy it under pv_lock, drop the
 * lock, then call the pmap (whose lock nests outside pv_lock).  Their
 * caller keeps the pmaps on the list alive meanwhile.
 */
#include "vm/pmap_pv.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/vm_page.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"

static struct kmem_zone *pv_zone;		/* (c) after pv_init() */
static struct spinlock pv_lock = SPINLOCK_INITIALIZER("pv");

void
pv_init(void)
{
	if ((pv_zone = kmem_zone_create("pv_entry",
	    sizeof(struct pv_entry))) == NULL)
		panic("pv_init: no memory for the pv zone");
}

struct vm_page *
pv_page(struct pmap *pmap, vm_paddr_t pa)
{
	size_t frame = pa >> PAGE_SHIFT;
	struct vm_page *m;

	if (pmap == kernel_pmap || frame < vm_page_array_first ||
	    frame - vm_page_array_first >= vm_page_array_size)
		return NULL;
	m = PHYS_TO_VM_PAGE(pa);
	return (m->flags & PG_RESERVED) ? NULL : m;
}

/* pv_link: put the allocated pv on m's list as (pmap, va, level). */
static void
pv_link(struct vm_page *m, struct pv_entry *pv, struct pmap *pmap,
    vm_offset_t va, int level)
{
	pv->pmap = pmap;
	pv->va = va;
	pv->level = level;
	spin_lock(&pv_lock);
	list_insert_tail(&m->pv_list, &pv->link);
	spin_unlock(&pv_lock);
}

int
pv_insert(struct vm_page *m, struct pmap *pmap, vm_offset_t va, int level)
{
	struct pv_entry *pv = kmem_zone_alloc(pv_zone, 0);

	if (pv == NULL)
		return -ENOMEM;
	pv_link(m, pv, pmap, va, level);
	return 0;
}

void
pv_remove(struct vm_page *m, struct pmap *pmap, vm_offset_t va)
{
	struct list_node *n;
	struct pv_entry *pv = NULL;

	spin_lock(&pv_lock);
	list_foreach(n, &m->pv_list) {
		pv = list_entry(n, struct pv_entry, link);
		if (pv->pmap == pmap && pv->va == va)
			break;
		pv = NULL;
	}
	if (pv == NULL)
		panic("pv_remove: page 0x%lx has no pv for %p va 0x%lx",
		    m->phys_addr, pmap, va);
	list_remove(&pv->link);
	spin_unlock(&pv_lock);
	kmem_zone_free(pv_zone, pv);
}

int
pv_count(struct vm_page *m)
{
	struct list_node *n;
	int count = 0;

	spin_lock(&pv_lock);
	list_foreach(n, &m->pv_list)
		count++;
	spin_unlock(&pv_lock);
	return count;
}

bool
pv_nth(struct vm_page *m, int i, struct pv_entry *out)
{
	struct list_node *n;
	bool found = false;

	spin_lock(&pv_lock);
	list_foreach(n, &m->pv_list) {
		if (i-- == 0) {
			*out = *list_entry(n, struct pv_entry, link);
			found = true;
			break;
		}
	}
	spin_unlock(&pv_lock);
	return found;
}

int
pv_enter(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va, int level)
{
	struct vm_page *m = pv_page(pmap, pa);

	return m != NULL ? pv_insert(m, pmap, va, level) : 0;
}

void
pv_leave(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va)
{
	struct vm_page *m = pv_page(pmap, pa);

	if (m != NULL)
		pv_remove(m, pmap, va);
}

/* pv_free_list: give back the unlinked entries on the local list head. */
static void
pv_free_list(struct list_node *head)
{
	struct pv_entry *pv;

	while ((pv = list_first(head, struct pv_entry, link)) != NULL) {
		list_remove(&pv->link);
		kmem_zone_free(pv_zone, pv);
	}
}

int
pv_split(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va)
{
	struct list_node spare = LIST_HEAD_INIT(spare);
	struct vm_page *head = pv_page(pmap, pa);
	struct pv_entry *pv;

	if (head == NULL)
		return 0;
	/* All 512 first, so that failing changes nothing. */
	for (size_t i = 0; i < PMD_SIZE / PAGE_SIZE; i++) {
		if ((pv = kmem_zone_alloc(pv_zone, 0)) == NULL) {
			pv_free_list(&spare);
			return -ENOMEM;
		}
		list_insert_tail(&spare, &pv->link);
	}
	pv_remove(head, pmap, va);
	for (size_t i = 0; i < PMD_SIZE / PAGE_SIZE; i++) {
		pv = list_first(&spare, struct pv_entry, link);
		list_remove(&pv->link);
		pv_link(head + i, pv, pmap, va + i * PAGE_SIZE, PV_LEVEL_PTE);
	}
	return 0;
}

size_t
pv_zone_used(void)
{
	return kmem_zone_used(pv_zone);
}

/*
 * The pmap_page_*() calls of vm/pmap.h.
 */

int
pmap_page_mappings(struct vm_page *m)
{
	return pv_count(m);
}

void
pmap_page_remove_all(struct vm_page *m)
{
	struct pv_entry pv;
	vm_offset_t size;
	int before;

	while (pv_nth(m, 0, &pv)) {
		before = pv_count(m);
		size = pv.level == PV_LEVEL_PMD ? PMD_SIZE : PAGE_SIZE;
		pmap_remove(pv.pmap, pv.va, pv.va + size);
		if (pv_count(m) >= before)
			panic("pmap_page_remove_all: page 0x%lx: va 0x%lx "
			    "stayed", m->phys_addr, pv.va);
	}
}

bool
pmap_page_test_clear_accessed(struct vm_page *m)
{
	struct pv_entry pv;
	bool accessed = false;

	for (int i = 0; pv_nth(m, i, &pv); i++)
		if (pmap_test_clear_accessed(pv.pmap, pv.va))
			accessed = true;
	return accessed;
}
