/*
 * file.c: open files and descriptor tables (see file.h, and
 * docs/files.md for the whole story).
 *
 * Why three layers.  A descriptor is a process's name for an open file;
 * the open file (struct file) carries what open() decided and what read()
 * moves: the access mode and the offset.  fork and dup give two
 * descriptors one struct file, so a child that reads a shared file moves
 * its parent's offset too, as POSIX says; a count of references says when
 * the last user is gone.  What differs between kinds of file is small
 * and sits in struct file_ops: where bytes come from (the archive, the
 * UART) and what a directory lists.
 *
 * Bytes and user space.  The kinds never see a user address: file_read()
 * moves data through a bounded kernel buffer (FILE_BOUNCE bytes on the
 * stack), a piece at a time, and only then copies it out, so a bad user
 * pointer is -EFAULT in one place, and a huge read costs no huge
 * allocation.  The same loop serves kernel buffers (UIO_SYSSPACE), which
 * is how the in-kernel tests run every line the system calls run.
 *
 * The offset lock.  copyout() may fault and sleep (a page comes back from
 * swap), so the offset cannot sit under a spin lock for a whole read.  A
 * reader takes the offset lock instead (f_offset_busy, as FreeBSD's
 * foffset_lock): other readers of the same struct file sleep until it is
 * done, and two readers never get the same bytes.  Streams (the console)
 * have no offset and take no lock: a reader blocked on the keyboard
 * blocks nobody else.
 *
 * Paths.  The initramfs looks up resolved paths only and never follows a
 * symbolic link; namei() below walks a path one component at a time,
 * follows links (at most MAXSYMLINKS), and hands the archive a path with
 * no ".", "..", "//" or link in it.  A relative path starts at the
 * directory it is given: the working directory (a directory file the
 * descriptor table holds, as FreeBSD's fd_cdir), or an *at() call's
 * dirfd.  Some names are the kernel's own, whatever the archive holds:
 * the devices "/dev/console" and "/dev/null", "/dev" if the archive has
 * none, "/proc" with everything under it, which kernel/procfs.c looks up
 * and fills, and "/sys", kernel/sysfs.c's.
 */
#include "kernel/file.h"
#include "kernel/blkfile.h"
#include "kernel/cons.h"
#include "kernel/copy.h"
#include "kernel/errno.h"
#include "kernel/machdep.h"
#include "kernel/proc.h"
#include "kernel/procfs.h"
#include "kernel/sched.h"
#include "kernel/sysfs.h"
#include "kernel/systm.h"
#include "vm/kmem.h"

#define FILE_BOUNCE	512		/* bytes moved at a time */

/* st_dev: the archive, and the kernel's own nodes. */
#define FILE_DEV_INITRAMFS	STAT_MAKEDEV(0, 1)
#define FILE_DEV_KERNEL		STAT_MAKEDEV(0, 2)

/*
 * Inode numbers of the kernel's own nodes: bit 62, so they meet neither
 * cpio's 32-bit numbers nor the initramfs's implicit directories (bit 63).
 */
#define FILE_INO_KERNEL		(1ULL << 62)
#define FILE_INO_DEV		(FILE_INO_KERNEL | 1)
#define FILE_INO_CONSOLE	(FILE_INO_KERNEL | 2)
#define FILE_INO_NULL		(FILE_INO_KERNEL | 3)

#define DIRENT_NAME_OFF	offsetof(struct linux_dirent64, d_name)
#define DIRENT_MAX	roundup2(DIRENT_NAME_OFF + NAME_MAX + 1, 8)
CTASSERT(DIRENT_NAME_OFF == 19);
CTASSERT(DIRENT_MAX <= FILE_BOUNCE);

/*
 * What absolute paths name.  Only the tests change it (file_set_rootfs),
 * while nothing else opens files, so it has no lock.
 */
static struct initramfs *file_rootfs = &initramfs_boot;

/* ---- the kinds of file ---------------------------------------------- */

/* A regular file reads from the archive; a directory says -EISDIR. */
static ssize_t
ramfs_read(struct file *fp, void *buf, size_t len, uint64_t off)
{
	return initramfs_read(&fp->f_node, buf, len, off);
}

static void
dirent_set(struct file_dirent *out, const char *name, uint64_t ino,
    uint32_t mode)
{
	strlcpy(out->name, name, sizeof(out->name));
	out->ino = ino;
	out->mode = mode;
}

/* A directory lists ".", "..", then the archive's entries in its order. */
static int
ramfs_readdir(struct file *fp, uint64_t index, struct file_dirent *out)
{
	struct initramfs_node node;
	int error;

	if (index == 0) {
		dirent_set(out, ".", fp->f_node.ino, S_IFDIR);
		return 0;
	}
	if (index == 1) {
		dirent_set(out, "..", fp->f_parent_ino, S_IFDIR);
		return 0;
	}
	if (index - 2 > INT32_MAX)
		return -ENOENT;
	/* "/dev" without a member: -ENOENT at once, an empty directory. */
	error = initramfs_readdir(fp->f_fs, fp->f_path, (int)(index - 2),
	    &node);
	if (error != 0)
		return -ENOENT;
	dirent_set(out, node.name, node.ino, node.mode);
	return 0;
}

static bool
curproc_killed(void)
{
	bool killed;

	spin_lock(&sched_lock);
	killed = curproc->p_killed != 0;
	spin_unlock(&sched_lock);
	return killed;
}

/*
 * The console's input: what the UART holds, at least one byte and at most
 * one line, with a carriage return made a newline (a terminal's Enter
 * sends "\r"; Linux's tty maps it, ICRNL).  There is no UART interrupt
 * yet, so an empty UART is polled once a tick, with no lock held.
 * Nothing is echoed.  -EINTR if the reader is killed while it waits.
 */
static ssize_t
console_read(struct file *fp, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	size_t n = 0;
	int c;

	for (;;) {
		while (n < len && (c = machine_cons_getc()) != -1) {
			p[n++] = c == '\r' ? '\n' : (char)c;
			if (p[n - 1] == '\n')
				return (ssize_t)n;
		}
		if (n > 0)
			return (ssize_t)n;
		if (curproc_killed())
			return -EINTR;
		pause_ticks(1);
	}
}

/*
 * The console's output: one piece under the console lock, unbroken.  On
 * a framed console (cons.h) the error file's bytes go on the standard
 * error channel, every other console file's on standard output.
 */
static ssize_t
console_write(struct file *fp, const void *buf, size_t len, uint64_t off)
{
	enum cons_channel chan = fp == &console_err_file ? CONS_STDERR :
	    CONS_STDOUT;
	const char *p = buf;

	cons_lock();
	for (size_t i = 0; i < len; i++)
		cons_putc_on(chan, p[i]);
	cons_unlock();
	return (ssize_t)len;
}

/* /dev/null: reads find the end at once, writes vanish. */
static ssize_t
null_read(struct file *fp, void *buf, size_t len, uint64_t off)
{
	return 0;
}

static ssize_t
null_write(struct file *fp, const void *buf, size_t len, uint64_t off)
{
	return (ssize_t)len;
}

static const struct file_ops ramfs_file_ops = {
	.fo_name = "initramfs file",
	.fo_read = ramfs_read,
};

static const struct file_ops ramfs_dir_ops = {
	.fo_name = "initramfs directory",
	.fo_read = ramfs_read,
	.fo_readdir = ramfs_readdir,
};

static const struct file_ops console_ops = {
	.fo_name = "console",
	.fo_read = console_read,
	.fo_write = console_write,
	.fo_stream = true,
};

/* Not a stream: lseek works on it (and says 0), as on Linux. */
static const struct file_ops null_ops = {
	.fo_name = "null",
	.fo_read = null_read,
	.fo_write = null_write,
};

/* The kernel's own nodes. */
static const struct initramfs_node dev_node = {
	.name = "dev",
	.mode = S_IFDIR | 0755,
	.ino = FILE_INO_DEV,
};

/*
 * The devices: character special files whatever the archive holds, with
 * Linux's device numbers.
 */
static const struct device {
	const char	*path;
	struct initramfs_node node;
	const struct file_ops *ops;
	uint64_t	rdev;
} devices[] = {
	{ "/dev/console", { .name = "console", .mode = S_IFCHR | 0600,
	    .ino = FILE_INO_CONSOLE }, &console_ops, STAT_MAKEDEV(5, 1) },
	{ "/dev/null", { .name = "null", .mode = S_IFCHR | 0666,
	    .ino = FILE_INO_NULL }, &null_ops, STAT_MAKEDEV(1, 3) },
};

/* The device a node is, or NULL. */
static const struct device *
node_device(const struct initramfs_node *node)
{
	for (size_t i = 0; i < nitems(devices); i++)
		if (devices[i].node.ino == node->ino)
			return &devices[i];
	return NULL;
}

/* The console's two files: output (and input), and the error output. */
struct file console_file = {
	.f_lock = SPINLOCK_INITIALIZER("console file"),
	.f_refcount = 1,		/* its own: it is never freed */
	.f_flags = O_RDWR | O_LARGEFILE,
	.f_ops = &console_ops,
	.f_node = { .name = "console", .mode = S_IFCHR | 0600,
	    .ino = FILE_INO_CONSOLE },
};

struct file console_err_file = {
	.f_lock = SPINLOCK_INITIALIZER("console error file"),
	.f_refcount = 1,
	.f_flags = O_RDWR | O_LARGEFILE,
	.f_ops = &console_ops,
	.f_node = { .name = "console", .mode = S_IFCHR | 0600,
	    .ino = FILE_INO_CONSOLE },
};

/* ---- a struct file's life ------------------------------------------- */

/* A new file with one reference, or NULL if out of memory. */
static struct file *
file_alloc(const struct file_ops *ops, int flags,
    const struct initramfs *fs, const struct initramfs_node *node)
{
	struct file *fp = kmalloc(sizeof(*fp), KM_ZERO);

	if (fp == NULL)
		return NULL;
	spin_init(&fp->f_lock, "file");
	fp->f_refcount = 1;
	/* What fcntl(F_GETFL) reports, as Linux keeps it (do_dentry_open). */
	fp->f_flags = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
	    O_CLOEXEC)) | O_LARGEFILE;
	fp->f_ops = ops;
	fp->f_fs = fs;
	fp->f_node = *node;
	return fp;
}

void
file_hold(struct file *fp)
{
	spin_lock(&fp->f_lock);
	KASSERT(fp->f_refcount > 0, ("file_hold: %s: a freed file",
	    fp->f_ops->fo_name));
	fp->f_refcount++;
	spin_unlock(&fp->f_lock);
}

void
file_drop(struct file *fp)
{
	bool last;

	spin_lock(&fp->f_lock);
	KASSERT(fp->f_refcount > 0, ("file_drop: %s: dropped too often",
	    fp->f_ops->fo_name));
	last = --fp->f_refcount == 0;
	spin_unlock(&fp->f_lock);
	if (!last)
		return;
	KASSERT(fp != &console_file && fp != &console_err_file,
	    ("file_drop: a console file's own reference was dropped"));
	KASSERT(!fp->f_offset_busy, ("file_drop: offset lock still held"));
	if (procfs_owns(&fp->f_node))
		procfs_close(fp);
	kfree(fp->f_path);
	kfree(fp);
}

/*
 * file_offset_lock: take fp's offset lock (see the top), sleeping while
 * another thread has it, and return the offset.  A stream has none: 0.
 */
static uint64_t
file_offset_lock(struct file *fp)
{
	uint64_t off;

	if (fp->f_ops->fo_stream)
		return 0;
	spin_lock(&fp->f_lock);
	while (fp->f_offset_busy)
		sleep_on(&fp->f_offset_busy, &fp->f_lock);
	fp->f_offset_busy = true;
	off = fp->f_offset;
	spin_unlock(&fp->f_lock);
	return off;
}

/* Set the offset to off and let the next thread have it. */
static void
file_offset_unlock(struct file *fp, uint64_t off)
{
	if (fp->f_ops->fo_stream)
		return;
	spin_lock(&fp->f_lock);
	KASSERT(fp->f_offset_busy, ("file_offset_unlock: not locked"));
	fp->f_offset = off;
	fp->f_offset_busy = false;
	wakeup(&fp->f_offset_busy);
	spin_unlock(&fp->f_lock);
}

/* ---- paths ---------------------------------------------------------- */

/*
 * A path walk.  cur is where the walk stands, resolved: "" for the root,
 * else "/a/b" with no ".", "..", "//" or symlink in it, so the archive can
 * look it up as it is.  rest is what is left to walk; following a link
 * rewrites it as "target/rest".  Both are PATH_MAX bytes of one
 * kmalloc'ed block: too big for a kernel stack.
 */
struct nameidata {
	const struct initramfs *fs;
	char		*cur;
	size_t		curlen;
	char		*rest;
	int		nlinks;		/* links followed so far */
	bool		last;		/* walking the last component */
	struct initramfs_node node;	/* what cur names */
};

/* What namei() found. */
struct lookup {
	struct initramfs_node node;
	const struct initramfs *fs;
	char		*dirpath;	/* NAMEI_DIRPATH, a directory: its
					   resolved path, kmalloc'ed */
	uint64_t	parent_ino;	/* NAMEI_DIRPATH, a directory: ".." */
	bool		missing_last;	/* -ENOENT for the last component */
};

#define NAMEI_FOLLOW	0x1	/* follow a symlink in the last component */
#define NAMEI_DIRPATH	0x2	/* a directory: fill in dirpath, parent_ino */

/*
 * node_lookup: what the resolved path names: the archive's node, except
 * that "/dev/console" is always the console, "/dev" a directory even
 * when the archive has none, "/proc" is procfs's and "/sys" sysfs's.
 */
static int
node_lookup(const struct initramfs *fs, const char *path,
    struct initramfs_node *out)
{
	int error;

	for (size_t i = 0; i < nitems(devices); i++) {
		if (strcmp(path, devices[i].path) == 0) {
			*out = devices[i].node;
			return 0;
		}
	}
	if (blkfile_lookup(path, out) == 0)
		return 0;
	if (procfs_path(path))
		return procfs_lookup(path, out);
	if (sysfs_path(path))
		return sysfs_lookup(path, out);
	error = initramfs_lookup(fs, path, out);
	if (error == -ENOENT && strcmp(path, "/dev") == 0) {
		*out = dev_node;
		return 0;
	}
	return error;
}

static int
namei_lookup(struct nameidata *nd)
{
	return node_lookup(nd->fs, nd->curlen == 0 ? "/" : nd->cur,
	    &nd->node);
}

/* Start at the root, or at dir for a relative path. */
static int
namei_start(struct nameidata *nd, const struct file *dir, const char *path)
{
	if (path[0] == '\0')
		return -ENOENT;
	if (strlcpy(nd->rest, path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	nd->curlen = 0;
	if (path[0] != '/' && dir != NULL) {
		if (dir->f_path == NULL)
			return -ENOTDIR;
		if (strcmp(dir->f_path, "/") != 0)
			nd->curlen = strlcpy(nd->cur, dir->f_path, PATH_MAX);
	}
	nd->cur[nd->curlen] = '\0';
	return namei_lookup(nd);
}

/* "..": back to the parent of cur (the root's is the root). */
static int
namei_up(struct nameidata *nd)
{
	while (nd->curlen > 0 && nd->cur[nd->curlen - 1] != '/')
		nd->curlen--;
	if (nd->curlen > 0)
		nd->curlen--;			/* the slash */
	nd->cur[nd->curlen] = '\0';
	return namei_lookup(nd);
}

/* Down one component, comp (clen bytes), from the directory cur. */
static int
namei_down(struct nameidata *nd, const char *comp, size_t clen)
{
	if (nd->curlen + 1 + clen >= PATH_MAX)
		return -ENAMETOOLONG;
	nd->cur[nd->curlen++] = '/';
	memcpy(nd->cur + nd->curlen, comp, clen);
	nd->curlen += clen;
	nd->cur[nd->curlen] = '\0';
	/*
	 * "/proc/self" resolves to "/proc/<pid>", as Linux's symbolic link
	 * does: a resolved path names the same thing for everyone, so a
	 * working directory in /proc/self stays the parent's after fork.
	 * (The boot thread, pid 0, has no "/proc/0": "self" stays.)
	 */
	if (strcmp(nd->cur, "/proc/self") == 0 && curproc->p_pid > 0)
		nd->curlen = (size_t)snprintf(nd->cur, PATH_MAX, "/proc/%d",
		    curproc->p_pid);
	return namei_lookup(nd);
}

/*
 * cur is a symlink and p the rest of the path after it (its slashes
 * skipped; slash: there was one): make rest "target/p" (the slash kept
 * when p is empty, so "link/" still wants a directory) and go back to
 * the link's directory, or to the root for an absolute target.
 */
static int
namei_follow(struct nameidata *nd, const char *p, bool slash)
{
	const char *target = nd->node.data;
	size_t tlen = nd->node.size, plen = strlen(p);
	size_t sep = plen > 0 || slash ? 1 : 0;

	if (++nd->nlinks > MAXSYMLINKS)
		return -ELOOP;
	if (tlen + sep + plen >= PATH_MAX)
		return -ENAMETOOLONG;
	memmove(nd->rest + tlen + sep, p, plen + 1);	/* p is in rest */
	memcpy(nd->rest, target, tlen);
	if (sep)
		nd->rest[tlen] = '/';
	if (target[0] != '/')
		return namei_up(nd);
	nd->curlen = 0;
	nd->cur[0] = '\0';
	return namei_lookup(nd);
}

/*
 * The next component at *pp: its start, its length in *clen, whether a
 * slash followed it in *slash; *pp moves past it and its slashes.  NULL
 * at the end of the path.
 */
static const char *
next_component(const char **pp, size_t *clen, bool *slash)
{
	const char *p = *pp, *comp;

	while (*p == '/')
		p++;
	if (*p == '\0')
		return NULL;
	comp = p;
	while (*p != '/' && *p != '\0')
		p++;
	*clen = p - comp;
	*slash = *p == '/';
	while (*p == '/')
		p++;
	*pp = p;
	return comp;
}

static bool
is_dot(const char *comp, size_t clen)
{
	return clen == 1 && comp[0] == '.';
}

static bool
is_dotdot(const char *comp, size_t clen)
{
	return clen == 2 && comp[0] == '.' && comp[1] == '.';
}

/*
 * namei_walk: walk rest from cur, one component at a time.  Every step
 * starts from a directory (else -ENOTDIR); a symlink is followed unless
 * it is the last component, nothing follows it and follow is false.
 */
static int
namei_walk(struct nameidata *nd, bool follow)
{
	const char *p = nd->rest, *comp;
	size_t clen;
	bool slash;
	int error;

	while ((comp = next_component(&p, &clen, &slash)) != NULL) {
		nd->last = *p == '\0';
		if (!S_ISDIR(nd->node.mode))
			return -ENOTDIR;
		if (clen > NAME_MAX)
			return -ENAMETOOLONG;
		if (is_dot(comp, clen))
			continue;
		error = is_dotdot(comp, clen) ? namei_up(nd) :
		    namei_down(nd, comp, clen);
		if (error != 0)
			return error;
		if (S_ISLNK(nd->node.mode) && (follow || !nd->last || slash)) {
			if ((error = namei_follow(nd, p, slash)) != 0)
				return error;
			p = nd->rest;
		} else if (slash && nd->last && !S_ISDIR(nd->node.mode))
			return -ENOTDIR;
	}
	return 0;
}

/* NAMEI_DIRPATH: a directory's resolved path and its parent's ino. */
static int
namei_dirpath(struct nameidata *nd, struct lookup *out)
{
	const char *path = nd->curlen == 0 ? "/" : nd->cur;
	size_t size = strlen(path) + 1;
	int error;

	if ((out->dirpath = kmalloc(size, 0)) == NULL)
		return -ENOMEM;
	memcpy(out->dirpath, path, size);
	if ((error = namei_up(nd)) != 0) {
		kfree(out->dirpath);
		out->dirpath = NULL;
		return error;
	}
	out->parent_ino = nd->node.ino;
	return 0;
}

/*
 * namei: look path up, relative to dir (NULL: the root) if it is
 * relative.  0 and *out; -ENOENT (then out->missing_last says whether
 * only the last component was missing), -ENOTDIR, -ENAMETOOLONG, -ELOOP,
 * -ENOMEM.  With NAMEI_DIRPATH, the caller kfree()s out->dirpath.
 */
static int
namei(const struct file *dir, const char *path, int flags,
    struct lookup *out)
{
	struct nameidata nd;
	char *bufs = kmalloc(2 * PATH_MAX, 0);
	int error;

	*out = (struct lookup){ .dirpath = NULL };
	if (bufs == NULL)
		return -ENOMEM;
	nd.cur = bufs;
	nd.rest = bufs + PATH_MAX;
	nd.nlinks = 0;
	nd.last = true;
	nd.fs = path[0] != '/' && dir != NULL ? dir->f_fs : file_rootfs;
	error = namei_start(&nd, dir, path);
	if (error == 0)
		error = namei_walk(&nd, (flags & NAMEI_FOLLOW) != 0);
	out->missing_last = error == -ENOENT && nd.last;
	if (error == 0) {
		out->node = nd.node;
		out->fs = nd.fs;
		if ((flags & NAMEI_DIRPATH) && S_ISDIR(nd.node.mode))
			error = namei_dirpath(&nd, out);
	}
	kfree(bufs);
	return error;
}

/* ---- open ----------------------------------------------------------- */

struct initramfs *
file_set_rootfs(struct initramfs *fs)
{
	struct initramfs *old = file_rootfs;

	KASSERT(fs != NULL, ("file_set_rootfs: NULL"));
	file_rootfs = fs;
	return old;
}

/* May a node that exists be opened with flags?  0, or why not. */
static int
open_check(const struct initramfs_node *node, int flags)
{
	bool writing = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (S_ISLNK(node->mode))
		return -ELOOP;			/* O_NOFOLLOW */
	if ((flags & O_DIRECTORY) && !S_ISDIR(node->mode))
		return -ENOTDIR;
	if (S_ISDIR(node->mode) && writing)
		return -EISDIR;
	if (node_device(node) != NULL || blkfile_owns(node))
		return 0;
	/* A setting that cannot be written: Linux's sysfs says -EACCES. */
	if (sysfs_owns(node))
		return writing && (node->mode & 0222) == 0 ? -EACCES : 0;
	if (writing)
		return -EROFS;
	if (!S_ISREG(node->mode) && !S_ISDIR(node->mode))
		return -ENXIO;			/* a device node, a fifo */
	return 0;
}

/* The struct file for what lk found; it takes over lk->dirpath. */
static int
file_create(struct lookup *lk, int flags, struct file **out)
{
	const struct file_ops *ops = &ramfs_file_ops;
	const struct initramfs *fs = lk->fs;
	struct file *fp;
	int error;

	if (node_device(&lk->node) != NULL) {
		ops = node_device(&lk->node)->ops;
		fs = NULL;
	} else if (blkfile_owns(&lk->node)) {
		ops = &blkfile_ops;
		fs = NULL;
	} else if (procfs_owns(&lk->node))
		ops = procfs_ops(&lk->node);	/* fs stays: for "..", dirfd */
	else if (sysfs_owns(&lk->node))
		ops = sysfs_ops(&lk->node);	/* the same */
	else if (S_ISDIR(lk->node.mode))
		ops = &ramfs_dir_ops;
	if ((fp = file_alloc(ops, flags, fs, &lk->node)) == NULL)
		return -ENOMEM;
	KASSERT(S_ISDIR(lk->node.mode) == (lk->dirpath != NULL),
	    ("file_create: a directory needs its path"));
	fp->f_path = lk->dirpath;
	fp->f_parent_ino = lk->parent_ino;
	lk->dirpath = NULL;
	if (procfs_owns(&fp->f_node) && (error = procfs_open(fp)) != 0) {
		file_drop(fp);
		return error;
	}
	*out = fp;
	return 0;
}

int
file_open(struct file *dir, const char *path, int flags, struct file **out)
{
	struct lookup lk;
	int error;

	*out = NULL;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	error = namei(dir, path, NAMEI_DIRPATH |
	    ((flags & O_NOFOLLOW) ? 0 : NAMEI_FOLLOW), &lk);
	if (error == -ENOENT && lk.missing_last && (flags & O_CREAT))
		return -EROFS;			/* it would be created */
	if (error != 0)
		return error;
	if ((error = open_check(&lk.node, flags)) == 0)
		error = file_create(&lk, flags, out);
	kfree(lk.dirpath);			/* unless file_create took it */
	return error;
}

int
file_getfl(struct file *fp)
{
	int flags;

	spin_lock(&fp->f_lock);
	flags = fp->f_flags;
	spin_unlock(&fp->f_lock);
	return flags;
}

void
file_setfl(struct file *fp, int flags)
{
	spin_lock(&fp->f_lock);
	fp->f_flags = (fp->f_flags & ~FILE_SETFL_MASK) |
	    (flags & FILE_SETFL_MASK);
	spin_unlock(&fp->f_lock);
}

int
file_image(struct file *fp, const void **data, size_t *size)
{
	if (fp->f_ops != &ramfs_file_ops)
		return -EACCES;
	*data = fp->f_node.data;
	*size = fp->f_node.size;
	return 0;
}

/* ---- reading and writing -------------------------------------------- */

static bool
file_readable(const struct file *fp)
{
	return (fp->f_flags & O_ACCMODE) != O_WRONLY;
}

static bool
file_writable(const struct file *fp)
{
	return (fp->f_flags & O_ACCMODE) != O_RDONLY &&
	    (fp->f_ops->fo_write != NULL || fp->f_ops->fo_rw != NULL);
}

/* Copy n bytes from the kernel at src to dst in seg: 0 or -EFAULT. */
static int
xfer_out(void *dst, const void *src, size_t n, enum uio_seg seg)
{
	if (seg == UIO_USERSPACE)
		return copyout(src, dst, n);
	memcpy(dst, src, n);
	return 0;
}

/* Copy n bytes from src in seg to the kernel at dst: 0 or -EFAULT. */
static int
xfer_in(void *dst, const void *src, size_t n, enum uio_seg seg)
{
	if (seg == UIO_USERSPACE)
		return copyin(src, dst, n);
	memcpy(dst, src, n);
	return 0;
}

/* What a transfer returns: the bytes moved, else the error. */
static ssize_t
xfer_result(size_t done, ssize_t error)
{
	return done > 0 ? (ssize_t)done : error;
}

int
uio_copy(void *dst, const void *src, size_t n, enum uio_seg seg, bool out)
{
	return out ? xfer_out(dst, src, n, seg) : xfer_in(dst, src, n, seg);
}

int
file_sync(struct file *fp)
{
	return fp->f_ops->fo_sync != NULL ? fp->f_ops->fo_sync(fp) : 0;
}

/*
 * Read up to len bytes at off into buf (in seg): the count, 0 at the end,
 * or an error.  A kind that moves its own bytes (fo_rw) does it all;
 * otherwise a piece at a time through a small kernel buffer.
 */
static ssize_t
read_at(struct file *fp, void *buf, size_t len, uint64_t off,
    enum uio_seg seg)
{
	char bounce[FILE_BOUNCE];
	size_t done = 0, want;
	ssize_t n = 0;
	int error = 0;

	if (fp->f_ops->fo_rw != NULL)
		return fp->f_ops->fo_rw(fp, buf, len, off, seg, false);
	while (done < len) {
		want = MIN(len - done, sizeof(bounce));
		if ((n = fp->f_ops->fo_read(fp, bounce, want, off + done)) <= 0)
			break;
		KASSERT((size_t)n <= want, ("read_at: %s read too much",
		    fp->f_ops->fo_name));
		if ((error = xfer_out((char *)buf + done, bounce, n, seg)) != 0)
			break;
		done += n;
		if (fp->f_ops->fo_stream || (size_t)n < want)
			break;		/* a stream's "what there is", or EOF */
	}
	return xfer_result(done, error != 0 ? error : n);
}

/* Write len bytes of buf (in seg) at off, as read_at() reads. */
static ssize_t
write_at(struct file *fp, const void *buf, size_t len, uint64_t off,
    enum uio_seg seg)
{
	char bounce[FILE_BOUNCE];
	size_t done = 0, want;
	ssize_t n = 0;
	int error = 0;

	if (fp->f_ops->fo_rw != NULL)
		return fp->f_ops->fo_rw(fp, (void *)buf, len, off, seg, true);
	while (done < len) {
		want = MIN(len - done, sizeof(bounce));
		if ((error = xfer_in(bounce, (const char *)buf + done, want,
		    seg)) != 0)
			break;
		if ((n = fp->f_ops->fo_write(fp, bounce, want, off + done)) <= 0)
			break;
		KASSERT((size_t)n <= want, ("write_at: %s wrote too much",
		    fp->f_ops->fo_name));
		done += n;
		if ((size_t)n < want)
			break;
	}
	return xfer_result(done, error != 0 ? error : n);
}

ssize_t
file_read(struct file *fp, void *buf, size_t len, enum uio_seg seg)
{
	uint64_t off;
	ssize_t n;

	if (!file_readable(fp))
		return -EBADF;
	if (len == 0)
		return 0;
	off = file_offset_lock(fp);
	n = read_at(fp, buf, len, off, seg);
	file_offset_unlock(fp, n > 0 ? off + (uint64_t)n : off);
	return n;
}

ssize_t
file_write(struct file *fp, const void *buf, size_t len, enum uio_seg seg)
{
	uint64_t off;
	ssize_t n;

	if (!file_writable(fp))
		return -EBADF;
	off = file_offset_lock(fp);
	n = write_at(fp, buf, len, off, seg);
	file_offset_unlock(fp, n > 0 ? off + (uint64_t)n : off);
	return n;
}

ssize_t
file_pread(struct file *fp, void *buf, size_t len, uint64_t off,
    enum uio_seg seg)
{
	if (!file_readable(fp))
		return -EBADF;
	if (fp->f_ops->fo_stream)
		return -ESPIPE;
	return len == 0 ? 0 : read_at(fp, buf, len, off, seg);
}

ssize_t
file_pwrite(struct file *fp, const void *buf, size_t len, uint64_t off,
    enum uio_seg seg)
{
	if (!file_writable(fp))
		return -EBADF;
	if (fp->f_ops->fo_stream)
		return -ESPIPE;
	return write_at(fp, buf, len, off, seg);
}

/* Where whence counts from: 0 and *base, or -EINVAL. */
static int
lseek_base(const struct file *fp, int64_t cur, int whence, int64_t *base)
{
	switch (whence) {
	case SEEK_SET:
		*base = 0;
		return 0;
	case SEEK_CUR:
		*base = cur;
		return 0;
	case SEEK_END:
		/* A directory's end is no offset (Linux's ramfs agrees). */
		if (S_ISDIR(fp->f_node.mode))
			return -EINVAL;
		*base = (int64_t)fp->f_node.size;
		return 0;
	default:
		return -EINVAL;
	}
}

int64_t
file_lseek(struct file *fp, int64_t off, int whence)
{
	int64_t cur, base, new = 0;
	int error;

	if (fp->f_ops->fo_stream)
		return -ESPIPE;
	cur = (int64_t)file_offset_lock(fp);
	error = lseek_base(fp, cur, whence, &base);
	if (error == 0 && (__builtin_add_overflow(base, off, &new) || new < 0))
		error = -EINVAL;
	/* A disk has a fixed size: no position past its end (Linux). */
	if (error == 0 && blkfile_owns(&fp->f_node) &&
	    (uint64_t)new > fp->f_node.size)
		error = -EINVAL;
	file_offset_unlock(fp, error == 0 ? new : cur);
	return error != 0 ? error : new;
}

/* ---- stat, directories, links --------------------------------------- */

static bool
node_is_kernel(const struct initramfs_node *node)
{
	return node->ino == FILE_INO_DEV || node_device(node) != NULL ||
	    blkfile_owns(node) || procfs_owns(node) || sysfs_owns(node);
}

/*
 * The one writer of struct linux_stat, whose layout is the machine's
 * (machine/stat.h): by field name only.  No owners, no times: the
 * archive's are all 0 anyway (tools/mkcpio.c).
 */
static void
node_stat(const struct initramfs_node *node, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = node_is_kernel(node) ? FILE_DEV_KERNEL :
	    FILE_DEV_INITRAMFS;
	st->st_ino = node->ino;
	st->st_mode = node->mode;
	st->st_nlink = S_ISDIR(node->mode) ? 2 : 1;
	st->st_rdev = node_device(node) != NULL ? node_device(node)->rdev :
	    blkfile_owns(node) ? blkfile_rdev(node) : 0;
	/* A block device's size is no file size: Linux says 0 there too. */
	st->st_size = blkfile_owns(node) ? 0 : (int64_t)node->size;
	st->st_blksize = STAT_BLKSIZE;
	st->st_blocks = (int64_t)STAT_BLOCKS((uint64_t)st->st_size);
}

int
file_stat(struct file *fp, struct linux_stat *st)
{
	node_stat(&fp->f_node, st);
	return 0;
}

int
file_stat_path(struct file *dir, const char *path, int atflags,
    struct linux_stat *st)
{
	struct lookup lk;
	int error;

	error = namei(dir, path, (atflags & AT_SYMLINK_NOFOLLOW) ? 0 :
	    NAMEI_FOLLOW, &lk);
	if (error == 0)
		node_stat(&lk.node, st);
	return error;
}

/*
 * Lay de out as a struct linux_dirent64 in rec (DIRENT_MAX bytes, 8-byte
 * aligned), next being the offset of the entry after it: its length.
 */
static size_t
dirent_pack(const struct file_dirent *de, uint64_t next, void *rec)
{
	struct linux_dirent64 *d = rec;
	size_t namelen = strlen(de->name);
	size_t reclen = roundup2(DIRENT_NAME_OFF + namelen + 1, 8);

	KASSERT(reclen <= DIRENT_MAX, ("dirent_pack: name too long"));
	memset(rec, 0, reclen);		/* the NUL and the padding */
	d->d_ino = de->ino;
	d->d_off = (int64_t)next;
	d->d_reclen = (uint16_t)reclen;
	d->d_type = (uint8_t)((de->mode & S_IFMT) >> 12);
	memcpy(d->d_name, de->name, namelen);
	return reclen;
}

ssize_t
file_getdents(struct file *fp, void *buf, size_t len, enum uio_seg seg)
{
	uint64_t rec[DIRENT_MAX / sizeof(uint64_t)];
	struct file_dirent de;
	size_t done = 0, reclen;
	uint64_t index;
	int error;

	if (fp->f_ops->fo_readdir == NULL)
		return -ENOTDIR;
	index = file_offset_lock(fp);
	while ((error = fp->f_ops->fo_readdir(fp, index, &de)) == 0) {
		reclen = dirent_pack(&de, index + 1, rec);
		if (reclen > len - done) {
			error = -EINVAL;	/* only if nothing fitted */
			break;
		}
		if ((error = xfer_out((char *)buf + done, rec, reclen,
		    seg)) != 0)
			break;
		done += reclen;
		index++;
	}
	file_offset_unlock(fp, index);
	return xfer_result(done, error == -ENOENT ? 0 : error);
}

ssize_t
file_readlink(struct file *dir, const char *path, void *buf, size_t len,
    enum uio_seg seg)
{
	struct lookup lk;
	size_t n;
	int error;

	if ((error = namei(dir, path, 0, &lk)) != 0)
		return error;
	if (!S_ISLNK(lk.node.mode))
		return -EINVAL;
	n = MIN(len, lk.node.size);
	if ((error = xfer_out(buf, lk.node.data, n, seg)) != 0)
		return error;
	return (ssize_t)n;
}

/* ---- descriptor tables ---------------------------------------------- */

/* With fd_lock held: the lowest free descriptor from minfd, or -EMFILE. */
static int
fd_lowest_free(struct filedesc *fdp, int minfd)
{
	for (int fd = minfd; fd < NOFILE; fd++)
		if (fdp->fd_files[fd] == NULL)
			return fd;
	return -EMFILE;
}

/* The console file a new table has on fd (0, 1 or 2). */
static struct file *
fd_console(int fd)
{
	return fd == 2 ? &console_err_file : &console_file;
}

struct filedesc *
fd_table_create(void)
{
	struct filedesc *fdp = kmalloc(sizeof(*fdp), KM_ZERO);

	if (fdp == NULL)
		return NULL;
	spin_init(&fdp->fd_lock, "filedesc");
	for (int fd = 0; fd < 3; fd++) {
		fdp->fd_files[fd] = fd_console(fd);
		file_hold(fdp->fd_files[fd]);
	}
	return fdp;
}

struct filedesc *
fd_table_dup(struct filedesc *fdp)
{
	struct filedesc *copy;

	if (fdp == NULL)
		return fd_table_create();
	if ((copy = kmalloc(sizeof(*copy), KM_ZERO)) == NULL)
		return NULL;
	spin_init(&copy->fd_lock, "filedesc");
	spin_lock(&fdp->fd_lock);
	for (int fd = 0; fd < NOFILE; fd++) {
		if (fdp->fd_files[fd] == NULL)
			continue;
		file_hold(fdp->fd_files[fd]);
		copy->fd_files[fd] = fdp->fd_files[fd];
		copy->fd_flags[fd] = fdp->fd_flags[fd];
	}
	if ((copy->fd_cdir = fdp->fd_cdir) != NULL)
		file_hold(copy->fd_cdir);
	spin_unlock(&fdp->fd_lock);
	return copy;
}

/* Close every descriptor that has all the flags in mask (0: every one). */
static void
fd_close_matching(struct filedesc *fdp, int mask)
{
	bool match;

	for (int fd = 0; fd < NOFILE; fd++) {
		spin_lock(&fdp->fd_lock);
		match = fdp->fd_files[fd] != NULL &&
		    (fdp->fd_flags[fd] & mask) == mask;
		spin_unlock(&fdp->fd_lock);
		if (match)
			fd_close(fdp, fd);
	}
}

void
fd_table_exec(struct filedesc *fdp)
{
	if (fdp != NULL)
		fd_close_matching(fdp, FD_CLOEXEC);
}

void
fd_table_destroy(struct filedesc *fdp)
{
	if (fdp == NULL)
		return;
	fd_close_matching(fdp, 0);
	if (fdp->fd_cdir != NULL)
		file_drop(fdp->fd_cdir);
	kfree(fdp);
}

int
fd_install(struct filedesc *fdp, struct file *fp, int flags)
{
	int fd;

	if (fdp == NULL)
		return -EMFILE;
	spin_lock(&fdp->fd_lock);
	if ((fd = fd_lowest_free(fdp, 0)) >= 0) {
		fdp->fd_files[fd] = fp;
		fdp->fd_flags[fd] = (uint8_t)(flags & FD_CLOEXEC);
	}
	spin_unlock(&fdp->fd_lock);
	return fd;
}

int
fd_get(struct filedesc *fdp, int fd, struct file **out)
{
	struct file *fp = NULL;

	if (fdp == NULL) {
		if (fd < 0 || fd > 2)
			return -EBADF;
		*out = fd_console(fd);
		file_hold(*out);
		return 0;
	}
	spin_lock(&fdp->fd_lock);
	if (fd >= 0 && fd < NOFILE && (fp = fdp->fd_files[fd]) != NULL)
		file_hold(fp);
	spin_unlock(&fdp->fd_lock);
	*out = fp;
	return fp != NULL ? 0 : -EBADF;
}

struct file *
fd_cwd(struct filedesc *fdp)
{
	struct file *dir;

	if (fdp == NULL)
		return NULL;
	spin_lock(&fdp->fd_lock);
	if ((dir = fdp->fd_cdir) != NULL)
		file_hold(dir);
	spin_unlock(&fdp->fd_lock);
	return dir;
}

int
fd_chdir(struct filedesc *fdp, struct file *dir)
{
	struct file *old;

	if (fdp == NULL)
		return -EBADF;
	if (dir->f_path == NULL)
		return -ENOTDIR;
	file_hold(dir);
	spin_lock(&fdp->fd_lock);
	old = fdp->fd_cdir;
	fdp->fd_cdir = dir;
	spin_unlock(&fdp->fd_lock);
	if (old != NULL)
		file_drop(old);
	return 0;
}

int
fd_dup(struct filedesc *fdp, int fd, int newfd, int minfd, int flags)
{
	struct file *fp, *old = NULL;

	if (fdp == NULL || fd < 0 || fd >= NOFILE || newfd >= NOFILE)
		return -EBADF;
	spin_lock(&fdp->fd_lock);
	if ((fp = fdp->fd_files[fd]) == NULL) {
		spin_unlock(&fdp->fd_lock);
		return -EBADF;
	}
	if (newfd < 0 && (minfd < 0 || minfd >= NOFILE)) {
		spin_unlock(&fdp->fd_lock);
		return -EINVAL;
	}
	if (newfd < 0 && (newfd = fd_lowest_free(fdp, minfd)) < 0) {
		spin_unlock(&fdp->fd_lock);
		return -EMFILE;
	}
	file_hold(fp);
	old = fdp->fd_files[newfd];
	fdp->fd_files[newfd] = fp;
	fdp->fd_flags[newfd] = (uint8_t)(flags & FD_CLOEXEC);
	spin_unlock(&fdp->fd_lock);
	if (old != NULL)
		file_drop(old);		/* dup2's silent close */
	return newfd;
}

int
fd_getflags(struct filedesc *fdp, int fd)
{
	int flags = -EBADF;

	if (fdp == NULL || fd < 0 || fd >= NOFILE)
		return -EBADF;
	spin_lock(&fdp->fd_lock);
	if (fdp->fd_files[fd] != NULL)
		flags = fdp->fd_flags[fd];
	spin_unlock(&fdp->fd_lock);
	return flags;
}

int
fd_setflags(struct filedesc *fdp, int fd, int flags)
{
	int error = -EBADF;

	if (fdp == NULL || fd < 0 || fd >= NOFILE)
		return -EBADF;
	spin_lock(&fdp->fd_lock);
	if (fdp->fd_files[fd] != NULL) {
		fdp->fd_flags[fd] = (uint8_t)(flags & FD_CLOEXEC);
		error = 0;
	}
	spin_unlock(&fdp->fd_lock);
	return error;
}

int
fd_close(struct filedesc *fdp, int fd)
{
	struct file *fp = NULL;

	if (fdp == NULL)
		return -EBADF;
	spin_lock(&fdp->fd_lock);
	if (fd >= 0 && fd < NOFILE && (fp = fdp->fd_files[fd]) != NULL) {
		fdp->fd_files[fd] = NULL;
		fdp->fd_flags[fd] = 0;
	}
	spin_unlock(&fdp->fd_lock);
	if (fp == NULL)
		return -EBADF;
	file_drop(fp);
	return 0;
}
