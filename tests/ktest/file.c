/*
 * file.c: in-kernel tests of open files and descriptor tables
 * (kernel/file.c), through the kernel-level calls the system calls use:
 * file_open(), file_read() into a kernel buffer (UIO_SYSSPACE), and so on.
 *
 * They run without a user process, over an archive of their own that
 * file_kt_mount() builds below and makes the root with file_set_rootfs();
 * the kernel's initramfs_boot is never touched (a test boot does not even
 * mount it).  The archive is made at run time, by a tiny cpio writer, so
 * that one file can be bigger than the file layer's copy buffer and a
 * read of it must come in pieces.  Every test closes what it opens, so
 * the runner's free-page check holds the file layer to its kfree()s.
 *
 * file_console writes one line to the console; "file: hello from the
 * file layer" in the log is expected.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/ktest.h"

/* The test archive (member order is readdir order):
 *
 *	bin/big		1500 bytes of file_kt_byte(i): three pieces of 512
 *	bin/sh		"#!sh\n"
 *	bin/link	-> sh
 *	bin/abs		-> /etc/motd
 *	bin/loop	-> loop
 *	etc/		a directory member
 *	etc/motd	"hello, pagoda\n"
 *	etc/up		-> ../bin
 *	etc/fifo	a fifo
 *
 * "/" and "/bin" are implicit directories.
 */
#define KT_BIG_SIZE	1500

static uint64_t file_kt_space[8192 / sizeof(uint64_t)];
static struct initramfs file_kt_fs;
static bool file_kt_ready;

struct kt_cpio {
	uint8_t		*buf;
	size_t		size;
	size_t		off;
	uint32_t	ino;
	bool		overflow;
};

static uint8_t
file_kt_byte(size_t i)
{
	return (uint8_t)(i * 7 + i / 256 + 3);
}

/* Append one newc member (header, name, data, each padded to 4). */
static void
kt_cpio_add(struct kt_cpio *c, const char *name, uint32_t mode,
    const void *data, size_t size)
{
	size_t namesize = strlen(name) + 1;
	char hdr[112];

	if (c->off + 110 + namesize + size + 8 > c->size) {
		c->overflow = true;
		return;
	}
	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X"
	    "%08X%08X%08X%08X%08X%08X", c->ino++, mode, 0, 0, 1, 0,
	    (unsigned)size, 0, 0, 0, 0, (unsigned)namesize, 0);
	memcpy(c->buf + c->off, hdr, 110);
	memcpy(c->buf + c->off + 110, name, namesize);
	c->off = roundup2(c->off + 110 + namesize, 4);
	memcpy(c->buf + c->off, data, size);
	c->off = roundup2(c->off + size, 4);
}

static void
kt_cpio_build(struct kt_cpio *c)
{
	static uint8_t big[KT_BIG_SIZE];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = file_kt_byte(i);
	kt_cpio_add(c, "bin/big", S_IFREG | 0644, big, sizeof(big));
	kt_cpio_add(c, "bin/sh", S_IFREG | 0755, "#!sh\n", 5);
	kt_cpio_add(c, "bin/link", S_IFLNK | 0777, "sh", 2);
	kt_cpio_add(c, "bin/abs", S_IFLNK | 0777, "/etc/motd", 9);
	kt_cpio_add(c, "bin/loop", S_IFLNK | 0777, "loop", 4);
	kt_cpio_add(c, "etc", S_IFDIR | 0755, NULL, 0);
	kt_cpio_add(c, "etc/motd", S_IFREG | 0644, "hello, pagoda\n", 14);
	kt_cpio_add(c, "etc/up", S_IFLNK | 0777, "../bin", 6);
	kt_cpio_add(c, "etc/fifo", S_IFIFO | 0644, NULL, 0);
	c->ino = 0;
	kt_cpio_add(c, "TRAILER!!!", 0, NULL, 0);
}

/*
 * Make the test archive the root; the root before, or NULL (a failure
 * recorded in kt) if the archive would not build.
 */
static struct initramfs *
file_kt_mount(struct ktest_ctx *kt)
{
	struct kt_cpio c = { (uint8_t *)file_kt_space, sizeof(file_kt_space),
	    0, 1, false };

	if (!file_kt_ready) {
		memset(file_kt_space, 0, sizeof(file_kt_space));
		kt_cpio_build(&c);
		if (c.overflow || initramfs_init(&file_kt_fs, c.buf,
		    c.off) != 0) {
			ktest_fail(kt, __FILE__, __LINE__, "no test archive");
			return NULL;
		}
		file_kt_ready = true;
	}
	return file_set_rootfs(&file_kt_fs);
}

/*
 * FILE_KTEST(name): a test that runs with the test archive as the root
 * and puts the kernel's back however it ends.
 */
#define FILE_KTEST(tname)						\
	static void file_kt_##tname(struct ktest_ctx *kt);		\
	KTEST(tname)							\
	{								\
		struct initramfs *old = file_kt_mount(kt);		\
									\
		if (old != NULL) {					\
			file_kt_##tname(kt);				\
			file_set_rootfs(old);				\
		}							\
	}								\
	static void file_kt_##tname(struct ktest_ctx *kt)

/* Open path, read it whole into buf: the bytes read, or an error. */
static ssize_t
kt_slurp(const char *path, int flags, char *buf, size_t len)
{
	struct file *fp;
	ssize_t n;
	int error;

	if ((error = file_open(NULL, path, flags, &fp)) != 0)
		return error;
	n = file_read(fp, buf, len, UIO_SYSSPACE);
	file_drop(fp);
	return n;
}

FILE_KTEST(file_read_seek)
{
	struct file *fp;
	char buf[32];

	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY, &fp), 0);
	KT_EQ(file_read(fp, buf, 5, UIO_SYSSPACE), 5);
	KT_ASSERT(memcmp(buf, "hello", 5) == 0);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), 5);
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_SYSSPACE), 9);
	KT_ASSERT(memcmp(buf, ", pagoda\n", 9) == 0);
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_SYSSPACE), 0);
	KT_EQ(file_read(fp, buf, 0, UIO_SYSSPACE), 0);
	KT_EQ(file_lseek(fp, -7, SEEK_END), 7);
	KT_EQ(file_read(fp, buf, 4, UIO_SYSSPACE), 4);
	KT_ASSERT(memcmp(buf, "pago", 4) == 0);
	KT_EQ(file_lseek(fp, -1, SEEK_SET), -EINVAL);
	KT_EQ(file_lseek(fp, -12, SEEK_CUR), -EINVAL);
	KT_EQ(file_lseek(fp, 0, 7), -EINVAL);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), 11);		/* unchanged */
	KT_EQ(file_lseek(fp, INT64_MAX, SEEK_SET), INT64_MAX);
	KT_EQ(file_lseek(fp, 1, SEEK_CUR), -EINVAL);	/* overflow */
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_SYSSPACE), 0);
	KT_EQ(file_write(fp, "x", 1, UIO_SYSSPACE), -EBADF);
	file_drop(fp);
}

/* A read bigger than the copy buffer comes through in pieces. */
FILE_KTEST(file_read_pieces)
{
	static char buf[KT_BIG_SIZE + 100];
	struct file *fp;
	size_t i;

	KT_EQ(kt_slurp("/bin/big", O_RDONLY, buf, sizeof(buf)), KT_BIG_SIZE);
	for (i = 0; i < KT_BIG_SIZE && (uint8_t)buf[i] == file_kt_byte(i); i++)
		continue;
	KT_EQ(i, KT_BIG_SIZE);
	KT_EQ(file_open(NULL, "/bin/big", O_RDONLY, &fp), 0);
	KT_EQ(file_lseek(fp, 700, SEEK_SET), 700);
	KT_EQ(file_read(fp, buf, 600, UIO_SYSSPACE), 600);
	for (i = 0; i < 600 && (uint8_t)buf[i] == file_kt_byte(700 + i); i++)
		continue;
	KT_EQ(i, 600);
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_SYSSPACE), 200);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), KT_BIG_SIZE);
	file_drop(fp);
}

/* A user-space buffer pointing into the kernel is refused, not used. */
FILE_KTEST(file_user_buffer_in_kernel)
{
	struct file *fp;
	char buf[4];

	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY, &fp), 0);
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_USERSPACE), -EFAULT);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), 0);		/* nothing read */
	KT_EQ(file_getdents(fp, buf, sizeof(buf), UIO_SYSSPACE), -ENOTDIR);
	file_drop(fp);
	KT_EQ(file_open(NULL, "/bin", O_RDONLY, &fp), 0);
	KT_EQ(file_getdents(fp, (void *)0xfffffffffffff000UL, 512,
	    UIO_USERSPACE), -EFAULT);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), 0);
	file_drop(fp);
}

FILE_KTEST(file_open_errors)
{
	struct file *fp;

	KT_EQ(file_open(NULL, "/etc/nothing", O_RDONLY, &fp), -ENOENT);
	KT_ASSERT(fp == NULL);
	KT_EQ(file_open(NULL, "/nodir/x", O_RDONLY | O_CREAT, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY | O_DIRECTORY, &fp),
	    -ENOTDIR);
	KT_EQ(file_open(NULL, "/etc/motd/", O_RDONLY, &fp), -ENOTDIR);
	KT_EQ(file_open(NULL, "/etc/motd/x", O_RDONLY, &fp), -ENOTDIR);
	KT_EQ(file_open(NULL, "/etc/motd", O_WRONLY, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/etc/motd", O_RDWR, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY | O_TRUNC, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/etc/new", O_WRONLY | O_CREAT, &fp), -EROFS);
	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY | O_CREAT | O_EXCL, &fp),
	    -EEXIST);
	KT_EQ(file_open(NULL, "/etc", O_WRONLY, &fp), -EISDIR);
	KT_EQ(file_open(NULL, "/etc/fifo", O_RDONLY, &fp), -ENXIO);
	KT_EQ(file_open(NULL, "/etc/motd", O_ACCMODE, &fp), -EINVAL);
	KT_ASSERT(fp == NULL);
}

/* Relative paths: from "/" (a NULL directory), or from a dir. */
FILE_KTEST(file_relative_paths)
{
	struct file *dir, *fp;
	char buf[16];

	KT_EQ(kt_slurp("etc/../bin/./sh", O_RDONLY, buf, sizeof(buf)), 5);
	KT_EQ(kt_slurp("//etc///motd", O_RDONLY, buf, sizeof(buf)), 14);
	KT_EQ(file_open(NULL, "/etc", O_RDONLY | O_DIRECTORY, &dir), 0);
	KT_EQ(file_open(dir, "motd", O_RDONLY, &fp), 0);
	KT_EQ(file_read(fp, buf, 5, UIO_SYSSPACE), 5);
	KT_ASSERT(memcmp(buf, "hello", 5) == 0);
	file_drop(fp);
	KT_EQ(file_open(dir, "../bin/sh", O_RDONLY, &fp), 0);
	KT_EQ(fp->f_node.size, 5);
	file_drop(fp);
	KT_EQ(file_open(dir, "/bin/sh", O_RDONLY, &fp), 0);	/* absolute */
	file_drop(fp);
	KT_EQ(file_open(&console_file, "motd", O_RDONLY, &fp), -ENOTDIR);
	file_drop(dir);
}

FILE_KTEST(file_symlinks)
{
	struct linux_stat st;
	struct file *fp;
	char buf[16];

	KT_EQ(kt_slurp("/bin/link", O_RDONLY, buf, sizeof(buf)), 5);
	KT_ASSERT(memcmp(buf, "#!sh\n", 5) == 0);
	KT_EQ(kt_slurp("/bin/abs", O_RDONLY, buf, sizeof(buf)), 14);
	KT_EQ(kt_slurp("/etc/up/sh", O_RDONLY, buf, sizeof(buf)), 5);
	KT_EQ(kt_slurp("/etc/up/../etc/motd", O_RDONLY, buf, sizeof(buf)),
	    14);					/* ".." of /bin */
	KT_EQ(kt_slurp("/bin/loop", O_RDONLY, buf, sizeof(buf)), -ELOOP);
	KT_EQ(kt_slurp("/bin/link", O_RDONLY | O_NOFOLLOW, buf, sizeof(buf)),
	    -ELOOP);
	KT_EQ(file_open(NULL, "/bin/link/", O_RDONLY, &fp), -ENOTDIR);
	KT_EQ(file_open(NULL, "/etc/up/", O_RDONLY | O_DIRECTORY, &fp), 0);
	KT_ASSERT(strcmp(fp->f_path, "/bin") == 0);
	file_drop(fp);
	KT_EQ(file_stat_path(NULL, "/bin/link", AT_SYMLINK_NOFOLLOW, &st), 0);
	KT_EQ(st.st_mode, S_IFLNK | 0777);
	KT_EQ(st.st_size, 2);
	KT_EQ(file_stat_path(NULL, "/bin/link", 0, &st), 0);
	KT_EQ(st.st_mode, S_IFREG | 0755);
	KT_EQ(file_readlink(NULL, "/bin/abs", buf, sizeof(buf), UIO_SYSSPACE),
	    9);
	KT_ASSERT(memcmp(buf, "/etc/motd", 9) == 0);
	KT_EQ(file_readlink(NULL, "/bin/abs", buf, 4, UIO_SYSSPACE), 4);
	KT_EQ(file_readlink(NULL, "/etc/motd", buf, 4, UIO_SYSSPACE), -EINVAL);
	KT_EQ(file_readlink(NULL, "/etc/up/link", buf, 4, UIO_SYSSPACE), 2);
}

FILE_KTEST(file_stat)
{
	struct linux_stat st, st2;
	struct file *fp;

	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY, &fp), 0);
	KT_EQ(file_stat(fp, &st), 0);
	file_drop(fp);
	KT_EQ(st.st_mode, S_IFREG | 0644);
	KT_EQ(st.st_size, 14);
	KT_EQ(st.st_nlink, 1);
	KT_EQ(st.st_blksize, 4096);
	KT_EQ(st.st_blocks, 1);
	KT_EQ(st.st_rdev, 0);
	KT_EQ(file_stat_path(NULL, "/bin/../etc/motd", 0, &st2), 0);
	KT_EQ(st2.st_ino, st.st_ino);
	KT_EQ(st2.st_dev, st.st_dev);
	KT_EQ(file_stat_path(NULL, "/bin/big", 0, &st), 0);
	KT_EQ(st.st_blocks, 3);
	KT_EQ(file_stat_path(NULL, "/", 0, &st), 0);
	KT_EQ(st.st_mode & S_IFMT, S_IFDIR);
	KT_EQ(st.st_nlink, 2);
	KT_EQ(file_stat_path(NULL, "/bin", 0, &st), 0);
	KT_ASSERT((st.st_ino & INITRAMFS_INO_IMPLICIT) != 0);
	KT_EQ(file_stat_path(NULL, "/etc/nothing", 0, &st), -ENOENT);
}

/* Check the record at rec: its name, type and offset; its length. */
static size_t
kt_dirent(struct ktest_ctx *kt, const char *rec, const char *name,
    int type, int64_t off)
{
	const struct linux_dirent64 *d = (const void *)rec;

	if (strcmp(d->d_name, name) != 0 || d->d_type != type ||
	    d->d_off != off || d->d_reclen % 8 != 0 ||
	    d->d_reclen < 19 + strlen(name) + 1) {
		ktest_fail(kt, __FILE__, __LINE__, "entry \"%s\" type %d off %ld "
		    "reclen %d, want \"%s\" type %d off %ld", d->d_name,
		    d->d_type, (long)d->d_off, d->d_reclen, name, type,
		    (long)off);
		return 0;
	}
	return d->d_reclen;
}

FILE_KTEST(file_getdents)
{
	static const char *const names[] = { ".", "..", "big", "sh", "link",
	    "abs", "loop" };
	static const int types[] = { DT_DIR, DT_DIR, DT_REG, DT_REG, DT_LNK,
	    DT_LNK, DT_LNK };
	uint64_t space[512 / sizeof(uint64_t)];
	char *buf = (char *)space;
	struct file *fp;
	size_t pos = 0, len;
	ssize_t n;

	KT_EQ(file_open(NULL, "/bin", O_RDONLY | O_DIRECTORY, &fp), 0);
	n = file_getdents(fp, buf, sizeof(space), UIO_SYSSPACE);
	KT_ASSERT(n > 0);
	for (int i = 0; i < 7; i++) {
		KT_ASSERT(pos < (size_t)n);
		len = kt_dirent(kt, buf + pos, names[i], types[i], i + 1);
		if (len == 0)
			return;
		pos += len;
	}
	KT_EQ(pos, n);
	KT_EQ(file_getdents(fp, buf, sizeof(space), UIO_SYSSPACE), 0);
	KT_EQ(file_lseek(fp, 2, SEEK_SET), 2);
	KT_EQ(file_getdents(fp, buf, 24, UIO_SYSSPACE), 24);	/* one fits */
	KT_ASSERT(kt_dirent(kt, buf, "big", DT_REG, 3) == 24);
	KT_EQ(file_getdents(fp, buf, 10, UIO_SYSSPACE), -EINVAL);
	KT_EQ(file_lseek(fp, 0, SEEK_CUR), 3);
	KT_EQ(file_read(fp, buf, 10, UIO_SYSSPACE), -EISDIR);
	KT_EQ(file_lseek(fp, 0, SEEK_END), -EINVAL);
	file_drop(fp);
}

/* "." and ".." are the inode numbers that stat gives. */
FILE_KTEST(file_getdents_dots)
{
	uint64_t space[64 / sizeof(uint64_t)];
	const struct linux_dirent64 *d = (const void *)space;
	struct linux_stat st;
	struct file *fp;

	KT_EQ(file_open(NULL, "/etc", O_RDONLY, &fp), 0);
	KT_EQ(file_getdents(fp, space, 24, UIO_SYSSPACE), 24);
	KT_EQ(file_stat_path(NULL, "/etc", 0, &st), 0);
	KT_EQ(d->d_ino, st.st_ino);
	KT_EQ(file_getdents(fp, space, 24, UIO_SYSSPACE), 24);
	KT_ASSERT(strcmp(d->d_name, "..") == 0);
	KT_EQ(file_stat_path(NULL, "/", 0, &st), 0);
	KT_EQ(d->d_ino, st.st_ino);
	file_drop(fp);
	KT_EQ(file_open(NULL, "/", O_RDONLY, &fp), 0);
	KT_EQ(file_getdents(fp, space, 24, UIO_SYSSPACE), 24);
	KT_EQ(file_getdents(fp, space, 24, UIO_SYSSPACE), 24);
	KT_EQ(d->d_ino, st.st_ino);			/* "/.." is "/" */
	file_drop(fp);
}

FILE_KTEST(file_console)
{
	static const char line[] = "file: hello from the file layer\n";
	struct linux_stat st;
	struct file *fp;
	char buf[4];

	KT_EQ(file_open(NULL, "/dev/console", O_WRONLY, &fp), 0);
	KT_EQ(file_write(fp, line, sizeof(line) - 1, UIO_SYSSPACE),
	    sizeof(line) - 1);
	KT_EQ(file_read(fp, buf, sizeof(buf), UIO_SYSSPACE), -EBADF);
	KT_EQ(file_lseek(fp, 0, SEEK_SET), -ESPIPE);
	KT_EQ(file_getdents(fp, buf, sizeof(buf), UIO_SYSSPACE), -ENOTDIR);
	KT_EQ(file_stat(fp, &st), 0);
	KT_EQ(st.st_mode & S_IFMT, S_IFCHR);
	KT_EQ(st.st_rdev, 0x501);
	file_drop(fp);
	KT_EQ(file_stat_path(NULL, "/dev/../dev//console", 0, &st), 0);
	KT_EQ(st.st_rdev, 0x501);
	KT_EQ(file_stat_path(NULL, "/dev", 0, &st), 0);	/* not archived */
	KT_EQ(st.st_mode & S_IFMT, S_IFDIR);
	KT_EQ(file_open(NULL, "/dev/nothing", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/dev", O_RDONLY, &fp), 0);
	KT_EQ(file_getdents(fp, buf, 0, UIO_SYSSPACE), -EINVAL);
	file_drop(fp);
}

/*
 * Tables: the console on 0-2 (its error file on 2), lowest free fd,
 * sharing by dup (fork).
 */
FILE_KTEST(file_fd_table)
{
	struct filedesc *a, *b;
	struct file *fp, *got;
	int before = console_file.f_refcount;
	int before_err = console_err_file.f_refcount;
	char buf[8];

	KT_ASSERT((a = fd_table_create()) != NULL);
	KT_EQ(console_file.f_refcount, before + 2);
	KT_EQ(console_err_file.f_refcount, before_err + 1);
	KT_EQ(fd_get(a, 2, &got), 0);
	KT_ASSERT(got == &console_err_file);
	file_drop(got);
	KT_EQ(fd_get(a, 1, &got), 0);
	KT_ASSERT(got == &console_file);
	file_drop(got);
	KT_EQ(fd_get(a, 3, &got), -EBADF);
	KT_EQ(fd_get(a, -1, &got), -EBADF);
	KT_EQ(fd_get(a, NOFILE, &got), -EBADF);
	KT_EQ(file_open(NULL, "/etc/motd", O_RDONLY, &fp), 0);
	KT_EQ(fd_install(a, fp, 0), 3);
	KT_ASSERT((b = fd_table_dup(a)) != NULL);
	KT_EQ(fp->f_refcount, 2);
	KT_EQ(console_file.f_refcount, before + 4);
	/* One open file, one offset: b reads on where a stopped. */
	KT_EQ(fd_get(a, 3, &got), 0);
	KT_EQ(file_read(got, buf, 6, UIO_SYSSPACE), 6);
	file_drop(got);
	KT_EQ(fd_get(b, 3, &got), 0);
	KT_EQ(file_read(got, buf, 6, UIO_SYSSPACE), 6);
	KT_ASSERT(memcmp(buf, " pagod", 6) == 0);
	file_drop(got);
	KT_EQ(fd_close(a, 3), 0);
	KT_EQ(fd_close(a, 3), -EBADF);
	KT_EQ(fp->f_refcount, 1);
	KT_EQ(fd_close(a, 1), 0);
	file_hold(&console_file);			/* for fd_install */
	KT_EQ(fd_install(a, &console_file, 0), 1);	/* lowest free */
	fd_table_destroy(a);
	fd_table_destroy(b);
	KT_EQ(console_file.f_refcount, before);
	KT_EQ(console_err_file.f_refcount, before_err);
}

/* A table without a process's table: the console only, on 0-2. */
KTEST(file_fd_no_table)
{
	struct file *fp;

	KT_EQ(fd_get(NULL, 1, &fp), 0);
	KT_ASSERT(fp == &console_file);
	file_drop(fp);
	KT_EQ(fd_get(NULL, 3, &fp), -EBADF);
	KT_EQ(fd_close(NULL, 1), -EBADF);
	KT_EQ(fd_install(NULL, &console_file, 0), -EMFILE);
}

/* NOFILE descriptors at most; exec closes the close-on-exec ones. */
FILE_KTEST(file_fd_full_and_exec)
{
	struct filedesc *fdp;
	struct file *fp;
	int fd;

	KT_ASSERT((fdp = fd_table_create()) != NULL);
	for (fd = 3; fd < NOFILE; fd++) {
		KT_EQ(file_open(NULL, "/bin/sh", O_RDONLY, &fp), 0);
		KT_EQ(fd_install(fdp, fp, fd % 2 ? FD_CLOEXEC : 0), fd);
	}
	KT_EQ(file_open(NULL, "/bin/sh", O_RDONLY, &fp), 0);
	KT_EQ(fd_install(fdp, fp, 0), -EMFILE);
	file_drop(fp);
	fd_table_exec(fdp);
	KT_EQ(fd_get(fdp, 5, &fp), -EBADF);
	KT_EQ(fd_get(fdp, 4, &fp), 0);
	file_drop(fp);
	KT_EQ(file_open(NULL, "/bin/sh", O_RDONLY, &fp), 0);
	KT_EQ(fd_install(fdp, fp, 0), 3);
	fd_table_destroy(fdp);
}
