/*
 * vmstat: the VM's counters, from /proc/vmstat.
 *
 *	vmstat                 every counter, "name value", one a line
 *	vmstat N [COUNT]       the main counters, every N seconds
 *
 * /proc/vmstat has one "name value" line per counter (proc(5)).  Most
 * count events since boot (pgfault: page faults); a few, named nr_...,
 * say how much of something there is now (nr_free_pages).  The names
 * are Linux's where the idea is the same, so this runs on Linux too; the
 * pagoda_ ones are Pagoda's own (docs/files.md).
 *
 * With an interval N, vmstat prints a line of the main counters every N
 * seconds: free and anon memory as they are (KiB), and for the events,
 * how many happened during the last N seconds; the first line has the
 * events since boot instead.  It goes on forever, or for COUNT lines.  A
 * counter the system does not have is shown as "-".
 *
 *	  free_kb   anon_kb   pgfault   pgalloc    pgfree    pswpin   pswpout ...
 *	   127408       124       512       600        80         0         0 ...
 *
 * and then thp_alloc (thp_fault_alloc), cow_copy (pagoda_cow_copy),
 * syscalls and ctxsw (context switches).
 *
 * Exit status 0; 1 if /proc/vmstat cannot be read; 2 for bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VMSTAT_MAX	65536	/* Linux's is about 5 KiB */

/* A column of the interval report. */
struct column {
	const char	*header;
	const char	*counter;	/* its /proc/vmstat name */
	bool		level;		/* a level (in pages), not an event */
};

static const struct column columns[] = {
	{ "free_kb", "nr_free_pages", true },
	{ "anon_kb", "nr_anon_pages", true },
	{ "pgfault", "pgfault", false },
	{ "pgalloc", "pgalloc_normal", false },
	{ "pgfree", "pgfree", false },
	{ "pswpin", "pswpin", false },
	{ "pswpout", "pswpout", false },
	{ "thp_alloc", "thp_fault_alloc", false },
	{ "cow_copy", "pagoda_cow_copy", false },
	{ "syscalls", "pagoda_syscalls", false },
	{ "ctxsw", "pagoda_context_switches", false },
};

#define NCOLUMNS	(sizeof(columns) / sizeof(columns[0]))

static char text[VMSTAT_MAX];

/* read_vmstat: /proc/vmstat into text; false (errno set) if unreadable. */
static bool
read_vmstat(void)
{
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/vmstat", O_RDONLY);

	if (fd < 0)
		return false;
	while (len < sizeof(text) - 1 &&
	    (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	text[len] = '\0';
	return len > 0;
}

/* counter: the value of "name value" in text; -1 if there is none. */
static long long
counter(const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; *line != '\0';) {
		if (strncmp(line, name, len) == 0 && line[len] == ' ')
			return strtoll(line + len + 1, NULL, 10);
		if ((line = strchr(line, '\n')) == NULL)
			break;
		line++;
	}
	return -1;
}

/* print_all: every line of /proc/vmstat, the values in a column. */
static void
print_all(void)
{
	const char *line = text, *end, *space;

	while (*line != '\0') {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		space = memchr(line, ' ', (size_t)(end - line));
		if (space != NULL)
			printf("%-32.*s %.*s\n", (int)(space - line), line,
			    (int)(end - space - 1), space + 1);
		line = *end == '\0' ? end : end + 1;
	}
}

/* A column's width: its header's, but at least 9 (a counter grows). */
static int
column_width(const struct column *c)
{
	int len = (int)strlen(c->header);

	return len < 9 ? 9 : len;
}

static void
print_header(void)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		printf(" %*s", column_width(&columns[i]), columns[i].header);
	putchar('\n');
}

/*
 * print_line: one line of the interval report: levels as they are now,
 * events since last[] (all 0 the first time: since boot); then last[]
 * becomes now.
 */
static void
print_line(long long *last)
{
	long kib_per_page = getpagesize() / 1024;
	int width;

	for (size_t i = 0; i < NCOLUMNS; i++) {
		long long now = counter(columns[i].counter);

		width = column_width(&columns[i]);
		if (now < 0)
			printf(" %*s", width, "-");
		else if (columns[i].level)
			printf(" %*lld", width, now * kib_per_page);
		else
			printf(" %*lld", width, now - last[i]);
		last[i] = now < 0 ? 0 : now;
	}
	putchar('\n');
	fflush(stdout);
}

/* A positive number from an argument, or -1 if it is not one. */
static long
positive(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	return *arg != '\0' && *end == '\0' && n > 0 ? n : -1;
}

int
main(int argc, char **argv)
{
	long long last[NCOLUMNS] = { 0 };
	long interval = -1, count = -1;

	if (argc > 3 || (argc > 1 && (interval = positive(argv[1])) < 0) ||
	    (argc > 2 && (count = positive(argv[2])) < 0)) {
		fprintf(stderr, "usage: vmstat [SECONDS [COUNT]]\n");
		return 2;
	}
	if (!read_vmstat()) {
		fprintf(stderr, "vmstat: /proc/vmstat: %s\n", strerror(errno));
		return 1;
	}
	if (interval < 0) {
		print_all();
		return 0;
	}
	print_header();
	for (long n = 0;;) {
		print_line(last);
		if (count > 0 && ++n == count)
			return 0;
		sleep((unsigned int)interval);
		if (!read_vmstat()) {
			fprintf(stderr, "vmstat: /proc/vmstat: %s\n",
			    strerror(errno));
			return 1;
		}
	}
}
