/*
 * file.h: open files and file-descriptor tables (docs/files.md).
 *
 * Three layers, from the process down:
 *
 *   struct filedesc   a process's table: fd 0 .. NOFILE-1 -> struct file *
 *   struct file       an open file: its offset, its open flags, its kind
 *                     (ops); counted, because dup and fork share it
 *   struct file_ops   what one kind of file does: an initramfs regular
 *                     file, an initramfs directory, the console
 *
 * Two faces.  The fd_*() functions work on a table: the system calls
 * (kernel/sys_file.c) use them, and so do fork, exec and exit.  The
 * file_*() functions work on a struct file, take kernel paths, and move
 * data to a kernel or a user buffer (enum uio_seg): the system calls and
 * the in-kernel tests (tests/ktest/file.c) share every line of them.
 *
 * Errors are negative errno values, as everywhere in the kernel.
 */
#ifndef _KERNEL_FILE_H_
#define _KERNEL_FILE_H_

#include "kernel/initramfs.h"
#include "kernel/lock.h"
#include "kernel/stat.h"
#include "kernel/types.h"
#include "machine/fcntl.h"

#define NOFILE		64	/* descriptors per process */
#define PATH_MAX	4096	/* bytes in a path, with its NUL */
#define NAME_MAX	255	/* bytes in one component */
#define MAXSYMLINKS	32	/* symbolic links one lookup may follow */

/*
 * open() flags: Linux's.  The four whose values depend on the
 * architecture (O_DIRECTORY, O_NOFOLLOW, ...) are in machine/fcntl.h.
 */
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_ACCMODE	00000003
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_CLOEXEC	02000000

#define FD_CLOEXEC	1	/* a descriptor's flag: closed by exec */

/* The *at() calls. */
#define AT_FDCWD		(-100)	/* dirfd: the working directory */
#define AT_SYMLINK_NOFOLLOW	0x100	/* stat a symlink, not its target */
#define AT_NO_AUTOMOUNT		0x800	/* ignored: nothing is mounted */
#define AT_EMPTY_PATH		0x1000	/* "" names dirfd itself */

/* lseek() */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/*
 * getdents64() records, Linux's struct linux_dirent64.  d_name starts at
 * byte 19 and ends with a NUL; d_reclen is rounded up to a multiple of 8
 * so the next record is aligned.  d_off is the offset (entry index) of
 * the next record, what lseek(SEEK_SET) takes to continue from there.
 * d_type is the file type of st_mode shifted down: DT_REG is
 * S_IFREG >> 12.
 */
struct linux_dirent64 {
	uint64_t	d_ino;		/*  0 */
	int64_t		d_off;		/*  8 */
	uint16_t	d_reclen;	/* 16 */
	uint8_t		d_type;		/* 18 */
	char		d_name[];	/* 19 */
};

#define DT_UNKNOWN	0
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8
#define DT_LNK		10

/* Where a buffer passed to file_*() lives. */
enum uio_seg {
	UIO_USERSPACE,		/* a user address: copyin/copyout */
	UIO_SYSSPACE,		/* a kernel address: memcpy */
};

/* One directory entry, as a kind of file reports it. */
struct file_dirent {
	uint64_t	ino;
	uint32_t	mode;		/* only the S_IFMT bits matter */
	char		name[NAME_MAX + 1];
};

struct file;

/*
 * What a kind of file does.  The file layer does the rest: descriptors,
 * offsets and their lock, access modes, copying to and from user space
 * through a bounded kernel buffer, and laying out stat and dirent
 * records.  A NULL operation is refused (write: -EBADF, readdir:
 * -ENOTDIR).
 */
struct file_ops {
	const char	*fo_name;
	/*
	 * Up to len bytes (len > 0) at offset off into the kernel buffer
	 * buf: the count, 0 at the end of the file.  A stream may sleep
	 * until it has a byte.
	 */
	ssize_t		(*fo_read)(struct file *fp, void *buf, size_t len,
			    uint64_t off);
	/* Write len bytes of the kernel buffer buf at off: the count. */
	ssize_t		(*fo_write)(struct file *fp, const void *buf,
			    size_t len, uint64_t off);
	/* A directory's entry number index: 0, or -ENOENT past the last. */
	int		(*fo_readdir)(struct file *fp, uint64_t index,
			    struct file_dirent *out);
	/*
	 * A kind that moves the bytes itself (a block device, straight to
	 * the disk): len bytes at off between buf (in seg) and the file.
	 * The count or an error.  When set, file_read() and file_write()
	 * call it (under the offset lock) instead of fo_read and fo_write,
	 * and so do file_pread() and file_pwrite() (without it).
	 */
	ssize_t		(*fo_rw)(struct file *fp, void *buf, size_t len,
			    uint64_t off, enum uio_seg seg, bool write);
	/* fsync: 0 or an error; NULL: nothing to do (0). */
	int		(*fo_sync)(struct file *fp);
	/*
	 * A stream has no offset: lseek is -ESPIPE, and a read returns
	 * what one fo_read() gives instead of filling the buffer.
	 */
	bool		fo_stream;
};

/*
 * An open file.  Locking: (c) constant after file_open(); (l) f_lock;
 * (o) the offset lock: only the thread that took it with
 * file_offset_lock() (f_offset_busy) reads or writes f_offset, so the
 * offset stays right across a copyout() that sleeps on a page fault.
 */
struct file {
	struct spinlock	f_lock;
	int		f_refcount;	/* (l) descriptors and users */
	bool		f_offset_busy;	/* (l) the offset lock is taken */
	uint64_t	f_offset;	/* (o) a byte, or a directory's entry
					   index (0 ".", 1 "..", then the
					   archive's) */
	int		f_flags;	/* (l) open() flags (O_ACCMODE...),
					   FILE_SETFL_MASK's may change */
	const struct file_ops *f_ops;	/* (c) its kind */
	const struct initramfs *f_fs;	/* (c) the archive it is in, or NULL
					   for the console */
	struct initramfs_node f_node;	/* (c) what it is: mode, size, data,
					   ino (the console has one too) */
	char		*f_path;	/* (c) a directory's path, resolved
					   ("/", "/bin"), kmalloc'ed; else
					   NULL */
	uint64_t	f_parent_ino;	/* (c) a directory's "..": its ino */
};

/*
 * A process's descriptors.  (d) fd_lock.  Lock order: fd_lock before a
 * file's f_lock.
 */
struct filedesc {
	struct spinlock	fd_lock;
	struct file	*fd_files[NOFILE];	/* (d) NULL: fd is free */
	uint8_t		fd_flags[NOFILE];	/* (d) FD_CLOEXEC */
	struct file	*fd_cdir;		/* (d) the working directory,
						   held; NULL: the root */
};

/* ---- descriptor tables: fork, exec, exit, and the system calls ---- */

/*
 * fd_table_create: a new table with fds 0, 1 and 2 on the console
 * (console_file on 0 and 1, console_err_file on 2, shared by every table
 * as init's console is on Linux), and the root as working directory.
 * NULL if out of memory.
 */
struct filedesc *fd_table_create(void);

/*
 * fd_table_dup: fork's copy of fdp: the same struct files on the same
 * fds, with the same flags, each file's count raised, and the same
 * working directory, held once more.  fdp NULL (a
 * process that has no table) gives a fresh fd_table_create().  NULL if
 * out of memory.
 */
struct filedesc *fd_table_dup(struct filedesc *fdp);

/*
 * fd_cwd: the working directory of fdp, held for the caller (file_drop),
 * or NULL for the root, where a table without one (or no table) is.
 */
struct file *fd_cwd(struct filedesc *fdp);

/*
 * fd_chdir: make dir (a directory, held by the caller, who keeps its
 * reference) fdp's working directory.  0; -ENOTDIR; -EBADF without a
 * table.
 */
int	fd_chdir(struct filedesc *fdp, struct file *dir);

/*
 * fd_dup: put the file open on fd on newfd too (-1: the lowest free fd
 * at least minfd), closing what newfd had, with flags (FD_CLOEXEC).  The
 * new fd; -EBADF, -EMFILE.
 */
int	fd_dup(struct filedesc *fdp, int fd, int newfd, int minfd, int flags);

/* fd_getflags, fd_setflags: a descriptor's flags (FD_CLOEXEC); -EBADF. */
int	fd_getflags(struct filedesc *fdp, int fd);
int	fd_setflags(struct filedesc *fdp, int fd, int flags);

/* fd_table_exec: close the descriptors marked FD_CLOEXEC (O_CLOEXEC). */
void	fd_table_exec(struct filedesc *fdp);

/*
 * fd_table_destroy: exit: close every descriptor, drop the working
 * directory, free fdp (NULL: no-op).
 */
void	fd_table_destroy(struct filedesc *fdp);

/*
 * fd_install: put fp on fdp's lowest free descriptor with flags
 * (FD_CLOEXEC).  The descriptor, which now owns the caller's reference to
 * fp; or -EMFILE (fdp full, or NULL), and the caller keeps it.
 */
int	fd_install(struct filedesc *fdp, struct file *fp, int flags);

/*
 * fd_get: the file open on fd, with a reference the caller drops with
 * file_drop(); -EBADF if fd is not open.  A process without a table
 * (fdp NULL: kernel threads, and user processes nobody gave one) has
 * only the console, on fds 0, 1 and 2.
 */
int	fd_get(struct filedesc *fdp, int fd, struct file **out);

/* fd_close: close fd: 0, or -EBADF. */
int	fd_close(struct filedesc *fdp, int fd);

/* ---- open files ---- */

/*
 * file_set_rootfs: make fs the file system that paths name, and return
 * the one before.  The kernel's is &initramfs_boot; tests swap in their
 * own archive and put the old one back.  Files already open keep theirs.
 */
struct initramfs *file_set_rootfs(struct initramfs *fs);

/*
 * file_open: open the kernel string path, relative to the directory dir
 * (NULL: the root; the system calls pass the working directory), with
 * open()'s
 * flags.  0 and a new file in *out (one reference); or -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG, -ELOOP (too many symlinks, or O_NOFOLLOW on one),
 * -EROFS (write access, O_TRUNC, or O_CREAT of a new file), -EEXIST
 * (O_CREAT | O_EXCL), -EISDIR (a directory for writing), -ENXIO (a device
 * node of the archive), -EINVAL (access mode 3), -EACCES (a read-only
 * file of /sys for writing), -ENOMEM.  Symbolic links are followed.  The
 * devices ("/dev/console", "/dev/null") are the kernel's, whatever the
 * archive has; the devices, the disks and /sys's writable files may be
 * opened for writing.
 */
int	file_open(struct file *dir, const char *path, int flags,
	    struct file **out);

/* file_hold: one more reference to fp. */
void	file_hold(struct file *fp);

/* file_drop: drop a reference; the last one frees fp. */
void	file_drop(struct file *fp);

/*
 * file_read: read up to len bytes at fp's offset into buf (in seg), and
 * advance the offset.  The count (short only at the end of a file, or
 * from a stream), 0 at the end; -EBADF (not open for reading), -EISDIR,
 * -EFAULT (only if nothing was read), -EINTR (a stream, while killed).
 * The console blocks until it has a byte.
 */
ssize_t	file_read(struct file *fp, void *buf, size_t len, enum uio_seg seg);

/* file_write: like file_read, the other way; -EBADF if not writable. */
ssize_t	file_write(struct file *fp, const void *buf, size_t len,
	    enum uio_seg seg);

/*
 * file_pread, file_pwrite: the same at offset off, which neither uses nor
 * moves the file's offset (pread64, pwrite64).  -ESPIPE on a stream.
 */
ssize_t	file_pread(struct file *fp, void *buf, size_t len, uint64_t off,
	    enum uio_seg seg);
ssize_t	file_pwrite(struct file *fp, const void *buf, size_t len,
	    uint64_t off, enum uio_seg seg);

/*
 * file_lseek: move fp's offset: the new one; -ESPIPE (a stream), -EINVAL
 * (bad whence, SEEK_END on a directory, a negative or overflowing
 * result).
 */
int64_t	file_lseek(struct file *fp, int64_t off, int whence);

/* file_stat: fill in *st for fp: 0. */
int	file_stat(struct file *fp, struct linux_stat *st);

/*
 * file_stat_path: fill in *st for path (relative to dir, as file_open),
 * following a final symlink unless atflags has AT_SYMLINK_NOFOLLOW.
 * 0, or file_open()'s lookup errors.
 */
int	file_stat_path(struct file *dir, const char *path, int atflags,
	    struct linux_stat *st);

/*
 * file_getdents: as many whole struct linux_dirent64 records as fit in
 * len bytes of buf (in seg), from fp's offset on; "." and ".." come
 * first.  The bytes filled, 0 at the end; -ENOTDIR, -EINVAL (buf too
 * small for the next record), -EFAULT (only if nothing was filled).
 */
ssize_t	file_getdents(struct file *fp, void *buf, size_t len,
	    enum uio_seg seg);

/*
 * file_readlink: the target of the symbolic link path (relative to dir),
 * at most len bytes of it, into buf (in seg), without a NUL: the count;
 * -EINVAL if path is not a symlink, lookup errors, -EFAULT.
 */
ssize_t	file_readlink(struct file *dir, const char *path, void *buf,
	    size_t len, enum uio_seg seg);

/*
 * uio_copy: n bytes from src to dst, where the user side (dst if out,
 * else src) is in seg: copyout/copyin or memcpy.  0 or -EFAULT.
 */
int	uio_copy(void *dst, const void *src, size_t n, enum uio_seg seg,
	    bool out);

/* file_sync: fsync(): push fp's data to stable storage.  0 or an error. */
int	file_sync(struct file *fp);

/*
 * file_getfl, file_setfl: fcntl's F_GETFL and F_SETFL.  The flags open()
 * was given, less the ones that only acted then (O_CREAT, O_TRUNC...),
 * with O_LARGEFILE, as Linux reports them; F_SETFL changes only O_APPEND
 * and O_NONBLOCK, which are kept and reported: nothing here appends or
 * blocks differently for them yet.
 */
#define FILE_SETFL_MASK	(O_APPEND | O_NONBLOCK)
int	file_getfl(struct file *fp);
void	file_setfl(struct file *fp, int flags);

/*
 * file_image: the bytes of fp, a regular file of the archive, where they
 * sit in memory (exec reads an executable there): 0, or -EACCES for any
 * other kind of file (a directory, a device, a /proc file).
 */
int	file_image(struct file *fp, const void **data, size_t *size);

/*
 * The console's struct files: console_file on fds 0 and 1 of every new
 * table, console_err_file on fd 2.  They differ only on a framed console
 * (kernel/cons.h), where they are the standard output and error channels.
 */
extern struct file console_file;
extern struct file console_err_file;

#endif /* !_KERNEL_FILE_H_ */
