/*
 * pmap.h: the physical map, the contract between the machine-independent
 * VM and each architecture's page tables.
 *
 * A pmap is one address space's page table.  This header is the only way
 * vm/ reaches the machine: every function below is implemented by
 * arch/$(ARCH)/pmap.c, and none of its callers knows a page-table bit.
 *
 * Vocabulary
 *  - A *leaf* is a page-table entry that ends a walk.  It sits at one of two
 *    levels: PTE (maps 4 KiB) or PMD (maps 2 MiB, PMD_SIZE, naturally
 *    aligned).  A leaf is *present* (the MMU translates through it), a
 *    *PROT_NONE leaf* or a *swap leaf*.  A PROT_NONE leaf (made by
 *    pmap_protect() with VM_PROT_NONE) is not present to the MMU, which
 *    refuses every access through it, but it still maps its frame: the
 *    pmap keeps the frame's address, and pmap_protect() with rights makes
 *    it present again (Linux's "protnone" entries).  A swap leaf is not
 *    present either; it holds a swp_entry_t in the bits the MMU ignores.
 *    A swap PMD leaf stands for 512 consecutive slots starting at its
 *    entry's offset.
 *  - pmap never frees the frames or the swap slots its leaves name: that is
 *    the caller's business (the VM keeps its own books).  It allocates and
 *    frees only its page-table pages, from vm_page_alloc().
 *  - Every function that changes a present leaf invalidates the TLB entries
 *    it made stale, in every CPU where the pmap is active.
 *  - Errors are negative errno values; on error nothing has changed.
 *
 * User pmaps map [VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) with user access;
 * the kernel pmap maps the kernel half, shared by every pmap.
 */
#ifndef _VM_PMAP_H_
#define _VM_PMAP_H_

#include "vm/vm.h"

struct pmap;

/* The kernel's own address space. */
extern struct pmap *kernel_pmap;

/* pmap_enter() flags. */
#define PMAP_NOCACHE	0x1	/* device memory: uncached */

/* What a page-table walk finds at an address. */
enum pmap_leaf_kind {
	PMAP_LEAF_NONE = 0,	/* nothing is mapped */
	PMAP_LEAF_PTE,		/* a present or PROT_NONE 4 KiB leaf */
	PMAP_LEAF_PMD,		/* a present or PROT_NONE 2 MiB leaf */
	PMAP_LEAF_SWAP_PTE,	/* a 4 KiB swap leaf */
	PMAP_LEAF_SWAP_PMD,	/* a 2 MiB swap leaf: 512 slots */
};

struct pmap_leaf {
	enum pmap_leaf_kind kind;
	vm_offset_t	va;	/* the start of the leaf (4 KiB or 2 MiB) */
	vm_paddr_t	pa;	/* PTE, PMD: the frame(s) it maps */
	vm_prot_t	prot;	/* PTE, PMD: its rights, NONE if PROT_NONE */
	bool		accessed; /* PTE, PMD: the MMU has read through it */
	bool		dirty;	/* PTE, PMD: the MMU has written through it */
	swp_entry_t	swap;	/* swap leaf: its (first) slot */
};

/*
 * pmap_bootstrap: build the kernel's page table and switch to it: a direct
 * map of physical memory [0, phys_end) (PHYS_TO_DMAP), and the kernel image
 * with text read-only and executable, rodata read-only, data and bss
 * read-write, and nothing else executable.  Called once, before
 * vm_page_array exists; page-table pages come from vm_bootstrap_alloc().
 */
void	pmap_bootstrap(vm_paddr_t phys_end);

/*
 * pmap_create: a new, empty user pmap that shares the kernel half.
 * NULL if its top-level page cannot be allocated.
 */
struct pmap *pmap_create(void);

/*
 * pmap_destroy: free a user pmap and its page-table pages.  The caller has
 * removed every leaf first (debug builds check).
 */
void	pmap_destroy(struct pmap *pmap);

/* pmap_activate: make pmap the current address space of this CPU. */
void	pmap_activate(struct pmap *pmap);

/*
 * pmap_enter: map the 4 KiB frame at pa at va (page aligned) with prot
 * (not VM_PROT_NONE), replacing whatever 4 KiB leaf (present, PROT_NONE or
 * swap) was there.  va must not lie under a 2 MiB leaf (split it first).
 * 0, or -ENOMEM when a page-table page cannot be allocated.
 */
int	pmap_enter(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa,
	    vm_prot_t prot, unsigned flags);

/*
 * pmap_enter_pmd: map the 2 MiB at pa at va (both 2 MiB aligned) with one
 * PMD leaf, replacing a PMD leaf (present, PROT_NONE or swap) that was
 * there.  The range must hold no 4 KiB leaves: -EEXIST if it does.  An
 * empty page-table page there is freed.  0, -EEXIST or -ENOMEM.
 */
int	pmap_enter_pmd(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa,
	    vm_prot_t prot, unsigned flags);

/*
 * pmap_enter_swap: store entry in a 4 KiB swap leaf at va, replacing a
 * 4 KiB leaf there (a present one is invalidated in the TLB).  Same rules
 * and errors as pmap_enter().
 */
int	pmap_enter_swap(struct pmap *pmap, vm_offset_t va, swp_entry_t entry);

/*
 * pmap_enter_swap_pmd: a 2 MiB swap leaf at va (2 MiB aligned) standing for
 * the 512 slots entry, entry + 1, ..., entry + 511.  Same rules and errors as
 * pmap_enter_pmd().
 */
int	pmap_enter_swap_pmd(struct pmap *pmap, vm_offset_t va,
	    swp_entry_t entry);

/*
 * pmap_remove: remove every leaf, present, PROT_NONE or swap, in [sva, eva)
 * (page aligned), and free page-table pages left empty.  A 2 MiB leaf must
 * lie wholly inside the range or wholly outside it: split partial ones
 * first.
 */
void	pmap_remove(struct pmap *pmap, vm_offset_t sva, vm_offset_t eva);

/*
 * pmap_protect: set the rights of every present or PROT_NONE leaf in
 * [sva, eva) to prot.  prot is VM_PROT_NONE, or includes VM_PROT_READ
 * (no MMU here can refuse reads of a page it lets be written or run).
 * VM_PROT_NONE makes each such leaf a PROT_NONE leaf: every access through
 * it faults, its frame (and, best effort, its accessed and dirty bits)
 * stay, and pmap_protect() with rights later makes it present again with
 * those rights.  Swap leaves are left as they are.  2 MiB leaves as in
 * pmap_remove().
 */
void	pmap_protect(struct pmap *pmap, vm_offset_t sva, vm_offset_t eva,
	    vm_prot_t prot);

/*
 * pmap_lookup: describe the leaf that covers va in *leaf (kind NONE if
 * nothing does) and return its kind.  A PROT_NONE leaf is a PTE or PMD
 * with its pa and prot VM_PROT_NONE.
 */
enum pmap_leaf_kind pmap_lookup(struct pmap *pmap, vm_offset_t va,
	    struct pmap_leaf *leaf);

/*
 * pmap_pmd_empty: is nothing at all mapped in the 2 MiB around va: no
 * leaf of any kind, and no page-table page of 4 KiB leaves there?  (The
 * place where a 2 MiB leaf could go without pmap_enter_pmd() saying
 * -EEXIST.)
 */
bool	pmap_pmd_empty(struct pmap *pmap, vm_offset_t va);

/*
 * pmap_extract: true and the physical address of the byte at va in *pa if a
 * present leaf maps va; false otherwise (a PROT_NONE leaf grants no access:
 * false).
 */
bool	pmap_extract(struct pmap *pmap, vm_offset_t va, vm_paddr_t *pa);

/*
 * pmap_test_clear_accessed, pmap_test_clear_dirty: return whether the
 * present leaf covering va (4 KiB or 2 MiB) has its accessed (dirty) bit
 * set, and clear it.  False if no present leaf covers va (a PROT_NONE leaf
 * is not present: false, its bits left alone).
 */
bool	pmap_test_clear_accessed(struct pmap *pmap, vm_offset_t va);
bool	pmap_test_clear_dirty(struct pmap *pmap, vm_offset_t va);

/*
 * pmap_split_pmd: replace the 2 MiB leaf covering va by 512 4 KiB leaves
 * that map the same memory with the same rights and accessed/dirty bits
 * (present; PROT_NONE gives 512 PROT_NONE leaves), or by 512 swap leaves
 * with consecutive offsets (swap).
 * 0, -EINVAL if no 2 MiB leaf covers va, or -ENOMEM.
 */
int	pmap_split_pmd(struct pmap *pmap, vm_offset_t va);

/*
 * The reverse map (vm/pmap_pv.c).  The managed leaves (present or
 * PROT_NONE leaves of user pmaps over pages not PG_RESERVED) are listed on
 * the page they map; a 2 MiB leaf on its first page only.  The caller keeps
 * every pmap that maps m alive during these calls.
 *
 * pmap_page_mappings: how many managed leaves list m.
 * pmap_page_remove_all: remove every leaf listed on m, in every pmap (as
 *	pmap_remove() would), so that none maps it any more: for reclaim.
 * pmap_page_test_clear_accessed: was any present leaf listed on m accessed?
 *	Clears the accessed bit in all of them.
 */
struct vm_page;
int	pmap_page_mappings(struct vm_page *m);
void	pmap_page_remove_all(struct vm_page *m);
bool	pmap_page_test_clear_accessed(struct vm_page *m);

/* Page-table pages in use by a pmap (for tests and /proc). */
size_t	pmap_ptp_count(struct pmap *pmap);

#endif /* !_VM_PMAP_H_ */
