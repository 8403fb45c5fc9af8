/*
 * switch_ttbr1.S (arm64): pmap_switch_ttbr1(), the one switch of the
 * kernel half's tables, from entry.S's boot tables to pmap_bootstrap()'s.
 *
 * Why a routine of its own.  The boot tables map the kernel image with
 * 2 MiB L2 blocks, the new tables map the same addresses to the same
 * frames with 4 KiB L3 pages: a change of size.  Break-before-make (Arm ARM
 * D5.10.1, "TLB conflict aborts") forbids that two TLB entries of
 * different sizes for one address be live at once: if a block entry from
 * the old tables is still in the TLB when a walk of the new tables adds a
 * page entry for an address inside it, a core may take a TLB conflict
 * abort (FSC 0b110000), and the abort's vector is itself in TTBR1 space, so
 * it does not come back.  Writing TTBR1 and flushing afterwards leaves
 * exactly that window between the msr and the tlbi.  QEMU does not model
 * it: its TLB is a software cache that holds one entry per page and simply
 * replaces it, never detects a conflict and never raises the abort, so the
 * careless switch passes every test under QEMU and may still fail on real
 * cores.
 *
 * So the switch breaks before it makes: TTBR1 first gets an all-invalid
 * table (a walk of it makes no TLB entry), then the whole TLB is flushed,
 * and only then do the new tables go in.  While TTBR1 is invalid no kernel
 * address can be used: not the caller's code, not its stack, not the
 * exception vectors.  Hence:
 *  - the routine is called at its physical address, through entry.S's
 *    identity map of physical [0, 4 GiB), which TTBR0 still holds;
 *  - it touches no memory at all (no stack: the caller's stack is in TTBR1
 *    space), only x0-x3;
 *  - it masks every exception (DAIF) for the window, since a trap could not
 *    reach its vector;
 *  - it returns by branching to x30, the caller's higher-half return
 *    address, which it never changes, once the new tables are in.
 * The second flush is not needed for the rule (the invalid table left
 * nothing to conflict with); it leaves the TLB with nothing from before
 * the switch but the identity entries that pmap_tlb_reset() drops next.
 *
 * void pmap_switch_ttbr1(uint64_t ttbr1, uint64_t invalid_ttbr1);
 *   x0  the new TTBR1_EL1 value (the kernel pmap's L0)
 *   x1  the physical address of an all-invalid L0 table
 */

	.text
	.balign	4
	.globl	pmap_switch_ttbr1
	.type	pmap_switch_ttbr1, %function
pmap_switch_ttbr1:
	mrs	x2, daif
	msr	daifset, #0xf			/* no trap while TTBR1 is gone */
	dsb	ish				/* the new tables are written */

	msr	ttbr1_el1, x1			/* break: nothing is mapped */
	isb
	tlbi	vmalle1is			/* the boot tables' entries */
	dsb	ish
	isb

	msr	ttbr1_el1, x0			/* make: the new tables */
	isb
	tlbi	vmalle1is
	dsb	ish
	isb

	msr	daif, x2
	ret					/* x30: the higher-half caller */
	.size	pmap_switch_ttbr1, . - pmap_switch_ttbr1

	.section .note.GNU-stack, "", @progbits
