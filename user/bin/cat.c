/*
 * cat: copy files, in order, to stdout.
 *
 *	cat [FILE...]
 *
 * With no FILE, or for a FILE of "-", cat copies its standard input.  A
 * file that cannot be opened or read is reported on stderr as
 * "cat: FILE: reason" and skipped; the exit status is then 1.
 *
 * The copy uses read(2) and write(2) directly, not stdio: the data may be
 * anything, and a buffer of it goes out in one write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* write_all: write all n bytes of buf to fd (write may take only part). */
static bool
write_all(int fd, const char *buf, size_t n)
{
	ssize_t done;

	while (n > 0) {
		done = write(fd, buf, n);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return false;
		buf += done;
		n -= (size_t)done;
	}
	return true;
}

/*
 * copy_fd: copy fd to stdout until the end of the file; true, or false
 * after saying what went wrong (name is the file's name for messages).
 */
static bool
copy_fd(int fd, const char *name)
{
	static char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return true;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return false;
		}
		if (!write_all(STDOUT_FILENO, buf, (size_t)n)) {
			fprintf(stderr, "cat: write error: %s\n",
			    strerror(errno));
			return false;
		}
	}
}

/* cat_file: copy the file at path ("-": stdin) to stdout. */
static bool
cat_file(const char *path)
{
	bool ok;
	int fd;

	if (strcmp(path, "-") == 0)
		return copy_fd(STDIN_FILENO, "stdin");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "cat: %s: %s\n", path, strerror(errno));
		return false;
	}
	ok = copy_fd(fd, path);
	close(fd);
	return ok;
}

int
main(int argc, char **argv)
{
	bool ok = true;

	if (argc < 2)
		return cat_file("-") ? 0 : 1;
	for (int i = 1; i < argc; i++)
		if (!cat_file(argv[i]))
			ok = false;
	return ok ? 0 : 1;
}
