/*
 * sys_mman.h: the memory system calls (brk, mmap, munmap, mprotect,
 * madvise), see sys_mman.c.
 *
 * Each call has an internal function that works on any struct vm_map, so
 * that the in-kernel tests can run it on a map of their own; the system
 * call handler is that function applied to curproc->p_map.  The values
 * below are Linux's (include/uapi/asm-generic/mman-common.h and mman.h),
 * the same on x86_64 and arm64, as user/lib/include/sys/mman.h has them.
 */
#ifndef _KERNEL_SYS_MMAN_H_
#define _KERNEL_SYS_MMAN_H_

#include "vm/vm.h"

struct vm_map;

/* mmap() and mprotect() rights. */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_SEM		0x8		/* accepted, means nothing */
#define PROT_GROWSDOWN		0x01000000	/* -EINVAL: nothing grows */
#define PROT_GROWSUP		0x02000000

/* mmap() flags. */
#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03	/* taken as MAP_SHARED */
#define MAP_TYPE		0x0f	/* the bits of the type */
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x0100
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_FIXED_NOREPLACE	0x100000

/* madvise() advice. */
#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_COLD		20
#define MADV_PAGEOUT		21

/*
 * vm_brk: brk(addr) on map: move the break to addr and return the new
 * break, or return the current one if addr is below map->brk_base, would
 * run into another region, or memory is short (Linux's brk() never
 * returns an errno: the C library compares the result).
 */
vm_offset_t vm_brk(struct vm_map *map, vm_offset_t addr);

/*
 * mmap_source_check: what mmap() refuses about its fd and offset before it
 * looks at the map: an offset that is not page aligned (-EINVAL); a file
 * mapping (no MAP_ANONYMOUS), which Pagoda cannot make yet: -EBADF for a
 * negative fd, -ENODEV for any other (as Linux for a file without mmap).
 */
int	mmap_source_check(int flags, int fd, int64_t offset);

/*
 * vm_mmap: an anonymous mapping of len bytes (rounded up to pages) with
 * rights prot (PROT_*) and flags (MAP_*); the address goes in *addrp.
 * 0, or -EINVAL (len 0, not exactly one of private and shared, MAP_FIXED
 * at an unaligned address), -EPERM (MAP_FIXED below the map), -ENOMEM (no
 * room, too long, out of memory), -EEXIST (MAP_FIXED_NOREPLACE over a
 * mapping).  A shared mapping has all its pages at once (sys_mman.c).
 */
int	vm_mmap(struct vm_map *map, vm_offset_t addr, size_t len, int prot,
	    int flags, vm_offset_t *addrp);

/*
 * vm_munmap: munmap(addr, len): 0; -EINVAL if addr is unaligned, len is 0
 * or the range leaves user space; -ENOMEM if an entry cannot be cut.
 */
int	vm_munmap(struct vm_map *map, vm_offset_t addr, size_t len);

/*
 * vm_mprotect: mprotect(addr, len, prot): 0 (also for len 0); -EINVAL
 * (unaligned, unknown prot bits), -ENOMEM (part of the range is not
 * mapped), -EACCES (prot beyond a region's max_prot).
 */
int	vm_mprotect(struct vm_map *map, vm_offset_t addr, size_t len,
	    int prot);

/*
 * vm_madvise: madvise(addr, len, advice): 0; -EINVAL (unknown advice,
 * unaligned addr, MADV_FREE on shared memory), -ENOMEM (part of the range
 * is not mapped: the advice is still applied to the rest, as Linux does).
 */
int	vm_madvise(struct vm_map *map, vm_offset_t addr, size_t len,
	    int advice);

#endif /* !_KERNEL_SYS_MMAN_H_ */
