/*
 * blkfile.c: /dev/vda and friends, the block devices as files.
 *
 * Reads and writes go straight to the device, as Linux's O_DIRECT does:
 * there is no cache, so offsets and lengths must be whole sectors
 * (512 bytes; -EINVAL otherwise), and every call is a disk request.
 *
 * The device reads and writes physical memory.  A user buffer that is
 * sector-aligned goes to it directly, as on Linux: each of its pages is
 * faulted in (for writing, before the device writes it: that breaks any
 * copy-on-write sharing), its physical address taken, and neighbours
 * that are neighbours in physical memory too merged into one segment;
 * up to 2 MiB of them go down at once, as several requests in flight.
 * The pages stay put meanwhile: each is held (vm_anon_hold()), which
 * keeps reclaim away from it, and a munmap by another thread would only
 * drop the mapping's reference, not the frame (a page of a 2 MiB leaf
 * holds its folio's head).  Any
 * other buffer, and a kernel one, passes through a kernel folio of up to
 * 2 MiB, one request a piece.  As on Linux, the end of the device comes
 * before the alignment: at or past the end a read returns 0 and a write
 * -ENOSPC, a call that crosses the end is cut short there, and only then
 * must what is left be whole sectors.  A write to a read-only disk is
 * -EPERM.  fsync() and fdatasync() flush the
 * device's write cache.  The tests (user/tests/blktest.c) and the raw
 * benchmark (user/bin/blkbench.c) run through here, unchanged on Linux.
 */
#include "kernel/blkfile.h"
#include "drivers/blk.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/lock.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/systm.h"
#include "vm/kmem.h"
#include "vm/pmap.h"
#include "vm/vm_anon.h"
#include "vm/vm_map.h"
#include "vm/vm_page.h"
#include "machine/vmparam.h"

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
	int order = MIN(vm_page_order(len), BLKFILE_CHUNK_ORDER);

	for (; order >= 0; order--) {
		if ((m = vm_page_alloc(order, 0)) != NULL) {
			*size = MIN(len, PAGE_SIZE << order);
			return m;
		}
	}
	return NULL;
}

/*
 * One request through a kernel folio: up to *n bytes at byte off of dev,
 * between buf (in seg) and the folio; the bytes moved in *n (fewer if
 * memory gave a smaller folio).  0 or an error.
 */
static int
bounce_piece(struct blk_dev *dev, char *buf, size_t *n, uint64_t off,
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

/* ---- straight to user memory ---------------------------------------- */

#define DIRECT_REQS	8		/* requests of one piece */
#define DIRECT_SEGS	64		/* segments of one request */
#define DIRECT_PIECE	(2UL << 20)

struct direct_io {
	struct blk_req	reqs[DIRECT_REQS];
	struct blk_seg	segs[DIRECT_REQS][DIRECT_SEGS];
	struct spinlock	lock;
	int		pending;	/* (l) requests not back yet */
	int		error;		/* (l) the first one's error */
};

static void
direct_done(struct blk_req *req)
{
	struct direct_io *io = req->arg;

	spin_lock(&io->lock);
	if (io->error == 0)
		io->error = req->error;
	if (--io->pending == 0)
		wakeup(io);
	spin_unlock(&io->lock);
}

/*
 * Add the user page at va (len bytes from its offset) to the requests of
 * io, from sector on: merged into the last segment when physically next
 * to it, else a new segment, in a new request when the last is full.
 * The number of requests in use in *nreqs.  0, -EFAULT, -E2BIG (full).
 */
static int
direct_add(struct direct_io *io, struct blk_dev *dev, int *nreqs,
    vm_offset_t va, size_t len, bool device_writes)
{
	struct vm_map *map = curproc->p_map;
	struct blk_req *req = &io->reqs[*nreqs - 1];
	struct blk_seg *last;
	vm_paddr_t pa;

	if (vm_anon_hold(map, va, device_writes ? VM_PROT_WRITE :
	    VM_PROT_READ, &pa) != 0)
		return -EFAULT;
	last = req->nsegs > 0 ? &req->segs[req->nsegs - 1] : NULL;
	if (last != NULL && last->pa + last->len == pa &&
	    last->len + len <= dev->max_seg_bytes) {
		last->len += (uint32_t)len;
		return 0;
	}
	if (req->nsegs == MIN(DIRECT_SEGS, dev->max_segs)) {
		if (*nreqs == DIRECT_REQS) {
			vm_anon_unhold(pa);	/* in no segment: not ours */
			return -E2BIG;
		}
		req = &io->reqs[(*nreqs)++];
	}
	req->segs[req->nsegs++] = (struct blk_seg){ pa, (uint32_t)len };
	return 0;
}

/*
 * Fill io's requests for *len bytes of user memory at ubuf, from sector
 * on: the number of requests, with *len cut short if they filled before
 * the end; or a negative errno (-EFAULT: a page that is not there).
 */
static int
direct_build(struct direct_io *io, struct blk_dev *dev, char *ubuf,
    size_t *len, uint64_t sector, bool write)
{
	vm_offset_t va = (vm_offset_t)ubuf, end = va + *len;
	int nreqs = 1, error = 0;

	for (int r = 0; r < DIRECT_REQS; r++)
		io->reqs[r] = (struct blk_req){ .dev = dev, .segs =
		    io->segs[r], .op = write ? BLK_WRITE : BLK_READ,
		    .done = direct_done, .arg = io };
	while (va < end && error == 0) {
		size_t n = MIN(end - va, PAGE_SIZE - (va & PAGE_MASK));

		if ((error = direct_add(io, dev, &nreqs, va, n, !write)) == 0)
			va += n;
	}
	*len = va - (vm_offset_t)ubuf;	/* short if the requests filled */
	for (int r = 0; r < nreqs; r++) {
		io->reqs[r].sector = sector;
		for (int i = 0; i < io->reqs[r].nsegs; i++)
			sector += io->reqs[r].segs[i].len / BLK_SECTOR_SIZE;
	}
	return error != 0 && error != -E2BIG ? error : nreqs;
}

/* direct_piece()'s work, the pages held. */
static int
direct_piece_io(struct direct_io *io, struct blk_dev *dev, char *ubuf,
    size_t *n, uint64_t off, bool write)
{
	int nreqs = direct_build(io, dev, ubuf, n, off / BLK_SECTOR_SIZE,
	    write), error = 0;

	if (nreqs < 0)
		return nreqs;
	spin_init(&io->lock, "direct io");
	io->pending = nreqs;
	io->error = 0;
	for (int r = 0; r < nreqs && error == 0; r++) {
		if ((error = blk_submit(&io->reqs[r])) != 0) {
			/* Refused: wait only for those already in flight. */
			spin_lock(&io->lock);
			io->pending -= nreqs - r;
			spin_unlock(&io->lock);
		}
	}
	spin_lock(&io->lock);
	while (io->pending > 0)
		sleep_on(io, &io->lock);
	spin_unlock(&io->lock);
	return error != 0 ? error : io->error;
}

/* Let go of every page io's requests hold (direct_add() held them). */
static void
direct_unhold(struct direct_io *io)
{
	for (int r = 0; r < DIRECT_REQS; r++)
		for (int i = 0; i < io->reqs[r].nsegs; i++) {
			const struct blk_seg *seg = &io->reqs[r].segs[i];

			for (vm_paddr_t pa = seg->pa; pa < seg->pa + seg->len;
			    pa = rounddown2(pa, PAGE_SIZE) + PAGE_SIZE)
				vm_anon_unhold(pa);
		}
}

/*
 * One piece of up to 2 MiB straight to user memory; its bytes in *n.
 * The pages are held while the disk works on them, so that reclaim
 * cannot take them away in the middle.
 */
static int
direct_piece(struct direct_io *io, struct blk_dev *dev, char *ubuf,
    size_t *n, uint64_t off, bool write)
{
	int error;

	error = direct_piece_io(io, dev, ubuf, n, off, write);
	direct_unhold(io);
	return error;
}

/* Is this transfer one the device can do in user memory itself? */
static bool
direct_ok(const void *buf, enum uio_seg seg)
{
	return seg == UIO_USERSPACE &&
	    ((vm_offset_t)buf % BLK_SECTOR_SIZE) == 0;
}

/* Does [buf, buf + len) lie in user space (without wrapping)? */
static bool
user_range_ok(const void *buf, size_t len)
{
	vm_offset_t va = (vm_offset_t)buf;

	return va + len >= va && va + len <= VM_MAX_USER_ADDRESS;
}

static ssize_t
blkfile_rw(struct file *fp, void *buf, size_t len, uint64_t off,
    enum uio_seg seg, bool write)
{
	struct blk_dev *dev = file_dev(fp);
	uint64_t size = dev->sectors * BLK_SECTOR_SIZE;
	struct direct_io *io = NULL;
	size_t done = 0, n;
	int error = 0;

	/* Linux's order: the end of the disk first, then the alignment. */
	if (len == 0)
		return 0;
	if (off >= size)
		return write ? -ENOSPC : 0;
	len = MIN(len, size - off);
	if (off % BLK_SECTOR_SIZE != 0 || len % BLK_SECTOR_SIZE != 0)
		return -EINVAL;
	if (write && dev->read_only)
		return -EPERM;
	if (seg == UIO_USERSPACE && !user_range_ok(buf, len))
		return -EFAULT;
	if (direct_ok(buf, seg) && (io = kmalloc(sizeof(*io), 0)) == NULL)
		return -ENOMEM;
	while (done < len && error == 0) {
		n = len - done;
		if (io != NULL) {
			n = MIN(n, DIRECT_PIECE);
			error = direct_piece(io, dev, (char *)buf + done, &n,
			    off + done, write);
		} else
			error = bounce_piece(dev, (char *)buf + done, &n,
			    off + done, seg, write);
		if (error == 0)
			done += n;
	}
	kfree(io);
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
