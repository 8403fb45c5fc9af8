/*
 * fdt.h: reading a flattened device tree (the DTB the boot loader or QEMU
 * hands the kernel on arm64), machine-independent and read-only.
 *
 * A node is named by its offset in the structure block (an int >= 0);
 * functions that look for a node return -1 when there is none.  All
 * numbers in a DTB are big-endian; these functions return them in host
 * order.
 */
#ifndef _KERNEL_FDT_H_
#define _KERNEL_FDT_H_

#include "kernel/types.h"

/*
 * fdt_check: is blob a device tree we can read (magic, version >= 16, the
 * blocks inside totalsize)?  0 and its total size in *size, or -EINVAL.
 */
int	fdt_check(const void *blob, size_t *size);

/* The root node ("/"). */
int	fdt_root(const void *blob);

/*
 * fdt_next_node: the node after node in document order (depth first), or
 * -1 at the end; fdt_next_node(blob, -1) is the root.
 */
int	fdt_next_node(const void *blob, int node);

/* A node's name, with its unit address: "pl011@9000000". */
const char *fdt_node_name(const void *blob, int node);

/*
 * fdt_find_node: the node at path, e.g. "/chosen" or "/memory"; a path
 * component without "@unit" matches a name with any unit address.
 */
int	fdt_find_node(const void *blob, const char *path);

/* The first node after start (-1: from the root) whose "compatible" lists
 * compat. */
int	fdt_find_compatible(const void *blob, int start, const char *compat);

/* The value of property name of node, and its length in *len; NULL if the
 * node has no such property (*len is then 0).  len may be NULL. */
const void *fdt_getprop(const void *blob, int node, const char *name,
	    int *len);

/* Property helpers: a string, one u32 cell, one u64 (two cells). */
const char *fdt_getprop_str(const void *blob, int node, const char *name);
bool	fdt_getprop_u32(const void *blob, int node, const char *name,
	    uint32_t *val);
/* One cell is also read, widened: linux,initrd-start may be either. */
bool	fdt_getprop_u64(const void *blob, int node, const char *name,
	    uint64_t *val);

/*
 * fdt_reg: the index-th (address, size) pair of node's "reg" property,
 * decoded with the #address-cells and #size-cells of its parent (defaults
 * 2 and 1).  0, or -1 if there is no such pair.
 */
int	fdt_reg(const void *blob, int node, int index, uint64_t *addr,
	    uint64_t *size);

/* A node's parent, or -1 for the root. */
int	fdt_parent(const void *blob, int node);

/*
 * fdt_mem_rsv: the index-th entry of the memory reservation map (memory
 * the kernel must not use, beside /reserved-memory).  0, or -1 if there is
 * no such entry.
 */
int	fdt_mem_rsv(const void *blob, int index, uint64_t *addr,
	    uint64_t *size);

/* Read a big-endian 32-bit or 64-bit number. */
uint32_t fdt32_to_cpu(const void *p);
uint64_t fdt64_to_cpu(const void *p);

#endif /* !_KERNEL_FDT_H_ */
