/*
 * sysfs.c: /sys, the kernel's settings as files (see sysfs.h for the
 * list, docs/files.md for the story).
 *
 * Linux's sysfs shows every kernel object, built as objects come and go.
 * Pagoda has a handful of settings, so /sys is one constant table: each
 * node is a resolved path, a mode, its parent's place in the table, and
 * for a file two functions: show (its text) and store (what a write
 * does; NULL for a read-only file).  Lookup compares whole paths
 * (file.c's walk has already checked that every directory on the way is
 * one), and a directory lists the nodes whose parent it is.
 *
 * A write is handed to store whole, whatever the offset, as Linux's
 * sysfs does; the count comes back when store takes it.  A file's text
 * is made at each read (sysfs.h says why), so show must be cheap and
 * take no lock that a reader could not wait for: the THP mode is one
 * atomic word (vm/thp.c), and no other state is read here.
 */
#include "kernel/sysfs.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/stat.h"
#include "kernel/systm.h"
#include "vm/thp.h"
#include "vm/vm.h"

#define SYSFS_DIR_MODE		(S_IFDIR | 0755)
#define SYSFS_RO_MODE		(S_IFREG | 0444)
#define SYSFS_RW_MODE		(S_IFREG | 0644)
#define SYSFS_FILE_SIZE		4096	/* what Linux's stat says: a page */
#define SYSFS_TEXT_MAX		64	/* more than the longest text */

#define SYSFS_INO(index)	((1ULL << SYSFS_INO_BIT) | ((index) + 1))

struct sysfs_node {
	const char	*path;		/* resolved: "/sys/kernel" */
	uint32_t	mode;
	int		parent;		/* its directory in sysfs_nodes[] */
	/* A file's text into buf (size bytes, with the NUL): its length. */
	int		(*show)(char *buf, size_t size);
	/* A write of len bytes: 0, or -EINVAL.  NULL: read-only. */
	int		(*store)(const char *buf, size_t len);
};

/* transparent_hugepage/enabled: the mode, Linux's way (vm/thp.h). */
static int
thp_enabled_store(const char *buf, size_t len)
{
	enum thp_mode mode;

	if (!thp_mode_parse(buf, len, &mode))
		return -EINVAL;
	thp_mode_set(mode);
	return 0;
}

/* transparent_hugepage/hpage_pmd_size: a huge page's bytes. */
static int
thp_pmd_size_show(char *buf, size_t size)
{
	return snprintf(buf, size, "%lu\n", (unsigned long)PMD_SIZE);
}

enum {
	SYSFS_ROOT,		/* /sys: its parent is "/", outside the table */
	SYSFS_KERNEL,
	SYSFS_MM,
	SYSFS_THP,
};

static const struct sysfs_node sysfs_nodes[] = {
	[SYSFS_ROOT] = { "/sys", SYSFS_DIR_MODE, -1, NULL, NULL },
	[SYSFS_KERNEL] = { "/sys/kernel", SYSFS_DIR_MODE, SYSFS_ROOT, NULL,
	    NULL },
	[SYSFS_MM] = { "/sys/kernel/mm", SYSFS_DIR_MODE, SYSFS_KERNEL, NULL,
	    NULL },
	[SYSFS_THP] = { "/sys/kernel/mm/transparent_hugepage",
	    SYSFS_DIR_MODE, SYSFS_MM, NULL, NULL },
	{ "/sys/kernel/mm/transparent_hugepage/enabled", SYSFS_RW_MODE,
	    SYSFS_THP, thp_mode_format, thp_enabled_store },
	{ "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size",
	    SYSFS_RO_MODE, SYSFS_THP, thp_pmd_size_show, NULL },
};

/* The table's node for an ino of ours. */
static int
node_index(const struct initramfs_node *node)
{
	uint64_t index = (node->ino & ~(1ULL << SYSFS_INO_BIT)) - 1;

	KASSERT(sysfs_owns(node) && index < nitems(sysfs_nodes),
	    ("sysfs: ino 0x%lx is not ours", node->ino));
	return (int)index;
}

/* The last component of a node's path. */
static const char *
node_name(const struct sysfs_node *node)
{
	const char *name = node->path;

	for (const char *p = node->path; *p != '\0'; p++)
		if (*p == '/')
			name = p + 1;
	return name;
}

/* ---- reading, writing, listing ------------------------------------------ */

static ssize_t
sysfs_read(struct file *fp, void *buf, size_t len, uint64_t off)
{
	const struct sysfs_node *node = &sysfs_nodes[node_index(&fp->f_node)];
	char text[SYSFS_TEXT_MAX];
	int n;

	if (S_ISDIR(node->mode))
		return -EISDIR;
	n = node->show(text, sizeof(text));
	KASSERT(n >= 0 && (size_t)n < sizeof(text),
	    ("sysfs_read: %s: a text of %d bytes", node->path, n));
	if (off >= (uint64_t)n)
		return 0;
	len = MIN(len, (size_t)n - off);
	memcpy(buf, text + off, len);
	return (ssize_t)len;
}

static ssize_t
sysfs_write(struct file *fp, const void *buf, size_t len, uint64_t off)
{
	const struct sysfs_node *node = &sysfs_nodes[node_index(&fp->f_node)];
	int error;

	if (node->store == NULL)
		return -EACCES;		/* open has refused it already */
	if ((error = node->store(buf, len)) != 0)
		return error;
	return (ssize_t)len;
}

static void
dirent_fill(struct file_dirent *out, const char *name, uint64_t ino,
    uint32_t mode)
{
	strlcpy(out->name, name, sizeof(out->name));
	out->ino = ino;
	out->mode = mode;
}

/* ".", "..", then the nodes whose parent the directory is, in order. */
static int
sysfs_readdir(struct file *fp, uint64_t index, struct file_dirent *out)
{
	int dir = node_index(&fp->f_node);

	if (index == 0) {
		dirent_fill(out, ".", fp->f_node.ino, SYSFS_DIR_MODE);
		return 0;
	}
	if (index == 1) {
		dirent_fill(out, "..", fp->f_parent_ino, SYSFS_DIR_MODE);
		return 0;
	}
	index -= 2;
	for (size_t i = 0; i < nitems(sysfs_nodes); i++) {
		if (sysfs_nodes[i].parent != dir)
			continue;
		if (index > 0) {
			index--;
			continue;
		}
		dirent_fill(out, node_name(&sysfs_nodes[i]), SYSFS_INO(i),
		    sysfs_nodes[i].mode);
		return 0;
	}
	return -ENOENT;
}

static const struct file_ops sysfs_file_ops = {
	.fo_name = "sysfs file",
	.fo_read = sysfs_read,
	.fo_write = sysfs_write,
};

static const struct file_ops sysfs_dir_ops = {
	.fo_name = "sysfs directory",
	.fo_read = sysfs_read,
	.fo_readdir = sysfs_readdir,
};

const struct file_ops *
sysfs_ops(const struct initramfs_node *node)
{
	return S_ISDIR(node->mode) ? &sysfs_dir_ops : &sysfs_file_ops;
}

bool
sysfs_owns(const struct initramfs_node *node)
{
	return (node->ino >> SYSFS_INO_BIT) == 1;
}

/* ---- lookup ------------------------------------------------------------- */

bool
sysfs_path(const char *path)
{
	return strncmp(path, "/sys", 4) == 0 &&
	    (path[4] == '\0' || path[4] == '/');
}

int
sysfs_lookup(const char *path, struct initramfs_node *out)
{
	KASSERT(sysfs_path(path), ("sysfs_lookup: %s", path));
	for (size_t i = 0; i < nitems(sysfs_nodes); i++) {
		if (strcmp(path, sysfs_nodes[i].path) != 0)
			continue;
		memset(out, 0, sizeof(*out));
		strlcpy(out->name, node_name(&sysfs_nodes[i]),
		    sizeof(out->name));
		out->mode = sysfs_nodes[i].mode;
		out->ino = SYSFS_INO(i);
		out->size = S_ISDIR(out->mode) ? 0 : SYSFS_FILE_SIZE;
		return 0;
	}
	return -ENOENT;
}
