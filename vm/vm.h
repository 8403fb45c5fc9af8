/*
 * vm.h: the basic types of the virtual-memory system.
 */
#ifndef _VM_VM_H_
#define _VM_VM_H_

#include "kernel/types.h"
#include "machine/vmparam.h"

/* Access rights of a mapping; also the kind of access that faulted. */
typedef uint8_t vm_prot_t;
#define VM_PROT_NONE	0x00
#define VM_PROT_READ	0x01
#define VM_PROT_WRITE	0x02
#define VM_PROT_EXECUTE	0x04
#define VM_PROT_RW	(VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL	(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

/*
 * A swap entry names one slot of one swap area: the area's index ("type",
 * as in Linux) and the slot's offset in pages.  It is machine-independent;
 * pmap encodes it into a non-present page-table leaf in its own way.
 *
 *    63        58 57                                                0
 *   +------------+---------------------------------------------------+
 *   |   type     |                    offset                         |
 *   +------------+---------------------------------------------------+
 */
typedef struct {
	uint64_t	val;
} swp_entry_t;

#define SWP_TYPE_BITS	5
#define SWP_OFFSET_BITS	40	/* what every pmap can store: 4 PiB of swap */
#define SWP_TYPE_SHIFT	58
#define SWP_OFFSET_MASK	((1ULL << SWP_OFFSET_BITS) - 1)

static inline swp_entry_t
swp_entry(unsigned type, uint64_t offset)
{
	swp_entry_t e = { ((uint64_t)type << SWP_TYPE_SHIFT) |
	    (offset & SWP_OFFSET_MASK) };
	return e;
}

static inline unsigned
swp_type(swp_entry_t e)
{
	return (unsigned)(e.val >> SWP_TYPE_SHIFT);
}

static inline uint64_t
swp_offset(swp_entry_t e)
{
	return e.val & SWP_OFFSET_MASK;
}

#endif /* !_VM_VM_H_ */
