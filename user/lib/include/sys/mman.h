/*
 * sys/mman.h: memory mappings (lib/mman.c), Linux's flag values (the
 * same on amd64 and arm64).
 */
#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/types.h>

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_FIXED		0x10	/* exactly at addr, replacing */
#define MAP_ANONYMOUS		0x20	/* zero-filled, no file */
#define MAP_ANON		MAP_ANONYMOUS
#define MAP_GROWSDOWN		0x0100
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000	/* fault everything in now */
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_FIXED_NOREPLACE	0x100000 /* exactly at addr, or EEXIST */

#define MAP_FAILED	((void *)-1)

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4	/* drop the pages; anonymous ones read as 0 */
#define MADV_FREE	8
#define MADV_HUGEPAGE	14	/* back with 2 MiB pages where possible */
#define MADV_NOHUGEPAGE	15
#define MADV_COLD	20
#define MADV_PAGEOUT	21	/* reclaim now: to swap, for anonymous */

/* mmap returns MAP_FAILED, not NULL, on failure. */
void	*mmap(void *addr, size_t len, int prot, int flags, int fd,
	    off_t offset);
int	munmap(void *addr, size_t len);
int	mprotect(void *addr, size_t len, int prot);
int	madvise(void *addr, size_t len, int advice);

#endif /* !_SYS_MMAN_H_ */
