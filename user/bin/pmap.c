/*
 * pmap: a process's address space, region by region, and on Pagoda what
 * its page table holds for each 2 MiB of it.
 *
 *	pmap PID...		(PID is a number, or "self": pmap itself)
 *
 * For each region of /proc/PID/maps (Linux's format, proc(5)), a line
 * with its start address, its size, its rights ("rw-p": read, write,
 * execute, private or shared) and its name:
 *
 *	1:   init
 *	0000000000400000       4K r--p /bin/init
 *	    00400000 00401000 4k:1
 *	...
 *	00007fffff7ff000    8192K rw-p [stack]
 *	    7fffff7ff000 7fffff800000 none
 *	    7fffff800000 7fffffa00000 none
 *	    ...
 *	    7fffffe00000 7ffffffff000 4k:3
 *	 total        8220K
 *
 * The indented lines come from /proc/PID/pmd, a file of Pagoda's own: one
 * line per 2 MiB-aligned chunk of each region, "start end kind", where
 * kind says what the page table holds there: "4k:N" (N pages of 4 KiB
 * present), "2m" (one 2 MiB page), "swap:N" (N pages of 4 KiB in swap),
 * "swap2m" (a 2 MiB page in swap, as one), both "4k:N swap:M", or "none".
 * On Linux, which has no such file, pmap prints the regions alone.
 *
 * Exit status 0, or 1 if some PID has no /proc/PID/maps (no such
 * process); 2 without a PID.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A region, from a maps line. */
struct region {
	unsigned long	start;
	unsigned long	end;
	char		perms[5];
	const char	*name;		/* in the maps text, up to '\n' */
	int		namelen;
};

/*
 * read_file: the whole file at path, malloc'ed and NUL-terminated; NULL
 * (errno set) if it cannot be read.  /proc files have no size to ask
 * for, so the buffer grows until a read says the end.
 */
static char *
read_file(const char *path)
{
	size_t len = 0, size = 4096;
	char *buf = malloc(size), *bigger;
	ssize_t n;
	int fd;

	if (buf == NULL || (fd = open(path, O_RDONLY)) < 0) {
		free(buf);
		return NULL;
	}
	while ((n = read(fd, buf + len, size - 1 - len)) > 0) {
		len += (size_t)n;
		if (len == size - 1) {
			if ((bigger = realloc(buf, size * 2)) == NULL)
				break;
			buf = bigger;
			size *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* skip_field: past the next field of line and the spaces after it. */
static const char *
skip_field(const char *s)
{
	while (*s != ' ' && *s != '\n' && *s != '\0')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/*
 * parse_region: a maps line, "start-end perms offset dev inode  name",
 * into *r; false if it is not one.
 */
static bool
parse_region(const char *line, struct region *r)
{
	const char *s = line, *end;
	char *num_end;

	r->start = strtoul(s, &num_end, 16);
	if (*num_end != '-')
		return false;
	r->end = strtoul(num_end + 1, &num_end, 16);
	if (*num_end != ' ' || strlen(num_end + 1) < 4)
		return false;
	memcpy(r->perms, num_end + 1, 4);
	r->perms[4] = '\0';
	s = skip_field(num_end + 1);		/* perms */
	s = skip_field(s);			/* offset */
	s = skip_field(s);			/* dev */
	s = skip_field(s);			/* inode */
	if ((end = strchr(s, '\n')) == NULL)
		end = s + strlen(s);
	r->name = s;
	r->namelen = (int)(end - s);
	return true;
}

/*
 * print_chunks: the lines of pmd (NULL: none) that lie in r: each starts
 * with its chunk's start address, in hexadecimal.
 */
static void
print_chunks(const char *pmd, const struct region *r)
{
	const char *line = pmd, *end;
	unsigned long start;

	while (line != NULL && *line != '\0') {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		start = strtoul(line, NULL, 16);
		if (start >= r->start && start < r->end)
			printf("    %.*s\n", (int)(end - line), line);
		line = *end == '\0' ? end : end + 1;
	}
}

/* process_name: what /proc/PID/stat calls it, in name[size]; or "?". */
static void
process_name(const char *pid, char *name, size_t size)
{
	char path[64], *stat, *open, *close;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	snprintf(name, size, "?");
	if ((stat = read_file(path)) == NULL)
		return;
	open = strchr(stat, '(');
	close = strrchr(stat, ')');
	if (open != NULL && close != NULL && close > open)
		snprintf(name, size, "%.*s", (int)(close - open - 1), open + 1);
	free(stat);
}

/* pmap_one: print the address space of pid; false if there is none. */
static bool
pmap_one(const char *pid)
{
	char path[64], name[64], *maps, *pmd;
	unsigned long total = 0;
	struct region r;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	if ((maps = read_file(path)) == NULL) {
		fprintf(stderr, "pmap: %s: %s\n", path, strerror(errno));
		return false;
	}
	snprintf(path, sizeof(path), "/proc/%s/pmd", pid);
	pmd = read_file(path);			/* NULL on Linux */
	process_name(pid, name, sizeof(name));
	printf("%s:   %s\n", pid, name);
	for (const char *line = maps; *line != '\0';) {
		const char *end = strchr(line, '\n');

		if (parse_region(line, &r)) {
			printf("%016lx %7luK %s%s%.*s\n", r.start,
			    (r.end - r.start) / 1024, r.perms,
			    r.namelen > 0 ? " " : "", r.namelen, r.name);
			total += r.end - r.start;
			print_chunks(pmd, &r);
		}
		if (end == NULL)
			break;
		line = end + 1;
	}
	printf(" total %11luK\n", total / 1024);
	free(pmd);
	free(maps);
	return true;
}

/* A PID as /proc names it: digits, or "self". */
static bool
valid_pid(const char *arg)
{
	if (strcmp(arg, "self") == 0)
		return true;
	if (*arg == '\0')
		return false;
	for (; *arg != '\0'; arg++)
		if (*arg < '0' || *arg > '9')
			return false;
	return true;
}

int
main(int argc, char **argv)
{
	bool ok = true;

	if (argc < 2) {
		fprintf(stderr, "usage: pmap PID...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if (!valid_pid(argv[i])) {
			fprintf(stderr, "pmap: %s: not a process id\n",
			    argv[i]);
			ok = false;
		} else if (!pmap_one(argv[i]))
			ok = false;
	}
	return ok ? 0 : 1;
}
