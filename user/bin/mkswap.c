/*
 * mkswap: make a disk (or a file) a swap area, in Linux's format.
 *
 *	mkswap [-L LABEL] PATH [PAGES]
 *
 * Writes the swap header (vm/swap_header.h draws it) into the first page
 * of PATH: version 1, the last usable page, no bad pages, a random UUID,
 * LABEL, and the "SWAPSPACE2" signature at the page's end.  The area is
 * the whole of PATH (its size from lseek(SEEK_END)), or its first PAGES
 * 4 KiB pages.  The first 1024 bytes are left as they were, as
 * util-linux's mkswap leaves them.  The same program runs on Linux (on
 * an image file: tools/check.sh uses it to prepare disks) and on Pagoda
 * (on /dev/vda); swapon(2) takes what util-linux's mkswap writes too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE		4096
#define MAGIC_OFF	(PAGE - 10)
#define VERSION_OFF	1024
#define LAST_PAGE_OFF	1028
#define UUID_OFF	1036
#define LABEL_OFF	1052

static void
put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Fill the header of an area of pages pages into page (its first 1024
 * bytes already hold what PATH had there). */
static void
fill_header(unsigned char *page, uint32_t pages, const char *label)
{
	memset(page + VERSION_OFF, 0, PAGE - VERSION_OFF);
	put32(page + VERSION_OFF, 1);
	put32(page + LAST_PAGE_OFF, pages - 1);
	if (syscall(SYS_getrandom, page + UUID_OFF, 16, 0) != 16)
		memset(page + UUID_OFF, 0x5a, 16);
	page[UUID_OFF + 6] = (unsigned char)((page[UUID_OFF + 6] & 0x0f) |
	    0x40);			/* a random (version 4) UUID */
	page[UUID_OFF + 8] = (unsigned char)((page[UUID_OFF + 8] & 0x3f) |
	    0x80);
	strncpy((char *)page + LABEL_OFF, label, 16);
	memcpy(page + MAGIC_OFF, "SWAPSPACE2", 10);
}

static int
usage(void)
{
	fprintf(stderr, "usage: mkswap [-L LABEL] PATH [PAGES]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static unsigned char page[PAGE] __attribute__((aligned(PAGE)));
	const char *label = "", *path;
	long long size, pages;
	int fd, i = 1;

	if (argc > 2 && strcmp(argv[1], "-L") == 0) {
		label = argv[2];
		i = 3;
	}
	if (argc - i < 1 || argc - i > 2)
		return usage();
	path = argv[i];
	if ((fd = open(path, O_RDWR)) < 0 ||
	    (size = lseek(fd, 0, SEEK_END)) < 0) {
		fprintf(stderr, "mkswap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	pages = argc - i == 2 ? atol(argv[i + 1]) : size / PAGE;
	if (pages < 2 || pages > size / PAGE || pages > 0xffffffffLL) {
		fprintf(stderr, "mkswap: %s: %lld pages: too small, or more "
		    "than it holds\n", path, pages);
		return 1;
	}
	if (pread(fd, page, PAGE, 0) != PAGE) {
		fprintf(stderr, "mkswap: %s: cannot read its first page\n",
		    path);
		return 1;
	}
	fill_header(page, (uint32_t)pages, label);
	if (pwrite(fd, page, PAGE, 0) != PAGE || fdatasync(fd) != 0) {
		fprintf(stderr, "mkswap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("Setting up swapspace version 1, size = %lld KiB\n",
	    (pages - 1) * (PAGE / 1024));
	return 0;
}
