/*
 * ls: list directories.
 *
 *	ls [-al] [PATH...]
 *
 * For each PATH that is a directory, ls prints the names in it, one per
 * line, sorted by byte value; for any other file, its path.  With no PATH
 * it lists ".", the working directory.  Names that start with '.' are
 * left out unless -a is given.
 * -l puts the type and permissions (as in "drwxr-xr-x") and the size in
 * bytes before each name.
 *
 * The names come from getdents64, through the library's opendir and
 * readdir; -l adds a stat of each.  An error is reported on stderr as
 * "ls: PATH: reason", and the exit status is then 1.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool show_all;		/* -a */
static bool long_format;	/* -l */

/* A directory's names, sorted. */
struct name_list {
	char	**names;
	size_t	count;
	size_t	capacity;
};

static bool
name_list_add(struct name_list *list, const char *name)
{
	char **bigger;

	if (list->count == list->capacity) {
		list->capacity = list->capacity == 0 ? 16 : list->capacity * 2;
		bigger = realloc(list->names,
		    list->capacity * sizeof(list->names[0]));
		if (bigger == NULL)
			return false;
		list->names = bigger;
	}
	if ((list->names[list->count] = strdup(name)) == NULL)
		return false;
	list->count++;
	return true;
}

/* Insertion sort: directories here hold tens of names, not thousands. */
static void
name_list_sort(struct name_list *list)
{
	for (size_t i = 1; i < list->count; i++) {
		char *name = list->names[i];
		size_t j = i;

		for (; j > 0 && strcmp(list->names[j - 1], name) > 0; j--)
			list->names[j] = list->names[j - 1];
		list->names[j] = name;
	}
}

static void
name_list_free(struct name_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->names[i]);
	free(list->names);
}

/*
 * read_names: the names in the directory at path (all of them with -a,
 * else those not starting with '.'), sorted; 0 or an errno value.
 */
static int
read_names(const char *path, struct name_list *list)
{
	struct dirent *entry;
	DIR *dir = opendir(path);
	int error = 0;

	if (dir == NULL)
		return errno;
	for (;;) {
		errno = 0;
		if ((entry = readdir(dir)) == NULL) {
			error = errno;	/* 0 at the end of the directory */
			break;
		}
		if (entry->d_name[0] == '.' && !show_all)
			continue;
		if (!name_list_add(list, entry->d_name)) {
			error = ENOMEM;
			break;
		}
	}
	closedir(dir);
	name_list_sort(list);
	return error;
}

/* mode_string: "drwxr-xr-x" for mode, in out[11]. */
static void
mode_string(mode_t mode, char *out)
{
	static const char rwx[] = "rwxrwxrwx";
	char type;

	switch (mode & S_IFMT) {
	case S_IFDIR:	type = 'd'; break;
	case S_IFCHR:	type = 'c'; break;
	case S_IFBLK:	type = 'b'; break;
	case S_IFLNK:	type = 'l'; break;
	case S_IFIFO:	type = 'p'; break;
	case S_IFSOCK:	type = 's'; break;
	default:	type = '-'; break;
	}
	out[0] = type;
	for (int i = 0; i < 9; i++)	/* bit 8 is the owner's r, bit 0 o+x */
		out[1 + i] = (mode & (1u << (8 - i))) ? rwx[i] : '-';
	out[10] = '\0';
}

/*
 * print_entry: print name, the file at path; with -l, after its mode and
 * size.  False if stat failed (and said so).
 */
static bool
print_entry(const char *path, const char *name)
{
	struct stat st;
	char mode[11];

	if (!long_format) {
		puts(name);
		return true;
	}
	if (stat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return false;
	}
	mode_string(st.st_mode, mode);
	printf("%s %10lld %s\n", mode, (long long)st.st_size, name);
	return true;
}

/* list_dir: print the entries of the directory at path. */
static bool
list_dir(const char *path)
{
	struct name_list list = { NULL, 0, 0 };
	const char *slash = path[strlen(path) - 1] == '/' ? "" : "/";
	char full[PATH_MAX];
	bool ok = true;
	int error;

	if ((error = read_names(path, &list)) != 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(error));
		ok = false;
	}
	for (size_t i = 0; i < list.count; i++) {
		/* The full path is needed only for -l's stat. */
		if (snprintf(full, sizeof(full), "%s%s%s", path, slash,
		    list.names[i]) >= (int)sizeof(full)) {
			fprintf(stderr, "ls: %s%s%s: %s\n", path, slash,
			    list.names[i], strerror(ENAMETOOLONG));
			ok = false;
			continue;
		}
		if (!print_entry(full, list.names[i]))
			ok = false;
	}
	name_list_free(&list);
	return ok;
}

/*
 * list_path: list one command-line PATH; with_header: there are several,
 * so a directory's listing starts with "PATH:", after a blank line if
 * another listing came before.
 */
static bool
list_path(const char *path, bool with_header)
{
	static bool listed_before;
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode))
		return print_entry(path, path);
	if (with_header)
		printf("%s%s:\n", listed_before ? "\n" : "", path);
	listed_before = true;
	return list_dir(path);
}

/* parse_options: -a, -l, -al...; the index of the first PATH, or -1. */
static int
parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (const char *c = argv[i] + 1; *c != '\0'; c++) {
			if (*c == 'a')
				show_all = true;
			else if (*c == 'l')
				long_format = true;
			else
				return -1;
		}
	}
	return i;
}

int
main(int argc, char **argv)
{
	int first = parse_options(argc, argv);
	bool ok = true;

	if (first < 0) {
		fprintf(stderr, "usage: ls [-al] [PATH...]\n");
		return 2;
	}
	if (first == argc)
		return list_path(".", false) ? 0 : 1;
	for (int i = first; i < argc; i++)
		if (!list_path(argv[i], argc - first > 1))
			ok = false;
	return ok ? 0 : 1;
}
