/*
 * initramfs.c: a read-only file system over a cpio "newc" archive in
 * memory (see initramfs.h, and docs/files.md for the whole story).
 *
 * The format.  An archive is a list of members, each a header of 110 ASCII
 * bytes, the member's name, then its data; the list ends with a member
 * named "TRAILER!!!".  Offsets count from the archive's first byte:
 *
 *	off		+--------+------+------+----- ... ------+-------+
 *			| magic  | ino  | mode | ... 13 fields   | check |
 *			| 070701 | 8 hex digits each, no 0x, no NUL         |
 *	off + 110	+--------+------+------+----- ... ------+-------+
 *			| name, NUL (namesize bytes, the NUL counted) |
 *			| zero padding up to a multiple of 4           |
 *	data_off	+----------------------------------------------+
 *			| data (filesize bytes)                        |
 *			| zero padding up to a multiple of 4           |
 *	next		+----------------------------------------------+
 *
 * The fields, in order: ino, mode, uid, gid, nlink, mtime, filesize,
 * devmajor, devminor, rdevmajor, rdevminor, namesize, check.  Magic
 * "070702" means check holds the sum of the data's bytes (mod 2^32).  A
 * symlink's data is its target, without a NUL.
 *
 * Trust.  The archive comes from outside (the boot loader, whoever built
 * it), so initramfs_init() checks all of it once: every header inside the
 * archive and in hex, every name NUL-terminated where namesize says and
 * in canonical form, every file's data inside the archive, and a trailer
 * at the end.  cpio_parse() is the only reader of a header and checks
 * bounds itself, so even the later scans cannot read outside the archive
 * if it changed under them (a KASSERT says so).
 *
 * Names.  cpio writes names relative to the root, often as "./bin/sh" or
 * ".", sometimes as "/bin/sh".  Leading "/" and "./" are stripped and "."
 * is the root itself ("" once stripped); what remains must be canonical:
 * components of 1 to 255 bytes, separated by single slashes, none "." or
 * "..".  Then a path walk can compare names byte for byte.
 *
 * No index.  A path walk holds its position as a prefix of some member's
 * name (struct walk): "/bin" is the first 3 bytes of "bin/sh".  Going
 * down one component is one scan over the members, going up ("..") is
 * cutting the prefix at its last slash and one scan to find the member
 * that now names it.  So:
 *	lookup		O(k * n * L)	k components, n members, L name bytes
 *	readdir		O(n^2 * L)	each member's child is checked against
 *					the members before it, to list it once
 *	read		O(len)
 * For a few dozen files that is microseconds.  A sorted index (kmalloc'ed
 * at init) would make lookup O(k log n) if archives ever grow.
 *
 * Duplicates.  The first member of a name wins; a member "bin" that is a
 * file beats the implicit directory that "bin/sh" would make ("/bin/sh"
 * is then -ENOTDIR).  Hard links (members sharing an ino) are not joined:
 * each name stands alone, as cpio wrote it.
 *
 * cpio_*() reads the raw format, member_*() and walk_*() do the file
 * system, initramfs_*() is the public face.
 */
#include "kernel/errno.h"
#include "kernel/initramfs.h"
#include "kernel/systm.h"

#define CPIO_HDR_SIZE		110
#define CPIO_MAGIC_LEN		6
#define CPIO_FIELD_LEN		8
#define CPIO_TRAILER		"TRAILER!!!"

/* The header's fields, in the order they are stored after the magic. */
enum cpio_field {
	CPIO_INO, CPIO_MODE, CPIO_UID, CPIO_GID, CPIO_NLINK, CPIO_MTIME,
	CPIO_FILESIZE, CPIO_DEVMAJOR, CPIO_DEVMINOR, CPIO_RDEVMAJOR,
	CPIO_RDEVMINOR, CPIO_NAMESIZE, CPIO_CHECK, CPIO_NFIELDS
};
CTASSERT(CPIO_MAGIC_LEN + CPIO_NFIELDS * CPIO_FIELD_LEN == CPIO_HDR_SIZE);

static const char *const cpio_field_names[CPIO_NFIELDS] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

/* One member, as cpio_parse() found it. */
struct cpio_member {
	size_t		off;		/* of its header */
	uint32_t	field[CPIO_NFIELDS];
	bool		checksummed;	/* magic 070702 */
	const char	*rawname;	/* as stored, NUL-terminated */
	const char	*name;		/* canonical: inside rawname */
	size_t		namelen;	/* of name; 0: the root */
	const uint8_t	*data;		/* NULL if filesize is 0 */
	size_t		next;		/* offset of the next header */
};

/* What is wrong with an archive, and where. */
struct cpio_error {
	const char	*what;
	const char	*field;		/* the header field, or "" */
	size_t		at;		/* offset in the archive */
	const char	*name;		/* the member's, once it is known */
};

/* Where a path walk stands (see the comment at the top). */
struct walk {
	const char	*path;		/* a member's canonical name */
	size_t		len;		/* bytes of it that name us; 0: root */
	bool		explicit;	/* a member of exactly that name */
	struct cpio_member m;		/* it, or (implicit) the first below */
};

struct initramfs initramfs_boot;

/* ---- the raw format ------------------------------------------------- */

static int
cpio_fail(struct cpio_error *err, const char *what, const char *field,
    size_t at)
{
	err->what = what;
	err->field = field;
	err->at = at;
	err->name = NULL;
	return -EINVAL;
}

/* Eight hex digits at p, either case; false if any is not one. */
static bool
cpio_hex8(const uint8_t *p, uint32_t *val)
{
	uint32_t v = 0;
	int digit;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digit = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			digit = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			digit = p[i] - 'A' + 10;
		else
			return false;
		v = v << 4 | digit;
	}
	*val = v;
	return true;
}

/* Strip the leading "/" and "./" of a stored name; "." is the root. */
static void
cpio_canonical(struct cpio_member *m)
{
	const char *s = m->rawname;
	size_t len = m->field[CPIO_NAMESIZE] - 1;

	for (;;) {
		if (len >= 1 && s[0] == '/') {
			s++;
			len--;
		} else if (len >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2;
			len -= 2;
		} else
			break;
	}
	if (len == 1 && s[0] == '.')
		len = 0;
	m->name = s;
	m->namelen = len;
}

/* The magic and the 13 hex fields of the header at off (inside). */
static int
cpio_parse_header(const uint8_t *h, size_t off, struct cpio_member *m,
    struct cpio_error *err)
{
	const uint8_t *field;

	if (memcmp(h, "070701", CPIO_MAGIC_LEN) != 0 &&
	    memcmp(h, "070702", CPIO_MAGIC_LEN) != 0)
		return cpio_fail(err, "bad magic (not 070701 or 070702)", "",
		    off);
	m->checksummed = h[CPIO_MAGIC_LEN - 1] == '2';
	for (int i = 0; i < CPIO_NFIELDS; i++) {
		field = h + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN;
		if (!cpio_hex8(field, &m->field[i]))
			return cpio_fail(err, "not 8 hex digits: ",
			    cpio_field_names[i], off + (field - h));
	}
	return 0;
}

/*
 * cpio_parse: the member whose header is at off in [base, base + size):
 * header, name and data all inside, the name NUL-terminated where
 * namesize says.  0 and *m, or -EINVAL and *err.  Reads nothing outside
 * the archive, whatever off and the bytes are.
 */
static int
cpio_parse(const uint8_t *base, size_t size, size_t off,
    struct cpio_member *m, struct cpio_error *err)
{
	size_t name_off, data_off;
	uint32_t namesize, filesize;
	int error;

	if (off >= size)
		return cpio_fail(err, "the archive ends without a " CPIO_TRAILER
		    " member", "", off);
	if (size - off < CPIO_HDR_SIZE)
		return cpio_fail(err, "truncated header", "", off);
	if ((error = cpio_parse_header(base + off, off, m, err)) != 0)
		return error;
	m->off = off;
	namesize = m->field[CPIO_NAMESIZE];
	filesize = m->field[CPIO_FILESIZE];
	name_off = off + CPIO_HDR_SIZE;
	if (namesize == 0 || size - name_off < namesize)
		return cpio_fail(err, "namesize is 0 or runs past the end", "",
		    name_off);
	m->rawname = (const char *)base + name_off;
	if (strnlen(m->rawname, namesize) != namesize - 1)
		return cpio_fail(err, "the name has no NUL where namesize "
		    "says", "", name_off);
	data_off = roundup2(name_off + namesize, 4);
	if (filesize > 0 && (data_off > size || size - data_off < filesize))
		return cpio_fail(err, "filesize runs past the end", "",
		    data_off);
	m->data = filesize > 0 ? base + data_off : NULL;
	m->next = roundup2(data_off + filesize, 4);
	cpio_canonical(m);
	return 0;
}

static bool
cpio_is_trailer(const struct cpio_member *m)
{
	return m->field[CPIO_NAMESIZE] == sizeof(CPIO_TRAILER) &&
	    memcmp(m->rawname, CPIO_TRAILER, sizeof(CPIO_TRAILER)) == 0;
}

/* ---- checking a member once, at init -------------------------------- */

/* The bytes of [s, s + len) before the first '/'. */
static size_t
component_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != '/')
		n++;
	return n;
}

static bool
is_dot_or_dotdot(const char *s, size_t len)
{
	return (len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.');
}

/* A canonical name (see the top): NULL, or what is wrong with it. */
static const char *
cpio_check_name(const struct cpio_member *m)
{
	const char *s = m->name, *end = m->name + m->namelen;
	size_t clen;

	if (m->field[CPIO_NAMESIZE] > INITRAMFS_PATH_MAX)
		return "name longer than 4095 bytes";
	if (m->namelen == 0)
		return NULL;		/* the root */
	for (;;) {
		clen = component_len(s, end - s);
		if (clen == 0)
			return "empty component in the name (\"//\" or a "
			    "trailing \"/\")";
		if (clen > INITRAMFS_NAME_MAX)
			return "a component of the name is over 255 bytes";
		if (is_dot_or_dotdot(s, clen))
			return "\".\" or \"..\" inside the name";
		s += clen;
		if (s == end)
			return NULL;
		s++;			/* the slash */
	}
}

/* The file type and what it allows as data: NULL, or what is wrong. */
static const char *
cpio_check_type(const struct cpio_member *m)
{
	uint32_t mode = m->field[CPIO_MODE];
	uint32_t filesize = m->field[CPIO_FILESIZE];

	if (mode > 0177777)
		return "mode has bits above the file type";
	if (m->namelen == 0 && (mode & S_IFMT) != S_IFDIR)
		return "the root (\".\") is not a directory";
	switch (mode & S_IFMT) {
	case S_IFREG:
		return NULL;
	case S_IFDIR:
		return filesize == 0 ? NULL : "a directory with data";
	case S_IFLNK:
		if (filesize == 0 ||
		    strnlen((const char *)m->data, filesize) != filesize)
			return "a symlink target empty or with a NUL";
		return NULL;
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return filesize == 0 ? NULL : "a device, fifo or socket with "
		    "data";
	default:
		return "unknown file type in mode";
	}
}

/* Magic 070702: check is the sum of the data's bytes. */
static bool
cpio_checksum_ok(const struct cpio_member *m)
{
	uint32_t sum = 0;

	if (!m->checksummed)
		return true;
	for (uint32_t i = 0; i < m->field[CPIO_FILESIZE]; i++)
		sum += m->data[i];
	return sum == m->field[CPIO_CHECK];
}

static int
cpio_check_member(const struct cpio_member *m, struct cpio_error *err)
{
	const char *what = NULL;

	if ((what = cpio_check_name(m)) == NULL &&
	    (what = cpio_check_type(m)) == NULL && !cpio_checksum_ok(m))
		what = "070702 checksum does not match the data";
	if (what == NULL)
		return 0;
	cpio_fail(err, what, "", m->off);
	err->name = m->rawname;
	return -EINVAL;
}

int
initramfs_init(struct initramfs *fs, const void *archive, size_t size)
{
	struct cpio_error err;
	struct cpio_member m;
	size_t off = 0, n = 0;
	int error = 0;

	*fs = (struct initramfs){ .base = NULL };
	if (archive == NULL)
		error = cpio_fail(&err, "no archive", "", 0);
	while (error == 0) {
		if ((error = cpio_parse(archive, size, off, &m, &err)) != 0 ||
		    cpio_is_trailer(&m) ||
		    (error = cpio_check_member(&m, &err)) != 0)
			break;
		n++;
		off = m.next;
	}
	if (error != 0) {
		printf("initramfs: corrupt archive, member %zu%s%s%s, offset "
		    "0x%zx: %s%s\n", n, err.name != NULL ? " \"" : "",
		    err.name != NULL ? err.name : "",
		    err.name != NULL ? "\"" : "", err.at, err.what, err.field);
		return error;
	}
	fs->base = archive;
	fs->size = MIN(m.next, size);
	fs->nmembers = n;
	return 0;
}

/* ---- members and walks ---------------------------------------------- */

/* A scan over the members of a checked archive, in archive order. */
struct member_iter {
	size_t		off;
	size_t		index;
};

static bool
member_next(const struct initramfs *fs, struct member_iter *it,
    struct cpio_member *m)
{
	struct cpio_error err;

	if (it->index >= fs->nmembers)
		return false;
	if (cpio_parse(fs->base, fs->size, it->off, m, &err) != 0) {
		KASSERT(false, ("initramfs: the archive changed after "
		    "initramfs_init (offset 0x%zx: %s)", err.at, err.what));
		return false;
	}
	it->off = m->next;
	it->index++;
	return true;
}

/*
 * member_child: if m lies below the directory named by the first dirlen
 * bytes of dir (0: the root), the first component of the rest of its name
 * in *child and its length; the length of the whole rest in *restlen.
 */
static bool
member_child(const struct cpio_member *m, const char *dir, size_t dirlen,
    const char **child, size_t *clen, size_t *restlen)
{
	size_t skip = dirlen == 0 ? 0 : dirlen + 1;

	if (m->namelen <= skip)
		return false;
	if (dirlen > 0 && (m->name[dirlen] != '/' ||
	    memcmp(m->name, dir, dirlen) != 0))
		return false;
	*child = m->name + skip;
	*restlen = m->namelen - skip;
	*clen = component_len(*child, *restlen);
	return true;
}

static bool
walk_isdir(const struct walk *w)
{
	return !w->explicit || (w->m.field[CPIO_MODE] & S_IFMT) == S_IFDIR;
}

/* The root: a member "." if there is one, else implicit. */
static void
walk_root(const struct initramfs *fs, struct walk *w)
{
	struct member_iter it = { 0, 0 };

	w->path = "";
	w->len = 0;
	w->explicit = false;
	while (member_next(fs, &it, &w->m))
		if (w->m.namelen == 0) {
			w->explicit = true;
			return;
		}
}

/*
 * walk_child: move w from the directory dir (its first dirlen bytes) to
 * its entry comp (clen bytes).  The first member named exactly so wins;
 * else the first member below it makes it an implicit directory.  0, or
 * -ENOENT (w unchanged).
 */
static int
walk_child(const struct initramfs *fs, const char *dir, size_t dirlen,
    const char *comp, size_t clen, struct walk *w)
{
	struct member_iter it = { 0, 0 };
	struct cpio_member m, below;
	const char *child;
	size_t len, restlen;
	bool found_below = false;

	while (member_next(fs, &it, &m)) {
		if (!member_child(&m, dir, dirlen, &child, &len, &restlen) ||
		    len != clen || memcmp(child, comp, clen) != 0)
			continue;
		if (restlen == clen) {
			w->m = m;
			w->explicit = true;
			w->path = m.name;
			w->len = m.namelen;
			return 0;
		}
		if (!found_below)
			below = m;
		found_below = true;
	}
	if (!found_below)
		return -ENOENT;
	w->m = below;
	w->explicit = false;
	w->path = below.name;
	w->len = (dirlen == 0 ? 0 : dirlen + 1) + clen;
	return 0;
}

/* The position of the last '/' in the first len bytes of s, or 0. */
static size_t
last_slash(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] != '/')
		len--;
	return len == 0 ? 0 : len - 1;
}

/* "..": move w to its parent directory (the root stays the root). */
static void
walk_parent(const struct initramfs *fs, struct walk *w)
{
	const char *path = w->path;
	size_t len = last_slash(path, w->len), up;
	int error __unused;

	if (len == 0) {
		walk_root(fs, w);
		return;
	}
	up = last_slash(path, len);
	error = walk_child(fs, path, up, path + (up == 0 ? 0 : up + 1),
	    len - (up == 0 ? 0 : up + 1), w);
	KASSERT(error == 0, ("walk_parent: no directory above %.*s",
	    (int)w->len, w->path));
}

/*
 * walk_path: walk w to the absolute path.  0, -ENOENT, -ENOTDIR (a
 * non-directory before a component or a trailing slash), -EINVAL (not
 * absolute).
 */
static int
walk_path(const struct initramfs *fs, const char *path, struct walk *w)
{
	const char *comp;
	size_t clen;
	int error;

	if (path[0] != '/')
		return path[0] == '\0' ? -ENOENT : -EINVAL;
	walk_root(fs, w);
	for (;;) {
		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		comp = path;
		clen = component_len(comp, strlen(comp));
		path += clen;
		if (!walk_isdir(w))
			return -ENOTDIR;
		if (clen == 1 && comp[0] == '.')
			continue;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			walk_parent(fs, w);
			continue;
		}
		if ((error = walk_child(fs, w->path, w->len, comp, clen,
		    w)) != 0)
			return error;
	}
	if (path[-1] == '/' && !walk_isdir(w))
		return -ENOTDIR;
	return 0;
}

/* Fill in the node for where w stands. */
static void
walk_node(const struct walk *w, struct initramfs_node *out)
{
	size_t start = w->len == 0 ? 0 : last_slash(w->path, w->len);

	if (w->len == 0)
		strlcpy(out->name, "/", sizeof(out->name));
	else {
		if (w->path[start] == '/')
			start++;
		KASSERT(w->len - start <= INITRAMFS_NAME_MAX,
		    ("walk_node: a component the archive check let through"));
		memcpy(out->name, w->path + start, w->len - start);
		out->name[w->len - start] = '\0';
	}
	if (w->explicit) {
		out->mode = w->m.field[CPIO_MODE];
		out->size = w->m.field[CPIO_FILESIZE];
		out->data = w->m.data;
		out->ino = w->m.field[CPIO_INO];
		return;
	}
	/* Unique: the first member below it, and how much of its name. */
	out->mode = S_IFDIR | 0755;
	out->size = 0;
	out->data = NULL;
	out->ino = INITRAMFS_INO_IMPLICIT |
	    (w->len == 0 ? 0 : (uint64_t)w->m.off << 16 | w->len);
}

/* ---- the public face ------------------------------------------------ */

int
initramfs_lookup(const struct initramfs *fs, const char *path,
    struct initramfs_node *out)
{
	struct walk w;
	int error;

	if ((error = walk_path(fs, path, &w)) != 0)
		return error;
	walk_node(&w, out);
	return 0;
}

/*
 * Was the entry child (clen bytes) of directory d already given by a
 * member before the one at offset stop?
 */
static bool
readdir_seen(const struct initramfs *fs, const struct walk *d,
    const char *child, size_t clen, size_t stop)
{
	struct member_iter it = { 0, 0 };
	struct cpio_member m;
	const char *other;
	size_t len, restlen;

	while (member_next(fs, &it, &m) && m.off < stop)
		if (member_child(&m, d->path, d->len, &other, &len,
		    &restlen) && len == clen && memcmp(other, child, clen) == 0)
			return true;
	return false;
}

int
initramfs_readdir(const struct initramfs *fs, const char *dir, int index,
    struct initramfs_node *out)
{
	struct member_iter it = { 0, 0 };
	struct cpio_member m;
	struct walk d, entry;
	const char *child;
	size_t clen, restlen;
	int error, seen = 0;

	if ((error = walk_path(fs, dir, &d)) != 0)
		return error;
	if (!walk_isdir(&d))
		return -ENOTDIR;
	while (index >= 0 && member_next(fs, &it, &m)) {
		if (!member_child(&m, d.path, d.len, &child, &clen, &restlen) ||
		    readdir_seen(fs, &d, child, clen, m.off) ||
		    seen++ < index)
			continue;
		error = walk_child(fs, d.path, d.len, child, clen, &entry);
		KASSERT(error == 0, ("initramfs_readdir: lost an entry"));
		walk_node(&entry, out);
		return 0;
	}
	return -ENOENT;
}

ssize_t
initramfs_read(const struct initramfs_node *node, void *buf, size_t len,
    uint64_t off)
{
	size_t n;

	if ((node->mode & S_IFMT) == S_IFDIR)
		return -EISDIR;
	if (off >= node->size)
		return 0;
	n = MIN(len, node->size - off);
	memcpy(buf, (const uint8_t *)node->data + off, n);
	return (ssize_t)n;
}
