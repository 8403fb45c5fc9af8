/*
 * fdt_bootinfo.c (arm64): turn the device tree QEMU passes into a
 * machine-independent bootinfo, and find the devices the machine layer
 * drives itself (UART, GIC, timer).
 *
 *   memory reservation map          RAM not to touch
 *   /memory (device_type "memory")  reg: the RAM ranges
 *   /chosen  bootargs               the kernel command line
 *            linux,initrd-start/end the initramfs (-initrd)
 *   "arm,pl011"                     the console UART
 *   "arm,cortex-a15-gic"            GICv2: distributor, CPU interface
 *   "arm,armv8-timer"               interrupts: secure, non-secure,
 *                                   virtual, hypervisor timer PPIs
 */
#include "arch/arm64/arm64.h"
#include "kernel/fdt.h"
#include "kernel/systm.h"
#include "machine/vmparam.h"

vm_paddr_t gic_dist_pa = 0x08000000, gic_cpu_pa = 0x08010000;
static vm_paddr_t uart_pa = 0x09000000;
struct mmio_slot virtio_mmio_slots[VIRTIO_MMIO_MAX];
int virtio_mmio_nslots;

static void
find_memory(const void *fdt, struct bootinfo *bi)
{
	for (int node = fdt_next_node(fdt, -1); node >= 0;
	    node = fdt_next_node(fdt, node)) {
		const char *type = fdt_getprop_str(fdt, node, "device_type");
		uint64_t addr, size;

		if (type == NULL || strcmp(type, "memory") != 0)
			continue;
		for (int i = 0; fdt_reg(fdt, node, i, &addr, &size) == 0; i++)
			if (size > 0)
				bootinfo_add_mem(bi, addr, addr + size);
		bi->have_memory_map = bi->nmem > 0;
	}
}

/* A /chosen property of one or two cells. */
static bool
chosen_addr(const void *fdt, int chosen, const char *name, uint64_t *val)
{
	int len;
	const void *p = fdt_getprop(fdt, chosen, name, &len);

	if (p == NULL)
		return false;
	*val = len == 8 ? fdt64_to_cpu(p) : fdt32_to_cpu(p);
	return true;
}

static void
find_chosen(const void *fdt, struct bootinfo *bi)
{
	int chosen = fdt_find_node(fdt, "/chosen");
	const char *args;
	uint64_t start, end;

	if (chosen < 0)
		return;
	args = fdt_getprop_str(fdt, chosen, "bootargs");
	if (args != NULL)
		strlcpy(bi->cmdline, args, sizeof(bi->cmdline));
	if (chosen_addr(fdt, chosen, "linux,initrd-start", &start) &&
	    chosen_addr(fdt, chosen, "linux,initrd-end", &end) && end > start) {
		bi->initrd.start = start;
		bi->initrd.end = end;
		bootinfo_add_reserved(bi, start, end);
	}
}

static void
find_devices(const void *fdt)
{
	uint64_t addr, size;
	int node, len;
	const void *irqs;

	node = fdt_find_compatible(fdt, -1, "arm,pl011");
	if (node >= 0 && fdt_reg(fdt, node, 0, &addr, &size) == 0) {
		uart_pa = addr;
		uart_init(addr);
	}
	node = fdt_find_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (node >= 0 && fdt_reg(fdt, node, 0, &addr, &size) == 0)
		gic_dist_pa = addr;
	if (node >= 0 && fdt_reg(fdt, node, 1, &addr, &size) == 0)
		gic_cpu_pa = addr;
	/* The third interrupt is the virtual timer: <type PPI-number flags>. */
	node = fdt_find_compatible(fdt, -1, "arm,armv8-timer");
	irqs = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;
	if (irqs != NULL && len >= 36)
		timer_irq = 16 + fdt32_to_cpu((const char *)irqs + 28);
}

/*
 * The virtio-mmio transport slots, for the virtio driver: each a register
 * window and an SPI (interrupts = <0 spi-number flags>; ID 32 + spi).
 */
static void
find_virtio_mmio(const void *fdt)
{
	uint64_t addr, size;
	int len;

	for (int node = fdt_find_compatible(fdt, -1, "virtio,mmio");
	    node >= 0 && virtio_mmio_nslots < VIRTIO_MMIO_MAX;
	    node = fdt_find_compatible(fdt, node, "virtio,mmio")) {
		const char *irq = fdt_getprop(fdt, node, "interrupts", &len);
		struct mmio_slot *slot = &virtio_mmio_slots[virtio_mmio_nslots];

		if (fdt_reg(fdt, node, 0, &addr, &size) != 0 || irq == NULL ||
		    len < 12)
			continue;
		slot->base = addr;
		slot->size = size;
		slot->irq = 32 + fdt32_to_cpu(irq + 4);
		virtio_mmio_nslots++;
	}
}

/* One line on what the device tree described, for the boot log. */
void
fdt_print_devices(void)
{
	printf("devices: PL011 UART 0x%lx, GICv2 0x%lx/0x%lx, timer irq %u, "
	    "%d virtio-mmio slots\n", uart_pa, gic_dist_pa, gic_cpu_pa,
	    timer_irq, virtio_mmio_nslots);
}

/* Does line contain word?  (kmain() has not parsed the command line yet.) */
static bool
has_word(const char *line, const char *word)
{
	size_t len = strlen(word);

	for (; *line != '\0'; line++)
		if (strncmp(line, word, len) == 0)
			return true;
	return false;
}

/*
 * A device tree we cannot read leaves bootinfo without a memory map, and
 * vm_init() stops with a message; the console stays at QEMU virt's UART.
 */
void
fdt_parse_bootinfo(vm_paddr_t dtb, struct bootinfo *bi)
{
	const void *fdt = (const void *)PHYS_TO_DMAP(dtb);
	uint64_t addr, len;
	size_t size;

	if (dtb == 0 || dtb >= BOOT_DMAP_LIMIT || fdt_check(fdt, &size) != 0) {
		printf("fdt: no valid device tree at 0x%lx\n", dtb);
		return;
	}
	find_devices(fdt);
	find_virtio_mmio(fdt);
	bootinfo_add_reserved(bi, dtb, dtb + size);
	for (int i = 0; fdt_mem_rsv(fdt, i, &addr, &len) == 0; i++)
		bootinfo_add_reserved(bi, addr, addr + len);
	find_chosen(fdt, bi);
	/* Fault injection for the tests: act as if there were no memory. */
	if (has_word(bi->cmdline, "bootinfo.nommap"))
		return;
	find_memory(fdt, bi);
}
