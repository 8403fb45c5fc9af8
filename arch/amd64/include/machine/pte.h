/*
 * pte.h (amd64): the bits of a page-table entry, and how a swap entry is
 * stored in one.  Only arch/amd64 includes this file.
 *
 * amd64 4-level paging with 4 KiB pages: a virtual address is cut into four
 * 9-bit table indexes and a 12-bit page offset,
 *
 *    47     39 38     30 29     21 20     12 11          0
 *   +---------+---------+---------+---------+-------------+
 *   |  PML4   |  PDPT   |   PD    |   PT    |   offset    |
 *   +---------+---------+---------+---------+-------------+
 *
 * and each table is one 4 KiB page of 512 64-bit entries.  Pagoda calls the
 * four levels 4 (PML4), 3 (PDPT), 2 (PD, the "PMD" of vm/pmap.h) and 1 (PT).
 * A PD entry with PS set is a 2 MiB leaf; 1 GiB leaves (PS in a PDPT entry)
 * are never made.
 *
 * A present entry (P = 1):
 *
 *    63 62      52 51                                  12 11  9 8 7 6 5 4 3 2 1 0
 *   +--+----------+--------------------------------------+-----+-+-+-+-+-+-+-+-+-+
 *   |NX|  avail   |  physical frame address (40 bits)    |avail|G|S|D|A|C|T|U|W|P|
 *   +--+----------+--------------------------------------+-----+-+-+-+-+-+-+-+-+-+
 *
 *   P   present: the MMU translates through this entry
 *   W   writable (CR0.WP makes it bind the kernel too)
 *   U   user: ring 3 may access (with CR4.SMEP the kernel may not execute it)
 *   T   PWT, write-through
 *   C   PCD, cache disable; PCD | PWT is uncached with the default PAT
 *   A   accessed: set by the MMU on any access through the entry
 *   D   dirty: set by the MMU on a write (leaves only)
 *   S   PS: in a PD entry, a 2 MiB leaf (its frame is 2 MiB aligned, bit 12
 *       is then the large page's PAT bit, which Pagoda leaves 0); in a PT
 *       entry this bit is PAT, also left 0
 *   G   global: survives CR3 loads (kernel leaves, with CR4.PGE)
 *   NX  no-execute, honoured when EFER.NXE is on (must be 0 otherwise)
 *
 * Entries above the leaf level point to the next table: P, W and (in a user
 * pmap's user half) U set, so that the leaf alone decides the rights.
 *
 * A swap leaf (P = 0, so the MMU ignores every other bit):
 *
 *    63    57 56  52 51                                  12 11  8 7 6     2 1 0
 *   +--------+------+--------------------------------------+-----+-+-------+-+-+
 *   |   0    | type |     ~offset (40 bits, inverted)      |  0  |S|   0   |1|0|
 *   +--------+------+--------------------------------------+-----+-+-------+-+-+
 *
 *   bit 0  P = 0: not present
 *   bit 1  SWAP = 1: a swap leaf, so that no swap entry is ever 0 (0 means
 *          "nothing here")
 *   bit 7  S: set in a PMD-level swap leaf (512 slots from offset on),
 *          clear in a PTE-level one
 *   type   the swap area, 5 bits (SWP_TYPE_BITS)
 *   offset the slot, 40 bits (SWP_OFFSET_BITS), stored inverted in the
 *          frame-address bits.  Against L1TF (a CPU that speculatively reads
 *          through a non-present entry's address bits): a real offset is
 *          small, so its inverse names a frame near 2^52, beyond any memory.
 *
 * A PROT_NONE leaf (P = 0: every access faults, but the leaf still owns its
 * frame, for mprotect() to give rights back):
 *
 *    63 62    52 51                              12 11 10  9 8 7 6 5 4 3 2 1 0
 *   +--+--------+----------------------------------+--+--+--+-+-+-+-+-+-+-+-+-+
 *   | 0|   0    |    ~frame (40 bits, inverted)    | 0| 0|PN|G|S|D|A|C|T|U|0|0|
 *   +--+--------+----------------------------------+--+--+--+-+-+-+-+-+-+-+-+-+
 *
 *   PN     bit 9, PROTNONE, one of the "avail" bits the MMU never reads.  A
 *          PN entry is a PROT_NONE leaf whatever else it holds; without PN
 *          and with bit 1 set it is a swap leaf (whose bits 11:8 are 0).
 *          Linux reuses G instead (_PAGE_PROTNONE = _PAGE_GLOBAL), which
 *          is free in a non-present entry; an avail bit needs no such
 *          argument and leaves G alone in kernel leaves.
 *   W, NX  cleared: the rights come from pmap_protect() when the leaf is
 *          made present again.  Bit 1 is then 0 too.
 *   A, D, U, C, T, G, S  kept as they were: S says a 2 MiB leaf, A and D
 *          are still reported by pmap_lookup(), and making the leaf present
 *          again gives back its memory type and its owner (U or G).
 *   frame  the frame address, inverted (every bit of PTE_FRAME flipped, so
 *          that flipping again restores it exactly, the 2 MiB leaf's zero
 *          bits 20:12 included).  The frame is the process's own, but
 *          under a hypervisor a guest-physical frame number is not
 *          translated by the speculative L1TF access: it would name some
 *          other host page, whose data may sit in the L1 cache.  Linux
 *          inverts PROT_NONE frames for that reason; so does Pagoda, at no
 *          cost, and the inverse of any real frame lies near 2^52.
 */
#ifndef _MACHINE_PTE_H_
#define _MACHINE_PTE_H_

#define PTE_P		0x001		/* present */
#define PTE_W		0x002		/* writable */
#define PTE_U		0x004		/* user */
#define PTE_PWT		0x008		/* write-through */
#define PTE_PCD		0x010		/* cache disable */
#define PTE_A		0x020		/* accessed */
#define PTE_D		0x040		/* dirty */
#define PTE_PS		0x080		/* PD entry: 2 MiB leaf */
#define PTE_G		0x100		/* global */
#define PTE_SWAP	0x002		/* P = 0: a swap leaf (same bit as W) */
#define PTE_PROTNONE	0x200		/* P = 0: a PROT_NONE leaf (avail) */

#ifndef __ASSEMBLY__
#include "kernel/types.h"

typedef uint64_t pt_entry_t;

#define PTE_NX		(1ULL << 63)	/* no-execute */
#define PTE_FRAME	0x000ffffffffff000ULL	/* a 4 KiB frame (or table) */
#define PTE_PS_FRAME	0x000fffffffe00000ULL	/* a 2 MiB frame */

/* Swap leaves, drawn above. */
#define PTE_SWP_OFFSET_SHIFT	12
#define PTE_SWP_TYPE_SHIFT	52
#define PTE_SWP_OFFSET_MASK	((1ULL << 40) - 1)
#define PTE_SWP_TYPE_MASK	((1ULL << 5) - 1)
#endif /* !__ASSEMBLY__ */

/* Levels of the walk, and the tables' geometry. */
#define PT_LEVELS	4		/* PML4 = 4 ... PT = 1 */
#define PT_LEVEL_PTE	1
#define PT_LEVEL_PMD	2
#define NPTEPG		512		/* entries per table page */
#define NPTEPG_SHIFT	9

#endif /* !_MACHINE_PTE_H_ */
