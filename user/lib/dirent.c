/*
 * dirent.c: directory streams on top of getdents64.
 *
 * A DIR holds one buffer of records from the kernel; readdir hands them
 * out in order and refills the buffer when it is used up.  The struct
 * dirent a caller gets points into that buffer, so it is valid until the
 * next readdir or closedir.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "libc.h"

struct dir_stream {
	int	fd;
	size_t	pos;		/* the next record in buf */
	size_t	len;		/* bytes of records in buf */
	_Alignas(struct dirent) char buf[2048];
};

DIR *
opendir(const char *path)
{
	DIR *dir;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	dir = malloc(sizeof(*dir));
	if (dir == NULL) {
		close(fd);
		return NULL;
	}
	dir->fd = fd;
	dir->pos = dir->len = 0;
	return dir;
}

struct dirent *
readdir(DIR *dir)
{
	struct dirent *entry;
	ssize_t n;

	if (dir->pos >= dir->len) {
		n = getdents64(dir->fd, dir->buf, sizeof(dir->buf));
		if (n <= 0)
			return NULL;	/* the end, or an error in errno */
		dir->len = (size_t)n;
		dir->pos = 0;
	}
	entry = (struct dirent *)(dir->buf + dir->pos);
	dir->pos += entry->d_reclen;
	return entry;
}

int
closedir(DIR *dir)
{
	int ret = close(dir->fd);

	free(dir);
	return ret;
}
