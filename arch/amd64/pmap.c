/*
 * pmap.c (amd64): the physical map on 4-level page tables.
 *
 * This file is the only one that knows what an amd64 page-table entry looks
 * like (machine/pte.h draws the bits).  It implements the contract of
 * vm/pmap.h; here is how, and why.
 *
 * Tables.  A pmap is a tree of 4 KiB table pages: PML4 (level 4), PDPT (3),
 * PD (2, the "PMD" level) and PT (1).  A leaf sits in a PT (4 KiB) or in a
 * PD with PS set (2 MiB).  Every table page is reached through the direct
 * map (PHYS_TO_DMAP), so no table is ever mapped on its own.
 *
 * The kernel half.  PML4 slots 256 (direct map) and 511 (kernel image) get
 * their PDPT pages in pmap_bootstrap() and keep them forever.  pmap_create()
 * copies the kernel half of the PML4 once; because the kernel never adds or
 * removes a PML4 entry after boot (pmap_install_table() panics if asked to),
 * that copy never goes stale, and a kernel mapping made later, deeper in
 * the tree, is seen by every address space at once.
 *
 * Counting.  For a user pmap, the vm_page of every table page is marked
 * PG_PTP and its pt_count holds the number of valid entries in it (table
 * pointers and leaves: present, PROT_NONE or swap; in the PML4 only the
 * user half counts).  When a count drops to 0 the page is freed at once
 * and the entry above it cleared (pmap_prune()), so an empty user table
 * never outlives the call that emptied it; pmap_destroy() then only has
 * the PML4 to free.
 * Kernel tables keep no counts and are never freed: some come from
 * vm_bootstrap_alloc(), before vm_page_array exists, and all are shared.
 * Those books know no entry format and are kept by vm/pmap_ptp.c, shared
 * with arm64; this file says when an entry becomes valid or goes away.
 *
 * The TLB.  One CPU, no PCID.  A changed or removed present leaf is flushed
 * with invlpg when its pmap is the one in CR3 or is the kernel pmap (kernel
 * leaves are global and live in every address space); other pmaps' entries
 * were flushed by the CR3 load that switched away from them.  invlpg also
 * drops the CPU's cached upper-level entries, which is what makes it safe
 * to free a table page right after unhooking it.
 *
 * PROT_NONE leaves.  pmap_protect(..., VM_PROT_NONE) turns a present leaf
 * into a non-present one that keeps its frame (inverted, against L1TF),
 * its A and D bits and its memory type, marked by a software bit
 * (machine/pte.h).  pte_with_rights() is the one place that converts in
 * either direction; pmap_lookup() reports such a leaf as PTE or PMD with
 * prot VM_PROT_NONE, and everything that wants a present leaf tests P.
 *
 * pv lists.  Every present or PROT_NONE leaf of a user pmap over a managed
 * page is listed on that page (vm/pmap_pv.c keeps the lists, shared with
 * arm64).  pmap_pv_enter() lists a leaf before it appears or changes frame,
 * so that running out of pv entries changes nothing; pmap_pv_leave()
 * unlists one after it went away.  A split lists the 512 new leaves.
 *
 * Locking: (l) the pmap's pm_lock, a spin lock taken by every entry point;
 * (c) constant after pmap_create() or pmap_bootstrap().  The lock nests
 * outside the page allocator's.  Leaves that the MMU may update (A and D
 * bits) are changed with atomic operations so that no update is lost.
 */
#include "vm/pmap.h"
#include "vm/kmem.h"
#include "vm/pmap_ptp.h"
#include "vm/pmap_pv.h"
#include "vm/vm_page.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "machine/pte.h"

/* The PML4 slot of va: slots 0-255 are user space, 256-511 the kernel's. */
#define PML4_SLOT(va)	(((va) >> 39) & (NPTEPG - 1))
#define PML4_USER_SLOTS	256
#define PML4_DMAP_SLOT	PML4_SLOT(DMAP_MIN_ADDRESS)
#define PML4_KERN_SLOT	PML4_SLOT(KERNBASE)

/* Paging controls that pmap_bootstrap() reads or sets. */
#define CR4_PGE		(1UL << 7)	/* global pages */
#define CR4_SMEP	(1UL << 20)	/* no kernel execution of user pages */
#define MSR_EFER	0xc0000080
#define EFER_NXE	(1UL << 11)	/* the NX bit is honoured */
#define CPUID7_EBX_SMEP	(1U << 7)

struct pmap {
	struct spinlock	pm_lock;	/* (l): the tables and the count */
	vm_paddr_t	pm_pml4_pa;	/* (c) the PML4's physical address */
	pt_entry_t	*pm_pml4;	/* (c) the PML4, through the DMAP */
	size_t		pm_ptp_count;	/* (l) table pages, the PML4 included */
};

static struct pmap kernel_pmap_store;
struct pmap *kernel_pmap = &kernel_pmap_store;

static pt_entry_t pmap_nx;	/* (c) PTE_NX if EFER.NXE is on, else 0 */

/* The kernel image's segments (kernel.ld). */
extern char kernel_start[], etext[], erodata[], kernel_end[];

CTASSERT(SWP_TYPE_BITS == 5 && SWP_OFFSET_BITS == 40);
/* Every kernel address lies in one of the two preallocated PML4 slots. */
CTASSERT(PML4_SLOT(DMAP_MAX_ADDRESS - 1) == PML4_DMAP_SLOT);
CTASSERT(PML4_SLOT(DEVMAP_MAX_ADDRESS - 1) == PML4_KERN_SLOT);
CTASSERT(PML4_SLOT(VM_MAX_USER_ADDRESS - 1) == PML4_USER_SLOTS - 1);
CTASSERT(PMD_SHIFT == PAGE_SHIFT + NPTEPG_SHIFT);
CTASSERT(NPTEPG == PTP_NENTRIES);

/*
 * Small helpers on entries and addresses.
 */

/* The index of va's entry in a table at level. */
static inline unsigned
pmap_index(vm_offset_t va, int level)
{
	return (va >> (PAGE_SHIFT + NPTEPG_SHIFT * (level - 1))) &
	    (NPTEPG - 1);
}

/* The bytes one entry at level spans: 4 KiB, 2 MiB, 1 GiB or 512 GiB. */
static inline vm_offset_t
pmap_level_size(int level)
{
	return 1UL << (PAGE_SHIFT + NPTEPG_SHIFT * (level - 1));
}

/* Does e, an entry at level, point to a table of the level below? */
static inline bool
pte_is_table(pt_entry_t e, int level)
{
	return level > PT_LEVEL_PTE && (e & (PTE_P | PTE_PS)) == PTE_P;
}

/* The table that e points to (or the 4 KiB frame it maps). */
static inline pt_entry_t *
pte_table(pt_entry_t e)
{
	return (pt_entry_t *)PHYS_TO_DMAP(e & PTE_FRAME);
}

/*
 * pmap_prot_bits: the bits of a present leaf of pmap with rights prot:
 * user leaves get U, kernel leaves G; no execute right means NX (when the
 * CPU honours it).  amd64 cannot refuse reads of a present page, so any
 * right implies read.
 */
static pt_entry_t
pmap_prot_bits(struct pmap *pmap, vm_prot_t prot, unsigned flags)
{
	pt_entry_t bits = PTE_P;

	KASSERT(prot != VM_PROT_NONE && (prot & ~VM_PROT_ALL) == 0,
	    ("pmap_prot_bits: bad prot 0x%x", prot));
	if (prot & VM_PROT_WRITE)
		bits |= PTE_W;
	if ((prot & VM_PROT_EXECUTE) == 0)
		bits |= pmap_nx;
	bits |= pmap == kernel_pmap ? PTE_G : PTE_U;
	if (flags & PMAP_NOCACHE)
		bits |= PTE_PCD | PTE_PWT;
	return bits;
}

/* The rights of the present leaf e. */
static vm_prot_t
pte_prot(pt_entry_t e)
{
	vm_prot_t prot = VM_PROT_READ;

	if (e & PTE_W)
		prot |= VM_PROT_WRITE;
	if ((e & PTE_NX) == 0)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Is e, a leaf-level entry, a PROT_NONE leaf? */
static inline bool
pte_is_protnone(pt_entry_t e)
{
	return (e & (PTE_P | PTE_PROTNONE)) == PTE_PROTNONE;
}

/* Does the leaf-level entry e map a frame: is it present or PROT_NONE? */
static inline bool
pte_maps_frame(pt_entry_t e)
{
	return (e & (PTE_P | PTE_PROTNONE)) != 0;
}

/*
 * pte_frame_flip: what to XOR e with to decode (or encode) its frame
 * address: PTE_FRAME for a PROT_NONE leaf, whose frame is stored inverted,
 * 0 for any other entry.
 */
static inline pt_entry_t
pte_frame_flip(pt_entry_t e)
{
	return pte_is_protnone(e) ? PTE_FRAME : 0;
}

/*
 * pte_with_rights: the leaf e, present or PROT_NONE, with the P, W and NX
 * bits of bits: pmap_prot_bits() for a present leaf, 0 for a PROT_NONE
 * one.  The frame, A, D, U or G and the memory type stay; a PROT_NONE leaf
 * is decoded first and encoded last, as machine/pte.h draws it.
 */
static pt_entry_t
pte_with_rights(pt_entry_t e, pt_entry_t bits)
{
	const pt_entry_t rights = PTE_P | PTE_W | PTE_NX;

	e ^= pte_frame_flip(e);
	e = (e & ~(rights | PTE_PROTNONE)) | (bits & rights);
	if ((e & PTE_P) == 0)
		e = (e | PTE_PROTNONE) ^ PTE_FRAME;
	return e;
}

/*
 * pte_swap_encode: the swap leaf for entry at level (PT_LEVEL_PTE or
 * PT_LEVEL_PMD), laid out as machine/pte.h draws it.
 */
static pt_entry_t
pte_swap_encode(swp_entry_t entry, int level)
{
	pt_entry_t e = PTE_SWAP;

	KASSERT(swp_type(entry) <= PTE_SWP_TYPE_MASK,
	    ("pte_swap_encode: swap type %u too big", swp_type(entry)));
	e |= (~swp_offset(entry) & PTE_SWP_OFFSET_MASK) <<
	    PTE_SWP_OFFSET_SHIFT;
	e |= (pt_entry_t)swp_type(entry) << PTE_SWP_TYPE_SHIFT;
	if (level == PT_LEVEL_PMD)
		e |= PTE_PS;
	return e;
}

/* The swap entry stored in the swap leaf e. */
static swp_entry_t
pte_swap_decode(pt_entry_t e)
{
	KASSERT((e & (PTE_P | PTE_SWAP | PTE_PROTNONE)) == PTE_SWAP,
	    ("pte_swap_decode: 0x%lx is not a swap leaf", e));
	return swp_entry((e >> PTE_SWP_TYPE_SHIFT) & PTE_SWP_TYPE_MASK,
	    ~(e >> PTE_SWP_OFFSET_SHIFT) & PTE_SWP_OFFSET_MASK);
}

/*
 * pmap_check_va: the checks every entry point makes on a leaf address: va
 * is aligned to the leaf's size and lies in pmap's half of the space.
 */
static void
pmap_check_va(struct pmap *pmap, vm_offset_t va, vm_offset_t size,
    const char *fn)
{
	KASSERT((va & (size - 1)) == 0, ("%s: va 0x%lx not aligned to 0x%lx",
	    fn, va, size));
	if (pmap == kernel_pmap)
		KASSERT(va >= DMAP_MIN_ADDRESS,
		    ("%s: va 0x%lx is not a kernel address", fn, va));
	else
		KASSERT(va >= VM_MIN_USER_ADDRESS &&
		    va + size <= VM_MAX_USER_ADDRESS,
		    ("%s: va 0x%lx is not a user address", fn, va));
}

/*
 * The TLB.
 */

/* Are pmap's translations in this CPU's TLB? */
static bool
pmap_is_current(struct pmap *pmap)
{
	return pmap == kernel_pmap || (rcr3() & PTE_FRAME) == pmap->pm_pml4_pa;
}

/*
 * pmap_invalidate: flush the TLB entry (4 KiB or 2 MiB) that translates va,
 * and the cached upper-level entries, if pmap is live on this CPU.
 */
static void
pmap_invalidate(struct pmap *pmap, vm_offset_t va)
{
	if (pmap_is_current(pmap))
		invlpg(va);
}

/*
 * Table pages: hooking in and pruning (vm/pmap_ptp.c keeps their books).
 */

/*
 * pmap_install_table: hang a new, empty table under the empty entry e at
 * level.  0 or -ENOMEM.  Upper-level entries grant everything (U in a user
 * pmap): the leaf alone decides the rights.
 */
static int
pmap_install_table(struct pmap *pmap, pt_entry_t *e, int level)
{
	vm_paddr_t pa;
	int error;

	if (pmap == kernel_pmap && level == PT_LEVELS && ptp_booted())
		panic("pmap_install_table: kernel PML4 slot %lu is not "
		    "preallocated", ((vm_offset_t)e & PAGE_MASK) /
		    sizeof(*e));
	if ((error = ptp_alloc(&pmap->pm_ptp_count, &pa)) != 0)
		return error;
	*e = pa | PTE_P | PTE_W | (pmap == kernel_pmap ? 0 : PTE_U);
	ptp_count_entry(pmap, e, 1);
	return 0;
}

/*
 * pmap_prune: free the table pages on va's path that hold no valid entry,
 * from the bottom up, clearing the entries that pointed at them.  The PML4
 * stays.  Nothing to do in the kernel pmap, whose tables are permanent.
 */
static void
pmap_prune(struct pmap *pmap, vm_offset_t va)
{
	pt_entry_t *path[PT_LEVELS + 1], *table = pmap->pm_pml4;
	vm_paddr_t pa;
	int level;

	if (pmap == kernel_pmap)
		return;
	/* path[level]: the entry at level that points to a table. */
	for (level = PT_LEVELS; level > PT_LEVEL_PTE; level--) {
		path[level] = &table[pmap_index(va, level)];
		if (!pte_is_table(*path[level], level))
			break;
		table = pte_table(*path[level]);
	}
	for (level++; level <= PT_LEVELS; level++) {
		pa = *path[level] & PTE_FRAME;
		if (ptp_entries(pa) != 0)
			break;
		*path[level] = 0;
		ptp_count_entry(pmap, path[level], -1);
		pmap_invalidate(pmap, va);
		ptp_free(pmap, &pmap->pm_ptp_count, pa);
	}
}

/*
 * Walks.
 */

/*
 * pmap_walk: the entry for va at level (PT_LEVEL_PTE or PT_LEVEL_PMD).
 * Without alloc: NULL if a table on the way is missing or a leaf is met
 * above level.  With alloc: missing tables are allocated; NULL if that
 * fails (and then the tables this call allocated are freed again); a leaf
 * above level is the caller's bug and panics.
 */
static pt_entry_t *
pmap_walk(struct pmap *pmap, vm_offset_t va, int level, bool alloc)
{
	pt_entry_t *table = pmap->pm_pml4, *e;

	for (int l = PT_LEVELS; l > level; l--) {
		e = &table[pmap_index(va, l)];
		if (*e == 0 && alloc && pmap_install_table(pmap, e, l) != 0) {
			pmap_prune(pmap, va);
			return NULL;
		}
		if (!pte_is_table(*e, l)) {
			if (alloc)
				panic("pmap_walk: va 0x%lx lies under a leaf "
				    "at level %d (0x%lx)", va, l, *e);
			return NULL;
		}
		table = pte_table(*e);
	}
	return &table[pmap_index(va, level)];
}

/*
 * pmap_find: walk towards va's PTE and stop at the first entry that does
 * not point to a table: an empty entry (at any level), a 2 MiB leaf
 * (present or swap) or the PTE.  Returns the entry, its level in *levelp.
 */
static pt_entry_t *
pmap_find(struct pmap *pmap, vm_offset_t va, int *levelp)
{
	pt_entry_t *table = pmap->pm_pml4, *e;
	int level;

	for (level = PT_LEVELS;; level--) {
		e = &table[pmap_index(va, level)];
		if (!pte_is_table(*e, level))
			break;
		table = pte_table(*e);
	}
	KASSERT(*e == 0 || level <= PT_LEVEL_PMD,
	    ("pmap_find: va 0x%lx: leaf 0x%lx at level %d", va, *e, level));
	*levelp = level;
	return e;
}

/*
 * pmap_range_step: where a range walk goes after the entry at level that
 * covers va: the end of that entry's span, or eva if that comes first.
 * For a 2 MiB leaf, check that [sva, eva) covers it whole (pmap.h).
 */
static vm_offset_t
pmap_range_step(vm_offset_t va, vm_offset_t eva, int level, bool leaf,
    const char *fn)
{
	vm_offset_t size = pmap_level_size(level);
	vm_offset_t next = rounddown2(va, size) + size;

	if (next == 0 || next > eva)		/* 0: wrapped at 2^64 */
		next = eva;
	if (leaf && level == PT_LEVEL_PMD &&
	    ((va & PMD_MASK) != 0 || next - va != PMD_SIZE))
		panic("%s: the range cuts the 2 MiB leaf at 0x%lx", fn,
		    rounddown2(va, PMD_SIZE));
	return next;
}

/*
 * pv lists (vm/pmap_pv.h).
 */

/*
 * pmap_leaf_frame: does e, an entry at level, map a frame (a present or
 * PROT_NONE leaf, not a table or a swap leaf)?  Its address in *pa.
 */
static bool
pmap_leaf_frame(pt_entry_t e, int level, vm_paddr_t *pa)
{
	if (!pte_maps_frame(e) || pte_is_table(e, level))
		return false;
	e ^= pte_frame_flip(e);
	*pa = e & (level == PT_LEVEL_PMD ? PTE_PS_FRAME : PTE_FRAME);
	return true;
}

/* Does new, replacing old at level, map another frame than old did? */
static bool
pmap_frame_changes(pt_entry_t old, pt_entry_t new, int level)
{
	vm_paddr_t opa, npa;

	return !pmap_leaf_frame(old, level, &opa) ||
	    !pmap_leaf_frame(new, level, &npa) || opa != npa;
}

/* pmap_pv_enter: before new replaces old at va: list new.  0 or -ENOMEM. */
static int
pmap_pv_enter(struct pmap *pmap, vm_offset_t va, pt_entry_t old,
    pt_entry_t new, int level)
{
	vm_paddr_t pa;

	if (!pmap_leaf_frame(new, level, &pa) ||
	    !pmap_frame_changes(old, new, level))
		return 0;
	return pv_enter(pmap, pa, va,
	    level == PT_LEVEL_PMD ? PV_LEVEL_PMD : PV_LEVEL_PTE);
}

/* pmap_pv_leave: after new replaced old at va: unlist old. */
static void
pmap_pv_leave(struct pmap *pmap, vm_offset_t va, pt_entry_t old,
    pt_entry_t new, int level)
{
	vm_paddr_t pa;

	if (pmap_leaf_frame(old, level, &pa) &&
	    pmap_frame_changes(old, new, level))
		pv_leave(pmap, pa, va);
}

/*
 * Changing leaves.
 */

/*
 * pmap_store_leaf: replace the leaf at e, which maps va, by new (0 clears
 * it).  Keeps the table's count and flushes a present leaf that goes
 * away.  Returns the old entry, with the A and D bits as the MMU left them.
 */
static pt_entry_t
pmap_store_leaf(struct pmap *pmap, pt_entry_t *e, vm_offset_t va,
    pt_entry_t new)
{
	pt_entry_t old = __atomic_exchange_n(e, new, __ATOMIC_SEQ_CST);

	if (old == 0 && new != 0)
		ptp_count_entry(pmap, e, 1);
	else if (old != 0 && new == 0)
		ptp_count_entry(pmap, e, -1);
	if (old & PTE_P)
		pmap_invalidate(pmap, va);
	return old;
}

/* pmap_enter_pte: store the 4 KiB leaf new at va. 0 or -ENOMEM. */
static int
pmap_enter_pte(struct pmap *pmap, vm_offset_t va, pt_entry_t new)
{
	pt_entry_t *e, old;
	int error = 0;

	pmap_check_va(pmap, va, PAGE_SIZE, "pmap_enter");
	spin_lock(&pmap->pm_lock);
	e = pmap_walk(pmap, va, PT_LEVEL_PTE, true);
	if (e == NULL) {
		error = -ENOMEM;
	} else if ((error = pmap_pv_enter(pmap, va, *e, new,
	    PT_LEVEL_PTE)) != 0) {
		if (ptp_empty(pmap, e))		/* tables this call made */
			pmap_prune(pmap, va);
	} else {
		old = pmap_store_leaf(pmap, e, va, new);
		pmap_pv_leave(pmap, va, old, new, PT_LEVEL_PTE);
	}
	spin_unlock(&pmap->pm_lock);
	return error;
}

/*
 * pmap_enter_pde: store the 2 MiB leaf new at va: 0, -ENOMEM, or -EEXIST
 * if a table with valid entries hangs there.  An empty one is freed; in the
 * kernel pmap, where tables keep no count, any table there is -EEXIST.
 */
static int
pmap_enter_pde(struct pmap *pmap, vm_offset_t va, pt_entry_t new)
{
	pt_entry_t *e, old;
	int error = 0;

	pmap_check_va(pmap, va, PMD_SIZE, "pmap_enter_pmd");
	spin_lock(&pmap->pm_lock);
	e = pmap_walk(pmap, va, PT_LEVEL_PMD, true);
	if (e == NULL)
		error = -ENOMEM;
	else if (pte_is_table(*e, PT_LEVEL_PMD) && (pmap == kernel_pmap ||
	    ptp_entries(*e & PTE_FRAME) != 0))
		error = -EEXIST;
	else if ((error = pmap_pv_enter(pmap, va, *e, new,
	    PT_LEVEL_PMD)) != 0 && ptp_empty(pmap, e))
		pmap_prune(pmap, va);		/* tables this call made */
	if (error == 0) {
		old = pmap_store_leaf(pmap, e, va, new);
		if (pte_is_table(old, PT_LEVEL_PMD))
			ptp_free(pmap, &pmap->pm_ptp_count, old & PTE_FRAME);
		pmap_pv_leave(pmap, va, old, new, PT_LEVEL_PMD);
	}
	spin_unlock(&pmap->pm_lock);
	return error;
}

int
pmap_enter(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa, vm_prot_t prot,
    unsigned flags)
{
	KASSERT((pa & ~PTE_FRAME) == 0, ("pmap_enter: bad pa 0x%lx", pa));
	return pmap_enter_pte(pmap, va, pa | pmap_prot_bits(pmap, prot, flags));
}

int
pmap_enter_pmd(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa,
    vm_prot_t prot, unsigned flags)
{
	KASSERT((pa & ~PTE_PS_FRAME) == 0, ("pmap_enter_pmd: bad pa 0x%lx",
	    pa));
	return pmap_enter_pde(pmap, va,
	    pa | PTE_PS | pmap_prot_bits(pmap, prot, flags));
}

int
pmap_enter_swap(struct pmap *pmap, vm_offset_t va, swp_entry_t entry)
{
	return pmap_enter_pte(pmap, va, pte_swap_encode(entry, PT_LEVEL_PTE));
}

int
pmap_enter_swap_pmd(struct pmap *pmap, vm_offset_t va, swp_entry_t entry)
{
	KASSERT(swp_offset(entry) + NPTEPG - 1 <= SWP_OFFSET_MASK,
	    ("pmap_enter_swap_pmd: offset 0x%lx + 511 overflows",
	    swp_offset(entry)));
	return pmap_enter_pde(pmap, va, pte_swap_encode(entry, PT_LEVEL_PMD));
}

void
pmap_remove(struct pmap *pmap, vm_offset_t sva, vm_offset_t eva)
{
	vm_offset_t va, next;
	pt_entry_t *e, old;
	int level;

	KASSERT(sva <= eva && ((sva | eva) & PAGE_MASK) == 0,
	    ("pmap_remove: bad range [0x%lx, 0x%lx)", sva, eva));
	spin_lock(&pmap->pm_lock);
	for (va = sva; va < eva; va = next) {
		e = pmap_find(pmap, va, &level);
		next = pmap_range_step(va, eva, level, *e != 0, "pmap_remove");
		if (*e == 0)
			continue;
		old = pmap_store_leaf(pmap, e, va, 0);
		pmap_pv_leave(pmap, va, old, 0, level);
		if (ptp_empty(pmap, e))
			pmap_prune(pmap, va);
	}
	spin_unlock(&pmap->pm_lock);
}

/*
 * pmap_set_prot: give the leaf at e, mapping va, present or PROT_NONE, the
 * rights of bits (pte_with_rights()); the MMU may set A or D meanwhile,
 * hence the loop.  Only a leaf that was present can be in the TLB.
 */
static void
pmap_set_prot(struct pmap *pmap, pt_entry_t *e, vm_offset_t va,
    pt_entry_t bits)
{
	pt_entry_t old = *e, new;

	do {
		new = pte_with_rights(old, bits);
		if (new == old)
			return;
	} while (!__atomic_compare_exchange_n(e, &old, new, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	if (old & PTE_P)
		pmap_invalidate(pmap, va);
}

void
pmap_protect(struct pmap *pmap, vm_offset_t sva, vm_offset_t eva,
    vm_prot_t prot)
{
	pt_entry_t bits;
	vm_offset_t va, next;
	pt_entry_t *e;
	int level;

	KASSERT(prot == VM_PROT_NONE || (prot & VM_PROT_READ),
	    ("pmap_protect: prot 0x%x lacks read", prot));
	KASSERT(sva <= eva && ((sva | eva) & PAGE_MASK) == 0,
	    ("pmap_protect: bad range [0x%lx, 0x%lx)", sva, eva));
	bits = prot == VM_PROT_NONE ? 0 : pmap_prot_bits(pmap, prot, 0);
	spin_lock(&pmap->pm_lock);
	for (va = sva; va < eva; va = next) {
		e = pmap_find(pmap, va, &level);
		next = pmap_range_step(va, eva, level, pte_maps_frame(*e),
		    "pmap_protect");
		if (pte_maps_frame(*e))
			pmap_set_prot(pmap, e, va, bits);
	}
	spin_unlock(&pmap->pm_lock);
}

/*
 * Looking at leaves.
 */

/* pmap_describe: fill *leaf from the entry e found at level for va. */
static void
pmap_describe(pt_entry_t e, int level, vm_offset_t va,
    struct pmap_leaf *leaf)
{
	bool huge = level == PT_LEVEL_PMD;

	memset(leaf, 0, sizeof(*leaf));
	leaf->va = rounddown2(va, huge ? PMD_SIZE : PAGE_SIZE);
	if (e == 0) {
		leaf->kind = PMAP_LEAF_NONE;
	} else if (pte_maps_frame(e)) {
		leaf->kind = huge ? PMAP_LEAF_PMD : PMAP_LEAF_PTE;
		leaf->prot = (e & PTE_P) ? pte_prot(e) : VM_PROT_NONE;
		e ^= pte_frame_flip(e);
		leaf->pa = e & (huge ? PTE_PS_FRAME : PTE_FRAME);
		leaf->accessed = (e & PTE_A) != 0;
		leaf->dirty = (e & PTE_D) != 0;
	} else {
		leaf->kind = huge ? PMAP_LEAF_SWAP_PMD : PMAP_LEAF_SWAP_PTE;
		leaf->swap = pte_swap_decode(e);
	}
}

enum pmap_leaf_kind
pmap_lookup(struct pmap *pmap, vm_offset_t va, struct pmap_leaf *leaf)
{
	pt_entry_t e;
	int level;

	spin_lock(&pmap->pm_lock);
	e = *pmap_find(pmap, va, &level);
	spin_unlock(&pmap->pm_lock);
	pmap_describe(e, level, va, leaf);
	return leaf->kind;
}

bool
pmap_pmd_empty(struct pmap *pmap, vm_offset_t va)
{
	pt_entry_t *e;
	int level;
	bool empty;

	spin_lock(&pmap->pm_lock);
	e = pmap_find(pmap, va, &level);
	/* The walk stopped above the PTE tables, at an empty entry. */
	empty = level != PT_LEVEL_PTE && *e == 0;
	spin_unlock(&pmap->pm_lock);
	return empty;
}

bool
pmap_extract(struct pmap *pmap, vm_offset_t va, vm_paddr_t *pa)
{
	struct pmap_leaf leaf;
	enum pmap_leaf_kind kind = pmap_lookup(pmap, va, &leaf);

	/* A PROT_NONE leaf maps a frame, but grants no access to it. */
	if ((kind != PMAP_LEAF_PTE && kind != PMAP_LEAF_PMD) ||
	    leaf.prot == VM_PROT_NONE)
		return false;
	*pa = leaf.pa + (va - leaf.va);
	return true;
}

/*
 * pmap_test_clear: clear bit (PTE_A or PTE_D) in the present leaf covering
 * va and say whether it was set.  A cleared bit is flushed from the TLB too:
 * the MMU sets A and D only when it loads an entry whose bit is clear, so a
 * stale TLB entry would let the next access or write go unrecorded.
 */
static bool
pmap_test_clear(struct pmap *pmap, vm_offset_t va, pt_entry_t bit)
{
	pt_entry_t *e, old = 0;
	int level;

	spin_lock(&pmap->pm_lock);
	e = pmap_find(pmap, va, &level);
	if (*e & PTE_P) {
		old = __atomic_fetch_and(e, ~bit, __ATOMIC_SEQ_CST);
		if (old & bit)
			pmap_invalidate(pmap, va);
	}
	spin_unlock(&pmap->pm_lock);
	return (old & bit) != 0;
}

bool
pmap_test_clear_accessed(struct pmap *pmap, vm_offset_t va)
{
	return pmap_test_clear(pmap, va, PTE_A);
}

bool
pmap_test_clear_dirty(struct pmap *pmap, vm_offset_t va)
{
	return pmap_test_clear(pmap, va, PTE_D);
}

/*
 * Splitting a 2 MiB leaf.
 */

/*
 * pmap_split_fill: write into pt the 512 leaves that stand for the 2 MiB
 * leaf pde: the same frames with the same bits (the large-page PAT bit,
 * bit 12, is never set; a PROT_NONE leaf gives PROT_NONE leaves, their
 * frames inverted as its own), or swap leaves with consecutive offsets.
 */
static void
pmap_split_fill(pt_entry_t *pt, pt_entry_t pde)
{
	pt_entry_t flip = pte_frame_flip(pde), bits;
	vm_paddr_t pa;
	swp_entry_t s;

	if (pte_maps_frame(pde)) {
		pde ^= flip;
		KASSERT((pde & PTE_FRAME & ~PTE_PS_FRAME) == 0,
		    ("pmap_split_fill: PAT or reserved bits in 0x%lx", pde));
		bits = pde & ~(PTE_FRAME | PTE_PS);
		pa = pde & PTE_PS_FRAME;
		for (int i = 0; i < NPTEPG; i++)
			pt[i] = ((pa + (vm_paddr_t)i * PAGE_SIZE) | bits) ^
			    flip;
		return;
	}
	s = pte_swap_decode(pde);
	for (int i = 0; i < NPTEPG; i++)
		pt[i] = pte_swap_encode(swp_entry(swp_type(s),
		    swp_offset(s) + i), PT_LEVEL_PTE);
}

int
pmap_split_pmd(struct pmap *pmap, vm_offset_t va)
{
	pt_entry_t *e;
	vm_paddr_t pt_pa, pa;
	int level, error;

	va = rounddown2(va, PMD_SIZE);
	spin_lock(&pmap->pm_lock);
	e = pmap_find(pmap, va, &level);
	if (level != PT_LEVEL_PMD || *e == 0) {
		error = -EINVAL;
	} else if ((error = ptp_alloc(&pmap->pm_ptp_count, &pt_pa)) != 0) {
		/* Nothing to undo. */
	} else if (pmap_leaf_frame(*e, PT_LEVEL_PMD, &pa) &&
	    (error = pv_split(pmap, pa, va)) != 0) {
		ptp_free(pmap, &pmap->pm_ptp_count, pt_pa);
	} else {
		pmap_split_fill((pt_entry_t *)PHYS_TO_DMAP(pt_pa), *e);
		ptp_set_full(pmap, pt_pa);
		/* A leaf becomes a table pointer: the PD's count stays. */
		__atomic_store_n(e, pt_pa | PTE_P | PTE_W |
		    (pmap == kernel_pmap ? 0 : PTE_U), __ATOMIC_SEQ_CST);
		pmap_invalidate(pmap, va);
	}
	spin_unlock(&pmap->pm_lock);
	return error;
}

/*
 * Address spaces.
 */

struct pmap *
pmap_create(void)
{
	struct pmap *pmap = kmalloc(sizeof(*pmap), KM_ZERO);
	vm_paddr_t pa;

	if (pmap == NULL)
		return NULL;
	spin_init(&pmap->pm_lock, "pmap");
	if (ptp_alloc(&pmap->pm_ptp_count, &pa) != 0) {
		kfree(pmap);
		return NULL;
	}
	pmap->pm_pml4_pa = pa;
	pmap->pm_pml4 = (pt_entry_t *)PHYS_TO_DMAP(pa);
	/* The kernel half never changes after boot: one copy is enough. */
	memcpy(&pmap->pm_pml4[PML4_USER_SLOTS],
	    &kernel_pmap->pm_pml4[PML4_USER_SLOTS],
	    (NPTEPG - PML4_USER_SLOTS) * sizeof(pt_entry_t));
	return pmap;
}

void
pmap_destroy(struct pmap *pmap)
{
	KASSERT(pmap != kernel_pmap, ("pmap_destroy: the kernel pmap"));
	KASSERT(!pmap_is_current(pmap), ("pmap_destroy: pmap is active"));
	/* No leaf left, so no pv entry names this pmap any more. */
	KASSERT(pmap->pm_ptp_count == 1 &&
	    ptp_entries(pmap->pm_pml4_pa) == 0,
	    ("pmap_destroy: %zu table pages still in use",
	    pmap->pm_ptp_count));
	ptp_free(pmap, &pmap->pm_ptp_count, pmap->pm_pml4_pa);
	kfree(pmap);
}

void
pmap_activate(struct pmap *pmap)
{
	if ((rcr3() & PTE_FRAME) != pmap->pm_pml4_pa)
		load_cr3(pmap->pm_pml4_pa);
}

size_t
pmap_ptp_count(struct pmap *pmap)
{
	size_t n;

	spin_lock(&pmap->pm_lock);
	n = pmap->pm_ptp_count;
	spin_unlock(&pmap->pm_lock);
	return n;
}

/*
 * Bootstrap.
 */

/*
 * pmap_probe_cpu: set pmap_nx from EFER.NXE (entry.S turned it on if the
 * CPU has NX: setting NX with NXE off would make entries reserved-bit
 * faults) and say whether the CPU has SMEP.
 */
static bool
pmap_probe_cpu(void)
{
	uint32_t r[4];

	pmap_nx = (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(7, 0, r);
	return (r[1] & CPUID7_EBX_SMEP) != 0;
}

/* Map the physical memory [0, phys_end) at the DMAP with 2 MiB leaves. */
static void
pmap_bootstrap_dmap(vm_paddr_t phys_end)
{
	pt_entry_t bits = PTE_PS | pmap_prot_bits(kernel_pmap, VM_PROT_RW, 0);
	pt_entry_t *e;

	for (vm_paddr_t pa = 0; pa < phys_end; pa += PMD_SIZE) {
		e = pmap_walk(kernel_pmap, PHYS_TO_DMAP(pa), PT_LEVEL_PMD,
		    true);
		*e = pa | bits;
	}
}

/* Map the kernel's [start, end) at its link address, 4 KiB leaves. */
static void
pmap_bootstrap_segment(const char *start, const char *end, vm_prot_t prot)
{
	pt_entry_t bits = pmap_prot_bits(kernel_pmap, prot, 0);
	pt_entry_t *e;

	KASSERT((((vm_offset_t)start | (vm_offset_t)end) & PAGE_MASK) == 0,
	    ("pmap_bootstrap_segment: %p-%p not page aligned", start, end));
	for (vm_offset_t va = (vm_offset_t)start; va < (vm_offset_t)end;
	    va += PAGE_SIZE) {
		e = pmap_walk(kernel_pmap, va, PT_LEVEL_PTE, true);
		*e = (va - KERNBASE) | bits;
	}
}

void
pmap_bootstrap(vm_paddr_t phys_end)
{
	struct pmap *kpm = kernel_pmap;
	bool smep = pmap_probe_cpu();

	if (phys_end > DMAP_PHYS_LIMIT)
		panic("pmap_bootstrap: 0x%lx bytes of memory exceed the "
		    "direct map", phys_end);
	spin_init(&kpm->pm_lock, "kernel pmap");
	(void)ptp_alloc(&kpm->pm_ptp_count, &kpm->pm_pml4_pa);
	kpm->pm_pml4 = (pt_entry_t *)PHYS_TO_DMAP(kpm->pm_pml4_pa);
	/* The kernel half's PDPTs, shared by every pmap from now on. */
	(void)pmap_install_table(kpm, &kpm->pm_pml4[PML4_DMAP_SLOT],
	    PT_LEVELS);
	(void)pmap_install_table(kpm, &kpm->pm_pml4[PML4_KERN_SLOT],
	    PT_LEVELS);
	pmap_bootstrap_dmap(phys_end);
	pmap_bootstrap_segment(kernel_start, etext,
	    VM_PROT_READ | VM_PROT_EXECUTE);
	pmap_bootstrap_segment(etext, erodata, VM_PROT_READ);
	pmap_bootstrap_segment(erodata, kernel_end, VM_PROT_RW);
	load_cr3(kpm->pm_pml4_pa);
	/* Turning PGE on flushes the whole TLB, global entries included. */
	load_cr4(rcr4() | CR4_PGE | (smep ? CR4_SMEP : 0));
	ptp_bootstrap_done();
}
