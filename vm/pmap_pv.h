/*
 * pmap_pv.h: pv lists, the reverse map from a page to the leaves that map
 * it, shared by both pmaps.
 *
 * Each struct vm_page holds a list (pv_list) of struct pv_entry, one per
 * leaf that maps the page: (pmap, va, level).  A 4 KiB leaf is listed on
 * the page it maps; a 2 MiB leaf once, at PMD level, on its first page
 * (the folio's head), not on the 511 others.  pmap_split_pmd() turns that
 * one PMD entry into 512 PTE entries, one on each small page.
 *
 * Which leaves are listed ("managed"): the present and PROT_NONE leaves
 * (both map a frame) of user pmaps whose frame has a vm_page that is not
 * PG_RESERVED.  Swap leaves, kernel leaves and device memory are not.
 * The pmaps call pv_enter() before a leaf appears or changes frame (it may
 * fail, and then the pmap changes nothing) and pv_leave() after one goes
 * away; pmap_page_*() in vm/pmap.h are built on these lists.
 *
 * Locking: (v) pv_lock, a spin lock in pmap_pv.c, taken inside a pmap's
 * lock (pmap lock, then pv_lock, then nothing).  Entries are allocated
 * outside pv_lock.
 */
#ifndef _VM_PMAP_PV_H_
#define _VM_PMAP_PV_H_

#include "kernel/list.h"
#include "vm/vm.h"

struct pmap;
struct vm_page;

struct pv_entry {
	struct list_node link;		/* (v) on the page's pv_list */
	struct pmap	*pmap;		/* (v) the pmap of the leaf */
	vm_offset_t	va;		/* (v) the start of the leaf */
	uint8_t		level;		/* (v) PV_LEVEL_PTE or PV_LEVEL_PMD */
};

#define PV_LEVEL_PTE	1	/* a 4 KiB leaf */
#define PV_LEVEL_PMD	2	/* a 2 MiB leaf, on its first page */

/* pv_init: create the pv entry zone (after kmem_init()). */
void	pv_init(void);

/*
 * pv_page: the page whose pv list a leaf of pmap at pa goes on, or NULL
 * if such a leaf is not managed (kernel pmap, no vm_page, PG_RESERVED).
 */
struct vm_page *pv_page(struct pmap *pmap, vm_paddr_t pa);

/* pv_insert: list (pmap, va, level) on m: 0 or -ENOMEM. */
int	pv_insert(struct vm_page *m, struct pmap *pmap, vm_offset_t va,
	    int level);

/* pv_remove: unlist (pmap, va) from m; panics if it is not there. */
void	pv_remove(struct vm_page *m, struct pmap *pmap, vm_offset_t va);

/* pv_count: the leaves listed on m. */
int	pv_count(struct vm_page *m);

/*
 * pv_nth: copy the i-th entry of m's list (0 first) into *pv (its link
 * unused): false past the end.  The iterator for code that must call a
 * pmap, whose lock nests outside pv_lock, for each entry.
 */
bool	pv_nth(struct vm_page *m, int i, struct pv_entry *pv);

/* pv_enter: pv_insert() on pv_page(pmap, pa) if the leaf is managed. */
int	pv_enter(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va, int level);

/* pv_leave: pv_remove() from pv_page(pmap, pa) if the leaf is managed. */
void	pv_leave(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va);

/*
 * pv_split: the 2 MiB leaf of pmap at va, mapping pa, becomes 512 4 KiB
 * leaves: its PMD entry on pa's page makes way for a PTE entry on each
 * page.  0 or -ENOMEM (and then nothing changed).
 */
int	pv_split(struct pmap *pmap, vm_paddr_t pa, vm_offset_t va);

/* pv_zone_used: pv entries allocated now (for tests). */
size_t	pv_zone_used(void);

#endif /* !_VM_PMAP_PV_H_ */
