/*
 * ksyms.c: look addresses up in the kernel's symbol table.
 */
#include "kernel/ksyms.h"
#include "kernel/systm.h"

struct ksym {
	vm_offset_t	addr;
	const char	*name;
};

/* Made by tools/ksyms.sh: sorted by address. */
extern const struct ksym ksym_table[];
extern const uint64_t ksym_count;
extern char etext[];

const char *
ksym_lookup(vm_offset_t addr, vm_offset_t *offset)
{
	size_t lo = 0, hi = ksym_count;

	if (ksym_count == 0 || addr < ksym_table[0].addr ||
	    addr >= (vm_offset_t)etext)
		return NULL;
	/* Find the last entry with ksym_table[i].addr <= addr. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ksym_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksym_table[lo].addr;
	return ksym_table[lo].name;
}

const char *
ksym_format(vm_offset_t addr)
{
	static char buf[128];
	vm_offset_t off;
	const char *name = ksym_lookup(addr, &off);

	if (name != NULL)
		snprintf(buf, sizeof(buf), "0x%lx <%s+0x%lx>", addr, name, off);
	else
		snprintf(buf, sizeof(buf), "0x%lx", addr);
	return buf;
}
