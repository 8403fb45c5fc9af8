/*
 * fdt.c: in-kernel tests of the device-tree reader (kernel/fdt.c), as the
 * kernel itself is built (freestanding; strict alignment on arm64).
 *
 * The host tests (tests/host/test_fdt.c) cover it in depth: QEMU's own
 * DTBs, corrupt trees, fuzzing.  Here a tiny tree is written into a static
 * buffer, 4 bytes past an 8-byte boundary (a blob need only be 4-byte
 * aligned), and read back:
 *
 *	/ {
 *		#address-cells = <2>; #size-cells = <1>;
 *		chosen { bootargs = "test"; };
 *		memory@140000000 { reg = <0x1 0x40000000 0x1000000>; };
 *	};
 */
#include "kernel/errno.h"
#include "kernel/fdt.h"
#include "kernel/ktest.h"

/* Header 40 bytes, empty reservation map 16, names 40: the structure. */
#define FDT_KT_STRUCT	96

/* The strings block, and where each name starts in it. */
static const char fdt_kt_names[] = "#address-cells\0#size-cells\0bootargs\0reg";
enum { FDT_KT_ACELLS = 0, FDT_KT_SCELLS = 15, FDT_KT_BOOTARGS = 27,
    FDT_KT_REG = 36 };

static uint64_t fdt_kt_space[48];
static uint8_t *const fdt_kt_blob = (uint8_t *)fdt_kt_space + 4;
static size_t fdt_kt_len;	/* bytes of fdt_kt_blob written */

static void
fdt_kt_put(uint32_t v)
{
	uint8_t *p = fdt_kt_blob + fdt_kt_len;

	KASSERT(fdt_kt_len + 4 <= sizeof(fdt_kt_space) - 4,
	    ("fdt_kt_put: the test blob is full"));
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	fdt_kt_len += 4;
}

/* Bytes, then zeroes up to a multiple of 4. */
static void
fdt_kt_bytes(const void *p, size_t len)
{
	KASSERT(fdt_kt_len + len + 3 <= sizeof(fdt_kt_space) - 4,
	    ("fdt_kt_bytes: the test blob is full"));
	memcpy(fdt_kt_blob + fdt_kt_len, p, len);
	fdt_kt_len += len;
	while (fdt_kt_len % 4 != 0)
		fdt_kt_blob[fdt_kt_len++] = 0;
}

/* FDT_PROP with n cells. */
static void
fdt_kt_cells(uint32_t nameoff, int n, const uint32_t *cells)
{
	fdt_kt_put(3);
	fdt_kt_put(n * 4);
	fdt_kt_put(nameoff);
	for (int i = 0; i < n; i++)
		fdt_kt_put(cells[i]);
}

/* The tree in the comment above; its total size. */
static size_t
fdt_kt_build(void)
{
	static const uint32_t two = 2, one = 1;
	static const uint32_t reg[] = { 0x1, 0x40000000, 0x1000000 };

	memset(fdt_kt_space, 0, sizeof(fdt_kt_space));
	fdt_kt_len = FDT_KT_STRUCT - sizeof(fdt_kt_names);
	fdt_kt_bytes(fdt_kt_names, sizeof(fdt_kt_names));
	fdt_kt_put(1);				/* FDT_BEGIN_NODE "" */
	fdt_kt_put(0);
	fdt_kt_cells(FDT_KT_ACELLS, 1, &two);
	fdt_kt_cells(FDT_KT_SCELLS, 1, &one);
	fdt_kt_put(1);
	fdt_kt_bytes("chosen", 7);
	fdt_kt_put(3);				/* FDT_PROP bootargs */
	fdt_kt_put(5);
	fdt_kt_put(FDT_KT_BOOTARGS);
	fdt_kt_bytes("test", 5);
	fdt_kt_put(2);				/* FDT_END_NODE */
	fdt_kt_put(1);
	fdt_kt_bytes("memory@140000000", 17);
	fdt_kt_cells(FDT_KT_REG, 3, reg);
	fdt_kt_put(2);
	fdt_kt_put(2);
	fdt_kt_put(9);				/* FDT_END */
	return fdt_kt_len;
}

/* Fill in the header of a blob of total bytes. */
static void
fdt_kt_header(size_t total)
{
	size_t saved = fdt_kt_len;
	const uint32_t header[] = { 0xd00dfeed, total, FDT_KT_STRUCT,
	    FDT_KT_STRUCT - sizeof(fdt_kt_names), 40, 17, 16, 0,
	    sizeof(fdt_kt_names), total - FDT_KT_STRUCT };

	fdt_kt_len = 0;
	for (size_t i = 0; i < nitems(header); i++)
		fdt_kt_put(header[i]);
	fdt_kt_len = saved;
}

KTEST(fdt_read)
{
	uint64_t addr, size;
	size_t total, checked;
	int root, chosen, memory;

	total = fdt_kt_build();
	fdt_kt_header(total);
	KT_EQ(fdt_check(fdt_kt_blob, &checked), 0);
	KT_EQ(checked, total);
	root = fdt_root(fdt_kt_blob);
	KT_EQ(root, 0);
	chosen = fdt_find_node(fdt_kt_blob, "/chosen");
	KT_ASSERT(chosen > root);
	KT_EQ(fdt_parent(fdt_kt_blob, chosen), root);
	KT_ASSERT(strcmp(fdt_getprop_str(fdt_kt_blob, chosen, "bootargs"),
	    "test") == 0);
	memory = fdt_find_node(fdt_kt_blob, "/memory");
	KT_EQ(memory, fdt_next_node(fdt_kt_blob, chosen));
	KT_ASSERT(strcmp(fdt_node_name(fdt_kt_blob, memory),
	    "memory@140000000") == 0);
	KT_EQ(fdt_reg(fdt_kt_blob, memory, 0, &addr, &size), 0);
	KT_EQ(addr, 0x140000000);
	KT_EQ(size, 0x1000000);
	KT_EQ(fdt_reg(fdt_kt_blob, memory, 1, &addr, &size), -1);
	KT_EQ(fdt_next_node(fdt_kt_blob, memory), -1);
}

KTEST(fdt_corrupt)
{
	size_t total;

	total = fdt_kt_build();
	fdt_kt_header(total - 4);		/* FDT_END cut off */
	KT_EQ(fdt_check(fdt_kt_blob, NULL), -EINVAL);
	fdt_kt_header(total);
	fdt_kt_blob[0] ^= 1;			/* the magic */
	KT_EQ(fdt_check(fdt_kt_blob, NULL), -EINVAL);
	KT_EQ(fdt_find_node(fdt_kt_blob, "/chosen"), -1);
	fdt_kt_blob[0] ^= 1;
	fdt_kt_blob[total - 1] = 8;		/* FDT_END is now 8 */
	KT_EQ(fdt_check(fdt_kt_blob, NULL), -EINVAL);
}
