/*
 * tests/ktest/procfs.c: in-kernel tests of /proc (kernel/procfs.c) and of
 * the VM counters behind it (vm/vm_stats.c), prefix procfs_.
 *
 * The texts are made two ways.  For maps of the tests' own (a map and a
 * pmap made here, pages faulted in with vm_fault_map(), leaves of every
 * kind entered with the pmap's own calls, or sent to a real swap area),
 * procfs_map_maps(), procfs_map_pmd(), procfs_map_smaps(),
 * procfs_map_smaps_rollup(), procfs_map_pagemap() and procfs_map_usage()
 * make what /proc/<pid>/maps, pmd, smaps, smaps_rollup, pagemap and stat
 * would say, and each line or entry is checked.  Through the file
 * layer (file_open() and friends, as the system calls use them), the
 * files of /proc are opened, read, listed and looked up, with a kernel
 * thread standing in for a process: sleeping, then a zombie, then gone.
 * Every test leaves the free-page count as it found it (the runner
 * checks).
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/ktest.h"
#include "kernel/lock.h"
#include "kernel/proc.h"
#include "kernel/procfs.h"
#include "kernel/sched.h"
#include "kernel/sys_mman.h"
#include "tests/ktest/swapdisk.h"
#include "vm/pmap.h"
#include "vm/swap.h"
#include "vm/thp.h"
#include "vm/vm_fault.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "vm/vm_stats.h"

#define P		PAGE_SIZE
#define BASE		0x10000000UL	/* 2 MiB aligned */
#define HUGE_BASE	0x40000000UL	/* 2 MiB aligned */
#define RW		(PROT_READ | PROT_WRITE)
#define ANON_FIXED	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define YIELDS_MAX	1000		/* a thread gets there by then */

/* Too big for the stack; aligned, for pagemap's entries too. */
static char procfs_kt_buf[8192] __aligned(8);

/* A map of the whole user range over a new pmap. */
struct procfs_env {
	struct pmap	*pmap;
	struct vm_map	*map;
};

static bool
env_create(struct procfs_env *env)
{
	env->pmap = pmap_create();
	env->map = env->pmap != NULL ? vm_map_create(env->pmap,
	    VM_MIN_USER_ADDRESS, VM_MAX_USER_ADDRESS) : NULL;
	return env->map != NULL;
}

static void
env_destroy(struct procfs_env *env)
{
	vm_map_destroy(env->map);
	pmap_destroy(env->pmap);
}

/* Write a byte at va as the owner would: a write fault, then the store. */
static int
poke(struct vm_map *map, vm_offset_t va)
{
	vm_paddr_t pa;
	int error;

	if ((error = vm_fault_map(map, va, VM_PROT_WRITE)) != 0)
		return error;
	if (!pmap_extract(map->pmap, va, &pa))
		return -EFAULT;
	*(volatile uint8_t *)PHYS_TO_DMAP(pa) = 0x5a;
	return 0;
}

/* The line of text that starts with prefix, or NULL. */
static const char *
find_line(const char *text, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const char *line = text; line != NULL && *line != '\0';) {
		if (strncmp(line, prefix, len) == 0)
			return line;
		if ((line = strchr(line, '\n')) != NULL)
			line++;
	}
	return NULL;
}

/* Does text hold needle? */
static bool
contains(const char *text, const char *needle)
{
	size_t len = strlen(needle);

	for (; *text != '\0'; text++)
		if (strncmp(text, needle, len) == 0)
			return true;
	return false;
}

/* Does s start with prefix? */
static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The value of the vmstat line "name value", or ~0 if there is none. */
static uint64_t
vmstat_value(const char *text, const char *name)
{
	char prefix[64];
	const char *line;

	snprintf(prefix, sizeof(prefix), "%s ", name);
	line = find_line(text, prefix);
	return line != NULL ? strtoul(line + strlen(prefix), NULL, 10) : ~0UL;
}

/* The current value of counter name, read from a fresh /proc/vmstat. */
static uint64_t
vmstat_now(const char *name)
{
	if (procfs_vmstat(procfs_kt_buf, sizeof(procfs_kt_buf)) < 0)
		return ~0UL;
	return vmstat_value(procfs_kt_buf, name);
}

/* Is line (up to its '\n') "name digits"? */
static bool
is_vmstat_line(const char *line, const char *name)
{
	size_t len = strlen(name);
	const char *p = line + len + 1;

	if (strncmp(line, name, len) != 0 || line[len] != ' ' || *p == '\n')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\n';
}

/*
 * The vmstat names in their order: levels, page tables, events, ours;
 * names has room for VM_STAT_COUNT + 3.  Their count.
 */
static int
vmstat_names(const char **names)
{
	int n = 0, stat;

	for (stat = 0; stat < VM_STAT_FIRST_EVENT; stat++)
		names[n++] = vm_stat_name(stat);
	names[n++] = "nr_page_table_pages";
	for (stat = VM_STAT_FIRST_EVENT; stat < VM_STAT_COUNT; stat++)
		names[n++] = vm_stat_name(stat);
	names[n++] = "pagoda_syscalls";
	names[n++] = "pagoda_context_switches";
	return n;
}

KTEST(procfs_vmstat_lines)
{
	const char *names[VM_STAT_COUNT + 3], *line = procfs_kt_buf;
	int n = procfs_vmstat(procfs_kt_buf, sizeof(procfs_kt_buf));
	int count = vmstat_names(names);
	char small[16];

	KT_ASSERT(n > 0);
	KT_EQ(strlen(procfs_kt_buf), n);
	for (int i = 0; i < count; i++) {
		if (!is_vmstat_line(line, names[i]))
			ktest_fail(kt, __FILE__, __LINE__, "line %d: want %s, "
			    "got %.40s", i, names[i], line);
		KT_ASSERT(!kt->failed);
		line = strchr(line, '\n') + 1;
	}
	KT_EQ(*line, '\0');
	KT_EQ(vmstat_value(procfs_kt_buf, "thp_swpout"), 0);
	KT_EQ(vmstat_value(procfs_kt_buf, "pgmajfault"), 0);
	/* Too small for the first line: nothing, and -ENOSPC. */
	KT_EQ(procfs_vmstat(small, sizeof(small)), -ENOSPC);
	KT_EQ(small[0], '\0');
}

/*
 * The fault path's counters: zero fills, a copy on write in a fork and
 * the reuse of the page the fork no longer shares, nr_anon_pages up and
 * down, pgalloc_normal and pgfree.
 */
KTEST(procfs_vmstat_counts)
{
	struct procfs_env parent, child;
	uint64_t anon = vmstat_now("nr_anon_pages");
	uint64_t zero = vmstat_now("pagoda_zero_fill");
	uint64_t copy = vmstat_now("pagoda_cow_copy");
	uint64_t reuse = vmstat_now("pagoda_cow_reuse");
	uint64_t alloc = vmstat_now("pgalloc_normal");
	uint64_t freed = vmstat_now("pgfree");
	vm_offset_t va;

	KT_ASSERT(env_create(&parent) && env_create(&child));
	KT_EQ(vm_mmap(parent.map, BASE, 5 * P, RW, ANON_FIXED, &va), 0);
	for (int i = 0; i < 5; i++)
		KT_EQ(poke(parent.map, BASE + i * P), 0);
	KT_EQ(vmstat_now("pagoda_zero_fill"), zero + 5);
	KT_EQ(vmstat_now("nr_anon_pages"), anon + 5);
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	KT_EQ(vmstat_now("nr_anon_pages"), anon + 5);	/* shared, once */
	KT_EQ(poke(child.map, BASE), 0);
	KT_EQ(vmstat_now("pagoda_cow_copy"), copy + 1);
	KT_EQ(vmstat_now("nr_anon_pages"), anon + 6);
	KT_EQ(poke(parent.map, BASE), 0);		/* no longer shared */
	KT_EQ(vmstat_now("pagoda_cow_reuse"), reuse + 1);
	KT_EQ(vmstat_now("pagoda_cow_copy"), copy + 1);
	env_destroy(&child);
	env_destroy(&parent);
	KT_EQ(vmstat_now("nr_anon_pages"), anon);
	/* Every page that came went back (the runner checks the count). */
	KT_EQ(vmstat_now("pgalloc_normal") - alloc,
	    vmstat_now("pgfree") - freed);
	KT_ASSERT(vmstat_now("pgalloc_normal") - alloc >= 6);
}

/* The value of the meminfo line "Name:   1234 kB", or ~0. */
static uint64_t
meminfo_value(const char *text, const char *name)
{
	char prefix[32];
	const char *line;

	snprintf(prefix, sizeof(prefix), "%s:", name);
	line = find_line(text, prefix);
	return line != NULL ? strtoul(line + 16, NULL, 10) : ~0UL;
}

KTEST(procfs_meminfo_lines)
{
	static const char *const names[] = { "MemTotal", "MemFree",
	    "MemAvailable", "Buffers", "Cached", "SwapCached", "Active(anon)",
	    "Inactive(anon)", "SwapTotal", "SwapFree", "AnonPages",
	    "PageTables", "AnonHugePages" };
	const size_t kb = PAGE_SIZE / 1024;
	struct vm_page_stats st;
	char buf[1024], want[32];
	const char *line = buf;
	int n;

	vm_page_stats(&st);
	n = procfs_meminfo(buf, sizeof(buf));
	/* Linux's layout: "Name:" padded to 16, 8 columns, " kB": 28. */
	KT_EQ(n, nitems(names) * 28);
	for (size_t i = 0; i < nitems(names); i++, line += 28) {
		snprintf(want, sizeof(want), "%s:", names[i]);
		KT_ASSERT(strncmp(line, want, strlen(want)) == 0);
		KT_ASSERT(line[15] == ' ' && line[23] >= '0' &&
		    line[23] <= '9');
		KT_ASSERT(strncmp(line + 24, " kB\n", 4) == 0);
	}
	KT_ASSERT(strncmp(buf, "MemTotal:       ", 16) == 0);
	KT_EQ(meminfo_value(buf, "MemTotal"), st.managed * kb);
	KT_EQ(meminfo_value(buf, "MemFree"), st.free * kb);
	KT_EQ(meminfo_value(buf, "MemAvailable"), st.free * kb);
	KT_EQ(meminfo_value(buf, "AnonPages"),
	    vm_stat_read(VM_STAT_NR_ANON_PAGES) * kb);
	KT_EQ(meminfo_value(buf, "SwapTotal"), 0);
	KT_EQ(meminfo_value(buf, "AnonHugePages"), 0);
}

/* maps: vm_map_entry_format() of every region, in order. */
KTEST(procfs_maps_text)
{
	struct procfs_env env;
	char want[256], line[128];
	vm_offset_t va;
	struct vm_map_entry *e;
	int n;

	KT_ASSERT(env_create(&env));
	KT_EQ(vm_mmap(env.map, BASE, 3 * P, RW, ANON_FIXED, &va), 0);
	KT_EQ(vm_mmap(env.map, BASE + 16 * P, P, PROT_READ,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, &va), 0);
	KT_EQ(vm_map_insert(env.map, BASE + 32 * P, BASE + 40 * P, VM_PROT_RW,
	    VM_ENTRY_ANON | VM_ENTRY_STACK, "[stack]"), 0);
	want[0] = '\0';
	for (e = vm_map_first(env.map); e != NULL; e = vm_map_next(env.map, e)) {
		vm_map_entry_format(e, line, sizeof(line));
		strlcpy(want + strlen(want), line, sizeof(want) - strlen(want));
	}
	n = procfs_map_maps(env.map, procfs_kt_buf, sizeof(procfs_kt_buf));
	KT_EQ(n, strlen(want));
	KT_ASSERT(strcmp(procfs_kt_buf, want) == 0);
	KT_ASSERT(starts_with(procfs_kt_buf, "10000000-10003000 rw-p 00000000 "
	    "00:00 0 \n10010000-10011000 r--s "));
	/* Room for the first line only: it, whole, and -ENOSPC. */
	KT_EQ(procfs_map_maps(env.map, procfs_kt_buf, 50), -ENOSPC);
	KT_EQ(strlen(procfs_kt_buf), 41);
	env_destroy(&env);
}

/*
 * Every kind of leaf, for pmd, pagemap and smaps.  Region A [HUGE_BASE,
 * +4 MiB + 4 KiB): three pages present in the first chunk, a page and a
 * swap leaf in the second, nothing in the 4 KiB of the third.  Region B
 * [+6 MiB, +10 MiB): a 2 MiB leaf, then a 2 MiB swap leaf.  The swap
 * leaves name slots of type FAKE_TYPE, no swap area's (SWAP_MAX_AREAS is
 * 8): only the pmap and /proc ever see them.
 */
#define LAYOUT_A	HUGE_BASE
#define LAYOUT_B	(HUGE_BASE + 3 * PMD_SIZE)
#define LAYOUT_SWAP	(LAYOUT_A + PMD_SIZE + 9 * P)	/* A's swap leaf */
#define FAKE_TYPE	9		/* 0b01001: both ends of the field */
#define FAKE_SLOT	7		/* A's swap leaf's */
#define FAKE_SLOT_2M	1536		/* B's 2 MiB swap leaf's first */

struct layout {
	struct procfs_env env;
	struct vm_page	*folio;		/* B's 2 MiB leaf maps it */
};

static int
layout_create(struct layout *l)
{
	const vm_offset_t a = LAYOUT_A, b = LAYOUT_B;
	vm_offset_t va;
	int error;

	if ((l->folio = vm_page_alloc(PMD_ORDER, 0)) == NULL)
		return -ENOMEM;
	if (!env_create(&l->env)) {
		vm_page_free(l->folio);
		return -ENOMEM;
	}
	if ((error = vm_mmap(l->env.map, a, 2 * PMD_SIZE + P, RW, ANON_FIXED,
	    &va)) != 0 || (error = vm_mmap(l->env.map, b, 2 * PMD_SIZE, RW,
	    ANON_FIXED, &va)) != 0 ||
	    (error = poke(l->env.map, a)) != 0 ||
	    (error = poke(l->env.map, a + P)) != 0 ||
	    (error = poke(l->env.map, a + PMD_SIZE - P)) != 0 ||
	    (error = poke(l->env.map, a + PMD_SIZE + 5 * P)) != 0 ||
	    (error = pmap_enter_swap(l->env.pmap, LAYOUT_SWAP,
	    swp_entry(FAKE_TYPE, FAKE_SLOT))) != 0 ||
	    (error = pmap_enter_pmd(l->env.pmap, b, VM_PAGE_TO_PHYS(l->folio),
	    VM_PROT_RW, 0)) != 0)
		return error;
	return pmap_enter_swap_pmd(l->env.pmap, b + PMD_SIZE,
	    swp_entry(FAKE_TYPE, FAKE_SLOT_2M));
}

/*
 * The 2 MiB page and the slots are the test's, not the release hook's:
 * take them back first, then destroy the rest.
 */
static void
layout_destroy(struct layout *l)
{
	pmap_remove(l->env.pmap, LAYOUT_B, LAYOUT_B + 2 * PMD_SIZE);
	pmap_remove(l->env.pmap, LAYOUT_SWAP, LAYOUT_SWAP + P);
	vm_page_free(l->folio);
	env_destroy(&l->env);
}

/* pmd and usage: every kind of chunk. */
KTEST(procfs_pmd_text)
{
	static const char want[] =
	    "40000000 40200000 4k:3\n"
	    "40200000 40400000 4k:1 swap:1\n"
	    "40400000 40401000 none\n"
	    "40600000 40800000 2m\n"
	    "40800000 40a00000 swap2m\n";
	struct procfs_usage usage;
	struct layout l;

	KT_EQ(layout_create(&l), 0);
	KT_EQ(procfs_map_pmd(l.env.map, procfs_kt_buf, sizeof(procfs_kt_buf)),
	    strlen(want));
	KT_ASSERT(strcmp(procfs_kt_buf, want) == 0);
	KT_EQ(procfs_map_usage(l.env.map, &usage), 0);
	KT_EQ(usage.size, 2 * 512 + 1 + 2 * 512);
	KT_EQ(usage.resident, 3 + 1 + 512);
	KT_EQ(usage.swapped, 1 + 512);
	layout_destroy(&l);
}

/* The pagemap entry of va in map, or 1 (no entry has only bit 0 set). */
static uint64_t
pagemap_at(struct vm_map *map, vm_offset_t va)
{
	uint64_t e;

	if (procfs_map_pagemap(map, va / P * PAGEMAP_ENTRY_SIZE, &e,
	    sizeof(e)) != sizeof(e))
		return 1;
	return e;
}

/* The pagemap entry a present, private 4 KiB leaf at va should have. */
static uint64_t
pagemap_present(struct vm_map *map, vm_offset_t va)
{
	vm_paddr_t pa;

	if (!pmap_extract(map->pmap, va, &pa))
		return 0;
	return PAGEMAP_PRESENT | PAGEMAP_EXCLUSIVE | pa / P;
}

static uint64_t
pagemap_swapped(unsigned type, uint64_t slot)
{
	return PAGEMAP_SWAPPED | slot << PAGEMAP_SWAP_TYPE_BITS | type;
}

/* Are the n entries at e those of a 2 MiB leaf's (pme: its first)? */
static bool
pagemap_run(const uint64_t *e, size_t n, uint64_t pme, uint64_t step)
{
	for (size_t i = 0; i < n; i++)
		if (e[i] != pme + i * step)
			return false;
	return true;
}

/*
 * pagemap: one entry per page, whatever maps it; 512 in a row for a
 * 2 MiB leaf, read whole or across its start; 0 for holes and pages not
 * touched; Linux's errors and end of file.
 */
KTEST(procfs_pagemap_entries)
{
	uint64_t *e = (uint64_t *)procfs_kt_buf, pfn;
	const vm_offset_t a = LAYOUT_A, b = LAYOUT_B;
	struct vm_map *map;
	struct layout l;

	CTASSERT(sizeof(procfs_kt_buf) >= 2 * 512 * 8);
	KT_EQ(layout_create(&l), 0);
	map = l.env.map;
	pfn = VM_PAGE_TO_PHYS(l.folio) / P;
	KT_EQ(pagemap_at(map, a), pagemap_present(map, a));
	KT_ASSERT(pagemap_at(map, a) & PAGEMAP_PRESENT);
	KT_EQ(pagemap_at(map, a + P), pagemap_present(map, a + P));
	KT_EQ(pagemap_at(map, a + 2 * P), 0);		/* not touched */
	KT_EQ(pagemap_at(map, a + PMD_SIZE + 5 * P),
	    pagemap_present(map, a + PMD_SIZE + 5 * P));
	KT_EQ(pagemap_at(map, LAYOUT_SWAP), pagemap_swapped(FAKE_TYPE,
	    FAKE_SLOT));
	KT_EQ(PAGEMAP_SWAP_TYPE(pagemap_at(map, LAYOUT_SWAP)), FAKE_TYPE);
	KT_EQ(PAGEMAP_SWAP_OFFSET(pagemap_at(map, LAYOUT_SWAP)), FAKE_SLOT);
	KT_EQ(pagemap_at(map, a + 2 * PMD_SIZE), 0);	/* region, no leaf */
	KT_EQ(pagemap_at(map, a + 2 * PMD_SIZE + P), 0);	/* a hole */
	/* Both 2 MiB leaves in one read: 1024 entries, 8 KiB. */
	KT_EQ(procfs_map_pagemap(map, b / P * 8, e, 2 * 512 * 8),
	    2 * 512 * 8);
	KT_ASSERT(pagemap_run(e, 512, PAGEMAP_PRESENT | PAGEMAP_EXCLUSIVE |
	    pfn, 1));
	KT_ASSERT(pagemap_run(e + 512, 512, pagemap_swapped(FAKE_TYPE,
	    FAKE_SLOT_2M), 1 << PAGEMAP_SWAP_TYPE_BITS));
	/* Across the start of B: 3 of the hole, then B's first 5. */
	KT_EQ(procfs_map_pagemap(map, (b / P - 3) * 8, e, 8 * 8), 8 * 8);
	KT_ASSERT(e[0] == 0 && e[1] == 0 && e[2] == 0);
	KT_ASSERT(pagemap_run(e + 3, 5, PAGEMAP_PRESENT | PAGEMAP_EXCLUSIVE |
	    pfn, 1));
	/* Only multiples of 8, as Linux. */
	KT_EQ(procfs_map_pagemap(map, b / P * 8 + 4, e, 8), -EINVAL);
	KT_EQ(procfs_map_pagemap(map, b / P * 8, e, 12), -EINVAL);
	/* The end: the last entry of the user range, then nothing. */
	e[0] = ~0ULL;
	KT_EQ(procfs_map_pagemap(map, 0, e, 8), 8);	/* page 0: nothing */
	KT_EQ(e[0], 0);
	e[0] = ~0ULL;
	KT_EQ(procfs_map_pagemap(map, PAGEMAP_FILE_SIZE - 8, e, 64), 8);
	KT_EQ(e[0], 0);
	KT_EQ(procfs_map_pagemap(map, PAGEMAP_FILE_SIZE, e, 64), 0);
	KT_EQ(procfs_map_pagemap(map, ~7ULL, e, 64), 0);
	layout_destroy(&l);
}

/*
 * The value, in kB, of field name ("Rss") in the block of smaps text
 * whose maps line starts at start; ~0 if there is none.  Checks the
 * line's layout on the way: "Name:" padded to 16, 8 columns, " kB".
 */
static uint64_t
smaps_field(const char *text, vm_offset_t start, const char *name)
{
	char prefix[32];
	const char *line;

	snprintf(prefix, sizeof(prefix), "%08lx-", start);
	if ((line = find_line(text, prefix)) == NULL)
		return ~0UL;
	snprintf(prefix, sizeof(prefix), "%s:", name);
	if ((line = find_line(line, prefix)) == NULL ||
	    (strlen(prefix) < 16 && line[15] != ' ') ||
	    strncmp(line + 24, " kB\n", 4) != 0)
		return ~0UL;
	return strtoul(line + 16, NULL, 10);
}

/* The names of a smaps block, in Linux's order, from Size to Locked. */
static const char *const smaps_names[] = { "Size", "KernelPageSize",
	"MMUPageSize", "Rss", "Pss", "Pss_Dirty", "Shared_Clean",
	"Shared_Dirty", "Private_Clean", "Private_Dirty", "Referenced",
	"Anonymous", "LazyFree", "AnonHugePages", "ShmemPmdMapped", "Swap",
	"SwapPss", "Locked" };

/*
 * Is the block of smaps text at line the region e's: its maps line,
 * then each of smaps_names, THPeligible (thp), and VmFlags (flags)?
 * The line after the block, or NULL.
 */
static const char *
smaps_block(const char *line, const struct vm_map_entry *e, int thp,
    const char *flags)
{
	char want[128];

	vm_map_entry_format(e, want, sizeof(want));
	if (!starts_with(line, want))
		return NULL;
	line += strlen(want);
	for (size_t i = 0; i < nitems(smaps_names); i++) {
		snprintf(want, sizeof(want), "%s:", smaps_names[i]);
		if (!starts_with(line, want) || strlen(line) < 28 ||
		    strncmp(line + 24, " kB\n", 4) != 0)
			return NULL;
		line += 28;
	}
	snprintf(want, sizeof(want), "THPeligible:    %8d\nVmFlags: %s\n",
	    thp, flags);
	return starts_with(line, want) ? line + strlen(want) : NULL;
}

/*
 * smaps: every region's block, in Linux's layout; Rss, AnonHugePages,
 * Swap and the others exact for every kind of leaf; then smaps_rollup.
 */
KTEST(procfs_smaps_text)
{
	const char *text = procfs_kt_buf, *line;
	const vm_offset_t a = LAYOUT_A, b = LAYOUT_B;
	struct vm_map_entry *e;
	struct layout l;
	uint64_t rss;
	int thp;

	KT_EQ(layout_create(&l), 0);
	thp = thp_mode_get() == THP_ALWAYS;
	KT_ASSERT(procfs_map_smaps(l.env.map, procfs_kt_buf,
	    sizeof(procfs_kt_buf)) > 0);
	e = vm_map_first(l.env.map);
	line = smaps_block(text, e, thp, "rd wr mr mw me ");
	KT_ASSERT(line != NULL);
	line = smaps_block(line, vm_map_next(l.env.map, e), thp,
	    "rd wr mr mw me ");
	KT_ASSERT(line != NULL && *line == '\0');
	/* A: 4 KiB leaves, four present, one swapped; 4100 KiB. */
	KT_EQ(smaps_field(text, a, "Size"), 4100);
	KT_EQ(smaps_field(text, a, "KernelPageSize"), 4);
	KT_EQ(smaps_field(text, a, "Rss"), 16);
	KT_EQ(smaps_field(text, a, "Pss"), 16);
	KT_EQ(smaps_field(text, a, "Anonymous"), 16);
	KT_EQ(smaps_field(text, a, "Private_Clean") +
	    smaps_field(text, a, "Private_Dirty"), 16);
	KT_EQ(smaps_field(text, a, "Shared_Clean"), 0);
	KT_EQ(smaps_field(text, a, "Shared_Dirty"), 0);
	KT_EQ(smaps_field(text, a, "AnonHugePages"), 0);
	KT_EQ(smaps_field(text, a, "Swap"), 4);
	KT_EQ(smaps_field(text, a, "SwapPss"), 4);
	/* B: a 2 MiB leaf and a 2 MiB swap leaf. */
	KT_EQ(smaps_field(text, b, "Size"), 4096);
	KT_EQ(smaps_field(text, b, "Rss"), 2048);
	KT_EQ(smaps_field(text, b, "Pss"), 2048);
	KT_EQ(smaps_field(text, b, "Anonymous"), 2048);
	KT_EQ(smaps_field(text, b, "AnonHugePages"), 2048);
	KT_EQ(smaps_field(text, b, "ShmemPmdMapped"), 0);
	KT_EQ(smaps_field(text, b, "Swap"), 2048);
	KT_EQ(smaps_field(text, b, "SwapPss"), 2048);
	KT_EQ(smaps_field(text, b, "Locked"), 0);
	/* The rollup: one block over both, Pss_Anon after Pss_Dirty. */
	KT_ASSERT(procfs_map_smaps_rollup(l.env.map, procfs_kt_buf,
	    sizeof(procfs_kt_buf)) > 0);
	KT_ASSERT(starts_with(text, "40000000-40a00000 ---p 00000000 00:00 0 "
	    "                                 [rollup]\nRss:"));
	KT_EQ(smaps_field(text, a, "Rss"), 16 + 2048);
	rss = smaps_field(text, a, "Rss");
	KT_EQ(smaps_field(text, a, "Pss"), rss);
	KT_EQ(smaps_field(text, a, "Pss_Anon"), rss);
	KT_EQ(smaps_field(text, a, "Pss_Shmem"), 0);
	KT_EQ(smaps_field(text, a, "AnonHugePages"), 2048);
	KT_EQ(smaps_field(text, a, "Swap"), 4 + 2048);
	KT_ASSERT(contains(text, "kB\nPss_Dirty:") &&
	    contains(text, "kB\nPss_Anon:") && contains(text,
	    "kB\nPss_Shmem:") && contains(text, "kB\nShared_Clean:"));
	KT_ASSERT(!contains(text, "Size:") && !contains(text, "VmFlags"));
	layout_destroy(&l);
}

/* The smaps text of map into procfs_kt_buf: true if it all fitted. */
static bool
smaps_of(struct vm_map *map)
{
	return procfs_map_smaps(map, procfs_kt_buf, sizeof(procfs_kt_buf)) > 0;
}

/*
 * After fork, each page is mapped twice: shared, half of it in each
 * side's Pss, and exclusive to neither in pagemap.  A write copies one:
 * both sides have it to themselves again.
 */
KTEST(procfs_smaps_fork_shared)
{
	struct procfs_env parent, child;
	uint64_t shared_pme;
	vm_offset_t va;

	KT_ASSERT(env_create(&parent) && env_create(&child));
	KT_EQ(vm_mmap(parent.map, BASE, 4 * P, RW, ANON_FIXED, &va), 0);
	for (int i = 0; i < 4; i++)
		KT_EQ(poke(parent.map, BASE + i * P), 0);
	KT_EQ(vm_map_fork(child.map, parent.map), 0);
	shared_pme = pagemap_present(parent.map, BASE) & ~PAGEMAP_EXCLUSIVE;
	KT_EQ(pagemap_at(parent.map, BASE), shared_pme);
	KT_EQ(pagemap_at(child.map, BASE), shared_pme);
	KT_ASSERT(smaps_of(child.map));
	KT_EQ(smaps_field(procfs_kt_buf, BASE, "Rss"), 16);
	KT_EQ(smaps_field(procfs_kt_buf, BASE, "Pss"), 8);
	KT_EQ(smaps_field(procfs_kt_buf, BASE, "Shared_Clean") +
	    smaps_field(procfs_kt_buf, BASE, "Shared_Dirty"), 16);
	KT_EQ(smaps_field(procfs_kt_buf, BASE, "Private_Clean") +
	    smaps_field(procfs_kt_buf, BASE, "Private_Dirty"), 0);
	/* The child's write: a copy of its own; 4 + 3 * 2 KiB each. */
	KT_EQ(poke(child.map, BASE), 0);
	KT_EQ(pagemap_at(child.map, BASE), pagemap_present(child.map, BASE));
	KT_ASSERT(pagemap_at(child.map, BASE) != (shared_pme |
	    PAGEMAP_EXCLUSIVE));
	KT_EQ(pagemap_at(parent.map, BASE), shared_pme | PAGEMAP_EXCLUSIVE);
	KT_EQ(pagemap_at(parent.map, BASE + P), pagemap_at(child.map,
	    BASE + P));
	for (int side = 0; side < 2; side++) {
		KT_ASSERT(smaps_of(side == 0 ? parent.map : child.map));
		KT_EQ(smaps_field(procfs_kt_buf, BASE, "Rss"), 16);
		KT_EQ(smaps_field(procfs_kt_buf, BASE, "Pss"), 10);
		KT_EQ(smaps_field(procfs_kt_buf, BASE, "Private_Clean") +
		    smaps_field(procfs_kt_buf, BASE, "Private_Dirty"), 4);
	}
	env_destroy(&child);
	env_destroy(&parent);
}

/*
 * Real swap (vda): a huge page and a small one sent out by MADV_PAGEOUT
 * read as swapped in pagemap, the 512 at consecutive offsets of area 0;
 * smaps counts them in Swap and SwapPss, and after a fork, which shares
 * every slot, half in each side's SwapPss.
 */
KTEST(procfs_pagemap_swap)
{
	const vm_offset_t small = HUGE_BASE + PMD_SIZE;
	uint64_t *e = (uint64_t *)procfs_kt_buf;
	enum thp_mode mode = thp_mode_get();
	struct procfs_env env, child;
	struct pmap_leaf huge, leaf;
	vm_offset_t va;

	if (ktest_swap_disk_on("vda", 0) != 0)
		KT_SKIP("no disk vda");
	thp_mode_set(THP_ALWAYS);
	KT_ASSERT(env_create(&env) && env_create(&child));
	KT_EQ(vm_mmap(env.map, HUGE_BASE, PMD_SIZE + P, RW, ANON_FIXED, &va),
	    0);
	KT_EQ(poke(env.map, HUGE_BASE), 0);
	KT_EQ(poke(env.map, small), 0);
	KT_EQ(pmap_lookup(env.pmap, HUGE_BASE, &huge), PMAP_LEAF_PMD);
	KT_EQ(vm_madvise(env.map, HUGE_BASE, PMD_SIZE + P, MADV_PAGEOUT), 0);
	KT_EQ(pmap_lookup(env.pmap, HUGE_BASE, &huge), PMAP_LEAF_SWAP_PMD);
	KT_EQ(pmap_lookup(env.pmap, small, &leaf), PMAP_LEAF_SWAP_PTE);
	KT_EQ(swp_type(huge.swap), 0);
	KT_EQ(procfs_map_pagemap(env.map, HUGE_BASE / P * 8, e, 513 * 8),
	    513 * 8);
	KT_ASSERT(pagemap_run(e, 512, pagemap_swapped(0, swp_offset(
	    huge.swap)), 1 << PAGEMAP_SWAP_TYPE_BITS));
	KT_EQ(e[512], pagemap_swapped(0, swp_offset(leaf.swap)));
	KT_ASSERT(smaps_of(env.map));
	KT_EQ(smaps_field(procfs_kt_buf, HUGE_BASE, "Rss"), 0);
	KT_EQ(smaps_field(procfs_kt_buf, HUGE_BASE, "Swap"), 2052);
	KT_EQ(smaps_field(procfs_kt_buf, HUGE_BASE, "SwapPss"), 2052);
	/* fork: every slot has two references, half in each SwapPss. */
	KT_EQ(vm_map_fork(child.map, env.map), 0);
	KT_EQ(pagemap_at(child.map, HUGE_BASE + 77 * P), pagemap_swapped(0,
	    swp_offset(huge.swap) + 77));
	for (int side = 0; side < 2; side++) {
		KT_ASSERT(smaps_of(side == 0 ? env.map : child.map));
		KT_EQ(smaps_field(procfs_kt_buf, HUGE_BASE, "Swap"), 2052);
		KT_EQ(smaps_field(procfs_kt_buf, HUGE_BASE, "SwapPss"), 1026);
	}
	env_destroy(&child);
	env_destroy(&env);
	thp_mode_set(mode);
	KT_EQ(swap_off("/dev/vda"), 0);
}

/* A map without a pmap has regions but no leaves: all "none". */
KTEST(procfs_pmd_no_pmap)
{
	struct vm_map *map = vm_map_create(NULL, VM_MIN_USER_ADDRESS,
	    VM_MAX_USER_ADDRESS);
	struct procfs_usage usage;

	KT_ASSERT(map != NULL);
	KT_EQ(vm_map_insert(map, BASE + PMD_SIZE - P, BASE + PMD_SIZE + P,
	    VM_PROT_RW, VM_ENTRY_ANON, NULL), 0);
	KT_EQ(procfs_map_pmd(map, procfs_kt_buf, sizeof(procfs_kt_buf)), 46);
	KT_ASSERT(strcmp(procfs_kt_buf, "101ff000 10200000 none\n"
	    "10200000 10201000 none\n") == 0);
	KT_EQ(procfs_map_usage(map, &usage), 0);
	KT_EQ(usage.size, 2);
	KT_EQ(usage.resident, 0);
	vm_map_destroy(map);
}

/* ---- through the file layer ---- */

/* Open path, read it whole into buf (NUL-terminated): the bytes read. */
static ssize_t
slurp(struct file *dir, const char *path, char *buf, size_t len)
{
	struct file *fp;
	ssize_t n;
	int error;

	if ((error = file_open(dir, path, O_RDONLY, &fp)) != 0)
		return error;
	n = file_read(fp, buf, len - 1, UIO_SYSSPACE);
	file_drop(fp);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

KTEST(procfs_file_read)
{
	char whole[512], piece[8];
	struct file *fp;
	ssize_t n, got = 0;

	KT_ASSERT(slurp(NULL, "/proc/meminfo", whole, sizeof(whole)) > 0);
	KT_ASSERT(strncmp(whole, "MemTotal:       ", 16) == 0);
	/* A read in pieces gets one snapshot, whatever happens between. */
	KT_EQ(file_open(NULL, "/proc/meminfo", O_RDONLY, &fp), 0);
	KT_EQ(file_lseek(fp, 0, SEEK_END), strlen(whole));
	KT_EQ(file_lseek(fp, 0, SEEK_SET), 0);
	while ((n = file_read(fp, piece, sizeof(piece), UIO_SYSSPACE)) > 0) {
		KT_ASSERT(memcmp(piece, whole + got, (size_t)n) == 0);
		got += n;
	}
	KT_EQ(n, 0);
	KT_EQ(got, strlen(whole));
	KT_EQ(file_write(fp, "x", 1, UIO_SYSSPACE), -EBADF);
	file_drop(fp);
	KT_ASSERT(slurp(NULL, "/proc/vmstat", procfs_kt_buf,
	    sizeof(procfs_kt_buf)) > 0);
	KT_ASSERT(strncmp(procfs_kt_buf, "nr_free_pages ", 14) == 0);
	KT_ASSERT(slurp(NULL, "/proc/uptime", whole, sizeof(whole)) > 0);
	KT_ASSERT(strchr(whole, '.') != NULL && contains(whole, " 0.00\n"));
}

KTEST(procfs_file_lookup)
{
	struct linux_stat st;
	struct file *dir, *fp;
	uint64_t root_ino;

	KT_EQ(file_stat_path(NULL, "/proc", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_EQ(file_stat_path(NULL, "/proc/vmstat", 0, &st), 0);
	KT_EQ(st.st_mode, S_IFREG | 0444);
	KT_EQ(file_stat_path(NULL, "/proc/self", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	KT_EQ(file_stat_path(NULL, "/proc/self/maps", 0, &st), 0);
	KT_EQ(file_open(NULL, "/proc/nothing", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/proc/vmstat/x", O_RDONLY, &fp), -ENOTDIR);
	KT_EQ(file_open(NULL, "/proc/self/nothing", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/proc/0", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/proc/01", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/proc/99999", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/proc/meminfo", O_WRONLY, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/proc/new", O_RDONLY | O_CREAT, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/proc", O_RDWR, &fp), -EISDIR);
	/* Relative to /proc, and back up out of it. */
	KT_EQ(file_open(NULL, "/proc", O_RDONLY | O_DIRECTORY, &dir), 0);
	KT_ASSERT(slurp(dir, "meminfo", procfs_kt_buf,
	    sizeof(procfs_kt_buf)) > 0);
	KT_EQ(file_stat_path(NULL, "/", 0, &st), 0);
	root_ino = st.st_ino;
	KT_EQ(file_stat_path(dir, "..", 0, &st), 0);
	KT_EQ(st.st_ino, root_ino);
	KT_EQ(file_stat_path(dir, "self/..", 0, &st), 0);
	KT_ASSERT(S_ISDIR(st.st_mode));
	file_drop(dir);
}

/* A kernel thread that sleeps until told to end. */
static struct spinlock procfs_kt_lock = SPINLOCK_INITIALIZER("procfs kt");
static int procfs_kt_go;			/* (procfs_kt_lock) */

static void
sleep_until_go(void *arg)
{
	spin_lock(&procfs_kt_lock);
	while (!procfs_kt_go)
		sleep_on(&procfs_kt_go, &procfs_kt_lock);
	spin_unlock(&procfs_kt_lock);
}

static struct proc *
sleeper_start(void)
{
	procfs_kt_go = 0;
	return kthread_create("procfs-kt", sleep_until_go, NULL);
}

static void
sleeper_release(void)
{
	spin_lock(&procfs_kt_lock);
	procfs_kt_go = 1;
	wakeup(&procfs_kt_go);
	spin_unlock(&procfs_kt_lock);
}

/* The state letter in /proc/<pid>/stat, after yielding until it is want. */
static char
wait_for_state(int pid, char want)
{
	char path[32], buf[512], *close;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < YIELDS_MAX; i++) {
		if (slurp(NULL, path, buf, sizeof(buf)) <= 0 ||
		    (close = strchr(buf, ')')) == NULL)
			return '?';
		if (close[2] == want)
			return want;
		sched_yield();
	}
	return close[2];
}

/*
 * A kernel thread's pagemap: size 0, and every read says 0 bytes, at
 * any offset, aligned or not, as Linux's (no mm: 0, before anything else
 * is looked at).  0, or the line that failed.
 */
static int
kthread_pagemap(int pid)
{
	struct linux_stat st;
	struct file *fp;
	char path[32];
	uint64_t e[4];
	int line = 0;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	if (file_open(NULL, path, O_RDONLY, &fp) != 0)
		return __LINE__;
	if (file_stat(fp, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != 0)
		line = __LINE__;
	else if (file_read(fp, e, sizeof(e), UIO_SYSSPACE) != 0)
		line = __LINE__;
	else if (file_lseek(fp, 1ULL << 30, SEEK_SET) != 1LL << 30 ||
	    file_read(fp, e, sizeof(e), UIO_SYSSPACE) != 0)
		line = __LINE__;
	else if (file_pread(fp, e, 5, 3, UIO_SYSSPACE) != 0)
		line = __LINE__;
	else if (file_write(fp, e, 8, UIO_SYSSPACE) != -EBADF)
		line = __LINE__;
	file_drop(fp);
	return line;
}

KTEST(procfs_kthread_states)
{
	struct proc *p = sleeper_start();
	char path[32], buf[512], want[64];
	int pid;

	KT_ASSERT(p != NULL);
	pid = p->p_pid;
	KT_EQ(wait_for_state(pid, 'S'), 'S');
	/* pid (comm) state ppid pgrp session tty tpgid flags (PF_KTHREAD) */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	KT_ASSERT(slurp(NULL, path, buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "%d (procfs-kt) S 0 0 0 0 -1 2097152 ",
	    pid);
	KT_ASSERT(starts_with(buf, want));
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	KT_ASSERT(slurp(NULL, path, buf, sizeof(buf)) > 0);
	KT_ASSERT(starts_with(buf, "Name:\tprocfs-kt\nState:\tS (sleeping)\n"));
	KT_ASSERT(find_line(buf, "VmRSS:") == NULL);	/* no memory */
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	KT_EQ(slurp(NULL, path, buf, sizeof(buf)), 0);
	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	KT_EQ(slurp(NULL, path, buf, sizeof(buf)), 0);
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	KT_EQ(slurp(NULL, path, buf, sizeof(buf)), 0);
	KT_EQ(kthread_pagemap(pid), 0);
	sleeper_release();
	KT_EQ(wait_for_state(pid, 'Z'), 'Z');
	KT_EQ(kthread_join(p), 0);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	KT_EQ(slurp(NULL, path, buf, sizeof(buf)), -ENOENT);
}

/* The names getdents gives for the directory at path, one per line. */
static int
list_dir(const char *path, char *out, size_t size)
{
	static uint64_t records[512 / sizeof(uint64_t)];
	struct linux_dirent64 *d;
	struct file *fp;
	ssize_t n;
	int error;

	out[0] = '\0';
	if ((error = file_open(NULL, path, O_RDONLY, &fp)) != 0)
		return error;
	while ((n = file_getdents(fp, records, sizeof(records),
	    UIO_SYSSPACE)) > 0) {
		for (ssize_t off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)((char *)records + off);
			strlcpy(out + strlen(out), d->d_name,
			    size - strlen(out));
			strlcpy(out + strlen(out), "\n", size - strlen(out));
		}
	}
	file_drop(fp);
	return (int)n;
}

KTEST(procfs_file_listing)
{
	struct proc *p = sleeper_start();
	char want[128];
	int pid;

	KT_ASSERT(p != NULL);
	pid = p->p_pid;
	KT_EQ(list_dir("/proc", procfs_kt_buf, sizeof(procfs_kt_buf)), 0);
	KT_ASSERT(starts_with(procfs_kt_buf, ".\n..\nmeminfo\nself\nswaps\n"
	    "uptime\nvmaudit\nvmstat\n"));
	snprintf(want, sizeof(want), "\n%d\n", pid);
	KT_ASSERT(contains(procfs_kt_buf, want));
	snprintf(want, sizeof(want), "/proc/%d", pid);
	KT_EQ(list_dir(want, procfs_kt_buf, sizeof(procfs_kt_buf)), 0);
	KT_ASSERT(strcmp(procfs_kt_buf, ".\n..\nmaps\npagemap\npmd\nsmaps\n"
	    "smaps_rollup\nstat\nstatus\n") == 0);
	sleeper_release();
	KT_EQ(kthread_join(p), 0);
}

/* /proc/self is the directory of whoever looks. */
static volatile int procfs_kt_self;

static void
read_self(void *arg)
{
	char buf[512];

	if (slurp(NULL, "/proc/self/stat", buf, sizeof(buf)) > 0)
		procfs_kt_self = (int)strtoul(buf, NULL, 10);
}

KTEST(procfs_self)
{
	struct proc *p;
	int pid;

	procfs_kt_self = -1;
	p = kthread_create("procfs-self", read_self, NULL);
	KT_ASSERT(p != NULL);
	pid = p->p_pid;
	KT_EQ(kthread_join(p), 0);
	KT_EQ(procfs_kt_self, pid);
}
