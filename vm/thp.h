/*
 * thp.h: transparent huge pages: the policy (vm/thp.c), Linux's three
 * modes, set at boot (transparent_hugepage= on the command line) and at
 * run time (/sys/kernel/mm/transparent_hugepage/enabled).
 *
 *   always    every private anonymous region may get 2 MiB pages where
 *             2 MiB aligned, except those madvise(MADV_NOHUGEPAGE)'d
 *   madvise   only regions madvise(MADV_HUGEPAGE)'d (the default here:
 *             see docs/hugepages.md)
 *   never     none
 */
#ifndef _VM_THP_H_
#define _VM_THP_H_

#include "kernel/types.h"

struct vm_map_entry;

enum thp_mode {
	THP_ALWAYS,
	THP_MADVISE,
	THP_NEVER,
};

/* thp_mode: the mode now. */
enum thp_mode thp_mode_get(void);

/* thp_mode_set: change the mode (the sysfs file, the command line). */
void	thp_mode_set(enum thp_mode mode);

/*
 * thp_mode_parse: "always", "madvise" or "never" (a trailing newline
 * allowed, as echo writes it) into *mode: false if it is none of them.
 */
bool	thp_mode_parse(const char *s, size_t len, enum thp_mode *mode);

/*
 * thp_mode_format: the sysfs file's text, Linux's: the three modes with
 * the one in force in brackets ("always [madvise] never\n").  Its length.
 */
int	thp_mode_format(char *buf, size_t size);

/*
 * thp_entry_allowed: may a fault in entry map a 2 MiB page, as far as
 * the policy and the region's kind go?  (The fault also checks that the
 * 2 MiB around the address lie inside the region.)  Private anonymous
 * regions only; never a stack, a guard or a shared region.
 */
bool	thp_entry_allowed(const struct vm_map_entry *entry);

#endif /* !_VM_THP_H_ */
