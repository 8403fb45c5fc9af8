/*
 * tests/ktest/sysfs.c: in-kernel tests of /sys (kernel/sysfs.c), prefix
 * sysfs_, through the file layer as the system calls use it: file_open()
 * and friends on kernel buffers.  The THP mode that a test writes is put
 * back afterwards, whatever the test finds.
 */
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/ktest.h"
#include "vm/thp.h"

#define THP_DIR		"/sys/kernel/mm/transparent_hugepage"
#define ENABLED		THP_DIR "/enabled"
#define PMD_SIZE_FILE	THP_DIR "/hpage_pmd_size"

/* Read what fp has from its offset on into buf (NUL-terminated). */
static ssize_t
read_rest(struct file *fp, char *buf, size_t len)
{
	ssize_t n = file_read(fp, buf, len - 1, UIO_SYSSPACE);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* Open path, read it whole into buf: the bytes read, or an error. */
static ssize_t
slurp(struct file *dir, const char *path, char *buf, size_t len)
{
	struct file *fp;
	ssize_t n;
	int error;

	if ((error = file_open(dir, path, O_RDONLY, &fp)) != 0)
		return error;
	n = read_rest(fp, buf, len);
	file_drop(fp);
	return n;
}

/* Open path for writing as echo's redirection does, and write text. */
static ssize_t
write_file(const char *path, const char *text)
{
	struct file *fp;
	ssize_t n;
	int error;

	error = file_open(NULL, path, O_WRONLY | O_CREAT | O_TRUNC, &fp);
	if (error != 0)
		return error;
	n = file_write(fp, text, strlen(text), UIO_SYSSPACE);
	file_drop(fp);
	return n;
}

/* The names getdents gives for the directory at path, one per line. */
static int
list_dir(const char *path, char *out, size_t size)
{
	static uint64_t records[512 / sizeof(uint64_t)];
	struct linux_dirent64 *d;
	struct file *fp;
	ssize_t n;
	int error;

	out[0] = '\0';
	if ((error = file_open(NULL, path, O_RDONLY, &fp)) != 0)
		return error;
	while ((n = file_getdents(fp, records, sizeof(records),
	    UIO_SYSSPACE)) > 0) {
		for (ssize_t off = 0; off < n; off += d->d_reclen) {
			d = (struct linux_dirent64 *)((char *)records + off);
			strlcpy(out + strlen(out), d->d_name,
			    size - strlen(out));
			strlcpy(out + strlen(out), "\n", size - strlen(out));
		}
	}
	file_drop(fp);
	return (int)n;
}

KTEST(sysfs_thp_read)
{
	char buf[64], want[64];
	struct file *fp;
	size_t got = 0;
	ssize_t n;

	KT_ASSERT(thp_mode_format(want, sizeof(want)) == 23);
	KT_EQ(slurp(NULL, ENABLED, buf, sizeof(buf)), 23);
	KT_ASSERT(strcmp(buf, want) == 0);
	/* In pieces, then again from the start. */
	KT_EQ(file_open(NULL, ENABLED, O_RDONLY, &fp), 0);
	while ((n = file_read(fp, buf + got, 5, UIO_SYSSPACE)) > 0)
		got += (size_t)n;
	KT_EQ(n, 0);
	KT_EQ(got, 23);
	KT_ASSERT(memcmp(buf, want, 23) == 0);
	KT_EQ(file_lseek(fp, 7, SEEK_SET), 7);
	KT_EQ(read_rest(fp, buf, sizeof(buf)), 16);
	KT_ASSERT(strcmp(buf, want + 7) == 0);
	KT_EQ(file_lseek(fp, 0, SEEK_END), 4096);	/* Linux's st_size */
	KT_EQ(read_rest(fp, buf, sizeof(buf)), 0);
	KT_EQ(file_write(fp, "never", 5, UIO_SYSSPACE), -EBADF);
	file_drop(fp);
	KT_EQ(slurp(NULL, PMD_SIZE_FILE, buf, sizeof(buf)), 8);
	KT_ASSERT(strcmp(buf, "2097152\n") == 0);
}

/* Each mode written, in echo's way and without the newline, read back. */
static void
write_modes(struct ktest_ctx *kt)
{
	char buf[64];
	struct file *fp;

	KT_EQ(write_file(ENABLED, "never\n"), 6);
	KT_EQ(thp_mode_get(), THP_NEVER);
	KT_EQ(slurp(NULL, ENABLED, buf, sizeof(buf)), 23);
	KT_ASSERT(strcmp(buf, "always madvise [never]\n") == 0);
	KT_EQ(write_file(ENABLED, "always"), 6);
	KT_EQ(thp_mode_get(), THP_ALWAYS);
	/* Refused: the mode stays. */
	KT_EQ(write_file(ENABLED, "sometimes\n"), -EINVAL);
	KT_EQ(write_file(ENABLED, "[madvise]"), -EINVAL);
	KT_EQ(write_file(ENABLED, "never\n\n"), -EINVAL);
	KT_EQ(write_file(ENABLED, ""), 0);
	KT_EQ(thp_mode_get(), THP_ALWAYS);
	/* Read and write on one descriptor: a read shows the new mode. */
	KT_EQ(file_open(NULL, ENABLED, O_RDWR, &fp), 0);
	KT_EQ(file_pwrite(fp, "madvise", 7, 100, UIO_SYSSPACE), 7);
	KT_EQ(read_rest(fp, buf, sizeof(buf)), 23);
	KT_ASSERT(strcmp(buf, "always [madvise] never\n") == 0);
	KT_EQ(file_write(fp, "never", 5, UIO_SYSSPACE), 5);	/* at 23 */
	KT_EQ(file_pread(fp, buf, 8, 15, UIO_SYSSPACE), 8);
	KT_ASSERT(memcmp(buf, "[never]\n", 8) == 0);
	file_drop(fp);
	KT_EQ(thp_mode_get(), THP_NEVER);
}

KTEST(sysfs_thp_write)
{
	enum thp_mode saved = thp_mode_get();

	write_modes(kt);
	thp_mode_set(saved);
}

KTEST(sysfs_lookup)
{
	struct linux_stat st, st2;
	struct file *dir, *fp;
	uint64_t root_ino;

	KT_EQ(file_stat_path(NULL, "/", 0, &st), 0);
	root_ino = st.st_ino;
	KT_EQ(file_stat_path(NULL, "/sys", 0, &st), 0);
	KT_EQ(st.st_mode, S_IFDIR | 0755);
	KT_EQ(file_stat_path(NULL, THP_DIR, 0, &st), 0);
	KT_EQ(st.st_mode, S_IFDIR | 0755);
	KT_EQ(file_stat_path(NULL, ENABLED, 0, &st), 0);
	KT_EQ(st.st_mode, S_IFREG | 0644);
	KT_EQ(st.st_size, 4096);
	KT_EQ(file_stat_path(NULL, PMD_SIZE_FILE, 0, &st2), 0);
	KT_EQ(st2.st_mode, S_IFREG | 0444);
	KT_ASSERT(st.st_ino != st2.st_ino && st.st_dev == st2.st_dev);
	/* What may not be opened, and how. */
	KT_EQ(file_open(NULL, "/sys/nothing", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, "/sysx", O_RDONLY, &fp), -ENOENT);
	KT_EQ(file_open(NULL, ENABLED "/x", O_RDONLY, &fp), -ENOTDIR);
	KT_EQ(file_open(NULL, PMD_SIZE_FILE, O_WRONLY, &fp), -EACCES);
	KT_EQ(file_open(NULL, PMD_SIZE_FILE, O_RDONLY | O_TRUNC, &fp),
	    -EACCES);
	KT_EQ(file_open(NULL, THP_DIR, O_WRONLY, &fp), -EISDIR);
	KT_EQ(file_open(NULL, THP_DIR "/new", O_WRONLY | O_CREAT, &fp),
	    -EROFS);
	KT_EQ(file_open(NULL, ENABLED, O_RDONLY | O_DIRECTORY, &fp),
	    -ENOTDIR);
	/* A directory reads as one. */
	KT_EQ(file_open(NULL, "/sys", O_RDONLY, &fp), 0);
	KT_EQ(file_read(fp, &st, 8, UIO_SYSSPACE), -EISDIR);
	file_drop(fp);
	/* Relative paths, and ".." out of /sys to the root. */
	KT_EQ(file_open(NULL, "/sys/kernel", O_RDONLY | O_DIRECTORY, &dir), 0);
	KT_EQ(file_stat_path(dir, "mm/transparent_hugepage/enabled", 0, &st2),
	    0);
	KT_EQ(st2.st_ino, st.st_ino);
	KT_EQ(file_stat_path(dir, "../..", 0, &st2), 0);
	KT_EQ(st2.st_ino, root_ino);
	file_drop(dir);
}

KTEST(sysfs_listing)
{
	char buf[256];
	struct linux_stat st;

	KT_EQ(list_dir("/sys", buf, sizeof(buf)), 0);
	KT_ASSERT(strcmp(buf, ".\n..\nkernel\n") == 0);
	KT_EQ(list_dir("/sys/kernel", buf, sizeof(buf)), 0);
	KT_ASSERT(strcmp(buf, ".\n..\nmm\n") == 0);
	KT_EQ(list_dir("/sys/kernel/mm", buf, sizeof(buf)), 0);
	KT_ASSERT(strcmp(buf, ".\n..\ntransparent_hugepage\n") == 0);
	KT_EQ(list_dir(THP_DIR, buf, sizeof(buf)), 0);
	KT_ASSERT(strcmp(buf, ".\n..\nenabled\nhpage_pmd_size\n") == 0);
	KT_EQ(list_dir(ENABLED, buf, sizeof(buf)), -ENOTDIR);
	KT_EQ(file_stat_path(NULL, "/sys/kernel/mm/..", 0, &st), 0);
	KT_EQ(st.st_mode, S_IFDIR | 0755);
}
