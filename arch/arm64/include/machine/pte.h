/*
 * pte.h (arm64): the bits of a translation-table descriptor, and how a swap
 * entry is stored in one.  Only arch/arm64 includes this file.
 *
 * VMSAv8-64, stage 1, 4 KiB granule, 48-bit virtual addresses (T0SZ = T1SZ
 * = 16): an address is cut into four 9-bit table indexes and a 12-bit page
 * offset,
 *
 *    63     48 47     39 38     30 29     21 20     12 11          0
 *   +---------+---------+---------+---------+---------+-------------+
 *   | 0 or 1s |   L0    |   L1    |   L2    |   L3    |   offset    |
 *   +---------+---------+---------+---------+---------+-------------+
 *
 * Bits 63:48 all 0 select TTBR0_EL1 (user space), all 1 TTBR1_EL1 (the
 * kernel).  Each table is one 4 KiB page of 512 64-bit descriptors.  The
 * Arm ARM numbers the levels from the top, L0 to L3, and so does Pagoda on
 * arm64 (amd64 counts the other way): L2 is the "PMD" of vm/pmap.h, L3 the
 * PTE.  An L2 block is a 2 MiB leaf; L1 blocks (1 GiB) are never made, and
 * L0 cannot hold a block with this granule.
 *
 * Bits 1:0 say what a descriptor is: x0 invalid (the MMU ignores every
 * other bit), 11 a table (L0-L2) or a page (L3), 01 a block (L1, L2; at L3
 * it is reserved and faults like an invalid one).
 *
 * A table descriptor (L0, L1, L2):
 *
 *    63 62 61 60 59 58      52 51  48 47                        12 11     2 1 0
 *   +--+-----+--+--+----------+------+----------------------------+--------+-+-+
 *   |NS| AP  |XN|PX|  ignored |  0   |  next table's address      | ignored|1|1|
 *   +--+-----+--+--+----------+------+----------------------------+--------+-+-+
 *
 *   NSTable, APTable, UXNTable, PXNTable would limit everything below;
 *   Pagoda leaves them 0, so that the leaf alone decides the rights.
 *
 * A level-2 block (2 MiB) and a level-3 page (4 KiB):
 *
 *    63  59 58 55 54 53 52 51 50 48 47              21 20     12 11      2 1 0
 *   +------+-----+--+--+--+--+-----+------------------+---------+---------+-+-+
 *   |ignord| sw  |UX|PX|Ct|DB|  0  | block address    |    0    |  lower  |0|1|
 *   +------+-----+--+--+--+--+-----+------------------+---------+---------+-+-+
 *   +------+-----+--+--+--+--+-----+----------------------------+---------+-+-+
 *   |ignord| sw  |UX|PX|Ct|DB|  0  |     page address           |  lower  |1|1|
 *   +------+-----+--+--+--+--+-----+----------------------------+---------+-+-+
 *    63  59 58 55 54 53 52 51 50 48 47                        12 11      2 1 0
 *
 * with the lower attributes
 *
 *      11   10   9   8    7     6    5   4       2
 *   +----+----+-------+-----+-----+----+----------+
 *   | nG | AF |  SH   |AP[2]|AP[1]| NS | AttrIndx |
 *   +----+----+-------+-----+-----+----+----------+
 *
 *   AttrIndx  which MAIR_EL1 attribute: MAIR_IDX_NORMAL (write-back),
 *             MAIR_IDX_DEVICE (nGnRnE) or MAIR_IDX_NORMAL_NC
 *             (machine/pmap.h)
 *   NS        non-secure output address; ignored at non-secure EL1: 0
 *   AP[1]     EL0 may access (user leaves)
 *   AP[2]     read-only (for EL1 and, with AP[1], for EL0)
 *   SH        shareability: 11 inner shareable for normal memory, 00 for
 *             device memory (where it is ignored)
 *   AF        access flag: an access through a leaf with AF = 0 takes an
 *             access-flag fault.  The MMU never sets it (TCR_EL1.HA = 0).
 *   nG        not global: the TLB tags the entry with the ASID (user
 *             leaves); global entries (the kernel's) match every ASID
 *   DBM       bit 51, Dirty Bit Modifier.  With TCR_EL1.HD = 0 the MMU
 *             ignores it, and Pagoda uses it as a software bit: "this leaf
 *             may be written".  AP[2] then says whether it is writable now:
 *             a clean writable leaf is DBM = 1, AP[2] = 1 and a write to it
 *             faults; a dirty one is DBM = 1, AP[2] = 0.  Rule: AP[2] = 0
 *             only with DBM = 1.
 *   Ct        contiguous hint: never set
 *   PXN       no execution at EL1: set on every user leaf and on every
 *             kernel leaf but the text
 *   UXN       no execution at EL0: set on every kernel leaf and on user
 *             leaves without the execute right
 *   sw        bits 58:55, reserved for software: 0 in a valid leaf (bit 58
 *             is PROTNONE in an invalid one, below)
 *
 * A swap leaf is an invalid descriptor (bit 0 = 0), so the MMU ignores the
 * other 63 bits and Pagoda stores a swap entry in them:
 *
 *    63    57 56  52 51                                  12 11      3 2 1 0
 *   +--------+------+--------------------------------------+---------+-+-+-+
 *   |   0    | type |          offset (40 bits)            |    0    |S|1|0|
 *   +--------+------+--------------------------------------+---------+-+-+-+
 *
 *   bit 0  V = 0: invalid
 *   bit 1  SWAP = 1: a swap leaf, so that no swap leaf is ever 0 (0 means
 *          "nothing here")
 *   bit 2  S: set in an L2 (PMD-level) swap leaf (512 slots from offset
 *          on), clear in an L3 one
 *   type   the swap area, 5 bits (SWP_TYPE_BITS)
 *   offset the slot, 40 bits (SWP_OFFSET_BITS), stored as it is: amd64
 *          inverts it against L1TF, which is an x86 matter
 *
 * A PROT_NONE leaf is an invalid descriptor too, that still holds its frame
 * for mprotect() to give rights back: the page or block it was, with bit 0
 * cleared and the software bit 58 set:
 *
 *    63  59 58 57 55 54 53 52 51 50 48 47                   12 11      2 1 0
 *   +------+--+-----+--+--+--+--+-----+-----------------------+---------+-+-+
 *   |  0   |PN|  0  |UX|PX|Ct|DB|  0  | page or block address |  lower  |t|0|
 *   +------+--+-----+--+--+--+--+-----+-----------------------+---------+-+-+
 *
 *   bit 0  V = 0: invalid, so every access takes a translation fault and no
 *          TLB holds the entry
 *   PN     bit 58, PROTNONE (Linux's PTE_PROT_NONE is the same bit).  A PN
 *          entry is a PROT_NONE leaf whatever else it holds: bit 1 (t, 1
 *          for an L3 page, 0 for an L2 block) and bit 2 (AttrIndx) would
 *          otherwise read as a swap leaf's marker and S bit.  Swap leaves
 *          have bit 58 clear.
 *   rest   as the valid leaf had them: address, AttrIndx, SH, nG, AP[1],
 *          AF, DBM and AP[2] (its accessed and dirty state), so that
 *          setting V again restores the leaf.  Only the execute-never bit
 *          is set, so that an execute right given back later goes through
 *          the instruction-cache sync of pmap_protect().  The address is
 *          not inverted: L1TF is an x86 matter.
 */
#ifndef _MACHINE_PTE_H_
#define _MACHINE_PTE_H_

#define PTE_V			0x001	/* valid */
#define PTE_TYPE_MASK		0x003	/* bits 1:0, the descriptor's kind */
#define PTE_TYPE_BLOCK		0x001	/* L1/L2 block */
#define PTE_TYPE_TABLE		0x003	/* L0-L2: next-level table */
#define PTE_TYPE_PAGE		0x003	/* L3: 4 KiB page */
#define PTE_ATTRIDX(i)		((i) << 2)	/* MAIR_EL1 attribute index */
#define PTE_ATTRIDX_MASK	PTE_ATTRIDX(7)
#define PTE_NS			0x020	/* non-secure */
#define PTE_AP_USER		0x040	/* AP[1]: EL0 access */
#define PTE_AP_RO		0x080	/* AP[2]: read-only */
#define PTE_SH_INNER		0x300	/* inner shareable */
#define PTE_SH_MASK		0x300
#define PTE_AF			0x400	/* access flag */
#define PTE_NG			0x800	/* not global */
#define PTE_SWAP		0x002	/* V = 0: a swap leaf */
#define PTE_SWP_PMD		0x004	/* V = 0: an L2 swap leaf */

#ifndef __ASSEMBLY__
#include "kernel/types.h"

typedef uint64_t pt_entry_t;

#define PTE_DBM		(1ULL << 51)	/* software: may be written */
#define PTE_CONT	(1ULL << 52)	/* contiguous hint */
#define PTE_PXN		(1ULL << 53)	/* no execution at EL1 */
#define PTE_UXN		(1ULL << 54)	/* no execution at EL0 */
#define PTE_PROTNONE	(1ULL << 58)	/* software, V = 0: a PROT_NONE leaf */
#define PTE_FRAME	0x0000fffffffff000ULL	/* a 4 KiB frame (or table) */
#define PTE_BLOCK_FRAME	0x0000ffffffe00000ULL	/* a 2 MiB frame */

/* Swap leaves, drawn above. */
#define PTE_SWP_OFFSET_SHIFT	12
#define PTE_SWP_TYPE_SHIFT	52
#define PTE_SWP_OFFSET_MASK	((1ULL << 40) - 1)
#define PTE_SWP_TYPE_MASK	((1ULL << 5) - 1)
#endif /* !__ASSEMBLY__ */

/* Levels of the walk, in the Arm ARM's numbering, and the tables' geometry. */
#define PT_LEVELS	4		/* L0 ... L3 */
#define PT_LEVEL_TOP	0		/* L0, the table TTBRn points to */
#define PT_LEVEL_PMD	2		/* L2: 2 MiB blocks */
#define PT_LEVEL_PTE	3		/* L3: 4 KiB pages */
#define NPTEPG		512		/* entries per table page */
#define NPTEPG_SHIFT	9

#endif /* !_MACHINE_PTE_H_ */
