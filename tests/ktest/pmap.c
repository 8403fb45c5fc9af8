/*
 * tests/ktest/pmap.c: in-kernel tests of the pmap contract (vm/pmap.h).
 *
 * Machine-independent on purpose: no page-table bit and no assembly here,
 * so the same tests check every architecture's pmap.  They test both the
 * books (pmap_lookup, pmap_extract) and the hardware: a mapping is used
 * through its user address with machine_probe_read/write while its pmap is
 * active (the kernel may touch user pages: no SMAP/PAN yet).
 *
 * Every test frees what it took: leaves with pmap_remove(), the pmap with
 * pmap_destroy(), frames with vm_page_free(); the runner checks the
 * free-page count.  A failed assertion returns at once and may leak.
 */
#include "vm/pmap.h"
#include "vm/pmap_pv.h"
#include "vm/vm_page.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/machdep.h"
#include "kernel/systm.h"

#define UVA_SMALL	0x400000UL	/* 4 KiB leaves go here */
#define UVA_HUGE	0x40000000UL	/* 2 MiB leaves go here */
#define UVA_FAR		0x7f0000000000UL /* far from both: other tables */
#define PMD_PAGES	(PMD_SIZE / PAGE_SIZE)

/* The rights lookup reports, without EXECUTE (not every CPU has NX). */
#define PROT_RW_OF(leaf)	((leaf).prot & VM_PROT_RW)

/* A recognisable word for index i of the frames at pa. */
static uint64_t
pattern(vm_paddr_t pa, size_t i)
{
	return 0x5a5a000000000000ULL ^ (pa << 4) ^ i;
}

/* Fill the folio m of 2^order pages with pattern(). */
static void
fill_pattern(struct vm_page *m, int order)
{
	uint64_t *w = vm_page_to_virt(m);
	size_t n = (PAGE_SIZE << order) / sizeof(uint64_t);

	for (size_t i = 0; i < n; i++)
		w[i] = pattern(VM_PAGE_TO_PHYS(m), i);
}

/* The word at byte offset off of folio m, through the direct map. */
static uint64_t *
folio_word(struct vm_page *m, size_t off)
{
	return (uint64_t *)((char *)vm_page_to_virt(m) + off);
}

/* Read the word at user address va with pmap active; 0 or -EFAULT. */
static int
read_in(struct pmap *pmap, vm_offset_t va, uint64_t *out)
{
	int error;

	pmap_activate(pmap);
	error = machine_probe_read((const void *)va, out);
	pmap_activate(kernel_pmap);
	return error;
}

/* Write val at user address va with pmap active; 0 or -EFAULT. */
static int
write_in(struct pmap *pmap, vm_offset_t va, uint64_t val)
{
	int error;

	pmap_activate(pmap);
	error = machine_probe_write((void *)va, val);
	pmap_activate(kernel_pmap);
	return error;
}

/* Remove every user leaf, then destroy the pmap. */
static void
teardown(struct pmap *pmap)
{
	pmap_remove(pmap, VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS);
	pmap_destroy(pmap);
}

KTEST(pmap_create_destroy)
{
	struct pmap_leaf leaf;
	struct pmap *pmap;
	vm_paddr_t pa;

	for (int i = 0; i < 8; i++) {
		pmap = pmap_create();
		KT_ASSERT(pmap != NULL);
		KT_ASSERT(pmap_ptp_count(pmap) >= 1);
		KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_NONE);
		KT_EQ(leaf.kind, PMAP_LEAF_NONE);
		KT_ASSERT(!pmap_extract(pmap, UVA_HUGE, &pa));
		pmap_destroy(pmap);
	}
}

/* The kernel pmap maps the direct map and keeps read-only data read-only. */
static const uint64_t pmap_test_rodata = 0x0123456789abcdefULL;

KTEST(pmap_kernel_map)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	uint64_t v = 0;
	vm_paddr_t pa = 0;
	int error;

	KT_ASSERT(m != NULL);
	KT_ASSERT(pmap_extract(kernel_pmap, (vm_offset_t)vm_page_to_virt(m) +
	    0x18, &pa));
	vm_page_free(m);
	KT_EQ(pa, VM_PAGE_TO_PHYS(m) + 0x18);
	KT_EQ(machine_probe_read(&pmap_test_rodata, &v), 0);
	KT_EQ(v, pmap_test_rodata);
	/* Writing the value it already holds: harmless if it worked. */
	error = machine_probe_write((void *)&pmap_test_rodata,
	    pmap_test_rodata);
	KT_EQ(error, -EFAULT);
}

KTEST(pmap_enter_lookup)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	vm_paddr_t pa = 0;

	KT_ASSERT(m != NULL && pmap != NULL);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	KT_ASSERT(pmap_extract(pmap, UVA_SMALL + 0x123, &pa));
	KT_EQ(pa, VM_PAGE_TO_PHYS(m) + 0x123);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL + 0xff8, &leaf), PMAP_LEAF_PTE);
	KT_EQ(leaf.va, UVA_SMALL);
	KT_EQ(leaf.pa, VM_PAGE_TO_PHYS(m));
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_RW);
	/* The neighbours are empty. */
	KT_EQ(pmap_lookup(pmap, UVA_SMALL + PAGE_SIZE, &leaf),
	    PMAP_LEAF_NONE);
	KT_ASSERT(!pmap_extract(pmap, UVA_SMALL - PAGE_SIZE, &pa));
	/* Read-only, then executable too. */
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_READ,
	    0), 0);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_READ);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_ALL,
	    0), 0);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(leaf.prot, VM_PROT_ALL);
	teardown(pmap);
	vm_page_free(m);
}

KTEST(pmap_hw_access)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	uint64_t v = 0;
	int rerr, werr;

	KT_ASSERT(m != NULL && pmap != NULL);
	fill_pattern(m, 0);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	rerr = read_in(pmap, UVA_SMALL + 8, &v);
	werr = write_in(pmap, UVA_SMALL + 16, 0xfeedfacecafebeefULL);
	KT_EQ(rerr, 0);
	KT_EQ(v, pattern(VM_PAGE_TO_PHYS(m), 1));
	KT_EQ(werr, 0);
	KT_EQ(*folio_word(m, 16), 0xfeedfacecafebeefULL);
	/* Nothing else is mapped, and the kernel pmap has no user half. */
	KT_EQ(read_in(pmap, UVA_SMALL + PAGE_SIZE, &v), -EFAULT);
	KT_EQ(machine_probe_read((const void *)UVA_SMALL, &v), -EFAULT);
	teardown(pmap);
	vm_page_free(m);
}

/* A new pmap_enter at a mapped, active address replaces the old frame. */
KTEST(pmap_enter_replace)
{
	struct vm_page *m1 = vm_page_alloc(0, 0), *m2 = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	uint64_t v1 = 0, v2 = 0;
	int e1, e2, e3;

	KT_ASSERT(m1 != NULL && m2 != NULL && pmap != NULL);
	fill_pattern(m1, 0);
	fill_pattern(m2, 0);
	e1 = pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m1), VM_PROT_RW, 0);
	pmap_activate(pmap);
	e2 = machine_probe_read((const void *)UVA_SMALL, &v1);
	e3 = pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m2), VM_PROT_RW, 0);
	e3 |= machine_probe_read((const void *)UVA_SMALL, &v2);
	pmap_activate(kernel_pmap);
	KT_EQ(e1, 0);
	KT_EQ(e2, 0);
	KT_EQ(e3, 0);
	KT_EQ(v1, pattern(VM_PAGE_TO_PHYS(m1), 0));
	KT_EQ(v2, pattern(VM_PAGE_TO_PHYS(m2), 0));
	teardown(pmap);
	vm_page_free(m1);
	vm_page_free(m2);
}

KTEST(pmap_remove_faults)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	uint64_t v;
	int before, after;

	KT_ASSERT(m != NULL && pmap != NULL);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	/* Remove while the pmap is active: the TLB entry must go too. */
	pmap_activate(pmap);
	before = machine_probe_read((const void *)UVA_SMALL, &v);
	pmap_remove(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE);
	after = machine_probe_read((const void *)UVA_SMALL, &v);
	pmap_activate(kernel_pmap);
	KT_EQ(before, 0);
	KT_EQ(after, -EFAULT);
	KT_EQ(write_in(pmap, UVA_SMALL, 1), -EFAULT);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_NONE);
	pmap_destroy(pmap);
	vm_page_free(m);
}

KTEST(pmap_protect_readonly)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	uint64_t v = 0;
	int w1, w2, r;

	KT_ASSERT(m != NULL && pmap != NULL);
	fill_pattern(m, 0);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	pmap_activate(pmap);
	w1 = machine_probe_write((void *)UVA_SMALL, 7);	/* TLB: writable */
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_READ);
	w2 = machine_probe_write((void *)UVA_SMALL, 8);
	r = machine_probe_read((const void *)(UVA_SMALL + 8), &v);
	pmap_activate(kernel_pmap);
	KT_EQ(w1, 0);
	KT_EQ(w2, -EFAULT);
	KT_EQ(r, 0);
	KT_EQ(v, pattern(VM_PAGE_TO_PHYS(m), 1));
	KT_EQ(*folio_word(m, 0), 7);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_READ);
	/* And back to writable. */
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_RW);
	KT_EQ(write_in(pmap, UVA_SMALL, 9), 0);
	KT_EQ(*folio_word(m, 0), 9);
	teardown(pmap);
	vm_page_free(m);
}

KTEST(pmap_pmd_enter)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	static const size_t offs[] = { 0, 8, PAGE_SIZE, 0x12345,
	    PMD_SIZE / 2, PMD_SIZE - 8 };
	struct pmap_leaf leaf;
	vm_paddr_t pa, base;

	KT_ASSERT(m != NULL && pmap != NULL);
	base = VM_PAGE_TO_PHYS(m);
	KT_EQ(base & PMD_MASK, 0);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_RW, 0), 0);
	for (size_t i = 0; i < nitems(offs); i++) {
		KT_ASSERT(pmap_extract(pmap, UVA_HUGE + offs[i], &pa));
		KT_EQ(pa, base + offs[i]);
		KT_EQ(pmap_lookup(pmap, UVA_HUGE + offs[i], &leaf),
		    PMAP_LEAF_PMD);
		KT_EQ(leaf.va, UVA_HUGE);
		KT_EQ(leaf.pa, base);
		KT_EQ(PROT_RW_OF(leaf), VM_PROT_RW);
	}
	KT_ASSERT(!pmap_extract(pmap, UVA_HUGE + PMD_SIZE, &pa));
	KT_ASSERT(!pmap_extract(pmap, UVA_HUGE - PAGE_SIZE, &pa));
	teardown(pmap);
	vm_page_free(m);
}

KTEST(pmap_pmd_hw_access)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	uint64_t v0 = 0, v1 = 0;
	int e;

	KT_ASSERT(m != NULL && pmap != NULL);
	fill_pattern(m, PMD_ORDER);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(m), VM_PROT_RW,
	    0), 0);
	pmap_activate(pmap);
	e = machine_probe_read((const void *)UVA_HUGE, &v0);
	e |= machine_probe_read((const void *)(UVA_HUGE + PMD_SIZE - 8), &v1);
	e |= machine_probe_write((void *)UVA_HUGE, 0x1111);
	e |= machine_probe_write((void *)(UVA_HUGE + PMD_SIZE - 8), 0x2222);
	pmap_activate(kernel_pmap);
	KT_EQ(e, 0);
	KT_EQ(v0, pattern(VM_PAGE_TO_PHYS(m), 0));
	KT_EQ(v1, pattern(VM_PAGE_TO_PHYS(m), PMD_SIZE / 8 - 1));
	KT_EQ(*folio_word(m, 0), 0x1111);
	KT_EQ(*folio_word(m, PMD_SIZE - 8), 0x2222);
	/* Read-only now, while inactive; then removed. */
	pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, VM_PROT_READ);
	KT_EQ(write_in(pmap, UVA_HUGE + 64, 3), -EFAULT);
	KT_EQ(read_in(pmap, UVA_HUGE + 64, &v0), 0);
	pmap_remove(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE);
	KT_EQ(read_in(pmap, UVA_HUGE + 64, &v0), -EFAULT);
	pmap_destroy(pmap);
	vm_page_free(m);
}

/* A 2 MiB leaf cannot go over 4 KiB leaves, and may once they are gone. */
KTEST(pmap_pmd_eexist)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	vm_paddr_t base;
	size_t ptps;

	KT_ASSERT(m != NULL && pmap != NULL);
	base = VM_PAGE_TO_PHYS(m);
	ptps = pmap_ptp_count(pmap);
	KT_EQ(pmap_enter(pmap, UVA_HUGE + 0x3000, base, VM_PROT_RW, 0), 0);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_RW, 0), -EEXIST);
	KT_EQ(pmap_enter_swap_pmd(pmap, UVA_HUGE, swp_entry(1, 512)),
	    -EEXIST);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE + 0x3000, &leaf), PMAP_LEAF_PTE);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_NONE);
	/* A swap leaf counts as a 4 KiB leaf too. */
	pmap_remove(pmap, UVA_HUGE + 0x3000, UVA_HUGE + 0x4000);
	KT_EQ(pmap_enter_swap(pmap, UVA_HUGE + 0x5000, swp_entry(1, 9)), 0);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_RW, 0), -EEXIST);
	pmap_remove(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_RW, 0), 0);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE + 0x3000, &leaf), PMAP_LEAF_PMD);
	/* A PMD leaf replaces a PMD leaf, present or swap. */
	KT_EQ(pmap_enter_swap_pmd(pmap, UVA_HUGE, swp_entry(2, 1024)), 0);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_SWAP_PMD);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_READ, 0), 0);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_PMD);
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_READ);
	teardown(pmap);
	vm_page_free(m);
}

/* Check the 512 PTEs that a split of the 2 MiB leaf *huge left. */
static bool
split_ptes_match(struct pmap *pmap, const struct pmap_leaf *huge)
{
	struct pmap_leaf leaf;

	for (size_t i = 0; i < PMD_PAGES; i++) {
		vm_offset_t va = huge->va + i * PAGE_SIZE;

		if (pmap_lookup(pmap, va + 8, &leaf) != PMAP_LEAF_PTE ||
		    leaf.va != va || leaf.pa != huge->pa + i * PAGE_SIZE ||
		    leaf.prot != huge->prot ||
		    leaf.accessed != huge->accessed ||
		    leaf.dirty != huge->dirty)
			return false;
	}
	return true;
}

KTEST(pmap_split_present)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	vm_offset_t ro = UVA_HUGE + 5 * PAGE_SIZE;
	struct pmap_leaf huge;
	uint64_t v = 0;
	int e, wro;

	KT_ASSERT(m != NULL && pmap != NULL);
	fill_pattern(m, PMD_ORDER);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(m), VM_PROT_RW,
	    0), 0);
	KT_EQ(write_in(pmap, UVA_HUGE + 0x800, 0x77), 0);	/* sets A, D */
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &huge), PMAP_LEAF_PMD);
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE + 0x1234), 0);
	KT_ASSERT(split_ptes_match(pmap, &huge));
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE), -EINVAL);
	pmap_protect(pmap, ro, ro + PAGE_SIZE, VM_PROT_READ);
	pmap_activate(pmap);
	e = machine_probe_read((const void *)(UVA_HUGE + PMD_SIZE - 8), &v);
	e |= machine_probe_write((void *)(ro - 8), 0x88);
	e |= machine_probe_write((void *)(ro + PAGE_SIZE), 0x99);
	wro = machine_probe_write((void *)ro, 0xaa);
	pmap_activate(kernel_pmap);
	KT_EQ(e, 0);
	KT_EQ(wro, -EFAULT);
	KT_EQ(v, pattern(VM_PAGE_TO_PHYS(m), PMD_SIZE / 8 - 1));
	KT_EQ(*folio_word(m, 0x800), 0x77);
	KT_EQ(*folio_word(m, 5 * PAGE_SIZE - 8), 0x88);
	KT_EQ(*folio_word(m, 6 * PAGE_SIZE), 0x99);
	KT_EQ(*folio_word(m, 5 * PAGE_SIZE), pattern(VM_PAGE_TO_PHYS(m),
	    5 * PAGE_SIZE / 8));
	teardown(pmap);
	vm_page_free(m);
}

/* Swap entries that each pmap must store exactly. */
static const struct {
	unsigned	type;
	uint64_t	offset;
} swap_cases[] = {
	{ 0, 0 }, { 1, 1 }, { 0, 512 }, { 31, 0 }, { 3, 0x123456789 },
	{ 17, 1ULL << 39 }, { 31, (1ULL << 40) - 1 }, { 5, (1ULL << 40) - 512 },
};

KTEST(pmap_swap_pte)
{
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	vm_offset_t va;
	vm_paddr_t pa;

	KT_ASSERT(pmap != NULL);
	for (size_t i = 0; i < nitems(swap_cases); i++) {
		va = UVA_SMALL + i * PAGE_SIZE;
		KT_EQ(pmap_enter_swap(pmap, va, swp_entry(swap_cases[i].type,
		    swap_cases[i].offset)), 0);
	}
	for (size_t i = 0; i < nitems(swap_cases); i++) {
		va = UVA_SMALL + i * PAGE_SIZE;
		KT_EQ(pmap_lookup(pmap, va + 16, &leaf), PMAP_LEAF_SWAP_PTE);
		KT_EQ(leaf.va, va);
		KT_EQ(swp_type(leaf.swap), swap_cases[i].type);
		KT_EQ(swp_offset(leaf.swap), swap_cases[i].offset);
		KT_ASSERT(!pmap_extract(pmap, va, &pa));
		KT_ASSERT(!pmap_test_clear_accessed(pmap, va));
	}
	KT_EQ(read_in(pmap, UVA_SMALL, &pa), -EFAULT);
	teardown(pmap);
}

KTEST(pmap_swap_pmd)
{
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	swp_entry_t entry;
	vm_offset_t va;

	KT_ASSERT(pmap != NULL);
	for (size_t i = 0; i < nitems(swap_cases); i++) {
		/* A swap PMD names 512 slots: keep the last one in range. */
		entry = swp_entry(swap_cases[i].type,
		    MIN(swap_cases[i].offset, SWP_OFFSET_MASK - 511));
		va = UVA_HUGE + i * PMD_SIZE;
		KT_EQ(pmap_enter_swap_pmd(pmap, va, entry), 0);
		KT_EQ(pmap_lookup(pmap, va + 0x5008, &leaf),
		    PMAP_LEAF_SWAP_PMD);
		KT_EQ(leaf.va, va);
		KT_EQ(swp_type(leaf.swap), swp_type(entry));
		KT_EQ(swp_offset(leaf.swap), swp_offset(entry));
	}
	teardown(pmap);
}

/* Swap and present 4 KiB leaves replace each other. */
KTEST(pmap_swap_replace)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	uint64_t v;
	int before, after;

	KT_ASSERT(m != NULL && pmap != NULL);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	pmap_activate(pmap);
	before = machine_probe_read((const void *)UVA_SMALL, &v);
	after = pmap_enter_swap(pmap, UVA_SMALL, swp_entry(4, 44));
	after |= machine_probe_read((const void *)UVA_SMALL, &v);
	pmap_activate(kernel_pmap);
	KT_EQ(before, 0);
	KT_EQ(after, -EFAULT);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_SWAP_PTE);
	KT_EQ(swp_offset(leaf.swap), 44);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(read_in(pmap, UVA_SMALL, &v), 0);
	teardown(pmap);
	vm_page_free(m);
}

KTEST(pmap_split_swap)
{
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	const uint64_t first = 0x7fe00;
	size_t ptps;

	KT_ASSERT(pmap != NULL);
	ptps = pmap_ptp_count(pmap);
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE), -EINVAL);	/* nothing there */
	KT_EQ(pmap_enter_swap_pmd(pmap, UVA_HUGE, swp_entry(3, first)), 0);
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE + PMD_SIZE - 1), 0);
	for (size_t i = 0; i < PMD_PAGES; i++) {
		KT_EQ(pmap_lookup(pmap, UVA_HUGE + i * PAGE_SIZE, &leaf),
		    PMAP_LEAF_SWAP_PTE);
		KT_EQ(leaf.va, UVA_HUGE + i * PAGE_SIZE);
		KT_EQ(swp_type(leaf.swap), 3);
		KT_EQ(swp_offset(leaf.swap), first + i);
	}
	/* Remove half, then the rest: the table goes with the last one. */
	pmap_remove(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE / 2);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE + PMD_SIZE / 2, &leaf),
	    PMAP_LEAF_SWAP_PTE);
	pmap_remove(pmap, UVA_HUGE + PMD_SIZE / 2, UVA_HUGE + PMD_SIZE);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	pmap_destroy(pmap);
}

/*
 * PROT_NONE leaves: pmap_protect(VM_PROT_NONE) keeps the frame but lets no
 * access through; rights given back find the same page.
 */

/* Is the leaf at va a PROT_NONE PTE of the frame pa, with no access? */
static bool
is_protnone_pte(struct pmap *pmap, vm_offset_t va, vm_paddr_t pa)
{
	struct pmap_leaf leaf;
	vm_paddr_t xpa;

	return pmap_lookup(pmap, va, &leaf) == PMAP_LEAF_PTE &&
	    leaf.va == rounddown2(va, PAGE_SIZE) && leaf.pa == pa &&
	    leaf.prot == VM_PROT_NONE && !pmap_extract(pmap, va, &xpa);
}

KTEST(pmap_protnone_pte)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	uint64_t v = 0;
	vm_paddr_t pa;
	int w1, r2, w2;

	KT_ASSERT(m != NULL && pmap != NULL);
	pa = VM_PAGE_TO_PHYS(m);
	fill_pattern(m, 0);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, pa, VM_PROT_RW, 0), 0);
	/* Taken away while active: the TLB entry must go too. */
	pmap_activate(pmap);
	w1 = machine_probe_write((void *)(UVA_SMALL + 8), 0x1234);
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_NONE);
	r2 = machine_probe_read((const void *)UVA_SMALL, &v);
	w2 = machine_probe_write((void *)UVA_SMALL, 0x5678);
	pmap_activate(kernel_pmap);
	KT_EQ(w1, 0);
	KT_EQ(r2, -EFAULT);
	KT_EQ(w2, -EFAULT);
	KT_EQ(*folio_word(m, 0), pattern(pa, 0));
	KT_ASSERT(is_protnone_pte(pmap, UVA_SMALL + 0x10, pa));
	/* The write's A and D are kept, and cannot be tested and cleared. */
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_ASSERT(leaf.accessed && leaf.dirty);
	KT_ASSERT(!pmap_test_clear_accessed(pmap, UVA_SMALL));
	KT_ASSERT(!pmap_test_clear_dirty(pmap, UVA_SMALL));
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_ASSERT(leaf.accessed && leaf.dirty);
	/* NONE twice is NONE; READ gives the same page back, read-only. */
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_NONE);
	KT_ASSERT(is_protnone_pte(pmap, UVA_SMALL, pa));
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_READ);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(leaf.pa, pa);
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_READ);
	KT_EQ(read_in(pmap, UVA_SMALL + 8, &v), 0);
	KT_EQ(v, 0x1234);
	KT_EQ(read_in(pmap, UVA_SMALL + 16, &v), 0);
	KT_EQ(v, pattern(pa, 2));
	KT_EQ(write_in(pmap, UVA_SMALL, 1), -EFAULT);
	/* Through NONE again to writable. */
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_NONE);
	KT_EQ(read_in(pmap, UVA_SMALL, &v), -EFAULT);
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_RW);
	KT_EQ(write_in(pmap, UVA_SMALL, 0x99), 0);
	KT_EQ(*folio_word(m, 0), 0x99);
	teardown(pmap);
	vm_page_free(m);
}

/* A PROT_NONE leaf is replaced and removed like a present one. */
KTEST(pmap_protnone_remove)
{
	struct vm_page *m1 = vm_page_alloc(0, 0), *m2 = vm_page_alloc(0, 0);
	struct vm_page *big = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	size_t ptps;
	uint64_t v = 0;

	KT_ASSERT(m1 != NULL && m2 != NULL && big != NULL && pmap != NULL);
	fill_pattern(m2, 0);
	ptps = pmap_ptp_count(pmap);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m1), VM_PROT_RW, 0),
	    0);
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_NONE);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m2), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(leaf.pa, VM_PAGE_TO_PHYS(m2));
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_RW);
	KT_EQ(read_in(pmap, UVA_SMALL, &v), 0);
	KT_EQ(v, pattern(VM_PAGE_TO_PHYS(m2), 0));
	pmap_protect(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE, VM_PROT_NONE);
	pmap_remove(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pmap_ptp_count(pmap), ptps);		/* its table went too */
	/* The same at 2 MiB: replaced by pmap_enter_pmd(), then removed. */
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(big), VM_PROT_RW,
	    0), 0);
	pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, VM_PROT_NONE);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(big),
	    VM_PROT_READ, 0), 0);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_PMD);
	KT_EQ(PROT_RW_OF(leaf), VM_PROT_READ);
	pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, VM_PROT_NONE);
	pmap_remove(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pmap_ptp_count(pmap), ptps);
	pmap_destroy(pmap);
	vm_page_free(m1);
	vm_page_free(m2);
	vm_page_free(big);
}

/* A PROT_NONE 2 MiB leaf faults everywhere and splits into PROT_NONE PTEs. */
KTEST(pmap_protnone_pmd)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	vm_offset_t one = UVA_HUGE + 7 * PAGE_SIZE;
	struct pmap_leaf huge;
	uint64_t v0 = 0, v1 = 0;
	vm_paddr_t base, pa;
	int e0, e1, e2;

	KT_ASSERT(m != NULL && pmap != NULL);
	base = VM_PAGE_TO_PHYS(m);
	fill_pattern(m, PMD_ORDER);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, base, VM_PROT_RW, 0), 0);
	pmap_activate(pmap);
	e0 = machine_probe_read((const void *)(UVA_HUGE + PMD_SIZE - 8), &v0);
	pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, VM_PROT_NONE);
	e1 = machine_probe_read((const void *)(UVA_HUGE + PMD_SIZE - 8), &v1);
	e2 = machine_probe_write((void *)UVA_HUGE, 1);
	pmap_activate(kernel_pmap);
	KT_EQ(e0, 0);
	KT_EQ(e1, -EFAULT);
	KT_EQ(e2, -EFAULT);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE + 0x5008, &huge), PMAP_LEAF_PMD);
	KT_EQ(huge.va, UVA_HUGE);
	KT_EQ(huge.pa, base);
	KT_EQ(huge.prot, VM_PROT_NONE);
	KT_ASSERT(huge.accessed && !huge.dirty);
	KT_ASSERT(!pmap_extract(pmap, UVA_HUGE + 0x5008, &pa));
	/* Split: 512 PROT_NONE PTEs.  Give one page back, read-only. */
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE + PMD_SIZE / 2), 0);
	KT_ASSERT(split_ptes_match(pmap, &huge));
	pmap_protect(pmap, one, one + PAGE_SIZE, VM_PROT_READ);
	KT_EQ(read_in(pmap, one + 16, &v0), 0);
	KT_EQ(v0, pattern(base, (7 * PAGE_SIZE + 16) / 8));
	KT_EQ(read_in(pmap, one - 8, &v1), -EFAULT);
	KT_EQ(read_in(pmap, one + PAGE_SIZE, &v1), -EFAULT);
	/* Then all of it, writable. */
	pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, VM_PROT_RW);
	KT_EQ(write_in(pmap, UVA_HUGE + PMD_SIZE - 8, 0x42), 0);
	KT_EQ(*folio_word(m, PMD_SIZE - 8), 0x42);
	KT_EQ(read_in(pmap, UVA_HUGE, &v0), 0);
	KT_EQ(v0, pattern(base, 0));
	teardown(pmap);
	vm_page_free(m);
}

/* Are the swap leaves of swap_cases at UVA_SMALL, one a page, intact? */
static bool
swap_cases_intact(struct pmap *pmap)
{
	struct pmap_leaf leaf;

	for (size_t i = 0; i < nitems(swap_cases); i++)
		if (pmap_lookup(pmap, UVA_SMALL + i * PAGE_SIZE, &leaf) !=
		    PMAP_LEAF_SWAP_PTE ||
		    swp_type(leaf.swap) != swap_cases[i].type ||
		    swp_offset(leaf.swap) != swap_cases[i].offset)
			return false;
	return true;
}

/* pmap_protect() leaves swap leaves alone, to NONE and back. */
KTEST(pmap_protnone_swap)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	const size_t n = nitems(swap_cases);
	vm_offset_t present = UVA_SMALL + n * PAGE_SIZE;
	struct pmap_leaf leaf;

	KT_ASSERT(m != NULL && pmap != NULL);
	for (size_t i = 0; i < n; i++)
		KT_EQ(pmap_enter_swap(pmap, UVA_SMALL + i * PAGE_SIZE,
		    swp_entry(swap_cases[i].type, swap_cases[i].offset)), 0);
	KT_EQ(pmap_enter(pmap, present, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_enter_swap_pmd(pmap, UVA_HUGE, swp_entry(7, 1024)), 0);
	for (int round = 0; round < 2; round++) {
		vm_prot_t prot = round == 0 ? VM_PROT_NONE : VM_PROT_READ;

		pmap_protect(pmap, UVA_SMALL, present + PAGE_SIZE, prot);
		pmap_protect(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE, prot);
		KT_ASSERT(swap_cases_intact(pmap));
		KT_EQ(pmap_lookup(pmap, UVA_HUGE + 0x3000, &leaf),
		    PMAP_LEAF_SWAP_PMD);
		KT_EQ(swp_type(leaf.swap), 7);
		KT_EQ(swp_offset(leaf.swap), 1024);
		KT_EQ(pmap_lookup(pmap, present, &leaf), PMAP_LEAF_PTE);
		KT_EQ(leaf.pa, VM_PAGE_TO_PHYS(m));
		KT_EQ(PROT_RW_OF(leaf), prot);
	}
	teardown(pmap);
	vm_page_free(m);
}

/* pmap_remove frees the page-table pages it leaves empty. */
KTEST(pmap_remove_frees_tables)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	size_t base, one, two;
	vm_paddr_t pa;

	KT_ASSERT(m != NULL && pmap != NULL);
	pa = VM_PAGE_TO_PHYS(m);
	base = pmap_ptp_count(pmap);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, pa, VM_PROT_RW, 0), 0);
	one = pmap_ptp_count(pmap);
	KT_ASSERT(one > base);
	KT_EQ(pmap_enter(pmap, UVA_FAR, pa, VM_PROT_RW, 0), 0);
	two = pmap_ptp_count(pmap);
	KT_ASSERT(two > one);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, pa, VM_PROT_RW, 0), 0);
	/* Fill one table page, then empty it from the middle out. */
	for (size_t i = 0; i < PMD_PAGES; i++)
		KT_EQ(pmap_enter(pmap, UVA_HUGE + PMD_SIZE + i * PAGE_SIZE,
		    pa + i * PAGE_SIZE, VM_PROT_READ, 0), 0);
	pmap_remove(pmap, UVA_HUGE + PMD_SIZE + PMD_SIZE / 2,
	    UVA_HUGE + 2 * PMD_SIZE);
	pmap_remove(pmap, UVA_HUGE + PMD_SIZE, UVA_HUGE + PMD_SIZE +
	    PMD_SIZE / 2);
	pmap_remove(pmap, UVA_HUGE, UVA_HUGE + PMD_SIZE);
	KT_EQ(pmap_ptp_count(pmap), two);
	pmap_remove(pmap, UVA_SMALL, UVA_SMALL + PAGE_SIZE);
	KT_EQ(pmap_ptp_count(pmap), two - (one - base));
	pmap_remove(pmap, UVA_FAR, UVA_FAR + PAGE_SIZE);
	KT_EQ(pmap_ptp_count(pmap), base);
	pmap_destroy(pmap);
	vm_page_free(m);
}

/* Accessed and dirty bits of a leaf at va, set by real accesses. */
static void
check_accessed_dirty(struct ktest_ctx *kt, struct pmap *pmap, vm_offset_t va)
{
	struct pmap_leaf leaf;
	bool a1, d1;
	uint64_t v;
	int e;

	(void)pmap_test_clear_accessed(pmap, va);
	(void)pmap_test_clear_dirty(pmap, va);
	KT_EQ(read_in(pmap, va, &v), 0);
	KT_EQ(pmap_lookup(pmap, va, &leaf) != PMAP_LEAF_NONE, true);
	KT_ASSERT(leaf.accessed && !leaf.dirty);
	KT_ASSERT(pmap_test_clear_accessed(pmap, va));
	KT_ASSERT(!pmap_test_clear_accessed(pmap, va));
	KT_ASSERT(!pmap_test_clear_dirty(pmap, va));
	KT_EQ(write_in(pmap, va + 8, v), 0);
	KT_EQ(pmap_lookup(pmap, va, &leaf) != PMAP_LEAF_NONE, true);
	KT_ASSERT(leaf.accessed && leaf.dirty);
	KT_ASSERT(pmap_test_clear_dirty(pmap, va));
	KT_ASSERT(!pmap_test_clear_dirty(pmap, va));
	/*
	 * Bits cleared while the pmap is active are set again by the next
	 * access: no stale TLB entry lets it go unrecorded.
	 */
	pmap_activate(pmap);
	e = machine_probe_write((void *)va, v);
	d1 = pmap_test_clear_dirty(pmap, va);
	a1 = pmap_test_clear_accessed(pmap, va);
	e |= machine_probe_write((void *)va, v);
	pmap_activate(kernel_pmap);
	KT_ASSERT(e == 0 && d1 && a1);
	KT_ASSERT(pmap_test_clear_dirty(pmap, va));
	KT_ASSERT(pmap_test_clear_accessed(pmap, va));
}

KTEST(pmap_accessed_dirty)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();

	KT_ASSERT(m != NULL && pmap != NULL);
	KT_ASSERT(!pmap_test_clear_accessed(pmap, UVA_SMALL));
	KT_ASSERT(!pmap_test_clear_dirty(pmap, UVA_SMALL));
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	check_accessed_dirty(kt, pmap, UVA_SMALL);
	if (kt->failed)
		return;
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(m), VM_PROT_RW,
	    0), 0);
	check_accessed_dirty(kt, pmap, UVA_HUGE + PMD_SIZE - PAGE_SIZE);
	if (kt->failed)
		return;
	teardown(pmap);
	vm_page_free(m);
}

/*
 * Take free folios, largest first, onto the list taken until only keep
 * free pages are left.
 */
static void
exhaust_memory(struct list_node *taken, size_t keep)
{
	struct vm_page *m;

	for (int order = VM_NFREEORDER - 1; order >= 0; order--) {
		while (vm_page_free_count() >= keep + ((size_t)1 << order) &&
		    (m = vm_page_alloc(order, 0)) != NULL)
			list_insert_head(taken, &m->plinks);
	}
}

static void
release_memory(struct list_node *taken)
{
	struct vm_page *m;

	while ((m = list_first(taken, struct vm_page, plinks)) != NULL) {
		list_remove(&m->plinks);
		vm_page_free(m);
	}
}

/*
 * When a page-table page cannot be had, every call fails with -ENOMEM and
 * changes nothing, even when it got some of the tables it needed.
 */
KTEST(pmap_enomem)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf small, far, huge;
	struct list_node taken;
	size_t ptps, ptps_after, free_after;
	int e1, e2, e3, e4;

	KT_ASSERT(m != NULL && pmap != NULL);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(m), VM_PROT_RW,
	    0), 0);
	ptps = pmap_ptp_count(pmap);
	list_init(&taken);
	/* One page left: enough for the first table of a walk, not all. */
	exhaust_memory(&taken, 1);
	e1 = pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0);
	e2 = pmap_enter_swap(pmap, UVA_FAR, swp_entry(1, 1));
	e3 = pmap_enter_swap_pmd(pmap, UVA_FAR, swp_entry(1, 512));
	free_after = vm_page_free_count();
	exhaust_memory(&taken, 0);
	e4 = pmap_split_pmd(pmap, UVA_HUGE);
	ptps_after = pmap_ptp_count(pmap);
	release_memory(&taken);
	KT_EQ(e1, -ENOMEM);
	KT_EQ(e2, -ENOMEM);
	KT_EQ(e3, -ENOMEM);
	KT_EQ(e4, -ENOMEM);
	KT_EQ(free_after, 1);
	KT_EQ(ptps_after, ptps);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &small), PMAP_LEAF_NONE);
	KT_EQ(pmap_lookup(pmap, UVA_FAR, &far), PMAP_LEAF_NONE);
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &huge), PMAP_LEAF_PMD);
	teardown(pmap);
	vm_page_free(m);
}

/*
 * pv lists (the reverse map): pmap_page_mappings() and friends.  Each test
 * checks at its end that every pv entry went back to its zone.
 */

/* One page in two pmaps: counted twice, removed one by one or all at once. */
KTEST(pmap_pv_two_pmaps)
{
	struct vm_page *m = vm_page_alloc(0, 0);
	struct pmap *p1 = pmap_create(), *p2 = pmap_create();
	size_t pv_start = pv_zone_used();
	struct pmap_leaf leaf;
	vm_paddr_t pa;

	KT_ASSERT(m != NULL && p1 != NULL && p2 != NULL);
	pa = VM_PAGE_TO_PHYS(m);
	KT_EQ(pmap_page_mappings(m), 0);
	KT_EQ(pmap_enter(p1, UVA_SMALL, pa, VM_PROT_RW, 0), 0);
	KT_EQ(pmap_enter(p2, UVA_FAR, pa, VM_PROT_READ, 0), 0);
	KT_EQ(pmap_page_mappings(m), 2);
	/* New rights, same frame: still one entry per leaf. */
	KT_EQ(pmap_enter(p1, UVA_SMALL, pa, VM_PROT_READ, 0), 0);
	pmap_protect(p2, UVA_FAR, UVA_FAR + PAGE_SIZE, VM_PROT_NONE);
	KT_EQ(pmap_page_mappings(m), 2);
	pmap_remove(p1, UVA_SMALL, UVA_SMALL + PAGE_SIZE);
	KT_EQ(pmap_page_mappings(m), 1);
	KT_EQ(pmap_enter(p1, UVA_SMALL, pa, VM_PROT_RW, 0), 0);
	KT_EQ(pmap_page_mappings(m), 2);
	pmap_page_remove_all(m);
	KT_EQ(pmap_page_mappings(m), 0);
	KT_EQ(pmap_lookup(p1, UVA_SMALL, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pmap_lookup(p2, UVA_FAR, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pv_zone_used(), pv_start);
	teardown(p1);
	teardown(p2);
	vm_page_free(m);
}

/* Entering another frame at the same va moves the entry; swap drops it. */
KTEST(pmap_pv_replace)
{
	struct vm_page *m1 = vm_page_alloc(0, 0), *m2 = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	size_t pv_start = pv_zone_used();

	KT_ASSERT(m1 != NULL && m2 != NULL && pmap != NULL);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m1), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m2), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_page_mappings(m1), 0);
	KT_EQ(pmap_page_mappings(m2), 1);
	KT_EQ(pmap_enter_swap(pmap, UVA_SMALL, swp_entry(1, 7)), 0);
	KT_EQ(pmap_page_mappings(m2), 0);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m1), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_page_mappings(m1), 1);
	teardown(pmap);
	KT_EQ(pmap_page_mappings(m1), 0);
	KT_EQ(pv_zone_used(), pv_start);
	vm_page_free(m1);
	vm_page_free(m2);
}

/* A 2 MiB leaf is one entry on its head; a split makes one per page. */
KTEST(pmap_pv_pmd_split)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *pmap = pmap_create();
	size_t pv_start = pv_zone_used();
	bool all_one = true;
	vm_paddr_t pa;

	KT_ASSERT(m != NULL && pmap != NULL);
	pa = VM_PAGE_TO_PHYS(m);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, pa, VM_PROT_RW, 0), 0);
	KT_EQ(pmap_page_mappings(m), 1);
	KT_EQ(pmap_page_mappings(m + 1), 0);
	KT_EQ(pv_zone_used(), pv_start + 1);
	/* Accessed: set through the hardware, read and cleared via the page. */
	KT_EQ(write_in(pmap, UVA_HUGE + 8, 1), 0);
	KT_ASSERT(pmap_page_test_clear_accessed(m));
	KT_ASSERT(!pmap_page_test_clear_accessed(m));
	KT_EQ(pmap_split_pmd(pmap, UVA_HUGE), 0);
	for (size_t i = 0; i < PMD_PAGES; i++)
		if (pmap_page_mappings(m + i) != 1)
			all_one = false;
	KT_ASSERT(all_one);
	KT_EQ(pv_zone_used(), pv_start + PMD_PAGES);
	pmap_page_remove_all(m + 5);
	KT_EQ(pmap_page_mappings(m + 5), 0);
	KT_ASSERT(!pmap_extract(pmap, UVA_HUGE + 5 * PAGE_SIZE, &pa));
	KT_ASSERT(pmap_extract(pmap, UVA_HUGE + 6 * PAGE_SIZE, &pa));
	teardown(pmap);
	KT_EQ(pmap_page_mappings(m), 0);
	KT_EQ(pv_zone_used(), pv_start);
	vm_page_free(m);
}

/* The head's 2 MiB entry goes by pmap_page_remove_all() too. */
KTEST(pmap_pv_pmd_remove_all)
{
	struct vm_page *m = vm_page_alloc(PMD_ORDER, 0);
	struct pmap *p1 = pmap_create(), *p2 = pmap_create();
	size_t pv_start = pv_zone_used();
	struct pmap_leaf leaf;

	KT_ASSERT(m != NULL && p1 != NULL && p2 != NULL);
	KT_EQ(pmap_enter_pmd(p1, UVA_HUGE, VM_PAGE_TO_PHYS(m), VM_PROT_RW,
	    0), 0);
	KT_EQ(pmap_enter(p2, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0),
	    0);
	KT_EQ(pmap_page_mappings(m), 2);
	pmap_page_remove_all(m);
	KT_EQ(pmap_page_mappings(m), 0);
	KT_EQ(pmap_lookup(p1, UVA_HUGE, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pmap_lookup(p2, UVA_SMALL, &leaf), PMAP_LEAF_NONE);
	KT_EQ(pmap_ptp_count(p1), 1);
	KT_EQ(pv_zone_used(), pv_start);
	teardown(p1);
	teardown(p2);
	vm_page_free(m);
}

/* Kernel leaves are not listed. */
KTEST(pmap_pv_kernel_unmanaged)
{
	struct vm_page *m = vm_page_alloc(0, 0);

	KT_ASSERT(m != NULL);
	KT_EQ(pmap_page_mappings(m), 0);	/* the DMAP maps it, unlisted */
	vm_page_free(m);
}

/* pv_fill: list fake entries on m until the pv zone runs dry; how many. */
static size_t
pv_fill(struct vm_page *m, struct pmap *pmap)
{
	size_t n = 0;

	while (n < 100000 && pv_insert(m, pmap, UVA_FAR + n * PAGE_SIZE,
	    PV_LEVEL_PTE) == 0)
		n++;
	return n;
}

/* pv_unfill: take back pv_fill()'s n entries. */
static void
pv_unfill(struct vm_page *m, struct pmap *pmap, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pv_remove(m, pmap, UVA_FAR + i * PAGE_SIZE);
}

/*
 * When a pv entry cannot be had, pmap_enter(), pmap_enter_pmd() and
 * pmap_split_pmd() fail with -ENOMEM and change nothing.
 */
KTEST(pmap_pv_enomem)
{
	struct vm_page *m = vm_page_alloc(0, 0), *fake = vm_page_alloc(0, 0);
	struct vm_page *huge = vm_page_alloc(PMD_ORDER, 0);
	struct vm_page *one = vm_page_alloc(0, 0);
	struct pmap *pmap = pmap_create();
	struct pmap_leaf leaf;
	struct list_node taken;
	size_t n, ptps, ptps_after, pv_start = pv_zone_used();
	int e1, e2, e3, e4;

	KT_ASSERT(m != NULL && fake != NULL && huge != NULL && one != NULL &&
	    pmap != NULL);
	KT_EQ(pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(fake), VM_PROT_RW,
	    0), 0);
	KT_EQ(pmap_enter_pmd(pmap, UVA_HUGE, VM_PAGE_TO_PHYS(huge),
	    VM_PROT_RW, 0), 0);
	ptps = pmap_ptp_count(pmap);
	list_init(&taken);
	exhaust_memory(&taken, 0);
	n = pv_fill(fake, pmap);
	e1 = pmap_enter(pmap, UVA_SMALL + PAGE_SIZE, VM_PAGE_TO_PHYS(m),
	    VM_PROT_RW, 0);
	e2 = pmap_enter(pmap, UVA_SMALL, VM_PAGE_TO_PHYS(m), VM_PROT_RW, 0);
	e3 = pmap_enter_pmd(pmap, UVA_HUGE + PMD_SIZE, VM_PAGE_TO_PHYS(huge),
	    VM_PROT_RW, 0);
	/* One page back: the split gets its table, not its 512 entries. */
	vm_page_free(one);
	e4 = pmap_split_pmd(pmap, UVA_HUGE);
	ptps_after = pmap_ptp_count(pmap);
	pv_unfill(fake, pmap, n);
	release_memory(&taken);
	KT_EQ(e1, -ENOMEM);
	KT_EQ(e2, -ENOMEM);
	KT_EQ(e3, -ENOMEM);
	KT_EQ(e4, -ENOMEM);
	KT_EQ(ptps_after, ptps);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL + PAGE_SIZE, &leaf),
	    PMAP_LEAF_NONE);
	KT_EQ(pmap_lookup(pmap, UVA_SMALL, &leaf), PMAP_LEAF_PTE);
	KT_EQ(leaf.pa, VM_PAGE_TO_PHYS(fake));
	KT_EQ(pmap_lookup(pmap, UVA_HUGE, &leaf), PMAP_LEAF_PMD);
	KT_EQ(pmap_page_mappings(m), 0);
	KT_EQ(pmap_page_mappings(fake), 1);
	KT_EQ(pmap_page_mappings(huge), 1);
	KT_EQ(pmap_page_mappings(huge + 1), 0);
	teardown(pmap);
	KT_EQ(pv_zone_used(), pv_start);
	vm_page_free(m);
	vm_page_free(fake);
	vm_page_free(huge);
}
