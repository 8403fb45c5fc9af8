/*
 * pmap.c (arm64): the physical map on VMSAv8-64 translation tables.
 *
 * This file is the only one that knows what an arm64 descriptor looks like
 * (machine/pte.h draws the bits).  It implements vm/pmap.h with the shape
 * of arch/amd64/pmap.c (same walks, same counting of valid entries in each
 * user table page, kept by vm/pmap_ptp.c for both, same -ENOMEM rollback);
 * here is what differs, and why.
 *
 * Tables.  A tree of 4 KiB table pages, L0 (top) to L3, as the Arm ARM
 * numbers them.  A leaf is an L3 page (4 KiB) or an L2 block (2 MiB).
 *
 * Two halves, two roots.  TTBR0_EL1 translates the lower half (user space),
 * TTBR1_EL1 the upper half (the kernel).  A user pmap is only a TTBR0 tree:
 * pmap_create() allocates an empty L0 and copies nothing, where amd64, with
 * one CR3, copies the kernel's PML4 entries into every address space.  The
 * kernel pmap's tree is TTBR1's; its L0 slots 0 (direct map) and 511
 * (kernel image, device window) get their L1 tables at boot and never
 * change.  While no user pmap is active, TTBR0 holds an empty L0.
 *
 * ASIDs.  User leaves are not global (nG): the TLB tags them with the ASID
 * in TTBR0, so a switch of address space needs no flush.  ASIDs are handed
 * out in generations, 1 to 255 or 65535 (TCR_EL1.AS); when they run out
 * the generation goes up, the whole TLB is flushed and numbering starts
 * again.  A pmap of an older generation has no TLB entries (the flush took
 * them) and gets a new ASID when next activated.  ASID 0 goes with the
 * empty L0, which makes no TLB entries.
 *
 * Accessed and dirty bits in software: the Cortex-A72 has no hardware
 * update (FEAT_HAFDBS), and TCR_EL1.HA/HD stay 0 on every CPU.  A user leaf
 * starts with AF = 0, so its first access takes an access-flag fault, and
 * pmap_fault_fixup() sets AF: accessed.  A writable user leaf starts
 * read-only (AP[2] = 1) with DBM, our "may write" bit, so its first write
 * takes a permission fault, and the fixup clears AP[2]: dirty.  Clearing
 * either bit is flushed from the TLB, so the next access faults again.
 * Kernel leaves are made accessed, and dirty if writable: kernel memory is
 * never paged out, and a kernel access must not fault where a fault cannot
 * be taken (the UART in panic(), the GIC in an interrupt handler).  The
 * emulation works for them too if someone clears their bits.
 *
 * The TLB.  After a valid entry changes or goes away: dsb ishst, tlbi
 * vae1is (page number and ASID) or, for the kernel's global entries, tlbi
 * vaae1is (any ASID), dsb ish, isb.  One tlbi by any address inside a
 * 2 MiB block removes the block's entry (an entry matches every address it
 * translates), and tlbi by address (not the last-level-only vale1is) also
 * drops the walk's cached table descriptors: a table page may be freed
 * right after it is unhooked and flushed.
 *
 * Break-before-make (Arm ARM D5.10.1).  A valid descriptor may not be
 * replaced by a valid one with another output address, size (block, table)
 * or memory type while the old one may be in a TLB: pmap_store_leaf()
 * writes 0 and flushes first.  Rights and the access flag change in place.
 * The boot switch of TTBR1 (2 MiB blocks of the image become 4 KiB pages)
 * obeys the rule too: pmap_switch_ttbr1(), switch_ttbr1.S.
 *
 * PROT_NONE leaves.  pmap_protect(..., VM_PROT_NONE) clears V and sets a
 * software bit (machine/pte.h), keeping everything else, so that setting V
 * again restores the leaf: being invalid, it needs no break-before-make
 * either way, and no TLB holds it.  pte_with_prot() converts in both
 * directions; pmap_lookup() reports such a leaf as PTE or PMD with prot
 * VM_PROT_NONE; whatever wants a present leaf (the fault fixup, the
 * test-and-clear functions) tests V.
 *
 * pv lists.  Every valid or PROT_NONE leaf of a user pmap over a managed
 * page is listed on that page (vm/pmap_pv.c keeps the lists, shared with
 * amd64).  pmap_pv_enter() lists a leaf before it appears or changes frame,
 * so that running out of pv entries changes nothing; pmap_pv_leave()
 * unlists one after it went away.  A split lists the 512 new leaves.
 *
 * Locking: (l) the pmap's pm_lock, taken by every entry point and by the
 * fixup of user faults; (a) pmap_asids.lock; (c) constant after
 * pmap_create() or pmap_bootstrap().  pm_lock nests outside pmap_asids.lock
 * and the page allocator's lock.
 * Kernel faults are fixed without the lock (kernel tables are never freed,
 * and the fixup, pmap_protect() and the test-and-clear functions change a
 * leaf by compare-and-swap), so that a fault under the kernel pmap's lock
 * cannot deadlock.
 */
#include "vm/pmap.h"
#include "vm/kmem.h"
#include "vm/pmap_ptp.h"
#include "vm/pmap_pv.h"
#include "vm/vm_page.h"
#include "arch/arm64/arm64.h"
#include "kernel/errno.h"
#include "kernel/lock.h"
#include "kernel/systm.h"
#include "machine/cpufunc.h"
#include "machine/pmap.h"
#include "machine/pte.h"

/* The L0 slot of va (in either half). */
#define L0_SLOT(va)	(((va) >> 39) & (NPTEPG - 1))
#define L0_DMAP_SLOT	L0_SLOT(DMAP_MIN_ADDRESS)
#define L0_KERN_SLOT	L0_SLOT(KERNBASE)

#define TCR_AS		(1UL << 36)	/* 16-bit ASIDs */
#define TTBR_ASID_SHIFT	48
#define TLBI_VA_MASK	((1UL << 44) - 1)	/* VA[55:12] in bits 43:0 */
#define TLBI_ASID_SHIFT	48
#define CTR_DMINLINE_SHIFT 16		/* CTR_EL0: log2(d-cache line / 4) */
#define CTR_IDC		(1UL << 28)	/* no d-cache clean needed for I/D */
#define CTR_DIC		(1UL << 29)	/* no i-cache invalidation needed */
#define PAR_F		(1UL << 0)	/* PAR_EL1: the AT walk failed */
#define PAR_PA_MASK	(((1UL << 48) - 1) & ~PAGE_MASK)	/* PA[47:12] */

struct pmap {
	struct spinlock	pm_lock;	/* (l): the tables and the count */
	vm_paddr_t	pm_l0_pa;	/* (c) the L0's physical address */
	pt_entry_t	*pm_l0;		/* (c) the L0, through the DMAP */
	size_t		pm_ptp_count;	/* (l) table pages, the L0 included */
	uint64_t	pm_asid_gen;	/* (a) generation of pm_asid, 0: none */
	uint16_t	pm_asid;	/* (a) user pmaps: the ASID */
};

static struct pmap kernel_pmap_store;
struct pmap *kernel_pmap = &kernel_pmap_store;

/* The ASID allocator. */
static struct {
	struct spinlock	lock;
	uint64_t	gen;		/* (a) the current generation */
	unsigned	next;		/* (a) next ASID to hand out */
	unsigned	max;		/* (c) the largest ASID */
} pmap_asids = { SPINLOCK_INITIALIZER("asid"), 1, 1, 0xff };

static struct pmap *pmap_user_current;	/* (a) TTBR0's pmap, NULL: none */
static vm_paddr_t pmap_empty_l0_pa;	/* (c) TTBR0 with no user pmap */
static pt_entry_t pmap_no_entry;	/* what pmap_find() finds out of range */

/* The kernel image's segments (kernel.ld). */
extern char kernel_start[], etext[], erodata[], kernel_end[];

CTASSERT(SWP_TYPE_BITS == 5 && SWP_OFFSET_BITS == 40);
/* Every kernel address lies in one of the two preallocated L0 slots. */
CTASSERT(L0_SLOT(DMAP_MAX_ADDRESS - 1) == L0_DMAP_SLOT);
CTASSERT(L0_SLOT(DEVMAP_MAX_ADDRESS - 1) == L0_KERN_SLOT);
CTASSERT(L0_KERN_SLOT == NPTEPG - 1 && L0_DMAP_SLOT == 0);
CTASSERT(PMD_SHIFT == PAGE_SHIFT + NPTEPG_SHIFT);
CTASSERT(NPTEPG == PTP_NENTRIES);

/*
 * Small helpers on entries and addresses.
 */

/* The index of va's entry in a table at level. */
static inline unsigned
pmap_index(vm_offset_t va, int level)
{
	return (va >> (PAGE_SHIFT + NPTEPG_SHIFT * (PT_LEVEL_PTE - level))) &
	    (NPTEPG - 1);
}

/* The bytes one entry at level spans: 512 GiB, 1 GiB, 2 MiB or 4 KiB. */
static inline vm_offset_t
pmap_level_size(int level)
{
	return 1UL << (PAGE_SHIFT + NPTEPG_SHIFT * (PT_LEVEL_PTE - level));
}

/* Does e, an entry at level, point to a table of the level below? */
static inline bool
pte_is_table(pt_entry_t e, int level)
{
	return level < PT_LEVEL_PTE && (e & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

/* Is e, an entry at level, a present leaf (an L3 page or an L2 block)? */
static inline bool
pte_is_leaf(pt_entry_t e, int level)
{
	if (level == PT_LEVEL_PTE)
		return (e & PTE_TYPE_MASK) == PTE_TYPE_PAGE;
	return level == PT_LEVEL_PMD && (e & PTE_TYPE_MASK) == PTE_TYPE_BLOCK;
}

/* Is e, a leaf-level entry, a PROT_NONE leaf? */
static inline bool
pte_is_protnone(pt_entry_t e)
{
	return (e & (PTE_V | PTE_PROTNONE)) == PTE_PROTNONE;
}

/* Does the leaf-level entry e map a frame: is it present or PROT_NONE? */
static inline bool
pte_maps_frame(pt_entry_t e)
{
	return (e & (PTE_V | PTE_PROTNONE)) != 0;
}

/* The valid leaf that the PROT_NONE leaf e was (rights aside); else e. */
static inline pt_entry_t
pte_unprotnone(pt_entry_t e)
{
	return pte_is_protnone(e) ? (e & ~PTE_PROTNONE) | PTE_V : e;
}

/* The table that e points to. */
static inline pt_entry_t *
pte_table(pt_entry_t e)
{
	return (pt_entry_t *)PHYS_TO_DMAP(e & PTE_FRAME);
}

/* Single-copy atomic store of a descriptor: the walkers read concurrently. */
static inline void
pte_store(pt_entry_t *e, pt_entry_t v)
{
	__atomic_store_n(e, v, __ATOMIC_RELAXED);
}

/*
 * pmap_prot_bits: the attributes of a new present leaf of pmap with rights
 * prot: everything but the descriptor type and the address.  User leaves:
 * EL0 access, not global, PXN always, UXN without execute right, AF = 0
 * and, if writable, read-only with DBM (clean): the software accessed and
 * dirty bits of the essay above.  Kernel leaves: global, UXN always, PXN
 * without execute right, accessed and, if writable, dirty.  Device memory
 * (PMAP_NOCACHE) is never executable.
 */
static pt_entry_t
pmap_prot_bits(struct pmap *pmap, vm_prot_t prot, unsigned flags)
{
	bool exec = (prot & VM_PROT_EXECUTE) && !(flags & PMAP_NOCACHE);
	pt_entry_t bits = PTE_AP_RO;

	KASSERT(prot != VM_PROT_NONE && (prot & ~VM_PROT_ALL) == 0,
	    ("pmap_prot_bits: bad prot 0x%x", prot));
	if (prot & VM_PROT_WRITE)
		bits |= PTE_DBM;
	if (flags & PMAP_NOCACHE)
		bits |= PTE_ATTRIDX(MAIR_IDX_DEVICE);
	else
		bits |= PTE_ATTRIDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (pmap != kernel_pmap)
		return bits | PTE_AP_USER | PTE_NG | PTE_PXN |
		    (exec ? 0 : PTE_UXN);
	if (bits & PTE_DBM)
		bits &= ~PTE_AP_RO;
	return bits | PTE_AF | PTE_UXN | (exec ? 0 : PTE_PXN);
}

/* The execute-never bit that binds e's owner: UXN for user leaves. */
static inline pt_entry_t
pte_xn(pt_entry_t e)
{
	return (e & PTE_AP_USER) ? PTE_UXN : PTE_PXN;
}

/* The rights of the present leaf e: DBM is the right to write. */
static vm_prot_t
pte_prot(pt_entry_t e)
{
	vm_prot_t prot = VM_PROT_READ;

	KASSERT((e & PTE_AP_RO) || (e & PTE_DBM),
	    ("pte_prot: 0x%lx is writable without DBM", e));
	if (e & PTE_DBM)
		prot |= VM_PROT_WRITE;
	if ((e & pte_xn(e)) == 0)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Has the present leaf e been written through: writable right now? */
static inline bool
pte_dirty(pt_entry_t e)
{
	return (e & (PTE_DBM | PTE_AP_RO)) == PTE_DBM;
}

/*
 * pte_with_prot: the leaf e, present or PROT_NONE, with the rights prot.
 * VM_PROT_NONE makes a PROT_NONE leaf: invalid, execute-never, the rest
 * kept (machine/pte.h).  Otherwise: taking write away clears DBM and sets
 * AP[2]; giving it sets DBM and leaves AP[2] set, so a user leaf is clean
 * until its next write faults (a kernel leaf becomes dirty at once, as
 * pmap_prot_bits() makes it).  A leaf that keeps write keeps its dirty
 * state.  Device memory stays execute-never.
 */
static pt_entry_t
pte_with_prot(pt_entry_t e, unsigned prot)
{
	e = pte_unprotnone(e);
	if (prot == VM_PROT_NONE)
		return ((e | pte_xn(e)) & ~PTE_V) | PTE_PROTNONE;
	if ((prot & VM_PROT_EXECUTE) &&
	    (e & PTE_ATTRIDX_MASK) != PTE_ATTRIDX(MAIR_IDX_DEVICE))
		e &= ~pte_xn(e);
	else
		e |= pte_xn(e);
	if ((prot & VM_PROT_WRITE) == 0)
		e = (e & ~PTE_DBM) | PTE_AP_RO;
	else if ((e & PTE_AP_USER) == 0)
		e = (e | PTE_DBM) & ~PTE_AP_RO;
	else
		e |= PTE_DBM;
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
	e |= (swp_offset(entry) & PTE_SWP_OFFSET_MASK) <<
	    PTE_SWP_OFFSET_SHIFT;
	e |= (pt_entry_t)swp_type(entry) << PTE_SWP_TYPE_SHIFT;
	if (level == PT_LEVEL_PMD)
		e |= PTE_SWP_PMD;
	return e;
}

/* The swap entry stored in the swap leaf e. */
static swp_entry_t
pte_swap_decode(pt_entry_t e)
{
	KASSERT((e & (PTE_V | PTE_SWAP | PTE_PROTNONE)) == PTE_SWAP,
	    ("pte_swap_decode: 0x%lx is not a swap leaf", e));
	return swp_entry((e >> PTE_SWP_TYPE_SHIFT) & PTE_SWP_TYPE_MASK,
	    (e >> PTE_SWP_OFFSET_SHIFT) & PTE_SWP_OFFSET_MASK);
}

/* Does va lie in the half of the address space that pmap translates? */
static inline bool
pmap_covers(struct pmap *pmap, vm_offset_t va)
{
	if (pmap == kernel_pmap)
		return va >= DMAP_MIN_ADDRESS;
	return va < VM_MAX_USER_ADDRESS;
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
	KASSERT(va >= VM_MIN_USER_ADDRESS && pmap_covers(pmap, va) &&
	    pmap_covers(pmap, va + size - 1), ("%s: va 0x%lx is not a %s "
	    "address", fn, va, pmap == kernel_pmap ? "kernel" : "user"));
}

/*
 * The TLB.
 */

/* tlbi by address: TLBI(vae1is, page | asid) or TLBI(vaae1is, page). */
#define TLBI(op, x)	__asm__ volatile("tlbi " #op ", %0" : : "r"(x) : "memory")
#define TLBI_ALL()	__asm__ volatile("tlbi vmalle1is" : : : "memory")

/*
 * pmap_invalidate: flush the TLB entries (a page's, a block's, and the
 * cached table descriptors of the walk) that translate va in pmap, after
 * making the tables' new contents visible to the walkers.  A user pmap of
 * an old ASID generation has no TLB entries: nothing to flush.  The ASID
 * is read under its lock, so that it cannot be renewed meanwhile.
 */
static void
pmap_invalidate(struct pmap *pmap, vm_offset_t va)
{
	uint64_t page = (va >> PAGE_SHIFT) & TLBI_VA_MASK;

	dsb(ishst);
	if (pmap == kernel_pmap) {
		TLBI(vaae1is, page);
	} else {
		spin_lock(&pmap_asids.lock);
		if (pmap->pm_asid_gen == pmap_asids.gen)
			TLBI(vae1is, page |
			    (uint64_t)pmap->pm_asid << TLBI_ASID_SHIFT);
		spin_unlock(&pmap_asids.lock);
	}
	dsb(ish);
	isb();
}

/*
 * pmap_sync_icache: before a user leaf makes the frames [pa, pa + size)
 * executable, make the instruction side see what the data side wrote there
 * (the ELF loader, a user write): clean each data-cache line to the point
 * of unification, then invalidate the instruction caches (all of them: an
 * instruction cache may be tagged by the user's address, not ours).
 * CTR_EL0 says when a step is not needed (IDC, DIC).  QEMU's TCG has no
 * caches to keep coherent, but real cores do.
 */
static void
pmap_sync_icache(vm_paddr_t pa, size_t size)
{
	uint64_t ctr = READ_SPECIALREG(ctr_el0);
	size_t line = 4UL << ((ctr >> CTR_DMINLINE_SHIFT) & 0xf);

	if ((ctr & CTR_IDC) == 0)
		for (size_t off = 0; off < size; off += line)
			__asm__ volatile("dc cvau, %0" : :
			    "r"(PHYS_TO_DMAP(pa + off)) : "memory");
	dsb(ish);
	if ((ctr & CTR_DIC) == 0) {
		__asm__ volatile("ic ialluis" : : : "memory");
		dsb(ish);
	}
	isb();
}

/*
 * Table pages: hooking in and pruning (vm/pmap_ptp.c keeps their books).
 */

/*
 * pmap_install_table: hang a new, empty table under the empty entry e at
 * level.  0 or -ENOMEM.  The table descriptor limits nothing (its NSTable,
 * APTable and XNTable bits are 0): the leaf alone decides the rights.
 */
static int
pmap_install_table(struct pmap *pmap, pt_entry_t *e, int level)
{
	vm_paddr_t pa;
	int error;

	if (pmap == kernel_pmap && level == PT_LEVEL_TOP && ptp_booted())
		panic("pmap_install_table: kernel L0 slot %lu is not "
		    "preallocated", ((vm_offset_t)e & PAGE_MASK) /
		    sizeof(*e));
	if ((error = ptp_alloc(&pmap->pm_ptp_count, &pa)) != 0)
		return error;
	dsb(ishst);		/* the zeroed table before the pointer to it */
	pte_store(e, pa | PTE_TYPE_TABLE);
	ptp_count_entry(pmap, e, 1);
	return 0;
}

/*
 * pmap_prune: free the table pages on va's path that hold no valid entry,
 * from the bottom up, clearing (and flushing: the walk caches hold table
 * descriptors) the entries that pointed at them.  The L0 stays.  Nothing to
 * do in the kernel pmap, whose tables are permanent.
 */
static void
pmap_prune(struct pmap *pmap, vm_offset_t va)
{
	pt_entry_t *path[PT_LEVELS], *table = pmap->pm_l0;
	vm_paddr_t pa;
	int level;

	if (pmap == kernel_pmap)
		return;
	/* path[level]: the entry at level on va's walk. */
	for (level = PT_LEVEL_TOP; level < PT_LEVEL_PTE; level++) {
		path[level] = &table[pmap_index(va, level)];
		if (!pte_is_table(*path[level], level))
			break;
		table = pte_table(*path[level]);
	}
	for (level--; level >= PT_LEVEL_TOP; level--) {
		pa = *path[level] & PTE_FRAME;
		if (ptp_entries(pa) != 0)
			break;
		pte_store(path[level], 0);
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
	pt_entry_t *table = pmap->pm_l0, *e;

	for (int l = PT_LEVEL_TOP; l < level; l++) {
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
 * pmap_find: walk towards va's L3 entry and stop at the first entry that
 * does not point to a table: an empty entry (at any level), a 2 MiB leaf
 * (present or swap) or the L3 entry.  Returns the entry, its level in
 * *levelp.  An address outside pmap's half finds an empty L0 entry.
 */
static pt_entry_t *
pmap_find(struct pmap *pmap, vm_offset_t va, int *levelp)
{
	pt_entry_t *table = pmap->pm_l0, *e;
	int level;

	*levelp = PT_LEVEL_TOP;
	if (!pmap_covers(pmap, va))
		return &pmap_no_entry;
	for (level = PT_LEVEL_TOP;; level++) {
		e = &table[pmap_index(va, level)];
		if (!pte_is_table(*e, level))
			break;
		table = pte_table(*e);
	}
	KASSERT(*e == 0 || level >= PT_LEVEL_PMD,
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
 * pmap_leaf_frame: does e, an entry at level, map a frame (a valid or
 * PROT_NONE leaf, not a table or a swap leaf)?  Its address in *pa.
 */
static bool
pmap_leaf_frame(pt_entry_t e, int level, vm_paddr_t *pa)
{
	if (!pte_maps_frame(e) || !pte_is_leaf(pte_unprotnone(e), level))
		return false;
	*pa = pte_unprotnone(e) &
	    (level == PT_LEVEL_PMD ? PTE_BLOCK_FRAME : PTE_FRAME);
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
 * pte_needs_bbm: must the valid entry old be broken (made invalid and
 * flushed) before new is written?  Yes if both are valid and they differ
 * in output address, kind (block, table or page) or memory attributes.
 */
static bool
pte_needs_bbm(pt_entry_t old, pt_entry_t new)
{
	const pt_entry_t what = PTE_FRAME | PTE_TYPE_MASK | PTE_ATTRIDX_MASK |
	    PTE_SH_MASK | PTE_NG;

	return (old & PTE_V) && (new & PTE_V) && ((old ^ new) & what) != 0;
}

/*
 * pmap_store_leaf: replace the entry at e, which maps va, by new (0 clears
 * it): a leaf, or a table pointer where an L2 leaf was (pmap_split_pmd()).
 * Keeps the table's count, breaks before making (pte_needs_bbm()) and
 * flushes a valid entry that changes or goes away.  Returns the old entry.
 */
static pt_entry_t
pmap_store_leaf(struct pmap *pmap, pt_entry_t *e, vm_offset_t va,
    pt_entry_t new)
{
	pt_entry_t old = *e;
	bool bbm = pte_needs_bbm(old, new);

	if (bbm) {
		pte_store(e, 0);
		pmap_invalidate(pmap, va);
	}
	dsb(ishst);		/* what new points to, before new */
	pte_store(e, new);
	if ((old & PTE_V) && !bbm) {
		pmap_invalidate(pmap, va);
	} else {
		dsb(ishst);	/* new is visible to the next walk */
		isb();
	}
	if (old == 0 && new != 0)
		ptp_count_entry(pmap, e, 1);
	else if (old != 0 && new == 0)
		ptp_count_entry(pmap, e, -1);
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
 * pmap_enter_l2: store the 2 MiB leaf new at va: 0, -ENOMEM, or -EEXIST
 * if a table with valid entries hangs there.  An empty one is freed (after
 * the break-before-make that replaces the table pointer); in the kernel
 * pmap, where tables keep no count, any table there is -EEXIST.
 */
static int
pmap_enter_l2(struct pmap *pmap, vm_offset_t va, pt_entry_t new)
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

/* Will a user leaf with prot and flags be executable (pmap_sync_icache)? */
static bool
pmap_user_exec(struct pmap *pmap, vm_prot_t prot, unsigned flags)
{
	return pmap != kernel_pmap && (prot & VM_PROT_EXECUTE) &&
	    !(flags & PMAP_NOCACHE);
}

int
pmap_enter(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa, vm_prot_t prot,
    unsigned flags)
{
	KASSERT((pa & ~PTE_FRAME) == 0, ("pmap_enter: bad pa 0x%lx", pa));
	if (pmap_user_exec(pmap, prot, flags))
		pmap_sync_icache(pa, PAGE_SIZE);
	return pmap_enter_pte(pmap, va,
	    pa | PTE_TYPE_PAGE | pmap_prot_bits(pmap, prot, flags));
}

int
pmap_enter_pmd(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa,
    vm_prot_t prot, unsigned flags)
{
	KASSERT((pa & ~PTE_BLOCK_FRAME) == 0, ("pmap_enter_pmd: bad pa 0x%lx",
	    pa));
	if (pmap_user_exec(pmap, prot, flags))
		pmap_sync_icache(pa, PMD_SIZE);
	return pmap_enter_l2(pmap, va,
	    pa | PTE_TYPE_BLOCK | pmap_prot_bits(pmap, prot, flags));
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
	return pmap_enter_l2(pmap, va, pte_swap_encode(entry, PT_LEVEL_PMD));
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
 * pmap_update_leaf: replace the leaf at e (present or PROT_NONE), mapping
 * va, by change(old, arg), atomically (the kernel's fault fixup runs
 * without the lock), and flush it if it changed.  Returns the old leaf.
 */
static pt_entry_t
pmap_update_leaf(struct pmap *pmap, pt_entry_t *e, vm_offset_t va,
    pt_entry_t (*change)(pt_entry_t, unsigned), unsigned arg)
{
	pt_entry_t old = __atomic_load_n(e, __ATOMIC_RELAXED), new;

	do {
		new = change(old, arg);
		if (new == old)
			return old;
	} while (!__atomic_compare_exchange_n(e, &old, new, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	pmap_invalidate(pmap, va);
	return old;
}

void
pmap_protect(struct pmap *pmap, vm_offset_t sva, vm_offset_t eva,
    vm_prot_t prot)
{
	vm_offset_t va, next;
	pt_entry_t *e;
	int level;

	KASSERT(prot == VM_PROT_NONE || (prot & VM_PROT_READ),
	    ("pmap_protect: prot 0x%x lacks read", prot));
	KASSERT(sva <= eva && ((sva | eva) & PAGE_MASK) == 0,
	    ("pmap_protect: bad range [0x%lx, 0x%lx)", sva, eva));
	spin_lock(&pmap->pm_lock);
	for (va = sva; va < eva; va = next) {
		e = pmap_find(pmap, va, &level);
		next = pmap_range_step(va, eva, level, pte_maps_frame(*e),
		    "pmap_protect");
		if (!pte_maps_frame(*e))
			continue;
		if (pmap_user_exec(pmap, prot, 0) && (*e & PTE_UXN))
			pmap_sync_icache(*e & PTE_FRAME, next - va);
		pmap_update_leaf(pmap, e, va, pte_with_prot, prot);
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
	bool huge = level == PT_LEVEL_PMD, protnone;

	memset(leaf, 0, sizeof(*leaf));
	leaf->va = rounddown2(va, huge ? PMD_SIZE : PAGE_SIZE);
	if (e == 0) {
		leaf->kind = PMAP_LEAF_NONE;
	} else if (pte_maps_frame(e)) {
		protnone = pte_is_protnone(e);
		e = pte_unprotnone(e);
		KASSERT(pte_is_leaf(e, level), ("pmap_describe: 0x%lx at "
		    "level %d is not a leaf", e, level));
		leaf->kind = huge ? PMAP_LEAF_PMD : PMAP_LEAF_PTE;
		leaf->pa = e & (huge ? PTE_BLOCK_FRAME : PTE_FRAME);
		leaf->prot = protnone ? VM_PROT_NONE : pte_prot(e);
		leaf->accessed = (e & PTE_AF) != 0;
		leaf->dirty = pte_dirty(e);
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

/* What pmap_test_clear() takes away: the access flag, or writability. */
enum pmap_soft_bit { PMAP_ACCESSED, PMAP_DIRTY };

static pt_entry_t
pte_clear_soft_bit(pt_entry_t e, unsigned bit)
{
	if (bit == PMAP_ACCESSED)
		return e & ~PTE_AF;
	return pte_dirty(e) ? e | PTE_AP_RO : e;
}

/*
 * pmap_test_clear: clear the accessed or dirty state of the present leaf
 * covering va and say whether it was set.  The change is flushed from the
 * TLB, or a TLB entry made while the bit was set would let the next access
 * (or write) through without the fault that records it.
 */
static bool
pmap_test_clear(struct pmap *pmap, vm_offset_t va, enum pmap_soft_bit bit)
{
	pt_entry_t *e, old = 0;
	int level;

	spin_lock(&pmap->pm_lock);
	e = pmap_find(pmap, va, &level);
	if (pte_is_leaf(*e, level))
		old = pmap_update_leaf(pmap, e, va, pte_clear_soft_bit, bit);
	spin_unlock(&pmap->pm_lock);
	return bit == PMAP_ACCESSED ? (old & PTE_AF) != 0 : pte_dirty(old);
}

bool
pmap_test_clear_accessed(struct pmap *pmap, vm_offset_t va)
{
	return pmap_test_clear(pmap, va, PMAP_ACCESSED);
}

bool
pmap_test_clear_dirty(struct pmap *pmap, vm_offset_t va)
{
	return pmap_test_clear(pmap, va, PMAP_DIRTY);
}

/*
 * The fault fixup: the software accessed and dirty bits.
 */

/* What a fault asks pte_fixup() to record. */
#define FIXUP_ACCESS	0x1	/* an access-flag fault: set AF */
#define FIXUP_WRITE	0x2	/* the access was a write */

/*
 * pte_fixup: the present leaf e after a fault that asks how (FIXUP_*): an
 * access-flag fault sets AF; a write to a leaf that may be written (DBM)
 * also makes it writable, which is its dirty bit.  e itself if there is
 * nothing to fix: then the fault is a real one (a write to a read-only
 * leaf, an execute of an execute-never one), and since the fixup reports
 * success only when it changed the leaf, no fault can loop through it.
 */
static pt_entry_t
pte_fixup(pt_entry_t e, unsigned how)
{
	if (how & FIXUP_ACCESS)
		e |= PTE_AF;
	if ((how & FIXUP_WRITE) && (e & PTE_DBM))
		e = (e | PTE_AF) & ~PTE_AP_RO;
	return e;
}

/*
 * pmap_fixup_leaf: apply pte_fixup() to the present leaf that translates
 * va in pmap (with the TLB flush that drops a stale read-only entry).
 * True if the leaf changed.
 */
static bool
pmap_fixup_leaf(struct pmap *pmap, vm_offset_t va, unsigned how)
{
	pt_entry_t *e, old;
	int level;

	e = pmap_find(pmap, va, &level);
	if (!pte_is_leaf(*e, level))
		return false;
	old = pmap_update_leaf(pmap, e, va, pte_fixup, how);
	return pte_fixup(old, how) != old;
}

/*
 * The user half is the pmap that pmap_activate() put in TTBR0, the kernel
 * half the kernel pmap, fixed without its lock (see the essay).  Only
 * access-flag faults and write permission faults can be ours.
 */
bool
pmap_fault_fixup(vm_offset_t far, uint64_t esr)
{
	uint64_t ec = ESR_EC(esr), fsc_type = FSC_TYPE(ESR_FSC(esr));
	bool data = ec == EC_DABT_LOWER || ec == EC_DABT_CUR;
	unsigned how = 0;
	struct pmap *pmap;
	bool fixed;

	if (!data && ec != EC_IABT_LOWER && ec != EC_IABT_CUR)
		return false;
	if (data && (esr & ESR_WNR))
		how |= FIXUP_WRITE;
	if (fsc_type == FSC_ACCESS_FLAG)
		how |= FIXUP_ACCESS;
	else if (fsc_type != FSC_PERMISSION || !(how & FIXUP_WRITE))
		return false;
	if (far >= VM_MAX_USER_ADDRESS)
		return pmap_fixup_leaf(kernel_pmap, far, how);
	if ((pmap = __atomic_load_n(&pmap_user_current, __ATOMIC_RELAXED)) ==
	    NULL)
		return false;
	spin_lock(&pmap->pm_lock);
	fixed = pmap_fixup_leaf(pmap, far, how);
	spin_unlock(&pmap->pm_lock);
	return fixed;
}

/*
 * Splitting a 2 MiB leaf.
 */

/*
 * pmap_split_fill: write into pt the 512 leaves that stand for the L2 leaf
 * l2e: pages of the same frames with the same attributes (rights, AF, DBM
 * and AP[2], so the accessed and dirty state too; PROT_NONE pages for a
 * PROT_NONE block), or swap leaves with consecutive offsets.
 */
static void
pmap_split_fill(pt_entry_t *pt, pt_entry_t l2e)
{
	bool protnone = pte_is_protnone(l2e);
	pt_entry_t bits;
	vm_paddr_t pa;
	swp_entry_t s;

	l2e = pte_unprotnone(l2e);
	bits = (l2e & ~(PTE_BLOCK_FRAME | PTE_TYPE_MASK)) | PTE_TYPE_PAGE;
	if (protnone)
		bits = (bits & ~PTE_V) | PTE_PROTNONE;
	pa = l2e & PTE_BLOCK_FRAME;
	if (l2e & PTE_V) {
		KASSERT((l2e & PTE_FRAME & ~PTE_BLOCK_FRAME) == 0,
		    ("pmap_split_fill: reserved bits in 0x%lx", l2e));
		for (int i = 0; i < NPTEPG; i++)
			pt[i] = (pa + (vm_paddr_t)i * PAGE_SIZE) | bits;
		return;
	}
	s = pte_swap_decode(l2e);
	for (int i = 0; i < NPTEPG; i++)
		pt[i] = pte_swap_encode(swp_entry(swp_type(s),
		    swp_offset(s) + i), PT_LEVEL_PTE);
}

/*
 * pmap_split_pmd: a present block becomes a table pointer: a change of
 * size, so pmap_store_leaf() breaks before making, and for that moment
 * nothing maps the 2 MiB.  Nothing may touch them meanwhile: the kernel
 * never splits a block of the direct map that holds the tables being
 * changed or the running stack.
 */
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
		/* A leaf becomes a table pointer: the L2's count stays. */
		pmap_store_leaf(pmap, e, va, pt_pa | PTE_TYPE_TABLE);
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
	/* Only the user half: the kernel's is TTBR1's, shared by all. */
	pmap->pm_l0_pa = pa;
	pmap->pm_l0 = (pt_entry_t *)PHYS_TO_DMAP(pa);
	return pmap;
}

void
pmap_destroy(struct pmap *pmap)
{
	KASSERT(pmap != kernel_pmap, ("pmap_destroy: the kernel pmap"));
	KASSERT(pmap != pmap_user_current, ("pmap_destroy: pmap is active"));
	/* No leaf left, so no pv entry names this pmap any more. */
	KASSERT(pmap->pm_ptp_count == 1 &&
	    ptp_entries(pmap->pm_l0_pa) == 0,
	    ("pmap_destroy: %zu table pages still in use",
	    pmap->pm_ptp_count));
	ptp_free(pmap, &pmap->pm_ptp_count, pmap->pm_l0_pa);
	kfree(pmap);
}

/*
 * pmap_tlb_reset: TTBR0 to the empty L0 (ASID 0), then flush the whole TLB.
 * In this order, no walk can make a TLB entry under an old ASID (or from
 * the boot tables) after the flush.  At boot, and when the ASIDs of a
 * generation run out (with pmap_asids.lock held).
 */
static void
pmap_tlb_reset(void)
{
	WRITE_SPECIALREG(ttbr0_el1, pmap_empty_l0_pa);
	isb();
	dsb(ishst);
	TLBI_ALL();
	dsb(ish);
	isb();
}

void
pmap_activate(struct pmap *pmap)
{
	uint64_t ttbr0 = pmap_empty_l0_pa;

	spin_lock(&pmap_asids.lock);
	if (pmap != kernel_pmap) {
		if (pmap->pm_asid_gen != pmap_asids.gen) {
			if (pmap_asids.next > pmap_asids.max) {
				pmap_tlb_reset();
				pmap_asids.gen++;
				pmap_asids.next = 1;
			}
			pmap->pm_asid = pmap_asids.next++;
			pmap->pm_asid_gen = pmap_asids.gen;
		}
		ttbr0 = pmap->pm_l0_pa |
		    (uint64_t)pmap->pm_asid << TTBR_ASID_SHIFT;
	}
	pmap_user_current = pmap == kernel_pmap ? NULL : pmap;
	WRITE_SPECIALREG(ttbr0_el1, ttbr0);
	isb();
	spin_unlock(&pmap_asids.lock);
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
 * Map the physical memory [0, phys_end) at the DMAP with 2 MiB blocks:
 * below pmap_ram_start (QEMU virt's devices) as device memory, the rest as
 * normal memory.  A block that straddles pmap_ram_start is device memory.
 */
static void
pmap_bootstrap_dmap(vm_paddr_t phys_end)
{
	pt_entry_t normal = PTE_TYPE_BLOCK |
	    pmap_prot_bits(kernel_pmap, VM_PROT_RW, 0);
	pt_entry_t device = PTE_TYPE_BLOCK |
	    pmap_prot_bits(kernel_pmap, VM_PROT_RW, PMAP_NOCACHE);
	pt_entry_t *e;

	for (vm_paddr_t pa = 0; pa < phys_end; pa += PMD_SIZE) {
		e = pmap_walk(kernel_pmap, PHYS_TO_DMAP(pa), PT_LEVEL_PMD,
		    true);
		*e = pa | (pa < pmap_ram_start ? device : normal);
	}
}

/* Map the kernel's [start, end) at its link address, 4 KiB pages. */
static void
pmap_bootstrap_segment(const char *start, const char *end, vm_prot_t prot)
{
	pt_entry_t bits = PTE_TYPE_PAGE | pmap_prot_bits(kernel_pmap, prot, 0);
	pt_entry_t *e;

	KASSERT((((vm_offset_t)start | (vm_offset_t)end) & PAGE_MASK) == 0,
	    ("pmap_bootstrap_segment: %p-%p not page aligned", start, end));
	for (vm_offset_t va = (vm_offset_t)start; va < (vm_offset_t)end;
	    va += PAGE_SIZE) {
		e = pmap_walk(kernel_pmap, va, PT_LEVEL_PTE, true);
		*e = (kernel_phys_base + (va - (vm_offset_t)kernel_start)) |
		    bits;
	}
}

/*
 * pmap_identity_mapped: does TTBR0 map the physical address pa to itself,
 * for an EL1 read (the AT instruction's walk, the result in PAR_EL1)?
 */
static bool
pmap_identity_mapped(vm_paddr_t pa)
{
	uint64_t par;

	__asm__ volatile("at s1e1r, %0" : : "r"(pa) : "memory");
	isb();
	par = READ_SPECIALREG(par_el1);
	return (par & PAR_F) == 0 &&
	    (par & PAR_PA_MASK) == (pa & PAR_PA_MASK);
}

/*
 * pmap_bootstrap_switch: TTBR1 from entry.S's boot tables to the kernel
 * pmap's L0 at l0_pa, by pmap_switch_ttbr1() (switch_ttbr1.S says why it
 * is written as it is).  It runs at its physical address, through the boot
 * identity map in TTBR0, and pmap_empty_l0_pa, an L0 with no valid entry,
 * is the invalid table it breaks through.
 */
static void
pmap_bootstrap_switch(vm_paddr_t l0_pa)
{
	vm_paddr_t fn_pa = (vm_offset_t)pmap_switch_ttbr1 - KERNBASE +
	    kernel_phys_base;
	void (*switch_phys)(uint64_t, uint64_t) =
	    (void (*)(uint64_t, uint64_t))fn_pa;

	KASSERT((vm_offset_t)kernel_start == KERNBASE,
	    ("pmap_bootstrap_switch: kernel linked at %p", kernel_start));
	/* Else the switch would hang, silently: check even without KASSERT. */
	if (!pmap_identity_mapped(fn_pa))
		panic("pmap_bootstrap_switch: 0x%lx is not identity-mapped",
		    fn_pa);
	dsb(ishst);
	switch_phys(l0_pa, pmap_empty_l0_pa);
}

void
pmap_bootstrap(vm_paddr_t phys_end)
{
	struct pmap *kpm = kernel_pmap;

	if (phys_end > DMAP_PHYS_LIMIT)
		panic("pmap_bootstrap: 0x%lx bytes of memory exceed the "
		    "direct map", phys_end);
	KASSERT((kernel_phys_base & PMD_MASK) == 0,
	    ("pmap_bootstrap: kernel at 0x%lx", kernel_phys_base));
	spin_init(&kpm->pm_lock, "kernel pmap");
	if (READ_SPECIALREG(tcr_el1) & TCR_AS)
		pmap_asids.max = 0xffff;
	(void)ptp_alloc(&kpm->pm_ptp_count, &kpm->pm_l0_pa);
	kpm->pm_l0 = (pt_entry_t *)PHYS_TO_DMAP(kpm->pm_l0_pa);
	(void)ptp_alloc(&kpm->pm_ptp_count, &pmap_empty_l0_pa);
	/* The kernel half's L1 tables, never to change at L0. */
	(void)pmap_install_table(kpm, &kpm->pm_l0[L0_DMAP_SLOT], PT_LEVEL_TOP);
	(void)pmap_install_table(kpm, &kpm->pm_l0[L0_KERN_SLOT], PT_LEVEL_TOP);
	pmap_bootstrap_dmap(phys_end);
	pmap_bootstrap_segment(kernel_start, etext,
	    VM_PROT_READ | VM_PROT_EXECUTE);
	pmap_bootstrap_segment(etext, erodata, VM_PROT_READ);
	pmap_bootstrap_segment(erodata, kernel_end, VM_PROT_RW);
	/*
	 * Switch: the old and new tables map the running code and stack at
	 * the same addresses to the same frames, but the image's 2 MiB
	 * blocks become 4 KiB pages, so the switch breaks before it makes.
	 * Then the boot identity map in TTBR0 is no longer needed.
	 */
	pmap_bootstrap_switch(kpm->pm_l0_pa);
	pmap_tlb_reset();
	ptp_bootstrap_done();
}
