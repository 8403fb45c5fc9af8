/*
 * blkfile.c: /dev/vda and friends, the block devices as files.
 *
 * Reads and writes go straight to the device, as Linux's O_DIRECT does:
 * there is no cache, so offsets and lengths must be whole sectors
 * (512 bytes; -EINVAL otherwise), and every call is a disk request.  The
 * data passes through a kernel buffer (a folio of up to 2 MiB), because
 * the device writes physical memory and a user buffer is only virtual;
 * each piece of up to 2 MiB is one request.  At the end of the device a
 * read returns 0 and a write -ENOSPC, and a call that crosses the end is
 * cut short there, as on Linux.  fsync() and fdatasync() flush the
 * device's write cache.  The tests (user/tests/blktest.c) and the raw
 * benchmark (user/bin/blkbench.c) run through here, unchanged on Linux.
 */
#include "kernel/blkfile.h"
#include "drivers/blk.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/systm.h"
#include "vm/vm_page.h"

#define BLKFILE_MAJOR	254		/* Linux's virtblk, on most systems */
#define BLKFILE_INO(i)	((1ULL << 62) | 0x100 | (uint64_t)(i))
#define BLKFILE_CHUNK_ORDER 9		/* 2 MiB: one request at most */

int
blkfile_lookup(const char *path, struct initramfs_node *out)
{
	struct blk_dev *dev;

	if (strncmp(path, "/dev/", 5) != 0 ||
	    (dev = blk_lookup(path + 5)) == NULL)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	strlcpy(out->name, dev->name, sizeof(out->name));
	out->mode = S_IFBLK | 0660;
	out->ino = BLKFILE_INO(dev->index);
	out->size = dev->sectors * BLK_SECTOR_SIZE;
	return 0;
}

bool
blkfile_owns(const struct initramfs_node *node)
{
	return (node->mode & S_IFMT) == S_IFBLK &&
	    (node->ino & ~0xffULL) == BLKFILE_INO(0);
}

uint64_t
blkfile_rdev(const struct initramfs_node *node)
{
	return STAT_MAKEDEV(BLKFILE_MAJOR, (node->ino & 0xff) * 16);
}

static struct blk_dev *
file_dev(const struct file *fp)
{
	return blk_get((int)(fp->f_node.ino & 0xff));
}

/*
 * A kernel buffer for up to len bytes: the biggest folio that is no
 * bigger than 2 MiB and that memory can give now.  Its size in *size.
 */
static struct vm_page *
bounce_alloc(size_t len, size_t *size)
{
	struct vm_page *m;
	int order = 0;

	while (order < BLKFILE_CHUNK_ORDER && (PAGE_SIZE << order) < len)
		order++;
	for (; order >= 0; order--) {
		if ((m = vm_page_alloc(order, 0)) != NULL) {
			*size = MIN(len, PAGE_SIZE << order);
			return m;
		}
	}
	return NULL;
}

/* One request: n bytes at byte off of dev, between buf (seg) and a
 * kernel buffer.  0 or an error. */
static int
blkfile_piece(struct blk_dev *dev, char *buf, size_t *n, uint64_t off,
    enum uio_seg seg, bool write)
{
	struct vm_page *m = bounce_alloc(*n, n);
	void *kva;
	int error;

	if (m == NULL)
		return -ENOMEM;
	kva = (void *)PHYS_TO_DMAP(VM_PAGE_TO_PHYS(m));
	error = write ? uio_copy(kva, buf, *n, seg, false) : 0;
	if (error == 0)
		error = blk_rw(dev, write ? BLK_WRITE : BLK_READ,
		    off / BLK_SECTOR_SIZE, VM_PAGE_TO_PHYS(m), *n);
	if (error == 0 && !write)
		error = uio_copy(buf, kva, *n, seg, true);
	vm_page_free(m);
	return error;
}

static ssize_t
blkfile_rw(struct file *fp, void *buf, size_t len, uint64_t off,
    enum uio_seg seg, bool write)
{
	struct blk_dev *dev = file_dev(fp);
	uint64_t size = dev->sectors * BLK_SECTOR_SIZE;
	size_t done = 0, n;
	int error = 0;

	if (off % BLK_SECTOR_SIZE != 0 || len % BLK_SECTOR_SIZE != 0)
		return -EINVAL;
	if (off >= size)
		return write && len > 0 ? -ENOSPC : 0;
	len = MIN(len, size - off);
	while (done < len && error == 0) {
		n = len - done;
		error = blkfile_piece(dev, (char *)buf + done, &n, off + done,
		    seg, write);
		if (error == 0)
			done += n;
	}
	return done > 0 ? (ssize_t)done : error;
}

/* fsync, fdatasync: empty the device's write cache. */
static int
blkfile_sync(struct file *fp)
{
	return blk_rw(file_dev(fp), BLK_FLUSH, 0, 0, 0);
}

const struct file_ops blkfile_ops = {
	.fo_name = "block device",
	.fo_rw = blkfile_rw,
	.fo_sync = blkfile_sync,
};
