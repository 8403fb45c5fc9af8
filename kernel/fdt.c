/*
 * fdt.c: reading a flattened device tree (see fdt.h).
 *
 * The blob comes from outside the kernel (QEMU, a boot loader), so it is
 * input, not a trusted data structure: every byte this file reads has been
 * checked to lie inside the blob, and a corrupt blob makes a function
 * answer "no" (-1, NULL, -EINVAL), never read out of bounds, loop forever
 * or panic.  The layout (Devicetree Specification, chapter 5), all numbers
 * big-endian:
 *
 *	0		+---------------------+
 *			| header: 10 u32      |  magic 0xd00dfeed, ...
 *	off_mem_rsvmap	+---------------------+
 *			| memory reservations |  (u64 addr, u64 size) ...
 *			|                     |  ending with (0, 0)
 *	off_dt_struct	+---------------------+
 *			| structure block     |  tokens, below
 *	off_dt_strings	+---------------------+
 *			| strings block       |  property names
 *	totalsize	+---------------------+
 *
 * The structure block is a sequence of u32 tokens, each 4-byte aligned:
 *
 *	FDT_BEGIN_NODE (1)	name, NUL, padding to 4: a node starts
 *	FDT_END_NODE (2)	the node ends
 *	FDT_PROP (3)		u32 len, u32 nameoff, value[len], padding
 *	FDT_NOP (4)		ignored, anywhere
 *	FDT_END (9)		after the root node
 *
 * A node's properties come before its children.  A node is named by the
 * offset of its FDT_BEGIN_NODE token in the structure block.
 *
 * How the reading stays safe:
 *  - dtb_open() checks the header on every call (it is cheap): magic,
 *    version, and that both blocks lie inside totalsize.  It reads magic
 *    and totalsize first and the rest only once totalsize covers the
 *    header, so even the header is not read past totalsize.
 *  - dtb_token() is the only reader of the structure block.  It checks one
 *    token whole (a name's NUL inside its block, a property's value inside
 *    the structure block) before anyone looks at it.
 *  - Every walk moves strictly forward through the structure block (a
 *    token's successor is at least 4 bytes further), so every loop ends
 *    within struct_size / 4 steps.  Nothing recurses, so there is no limit
 *    on the depth of the tree.
 *  - Numbers are read a byte at a time: the blob may be only 4-byte
 *    aligned, and arm64 runs the kernel with strict alignment.
 *
 * fdt_check() also walks the whole structure block (one root, balanced
 * nodes, properties before children, FDT_END).  The other functions assume
 * nothing about the tree beyond the header: on a tree fdt_check() rejects
 * they stay safe, but their answers may be meaningless.
 *
 * fdt_*() is the public face, dtb_*() reads the raw format.
 */
#include "kernel/errno.h"
#include "kernel/fdt.h"
#include "kernel/systm.h"

#define FDT_MAGIC		0xd00dfeedU

/* Byte offsets of the header's fields. */
#define FDT_HDR_MAGIC		0
#define FDT_HDR_TOTALSIZE	4
#define FDT_HDR_OFF_STRUCT	8
#define FDT_HDR_OFF_STRINGS	12
#define FDT_HDR_OFF_RSVMAP	16
#define FDT_HDR_VERSION		20
#define FDT_HDR_LAST_COMP	24
#define FDT_HDR_SIZE_STRINGS	32
#define FDT_HDR_SIZE_STRUCT	36	/* version 17 and later */
#define FDT_HDR_SIZE		40

#define FDT_VERSION_MIN		16	/* the oldest layout we read */
#define FDT_VERSION_MAX		17	/* the newest layout we know */

/* Structure block tokens. */
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9

#define FDT_PROP_HDR		12	/* token, len, nameoff */
#define FDT_RSV_ENTRY		16	/* u64 address, u64 size */

/* Where the blocks of a blob whose header dtb_open() accepted are. */
struct dtb {
	const uint8_t	*base;
	uint32_t	totalsize;
	uint32_t	rsvmap_off;	/* from base */
	const uint8_t	*structs;	/* the structure block */
	uint32_t	struct_size;
	const char	*strings;	/* the strings block */
	uint32_t	strings_size;
};

/* One token of the structure block, checked whole by dtb_token(). */
struct dtb_token {
	uint32_t	tag;		/* FDT_BEGIN_NODE, ... */
	int		next;		/* offset of the next token */
	const char	*name;		/* FDT_BEGIN_NODE, FDT_PROP */
	const void	*value;		/* FDT_PROP */
	int		len;		/* FDT_PROP: value's length */
};

uint32_t
fdt32_to_cpu(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

uint64_t
fdt64_to_cpu(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)fdt32_to_cpu(b) << 32 | fdt32_to_cpu(b + 4);
}

static uint32_t
dtb_header(const uint8_t *base, int field)
{
	return fdt32_to_cpu(base + field);
}

/* Does the block [off, off + size) lie after the header and in the blob? */
static bool
dtb_block_ok(const struct dtb *dtb, uint32_t off, uint32_t size,
    uint32_t align)
{
	return off >= FDT_HDR_SIZE && off % align == 0 &&
	    (uint64_t)off + size <= dtb->totalsize;
}

/*
 * dtb_open: check blob's header and fill *dtb.  0, or -EINVAL.  Node
 * offsets are ints, so a blob may not be larger than INT32_MAX bytes.
 * Version 16 has no size_dt_struct: its structure block runs to the end.
 */
static int
dtb_open(const void *blob, struct dtb *dtb)
{
	const uint8_t *base = blob;
	uint32_t struct_off, strings_off, version;

	if (base == NULL || dtb_header(base, FDT_HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	dtb->base = base;
	dtb->totalsize = dtb_header(base, FDT_HDR_TOTALSIZE);
	if (dtb->totalsize < FDT_HDR_SIZE || dtb->totalsize > INT32_MAX)
		return -EINVAL;
	version = dtb_header(base, FDT_HDR_VERSION);
	if (version < FDT_VERSION_MIN ||
	    dtb_header(base, FDT_HDR_LAST_COMP) > FDT_VERSION_MAX)
		return -EINVAL;
	dtb->rsvmap_off = dtb_header(base, FDT_HDR_OFF_RSVMAP);
	struct_off = dtb_header(base, FDT_HDR_OFF_STRUCT);
	strings_off = dtb_header(base, FDT_HDR_OFF_STRINGS);
	dtb->strings_size = dtb_header(base, FDT_HDR_SIZE_STRINGS);
	if (version >= 17)
		dtb->struct_size = dtb_header(base, FDT_HDR_SIZE_STRUCT);
	else
		dtb->struct_size = dtb->totalsize - MIN(struct_off,
		    dtb->totalsize);
	if (!dtb_block_ok(dtb, struct_off, dtb->struct_size, 4) ||
	    !dtb_block_ok(dtb, strings_off, dtb->strings_size, 1))
		return -EINVAL;
	dtb->structs = base + struct_off;
	dtb->strings = (const char *)base + strings_off;
	return 0;
}

/* The length of the string at s, or -1 if it has no NUL within max. */
static int
dtb_strlen(const char *s, uint32_t max)
{
	size_t len = strnlen(s, max);

	return len < max ? (int)len : -1;
}

/* FDT_BEGIN_NODE at off: its name must end inside the structure block. */
static bool
dtb_token_node(const struct dtb *dtb, int off, struct dtb_token *tok)
{
	uint32_t start = (uint32_t)off + 4;
	uint64_t next;
	int len;

	tok->name = (const char *)dtb->structs + start;
	len = dtb_strlen(tok->name, dtb->struct_size - start);
	if (len < 0)
		return false;
	next = roundup2((uint64_t)start + len + 1, 4);
	if (next > dtb->struct_size)
		return false;
	tok->next = (int)next;
	return true;
}

/*
 * FDT_PROP at off: its value must lie inside the structure block and its
 * name (at nameoff in the strings block) end inside the strings block.
 */
static bool
dtb_token_prop(const struct dtb *dtb, int off, struct dtb_token *tok)
{
	uint32_t len, nameoff;
	uint64_t end;

	if ((uint64_t)off + FDT_PROP_HDR > dtb->struct_size)
		return false;
	len = fdt32_to_cpu(dtb->structs + off + 4);
	nameoff = fdt32_to_cpu(dtb->structs + off + 8);
	end = (uint64_t)off + FDT_PROP_HDR + len;
	if (roundup2(end, 4) > dtb->struct_size ||
	    nameoff >= dtb->strings_size ||
	    dtb_strlen(dtb->strings + nameoff,
	    dtb->strings_size - nameoff) < 0)
		return false;
	tok->name = dtb->strings + nameoff;
	tok->value = dtb->structs + off + FDT_PROP_HDR;
	tok->len = (int)len;
	tok->next = (int)roundup2(end, 4);
	return true;
}

/*
 * dtb_token: read and check the token at offset off of the structure
 * block.  false if off is not a place a token can be, or the token is
 * unknown or does not fit.  On success tok->next > off.
 */
static bool
dtb_token(const struct dtb *dtb, int off, struct dtb_token *tok)
{
	bool ok;

	if (off < 0 || off % 4 != 0 || (uint64_t)off + 4 > dtb->struct_size)
		return false;
	tok->tag = fdt32_to_cpu(dtb->structs + off);
	tok->next = off + 4;
	tok->name = NULL;
	tok->value = NULL;
	tok->len = 0;
	switch (tok->tag) {
	case FDT_BEGIN_NODE:
		ok = dtb_token_node(dtb, off, tok);
		break;
	case FDT_PROP:
		ok = dtb_token_prop(dtb, off, tok);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		ok = true;
		break;
	default:
		ok = false;
		break;
	}
	KASSERT(!ok || tok->next > off, ("dtb_token: no progress at %d", off));
	return ok;
}

/* Is there a node (an FDT_BEGIN_NODE) at offset node?  Its token in *tok. */
static bool
dtb_node(const struct dtb *dtb, int node, struct dtb_token *tok)
{
	return dtb_token(dtb, node, tok) && tok->tag == FDT_BEGIN_NODE;
}

/*
 * dtb_skip: the offset of the first token at or after off that is not
 * FDT_NOP (nor FDT_PROP, if props), with the token in *tok; -1 if the
 * block is corrupt before one.
 */
static int
dtb_skip(const struct dtb *dtb, int off, bool props, struct dtb_token *tok)
{
	while (dtb_token(dtb, off, tok)) {
		if (tok->tag != FDT_NOP && (!props || tok->tag != FDT_PROP))
			return off;
		off = tok->next;
	}
	return -1;
}

/* The node starting at off after any FDT_NOPs, or -1 if none starts. */
static int
dtb_node_at(const struct dtb *dtb, int off)
{
	struct dtb_token tok;

	off = dtb_skip(dtb, off, false, &tok);
	return off >= 0 && tok.tag == FDT_BEGIN_NODE ? off : -1;
}

static int
dtb_root(const struct dtb *dtb)
{
	return dtb_node_at(dtb, 0);
}

/* A node's first child, or -1. */
static int
dtb_first_child(const struct dtb *dtb, int node)
{
	struct dtb_token tok;
	int off;

	if (!dtb_node(dtb, node, &tok))
		return -1;
	off = dtb_skip(dtb, tok.next, true, &tok);
	return off >= 0 && tok.tag == FDT_BEGIN_NODE ? off : -1;
}

/*
 * dtb_node_end: the offset just after node's FDT_END_NODE (where its next
 * sibling, if any, starts), or -1 if node is not a node or never ends.
 */
static int
dtb_node_end(const struct dtb *dtb, int node)
{
	struct dtb_token tok;
	int depth = 0;

	if (!dtb_node(dtb, node, &tok))
		return -1;
	for (; dtb_token(dtb, node, &tok); node = tok.next) {
		if (tok.tag == FDT_BEGIN_NODE)
			depth++;
		else if (tok.tag == FDT_END_NODE && --depth == 0)
			return tok.next;
		else if (tok.tag == FDT_END)
			return -1;
		KASSERT(depth > 0, ("dtb_node_end: depth %d", depth));
	}
	return -1;
}

/*
 * dtb_scan_to: walk from the root to node, counting depth (the root's is
 * 1).  node's depth, or -1 if the walk does not meet node's FDT_BEGIN_NODE;
 * in *last the last node before node at depth want, or -1.
 */
static int
dtb_scan_to(const struct dtb *dtb, int node, int want, int *last)
{
	struct dtb_token tok;
	int off, depth = 0;

	*last = -1;
	for (off = dtb_root(dtb); off >= 0 && off <= node &&
	    dtb_token(dtb, off, &tok); off = tok.next) {
		if (tok.tag == FDT_END_NODE)
			depth--;
		if (tok.tag != FDT_BEGIN_NODE)
			continue;
		if (off == node)
			return depth + 1;
		if (++depth == want)
			*last = off;
	}
	return -1;
}

/* Does the path component comp[0, len) name the node called name? */
static bool
dtb_name_matches(const char *name, const char *comp, size_t len)
{
	size_t i;

	if (strncmp(name, comp, len) != 0)
		return false;
	/* strncmp() saw len equal non-NUL bytes: name[len] exists. */
	if (name[len] == '\0')
		return true;
	if (name[len] != '@')
		return false;
	for (i = 0; i < len; i++)
		if (comp[i] == '@')
			return false;
	return true;
}

/* The child of parent named by comp[0, len), or -1. */
static int
dtb_find_child(const struct dtb *dtb, int parent, const char *comp,
    size_t len)
{
	struct dtb_token tok;
	int child;

	child = dtb_first_child(dtb, parent);
	while (dtb_node(dtb, child, &tok)) {
		if (dtb_name_matches(tok.name, comp, len))
			return child;
		child = dtb_node_at(dtb, dtb_node_end(dtb, child));
	}
	return -1;
}

/*
 * dtb_struct_ok: is the structure block one tree: the root node (with
 * FDT_NOPs anywhere), then FDT_END, every node's properties before its
 * children?  A property may only follow FDT_BEGIN_NODE or another
 * property, which says the same without keeping a stack.
 */
static bool
dtb_struct_ok(const struct dtb *dtb)
{
	struct dtb_token tok;
	uint32_t prev = FDT_NOP;	/* the last tag that was not a NOP */
	int off, depth = 0;

	for (off = dtb_root(dtb); dtb_token(dtb, off, &tok); off = tok.next) {
		switch (tok.tag) {
		case FDT_BEGIN_NODE:
			depth++;
			break;
		case FDT_END_NODE:
			if (--depth == 0) {
				off = dtb_skip(dtb, tok.next, false, &tok);
				return off >= 0 && tok.tag == FDT_END;
			}
			break;
		case FDT_PROP:
			if (prev != FDT_BEGIN_NODE && prev != FDT_PROP)
				return false;
			break;
		case FDT_END:
			return false;
		}
		KASSERT(depth > 0, ("dtb_struct_ok: depth %d", depth));
		if (tok.tag != FDT_NOP)
			prev = tok.tag;
	}
	return false;
}

/*
 * dtb_rsvmap_count: the number of memory reservations before the (0, 0)
 * entry that ends the map, or -1 if the map is misplaced or never ends.
 */
static int
dtb_rsvmap_count(const struct dtb *dtb)
{
	uint64_t off = dtb->rsvmap_off;
	const uint8_t *entry;
	int n;

	if (off < FDT_HDR_SIZE || off % 8 != 0)
		return -1;
	for (n = 0; off + FDT_RSV_ENTRY <= dtb->totalsize; n++) {
		entry = dtb->base + off;
		if (fdt64_to_cpu(entry) == 0 && fdt64_to_cpu(entry + 8) == 0)
			return n;
		off += FDT_RSV_ENTRY;
	}
	return -1;
}

int
fdt_check(const void *blob, size_t *size)
{
	struct dtb dtb;

	if (dtb_open(blob, &dtb) != 0 || dtb_rsvmap_count(&dtb) < 0 ||
	    !dtb_struct_ok(&dtb))
		return -EINVAL;
	if (size != NULL)
		*size = dtb.totalsize;
	return 0;
}

int
fdt_mem_rsv(const void *blob, int index, uint64_t *addr, uint64_t *size)
{
	struct dtb dtb;
	const uint8_t *entry;

	if (dtb_open(blob, &dtb) != 0 || index < 0 ||
	    index >= dtb_rsvmap_count(&dtb))
		return -1;
	entry = dtb.base + dtb.rsvmap_off + (size_t)index * FDT_RSV_ENTRY;
	if (addr != NULL)
		*addr = fdt64_to_cpu(entry);
	if (size != NULL)
		*size = fdt64_to_cpu(entry + 8);
	return 0;
}

int
fdt_root(const void *blob)
{
	struct dtb dtb;

	if (dtb_open(blob, &dtb) != 0)
		return -1;
	return dtb_root(&dtb);
}

/*
 * In document order the node after node is the first FDT_BEGIN_NODE after
 * its own: its first child, else its next sibling, else the next sibling
 * of the nearest ancestor that has one.
 */
int
fdt_next_node(const void *blob, int node)
{
	struct dtb dtb;
	struct dtb_token tok;
	int off;

	if (dtb_open(blob, &dtb) != 0)
		return -1;
	if (node == -1)
		return dtb_root(&dtb);
	if (!dtb_node(&dtb, node, &tok))
		return -1;
	for (off = tok.next; dtb_token(&dtb, off, &tok); off = tok.next) {
		if (tok.tag == FDT_BEGIN_NODE)
			return off;
		if (tok.tag == FDT_END)
			break;
	}
	return -1;
}

const char *
fdt_node_name(const void *blob, int node)
{
	struct dtb dtb;
	struct dtb_token tok;

	if (dtb_open(blob, &dtb) != 0 || !dtb_node(&dtb, node, &tok))
		return NULL;
	return tok.name;
}

/* Empty components ("//", a trailing "/") are skipped: "/" is the root. */
int
fdt_find_node(const void *blob, const char *path)
{
	struct dtb dtb;
	const char *slash;
	size_t len;
	int node;

	if (dtb_open(blob, &dtb) != 0 || path == NULL || path[0] != '/')
		return -1;
	node = dtb_root(&dtb);
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		slash = strchr(path, '/');
		len = slash != NULL ? (size_t)(slash - path) : strlen(path);
		node = dtb_find_child(&dtb, node, path, len);
		path += len;
	}
	return node;
}

/* Does the string list list[0, len) hold the string s? */
static bool
dtb_strlist_has(const char *list, int len, const char *s)
{
	size_t slen = strlen(s);
	int pos, n;

	for (pos = 0; pos < len; pos += n + 1) {
		n = dtb_strlen(list + pos, len - pos);
		if (n < 0)
			return false;		/* the last has no NUL */
		if ((size_t)n == slen && memcmp(list + pos, s, slen) == 0)
			return true;
	}
	return false;
}

int
fdt_find_compatible(const void *blob, int start, const char *compat)
{
	const char *list;
	int node, next, len;

	for (node = fdt_next_node(blob, start); node >= 0; node = next) {
		list = fdt_getprop(blob, node, "compatible", &len);
		if (list != NULL && dtb_strlist_has(list, len, compat))
			return node;
		next = fdt_next_node(blob, node);
		KASSERT(next < 0 || next > node,
		    ("fdt_find_compatible: %d after %d", next, node));
	}
	return -1;
}

/* On failure *len is 0, so a careless loop over the value does nothing. */
const void *
fdt_getprop(const void *blob, int node, const char *name, int *len)
{
	struct dtb dtb;
	struct dtb_token tok;
	int off;

	if (len != NULL)
		*len = 0;
	if (dtb_open(blob, &dtb) != 0 || !dtb_node(&dtb, node, &tok))
		return NULL;
	for (off = tok.next; dtb_token(&dtb, off, &tok); off = tok.next) {
		if (tok.tag != FDT_PROP && tok.tag != FDT_NOP)
			break;		/* a child or the node's end */
		if (tok.tag == FDT_PROP && strcmp(tok.name, name) == 0) {
			if (len != NULL)
				*len = tok.len;
			return tok.value;
		}
	}
	return NULL;
}

/* A string property: NUL-terminated within its length; of a string list,
 * the first string. */
const char *
fdt_getprop_str(const void *blob, int node, const char *name)
{
	const char *value;
	int len;

	value = fdt_getprop(blob, node, name, &len);
	if (value == NULL || dtb_strlen(value, len) < 0)
		return NULL;
	return value;
}

/* Exactly one cell; *val is left alone on failure. */
bool
fdt_getprop_u32(const void *blob, int node, const char *name,
    uint32_t *val)
{
	const void *value;
	int len;

	value = fdt_getprop(blob, node, name, &len);
	if (value == NULL || len != 4)
		return false;
	*val = fdt32_to_cpu(value);
	return true;
}

bool
fdt_getprop_u64(const void *blob, int node, const char *name,
    uint64_t *val)
{
	const void *value;
	int len;

	value = fdt_getprop(blob, node, name, &len);
	if (value == NULL || (len != 4 && len != 8))
		return false;
	*val = len == 8 ? fdt64_to_cpu(value) : fdt32_to_cpu(value);
	return true;
}

/* A number of ncells (0 to 2) cells. */
static uint64_t
dtb_cells(const uint8_t *p, uint32_t ncells)
{
	KASSERT(ncells <= 2, ("dtb_cells: %u cells", ncells));
	if (ncells == 0)
		return 0;
	return ncells == 1 ? fdt32_to_cpu(p) : fdt64_to_cpu(p);
}

/*
 * A #address-cells or #size-cells of node: dflt if absent, UINT32_MAX
 * (which no caller accepts) if present but not one cell.
 */
static uint32_t
dtb_ncells(const void *blob, int node, const char *name, uint32_t dflt)
{
	uint32_t val = dflt;

	if (fdt_getprop(blob, node, name, NULL) != NULL &&
	    !fdt_getprop_u32(blob, node, name, &val))
		return UINT32_MAX;
	return val;
}

/*
 * reg is a list of (address, size) pairs of #address-cells and #size-cells
 * cells each.  Only what fits in 64 bits is read: 1 or 2 address cells
 * (not PCI's 3), 0 to 2 size cells (0 in /cpus: the size is then 0).  The
 * root has no parent; its reg, if any, uses the defaults.
 */
int
fdt_reg(const void *blob, int node, int index, uint64_t *addr,
    uint64_t *size)
{
	const uint8_t *reg;
	uint32_t acells = 2, scells = 1, pair;
	int parent, len;

	parent = fdt_parent(blob, node);
	if (parent >= 0) {
		acells = dtb_ncells(blob, parent, "#address-cells", 2);
		scells = dtb_ncells(blob, parent, "#size-cells", 1);
	}
	if (acells < 1 || acells > 2 || scells > 2 || index < 0)
		return -1;
	pair = (acells + scells) * 4;
	reg = fdt_getprop(blob, node, "reg", &len);
	if (reg == NULL || (uint32_t)index >= (uint32_t)len / pair)
		return -1;
	reg += (size_t)index * pair;
	if (addr != NULL)
		*addr = dtb_cells(reg, acells);
	if (size != NULL)
		*size = dtb_cells(reg + acells * 4, scells);
	return 0;
}

/*
 * Without parent links the parent is found by walking from the root: a
 * first walk gives node's depth d, a second the last node at depth d - 1
 * before it, which (between a node and its child no sibling of the node
 * can start) is its parent.  Two linear walks, whatever the tree's depth.
 */
int
fdt_parent(const void *blob, int node)
{
	struct dtb dtb;
	int depth, parent;

	if (node < 0 || dtb_open(blob, &dtb) != 0)
		return -1;
	depth = dtb_scan_to(&dtb, node, 0, &parent);
	if (depth <= 1)
		return -1;		/* the root, or not a node */
	(void)dtb_scan_to(&dtb, node, depth - 1, &parent);
	return parent;
}
