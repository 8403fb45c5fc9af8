/*
 * initramfs.c: in-kernel tests of the initramfs (kernel/initramfs.c), as
 * the kernel itself is built (freestanding; strict alignment on arm64).
 *
 * The host tests (tests/host/test_initramfs.c) cover it in depth: random
 * archives against a model, corruption at every byte, mkcpio.  Here a
 * small archive, written out below as the ASCII it is, is read through
 * handles of the tests' own: initramfs_boot, the kernel's, is never
 * touched.  Nothing is allocated, so no test can leak a page.
 *
 * The corrupt-archive test makes initramfs_init() print its complaint;
 * those "initramfs: corrupt archive" lines in the log are expected.
 */
#include "kernel/errno.h"
#include "kernel/initramfs.h"
#include "kernel/ktest.h"

/*
 * A newc header: magic, then ino, mode, uid, gid, nlink, mtime, filesize,
 * devmajor, devminor, rdevmajor, rdevminor, namesize, check.
 */
#define KT_HDR(ino, mode, filesize, namesize)				\
	"070701" ino mode "00000000" "00000000" "00000001" "00000000"	\
	filesize "00000000" "00000000" "00000000" "00000000" namesize	\
	"00000000"

/*
 * bin/sh (0755, 5 bytes), etc/ (a directory), etc/motd (14 bytes),
 * bin/link (a symlink to "sh"), the trailer.  Names and data are padded
 * with NULs to multiples of 4, counting from the archive's start.  "bin"
 * has no member: it is an implicit directory.
 */
static const char initramfs_kt_archive[] =
	KT_HDR("00000001", "000081ED", "00000005", "00000007")
	"bin/sh\0" "\0\0\0"			/* 110 + 7 + 3 */
	"#!sh\n" "\0\0\0"			/* 5 + 3 */
	KT_HDR("00000002", "000041ED", "00000000", "00000004")
	"etc\0" "\0\0"				/* 110 + 4 + 2 */
	KT_HDR("00000003", "000081A4", "0000000E", "00000009")
	"etc/motd\0" "\0"			/* 110 + 9 + 1 */
	"hello, pagoda\n" "\0\0"		/* 14 + 2 */
	KT_HDR("00000004", "0000A1FF", "00000002", "00000009")
	"bin/link\0" "\0"			/* 110 + 9 + 1 */
	"sh" "\0\0"				/* 2 + 2 */
	KT_HDR("00000000", "00000000", "00000000", "0000000B")
	"TRAILER!!!\0" "\0\0";		/* 110 + 11 + 3 (one is
						   the literal's own NUL) */

#define INITRAMFS_KT_SIZE	(sizeof(initramfs_kt_archive))

/* Room for a patched copy, one byte past an aligned start. */
static uint64_t initramfs_kt_space[INITRAMFS_KT_SIZE / 8 + 2];
static uint8_t *const initramfs_kt_copy = (uint8_t *)initramfs_kt_space + 1;

/* The offsets of the headers in the archive above. */
enum { KT_SH = 0, KT_ETC = 128, KT_MOTD = 244, KT_LINK = 380,
    KT_TRAILER = 504 };

/* The archive, checked at a misaligned address. */
static int
initramfs_kt_init(struct initramfs *fs)
{
	memcpy(initramfs_kt_copy, initramfs_kt_archive, INITRAMFS_KT_SIZE);
	return initramfs_init(fs, initramfs_kt_copy, INITRAMFS_KT_SIZE);
}

KTEST(initramfs_layout)
{
	KT_EQ(INITRAMFS_KT_SIZE, KT_TRAILER + 124);
	KT_ASSERT(memcmp(initramfs_kt_archive + KT_ETC, "070701", 6) == 0);
	KT_ASSERT(memcmp(initramfs_kt_archive + KT_MOTD, "070701", 6) == 0);
	KT_ASSERT(memcmp(initramfs_kt_archive + KT_LINK, "070701", 6) == 0);
	KT_ASSERT(memcmp(initramfs_kt_archive + KT_TRAILER + 110,
	    "TRAILER!!!", 11) == 0);
}

KTEST(initramfs_lookup)
{
	struct initramfs fs;
	struct initramfs_node n;

	KT_EQ(initramfs_kt_init(&fs), 0);
	KT_EQ(fs.nmembers, 4);
	KT_EQ(initramfs_lookup(&fs, "/bin/sh", &n), 0);
	KT_ASSERT(strcmp(n.name, "sh") == 0);
	KT_EQ(n.mode, S_IFREG | 0755);
	KT_EQ(n.size, 5);
	KT_EQ(n.ino, 1);
	KT_ASSERT(memcmp(n.data, "#!sh\n", 5) == 0);
	KT_EQ(initramfs_lookup(&fs, "//etc/../bin/./sh", &n), 0);
	KT_EQ(n.ino, 1);
	KT_EQ(initramfs_lookup(&fs, "/bin", &n), 0);
	KT_EQ(n.mode, S_IFDIR | 0755);
	KT_ASSERT((n.ino & INITRAMFS_INO_IMPLICIT) != 0);
	KT_EQ(initramfs_lookup(&fs, "/etc/", &n), 0);
	KT_EQ(n.ino, 2);
	KT_EQ(initramfs_lookup(&fs, "/bin/link", &n), 0);
	KT_EQ(n.mode, S_IFLNK | 0777);
	KT_ASSERT(memcmp(n.data, "sh", 2) == 0);
	KT_EQ(initramfs_lookup(&fs, "/bin/link/x", &n), -ENOTDIR);
	KT_EQ(initramfs_lookup(&fs, "/etc/motd/", &n), -ENOTDIR);
	KT_EQ(initramfs_lookup(&fs, "/etc/mot", &n), -ENOENT);
	KT_EQ(initramfs_lookup(&fs, "etc", &n), -EINVAL);
}

KTEST(initramfs_readdir)
{
	struct initramfs fs;
	struct initramfs_node n;

	KT_EQ(initramfs_kt_init(&fs), 0);
	KT_EQ(initramfs_readdir(&fs, "/", 0, &n), 0);
	KT_ASSERT(strcmp(n.name, "bin") == 0);
	KT_EQ(initramfs_readdir(&fs, "/", 1, &n), 0);
	KT_ASSERT(strcmp(n.name, "etc") == 0);
	KT_EQ(initramfs_readdir(&fs, "/", 2, &n), -ENOENT);
	KT_EQ(initramfs_readdir(&fs, "/bin", 0, &n), 0);
	KT_ASSERT(strcmp(n.name, "sh") == 0);
	KT_EQ(initramfs_readdir(&fs, "/bin", 1, &n), 0);
	KT_ASSERT(strcmp(n.name, "link") == 0);
	KT_EQ(initramfs_readdir(&fs, "/bin", 2, &n), -ENOENT);
	KT_EQ(initramfs_readdir(&fs, "/etc/motd", 0, &n), -ENOTDIR);
}

KTEST(initramfs_read)
{
	struct initramfs fs;
	struct initramfs_node n;
	char buf[32];

	KT_EQ(initramfs_kt_init(&fs), 0);
	KT_EQ(initramfs_lookup(&fs, "/etc/motd", &n), 0);
	KT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), 14);
	KT_ASSERT(memcmp(buf, "hello, pagoda\n", 14) == 0);
	KT_EQ(initramfs_read(&n, buf, 4, 7), 4);
	KT_ASSERT(memcmp(buf, "pago", 4) == 0);
	KT_EQ(initramfs_read(&n, buf, sizeof(buf), 10), 4);
	KT_EQ(initramfs_read(&n, buf, sizeof(buf), 14), 0);
	KT_EQ(initramfs_read(&n, buf, sizeof(buf), 1000), 0);
	KT_EQ(initramfs_lookup(&fs, "/etc", &n), 0);
	KT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), -EISDIR);
}

/* Patch byte at of a fresh copy to c; what initramfs_init() says. */
static int
initramfs_kt_patched(struct initramfs *fs, size_t at, char c)
{
	memcpy(initramfs_kt_copy, initramfs_kt_archive, INITRAMFS_KT_SIZE);
	initramfs_kt_copy[at] = c;
	return initramfs_init(fs, initramfs_kt_copy, INITRAMFS_KT_SIZE);
}

KTEST(initramfs_corrupt)
{
	struct initramfs fs;
	struct initramfs_node n;

	/* Magic, a non-hex filesize, a filesize past the end. */
	KT_EQ(initramfs_kt_patched(&fs, KT_MOTD + 5, '7'), -EINVAL);
	KT_EQ(initramfs_kt_patched(&fs, KT_MOTD + 6 + 6 * 8, 'z'), -EINVAL);
	KT_EQ(initramfs_kt_patched(&fs, KT_LINK + 6 + 6 * 8, '8'), -EINVAL);
	/* The name's NUL, the trailer's name. */
	KT_EQ(initramfs_kt_patched(&fs, KT_ETC + 110 + 3, 'x'), -EINVAL);
	KT_EQ(initramfs_kt_patched(&fs, KT_TRAILER + 110, 't'), -EINVAL);
	/* A rejected archive leaves an empty file system. */
	KT_EQ(initramfs_lookup(&fs, "/bin/sh", &n), -ENOENT);
	KT_EQ(initramfs_lookup(&fs, "/", &n), 0);
	/* Cut short: the trailer must be there. */
	KT_EQ(initramfs_init(&fs, initramfs_kt_archive, KT_TRAILER), -EINVAL);
	KT_EQ(initramfs_init(&fs, initramfs_kt_archive, 3), -EINVAL);
	/* And the untouched copy is still fine. */
	KT_EQ(initramfs_kt_patched(&fs, 0, '0'), 0);
}
