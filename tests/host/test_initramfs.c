/*
 * test_initramfs.c: host tests of the initramfs (kernel/initramfs.c) and
 * of the tool that packs it (tools/mkcpio.c).
 *
 * Three kinds of archive:
 *  - small ones from the tiny writer below (cw_*), written from the newc
 *    format, not from kernel/initramfs.c, and shaped one case at a time;
 *  - random ones, checked against a reference model (ref_*) of what
 *    lookup and readdir should answer;
 *  - ones mkcpio makes from a temporary directory (MKCPIO_PATH, built by
 *    tests/host/Makefile), which must be the same bytes run after run.
 * Corrupt archives (a field patched, cut short at every length, bytes
 * flipped at random) sit in heap blocks of exactly their size, so
 * AddressSanitizer sees any read past the end; a reference validator
 * (ref_valid) says whether initramfs_init() must accept each one.
 */
#define _XOPEN_SOURCE 700	/* nftw() */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "host_test.h"
#include "klibc.h"
#include "kernel/initramfs.h"

/* kernel/errno.h's values are Linux's, as are the host's. */
#define KENOENT		(-ENOENT)
#define KENOTDIR	(-ENOTDIR)
#define KEINVAL		(-EINVAL)
#define KEISDIR		(-EISDIR)

#ifndef MKCPIO_PATH
#define MKCPIO_PATH	"../../build/host/mkcpio"
#endif

#define HDR		110
#define F_INO		0
#define F_MODE		1
#define F_FILESIZE	6
#define F_NAMESIZE	11
#define F_CHECK		12

/* ---- the writer -------------------------------------------------------- */

struct cw {
	uint8_t		*buf;
	size_t		len, cap;
	bool		checksummed;	/* magic 070702 */
	uint32_t	ino;		/* the last one given */
};

static void
cw_bytes(struct cw *w, const void *p, size_t n)
{
	if (w->len + n > w->cap) {
		w->cap = (w->len + n) * 2 + 256;
		if ((w->buf = realloc(w->buf, w->cap)) == NULL)
			abort();
	}
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void
cw_pad(struct cw *w)
{
	static const uint8_t zero[4];

	cw_bytes(w, zero, -w->len & 3);
}

/*
 * A member: its header, name (namesize bytes of name, which the caller
 * may make lie) and data, padded.  The offset of its header.
 */
static size_t
cw_raw(struct cw *w, const char *name, size_t namesize, uint32_t mode,
    const void *data, size_t size)
{
	size_t off = w->len;
	uint32_t sum = 0;
	char hdr[HDR + 16];

	for (size_t i = 0; i < size; i++)
		sum += ((const uint8_t *)data)[i];
	if (snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X"
	    "%08X%08X%08X%08X%08X", w->checksummed ? "070702" : "070701",
	    ++w->ino, mode, 0, 0, 1, 0, (uint32_t)size, 0, 0, 0, 0,
	    (uint32_t)namesize, w->checksummed ? sum : 0) != HDR)
		abort();
	cw_bytes(w, hdr, HDR);
	cw_bytes(w, name, namesize);
	cw_pad(w);
	cw_bytes(w, data, size);
	cw_pad(w);
	return off;
}

static size_t
cw_member(struct cw *w, const char *name, uint32_t mode, const void *data,
    size_t size)
{
	return cw_raw(w, name, strlen(name) + 1, mode, data, size);
}

static size_t
cw_file(struct cw *w, const char *name, const char *text)
{
	return cw_member(w, name, S_IFREG | 0644, text, strlen(text));
}

static size_t
cw_dir(struct cw *w, const char *name)
{
	return cw_member(w, name, S_IFDIR | 0755, NULL, 0);
}

static size_t
cw_link(struct cw *w, const char *name, const char *target)
{
	return cw_member(w, name, S_IFLNK | 0777, target, strlen(target));
}

static size_t
cw_trailer(struct cw *w)
{
	return cw_member(w, "TRAILER!!!", 0, NULL, 0);
}

/* The archive in a heap block of exactly its size; frees the writer's. */
static uint8_t *
cw_finish(struct cw *w, size_t *size)
{
	uint8_t *a = malloc(w->len > 0 ? w->len : 1);

	if (a == NULL)
		abort();
	memcpy(a, w->buf, w->len);
	*size = w->len;
	free(w->buf);
	*w = (struct cw){ .buf = NULL };
	return a;
}

/* Overwrite header field i of the member at off with 8 hex digits. */
static void
set_field(uint8_t *a, size_t off, int i, uint32_t v)
{
	char digits[9];

	snprintf(digits, sizeof(digits), "%08X", v);
	memcpy(a + off + 6 + 8 * i, digits, 8);
}

/* Where the small archive's members are. */
struct small_offs {
	size_t	root, sh, motd, empty, libc, link, trailer;
};

static const char sh_text[] = "#!pagoda shell, 35 bytes of it....\n";
static const char motd_text[] = "welcome to pagoda\n";
/* "./etc/motd": header, 11 bytes of name, 3 of padding, then the data. */
#define MOTD_DATA	(HDR + 11 + 3)

/*
 * The archive most tests use; names as cpio writes them, with "./" and
 * "/" prefixes here and there:
 *
 *	.			dir
 *	bin/sh			file 0755	(bin: implicit)
 *	./bin/ls		file 0755
 *	etc			dir
 *	./etc/motd		file
 *	etc/empty		file, 0 bytes
 *	/usr/lib/x/libc.a	file		(usr, usr/lib, usr/lib/x: implicit)
 *	usr/share		dir		(after its sibling's file)
 *	link			symlink to etc/motd
 */
static uint8_t *
small_archive(bool checksummed, size_t *size, struct small_offs *o)
{
	struct cw w = { .checksummed = checksummed };
	struct small_offs offs;

	offs.root = cw_dir(&w, ".");
	offs.sh = cw_member(&w, "bin/sh", S_IFREG | 0755, sh_text,
	    strlen(sh_text));
	cw_member(&w, "./bin/ls", S_IFREG | 0755, "ls", 2);
	cw_dir(&w, "etc");
	offs.motd = cw_file(&w, "./etc/motd", motd_text);
	offs.empty = cw_file(&w, "etc/empty", "");
	offs.libc = cw_file(&w, "/usr/lib/x/libc.a", "!<arch>\n");
	cw_dir(&w, "usr/share");
	offs.link = cw_link(&w, "link", "etc/motd");
	offs.trailer = cw_trailer(&w);
	if (o != NULL)
		*o = offs;
	return cw_finish(&w, size);
}

/* Is the archive accepted?  The console is cleared first. */
static int
init(struct initramfs *fs, const uint8_t *a, size_t size)
{
	host_console_clear();
	return initramfs_init(fs, a, size);
}

static bool
console_has(const char *s)
{
	return strstr(host_console_output(), s) != NULL;
}

/* The names readdir gives for dir, joined by spaces; the count. */
static int
list_dir(const struct initramfs *fs, const char *dir, char *out,
    size_t size)
{
	struct initramfs_node n;
	int i;

	out[0] = '\0';
	for (i = 0; initramfs_readdir(fs, dir, i, &n) == 0; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
		    i > 0 ? " " : "", n.name);
	return i;
}

/* ---- lookup ------------------------------------------------------------ */

HOST_TEST(initramfs_lookup_file)
{
	struct initramfs fs;
	struct initramfs_node n;
	struct small_offs o;
	size_t size;
	uint8_t *a = small_archive(false, &size, &o);

	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(fs.nmembers, 9);
	HT_EQ(initramfs_lookup(&fs, "/bin/sh", &n), 0);
	HT_ASSERT(strcmp(n.name, "sh") == 0);
	HT_EQ(n.mode, S_IFREG | 0755);
	HT_EQ(n.size, strlen(sh_text));
	HT_ASSERT(memcmp(n.data, sh_text, n.size) == 0);
	HT_EQ(n.ino, 2);
	HT_EQ(initramfs_lookup(&fs, "/etc/motd", &n), 0);
	HT_EQ(n.mode, S_IFREG | 0644);
	HT_EQ((const uint8_t *)n.data - a, o.motd + MOTD_DATA);
	HT_EQ(initramfs_lookup(&fs, "/usr/lib/x/libc.a", &n), 0);
	HT_ASSERT(strcmp(n.name, "libc.a") == 0);
	HT_EQ(initramfs_lookup(&fs, "/etc/empty", &n), 0);
	HT_EQ(n.size, 0);
	HT_EQ(initramfs_lookup(&fs, "/", &n), 0);
	HT_ASSERT(strcmp(n.name, "/") == 0);
	HT_EQ(n.mode, S_IFDIR | 0755);
	HT_EQ(n.ino, 1);		/* the member "." */
	free(a);
}

HOST_TEST(initramfs_lookup_implicit_dirs)
{
	struct initramfs fs;
	struct initramfs_node n, m;
	size_t size;
	uint8_t *a = small_archive(false, &size, NULL);

	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(initramfs_lookup(&fs, "/bin", &n), 0);
	HT_ASSERT(strcmp(n.name, "bin") == 0);
	HT_EQ(n.mode, S_IFDIR | 0755);
	HT_EQ(n.size, 0);
	HT_ASSERT(n.data == NULL);
	HT_ASSERT(n.ino & INITRAMFS_INO_IMPLICIT);
	/* The same directory reached another way has the same inode. */
	HT_EQ(initramfs_lookup(&fs, "/bin/ls/../../bin/sh/..", &m), KENOTDIR);
	HT_EQ(initramfs_lookup(&fs, "/usr/../bin", &m), 0);
	HT_EQ(m.ino, n.ino);
	HT_EQ(initramfs_lookup(&fs, "/usr/lib/x", &n), 0);
	HT_ASSERT(n.ino & INITRAMFS_INO_IMPLICIT);
	HT_EQ(initramfs_lookup(&fs, "/usr/lib", &m), 0);
	HT_ASSERT(m.ino != n.ino);
	HT_EQ(initramfs_lookup(&fs, "/usr/lib/x/..", &n), 0);
	HT_EQ(m.ino, n.ino);
	HT_ASSERT(strcmp(n.name, "lib") == 0);
	HT_EQ(initramfs_lookup(&fs, "/usr", &n), 0);
	HT_ASSERT(m.ino != n.ino);
	/* An explicit directory after its implicit uses is still itself. */
	HT_EQ(initramfs_lookup(&fs, "/usr/share", &n), 0);
	HT_EQ(n.ino, 8);
	free(a);
}

HOST_TEST(initramfs_lookup_dots_and_slashes)
{
	static const char *const same[] = {
		"/etc/motd", "//etc/motd", "/etc//motd", "///etc///motd",
		"/./etc/./motd", "/etc/../etc/motd", "/../etc/motd",
		"/../../etc/../etc/motd", "/bin/../usr/lib/../../etc/motd",
		"/usr/lib/x/../../../etc/motd",
	};
	struct initramfs fs;
	struct initramfs_node n;
	size_t size;
	uint8_t *a = small_archive(false, &size, NULL);

	HT_EQ(init(&fs, a, size), 0);
	for (size_t i = 0; i < nitems(same); i++) {
		memset(&n, 0, sizeof(n));
		if (initramfs_lookup(&fs, same[i], &n) != 0 || n.ino != 5)
			HT_FAIL("%s is not /etc/motd", same[i]);
	}
	HT_EQ(initramfs_lookup(&fs, "/bin/", &n), 0);
	HT_ASSERT(strcmp(n.name, "bin") == 0);
	HT_EQ(initramfs_lookup(&fs, "/etc//", &n), 0);
	HT_EQ(n.ino, 4);
	HT_EQ(initramfs_lookup(&fs, "/..", &n), 0);
	HT_ASSERT(strcmp(n.name, "/") == 0);
	HT_EQ(initramfs_lookup(&fs, "/.", &n), 0);
	HT_EQ(initramfs_lookup(&fs, "//", &n), 0);
	HT_EQ(n.ino, 1);
	HT_EQ(initramfs_lookup(&fs, "/bin/.", &n), 0);
	HT_ASSERT(strcmp(n.name, "bin") == 0);
	free(a);
}

HOST_TEST(initramfs_lookup_errors)
{
	static const struct { const char *path; int error; } cases[] = {
		{ "/nope", KENOENT }, { "/bi", KENOENT }, { "/bin/s", KENOENT },
		{ "/bin/shx", KENOENT }, { "/bin/nope/x", KENOENT },
		{ "/usr/lib/x/libc", KENOENT }, { "/TRAILER!!!", KENOENT },
		{ "", KENOENT }, { "bin/sh", KEINVAL }, { "./bin", KEINVAL },
		{ "/etc/motd/", KENOTDIR }, { "/etc/motd//", KENOTDIR },
		{ "/etc/motd/.", KENOTDIR }, { "/etc/motd/..", KENOTDIR },
		{ "/etc/motd/x", KENOTDIR }, { "/etc/empty/x/y", KENOTDIR },
		{ "/link/", KENOTDIR }, { "/link/x", KENOTDIR },
		{ "/nope/..", KENOENT },
	};
	struct initramfs fs;
	struct initramfs_node n;
	size_t size;
	uint8_t *a = small_archive(false, &size, NULL);
	int error;

	HT_EQ(init(&fs, a, size), 0);
	for (size_t i = 0; i < nitems(cases); i++)
		if ((error = initramfs_lookup(&fs, cases[i].path, &n)) !=
		    cases[i].error)
			HT_FAIL("lookup \"%s\": %d, want %d", cases[i].path,
			    error, cases[i].error);
	free(a);
}

HOST_TEST(initramfs_symlink_not_followed)
{
	struct initramfs fs;
	struct initramfs_node n;
	char buf[16];
	size_t size;
	uint8_t *a = small_archive(false, &size, NULL);

	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(initramfs_lookup(&fs, "/link", &n), 0);
	HT_EQ(n.mode, S_IFLNK | 0777);
	HT_EQ(n.size, 8);
	HT_ASSERT(memcmp(n.data, "etc/motd", 8) == 0);
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), 8);
	HT_ASSERT(memcmp(buf, "etc/motd", 8) == 0);
	free(a);
}

/* ---- readdir ----------------------------------------------------------- */

HOST_TEST(initramfs_readdir_children)
{
	static const struct { const char *dir, *want; } cases[] = {
		{ "/", "bin etc usr link" }, { "/bin", "sh ls" },
		{ "/etc/", "motd empty" }, { "/usr", "lib share" },
		{ "/usr/lib", "x" }, { "/usr/lib/x", "libc.a" },
		{ "/usr/share", "" }, { "//usr/./lib/..", "lib share" },
	};
	struct initramfs fs;
	struct initramfs_node n;
	char names[256];
	size_t size;
	uint8_t *a = small_archive(false, &size, NULL);

	HT_EQ(init(&fs, a, size), 0);
	for (size_t i = 0; i < nitems(cases); i++) {
		list_dir(&fs, cases[i].dir, names, sizeof(names));
		if (strcmp(names, cases[i].want) != 0)
			HT_FAIL("readdir %s: \"%s\", want \"%s\"",
			    cases[i].dir, names, cases[i].want);
	}
	HT_EQ(initramfs_readdir(&fs, "/", 0, &n), 0);
	HT_EQ(n.mode, S_IFDIR | 0755);		/* bin: implicit */
	HT_ASSERT(n.ino & INITRAMFS_INO_IMPLICIT);
	HT_EQ(initramfs_readdir(&fs, "/", 3, &n), 0);
	HT_EQ(n.mode, S_IFLNK | 0777);
	HT_EQ(initramfs_readdir(&fs, "/", 4, &n), KENOENT);
	HT_EQ(initramfs_readdir(&fs, "/", -1, &n), KENOENT);
	HT_EQ(initramfs_readdir(&fs, "/etc", 0, &n), 0);
	HT_EQ(n.ino, 5);
	HT_EQ(initramfs_readdir(&fs, "/etc/motd", 0, &n), KENOTDIR);
	HT_EQ(initramfs_readdir(&fs, "/link", 0, &n), KENOTDIR);
	HT_EQ(initramfs_readdir(&fs, "/nope", 0, &n), KENOENT);
	HT_EQ(initramfs_readdir(&fs, "usr", 0, &n), KEINVAL);
	free(a);
}

/* Duplicate names: the first wins, readdir gives each once. */
HOST_TEST(initramfs_readdir_duplicates)
{
	struct cw w = { .checksummed = false };
	struct initramfs fs;
	struct initramfs_node n;
	char names[256];
	size_t size;
	uint8_t *a;

	cw_file(&w, "d/x", "first");
	cw_file(&w, "d/y/z", "");
	cw_file(&w, "d/x", "second");
	cw_dir(&w, "d/y");
	cw_file(&w, "d/y/w", "");
	cw_file(&w, "f", "a file");		/* and then below it: */
	cw_file(&w, "f/g", "unreachable");
	cw_dir(&w, "d");
	cw_trailer(&w);
	a = cw_finish(&w, &size);
	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(list_dir(&fs, "/", names, sizeof(names)), 2);
	HT_ASSERT(strcmp(names, "d f") == 0);
	HT_EQ(list_dir(&fs, "/d", names, sizeof(names)), 2);
	HT_ASSERT(strcmp(names, "x y") == 0);
	HT_EQ(list_dir(&fs, "/d/y", names, sizeof(names)), 2);
	HT_ASSERT(strcmp(names, "z w") == 0);
	HT_EQ(initramfs_lookup(&fs, "/d/x", &n), 0);
	HT_EQ(n.size, 5);			/* "first" */
	HT_EQ(initramfs_lookup(&fs, "/d", &n), 0);
	HT_EQ(n.ino, 8);			/* explicit, though last */
	HT_EQ(initramfs_lookup(&fs, "/d/y", &n), 0);
	HT_EQ(n.ino, 4);
	HT_EQ(initramfs_lookup(&fs, "/f", &n), 0);
	HT_EQ(n.mode & S_IFMT, S_IFREG);
	HT_EQ(initramfs_lookup(&fs, "/f/g", &n), KENOTDIR);
	HT_EQ(initramfs_readdir(&fs, "/", 1, &n), 0);
	HT_EQ(n.mode & S_IFMT, S_IFREG);
	free(a);
}

/* ---- read -------------------------------------------------------------- */

HOST_TEST(initramfs_read_offsets)
{
	struct initramfs fs;
	struct initramfs_node n;
	char buf[64];
	size_t size, len = strlen(sh_text);
	uint8_t *a = small_archive(false, &size, NULL);

	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(initramfs_lookup(&fs, "/bin/sh", &n), 0);
	for (size_t off = 0; off <= len + 2; off++)
		for (size_t want = 0; want <= len + 2; want++) {
			size_t expect = off >= len ? 0 : MIN(want, len - off);

			memset(buf, 'Z', sizeof(buf));
			HT_EQ(initramfs_read(&n, buf, want, off), expect);
			HT_ASSERT(memcmp(buf, sh_text + MIN(off, len),
			    expect) == 0);
			HT_EQ(buf[expect], 'Z');
		}
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), UINT64_MAX), 0);
	HT_EQ(initramfs_read(&n, buf, SIZE_MAX, 1), len - 1);
	HT_EQ(initramfs_lookup(&fs, "/etc/empty", &n), 0);
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), 0);
	HT_EQ(initramfs_lookup(&fs, "/etc", &n), 0);
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), KEISDIR);
	HT_EQ(initramfs_lookup(&fs, "/bin", &n), 0);
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), KEISDIR);
	free(a);
}

/* ---- good archives of other shapes ------------------------------------- */

HOST_TEST(initramfs_checksum_magic)
{
	struct initramfs fs;
	struct initramfs_node n;
	struct small_offs o;
	size_t size;
	uint8_t *a = small_archive(true, &size, &o);

	HT_ASSERT(memcmp(a, "070702", 6) == 0);
	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(initramfs_lookup(&fs, "/etc/motd", &n), 0);
	HT_EQ(n.size, strlen(motd_text));
	/* A data byte changed: the checksum no longer matches. */
	a[o.motd + MOTD_DATA] ^= 0x20;
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("checksum"));
	a[o.motd + MOTD_DATA] ^= 0x20;
	HT_EQ(init(&fs, a, size), 0);
	set_field(a, o.sh, F_CHECK, 0);
	HT_EQ(init(&fs, a, size), KEINVAL);
	free(a);
}

/* Hex digits in either case; bytes after the trailer ignored. */
HOST_TEST(initramfs_lowercase_and_padding)
{
	struct cw w = { .checksummed = false };
	struct initramfs fs;
	struct initramfs_node n;
	size_t size, off, end;
	uint8_t *a;

	off = cw_file(&w, "f", "0123456789abcdef0123456789");
	cw_trailer(&w);
	end = w.len;
	cw_bytes(&w, "junk after the trailer", 22);
	a = cw_finish(&w, &size);
	memcpy(a + off + 6 + 8 * F_FILESIZE, "0000001a", 8);
	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(fs.size, end);
	HT_EQ(initramfs_lookup(&fs, "/f", &n), 0);
	HT_EQ(n.size, 26);
	free(a);
}

HOST_TEST(initramfs_empty)
{
	struct cw w = { .checksummed = false };
	struct initramfs fs, zero = { .base = NULL };
	struct initramfs_node n;
	size_t size;
	uint8_t *a;

	cw_trailer(&w);
	a = cw_finish(&w, &size);
	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(fs.nmembers, 0);
	HT_EQ(initramfs_lookup(&fs, "/", &n), 0);
	HT_EQ(n.ino, INITRAMFS_INO_IMPLICIT);
	HT_EQ(initramfs_readdir(&fs, "/", 0, &n), KENOENT);
	HT_EQ(initramfs_lookup(&fs, "/x", &n), KENOENT);
	/* A handle never initialised, or on a rejected archive: empty. */
	HT_EQ(initramfs_lookup(&zero, "/", &n), 0);
	HT_EQ(initramfs_lookup(&zero, "/bin", &n), KENOENT);
	HT_EQ(init(&fs, a, size - 3), 0);	/* the trailer's padding */
	HT_EQ(init(&fs, a, size - 4), KEINVAL);	/* its NUL */
	HT_EQ(fs.nmembers, 0);
	HT_EQ(initramfs_lookup(&fs, "/", &n), 0);
	HT_EQ(initramfs_init(&fs, NULL, 0), KEINVAL);
	free(a);
}

/* ---- corrupt archives -------------------------------------------------- */

HOST_TEST(initramfs_corrupt_header)
{
	struct initramfs fs;
	struct initramfs_node n;
	struct small_offs o;
	size_t size;
	uint8_t *a = small_archive(false, &size, &o);

	a[o.motd + 5] = '3';				/* 070703 */
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("bad magic"));
	HT_ASSERT(console_has("offset 0x"));
	HT_EQ(initramfs_lookup(&fs, "/bin/sh", &n), KENOENT);
	a[o.motd + 5] = '1';
	HT_EQ(init(&fs, a, size), 0);
	a[o.motd + 6 + 8 * F_FILESIZE + 3] = 'g';	/* not hex */
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("not 8 hex digits: filesize"));
	a[o.motd + 6 + 8 * F_FILESIZE + 3] = ' ';
	HT_EQ(init(&fs, a, size), KEINVAL);
	a[o.motd + 6 + 8 * F_FILESIZE + 3] = '0';
	a[o.sh + 6 + 8 * F_MODE] = 'x';
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("mode"));
	a[o.sh + 6 + 8 * F_MODE] = '0';
	HT_EQ(init(&fs, a, size), 0);
	free(a);
}

HOST_TEST(initramfs_corrupt_sizes)
{
	struct initramfs fs;
	struct small_offs o;
	size_t size;
	uint8_t *a = small_archive(false, &size, &o);

	set_field(a, o.link, F_NAMESIZE, size - o.link - HDR + 1);
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("namesize"));
	set_field(a, o.link, F_NAMESIZE, 0xffffffff);
	HT_EQ(init(&fs, a, size), KEINVAL);
	set_field(a, o.link, F_NAMESIZE, 0);
	HT_EQ(init(&fs, a, size), KEINVAL);
	set_field(a, o.link, F_NAMESIZE, 5);
	HT_EQ(init(&fs, a, size), 0);
	set_field(a, o.link, F_FILESIZE, size - o.link);
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("filesize runs past the end"));
	set_field(a, o.link, F_FILESIZE, 0xffffffff);
	HT_EQ(init(&fs, a, size), KEINVAL);
	/* Inside, but then the next header is in the wrong place. */
	set_field(a, o.link, F_FILESIZE, 9);
	HT_EQ(init(&fs, a, size), KEINVAL);
	set_field(a, o.link, F_FILESIZE, 8);
	HT_EQ(init(&fs, a, size), 0);
	free(a);
}

HOST_TEST(initramfs_corrupt_names)
{
	struct initramfs fs;
	struct small_offs o;
	size_t size;
	uint8_t *a = small_archive(false, &size, &o);

	a[o.link + HDR + 4] = 'x';			/* the NUL of "link" */
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("no NUL"));
	a[o.link + HDR + 4] = '\0';
	a[o.link + HDR + 2] = '\0';			/* "li\0k\0" */
	HT_EQ(init(&fs, a, size), KEINVAL);
	a[o.link + HDR + 2] = 'n';
	a[o.trailer + HDR] = 't';			/* "tRAILER!!!" */
	set_field(a, o.trailer, F_MODE, S_IFREG | 0644);
	HT_EQ(init(&fs, a, size), KEINVAL);
	HT_ASSERT(console_has("without a TRAILER!!!"));
	HT_ASSERT(console_has("member 10,"));
	a[o.trailer + HDR] = 'T';
	HT_EQ(init(&fs, a, size), 0);
	free(a);
}

/* Names that are not canonical, and types that make no sense. */
HOST_TEST(initramfs_corrupt_members)
{
	static const struct { const char *name; uint32_t mode;
	    const char *data; } bad[] = {
		{ "a//b", S_IFREG | 0644, "" }, { "a/", S_IFDIR | 0755, "" },
		{ "a/./b", S_IFREG | 0644, "" }, { "a/../b", S_IFREG, "" },
		{ "..", S_IFDIR | 0755, "" }, { ".", S_IFREG | 0644, "" },
		{ "./", S_IFREG | 0644, "" }, { "d", S_IFDIR | 0755, "x" },
		{ "l", S_IFLNK | 0777, "" }, { "c", S_IFCHR | 0600, "x" },
		{ "u", 0644, "" }, { "v", 0xf0000 | S_IFREG, "" },
	};
	struct initramfs fs;
	char longname[INITRAMFS_PATH_MAX + 1];
	size_t size;
	uint8_t *a;

	for (size_t i = 0; i < nitems(bad); i++) {
		struct cw w = { .checksummed = false };

		cw_file(&w, "ok", "fine");
		cw_member(&w, bad[i].name, bad[i].mode, bad[i].data,
		    strlen(bad[i].data));
		cw_trailer(&w);
		a = cw_finish(&w, &size);
		if (init(&fs, a, size) != KEINVAL)
			HT_FAIL("member \"%s\" mode %o accepted", bad[i].name,
			    bad[i].mode);
		HT_ASSERT(console_has("member 1 \""));
		free(a);
	}
	memset(longname, 'a', sizeof(longname));
	longname[256] = '\0';				/* one component */
	{
		struct cw w = { .checksummed = false };

		cw_file(&w, longname, "");
		cw_trailer(&w);
		a = cw_finish(&w, &size);
		HT_EQ(init(&fs, a, size), KEINVAL);
		free(a);
	}
}

/* Device nodes and fifos are listed, empty; "" and "/" are the root. */
HOST_TEST(initramfs_other_types)
{
	struct cw w = { .checksummed = false };
	struct initramfs fs;
	struct initramfs_node n;
	char buf[4];
	size_t size;
	uint8_t *a;

	cw_member(&w, "/", S_IFDIR | 0700, NULL, 0);
	cw_member(&w, "dev/console", S_IFCHR | 0600, NULL, 0);
	cw_member(&w, "dev/fifo", S_IFIFO | 0600, NULL, 0);
	cw_trailer(&w);
	a = cw_finish(&w, &size);
	HT_EQ(init(&fs, a, size), 0);
	HT_EQ(initramfs_lookup(&fs, "/", &n), 0);
	HT_EQ(n.mode, S_IFDIR | 0700);
	HT_EQ(initramfs_lookup(&fs, "/dev/console", &n), 0);
	HT_EQ(n.mode, S_IFCHR | 0600);
	HT_EQ(initramfs_read(&n, buf, sizeof(buf), 0), 0);
	HT_EQ(initramfs_lookup(&fs, "/dev/console/x", &n), KENOTDIR);
	free(a);
}

/* ---- the reference validator ------------------------------------------ */

/* 8 hex digits at p, either case. */
static bool
ref_hex(const uint8_t *p, uint32_t *v)
{
	char tmp[9];

	for (int i = 0; i < 8; i++)
		if (!strchr("0123456789abcdefABCDEF", p[i]) || p[i] == 0)
			return false;
	memcpy(tmp, p, 8);
	tmp[8] = '\0';
	*v = strtoul(tmp, NULL, 16);
	return true;
}

/* A stored name, as docs/files.md says it must be. */
static bool
ref_name_ok(const char *name, uint32_t mode)
{
	char buf[INITRAMFS_PATH_MAX], *comp, *save;
	size_t len;

	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;
	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return (mode & S_IFMT) == S_IFDIR;
	len = strlen(name);
	if (name[len - 1] == '/' || strstr(name, "//") != NULL)
		return false;
	strcpy(buf, name);
	for (comp = strtok_r(buf, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save))
		if (strlen(comp) > 255 || strcmp(comp, ".") == 0 ||
		    strcmp(comp, "..") == 0)
			return false;
	return true;
}

static bool
ref_type_ok(uint32_t mode, const uint8_t *data, uint32_t size)
{
	if (mode > 0177777)
		return false;
	switch (mode & S_IFMT) {
	case S_IFREG:
		return true;
	case S_IFLNK:
		return size > 0 && memchr(data, 0, size) == NULL;
	case S_IFDIR: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		return size == 0;
	}
	return false;
}

/* Must initramfs_init() accept a[0, size)? */
static bool
ref_valid(const uint8_t *a, size_t size)
{
	uint32_t f[13], sum;
	size_t off = 0, data;
	const char *name;

	for (;;) {
		if (off + HDR > size || (memcmp(a + off, "070701", 6) != 0 &&
		    memcmp(a + off, "070702", 6) != 0))
			return false;
		for (int i = 0; i < 13; i++)
			if (!ref_hex(a + off + 6 + 8 * i, &f[i]))
				return false;
		name = (const char *)a + off + HDR;
		if (f[F_NAMESIZE] == 0 || off + HDR + f[F_NAMESIZE] > size ||
		    name[f[F_NAMESIZE] - 1] != '\0' ||
		    strlen(name) != f[F_NAMESIZE] - 1)
			return false;
		data = (off + HDR + f[F_NAMESIZE] + 3) & ~(size_t)3;
		if (f[F_FILESIZE] > 0 && data + f[F_FILESIZE] > size)
			return false;
		if (strcmp(name, "TRAILER!!!") == 0)
			return true;
		if (f[F_NAMESIZE] > INITRAMFS_PATH_MAX ||
		    !ref_name_ok(name, f[F_MODE]) ||
		    !ref_type_ok(f[F_MODE], a + data, f[F_FILESIZE]))
			return false;
		sum = 0;
		for (uint32_t i = 0; i < f[F_FILESIZE]; i++)
			sum += a[data + i];
		if (a[off + 5] == '2' && sum != f[F_CHECK])
			return false;
		off = (data + f[F_FILESIZE] + 3) & ~(size_t)3;
	}
}

/* ---- exercise: everything on an accepted archive ----------------------- */

static const char *const exercise_paths[] = {
	"/", "/bin", "/bin/sh", "/bin/ls", "/etc", "/etc/motd", "/etc/empty",
	"/usr/lib/x/libc.a", "/usr/share", "/link", "/usr/lib/x/..",
	"/etc/../bin/./sh", "/etc/motd/", "/bin/sh/x", "/a", "/a/b",
};

/* Does n point inside the archive, and does read agree with its data? */
static const char *
check_node(const struct initramfs_node *n, const uint8_t *a, size_t size)
{
	static uint8_t buf[1 << 16];
	const uint8_t *data = n->data;

	if (strnlen(n->name, sizeof(n->name)) == sizeof(n->name))
		return "name not NUL-terminated";
	if (n->size > 0 && (data < a || data > a + size ||
	    n->size > (size_t)(a + size - data)))
		return "data outside the archive";
	if ((n->mode & S_IFMT) == S_IFDIR)
		return initramfs_read(n, buf, sizeof(buf), 0) == KEISDIR ?
		    NULL : "read of a directory";
	if (initramfs_read(n, buf, sizeof(buf), 0) != (ssize_t)MIN(n->size,
	    sizeof(buf)) || (n->size > 0 && memcmp(buf, data, MIN(n->size,
	    sizeof(buf))) != 0))
		return "read disagrees with data";
	return NULL;
}

/* Every directory of a checked archive, two levels deep, listed. */
static const char *
exercise_dirs(const struct initramfs *fs, const uint8_t *a, size_t size)
{
	struct initramfs_node top, n;
	char path[2 + INITRAMFS_NAME_MAX];
	const char *err;

	for (int i = 0; initramfs_readdir(fs, "/", i, &top) == 0; i++) {
		if (i > (int)size / HDR)
			return "readdir / does not end";
		if ((err = check_node(&top, a, size)) != NULL)
			return err;
		snprintf(path, sizeof(path), "/%s", top.name);
		if (initramfs_lookup(fs, path, &n) != 0 || n.ino != top.ino)
			return "readdir's entry is not what lookup finds";
		for (int j = 0; initramfs_readdir(fs, path, j, &n) == 0; j++)
			if (j > (int)size / HDR)
				return "readdir does not end";
			else if ((err = check_node(&n, a, size)) != NULL)
				return err;
	}
	return NULL;
}

static const char *
exercise(const struct initramfs *fs, const uint8_t *a, size_t size)
{
	struct initramfs_node n;
	const char *err;

	for (size_t i = 0; i < nitems(exercise_paths); i++)
		if (initramfs_lookup(fs, exercise_paths[i], &n) == 0 &&
		    (err = check_node(&n, a, size)) != NULL)
			return err;
	return exercise_dirs(fs, a, size);
}

/*
 * Initialise over a copy of a[0, len) in a heap block of exactly len
 * bytes; the verdict must be ref_valid's, and an accepted archive must
 * survive exercise().  NULL, or what went wrong.
 */
static const char *
try_archive(const uint8_t *a, size_t len, int *result)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	const char *err = NULL;
	struct initramfs fs;
	bool valid;

	if (copy == NULL)
		abort();
	memcpy(copy, a, len);
	valid = ref_valid(copy, len);
	*result = init(&fs, copy, len);
	if (*result != (valid ? 0 : KEINVAL))
		err = valid ? "a good archive rejected" :
		    "a bad archive accepted";
	else if (*result == 0)
		err = exercise(&fs, copy, len);
	free(copy);
	return err;
}

HOST_TEST(initramfs_truncated_everywhere)
{
	struct small_offs o;
	size_t size, len;
	uint8_t *a = small_archive(false, &size, &o);
	const char *err;
	int result;

	HT_ASSERT((err = try_archive(a, size, &result)) == NULL);
	HT_EQ(result, 0);
	for (len = 0; len < size; len++) {
		if ((err = try_archive(a, len, &result)) != NULL)
			HT_FAIL("cut at %zu: %s", len, err);
		/* The trailer's name complete is enough; its padding not. */
		if (result != (len >= o.trailer + HDR + 11 ? 0 : KEINVAL))
			HT_FAIL("cut at %zu: %d", len, result);
	}
	free(a);
}

HOST_TEST(initramfs_random_flips)
{
	size_t size[2];
	uint8_t *a[2] = { small_archive(false, &size[0], NULL),
	    small_archive(true, &size[1], NULL) };
	static const uint8_t values[] = { '0', '7', 'f', 'F', 'g', '/', '.',
	    0, 0xff, ' ' };
	int result, accepted = 0, rejected = 0;
	const char *err;

	for (int iter = 0; iter < 3000; iter++) {
		int which = iter & 1;
		uint8_t *copy = malloc(size[which]);

		memcpy(copy, a[which], size[which]);
		for (int k = 1 + host_random_below(3); k > 0; k--) {
			size_t at = host_random_below(size[which]);

			copy[at] = host_random_below(2) ? host_random() :
			    values[host_random_below(nitems(values))];
		}
		err = try_archive(copy, size[which], &result);
		free(copy);
		if (err != NULL)
			HT_FAIL("iteration %d (seed %lu): %s", iter,
			    (unsigned long)host_seed(), err);
		result == 0 ? accepted++ : rejected++;
	}
	/* Both verdicts must have been reached, or the test tests little. */
	HT_ASSERT(accepted > 100 && rejected > 100);
	free(a[0]);
	free(a[1]);
}

/* ---- the reference model: random archives, random paths ---------------- */

#define REF_MAX		24

struct ref_member {
	char		name[16];	/* canonical, "" for the root */
	uint32_t	mode;
};

/*
 * ref_stat: the mode of the canonical name c ("": the root) over the
 * members: the first member of that name wins, else a directory if any
 * member lies below it; 0 if neither.
 */
static uint32_t
ref_stat(const struct ref_member *m, int n, const char *c)
{
	size_t len = strlen(c);
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(m[i].name, c) == 0)
			return m[i].mode;
	for (i = 0; i < n; i++)
		if (strncmp(m[i].name, c, len) == 0 &&
		    (len == 0 || m[i].name[len] == '/'))
			return S_IFDIR | 0755;
	return len == 0 ? S_IFDIR | 0755 : 0;
}

/* What lookup must answer for path: 0 and canon and *mode, or the error. */
static int
ref_lookup(const struct ref_member *m, int n, const char *path, char *canon,
    uint32_t *mode)
{
	char buf[128], *comp, *save, *slash;

	strcpy(buf, path);
	canon[0] = '\0';
	*mode = ref_stat(m, n, "");
	for (comp = strtok_r(buf, "/", &save); comp != NULL;
	    comp = strtok_r(NULL, "/", &save)) {
		if ((*mode & S_IFMT) != S_IFDIR)
			return KENOTDIR;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			slash = strrchr(canon, '/');
			*(slash != NULL ? slash : canon) = '\0';
		} else
			sprintf(canon + strlen(canon), "%s%s",
			    canon[0] != '\0' ? "/" : "", comp);
		if ((*mode = ref_stat(m, n, canon)) == 0)
			return KENOENT;
	}
	if (path[strlen(path) - 1] == '/' && (*mode & S_IFMT) != S_IFDIR)
		return KENOTDIR;
	return 0;
}

/* What readdir must list for the canonical directory c, like list_dir. */
static void
ref_children(const struct ref_member *m, int n, const char *c, char *out)
{
	size_t len = strlen(c), skip = len == 0 ? 0 : len + 1, clen;
	char seen[REF_MAX][16], child[16];
	int nseen = 0, i, j;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strlen(m[i].name) <= skip || strncmp(m[i].name, c, len) !=
		    0 || (len > 0 && m[i].name[len] != '/'))
			continue;
		clen = strcspn(m[i].name + skip, "/");
		memcpy(child, m[i].name + skip, clen);
		child[clen] = '\0';
		for (j = 0; j < nseen && strcmp(seen[j], child) != 0; j++)
			;
		if (j < nseen)
			continue;
		strcpy(seen[nseen++], child);
		sprintf(out + strlen(out), "%s%s", nseen > 1 ? " " : "",
		    child);
	}
}

/* A random archive of up to REF_MAX members named over a, b and c. */
static uint8_t *
model_archive(struct ref_member *m, int *n, size_t *size)
{
	static const char *const prefix[] = { "", "", "./", "/" };
	struct cw w = { .checksummed = host_random_below(2) };
	char stored[32];

	*n = 1 + host_random_below(REF_MAX);
	for (int i = 0; i < *n; i++) {
		int depth = 1 + host_random_below(3), type = host_random_below(20);

		m[i].name[0] = '\0';
		for (int d = 0; d < depth; d++)
			sprintf(m[i].name + strlen(m[i].name), "%s%c",
			    d > 0 ? "/" : "", (int)('a' + host_random_below(3)));
		m[i].mode = type < 4 ? S_IFDIR | 0750 : type < 6 ?
		    S_IFLNK | 0777 : S_IFREG | 0640;
		if (type == 19) {		/* the root, sometimes */
			m[i].name[0] = '\0';
			m[i].mode = S_IFDIR | 0700;
		}
		snprintf(stored, sizeof(stored), "%s%s",
		    prefix[host_random_below(nitems(prefix))],
		    m[i].name[0] != '\0' ? m[i].name : ".");
		cw_member(&w, stored, m[i].mode, S_ISDIR(m[i].mode) ? "" :
		    "data", S_ISDIR(m[i].mode) ? 0 : 4);
	}
	cw_trailer(&w);
	return cw_finish(&w, size);
}

/* A random absolute path over a, b, c, ".", "..", with "//" and "/" ends. */
static void
model_path(char *path)
{
	static const char *const comps[] = { "a", "b", "c", "a", "b", ".",
	    ".." };
	int depth = host_random_below(5);

	strcpy(path, "/");
	for (int d = 0; d < depth; d++)
		sprintf(path + strlen(path), "%s%s", d > 0 ?
		    (host_random_below(6) == 0 ? "//" : "/") : "",
		    comps[host_random_below(nitems(comps))]);
	if (depth > 0 && host_random_below(4) == 0)
		strcat(path, "/");
}

/* One random path: lookup (and readdir, for a directory) as the model. */
static const char *
model_check(const struct initramfs *fs, const struct ref_member *m, int n,
    const char *path)
{
	static char want[512], got[512];
	struct initramfs_node node, again;
	char canon[128], abs[130];
	const char *last;
	uint32_t mode;
	int error;

	error = ref_lookup(m, n, path, canon, &mode);
	if (initramfs_lookup(fs, path, &node) != error)
		return "lookup's error is not the model's";
	if (error != 0)
		return NULL;
	last = strrchr(canon, '/') != NULL ? strrchr(canon, '/') + 1 :
	    canon[0] != '\0' ? canon : "/";
	if (node.mode != mode || strcmp(node.name, last) != 0)
		return "lookup's node is not the model's";
	snprintf(abs, sizeof(abs), "/%s", canon);
	if (initramfs_lookup(fs, abs, &again) != 0 || again.ino != node.ino)
		return "one file, two inode numbers";
	if (!S_ISDIR(mode))
		return NULL;
	ref_children(m, n, canon, want);
	list_dir(fs, path, got, sizeof(got));
	return strcmp(want, got) == 0 ? NULL : "readdir is not the model's";
}

HOST_TEST(initramfs_model_random)
{
	struct ref_member m[REF_MAX];
	struct initramfs fs;
	char path[64];
	const char *err;
	uint8_t *a;
	size_t size;
	int n;

	for (int archive = 0; archive < 150; archive++) {
		a = model_archive(m, &n, &size);
		HT_EQ(init(&fs, a, size), 0);
		for (int i = 0; i < 100; i++) {
			model_path(path);
			if ((err = model_check(&fs, m, n, path)) != NULL) {
				free(a);
				HT_FAIL("archive %d, %s (seed %lu): %s",
				    archive, path, (unsigned long)host_seed(),
				    err);
			}
		}
		free(a);
	}
}

/* ---- mkcpio ------------------------------------------------------------ */

/* Run mkcpio with args (NULL-terminated); its exit status. */
static int
run_mkcpio(const char *const *args, bool quiet)
{
	const char *argv[16] = { MKCPIO_PATH };
	int status, i;
	pid_t pid;

	for (i = 0; args[i] != NULL && i < 14; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (quiet && freopen("/dev/null", "w", stderr) == NULL)
			_exit(126);
		execv(MKCPIO_PATH, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void
put_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static void
put_dir(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mkdir(path, 0700) != 0)
		abort();
}

/*
 * A tree under dir, made in one order or the reverse (the host's readdir
 * order then differs; the archive must not):
 *	bin/prog (0700)  bin/data (mode)  etc/motd  empty  link -> bin/prog
 *	d/e/f/deep  emptydir/
 */
static void
make_tree(const char *dir, bool reverse, mode_t data_mode)
{
	char path[512];

	mkdir(dir, 0755);
	if (!reverse) {
		put_dir(dir, "bin");
		put_file(dir, "bin/prog", "\177ELF, or so", 0700);
		put_file(dir, "bin/data", "some data\n", data_mode);
	}
	put_dir(dir, "emptydir");
	put_dir(dir, "etc");
	put_file(dir, "etc/motd", motd_text, 0644);
	put_file(dir, "empty", "", 0600);
	put_dir(dir, "d");
	put_dir(dir, "d/e");
	put_dir(dir, "d/e/f");
	put_file(dir, "d/e/f/deep", "deep", 0644);
	snprintf(path, sizeof(path), "%s/link", dir);
	if (symlink("bin/prog", path) != 0)
		abort();
	if (reverse) {
		put_dir(dir, "bin");
		put_file(dir, "bin/data", "some data\n", data_mode);
		put_file(dir, "bin/prog", "\177ELF, or so", 0700);
	}
}

/* The whole file, malloc'ed; NULL if it cannot be read. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	uint8_t *buf = NULL;
	long len;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(len)) != NULL &&
	    fread(buf, 1, len, f) == (size_t)len)
		*size = len;
	else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

struct mk_dirs {
	char	top[64];
	char	tree1[128], tree2[128], out1[128], out2[128], out3[128];
};

static bool
mk_setup(struct mk_dirs *d)
{
	strcpy(d->top, "/tmp/pagoda-mkcpio-XXXXXX");
	if (mkdtemp(d->top) == NULL)
		return false;
	snprintf(d->tree1, sizeof(d->tree1), "%s/tree1", d->top);
	snprintf(d->tree2, sizeof(d->tree2), "%s/tree2", d->top);
	snprintf(d->out1, sizeof(d->out1), "%s/1.cpio", d->top);
	snprintf(d->out2, sizeof(d->out2), "%s/2.cpio", d->top);
	snprintf(d->out3, sizeof(d->out3), "%s/3.cpio", d->top);
	return true;
}

static void
mk_cleanup(struct mk_dirs *d)
{
	nftw(d->top, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Every header: uid, gid, mtime 0; inode numbers 1, 2, ... */
static bool
mk_headers_clean(const uint8_t *a, size_t size)
{
	uint32_t f[13];
	size_t off = 0;

	for (uint32_t ino = 1; off + HDR <= size; ino++) {
		for (int i = 0; i < 13; i++)
			if (!ref_hex(a + off + 6 + 8 * i, &f[i]))
				return false;
		if (strcmp((const char *)a + off + HDR, "TRAILER!!!") == 0)
			return true;
		if (f[F_INO] != ino || f[2] != 0 || f[3] != 0 || f[5] != 0)
			return false;
		off = (off + HDR + f[F_NAMESIZE] + 3) & ~(size_t)3;
		off = (off + f[F_FILESIZE] + 3) & ~(size_t)3;
	}
	return false;
}

/* The archive mkcpio made of tree1 (see make_tree), read back. */
static const char *
mk_check_contents(const struct initramfs *fs)
{
	static const struct { const char *path; uint32_t mode; } want[] = {
		{ "/bin/prog", S_IFREG | 0755 }, { "/bin/data", S_IFREG | 0644 },
		{ "/etc/motd", S_IFREG | 0644 }, { "/empty", S_IFREG | 0644 },
		{ "/link", S_IFLNK | 0777 }, { "/emptydir", S_IFDIR | 0755 },
		{ "/d/e/f/deep", S_IFREG | 0644 }, { "/d/e", S_IFDIR | 0755 },
		{ "/opt", S_IFDIR | 0755 }, { "/opt/extra/motd", S_IFREG | 0644 },
	};
	struct initramfs_node n;
	char names[256];

	for (size_t i = 0; i < nitems(want); i++)
		if (initramfs_lookup(fs, want[i].path, &n) != 0 ||
		    n.mode != want[i].mode || (n.ino & INITRAMFS_INO_IMPLICIT))
			return want[i].path;
	if (initramfs_lookup(fs, "/link", &n) != 0 || n.size != 8 ||
	    memcmp(n.data, "bin/prog", 8) != 0)
		return "/link's target";
	if (initramfs_lookup(fs, "/opt/extra/motd", &n) != 0 ||
	    n.size != strlen(motd_text) ||
	    memcmp(n.data, motd_text, n.size) != 0)
		return "/opt/extra/motd's data";
	list_dir(fs, "/", names, sizeof(names));
	if (strcmp(names, "bin d empty emptydir etc link opt") != 0)
		return "readdir / not sorted";
	list_dir(fs, "/bin", names, sizeof(names));
	return strcmp(names, "data prog") == 0 ? NULL : "readdir /bin";
}

HOST_TEST(initramfs_mkcpio_archive)
{
	struct initramfs fs;
	struct mk_dirs d;
	char root[160], extra[160];
	const char *err;
	size_t size;
	uint8_t *a;

	HT_ASSERT(access(MKCPIO_PATH, X_OK) == 0);
	HT_ASSERT(mk_setup(&d));
	make_tree(d.tree1, false, 0644);
	snprintf(root, sizeof(root), "/=%s", d.tree1);
	snprintf(extra, sizeof(extra), "opt/extra/motd=%s/etc/motd", d.tree1);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, root, extra, NULL },
	    false), 0);
	a = slurp(d.out1, &size);
	mk_cleanup(&d);
	HT_ASSERT(a != NULL);
	HT_EQ(init(&fs, a, size), 0);
	HT_ASSERT(mk_headers_clean(a, size));
	err = mk_check_contents(&fs);
	free(a);
	if (err != NULL)
		HT_FAIL("%s", err);
}

/* Same inputs, same bytes: whatever the order, the times, the umask. */
HOST_TEST(initramfs_mkcpio_deterministic)
{
	struct mk_dirs d;
	char arg[3][160];
	uint8_t *a1, *a2, *a3;
	size_t s1 = 0, s2 = 0, s3 = 0;
	struct utimbuf times = { 1234567, 1234567 };
	char motd[160];

	HT_ASSERT(mk_setup(&d));
	make_tree(d.tree1, false, 0644);
	make_tree(d.tree2, true, 0664);		/* other order, other mode */
	snprintf(motd, sizeof(motd), "%s/etc/motd", d.tree2);
	utime(motd, &times);
	snprintf(arg[0], sizeof(arg[0]), "root=%s", d.tree1);
	snprintf(arg[1], sizeof(arg[1]), "root=%s", d.tree2);
	snprintf(arg[2], sizeof(arg[2]), "x/y=%s/bin/prog", d.tree1);
	run_mkcpio((const char *[]){ d.out1, arg[0], arg[2], NULL }, false);
	run_mkcpio((const char *[]){ d.out2, arg[0], arg[2], NULL }, false);
	run_mkcpio((const char *[]){ d.out3, arg[2], arg[1], NULL }, false);
	a1 = slurp(d.out1, &s1);
	a2 = slurp(d.out2, &s2);
	a3 = slurp(d.out3, &s3);
	mk_cleanup(&d);
	HT_ASSERT(a1 != NULL && a2 != NULL && a3 != NULL);
	HT_EQ(s1, s2);
	HT_EQ(s1, s3);
	HT_ASSERT(memcmp(a1, a2, s1) == 0);
	HT_ASSERT(memcmp(a1, a3, s1) == 0);
	free(a1);
	free(a2);
	free(a3);
}

HOST_TEST(initramfs_mkcpio_errors)
{
	struct mk_dirs d;
	char file[160], dup1[256], dup2[256], missing[256];

	HT_ASSERT(mk_setup(&d));
	make_tree(d.tree1, false, 0644);
	snprintf(file, sizeof(file), "%s/etc/motd", d.tree1);
	snprintf(dup1, sizeof(dup1), "a=%s", file);
	snprintf(dup2, sizeof(dup2), "a/=%s", file);
	snprintf(missing, sizeof(missing), "m=%s/nope", d.tree1);
	HT_EQ(run_mkcpio((const char *[]){ NULL }, true), 2);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, "no-equals", NULL },
	    true), 2);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, missing, NULL }, true), 1);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, dup1, dup2, NULL }, true),
	    2);
	snprintf(dup2, sizeof(dup2), "../a=%s", file);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, dup2, NULL }, true), 2);
	snprintf(dup2, sizeof(dup2), "a/b=%s", file);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, dup1, dup2, NULL }, true),
	    2);
	snprintf(dup2, sizeof(dup2), "/=%s", file);
	HT_EQ(run_mkcpio((const char *[]){ d.out1, dup2, NULL }, true), 2);
	HT_ASSERT(access(d.out1, F_OK) != 0);	/* nothing half-written */
	HT_EQ(run_mkcpio((const char *[]){ d.out1, NULL }, true), 0);
	HT_ASSERT(access(d.out1, F_OK) == 0);	/* just a trailer */
	mk_cleanup(&d);
}
