/*
 * procfs.h: /proc, the kernel's counters and processes as files
 * (kernel/procfs.c; docs/files.md, "/proc").
 *
 *   /proc/vmstat          VM counters, "name value" lines (vm/vm_stats.h)
 *   /proc/meminfo         memory in kB, Linux's "MemTotal:  ... kB" lines
 *   /proc/uptime          seconds since boot, and idle seconds (not kept: 0)
 *   /proc/self            the directory of the calling process
 *   /proc/<pid>/maps      its regions, Linux's format (vm_map_entry_format)
 *   /proc/<pid>/stat      one line of 52 fields, Linux's format
 *   /proc/<pid>/status    "Name:\tsh" lines, Linux's format
 *   /proc/<pid>/smaps     each maps line, then what its pages are, in kB
 *   /proc/<pid>/smaps_rollup  the same added up over every region
 *   /proc/<pid>/pagemap   binary: 8 bytes per page of the user range
 *   /proc/<pid>/pmd       Pagoda's own: what maps each 2 MiB of each region
 *
 * The formats are Linux's (proc(5), Documentation/admin-guide/mm/
 * pagemap.rst), so that the same programs read them on both systems,
 * except pmd, which Linux does not have.
 *
 * kernel/file.c owns paths and descriptors; for a path under "/proc" it
 * asks procfs_lookup() what it names, makes the struct file with the
 * procfs_ops() of that node, and calls procfs_open() to fill it.  A file's
 * text is made once, at open, into a kmalloc'ed buffer that f_node.data
 * points to (f_node.size bytes): reads see one snapshot, from any offset,
 * however the system changes meanwhile, and procfs_close() frees it.
 * pagemap is the exception: far too big to make whole (2^47 / 4096 * 8
 * bytes on amd64), it is made at each read, for the pages read only.
 */
#ifndef _KERNEL_PROCFS_H_
#define _KERNEL_PROCFS_H_

#include "kernel/initramfs.h"
#include "kernel/types.h"

struct file;
struct file_ops;
struct vm_map;

/*
 * Inode numbers: bit 61 set, above it nothing (cpio's are 32 bits, the
 * initramfs's implicit directories have bit 63, file.c's own nodes bit
 * 62); then the pid (0 for the top level) and the kind of node:
 *
 *   63  61 60                    8 7      0
 *   | 001 |          pid          |  kind  |
 */
#define PROCFS_INO_BIT		61
#define PROCFS_INO(pid, kind)						\
	((1ULL << PROCFS_INO_BIT) | ((uint64_t)(pid) << 8) | (kind))

/* procfs_path: does the resolved path lie in /proc ("/proc", "/proc/...")? */
bool	procfs_path(const char *path);

/*
 * procfs_lookup: what the resolved path (procfs_path() true) names: 0 and
 * *out (name, mode, ino; size 0 and no data, as Linux's stat says), or
 * -ENOENT (no such file, or no such live or zombie process), -ENOTDIR.
 * "/proc/self" is the caller's own directory, "/proc/<its pid>", under
 * another name.
 */
int	procfs_lookup(const char *path, struct initramfs_node *out);

/* procfs_owns: is node one of /proc's (by its ino)? */
bool	procfs_owns(const struct initramfs_node *node);

/* procfs_ops: the file_ops for a node of /proc: a file's or a directory's. */
const struct file_ops *procfs_ops(const struct initramfs_node *node);

/*
 * procfs_open: fill fp, just made for a node of /proc, with its text (a
 * file) or its list of processes (/proc itself).  0; -ENOENT if the
 * process is gone since the lookup; -ENOMEM.  No lock is held while
 * memory is allocated.
 */
int	procfs_open(struct file *fp);

/* procfs_close: the last reference to fp is going: free what open made. */
void	procfs_close(struct file *fp);

/*
 * The texts, for the tests: each writes into buf (size bytes, with the
 * final NUL) and returns the length, or -ENOSPC if a line did not fit
 * (buf then holds the lines before it), -ENOMEM.  The map variants read a
 * map that the caller owns (it is not any process's), with or without a
 * pmap; /proc makes the same text from a process's map.
 */
int	procfs_vmstat(char *buf, size_t size);
int	procfs_meminfo(char *buf, size_t size);
int	procfs_map_maps(struct vm_map *map, char *buf, size_t size);
int	procfs_map_pmd(struct vm_map *map, char *buf, size_t size);
int	procfs_map_smaps(struct vm_map *map, char *buf, size_t size);
int	procfs_map_smaps_rollup(struct vm_map *map, char *buf, size_t size);

/*
 * A pagemap entry: 64 bits, little-endian (as both machines are), for the
 * page at va, at offset va / PAGE_SIZE * 8 of the file.  Linux's layout:
 *
 *    63 62 61 60  57 56 55 54                                          0
 *   +--+--+--+------+--+--+---------------------------------------------+
 *   |P |S |F |  0   |E |SD|          present (P): the PFN              |
 *   +--+--+--+------+--+--+----------------------------------------+----+
 *                          |   swapped (S): the slot's offset       |type|
 *                          +----------------------------------------+----+
 *                           54                                     5 4   0
 *
 * P: present, or PROT_NONE (it keeps its page, as on Linux).  S: a swap
 * leaf.  F (Linux: a file page or shared anonymous memory): a present
 * page of a MAP_SHARED region.  E: present, and no other leaf anywhere
 * maps the page (pmap_page_mappings() is 1).  SD (soft-dirty): never.
 * A 2 MiB leaf is 512 entries: PFN, PFN + 1, ...; a 2 MiB swap leaf 512
 * entries of the same type with offsets offset, offset + 1, ...  Nothing
 * mapped: 0.
 */
#define PAGEMAP_ENTRY_SIZE	8
#define PAGEMAP_PRESENT		(1ULL << 63)
#define PAGEMAP_SWAPPED		(1ULL << 62)
#define PAGEMAP_FILE		(1ULL << 61)
#define PAGEMAP_EXCLUSIVE	(1ULL << 56)
#define PAGEMAP_SOFT_DIRTY	(1ULL << 55)
#define PAGEMAP_PFN_MASK	((1ULL << 55) - 1)
#define PAGEMAP_SWAP_TYPE_BITS	5
#define PAGEMAP_SWAP_TYPE_MASK	((1ULL << PAGEMAP_SWAP_TYPE_BITS) - 1)
#define PAGEMAP_SWAP_TYPE(e)	((unsigned)((e) & PAGEMAP_SWAP_TYPE_MASK))
#define PAGEMAP_SWAP_OFFSET(e)	(((e) & PAGEMAP_PFN_MASK) >>		\
				    PAGEMAP_SWAP_TYPE_BITS)
/* The size of a pagemap file: an entry for every page of the user range. */
#define PAGEMAP_FILE_SIZE						\
	(VM_MAX_USER_ADDRESS / PAGE_SIZE * PAGEMAP_ENTRY_SIZE)

/*
 * procfs_map_pagemap: what a pagemap file of map holds at offset off, up
 * to len bytes, into buf (a kernel buffer): the bytes, as read() of the
 * file gives them: 0 at or past PAGEMAP_FILE_SIZE; -EINVAL if off or len
 * is not a multiple of 8 (as Linux).
 */
ssize_t	procfs_map_pagemap(struct vm_map *map, uint64_t off, void *buf,
	    size_t len);

/*
 * What a map uses, in pages, as /proc/<pid>/stat and status report it for
 * a process.  Resident pages are those present leaves map, 512 for a
 * 2 MiB leaf, PROT_NONE leaves included (they keep their page); a page
 * shared with a fork counts in both.
 */
struct procfs_usage {
	size_t	size;		/* in regions, guards left out (VmSize) */
	size_t	resident;	/* mapped by present leaves (VmRSS) */
	size_t	swapped;	/* named by swap leaves (VmSwap) */
};

/* procfs_map_usage: fill *usage for map (as above): 0 or -ENOMEM. */
int	procfs_map_usage(struct vm_map *map, struct procfs_usage *usage);

#endif /* !_KERNEL_PROCFS_H_ */
