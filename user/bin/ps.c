/*
 * ps: list the processes.
 *
 *	ps
 *
 * One line per process, by pid:
 *
 *	  PID  PPID STATE    RSS NAME
 *	    1     0 S         32 init
 *
 * STATE is the state (R running or runnable, S sleeping, Z zombie: exited,
 * not yet waited for), RSS the resident memory in KiB, NAME the program.
 * Kernel threads are listed too; they have no memory of their own.
 *
 * Everything comes from /proc: each directory named by a number is a
 * process, and its "stat" file one line of fields (proc(5)):
 *
 *	1 (init) S 0 0 0 0 -1 0 ... 20 0 1 0 0 8417280 8 ...
 *	^pid ^name ^state, then ppid, ... field 24 is the RSS in pages
 *
 * The name is in parentheses and may hold spaces and parentheses itself,
 * so the fields after it are counted from its last ')'.  A process that
 * ends while ps reads /proc is left out.  Exit status 0, or 1 if /proc
 * cannot be read.  The same program runs on Linux.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STAT_MAX	1024	/* a stat line is shorter */
#define NAME_MAX_LEN	64

struct process {
	long	pid;
	long	ppid;
	char	state;
	long	rss_pages;
	char	name[NAME_MAX_LEN];
};

/* read_small: up to size - 1 bytes of the file at path, NUL-terminated. */
static bool
read_small(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return len > 0;
}

/*
 * field_after: the start of field number want (counting from 3, the
 * first after the name) in s, which starts after the name's ')'; NULL if
 * the line is shorter.
 */
static const char *
field_after(const char *s, int want)
{
	int field = 2;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		if (++field == want)
			return s;
		while (*s != ' ' && *s != '\0')
			s++;
	}
	return NULL;
}

/* parse_stat: a /proc/<pid>/stat line into *p; false if malformed. */
static bool
parse_stat(const char *line, struct process *p)
{
	const char *open = strchr(line, '('), *close = strrchr(line, ')');
	const char *state, *ppid, *rss;
	size_t len;

	if (open == NULL || close == NULL || close < open)
		return false;
	p->pid = strtol(line, NULL, 10);
	len = (size_t)(close - open - 1);
	if (len >= sizeof(p->name))
		len = sizeof(p->name) - 1;
	memcpy(p->name, open + 1, len);
	p->name[len] = '\0';
	state = field_after(close + 1, 3);
	ppid = field_after(close + 1, 4);
	rss = field_after(close + 1, 24);
	if (state == NULL || ppid == NULL || rss == NULL)
		return false;
	p->state = *state;
	p->ppid = strtol(ppid, NULL, 10);
	p->rss_pages = strtol(rss, NULL, 10);
	return true;
}

/* is_pid: is name all digits (a process's directory)? */
static bool
is_pid(const char *name)
{
	if (*name == '\0')
		return false;
	for (; *name != '\0'; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

/* add_process: read /proc/<name>/stat onto the list; false if out of memory. */
static bool
add_process(const char *name, struct process **list, size_t *count,
    size_t *capacity)
{
	char path[64], line[STAT_MAX];
	struct process p, *bigger;

	snprintf(path, sizeof(path), "/proc/%s/stat", name);
	if (!read_small(path, line, sizeof(line)) || !parse_stat(line, &p))
		return true;		/* gone meanwhile: leave it out */
	if (*count == *capacity) {
		*capacity = *capacity == 0 ? 32 : *capacity * 2;
		bigger = realloc(*list, *capacity * sizeof(**list));
		if (bigger == NULL)
			return false;
		*list = bigger;
	}
	(*list)[(*count)++] = p;
	return true;
}

/* Insertion sort by pid: there are tens of processes, not thousands. */
static void
sort_by_pid(struct process *list, size_t count)
{
	for (size_t i = 1; i < count; i++) {
		struct process p = list[i];
		size_t j = i;

		for (; j > 0 && list[j - 1].pid > p.pid; j--)
			list[j] = list[j - 1];
		list[j] = p;
	}
}

int
main(int argc, char **argv)
{
	struct process *list = NULL;
	size_t count = 0, capacity = 0;
	long kib_per_page = getpagesize() / 1024;
	struct dirent *entry;
	DIR *proc;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	if ((proc = opendir("/proc")) == NULL) {
		fprintf(stderr, "ps: /proc: %s\n", strerror(errno));
		return 1;
	}
	while ((entry = readdir(proc)) != NULL) {
		if (is_pid(entry->d_name) &&
		    !add_process(entry->d_name, &list, &count, &capacity)) {
			fprintf(stderr, "ps: %s\n", strerror(ENOMEM));
			closedir(proc);
			return 1;
		}
	}
	closedir(proc);
	sort_by_pid(list, count);
	printf("%5s %5s %-5s %6s %s\n", "PID", "PPID", "STATE", "RSS", "NAME");
	for (size_t i = 0; i < count; i++)
		printf("%5ld %5ld %-5c %6ld %s\n", list[i].pid, list[i].ppid,
		    list[i].state, list[i].rss_pages * kib_per_page,
		    list[i].name);
	free(list);
	return 0;
}
