/*
 * test_fdt.c: host tests of the device-tree reader (kernel/fdt.c).
 *
 * Three kinds of blob:
 *  - real ones, dumped by QEMU's arm64 "virt" machine when the Makefile
 *    builds the tests (FDT_DTB_DIR: virt.dtb, and virt-args.dtb with
 *    -append and -initrd, which QEMU only accepts beside a -kernel);
 *  - small synthetic ones, from the tiny writer below (dtw_*), which the
 *    tests shape to reach one case at a time;
 *  - corrupt ones: a valid synthetic tree with a field patched, cut short
 *    at every length, or with bytes flipped.  For these, what matters is
 *    that every function terminates without reading outside the blob
 *    (AddressSanitizer watches: each corrupt blob sits in a heap block of
 *    exactly its claimed size) and that what it returns points inside it;
 *    exercise() calls everything and checks that.
 *
 * The writer and the reference walker (ref_walk) are the test's own,
 * written from the specification, so they do not share mistakes with
 * kernel/fdt.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host_test.h"
#include "kernel/errno.h"
#include "kernel/fdt.h"

#ifndef FDT_DTB_DIR
#define FDT_DTB_DIR	"../../build/host/fdt"
#endif

/* The specification's numbers, the test's own copy. */
#define MAGIC		0xd00dfeedU
#define TOK_BEGIN_NODE	1
#define TOK_END_NODE	2
#define TOK_PROP	3
#define TOK_NOP		4
#define TOK_END		9

/* Header fields: byte offsets. */
#define H_MAGIC		0
#define H_TOTALSIZE	4
#define H_OFF_STRUCT	8
#define H_OFF_STRINGS	12
#define H_OFF_RSVMAP	16
#define H_VERSION	20
#define H_LAST_COMP	24
#define H_BOOT_CPUID	28
#define H_SIZE_STRINGS	32
#define H_SIZE_STRUCT	36
#define H_SIZE		40

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, (uint32_t)v);
}

/* The structure block of a blob the writer made, to patch tokens in. */
static uint8_t *
struct_block(uint8_t *blob)
{
	return blob + get32(blob + H_OFF_STRUCT);
}

/* ---- the writer ------------------------------------------------------- */

#define DTW_STRUCT_MAX	(64 * 1024)
#define DTW_STRINGS_MAX	1024
#define DTW_RSV_MAX	4

#define DTW_NO_END	0x1	/* leave out the closing FDT_END */
#define DTW_STRINGS_FIRST 0x2	/* strings block before the structure */

/* A DTB being written; offsets returned are in the structure block. */
struct dtw {
	uint8_t		st[DTW_STRUCT_MAX];
	size_t		st_len;
	char		str[DTW_STRINGS_MAX];
	size_t		str_len;
	uint64_t	rsv[DTW_RSV_MAX][2];
	int		nrsv;
};

static struct dtw *
dtw_new(void)
{
	struct dtw *w = calloc(1, sizeof(*w));

	if (w == NULL)
		abort();
	return w;
}

static void
dtw_u32(struct dtw *w, uint32_t v)
{
	if (w->st_len + 4 > DTW_STRUCT_MAX)
		abort();
	put32(w->st + w->st_len, v);
	w->st_len += 4;
}

/* Bytes, then zeroes up to a multiple of 4. */
static void
dtw_data(struct dtw *w, const void *p, size_t n)
{
	if (w->st_len + n + 3 > DTW_STRUCT_MAX)
		abort();
	if (n > 0)
		memcpy(w->st + w->st_len, p, n);
	w->st_len += n;
	while (w->st_len % 4 != 0)
		w->st[w->st_len++] = 0;
}

/* The offset of s in the strings block, added if it is not there yet. */
static uint32_t
dtw_string(struct dtw *w, const char *s)
{
	size_t off, n = strlen(s) + 1;

	for (off = 0; off < w->str_len; off += strlen(w->str + off) + 1)
		if (strcmp(w->str + off, s) == 0)
			return off;
	if (w->str_len + n > DTW_STRINGS_MAX)
		abort();
	memcpy(w->str + off, s, n);
	w->str_len += n;
	return off;
}

static size_t
dtw_begin(struct dtw *w, const char *name)
{
	size_t off = w->st_len;

	dtw_u32(w, TOK_BEGIN_NODE);
	dtw_data(w, name, strlen(name) + 1);
	return off;
}

static void
dtw_end(struct dtw *w)
{
	dtw_u32(w, TOK_END_NODE);
}

static size_t
dtw_nop(struct dtw *w)
{
	dtw_u32(w, TOK_NOP);
	return w->st_len - 4;
}

static size_t
dtw_prop(struct dtw *w, const char *name, const void *val, size_t len)
{
	size_t off = w->st_len;

	dtw_u32(w, TOK_PROP);
	dtw_u32(w, len);
	dtw_u32(w, dtw_string(w, name));
	dtw_data(w, val, len);
	return off;
}

static size_t
dtw_prop_str(struct dtw *w, const char *name, const char *s)
{
	return dtw_prop(w, name, s, strlen(s) + 1);
}

/* A property of n cells, given as uint32_t arguments. */
static size_t
dtw_cells(struct dtw *w, const char *name, int n, ...)
{
	uint8_t val[16 * 4];
	va_list ap;

	if (n > 16)
		abort();
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put32(val + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	return dtw_prop(w, name, val, 4 * n);
}

static void
dtw_rsv(struct dtw *w, uint64_t addr, uint64_t size)
{
	if (w->nrsv == DTW_RSV_MAX)
		abort();
	w->rsv[w->nrsv][0] = addr;
	w->rsv[w->nrsv][1] = size;
	w->nrsv++;
}

/*
 * dtw_finish: the blob (malloc'ed, exactly its size, in *size), version 17:
 * header, memory reservations, structure block, strings block (or strings
 * before structure: DTW_STRINGS_FIRST).  Frees w.
 */
static uint8_t *
dtw_finish(struct dtw *w, int flags, size_t *size)
{
	size_t rsv_off = H_SIZE, st_off, str_off, total;
	uint8_t *blob;

	if (!(flags & DTW_NO_END))
		dtw_u32(w, TOK_END);
	if (flags & DTW_STRINGS_FIRST) {
		str_off = rsv_off + 16 * (w->nrsv + 1);
		st_off = (str_off + w->str_len + 3) & ~(size_t)3;
		total = st_off + w->st_len;
	} else {
		st_off = rsv_off + 16 * (w->nrsv + 1);
		str_off = st_off + w->st_len;
		total = str_off + w->str_len;
	}
	if ((blob = calloc(1, total)) == NULL)
		abort();
	put32(blob + H_MAGIC, MAGIC);
	put32(blob + H_TOTALSIZE, total);
	put32(blob + H_OFF_STRUCT, st_off);
	put32(blob + H_OFF_STRINGS, str_off);
	put32(blob + H_OFF_RSVMAP, rsv_off);
	put32(blob + H_VERSION, 17);
	put32(blob + H_LAST_COMP, 16);
	put32(blob + H_SIZE_STRINGS, w->str_len);
	put32(blob + H_SIZE_STRUCT, w->st_len);
	for (int i = 0; i < w->nrsv; i++) {
		put64(blob + rsv_off + 16 * i, w->rsv[i][0]);
		put64(blob + rsv_off + 16 * i + 8, w->rsv[i][1]);
	}
	memcpy(blob + st_off, w->st, w->st_len);
	memcpy(blob + str_off, w->str, w->str_len);
	*size = total;
	free(w);
	return blob;
}

/* ---- the small tree --------------------------------------------------- */

/* Offsets (in the structure block) of some tokens of the small tree. */
struct small_offs {
	size_t	root, chosen, bootargs, chosen_nop, memory, cpus, cpu1;
	size_t	soc, uart0, uart1, end;
};

/*
 * The small tree most tests use, in dts syntax:
 *
 *	/memreserve/ 0x48000000 0x100000;
 *	/ {	(an FDT_NOP before it)
 *		#address-cells = <1>; #size-cells = <1>; model = "pagoda";
 *		chosen {
 *			bootargs = "console=ttyAMA0 test=fdt_";
 *			(an FDT_NOP)
 *			linux,initrd-start = <0x48000000>;
 *			linux,initrd-end = <0x0 0x48100000>;
 *		};
 *		memory@40000000 {
 *			device_type = "memory";
 *			reg = <0x40000000 0x8000000 0x50000000 0x1000000>;
 *		};
 *		cpus {
 *			#address-cells = <1>; #size-cells = <0>;
 *			cpu@0 { compatible = "arm,cortex-a72"; reg = <0>; };
 *			cpu@1 { compatible = "arm,cortex-a72"; reg = <1>; };
 *		};
 *		soc {
 *			#address-cells = <2>; #size-cells = <2>;
 *			uart@9000000 {
 *				compatible = "vendor,uart", "arm,pl011";
 *				reg = <0x0 0x9000000 0x0 0x1000>;
 *				interrupt-controller;	(empty)
 *			};
 *			uart@9001000 {
 *				compatible = "arm,pl011";
 *				reg = <0x1 0x9001000 0x0 0x1000>;
 *			};
 *		};
 *	};
 */
static uint8_t *
small_tree(int flags, size_t *size, struct small_offs *offs)
{
	static const char compat2[] = "vendor,uart\0arm,pl011";
	struct dtw *w = dtw_new();
	struct small_offs o;

	dtw_rsv(w, 0x48000000, 0x100000);
	dtw_nop(w);
	o.root = dtw_begin(w, "");
	dtw_cells(w, "#address-cells", 1, 1);
	dtw_cells(w, "#size-cells", 1, 1);
	dtw_prop_str(w, "model", "pagoda");
	o.chosen = dtw_begin(w, "chosen");
	o.bootargs = dtw_prop_str(w, "bootargs", "console=ttyAMA0 test=fdt_");
	o.chosen_nop = dtw_nop(w);
	dtw_cells(w, "linux,initrd-start", 1, 0x48000000);
	dtw_cells(w, "linux,initrd-end", 2, 0, 0x48100000);
	dtw_end(w);
	o.memory = dtw_begin(w, "memory@40000000");
	dtw_prop_str(w, "device_type", "memory");
	dtw_cells(w, "reg", 4, 0x40000000, 0x8000000, 0x50000000, 0x1000000);
	dtw_end(w);
	o.cpus = dtw_begin(w, "cpus");
	dtw_cells(w, "#address-cells", 1, 1);
	dtw_cells(w, "#size-cells", 1, 0);
	dtw_begin(w, "cpu@0");
	dtw_prop_str(w, "compatible", "arm,cortex-a72");
	dtw_cells(w, "reg", 1, 0);
	dtw_end(w);
	o.cpu1 = dtw_begin(w, "cpu@1");
	dtw_prop_str(w, "compatible", "arm,cortex-a72");
	dtw_cells(w, "reg", 1, 1);
	dtw_end(w);
	dtw_end(w);
	o.soc = dtw_begin(w, "soc");
	dtw_cells(w, "#address-cells", 1, 2);
	dtw_cells(w, "#size-cells", 1, 2);
	o.uart0 = dtw_begin(w, "uart@9000000");
	dtw_prop(w, "compatible", compat2, sizeof(compat2));
	dtw_cells(w, "reg", 4, 0, 0x9000000, 0, 0x1000);
	dtw_prop(w, "interrupt-controller", NULL, 0);
	dtw_end(w);
	o.uart1 = dtw_begin(w, "uart@9001000");
	dtw_prop_str(w, "compatible", "arm,pl011");
	dtw_cells(w, "reg", 4, 1, 0x9001000, 0, 0x1000);
	dtw_end(w);
	dtw_end(w);
	dtw_end(w);
	o.end = w->st_len;
	if (offs != NULL)
		*offs = o;
	return dtw_finish(w, flags, size);
}

/* ---- the reference walker and exercise() ----------------------------- */

#define REF_MAX		4096

/*
 * ref_walk: the nodes of a valid blob in document order (offsets in the
 * structure block) and each one's parent (-1 for the root); the count.
 */
static int
ref_walk(const uint8_t *blob, int *node, int *parent)
{
	const uint8_t *st = blob + get32(blob + H_OFF_STRUCT);
	int stack[REF_MAX], depth = 0, n = 0;
	uint32_t off = 0, tag;

	while ((tag = get32(st + off)) != TOK_END) {
		if (tag == TOK_BEGIN_NODE) {
			if (n == REF_MAX || depth == REF_MAX)
				abort();
			node[n] = off;
			parent[n++] = depth > 0 ? stack[depth - 1] : -1;
			stack[depth++] = off;
			off += 4 + strlen((const char *)st + off + 4) + 1;
		} else if (tag == TOK_END_NODE) {
			depth--;
			off += 4;
		} else if (tag == TOK_PROP) {
			off += 12 + get32(st + off + 4);
		} else {
			off += 4;
		}
		off = (off + 3) & ~3U;
	}
	return n;
}

/* Does [p, p + len) lie inside [blob, blob + size)? */
static bool
inside(const void *p, size_t len, const uint8_t *blob, size_t size)
{
	const uint8_t *b = p;

	return b >= blob && b <= blob + size && len <= size - (b - blob);
}

static const char *const exercise_paths[] = {
	"/", "/chosen", "/memory", "/memory@40000000", "/cpus/cpu@1",
	"/soc/uart", "/soc/uart@9001000/", "//cpus//cpu", "chosen", "",
};

static const char *const exercise_props[] = {
	"compatible", "reg", "#address-cells", "bootargs", "model",
	"interrupt-controller", "linux,initrd-end",
};

/* exercise() on one node: every per-node function. */
static const char *
exercise_node(const uint8_t *blob, size_t size, int node)
{
	const void *value;
	uint64_t addr, len64;
	uint32_t u32;
	int len, parent;

	if (!inside(fdt_node_name(blob, node), 1, blob, size))
		return "node name outside the blob";
	for (size_t i = 0; i < nitems(exercise_props); i++) {
		value = fdt_getprop(blob, node, exercise_props[i], &len);
		if (value == NULL ? len != 0 :
		    len < 0 || !inside(value, len, blob, size))
			return "property value outside the blob";
		(void)fdt_getprop_str(blob, node, exercise_props[i]);
		(void)fdt_getprop_u32(blob, node, exercise_props[i], &u32);
		(void)fdt_getprop_u64(blob, node, exercise_props[i], &len64);
	}
	for (int i = 0; i < 3; i++)
		(void)fdt_reg(blob, node, i, &addr, &len64);
	parent = fdt_parent(blob, node);
	if (parent >= node)
		return "parent after its child";
	return NULL;
}

/*
 * exercise: call every function on blob (a heap block of size bytes,
 * possibly corrupt).  NULL, or what went wrong: a loop that did not end,
 * an answer pointing outside the blob.  The sanitizers catch the rest.
 */
static const char *
exercise(const uint8_t *blob, size_t size)
{
	const char *err;
	uint64_t addr, len;
	int node, next, steps;
	size_t checked;

	(void)fdt_check(blob, &checked);
	(void)fdt_root(blob);
	for (size_t i = 0; i < nitems(exercise_paths); i++)
		(void)fdt_node_name(blob,
		    fdt_find_node(blob, exercise_paths[i]));
	for (int i = 0; i < 3; i++)
		(void)fdt_mem_rsv(blob, i, &addr, &len);
	for (node = fdt_next_node(blob, -1), steps = 0; node >= 0;
	    node = next, steps++) {
		if (steps > (int)size / 8)
			return "fdt_next_node does not end";
		if ((err = exercise_node(blob, size, node)) != NULL)
			return err;
		next = fdt_next_node(blob, node);
		if (next >= 0 && next <= node)
			return "fdt_next_node went backwards";
	}
	for (node = -1, steps = 0; (next = fdt_find_compatible(blob, node,
	    "arm,pl011")) >= 0; node = next, steps++)
		if (next <= node || steps > (int)size / 8)
			return "fdt_find_compatible does not end";
	return NULL;
}

/*
 * Run exercise() on bytes[0, len) as a blob that is exactly as large as
 * its header claims (at least 8 bytes: magic and totalsize are read
 * first), zeroes past len; claims above 1 MiB are not tried.
 */
static const char *
exercise_copy(const uint8_t *bytes, size_t len)
{
	size_t claimed = len >= 8 ? get32(bytes + H_TOTALSIZE) : 0;
	size_t size = claimed < 8 ? 8 : claimed;
	const char *err;
	uint8_t *blob;

	if (size > (1 << 20))
		return NULL;
	if ((blob = calloc(1, size)) == NULL)
		abort();
	memcpy(blob, bytes, len < size ? len : size);
	err = exercise(blob, size);
	free(blob);
	return err;
}

/* fdt_check rejects blob, and nothing else misbehaves on it. */
#define HT_REJECTS(blob, size) do {					\
	const char *rej_err_;						\
									\
	HT_EQ(fdt_check((blob), NULL), -EINVAL);			\
	if ((rej_err_ = exercise((blob), (size))) != NULL)		\
		HT_FAIL("%s", rej_err_);				\
} while (0)

/* ---- real blobs from QEMU -------------------------------------------- */

/* The whole file at FDT_DTB_DIR/name, malloc'ed; NULL if it cannot. */
static uint8_t *
read_file(const char *name, size_t *size)
{
	char path[512];
	uint8_t *buf = NULL;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FDT_DTB_DIR, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(len)) != NULL &&
	    fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf != NULL)
		*size = len;
	fclose(f);
	return buf;
}

static uint8_t *virt_dtb;
static size_t virt_size;

/* QEMU's virt.dtb, read once; NULL (and a message) if it is missing. */
static uint8_t *
virt_blob(struct host_ctx *ht)
{
	if (virt_dtb == NULL)
		virt_dtb = read_file("virt.dtb", &virt_size);
	if (virt_dtb == NULL)
		host_fail(ht, __FILE__, __LINE__, "no %s/virt.dtb: build it "
		    "with make -C tests/host (needs qemu-system-aarch64)",
		    FDT_DTB_DIR);
	return virt_dtb;
}

HOST_TEST(fdt_virt_check)
{
	uint8_t *blob = virt_blob(ht);
	size_t size;

	if (blob == NULL)
		return;
	HT_EQ(fdt_check(blob, &size), 0);
	HT_ASSERT(size <= virt_size);
	HT_EQ(fdt_root(blob), 0);
	HT_ASSERT(strcmp(fdt_node_name(blob, 0), "") == 0);
	HT_ASSERT(exercise(blob, virt_size) == NULL);
}

HOST_TEST(fdt_virt_memory)
{
	uint8_t *blob = virt_blob(ht);
	uint64_t addr, size;
	uint32_t cells;
	int node;

	if (blob == NULL)
		return;
	HT_ASSERT(fdt_getprop_u32(blob, fdt_root(blob), "#address-cells",
	    &cells));
	HT_EQ(cells, 2);
	HT_ASSERT(fdt_getprop_u32(blob, fdt_root(blob), "#size-cells",
	    &cells));
	HT_EQ(cells, 2);
	node = fdt_find_node(blob, "/memory");
	HT_ASSERT(node >= 0);
	HT_ASSERT(strcmp(fdt_node_name(blob, node), "memory@40000000") == 0);
	HT_ASSERT(strcmp(fdt_getprop_str(blob, node, "device_type"),
	    "memory") == 0);
	HT_EQ(fdt_reg(blob, node, 0, &addr, &size), 0);
	HT_EQ(addr, 0x40000000);
	HT_EQ(size, 0x8000000);
	HT_EQ(fdt_reg(blob, node, 1, &addr, &size), -1);
	HT_EQ(fdt_mem_rsv(blob, 0, &addr, &size), -1);
}

HOST_TEST(fdt_virt_chosen)
{
	uint8_t *blob = virt_blob(ht);
	const char *stdout_path;
	uint64_t addr, size;
	int chosen, uart;

	if (blob == NULL)
		return;
	chosen = fdt_find_node(blob, "/chosen");
	HT_ASSERT(chosen >= 0);
	HT_EQ(fdt_parent(blob, chosen), fdt_root(blob));
	HT_EQ(fdt_parent(blob, fdt_root(blob)), -1);
	/* stdout-path names the UART by its full path. */
	stdout_path = fdt_getprop_str(blob, chosen, "stdout-path");
	HT_ASSERT(stdout_path != NULL);
	uart = fdt_find_compatible(blob, -1, "arm,pl011");
	HT_ASSERT(uart >= 0);
	HT_EQ(fdt_find_node(blob, stdout_path), uart);
	HT_EQ(fdt_reg(blob, uart, 0, &addr, &size), 0);
	HT_EQ(addr, 0x9000000);
	HT_EQ(size, 0x1000);
	HT_EQ(fdt_find_compatible(blob, uart, "arm,pl011"), -1);
}

HOST_TEST(fdt_virt_gic_timer)
{
	uint8_t *blob = virt_blob(ht);
	uint64_t addr, size;
	int gic, timer, len;

	if (blob == NULL)
		return;
	gic = fdt_find_compatible(blob, -1, "arm,cortex-a15-gic");
	HT_ASSERT(gic >= 0);
	HT_ASSERT(fdt_getprop(blob, gic, "interrupt-controller", &len) !=
	    NULL);
	HT_EQ(len, 0);
	HT_EQ(fdt_reg(blob, gic, 0, &addr, &size), 0);
	HT_EQ(addr, 0x8000000);		/* distributor */
	HT_EQ(size, 0x10000);
	HT_EQ(fdt_reg(blob, gic, 1, &addr, &size), 0);
	HT_EQ(addr, 0x8010000);		/* CPU interface */
	HT_EQ(size, 0x10000);
	HT_EQ(fdt_reg(blob, gic, 2, &addr, &size), -1);
	timer = fdt_find_compatible(blob, -1, "arm,armv8-timer");
	HT_ASSERT(timer >= 0);
	HT_ASSERT(fdt_getprop(blob, timer, "interrupts", &len) != NULL);
	HT_EQ(len, 4 * 3 * 4);		/* 4 interrupts of 3 cells */
}

HOST_TEST(fdt_virt_virtio)
{
	uint8_t *blob = virt_blob(ht);
	uint64_t addr, size, prev = 0;
	int node, count = 0;

	if (blob == NULL)
		return;
	for (node = fdt_find_compatible(blob, -1, "virtio,mmio"); node >= 0;
	    node = fdt_find_compatible(blob, node, "virtio,mmio")) {
		HT_EQ(fdt_reg(blob, node, 0, &addr, &size), 0);
		HT_EQ(size, 0x200);
		HT_ASSERT(addr != prev);
		prev = addr;
		count++;
	}
	HT_EQ(count, 32);
}

/* fdt_next_node and fdt_parent agree with the reference walker. */
HOST_TEST(fdt_virt_walk)
{
	static int ref_node[REF_MAX], ref_parent[REF_MAX];
	uint8_t *blob = virt_blob(ht);
	int n, i, node;

	if (blob == NULL)
		return;
	n = ref_walk(blob, ref_node, ref_parent);
	HT_ASSERT(n > 40);
	for (i = 0, node = fdt_next_node(blob, -1); node >= 0;
	    i++, node = fdt_next_node(blob, node)) {
		HT_ASSERT(i < n);
		HT_EQ(node, ref_node[i]);
		HT_EQ(fdt_parent(blob, node), ref_parent[i]);
	}
	HT_EQ(i, n);
}

/* With -kernel, -append and -initrd, QEMU fills in /chosen. */
HOST_TEST(fdt_virt_bootargs)
{
	uint64_t start = 0, end = 0;
	struct stat initrd;
	const char *bootargs;
	bool args_ok;
	uint8_t *blob;
	size_t size;
	int chosen, checked;

	HT_ASSERT(stat(FDT_DTB_DIR "/initrd.bin", &initrd) == 0);
	blob = read_file("virt-args.dtb", &size);
	if (blob == NULL)
		HT_FAIL("no %s/virt-args.dtb", FDT_DTB_DIR);
	chosen = fdt_find_node(blob, "/chosen");
	bootargs = fdt_getprop_str(blob, chosen, "bootargs");
	args_ok = bootargs != NULL && strcmp(bootargs, "test foo=bar") == 0;
	(void)fdt_getprop_u64(blob, chosen, "linux,initrd-start", &start);
	(void)fdt_getprop_u64(blob, chosen, "linux,initrd-end", &end);
	checked = fdt_check(blob, NULL);
	free(blob);
	HT_EQ(checked, 0);
	HT_ASSERT(args_ok);
	HT_ASSERT(start >= 0x40000000);
	HT_EQ(end - start, initrd.st_size);
}

/* ---- synthetic trees ------------------------------------------------- */

HOST_TEST(fdt_small_walk)
{
	static int ref_node[REF_MAX], ref_parent[REF_MAX];
	struct small_offs o;
	uint8_t *blob;
	size_t size, checked;
	int n, i, node;

	blob = small_tree(0, &size, &o);
	HT_EQ(fdt_check(blob, &checked), 0);
	HT_EQ(checked, size);
	HT_EQ(fdt_root(blob), o.root);		/* after the NOP */
	HT_EQ(o.root, 4);
	n = ref_walk(blob, ref_node, ref_parent);
	HT_EQ(n, 9);
	for (i = 0, node = fdt_next_node(blob, -1); node >= 0 && i < n;
	    i++, node = fdt_next_node(blob, node)) {
		HT_EQ(node, ref_node[i]);
		HT_EQ(fdt_parent(blob, node), ref_parent[i]);
	}
	HT_EQ(i, n);
	HT_EQ(node, -1);
	HT_EQ(fdt_parent(blob, o.cpu1), o.cpus);
	HT_EQ(fdt_parent(blob, o.uart1), o.soc);
	HT_EQ(fdt_parent(blob, o.bootargs), -1);	/* not a node */
	HT_EQ(fdt_parent(blob, 2), -1);
	HT_EQ(fdt_next_node(blob, o.bootargs), -1);
	HT_ASSERT(fdt_node_name(blob, o.bootargs) == NULL);
	HT_ASSERT(fdt_node_name(blob, -1) == NULL);
	HT_ASSERT(fdt_node_name(blob, 100000) == NULL);
	HT_ASSERT(strcmp(fdt_node_name(blob, o.uart0), "uart@9000000") == 0);
	free(blob);
}

HOST_TEST(fdt_small_chosen)
{
	struct small_offs o;
	uint64_t start = 0, end = 0, addr, size64;
	uint32_t u32 = 7;
	uint8_t *blob;
	size_t size;
	int chosen;

	blob = small_tree(0, &size, &o);
	chosen = fdt_find_node(blob, "/chosen");
	HT_EQ(chosen, o.chosen);
	HT_ASSERT(strcmp(fdt_getprop_str(blob, chosen, "bootargs"),
	    "console=ttyAMA0 test=fdt_") == 0);
	/* One cell and two cells, across a NOP. */
	HT_ASSERT(fdt_getprop_u64(blob, chosen, "linux,initrd-start", &start));
	HT_ASSERT(fdt_getprop_u64(blob, chosen, "linux,initrd-end", &end));
	HT_EQ(start, 0x48000000);
	HT_EQ(end, 0x48100000);
	HT_ASSERT(fdt_getprop_u32(blob, chosen, "linux,initrd-start", &u32));
	HT_EQ(u32, 0x48000000);
	u32 = 7;
	HT_ASSERT(!fdt_getprop_u32(blob, chosen, "linux,initrd-end", &u32));
	HT_ASSERT(!fdt_getprop_u32(blob, chosen, "bootargs", &u32));
	HT_ASSERT(!fdt_getprop_u64(blob, chosen, "bootargs", &end));
	HT_EQ(u32, 7);
	HT_EQ(fdt_mem_rsv(blob, 0, &addr, &size64), 0);
	HT_EQ(addr, 0x48000000);
	HT_EQ(size64, 0x100000);
	HT_EQ(fdt_mem_rsv(blob, 1, &addr, &size64), -1);
	HT_EQ(fdt_mem_rsv(blob, -1, &addr, &size64), -1);
	free(blob);
}

HOST_TEST(fdt_small_getprop)
{
	struct small_offs o;
	uint8_t *blob;
	size_t size;
	int len = 99;

	blob = small_tree(0, &size, &o);
	HT_ASSERT(fdt_getprop(blob, o.root, "nonexistent", &len) == NULL);
	HT_EQ(len, 0);
	/* A node's properties, not its children's. */
	HT_ASSERT(fdt_getprop(blob, o.root, "bootargs", NULL) == NULL);
	HT_ASSERT(fdt_getprop(blob, o.cpus, "compatible", NULL) == NULL);
	HT_ASSERT(fdt_getprop(blob, -1, "model", NULL) == NULL);
	HT_ASSERT(fdt_getprop(blob, o.bootargs, "model", NULL) == NULL);
	HT_ASSERT(strcmp(fdt_getprop_str(blob, o.root, "model"), "pagoda")
	    == 0);
	HT_ASSERT(fdt_getprop(blob, o.uart0, "interrupt-controller", &len)
	    != NULL);
	HT_EQ(len, 0);
	HT_ASSERT(fdt_getprop_str(blob, o.uart0, "interrupt-controller") ==
	    NULL);
	/* A string list gives its first string. */
	HT_ASSERT(strcmp(fdt_getprop_str(blob, o.uart0, "compatible"),
	    "vendor,uart") == 0);
	/* Property names compare whole. */
	HT_ASSERT(fdt_getprop(blob, o.root, "#address", NULL) == NULL);
	HT_ASSERT(fdt_getprop(blob, o.root, "#address-cellsx", NULL) == NULL);
	free(blob);
}

HOST_TEST(fdt_small_compatible)
{
	struct small_offs o;
	uint8_t *blob;
	size_t size;

	blob = small_tree(0, &size, &o);
	/* The second string of a list, then a list of one. */
	HT_EQ(fdt_find_compatible(blob, -1, "arm,pl011"), o.uart0);
	HT_EQ(fdt_find_compatible(blob, o.uart0, "arm,pl011"), o.uart1);
	HT_EQ(fdt_find_compatible(blob, o.uart1, "arm,pl011"), -1);
	HT_EQ(fdt_find_compatible(blob, -1, "vendor,uart"), o.uart0);
	HT_EQ(fdt_find_compatible(blob, o.root, "arm,cortex-a72"),
	    fdt_find_node(blob, "/cpus/cpu@0"));
	/* Whole strings only. */
	HT_EQ(fdt_find_compatible(blob, -1, "arm,pl01"), -1);
	HT_EQ(fdt_find_compatible(blob, -1, "uart"), -1);
	HT_EQ(fdt_find_compatible(blob, -1, ""), -1);
	HT_EQ(fdt_find_compatible(blob, o.bootargs, "arm,pl011"), -1);
	free(blob);
}

HOST_TEST(fdt_small_find_node)
{
	struct small_offs o;
	uint8_t *blob;
	size_t size;

	blob = small_tree(0, &size, &o);
	HT_EQ(fdt_find_node(blob, "/"), o.root);
	HT_EQ(fdt_find_node(blob, "/memory"), o.memory);
	HT_EQ(fdt_find_node(blob, "/memory@40000000"), o.memory);
	HT_EQ(fdt_find_node(blob, "/memory@0"), -1);
	HT_EQ(fdt_find_node(blob, "/memory@4000000"), -1);
	HT_EQ(fdt_find_node(blob, "/memory@400000000"), -1);
	HT_EQ(fdt_find_node(blob, "/mem"), -1);
	HT_EQ(fdt_find_node(blob, "/memory@"), -1);
	HT_EQ(fdt_find_node(blob, "/cpus/cpu@1"), o.cpu1);
	HT_EQ(fdt_find_node(blob, "/cpus/cpu"), fdt_next_node(blob, o.cpus));
	HT_EQ(fdt_find_node(blob, "/soc/uart@9001000"), o.uart1);
	HT_EQ(fdt_find_node(blob, "/soc/uart@9001000/"), o.uart1);
	HT_EQ(fdt_find_node(blob, "//soc//uart@9001000"), o.uart1);
	HT_EQ(fdt_find_node(blob, "/uart@9001000"), -1);	/* not at top */
	HT_EQ(fdt_find_node(blob, "/chosen/bootargs"), -1);	/* a prop */
	HT_EQ(fdt_find_node(blob, "/soc/uart@9001000/x"), -1);
	HT_EQ(fdt_find_node(blob, "chosen"), -1);		/* relative */
	HT_EQ(fdt_find_node(blob, ""), -1);
	HT_EQ(fdt_find_node(blob, NULL), -1);
	free(blob);
}

HOST_TEST(fdt_small_reg)
{
	struct small_offs o;
	uint64_t addr, size64;
	uint8_t *blob;
	size_t size;

	blob = small_tree(0, &size, &o);
	/* #address-cells = <1>, #size-cells = <1> */
	HT_EQ(fdt_reg(blob, o.memory, 0, &addr, &size64), 0);
	HT_EQ(addr, 0x40000000);
	HT_EQ(size64, 0x8000000);
	HT_EQ(fdt_reg(blob, o.memory, 1, &addr, &size64), 0);
	HT_EQ(addr, 0x50000000);
	HT_EQ(size64, 0x1000000);
	HT_EQ(fdt_reg(blob, o.memory, 2, &addr, &size64), -1);
	HT_EQ(fdt_reg(blob, o.memory, -1, &addr, &size64), -1);
	/* <1>, <0>: no size. */
	HT_EQ(fdt_reg(blob, o.cpu1, 0, &addr, &size64), 0);
	HT_EQ(addr, 1);
	HT_EQ(size64, 0);
	/* <2>, <2> */
	HT_EQ(fdt_reg(blob, o.uart1, 0, &addr, &size64), 0);
	HT_EQ(addr, 0x109001000);
	HT_EQ(size64, 0x1000);
	HT_EQ(fdt_reg(blob, o.uart1, 0, NULL, NULL), 0);
	HT_EQ(fdt_reg(blob, o.chosen, 0, &addr, &size64), -1); /* no reg */
	HT_EQ(fdt_reg(blob, o.bootargs, 0, &addr, &size64), -1);
	free(blob);
}

/* The defaults (2, 1) apply when the parent says nothing; 3 cells fail. */
HOST_TEST(fdt_reg_defaults)
{
	struct dtw *w = dtw_new();
	size_t a, b, size;
	uint64_t addr, size64;
	uint8_t *blob;

	dtw_begin(w, "");
	a = dtw_begin(w, "a@1");
	dtw_cells(w, "reg", 6, 0, 1, 2, 0, 3, 4);
	dtw_end(w);
	dtw_begin(w, "pci");
	dtw_cells(w, "#address-cells", 1, 3);
	b = dtw_begin(w, "b");
	dtw_cells(w, "reg", 4, 1, 2, 3, 4);
	dtw_end(w);
	dtw_end(w);
	dtw_end(w);
	blob = dtw_finish(w, 0, &size);
	HT_EQ(fdt_check(blob, NULL), 0);
	HT_EQ(fdt_reg(blob, a, 0, &addr, &size64), 0);
	HT_EQ(addr, 1);
	HT_EQ(size64, 2);
	HT_EQ(fdt_reg(blob, a, 1, &addr, &size64), 0);
	HT_EQ(addr, 3);
	HT_EQ(size64, 4);
	HT_EQ(fdt_reg(blob, b, 0, &addr, &size64), -1);
	free(blob);
}

/* Names with two '@' (invalid), a map of no reservations. */
HOST_TEST(fdt_odd_names)
{
	struct dtw *w = dtw_new();
	size_t x, size;
	uint8_t *blob;

	dtw_begin(w, "");
	x = dtw_begin(w, "x@1@2");
	dtw_end(w);
	dtw_end(w);
	blob = dtw_finish(w, 0, &size);
	HT_EQ(fdt_check(blob, NULL), 0);
	HT_EQ(fdt_find_node(blob, "/x"), x);
	HT_EQ(fdt_find_node(blob, "/x@1@2"), x);
	HT_EQ(fdt_find_node(blob, "/x@1"), -1);
	HT_EQ(fdt_mem_rsv(blob, 0, NULL, NULL), -1);
	/* At 41 the map would end (in zeroes), but is not 8-aligned. */
	put32(blob + H_OFF_RSVMAP, 41);
	HT_REJECTS(blob, size);
	free(blob);
}

/* Version 16 has no size_dt_struct: the structure runs to the end. */
HOST_TEST(fdt_version16)
{
	struct small_offs o;
	uint8_t *blob;
	size_t size;

	blob = small_tree(DTW_STRINGS_FIRST, &size, &o);
	put32(blob + H_VERSION, 16);
	put32(blob + H_SIZE_STRUCT, 0xdeadbeef);
	HT_EQ(fdt_check(blob, NULL), 0);
	HT_EQ(fdt_find_node(blob, "/soc/uart@9001000"), o.uart1);
	free(blob);
}

/* ---- corrupt trees ---------------------------------------------------- */

/* A header field of the small tree set to value: rejected. */
static const char *
header_rejects(int field, uint32_t value)
{
	static char msg[80];
	const char *err;
	uint8_t *blob;
	size_t size;

	blob = small_tree(0, &size, NULL);
	put32(blob + field, value);
	if (fdt_check(blob, NULL) != -EINVAL)
		err = "accepted";
	else
		err = exercise(blob, size);
	free(blob);
	if (err == NULL)
		return NULL;
	snprintf(msg, sizeof(msg), "header field %d = %#x: %s", field, value,
	    err);
	return msg;
}

HOST_TEST(fdt_bad_header)
{
	static const struct {
		int		field;
		uint32_t	value;
	} cases[] = {
		{ H_MAGIC, 0xd00dfeee }, { H_MAGIC, 0xedfe0dd0 },
		{ H_VERSION, 15 }, { H_VERSION, 0 }, { H_LAST_COMP, 18 },
		{ H_TOTALSIZE, 0 }, { H_TOTALSIZE, 39 },
		{ H_TOTALSIZE, 0x80000000 }, { H_TOTALSIZE, 0xffffffff },
		{ H_OFF_STRUCT, 0 }, { H_OFF_STRUCT, 36 },
		{ H_OFF_STRUCT, 0xfffffffc }, { H_SIZE_STRUCT, 0 },
		{ H_SIZE_STRUCT, 0xfffffffc }, { H_SIZE_STRUCT, 0x7ffffff0 },
		{ H_OFF_STRINGS, 0 }, { H_OFF_STRINGS, 0xffffffff },
		{ H_SIZE_STRINGS, 0xffffffff }, { H_SIZE_STRINGS, 0 },
		{ H_OFF_RSVMAP, 0 }, { H_OFF_RSVMAP, 44 },
		{ H_OFF_RSVMAP, 0xfffffff8 },
	};
	const char *err;

	for (size_t i = 0; i < nitems(cases); i++)
		if ((err = header_rejects(cases[i].field, cases[i].value))
		    != NULL)
			HT_FAIL("%s", err);
}

/* totalsize too small for the blocks, or blocks past totalsize. */
HOST_TEST(fdt_bad_sizes)
{
	const char *err;
	uint8_t *blob;
	size_t size, st_off, st_size, str_off;

	blob = small_tree(0, &size, NULL);
	st_off = get32(blob + H_OFF_STRUCT);
	st_size = get32(blob + H_SIZE_STRUCT);
	str_off = get32(blob + H_OFF_STRINGS);
	free(blob);
	size_t bad[][2] = {
		{ H_TOTALSIZE, st_off }, { H_TOTALSIZE, str_off },
		{ H_TOTALSIZE, size - 1 }, { H_TOTALSIZE, 40 },
		{ H_OFF_STRUCT, size - st_size + 4 },
		{ H_SIZE_STRUCT, size - st_off + 4 },
		{ H_OFF_STRINGS, size - 2 }, { H_OFF_STRINGS, size },
		{ H_OFF_STRUCT, st_off + 2 },		/* misaligned */
		{ H_OFF_RSVMAP, (size - 8) & ~7 },	/* never ends */
		{ H_SIZE_STRUCT, st_size - 4 },		/* no FDT_END */
		{ H_SIZE_STRUCT, st_size - 1 },
		{ H_SIZE_STRUCT, 4 },
	};
	for (size_t i = 0; i < nitems(bad); i++)
		if ((err = header_rejects(bad[i][0], bad[i][1])) != NULL)
			HT_FAIL("%s", err);
}

HOST_TEST(fdt_bad_prop)
{
	struct small_offs o;
	uint8_t *blob, *st;
	size_t size, st_size;

	blob = small_tree(0, &size, &o);
	st = struct_block(blob);
	st_size = get32(blob + H_SIZE_STRUCT);
	/* Lengths that run past the block, or wrap around. */
	uint32_t lens[] = { st_size - o.bootargs - 12 + 1, st_size,
	    0x7fffffff, 0xfffffff4, 0xffffffff };
	for (size_t i = 0; i < nitems(lens); i++) {
		put32(st + o.bootargs + 4, lens[i]);
		HT_REJECTS(blob, size);
		HT_ASSERT(fdt_getprop(blob, o.chosen, "bootargs", NULL) ==
		    NULL);
	}
	put32(st + o.bootargs + 4, 26);
	HT_EQ(fdt_check(blob, NULL), 0);
	/* A name offset past the strings block. */
	put32(st + o.bootargs + 8, get32(blob + H_SIZE_STRINGS));
	HT_REJECTS(blob, size);
	put32(st + o.bootargs + 8, 0xfffffffc);
	HT_REJECTS(blob, size);
	free(blob);
	/* The last name in the strings block without its NUL. */
	blob = small_tree(0, &size, &o);
	put32(blob + H_SIZE_STRINGS, get32(blob + H_SIZE_STRINGS) - 1);
	HT_REJECTS(blob, size);
	free(blob);
}

/* A node name that runs to the end of the structure block. */
HOST_TEST(fdt_bad_name)
{
	struct dtw *w = dtw_new();
	size_t child, size;
	uint8_t *blob, *st;

	dtw_begin(w, "");
	child = dtw_begin(w, "abcdefg");	/* with its NUL, 8 bytes */
	blob = dtw_finish(w, DTW_NO_END, &size);
	st = struct_block(blob);
	HT_EQ(st[child + 4 + 7], '\0');
	HT_EQ(child + 12, get32(blob + H_SIZE_STRUCT));
	st[child + 4 + 7] = 'h';
	HT_REJECTS(blob, size);
	HT_ASSERT(fdt_node_name(blob, child) == NULL);
	HT_EQ(fdt_next_node(blob, fdt_root(blob)), -1);
	HT_EQ(fdt_find_node(blob, "/abcdefgh"), -1);
	free(blob);
}

/* Structure blocks that are not one tree. */
HOST_TEST(fdt_bad_structure)
{
	struct small_offs o;
	struct dtw *w;
	uint8_t *blob, *st;
	size_t size;

	/* No FDT_END: rejected, but the nodes can still be read. */
	blob = small_tree(DTW_NO_END, &size, &o);
	HT_REJECTS(blob, size);
	HT_EQ(fdt_find_node(blob, "/soc/uart@9001000"), o.uart1);
	free(blob);
	/* FDT_END replaced by a NOP, by an unknown token. */
	blob = small_tree(0, &size, &o);
	st = struct_block(blob);
	put32(st + o.end, TOK_NOP);
	HT_REJECTS(blob, size);
	put32(st + o.end, 5);
	HT_REJECTS(blob, size);
	put32(st + o.end, TOK_END);
	HT_EQ(fdt_check(blob, NULL), 0);
	/* An unknown token inside, the root closed early. */
	put32(st + o.chosen_nop, 0x12345678);
	HT_REJECTS(blob, size);
	HT_EQ(fdt_getprop(blob, o.chosen, "linux,initrd-end", NULL), NULL);
	put32(st + o.chosen_nop, TOK_END_NODE);
	HT_REJECTS(blob, size);
	put32(st + o.chosen_nop, TOK_END);
	HT_REJECTS(blob, size);
	/* No root: the block starts with FDT_END_NODE. */
	put32(st, TOK_END_NODE);
	HT_REJECTS(blob, size);
	HT_EQ(fdt_root(blob), -1);
	free(blob);

	/* Two top-level nodes. */
	w = dtw_new();
	dtw_begin(w, "");
	dtw_end(w);
	dtw_begin(w, "");
	dtw_end(w);
	blob = dtw_finish(w, 0, &size);
	HT_REJECTS(blob, size);
	free(blob);

	/* A property after a child node. */
	w = dtw_new();
	dtw_begin(w, "");
	dtw_begin(w, "child");
	dtw_end(w);
	dtw_cells(w, "late", 1, 1);
	dtw_end(w);
	blob = dtw_finish(w, 0, &size);
	HT_REJECTS(blob, size);
	free(blob);

	/* A property outside the root. */
	w = dtw_new();
	dtw_begin(w, "");
	dtw_end(w);
	dtw_cells(w, "outside", 1, 1);
	blob = dtw_finish(w, 0, &size);
	HT_REJECTS(blob, size);
	free(blob);
}

/* No depth limit: nothing recurses. */
#define DEEP	2000

HOST_TEST(fdt_deep)
{
	static size_t node[DEEP + 1];
	static char path[2 * DEEP + 1];
	struct dtw *w = dtw_new();
	uint8_t *blob;
	size_t size;
	int i;

	node[0] = dtw_begin(w, "");
	for (i = 1; i <= DEEP; i++) {
		node[i] = dtw_begin(w, "n");
		memcpy(path + 2 * (i - 1), "/n", 2);
	}
	dtw_cells(w, "reg", 3, 0, 0x1000, 0x10);
	for (i = 0; i <= DEEP; i++)
		dtw_end(w);
	blob = dtw_finish(w, 0, &size);
	HT_EQ(fdt_check(blob, NULL), 0);
	HT_EQ(fdt_find_node(blob, path), node[DEEP]);
	for (i = 1; i <= DEEP; i++) {
		HT_EQ(fdt_next_node(blob, node[i - 1]), node[i]);
		HT_EQ(fdt_parent(blob, node[i]), node[i - 1]);
	}
	HT_EQ(fdt_next_node(blob, node[DEEP]), -1);
	HT_EQ(fdt_reg(blob, node[DEEP], 0, NULL, NULL), 0);
	/* Unbalanced: one FDT_END_NODE short. */
	put32(struct_block(blob) + get32(blob + H_SIZE_STRUCT) - 8, TOK_NOP);
	HT_EQ(fdt_check(blob, NULL), -EINVAL);
	HT_EQ(fdt_parent(blob, node[DEEP]), node[DEEP - 1]);
	free(blob);
}

/*
 * Cut short at every length: totalsize says so and the heap block is that
 * size.  With the structure block last, its size is cut too, so that the
 * header stays consistent and only the tree itself is short.
 */
static const char *
truncations(int flags)
{
	static char msg[80];
	const char *err;
	uint8_t *blob, *cut;
	size_t size, len, st_off;

	blob = small_tree(flags, &size, NULL);
	st_off = get32(blob + H_OFF_STRUCT);
	for (len = 0, err = NULL; len < size && err == NULL; len++) {
		if ((cut = malloc(len < 8 ? 8 : len)) == NULL)
			abort();
		memcpy(cut, blob, len < 8 ? 8 : len);
		put32(cut + H_TOTALSIZE, len);
		if ((flags & DTW_STRINGS_FIRST) && len >= H_SIZE &&
		    len > st_off)
			put32(cut + H_SIZE_STRUCT, len - st_off);
		if (fdt_check(cut, NULL) != -EINVAL)
			err = "accepted";
		else
			err = exercise(cut, len < 8 ? 8 : len);
		free(cut);
	}
	free(blob);
	if (err == NULL)
		return NULL;
	snprintf(msg, sizeof(msg), "cut at %zu: %s", len - 1, err);
	return msg;
}

HOST_TEST(fdt_truncated)
{
	const char *err;

	if ((err = truncations(0)) != NULL)
		HT_FAIL("strings last: %s", err);
	if ((err = truncations(DTW_STRINGS_FIRST)) != NULL)
		HT_FAIL("structure last: %s", err);
}

/* Every byte of the small tree, changed in each of several ways. */
HOST_TEST(fdt_fuzz_bytes)
{
	static const uint8_t flips[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20,
	    0x40, 0x80, 0xff };
	const char *err;
	uint8_t *blob;
	size_t size;

	blob = small_tree(0, &size, NULL);
	for (size_t i = 0; i < size; i++) {
		for (size_t f = 0; f < nitems(flips); f++) {
			blob[i] ^= flips[f];
			err = exercise_copy(blob, size);
			blob[i] ^= flips[f];
			if (err != NULL) {
				free(blob);
				HT_FAIL("byte %zu ^ %#x: %s", i, flips[f],
				    err);
			}
		}
	}
	free(blob);
}

/* Random bytes and words written over the small tree. */
HOST_TEST(fdt_fuzz_random)
{
	uint8_t *blob, *mutant;
	const char *err = NULL;
	size_t size, pos;
	int round, n;

	blob = small_tree(0, &size, NULL);
	if ((mutant = malloc(size)) == NULL)
		abort();
	for (round = 0; round < 3000; round++) {
		memcpy(mutant, blob, size);
		for (n = 1 + host_random_below(4); n > 0; n--) {
			pos = host_random_below(size / 4) * 4;
			if (host_random_below(2) == 0)
				mutant[pos + host_random_below(4)] =
				    host_random();
			else	/* small: a plausible token or size */
				put32(mutant + pos, host_random_below(64));
		}
		if ((err = exercise_copy(mutant, size)) != NULL)
			break;
	}
	free(mutant);
	free(blob);
	if (err != NULL)
		HT_FAIL("round %d (seed %lu): %s", round,
		    (unsigned long)host_seed(), err);
}
