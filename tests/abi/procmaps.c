/*
 * procmaps.c: /proc/self/maps, the kernel's own account of an address
 * space, read the way tools (pmap, gdb, sanitizers) read it.  Each line is
 *
 *	start-end perms offset major:minor inode [name]
 *	00400000-00401000 r--p 00000000 08:01 1234    /path/to/program
 *
 * with hex addresses, start < end, perms four characters [r-][w-][x-][ps],
 * lines sorted by address and not overlapping.  Every line is checked for
 * that shape.  Then the program prints only facts that hold on any kernel
 * that lays memory out its own way: the perms of the mapping that holds
 * main(), a constant, a global, a stack variable and a malloc'd block; that
 * an mmap'd region is one line of exactly its size, that mprotect() of its
 * middle splits it in three, and that munmap() makes it vanish.
 *
 * Not printed, because they differ between kernels: the number of lines,
 * file names and inodes (Pagoda has no files behind its mappings), and
 * Linux's [vvar], [vdso] and [vsyscall].
 *
 * Machine-specific lines: the mmap address, printed in braces ("{0x...}").
 * The name of the malloc'd block's mapping depends on the C library: glibc
 * takes 100 KiB from brk ("[heap]"); musl from mmap (no name).
 *
 * Under qemu-aarch64 (user-mode emulation, the arm64 reference run) the
 * maps are QEMU's own rendition, and QEMU 7.2 does not name the brk
 * region: glibc's block shows as "(anonymous)" there, where Linux on a
 * real arm64 machine and Pagoda say "[heap]".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_MAPPINGS	512
#define REGION_SIZE	(64 << 10)

struct mapping {
	unsigned long	 start, end;
	char		 perms[5];
	const char	*name;		/* "" for an anonymous mapping */
};

static char maps_text[64 << 10];
static struct mapping mappings[MAX_MAPPINGS];
static int nmappings;

int initialized_global = 1;		/* .data */
static const char constant[] = "rodata";

/* Read the whole file at once: reading it in pieces while we malloc or
 * mmap would describe an address space that no longer exists. */
static void
read_maps_text(void)
{
	size_t length = 0;
	ssize_t n;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0) {
		printf("open /proc/self/maps: %s\n", strerror(errno));
		exit(1);
	}
	while ((n = read(fd, maps_text + length,
	    sizeof(maps_text) - 1 - length)) > 0)
		length += n;
	close(fd);
	maps_text[length] = '\0';
}

/* One line into *m; 0 if it has the Linux shape, -1 if not.  The line is
 * cut up in place so that m->name can point into it. */
static int
parse_line(char *line, struct mapping *m)
{
	unsigned long offset, inode;
	unsigned major, minor;
	int end_of_fields = 0;
	size_t hex = strspn(line, "0123456789abcdef");

	if (hex == 0 || line[hex] != '-' ||
	    strspn(line + hex + 1, "0123456789abcdef") == 0)
		return -1;
	if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &m->start, &m->end,
	    m->perms, &offset, &major, &minor, &inode, &end_of_fields) < 7 ||
	    end_of_fields == 0)
		return -1;
	if (strlen(m->perms) != 4 || strchr("r-", m->perms[0]) == NULL ||
	    strchr("w-", m->perms[1]) == NULL ||
	    strchr("x-", m->perms[2]) == NULL ||
	    strchr("ps", m->perms[3]) == NULL)
		return -1;
	m->name = line + end_of_fields;
	return m->start < m->end ? 0 : -1;
}

/* Re-read and parse the maps; stop the test at the first bad line. */
static void
load_maps(void)
{
	char *line, *next;

	read_maps_text();
	nmappings = 0;
	for (line = maps_text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL) {
			printf("maps: last line has no newline\n");
			exit(1);
		}
		*next++ = '\0';
		if (nmappings == MAX_MAPPINGS ||
		    parse_line(line, &mappings[nmappings]) != 0) {
			printf("maps: malformed line '%s'\n", line);
			exit(1);
		}
		if (nmappings > 0 &&
		    mappings[nmappings].start < mappings[nmappings - 1].end) {
			printf("maps: out of order or overlapping '%s'\n", line);
			exit(1);
		}
		nmappings++;
	}
}

static const struct mapping *
find_mapping(const void *address)
{
	unsigned long a = (unsigned long)address;

	for (int i = 0; i < nmappings; i++)
		if (mappings[i].start <= a && a < mappings[i].end)
			return &mappings[i];
	return NULL;
}

static int
has_line_named(const char *name)
{
	for (int i = 0; i < nmappings; i++)
		if (strcmp(mappings[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * "what: perms" for the mapping holding `address`, and with `show_name`
 * its name too.  Only ask for the name of kernel-named ([stack], [heap])
 * or anonymous mappings: a file mapping is named by a path on Linux and
 * not at all on Pagoda.
 */
static void
print_mapping_of(const char *what, const void *address, int show_name)
{
	const struct mapping *m = find_mapping(address);

	if (m == NULL)
		printf("%s: in no mapping\n", what);
	else if (!show_name)
		printf("%s: %s\n", what, m->perms);
	else
		printf("%s: %s %s\n", what, m->perms,
		    m->name[0] != '\0' ? m->name : "(anonymous)");
}

/* The lines that overlap [start, start + size), as "perms size" pairs. */
static void
print_lines_within(const char *what, const char *start, size_t size)
{
	unsigned long first = (unsigned long)start, last = first + size;
	int lines = 0;

	printf("%s:", what);
	for (int i = 0; i < nmappings; i++) {
		if (mappings[i].end <= first || mappings[i].start >= last)
			continue;
		printf(" %s %lu", mappings[i].perms,
		    mappings[i].end - mappings[i].start);
		lines++;
	}
	printf("%s (%d line%s)\n", lines == 0 ? " nothing" : "", lines,
	    lines == 1 ? "" : "s");
}

/*
 * A fresh 64 KiB region: one line, exactly 64 KiB.  Making its middle
 * 16 KiB writable splits it into three lines; munmap() removes them all.
 * The region is read-only at first so that the kernel has no neighbour to
 * merge it with (Linux merges adjacent anonymous mappings of equal perms).
 */
static void
check_mmap_region(void)
{
	char *region = mmap(NULL, REGION_SIZE, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (region == MAP_FAILED) {
		printf("mmap: %s\n", strerror(errno));
		exit(1);
	}
	printf("mmap 64 KiB PROT_READ at {%p}\n", (void *)region);
	load_maps();
	print_lines_within("mmap", region, REGION_SIZE);
	if (mprotect(region + 24 * 1024, 16 * 1024,
	    PROT_READ | PROT_WRITE) != 0)
		printf("mprotect: %s\n", strerror(errno));
	load_maps();
	print_lines_within("mprotect middle 16 KiB rw", region, REGION_SIZE);
	if (munmap(region, REGION_SIZE) != 0)
		printf("munmap: %s\n", strerror(errno));
	load_maps();
	print_lines_within("munmap", region, REGION_SIZE);
}

int
main(void)
{
	int stack_variable = 0;
	char *block = malloc(100 << 10);

	if (block == NULL) {
		printf("malloc: out of memory\n");
		return 1;
	}
	block[0] = 1;
	load_maps();
	printf("maps: every line well-formed, sorted, disjoint\n");
	printf("maps: a line named [stack]: %s\n",
	    has_line_named("[stack]") ? "yes" : "no");
	/* Casting a function pointer to void * is not ISO C but is POSIX. */
	print_mapping_of("main", (const void *)(uintptr_t)main, 0);
	print_mapping_of("string constant", constant, 0);
	print_mapping_of("initialized global", &initialized_global, 0);
	print_mapping_of("stack variable", &stack_variable, 1);
	print_mapping_of("malloc 100 KiB", block, 1);
	free(block);
	check_mmap_region();
	return 0;
}
