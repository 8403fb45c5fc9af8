/*
 * dirent.h: reading directories (lib/dirent.c).
 *
 * getdents64 is the system call: it fills buf with as many whole
 * struct dirent records as fit, each d_reclen bytes long (the name is
 * NUL-terminated and the record padded to 8 bytes), and returns the
 * number of bytes used, 0 at the end of the directory.  opendir/readdir
 * walk those records one at a time.
 */
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>

/* The kernel's struct linux_dirent64. */
struct dirent {
	ino_t		d_ino;		/* 0: inode number */
	off_t		d_off;		/* 8: the next record's cookie */
	unsigned short	d_reclen;	/* 16: length of this record */
	unsigned char	d_type;		/* 18: DT_* */
	char		d_name[256];	/* 19: NUL-terminated; may be shorter */
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

typedef struct dir_stream DIR;

ssize_t	getdents64(int fd, void *buf, size_t size);

DIR	*opendir(const char *path);	/* NULL and errno on failure */
struct dirent *readdir(DIR *dir);	/* NULL at the end (errno kept) */
int	closedir(DIR *dir);

#endif /* !_DIRENT_H_ */
